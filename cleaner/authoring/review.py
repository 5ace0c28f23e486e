"""The review page: what a run removed, as one self-contained HTML page.

:func:`page` turns the lines of a ``--report`` file (:func:`cleaner.io.report.read`) into
an HTML document: the run's summary and counts per rule at the top, then every file,
failed and suspicious ones first, with its removed lines struck through in place among
the lines around them. The files are embedded as JSON and shown a page at a time by a
small inline script (``review.html`` beside this module), so that a batch of 10,000
files opens quickly; the page fetches nothing.
"""

from __future__ import annotations

import html
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from importlib import resources
from typing import Any

from ..engine.apply import LAYOUT, Removal
from ..engine.lines import split_lines
from ..io.files import Decoded, InputError, read_text
from ..io.outcome import CHANGED, FAILED, SUSPICIOUS, UNCHANGED, Outcome
from ..io.report import json_text, restore
from ..io.report import outcome as outcome_of
from ..io.stats import Stats, ranked

ORDER = (FAILED, SUSPICIOUS, CHANGED, UNCHANGED)
"""Files are listed by status in this order: those that need a look first."""


def page(lines: Iterable[dict[str, Any]], *, context: int | None = 2, title: str = "cleaner review") -> str:
    """The review page of a run, from its report lines, as one HTML document.

    ``context`` kept lines are shown around each removal (``None``: the whole text). A
    text file's text is read from its input when that still holds what was removed
    (after ``--check`` or ``--out``), else rebuilt from its output (after ``--in-place``);
    when neither can be read, and for JSON Lines records, the removals are shown alone,
    at their line numbers. Report paths are read relative to the current folder.

    >>> from cleaner.io.report import record
    >>> page_html = page([record(Outcome("gone.txt", "failed", error="gone.txt: no such file"))])
    >>> page_html.startswith("<!DOCTYPE html>"), '"error":"gone.txt: no such file"' in page_html
    (True, True)
    """
    template = resources.files(__package__).joinpath("review.html").read_text(encoding="utf-8")
    head, marker, tail = template.partition("__DATA__")
    assert marker, "review.html lacks its __DATA__ marker"
    return head.replace("__TITLE__", html.escape(title)) + script_json(_data(lines, context)) + tail


def script_json(data: Any) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&``
    (so no ``</script>`` or ``<!--``), and no line separators, appear as themselves.

    >>> script_json({"text": "</script><!-- & \\u2028"})
    '{"text":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u0026 \\\\u2028"}'
    """
    text = json_text(data, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _data(lines: Iterable[dict[str, Any]], context: int | None) -> dict[str, Any]:
    """What the page's script shows: the run's counts, the rules, and every file."""
    stats, reasons, files = Stats(), {}, []
    for line in lines:
        outcome = outcome_of(line)
        stats += Stats.of(outcome)
        removals = [r for doc in outcome.docs for r in doc.removals if r.rule != LAYOUT]
        reasons.update((r.rule, r.reason) for r in removals)
        files.append(_file(line, outcome, removals, context))
    files.sort(key=lambda f: ORDER.index(f["status"]) if f["status"] in ORDER else len(ORDER))
    return {
        "summary": stats.summary()[0],
        "status": {status: stats.status[status] for status in ORDER},
        "rules": [{"id": rule, "reason": reasons[rule]} | vars(count) for rule, count in ranked(stats.rules)],
        "files": files,
    }


def _file(
    line: dict[str, Any], outcome: Outcome, removals: list[Removal], context: int | None
) -> dict[str, Any]:
    """One file for the page: its status and messages, and its removals as blocks of lines.

    A block is ``[rule, first line number, lines]`` (rule ``None`` for kept lines), plus
    the record's line number for a JSON Lines record.
    """
    entry: dict[str, Any] = {
        "path": outcome.path,
        "status": outcome.status,
        "error": outcome.error,
        "warnings": list(outcome.warnings),
        "rules": {rule: count.removals for rule, count in outcome.counts.items()},
        "blocks": [],
        "alone": None,  # why the removals are shown without their text: "records" or "unreadable"
    }
    if not removals:
        return entry
    records = any(doc.record is not None for doc in outcome.docs)
    text = None if records else _original(line, outcome)
    if text is None:
        entry["alone"] = "records" if records else "unreadable"
        entry["blocks"] = [
            _alone(r, doc.record) for doc in outcome.docs for r in doc.removals if r.rule != LAYOUT
        ]
    else:
        entry["blocks"] = _in_place(text, removals, context)
    return entry


def _original(line: dict[str, Any], outcome: Outcome) -> str | None:
    """The text a text file's removals were made from: its input, if it is as it was,
    else its input rebuilt from its output; ``None`` when neither can be read."""
    removals = outcome.docs[0].removals
    encoding = outcome.encoding or "utf-8"
    try:
        text = read_text(outcome.path, encoding)
        if len(Decoded(text, encoding, outcome.bom).encode(text)) == outcome.bytes_in and _holds(
            text, removals
        ):
            return text
    except InputError:
        pass
    if outcome.output is None:
        return None
    try:
        text = restore(line, read_text(outcome.output, encoding))
    except InputError:
        return None
    return text if _holds(text, removals) else None


def _holds(text: str, removals: Iterable[Removal]) -> bool:
    return all(text[r.start : r.end] == r.text for r in removals)


def _in_place(text: str, removals: list[Removal], context: int | None) -> list[list[Any]]:
    """The text's lines as blocks: each removal's lines, and ``context`` kept lines around them.

    >>> from cleaner.engine.apply import clean
    >>> _in_place("CGTN\\nTalks resumed.\\nMore text.\\n", list(clean("CGTN\\nTalks resumed.\\nMore text.\\n").removals), 1)
    [['SRC001', 1, ['CGTN']], [None, 2, ['Talks resumed.']]]
    """
    lines = split_lines(text)
    starts = [line.start for line in lines]
    rule_of: dict[int, str] = {}
    firsts = set()
    for r in sorted(removals, key=lambda r: r.start):
        first, last = bisect_right(starts, r.start) - 1, bisect_left(starts, r.end) - 1
        rule_of.update(dict.fromkeys(range(first, last + 1), r.rule))
        firsts.add(first)
    if context is None:
        shown = range(len(lines))
    else:
        near = {k for i in rule_of for k in range(i - context, i + context + 1)}
        shown = sorted(k for k in near if 0 <= k < len(lines))
    blocks: list[list[Any]] = []
    previous = None
    for i in shown:
        rule = rule_of.get(i)
        if blocks and previous == i - 1 and blocks[-1][0] == rule and i not in firsts:
            blocks[-1][2].append(lines[i].content)
        else:
            blocks.append([rule, i + 1, [lines[i].content]])
        previous = i
    return blocks


def _alone(removal: Removal, record: int | None) -> list[Any]:
    """One removal's lines as a block, without the text around it."""
    texts = [piece.removesuffix("\r") for piece in removal.text.removesuffix("\n").split("\n")]
    block: list[Any] = [removal.rule, removal.line, texts]
    return block if record is None else [*block, record]
