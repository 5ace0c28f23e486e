"""The engine: applies rules to a document and records every removal.

Output contract: kept lines are unchanged except that trailing whitespace is stripped;
whitespace-only lines count as blank; runs of blank lines collapse to one; no leading
or trailing blank lines; exactly one final line terminator (none for empty output).
Every character that goes is recorded as a :class:`Removal`, so the input can be
rebuilt from the result (:meth:`Result.restore`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import FrozenInstanceError, dataclass
from itertools import chain
from typing import Protocol

from ..pack.rules import Rule, RuleSet, default_rules
from .document import Document, View
from .lines import CHUNK, Line
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


_SET_FIELDS = tuple(getattr(Removal, name).__set__ for name in Removal.__slots__)


def _removal(rule: str, start: int, end: int, text: str, line: int, reason: str) -> Removal:
    """``Removal(rule, start, end, text, line, reason)`` in half the time: the record
    makes one for each span that goes (tens of thousands in a long document), and a
    frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``.

    >>> _removal("layout", 3, 4, "\\n", 2, "blank line") == Removal("layout", 3, 4, "\\n", 2, "blank line")
    True
    """
    removal = object.__new__(Removal)
    set_rule, set_start, set_end, set_text, set_line, set_reason = _SET_FIELDS
    set_rule(removal, rule)
    set_start(removal, start)
    set_end(removal, end)
    set_text(removal, text)
    set_line(removal, line)
    set_reason(removal, reason)
    return removal


@dataclass(frozen=True, slots=True)
class Skipped:
    """A rule that could not run on this document (its pattern timed out)."""

    rule: str
    message: str


class Result:
    """The clean text and everything that was taken out of it.

    >>> r = clean("Read more:\\nA headline\\n\\nArticle text stays.")
    >>> r.text
    'Article text stays.\\n'
    >>> [(x.rule, x.line, x.reason) for x in r.removals]
    [('REL001', 1, 'related-headlines'), ('layout', 3, 'blank line')]
    >>> r.restore()
    'Read more:\\nA headline\\n\\nArticle text stays.'

    The result :func:`clean` returns joins its ``text`` from the input when it is first
    read, so that a long text can be written a chunk at a time (:meth:`chunks`) without
    a second copy of it held whole. Until then it holds the input; a pickled result
    holds the text. Results are immutable, and equal when all four fields are.
    """

    __slots__ = ("removals", "appended", "skipped", "_text", "_source")

    removals: tuple[Removal, ...]
    appended: str
    """A final line terminator the input lacked, which the text ends with."""
    skipped: tuple[Skipped, ...]

    def __init__(
        self, text: str, removals: tuple[Removal, ...], appended: str = "", skipped: tuple[Skipped, ...] = ()
    ):
        self._set(text, None, removals, appended, skipped)

    @classmethod
    def _of_input(
        cls, source: str, removals: tuple[Removal, ...], appended: str, skipped: tuple[Skipped, ...]
    ) -> Result:
        """The result of taking the ``removals`` (in order) out of ``source``, its text
        joined when first read."""
        result = object.__new__(cls)
        result._set(None, source, removals, appended, skipped)
        return result

    def _set(self, text: str | None, source: str | None, *fields: object) -> None:
        """Set every slot: the public ``fields`` in their order, then the text and the source."""
        for name, value in zip(self.__slots__, (*fields, text, source), strict=True):
            object.__setattr__(self, name, value)

    @property
    def text(self) -> str:
        """The clean text."""
        text = self._text
        if text is None:
            source = self._source  # None only once another thread has joined the text
            if source is None:
                return self._text
            kept = [source[start:end] for start, end in self._kept(source)]  # each its own kind: few wide
            text = "".join([*kept, self.appended])
            object.__setattr__(self, "_text", text)  # the text before the source goes
            object.__setattr__(self, "_source", None)
        return text

    def _kept(self, source: str) -> Iterator[tuple[int, int]]:
        """Where the spans of the input ``source`` that stay start and end (the source is
        passed in: another thread may join the text, and let it go, meanwhile)."""
        pos = 0
        for r in self.removals:
            if r.start > pos:
                yield pos, r.start
            pos = r.end
        if pos < len(source):
            yield pos, len(source)

    def chunks(self) -> Iterator[str]:
        """The clean text in order, in pieces of about :data:`~cleaner.engine.lines.CHUNK`
        characters at most (a long kept span is cut), made one at a time.

        >>> "|".join(clean("CGTN\\nTalks resumed.").chunks())
        'Talks resumed.|\\n'
        """
        source = self._source
        if source is not None:
            text, spans, appended = source, self._kept(source), self.appended
        else:
            text = self._text
            spans, appended = iter([(0, len(text))]), ""
        batch, size = [], 0
        for start, end in spans:
            while start < end:
                stop = min(end, start + CHUNK - size)
                batch.append(text[start:stop])
                size, start = size + stop - start, stop
                if size >= CHUNK:
                    yield "".join(batch)
                    batch, size = [], 0
        if batch:
            yield "".join(batch)
        if appended:
            yield appended

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def _fields(self) -> tuple[str, tuple[Removal, ...], str, tuple[Skipped, ...]]:
        return self.text, self.removals, self.appended, self.skipped

    def __eq__(self, other: object) -> bool:
        return self._fields() == other._fields() if isinstance(other, Result) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Result(text={!r}, removals={!r}, appended={!r}, skipped={!r})".format(*self._fields())

    def __reduce__(self) -> tuple[type[Result], tuple[str, tuple[Removal, ...], str, tuple[Skipped, ...]]]:
        return Result, self._fields()

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
    document: Document, rules: RuleSet, timeout: float
) -> tuple[dict[int, Rule], list[Skipped]]:
    """Map line index -> rule that removes it, each rule testing each line (the reference)."""
    return _fixed_point(document, list(enumerate(rules)), {}, timeout)


def _find_junk_fast(
    document: Document,
    rules: RuleSet,
    triggers: Triggers,
    timeout: float,
    screen: dict[int, list[int]] | None = None,
) -> tuple[dict[int, Rule], list[Skipped]]:
    """Same result as :func:`_find_junk_plain`, with the rules' triggers tested all at once.

    The native prefilter scans the text once for the lines some trigger may match, and
    the combined trigger patterns of the rules it cannot screen run once per line; a
    rule whose trigger matches no line is not run at all, and the others look only at
    the lines it matched; a rule that judges a line by itself alone, anywhere in the
    document (:attr:`~cleaner.pack.rules.Rule.settles_at_once`), runs in the first pass
    only. If a pattern times out, the document is done rule by rule, to name the slow
    rule. ``screen`` is :meth:`Triggers.screen` of the text, if known.
    """
    try:
        screen = triggers.screen(document.text) if screen is None else screen
        hits, tested = triggers.hits(document, screen, timeout), set()
        order = sorted([*triggers.uncovered, *hits])
        candidates = [(i, rules[i]) for i in order]

        def refresh(view: View) -> None:
            triggers.add_edge_hits(view, tested, hits, screen, timeout)

        # what a rule that settles at once removes in the first pass is all it removes
        later = [(i, rule) for i, rule in candidates if not rule.settles_at_once]
        return _fixed_point(document, candidates, hits, timeout, refresh, later)
    except TimeoutError:
        return _find_junk_plain(document, rules, timeout)


def _fixed_point(
    document: Document,
    candidates: list[tuple[int, Rule]],
    hits: dict[int, list[int]],
    timeout: float,
    refresh: Callable[[View], None] | None = None,
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
        view = document.view(removed)
        if refresh is not None:
            refresh(view)
        found: dict[int, Rule] = {}
        for i, rule in candidates:
            rule_hits = hits.get(i)
            if rule.id in skipped or rule_hits == []:
                continue
            anchors = rule.anchors(len(view))
            if rule_hits is not None:
                starts = sorted(k for k in map(view.position, rule_hits) if k is not None and k in anchors)
                runs = list(rule.kind.find_at(view, starts, timeout)) if starts else []
            else:
                try:
                    runs = list(rule.kind.find(view, anchors, timeout))
                except TimeoutError:
                    skipped[rule.id] = Skipped(rule.id, f"pattern timed out after {timeout:g}s; rule skipped")
                    continue
            for first, last in runs:
                for index in view.lines[first : last + 1]:
                    found.setdefault(index, rule)
        if not found:
            break
        removed.update(found)
    return removed, list(skipped.values())


def _removals(document: Document, removed: dict[int, Rule]) -> list[Removal]:
    """Record what goes: rule runs (with the dropped blank lines inside them), then layout.

    Only the removed lines and those that are blank or end with whitespace are looked
    at; the lines between them are kept as they are.

    >>> [(r.line, r.reason) for r in _removals(Document("\\n a \\n \\n\\n b\\n"), {})]
    [(1, 'blank line'), (2, 'trailing whitespace'), (3, 'whitespace on a blank line'), (4, 'blank line')]
    """
    text, ends = document.text, document.ends
    # a removed line that ends with whitespace is in twice: its run is taken once, and
    # the loop goes past it (a set of a long document's lines would cost tens of MB)
    events = sorted(chain(document.blank, document.spaced, removed))
    blanks = _blank_lines(len(document), document.blank, events, removed)
    out: list[Removal] = []
    at = 0
    while at < len(events):
        i = events[at]
        start = ends[i - 1] if i else 0
        if i in removed:  # one rule's run, through dropped blank lines to its last line
            rule, last, k = removed[i], i, i + 1
            while blanks[k] == _DROPPED or removed.get(k) is rule:
                last = k if blanks[k] != _DROPPED else last
                k += 1
            out.append(
                _removal(rule.id, start, ends[last], text[start : ends[last]], i + 1, rule.note or rule.name)
            )
            at = bisect_right(events, last, at)
            continue
        if blanks[i] == _DROPPED:
            out.append(_removal(LAYOUT, start, ends[i], text[start : ends[i]], i + 1, "blank line"))
        elif ends[i] - start > 1:  # not a bare line end: a blank line that stays has nothing to lose
            _, stop, _ = document.bounds(i)
            if blanks[i] == _KEPT:
                reason = "whitespace on a blank line"
            else:
                start, reason = start + len(text[start:stop].rstrip()), "trailing whitespace"
            if start < stop:
                out.append(_removal(LAYOUT, start, stop, text[start:stop], i + 1, reason))
        at += 1
    return out


_DROPPED, _KEPT = 1, 2
"""What :func:`_blank_lines` marks a blank line that goes, and one that stays."""


def _blank_lines(size: int, blank: list[int], events: list[int], removed: dict[int, Rule]) -> bytearray:
    """Which of the ``blank`` lines of a document of ``size`` lines stay (:data:`_KEPT`:
    the first of each run between two kept lines) and which go (:data:`_DROPPED`), by
    line index (0 for the other lines, and one more, past the last line). ``events``
    are the sorted indices of the lines that are blank, ``removed`` or end with
    whitespace (the others are kept). A byte a line: a set of a long document's blank
    lines would cost forty times as much.

    >>> list(_blank_lines(5, [0, 2, 3], [0, 2, 3], {}))
    [1, 0, 2, 1, 0, 0]
    """
    marks = bytearray(size + 1)
    for i in blank:
        marks[i] = _DROPPED
    lines = range(size)
    first = next((i for i in lines if not marks[i] and i not in removed), None)
    if first is None:
        return marks
    last = next(i for i in reversed(lines) if not marks[i] and i not in removed)
    can_keep, previous = True, first
    for i in events[bisect_right(events, first) : bisect_left(events, last)]:
        if i > previous + 1:  # the lines in between are kept
            can_keep = True
        previous = i
        if marks[i]:
            if can_keep:
                marks[i] = _KEPT
                can_keep = False
        elif i not in removed:
            can_keep = True
    return marks


class Learned(Protocol):
    """Lines learned from a corpus to remove as well (see :mod:`cleaner.pack.repeats`)."""

    def removals(self, lines: Sequence[Line], removed: dict[int, Rule], site: str | None) -> dict[int, Rule]:
        """Line index -> learned rule, for the lines of a document of ``site`` to remove,
        given what the rules alone remove (``removed``)."""
        ...

    def allows(self, lines: Sequence[Line], removed: dict[int, Rule]) -> bool:
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
    # the plain way for a rule set's first documents, then with its triggers compiled
    triggers = Triggers.of(chosen, text.count("\n") + 1)
    fast = triggers is not None and bool(triggers.covered)
    screen = triggers.screen(text) if fast else {}  # of the text: the same for any of its lines
    document = Document(text)

    def find_junk(lines: Document) -> tuple[dict[int, Rule], list[Skipped]]:
        if fast:
            return _find_junk_fast(lines, chosen, triggers, timeout, screen)
        return _find_junk_plain(lines, chosen, timeout)

    if learned is not None:
        removed, skipped = _with_learned(document, find_junk, learned, site)
    elif fast and not screen and triggers.screens_all:  # no line a rule may take
        removed, skipped = {}, []
    else:
        removed, skipped = find_junk(document)
    screen.clear()  # a long document's candidates, and the Lines made for the rules, go
    document.forget_lines()  # before the record: its Removals take up the memory freed
    removals = _removals(document, removed)
    del document
    return _assemble(text, removals, skipped)


def _with_learned(
    document: Document,
    find_junk: Callable[[Document], tuple[dict[int, Rule], list[Skipped]]],
    learned: Learned,
    site: str | None,
) -> tuple[dict[int, Rule], list[Skipped]]:
    """The learned lines of ``site`` (chosen seeing what the rules remove, ``find_junk``),
    and what the rules then remove from the lines left; the rules' removals alone if
    together they break the learned lines' guard."""
    alone, skipped = find_junk(document)
    found = learned.removals(document, alone, site)
    if found:
        removed, skipped_rest = find_junk(document.hiding(found))
        removed.update(found)
        if learned.allows(document, removed):
            return removed, skipped_rest
    return alone, skipped


def _assemble(text: str, removals: list[Removal], skipped: list[Skipped]) -> Result:
    """``text`` without the ``removals`` (in order) and with a final line end, joined when read.

    >>> _assemble("a\\nb", [], []).appended, _assemble("a\\r\\nb", [], []).text
    ('\\n', 'a\\r\\nb\\r\\n')
    """
    end = len(text)  # where the last kept span ends: the last character of the output
    for r in reversed(removals):
        if r.end < end:
            break
        end = r.start
    appended = "" if not end or text[end - 1] == "\n" else "\r\n" if "\r\n" in text else "\n"
    return Result._of_input(text, tuple(removals), appended, tuple(skipped))
