"""The native first stage: which lines of a document some rule's trigger may match.

Each trigger's :func:`~cleaner.superset.superset` is compiled with google-re2 twice: all
of them as one alternation anchored at line starts and ends, which one DFA pass over the
document's UTF-8 bytes runs (no Python work for the lines it skips), and each on its own
in a ``re2.Set`` that names, for each line the pass found, the triggers that may match
it. The exact ``regex`` patterns then run on those lines only (see
:class:`cleaner.triggers.Triggers`). A superset never misses a match, so the result is
the one the plain engine gives.

Without google-re2 (a platform with no wheel), :func:`compile` gives None and the
triggers run as ``regex`` patterns only, with the same results.

>>> import regex
>>> screen = compile({3: regex.compile("read more:?", regex.I), 5: regex.compile(r"\\d+ photos")})
>>> from cleaner.lines import split_lines
>>> text = "Read more:\\n  The talks went on.\\n12 photos \\n"
>>> screen.candidates(text, split_lines(text))
{0: [3], 2: [5]}
"""

from __future__ import annotations

import functools
import importlib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Any

import regex

from . import cache
from .lines import _INVISIBLE, Line
from .superset import supersets

TABLE = "supersets"
"""Name of the cache table of supersets (see :func:`cleaner.cache.load_table`)."""
MAX_KEPT = 10_000
"""Patterns the cache table keeps at most (then it starts again with the new ones)."""
CHUNK = 1 << 20
"""Characters of a document encoded and scanned at a time (whole lines)."""
MAX_MEMORY = 256 << 20
"""Bytes google-re2 may use for one pattern's DFA cache; with less, the combined
pattern's DFA runs out on long lines and re2 falls back to a slower engine."""


def native() -> Any | None:
    """The google-re2 module, imported on first use (start-up stays fast); None if it
    is not installed."""
    try:
        return importlib.import_module("re2")
    except ImportError:
        return None


@dataclass(frozen=True)
class Prefilter:
    """The compiled first stage for some triggers (rule index -> ``regex`` pattern)."""

    scanner: Any
    """All supersets as one pattern: a match is a line some trigger may match."""
    lines: Any
    """A ``re2.Set`` of the supersets, matched against a line's stripped text."""
    owners: tuple[int, ...]
    """The rule index of each pattern of ``lines``."""
    needed: dict[int, int]
    """How many patterns of ``lines`` a rule has: a line must match them all."""

    def candidates(self, text: str, lines: list[Line]) -> dict[int, list[int]] | None:
        """Line index -> indices of the rules whose trigger may fully match the line's
        stripped text, given the ``lines`` of ``text``; None if ``text`` cannot be
        encoded (it holds a lone surrogate)."""
        found: dict[int, list[int]] = {}
        first = 0
        while first < len(lines):  # a chunk of lines at a time: a long text is not copied whole
            last = bisect_left(lines, lines[first].start + CHUNK, lo=first, key=_start) - 1
            last = max(last, first)
            try:
                data = text[lines[first].start : lines[last].end].encode("utf-8")
            except UnicodeEncodeError:
                return None
            self._add(data, lines, range(first, last + 1), found)
            first = last + 1
        return found

    def _add(self, data: bytes, lines: list[Line], chunk: range, found: dict[int, list[int]]) -> None:
        """Add to ``found`` the candidates among the ``chunk`` of ``lines``, whose UTF-8
        bytes are ``data``."""
        line, at = chunk.start, 0
        for match in self.scanner.finditer(data):
            start = match.start()
            line += data.count(b"\n", at, start)
            at = start
            if line == chunk.stop:  # an empty match after the chunk's last line end
                break
            named = self.lines.Match(lines[line].text.encode("utf-8")) if lines[line].text else None
            if named:
                owners = [self.owners[i] for i in named]
                if len(set(owners)) == len(owners):  # one pattern each: only rules that have one
                    owners = [owner for owner in owners if self.needed[owner] == 1]
                else:  # a rule is named when all its patterns are
                    owners = [owner for owner, n in Counter(owners).items() if n == self.needed[owner]]
                if owners:
                    found[line] = sorted(owners)


def compile(triggers: dict[int, regex.Pattern]) -> Prefilter | None:
    """The prefilter of the ``triggers`` that have a superset; None when google-re2 is
    missing or none has one."""
    re2 = native()
    if re2 is None:
        return None
    patterns = {index: found for index, found in _supersets(triggers).items() if found}
    if not patterns:
        return None
    options = re2.Options()
    options.max_mem = MAX_MEMORY
    options.never_capture = True
    options.log_errors = False
    pad = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _padding() if c != "\n") + "]*"
    body = "|".join(found[0] for found in patterns.values())
    scanner = re2.compile(f"(?m)^{pad}(?:{body}){pad}$".encode(), options)
    lines, owners = re2.Set.FullMatchSet(options), []
    for index, found in patterns.items():
        for source in found:
            lines.Add(source.encode())
            owners.append(index)
    lines.Compile()
    return Prefilter(scanner, lines, tuple(owners), {index: len(found) for index, found in patterns.items()})


def _supersets(triggers: dict[int, regex.Pattern]) -> dict[int, tuple[str, ...]]:
    """:func:`~cleaner.superset.supersets` of each trigger, through the cache (deriving
    them takes the default pack about a third of a second; reading them, a millisecond)."""
    known = cache.load_table(TABLE)
    keys = {index: (trigger.pattern, trigger.flags) for index, trigger in triggers.items()}
    new = {key: supersets(triggers[index]) for index, key in keys.items() if key not in known}
    if new:
        known = new if len(known) > MAX_KEPT else {**known, **new}
        cache.store_table(TABLE, known)
    return {index: known[key] for index, key in keys.items()}


def _start(line: Line) -> int:
    return line.start


@functools.cache
def _padding() -> str:
    """What :func:`cleaner.lines.split_lines` strips around a line: the characters
    ``str.strip`` takes, and the invisible ones."""
    return "".join(c for c in map(chr, range(0x10000)) if c.isspace()) + _INVISIBLE
