"""The engine: applies rules to a document and records every removal.

Output contract: kept lines are unchanged except that trailing whitespace is stripped;
whitespace-only lines count as blank; runs of blank lines collapse to one; no leading
or trailing blank lines; exactly one final line terminator (none for empty output).
Every character that goes is recorded as a :class:`Removal`, so the input can be
rebuilt from the result (:meth:`Result.restore`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from ..pack.rules import Rule, RuleSet, default_rules
from .lines import _INVISIBLE, Line, chunks, line_text, split_lines
from .triggers import Triggers

LAYOUT = "layout"
"""Rule id of the removals made by the output contract (whitespace, blank lines)."""
MAX_PASSES = 20
"""Rules run again on what is left until nothing more goes, at most this many times."""
DEFAULT_TIMEOUT = 1.0
"""Seconds one pattern may spend on one line before its rule is skipped."""


@dataclass(frozen=True, slots=True)
class Removal:
    """A span of the input that is not in the output, and why."""

    rule: str
    start: int
    end: int
    text: str
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A rule that could not run on this document (its pattern timed out)."""

    rule: str
    message: str


@dataclass(frozen=True, slots=True)
class Result:
    """The clean text and everything that was taken out of it.

    >>> r = clean("Read more:\\nA headline\\n\\nArticle text stays.")
    >>> r.text
    'Article text stays.\\n'
    >>> [(x.rule, x.line, x.reason) for x in r.removals]
    [('REL001', 1, 'related-headlines'), ('layout', 3, 'blank line')]
    >>> r.restore()
    'Read more:\\nA headline\\n\\nArticle text stays.'
    """

    text: str
    removals: tuple[Removal, ...]
    appended: str = ""
    skipped: tuple[Skipped, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether the output differs from the input."""
        return bool(self.removals or self.appended)

    def rule_removals(self) -> tuple[Removal, ...]:
        """Removals made by rules, without the layout ones."""
        return tuple(r for r in self.removals if r.rule != LAYOUT)

    def restore(self) -> str:
        """Rebuild the input: put every removed span back where it was."""
        out = self.text[: len(self.text) - len(self.appended)]
        pieces, pos_out, pos_in = [], 0, 0
        for r in sorted(self.removals, key=lambda r: r.start):
            kept = r.start - pos_in
            pieces += [out[pos_out : pos_out + kept], r.text]
            pos_out, pos_in = pos_out + kept, r.end
        pieces.append(out[pos_out:])
        return "".join(pieces)


def _find_junk_plain(
    lines: list[Line], rules: RuleSet, timeout: float
) -> tuple[dict[int, Rule], list[Skipped]]:
    """Map line index -> rule that removes it, each rule testing each line (the reference)."""
    return _fixed_point(lines, list(enumerate(rules)), {}, timeout)


def _find_junk(
    text: str, lines: list[Line], rules: RuleSet, timeout: float
) -> tuple[dict[int, Rule], list[Skipped]]:
    """Same result as :func:`_find_junk_plain`: the plain way for a rule set's first
    documents, then with its triggers compiled (:func:`_find_junk_fast`)."""
    triggers = Triggers.of(rules, len(lines))
    if triggers is None or not triggers.covered:
        return _find_junk_plain(lines, rules, timeout)
    return _find_junk_fast(text, lines, rules, triggers, timeout)


def _find_junk_fast(
    text: str,
    lines: list[Line],
    rules: RuleSet,
    triggers: Triggers,
    timeout: float,
    screen: dict[int, list[int]] | None = None,
) -> tuple[dict[int, Rule], list[Skipped]]:
    """Same result as :func:`_find_junk_plain`, with the rules' triggers tested all at once.

    The native prefilter scans ``text`` once for the lines some trigger may match, and
    the combined trigger patterns of the rules it cannot screen run once per line; a
    rule whose trigger matches no line is not run at all, and the others look only at
    the lines it matched; a rule that judges a line by itself alone, anywhere in the
    document (:attr:`~cleaner.pack.rules.Rule.settles_at_once`), runs in the first pass
    only. If a pattern times out, the document is done rule by rule, to name the slow
    rule. ``screen`` is :meth:`Triggers.screen` of ``text``, if known.
    """
    try:
        screen = triggers.screen(text) if screen is None else screen
        hits, tested = triggers.hits(lines, screen, timeout), set()
        order = sorted([*triggers.uncovered, *hits])
        candidates = [(i, rules[i]) for i in order]

        def refresh(view: list[Line]) -> None:
            triggers.add_edge_hits(view, tested, hits, screen, timeout)

        # what a rule that settles at once removes in the first pass is all it removes
        later = [(i, rule) for i, rule in candidates if not rule.settles_at_once]
        return _fixed_point(lines, candidates, hits, timeout, refresh, later)
    except TimeoutError:
        return _find_junk_plain(lines, rules, timeout)


def _fixed_point(
    lines: list[Line],
    candidates: list[tuple[int, Rule]],
    hits: dict[int, list[int]],
    timeout: float,
    refresh: Callable[[list[Line]], None] | None = None,
    later: list[tuple[int, Rule]] | None = None,
) -> tuple[dict[int, Rule], list[Skipped]]:
    """Run the ``candidates`` (index in the rule set, rule) until nothing more goes.

    ``hits`` maps the index of a rule whose trigger was tested already to the line
    indices it matched; such a rule runs only there, and a timeout in it raises, for
    the caller to start again rule by rule. ``refresh(view)``, at the start of each
    pass, adds the hits of the lines that came into head or tail scope. ``later`` are
    the candidates of the passes after the first (None: the same).
    """
    removed: dict[int, Rule] = {}
    skipped: dict[str, Skipped] = {}
    for passes in range(MAX_PASSES):
        if passes == 1 and later is not None:
            if not later:
                break
            candidates = later
        view = [line for line in lines if line.text and line.index not in removed]
        if refresh is not None:
            refresh(view)
        position: dict[int, int] = {}  # line index -> view index, made when first needed
        found: dict[int, Rule] = {}
        for i, rule in candidates:
            rule_hits = hits.get(i)
            if rule.id in skipped or rule_hits == []:
                continue
            anchors = rule.anchors(len(view))
            if rule_hits is not None:
                position = position or {line.index: k for k, line in enumerate(view)}
                starts = sorted(k for k in map(position.get, rule_hits) if k is not None and k in anchors)
                runs = list(rule.kind.find_at(view, starts, timeout)) if starts else []
            else:
                try:
                    runs = list(rule.kind.find(view, anchors, timeout))
                except TimeoutError:
                    skipped[rule.id] = Skipped(rule.id, f"pattern timed out after {timeout:g}s; rule skipped")
                    continue
            for first, last in runs:
                for line in view[first : last + 1]:
                    found.setdefault(line.index, rule)
        if not found:
            break
        removed.update(found)
    return removed, list(skipped.values())


def _layout_lines(text: str) -> dict[int, tuple[int, str]]:
    """Line index -> (start, the line without its ``\\n``), for the lines that may be blank or
    lose trailing whitespace: those whose content (without the terminator, ``\\r\\n`` or
    ``\\n``) is empty or ends with whitespace or an invisible character. The text is split
    a chunk at a time (:func:`~cleaner.engine.lines.chunks`), so a long one is not split
    whole (a regex scan for such line ends is several times slower than the split).

    >>> _layout_lines("\\na \\nb\\r\\n\\r\\n c\\u200b")
    {0: (0, ''), 1: (1, 'a '), 3: (7, '\\r'), 4: (9, ' c\\u200b')}
    """
    found: dict[int, tuple[int, str]] = {}
    index = 0
    for pos, chunk in chunks(text):
        pieces = chunk.split("\n")
        rest = pieces.pop()  # after the chunk's last "\n": the text's last line, if it has none
        for piece in pieces:
            last = piece[-2:-1] if piece[-1:] == "\r" else piece[-1:]  # of the content
            if not last or last.isspace() or last in _INVISIBLE:
                found[index] = (pos, piece)
            pos += len(piece) + 1
            index += 1
        if rest and (rest[-1].isspace() or rest[-1] in _INVISIBLE):  # a lone "\r" is content here
            found[index] = (pos, rest)
    return found


def _removals(text: str, lines: Mapping[int, Line] | list[Line], removed: dict[int, Rule]) -> list[Removal]:
    """Record what goes: rule runs (with the dropped blank lines inside them), then layout.

    Works on offsets: only the ``removed`` lines (``lines`` holds them by index: all the
    lines or only those) and those :func:`_layout_lines` finds are looked at; every
    other line is kept as it is.

    >>> [(r.line, r.reason) for r in _removals("\\n a \\n \\n\\n b\\n", [], {})]
    [(1, 'blank line'), (2, 'trailing whitespace'), (3, 'whitespace on a blank line'), (4, 'blank line')]
    """
    found = _layout_lines(text)
    count = text.count("\n") + (bool(text) and not text.endswith("\n"))
    blank = {index for index, (_, piece) in found.items() if not piece or not line_text(piece)}
    gone = blank | removed.keys()  # the lines that are not kept
    events = sorted(found.keys() | removed.keys()) if removed else list(found)
    first = next((i for i in range(count) if i not in gone), count)
    last = next((i for i in range(count - 1, first, -1) if i not in gone), first)
    dropped, can_keep, previous = set(blank), True, first  # blank lines that go
    for index in events:  # the first blank line of each run between two kept lines stays
        if first < index < last:
            if index > previous + 1 or index not in gone:
                can_keep = True  # a kept line: one between the events, or this one
            if can_keep and index in blank:
                dropped.discard(index)
                can_keep = False
        previous = index
    out: list[Removal] = []
    k = 0
    while k < len(events):
        index = events[k]
        if index in removed:  # one rule's run, through dropped blank lines to its last line
            rule, end, j = removed[index], k, k + 1
            while j < len(events) and events[j] == index + j - k:
                if events[j] not in dropped:
                    if removed.get(events[j]) is not rule:
                        break
                    end = j
                j += 1
            start, stop, rule_id, reason = lines[index].start, lines[events[end]].end, rule.id, rule.note or rule.name
            k = end + 1
        else:
            start, piece = found[index]
            has_end = start + len(piece) < len(text)
            stop = start + len(piece) - (has_end and piece[-1:] == "\r")  # a last line's lone "\r" is content
            rule_id, k = LAYOUT, k + 1
            if index in dropped:
                stop, reason = start + len(piece) + has_end, "blank line"
            elif index in blank:
                reason = "whitespace on a blank line"
            else:  # the content without its trailing whitespace ("\r" is whitespace too)
                start, reason = start + len(piece.rstrip()), "trailing whitespace"
        if start < stop:
            out.append(Removal(rule_id, start, stop, text[start:stop], index + 1, reason))
    return out


class Learned(Protocol):
    """Lines learned from a corpus to remove as well (see :mod:`cleaner.pack.repeats`)."""

    def removals(self, lines: list[Line], removed: dict[int, Rule], site: str | None) -> dict[int, Rule]:
        """Line index -> learned rule, for the lines of a document of ``site`` to remove,
        given what the rules alone remove (``removed``)."""
        ...

    def allows(self, lines: list[Line], removed: dict[int, Rule]) -> bool:
        """Whether a document may lose these lines (its over-removal guard)."""
        ...


def clean(
    text: str,
    *,
    rules: RuleSet | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    site: str | None = None,
    learned: Learned | None = None,
) -> Result:
    """Remove junk from article ``text``; the default rule pack unless ``rules`` is given.

    ``site`` is the document's site (a host name such as ``example.com``): the rules
    scoped to sites run only on their sites' documents, and on none without a site.
    ``learned`` removes the lines it learned, and the rules then run on the rest.

    >>> clean("Moon calls for talks.\\nCGTN\\n").text
    'Moon calls for talks.\\n'
    >>> clean(b"CGTN")
    Traceback (most recent call last):
    ...
    TypeError: clean() takes str, not bytes: decode them first, as in clean(data.decode("utf-8"))
    """
    if not isinstance(text, str):
        hint = ""
        if isinstance(text, bytes | bytearray):
            hint = ': decode them first, as in clean(data.decode("utf-8"))'
        raise TypeError(f"clean() takes str, not {type(text).__name__}{hint}")
    chosen = (default_rules() if rules is None else rules).for_site(site)
    triggers = Triggers.of(chosen, text.count("\n") + 1) if learned is None else None
    fast = triggers is not None and bool(triggers.covered)
    screen = triggers.screen(text) if fast else {}
    if fast and not screen and triggers.screens_all:  # no rule can take a line: no line to split
        return _assemble(text, _removals(text, [], {}), [])
    lines = split_lines(text)
    if learned is not None:
        removed, skipped = _with_learned(text, lines, chosen, timeout, learned, site)
    elif fast:
        removed, skipped = _find_junk_fast(text, lines, chosen, triggers, timeout, screen)
    else:
        removed, skipped = _find_junk_plain(lines, chosen, timeout)
    gone = {index: lines[index] for index in removed}
    del lines  # the text again, in pieces: gone before the record and the output are made
    return _assemble(text, _removals(text, gone, removed), skipped)


def _with_learned(
    text: str, lines: list[Line], rules: RuleSet, timeout: float, learned: Learned, site: str | None
) -> tuple[dict[int, Rule], list[Skipped]]:
    """The learned lines of ``site`` (chosen seeing what the rules remove), and what the
    rules then remove from the lines left; the rules' removals alone if together they
    break the learned lines' guard."""
    alone, skipped = _find_junk(text, lines, rules, timeout)
    found = learned.removals(lines, alone, site)
    if found:
        rest = [x._replace(text="") if x.index in found else x for x in lines]  # as if blank
        removed, skipped_rest = _find_junk(text, rest, rules, timeout)
        removed.update(found)
        if learned.allows(lines, removed):
            return removed, skipped_rest
    return alone, skipped


def _assemble(text: str, removals: list[Removal], skipped: list[Skipped]) -> Result:
    """The clean text: ``text`` without the ``removals`` (in order), and a final line end."""
    pieces, pos = [], 0
    for r in removals:
        pieces.append(text[pos : r.start])
        pos = r.end
    pieces.append(text[pos:])
    last = next((piece for piece in reversed(pieces) if piece), "\n")
    appended = "" if last.endswith("\n") else "\r\n" if "\r\n" in text else "\n"
    pieces.append(appended)  # joined with the rest: no second copy of the output
    return Result("".join(pieces), tuple(removals), appended, tuple(skipped))
