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

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from .lines import _INVISIBLE, Line
from .superset import superset

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

    def candidates(self, text: str, lines: list[Line]) -> dict[int, list[int]] | None:
        """Line index -> indices of the rules whose trigger may fully match the line's
        stripped text, given the ``lines`` of ``text``; None if ``text`` cannot be
        encoded (it holds a lone surrogate)."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None
        found: dict[int, list[int]] = {}
        line, at = 0, 0
        for match in self.scanner.finditer(data):
            start = match.start()
            line += data.count(b"\n", at, start)
            at = start
            if line == len(lines):  # an empty match after the last line end
                break
            named = self.lines.Match(lines[line].text.encode("utf-8")) if lines[line].text else None
            if named:
                found[line] = sorted(self.owners[i] for i in named)
        return found


def compile(triggers: dict[int, regex.Pattern]) -> Prefilter | None:
    """The prefilter of the ``triggers`` that have a superset; None when google-re2 is
    missing or none has one."""
    re2 = native()
    patterns = {index: source for index, trigger in triggers.items() if (source := superset(trigger))}
    if re2 is None or not patterns:
        return None
    options = re2.Options()
    options.max_mem = MAX_MEMORY
    options.never_capture = True
    options.log_errors = False
    pad = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _padding() if c != "\n") + "]*"
    body = "|".join(patterns.values())
    scanner = re2.compile(f"(?m)^{pad}(?:{body}){pad}$".encode(), options)
    lines = re2.Set.FullMatchSet(options)
    for source in patterns.values():
        lines.Add(source.encode())
    lines.Compile()
    return Prefilter(scanner, lines, tuple(patterns))


@cache
def _padding() -> str:
    """What :func:`cleaner.lines.split_lines` strips around a line: the characters
    ``str.strip`` takes, and the invisible ones."""
    return "".join(c for c in map(chr, range(0x10000)) if c.isspace()) + _INVISIBLE

