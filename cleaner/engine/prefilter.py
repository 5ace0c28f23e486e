"""The native first stage: which lines of a document some rule's trigger may match.

Each trigger's :func:`~cleaner.engine.superset.superset` is compiled with google-re2 twice: in
a few alternations anchored at line starts and ends (the *scanners*), each of which one
DFA pass over the document's UTF-8 bytes runs (no Python work for the lines they skip),
and each on its own in a ``re2.Set`` that names, for each line a scanner found, the
triggers that may match it. The exact ``regex`` patterns then run on those lines only
(see :class:`cleaner.engine.triggers.Triggers`). A superset never misses a match, so the result
is the one the plain engine gives.

Why a few scanners and not one: a DFA's states are sets of positions in all its
patterns at once, so the states a text needs grow with the product of what each
pattern tracks. On real article prose one DFA of the whole default pack needed some 180
MB of states to stay warm and, held to less, kept throwing its cache away and ran at a
tenth of its speed; triggers that may begin with any of a class of characters
(:func:`~cleaner.engine.literals.begins_freely`) are the ones that stay alive along a line, so
they are dealt out over up to :data:`MAX_SCANNERS` scanners, at most
:data:`FREE_PER_SCANNER` to each, and every scanner has :data:`MAX_MEMORY` at most.

Without google-re2 (a platform with no wheel), :func:`compile` gives None and the
triggers run as ``regex`` patterns only, with the same results.

>>> import regex
>>> screen = compile({3: regex.compile("read more:?", regex.I), 5: regex.compile(r"\\d+ photos")})
>>> screen.candidates("Read more:\\n  The talks went on.\\n12 photos \\n")
{0: [3], 2: [5]}
"""

from __future__ import annotations

import functools
import importlib
from collections import Counter
from dataclasses import dataclass
from typing import Any, NamedTuple

import regex

from ..pack import cache
from .lines import _INVISIBLE, chunks, read_through
from .literals import begins_freely
from .superset import supersets

TABLE = "supersets"
"""Name of the cache table of each trigger's supersets and whether it begins freely
(see :func:`cleaner.pack.cache.derived`)."""
MAX_KEPT = 10_000
"""Patterns the cache table keeps at most (then it starts again with the new ones)."""
MAX_MEMORY = 64 << 20
"""Bytes google-re2 may use for the DFA cache of one scanner's alternation, and of its set."""
FREE_PER_SCANNER = 5
"""Triggers that begin freely one scanner holds at most, while there are scanners to spare."""
MAX_SCANNERS = 6
"""Scanners at most: each is one more pass over the text, so a big pack shares them."""


def native() -> Any | None:
    """The google-re2 module, imported on first use (start-up stays fast); None if it
    is not installed."""
    try:
        return importlib.import_module("re2")
    except ImportError:
        return None


class Scanner(NamedTuple):
    """Some supersets as one pattern over a document, and as a set over a line it finds."""

    lines: Any
    """A google-re2 ``RE2`` of the supersets as one alternation anchored at line starts
    and ends (the binding's own object, whose ``Match`` gives the spans alone: the
    Python wrapper around it makes a match object per line found)."""
    names: Any
    """A ``re2.Set`` of the same supersets (the binding's own, too), each padded as the
    alternation pads it, matched against a line the alternation found."""
    owners: tuple[int, ...]
    """The rule index of each pattern of ``names``."""


@dataclass(frozen=True)
class Prefilter:
    """The compiled first stage for some triggers (rule index -> ``regex`` pattern)."""

    scanners: tuple[Scanner, ...]
    """Each rule's supersets are in one of them."""
    needed: dict[int, int]
    """How many supersets a rule has: a line must match them all."""
    anchor: Any
    """The binding's unanchored search mode."""

    def candidates(self, text: str) -> dict[int, list[int]] | None:
        """Line index -> indices of the rules whose trigger may fully match the line's
        stripped text (lines split on ``\\n``); None if ``text`` cannot be encoded (it
        holds a lone surrogate)."""
        found: dict[int, list[int]] = {}
        line = 0
        for _, chunk in chunks(text):  # a long text is neither copied nor encoded whole
            try:
                data = read_through(chunk).encode("utf-8")
            except UnicodeEncodeError:
                return None
            self._add(data, line, found)
            line += data.count(b"\n")
        return found

    def _add(self, data: bytes, line: int, found: dict[int, list[int]]) -> None:
        """Add to ``found`` the candidates among the lines of ``data`` (UTF-8 bytes of
        whole lines, the first of them line ``line``)."""
        named: dict[int, list[int]] = {}  # line start -> rule index of each superset it matches
        end = len(data)
        for scanner in self.scanners:
            pos = 0
            while pos < end:
                start = scanner.lines.Match(self.anchor, data, pos, end)[0][0]
                if start < 0 or start == end:  # none, or the empty "line" after the last line end
                    break
                stop = data.find(b"\n", start)
                if matched := scanner.names.Match(data[start : stop if stop >= 0 else end]):
                    named.setdefault(start, []).extend(scanner.owners[i] for i in matched)
                if stop < 0:
                    break
                pos = stop + 1
        at = 0
        for start in sorted(named):
            line += data.count(b"\n", at, start)
            at = start
            owners = named[start]
            if len(set(owners)) == len(owners):  # one superset each: only rules that have one
                owners = [owner for owner in owners if self.needed[owner] == 1]
            else:  # a rule is named when all its supersets are
                owners = [owner for owner, n in Counter(owners).items() if n == self.needed[owner]]
            if owners:
                found[line] = sorted(owners)


def compile(triggers: dict[int, regex.Pattern]) -> Prefilter | None:
    """The prefilter of the ``triggers`` that have a superset; None when google-re2 is
    missing or none has one."""
    re2 = native()
    if re2 is None:
        return None
    facts = _facts(triggers)
    patterns = {index: found for index, (found, _) in facts.items() if found}
    if not patterns:
        return None
    options = re2.Options()
    options.max_mem = MAX_MEMORY
    options.never_capture = True
    options.log_errors = False
    pad = _pad()
    scanners = []
    for group in _deal(patterns, {index for index, (_, free) in facts.items() if free}):
        body = "|".join(patterns[index][0] for index in group)
        lines = getattr(re2.compile(f"(?m)^{pad}(?:{body}){pad}$".encode(), options), "_regexp", None)
        names, owners = re2.Set.FullMatchSet(options), []
        for index in group:
            for source in patterns[index]:
                names.Add(f"{pad}(?:{source}){pad}".encode())
                owners.append(index)
        names.Compile()
        names = getattr(names, "_set", None)
        if lines is None or names is None:  # a google-re2 without the binding's objects: the regex way
            return None
        scanners.append(Scanner(lines, names, tuple(owners)))
    needed = {index: len(found) for index, found in patterns.items()}
    return Prefilter(tuple(scanners), needed, type(scanners[0].lines).Anchor.UNANCHORED)


def _deal(patterns: dict[int, tuple[str, ...]], free: set[int]) -> list[list[int]]:
    """The rule indices of ``patterns`` dealt out over the scanners: those whose trigger
    begins freely (``free``) first, round the scanners, then the others.

    >>> _deal({1: ("x",), 2: ("y",), 3: ("z",)}, {1, 3})
    [[1, 3, 2]]
    """
    first = [index for index in patterns if index in free]
    count = min(MAX_SCANNERS, max(1, -(-len(first) // FREE_PER_SCANNER)))
    order = first + [index for index in patterns if index not in free]
    return [order[k::count] for k in range(count)]


def _facts(triggers: dict[int, regex.Pattern]) -> dict[int, tuple[tuple[str, ...], bool]]:
    """Each trigger's :func:`~cleaner.engine.superset.supersets` and whether it
    :func:`~cleaner.engine.literals.begins_freely`, through the cache: deriving them
    parses every trigger with the ``regex`` module's pure-Python parser (about half a
    second for the default pack); reading them takes a millisecond."""
    by_key = {(trigger.pattern, trigger.flags): trigger for trigger in triggers.values()}
    known = cache.derived(
        TABLE, by_key, lambda key: (supersets(by_key[key]), begins_freely(by_key[key])), MAX_KEPT
    )
    return {index: known[trigger.pattern, trigger.flags] for index, trigger in triggers.items()}


@functools.cache
def _pad() -> str:
    """A google-re2 pattern of any run of what :func:`_padding` holds but the line end:
    what a scanner and a set allow around a superset."""
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _padding() if c != "\n") + "]*"


@functools.cache
def _padding() -> str:
    """What :func:`cleaner.engine.lines.split_lines` strips around a line: the characters
    ``str.strip`` takes, and the invisible ones."""
    return "".join(c for c in map(chr, range(0x10000)) if c.isspace()) + _INVISIBLE
