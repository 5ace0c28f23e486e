"""The ``--report`` file: one JSON object per line and file, enough to audit a run and to
put back everything it removed.

Offsets are in characters of the decoded text, without a byte-order mark; for a JSON
Lines file each removal also names its ``record`` (line number) and counts offsets in
that record's field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..engine.apply import Removal, Result, Skipped
from .files import InputError, open_input, reading
from .outcome import Doc, Outcome, as_dict
from .stats import count_rules


def record(outcome: Outcome) -> dict[str, Any]:
    """The report line of one file.

    >>> from cleaner.io.outcome import Doc
    >>> from cleaner.engine.apply import clean
    >>> line = record(Outcome("a.txt", "changed", docs=(Doc.of(clean("CGTN\\nTalks.")),)))
    >>> line["status"], [(r["rule"], r["start"], r["end"], r["text"]) for r in line["removals"]], line["appended"]
    ('changed', [('SRC001', 0, 5, 'CGTN\\n')], '\\n')
    """
    removals, skipped = [], []
    for doc in outcome.docs:
        where = {} if doc.record is None else {"record": doc.record}
        removals += [where | as_dict(r) for r in doc.removals]
        skipped += [where | as_dict(s) for s in doc.skipped]
    return {
        "path": outcome.path,
        "status": outcome.status,
        "error": outcome.error,
        "output": outcome.output,
        "encoding": outcome.encoding,
        "bom": outcome.bom,
        "bytes_in": outcome.bytes_in,
        "bytes_out": outcome.bytes_out,
        "appended": "".join(doc.appended for doc in outcome.docs),
        "removals": removals,
        "skipped": skipped,
        "warnings": list(outcome.warnings),
    }


def line(outcome: Outcome) -> str:
    """The report line of one file as JSON text, without its newline.

    :func:`cleaner.io.batch.clean_file` renders it with ``Options(report=True)``, in the
    worker process that cleaned the file, so the process writing the report only writes.

    >>> line(Outcome("a.txt", "failed", error="a.txt: no such file or folder"))[:65]
    '{"path": "a.txt", "status": "failed", "error": "a.txt: no such fi'
    """
    return json_text(record(outcome))


def json_text(value: Any, **options: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, **options)``, with every lone surrogate
    escaped (``\\udce9``): a file name that is not valid UTF-8 comes to Python with its
    bytes as lone surrogates, which UTF-8 cannot write; escaped, the text is UTF-8 and
    ``json.loads`` gives the same name back. A surrogate is only ever inside a string.

    >>> json_text({"path": "caf\\udce9.txt"})
    '{"path": "caf\\\\udce9.txt"}'
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def restore(line: dict[str, Any], text: str) -> str:
    """Rebuild a text file's input from its clean ``text`` and its report ``line``.

    >>> line = {"removals": [{"rule": "SRC001", "start": 0, "end": 5, "text": "CGTN\\n", "line": 1,
    ...          "reason": "source-line"}], "appended": "\\n"}
    >>> restore(line, "Talks.\\n")
    'CGTN\\nTalks.'
    """
    return Result(text, _removals(line["removals"]), line["appended"]).restore()


def _removals(items: list[dict[str, Any]]) -> tuple[Removal, ...]:
    return tuple(Removal(**{k: v for k, v in r.items() if k != "record"}) for r in items)


def outcome(line: dict[str, Any]) -> Outcome:
    """The :class:`Outcome` a report line was made from: status, messages, byte counts and
    the removals by document (a JSON Lines record's ``appended`` is not kept apart).

    >>> from cleaner.engine.apply import clean
    >>> back = outcome(record(Outcome("a.txt", "changed", docs=(Doc.of(clean("CGTN\\nTalks.")),))))
    >>> back.docs[0].removals[0].rule, back.counts["SRC001"].removals, back.docs[0].appended
    ('SRC001', 1, '\\n')
    """
    removals: dict[int | None, list[dict[str, Any]]] = {}
    skipped: dict[int | None, list[Skipped]] = {}
    for r in line["removals"]:
        removals.setdefault(r.get("record"), []).append(r)
    for s in line["skipped"]:
        skipped.setdefault(s.get("record"), []).append(Skipped(s["rule"], s["message"]))
    docs = tuple(
        Doc(
            _removals(removals.get(number, [])),
            line["appended"] if number is None else "",
            tuple(skipped.get(number, [])),
            number,
        )
        for number in dict.fromkeys([*removals, *skipped]) or [None]
    )
    return Outcome(
        line["path"],
        line["status"],
        error=line["error"],
        output=line["output"],
        docs=docs,
        counts=count_rules(docs),
        warnings=tuple(line["warnings"]),
        bytes_in=line["bytes_in"],
        bytes_out=line["bytes_out"],
        encoding=line["encoding"],
        bom=line["bom"],
    )


def read(path: str | Path) -> Iterator[dict[str, Any]]:
    """The lines of a ``--report`` file (plain, or compressed as ``.gz``), one per file.

    Raises :class:`~cleaner.io.files.InputError`, naming the file and line, when it cannot
    be read or a line is not a report line.
    """
    keys = record(Outcome("", ""))  # every key a report line has
    with open_input(path) as stream, reading(path):
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except ValueError as exc:  # bad JSON or bad UTF-8
                raise InputError(f"{path}:{number}", f"not JSON ({exc}); {_EXPECTED}") from None
            missing = [key for key in keys if not isinstance(line, dict) or key not in line]
            if missing:
                raise InputError(f"{path}:{number}", f"no {', '.join(map(repr, missing))}; {_EXPECTED}")
            yield line


_EXPECTED = "pass a file written by cleaner clean --report"
