"""A pattern a DFA can run that matches at least what a ``regex`` pattern matches.

:func:`superset` walks the parse tree of the ``regex`` module (its internal parser, as
:mod:`cleaner.engine.literals` does) and writes the pattern again in the syntax google-re2 and
hyperscan share, loosening what a DFA cannot do so that nothing the pattern matches is
missed:

- lookarounds, word boundaries and anchors are dropped (an assertion only ever rules a
  match out);
- a backreference may be any text of a line; a call of a named group is that group's
  pattern written in place (any text, if it calls itself); a conditional is either branch;
  atomic groups and possessive or lazy repeats become plain ones;
- a repeat of at most *n* becomes a repeat without upper bound, and a lower bound above
  :data:`MAX_COUNT` shrinks to it, so the DFA stays small;
- every character and class is spelt out as the code points ``regex`` itself matches
  there, case folding included (the class is run by ``regex`` over the Basic
  Multilingual Plane), so Unicode versions and case rules cannot differ; a class is then
  rounded out to whole blocks of code points beyond ASCII, and takes every astral one;
  no class matches a newline;
- a lookahead at the start that allows one class to the end (``(?=\\P{Ll}*$)``)
  narrows every class after it; :func:`supersets` also gives one more superset for each
  lookahead a pattern begins with, which a line must match as well.

Constructs with no safe loosening (fuzzy matching, named lists, full case folding) give
None: the rule is then tested the exact way only.

>>> superset(regex.compile(r"(?<!x)read\\b", regex.I))
'(?:[Rr][Ee][Aa][Dd])'
>>> superset(regex.compile(r"(a)x{2,60}(?=b)\\1"))
'(?:(?:a)(?:x){2,}[^\\\\n]*)'
"""

from __future__ import annotations

from functools import cache

import regex
from regex import _regex, _regex_core

MAX_COUNT = 4
"""Highest lower bound a repeat keeps: ``x{30,}`` is written ``x{4,}`` (a smaller DFA)."""
LINE_END = 0x0A
SURROGATES = range(0xD800, 0xE000)


class NoSuperset(Exception):
    """The pattern uses something with no safe loosening."""


def superset(pattern: regex.Pattern) -> str | None:
    """The source of a DFA-runnable pattern that fully matches every line text that
    ``pattern`` fully matches (and maybe more); None if there is no safe one."""
    found = supersets(pattern)
    return found[0] if found else None


@cache
def supersets(pattern: regex.Pattern) -> tuple[str, ...]:
    """:func:`superset`, then one more superset for each lookahead the pattern begins
    with (``(?=(?:\\S+\\s+){7})…``: a line must also begin with seven words); a line the
    pattern matches matches every one of them, which a ``re2.Set`` can test at once.
    Empty if there is no safe superset.

    >>> supersets(regex.compile(r"(?=ab)a."))
    ('(?:a[^\\\\n])', '(?:ab)[^\\\\n]*')
    """
    try:
        source = _regex_core.Source(pattern.pattern)
        info = _regex_core.Info(pattern.flags, source.char_type, {})
        source.ignore_space = bool(info.flags & regex.VERBOSE)
        tree = _regex_core._parse_pattern(source, info)
        writer = _Writer(tree, info)
        whole = _flat(tree)
        branches = whole[0].branches if len(whole) == 1 and type(whole[0]) is _regex_core.Branch else [tree]
        main = "(?:" + "|".join(writer.write_whole(branch) for branch in branches) + ")"
        ahead = [] if len(branches) > 1 else _leading_lookaheads(whole)
        return (main, *("(?:" + writer.write(item.subpattern) + ")" + _ANY + "*" for item in ahead))
    except NoSuperset:
        return ()
    except Exception:  # an internal parser that changed: the rule is tested the exact way
        return ()


def _leading_lookaheads(items: list) -> list:
    """The positive lookaheads at the start of a pattern's items."""
    ahead = []
    for item in items:
        if type(item) is not _regex_core.LookAround or not item.positive or item.behind:
            break
        ahead.append(item)
    return ahead


_ANY = "[^\\n]"
_ZERO_WIDTH = (
    _regex_core.ZeroWidthBase,
    _regex_core.LookAround,
    _regex_core.Keep,
    _regex_core.Prune,
    _regex_core.Skip,
)
_SETS = (_regex_core.SetBase, _regex_core.Property, _regex_core.Range)
_REPEATS = (_regex_core.GreedyRepeat, _regex_core.LazyRepeat, _regex_core.PossessiveRepeat)


class _Writer:
    """Writes one parse tree; knows its groups, to write calls of them in place."""

    def __init__(self, tree, info):
        self.info = info
        self.groups: dict[int, object] = {}
        self.calling: set[int] = set()
        self.alphabet: tuple[tuple[int, int], ...] | None = None
        self._collect(tree)

    def write_whole(self, node) -> str:
        """Write a pattern that must match a whole line. A lookahead at its start that
        allows only one class of characters to the end, ``(?=\\P{Ll}*$)``, narrows every
        class after it to that class (a DFA cannot intersect, but classes can)."""
        alphabet = None
        for item in _flat(node):
            only = _only_class(item)
            if only is None:
                break
            alphabet = _intersect(alphabet, _ranges_of(only))
        self.alphabet = alphabet
        try:
            return self.write(node)
        finally:
            self.alphabet = None

    def _collect(self, node) -> None:
        if isinstance(node, _regex_core.Group):
            self.groups[node.group] = node.subpattern
        for child in _children(node):
            self._collect(child)

    def write(self, node) -> str:
        kind = type(node)
        if kind is _regex_core.Sequence:
            return "".join(self.write(item) for item in node.items)
        if kind is _regex_core.Branch:
            return "(?:" + "|".join(self.write(branch) for branch in node.branches) + ")"
        if kind in (_regex_core.Group, _regex_core.Atomic):
            return "(?:" + self.write(node.subpattern) + ")"
        if kind in _REPEATS:
            return self._repeat(node)
        if kind is _regex_core.Conditional:
            if node.group == "DEFINE":
                return ""
            return "(?:" + self.write(node.yes_item) + "|" + self.write(node.no_item) + ")"
        if kind is _regex_core.LookAroundConditional:
            return "(?:" + self.write(node.yes_item) + "|" + self.write(node.no_item) + ")"
        if kind is _regex_core.CallGroup:
            return self._call(node)
        if kind is _regex_core.RefGroup or kind is _regex_core.Grapheme:
            return _ANY + "*"
        if kind in (_regex_core.Any, _regex_core.AnyAll, _regex_core.AnyU):
            return _ANY if self.alphabet is None else _class(_coarse(self.alphabet))
        if kind in (_regex_core.String, _regex_core.Literal):
            return "".join(_character(value, node.case_flags) for value in node.characters)
        if kind is _regex_core.Character and node.positive and not node.zerowidth:
            return _character(node.value, node.case_flags)
        if isinstance(node, _ZERO_WIDTH) or getattr(node, "zerowidth", False):
            return ""
        if kind is _regex_core.Character or isinstance(node, _SETS):
            return _class(_coarse(_intersect(self.alphabet, _ranges_of(node))))
        raise NoSuperset(kind.__name__)

    def _repeat(self, node) -> str:
        inner = self.write(node.subpattern)
        low, high = min(node.min_count, MAX_COUNT), node.max_count
        if high == 0:
            return ""
        suffix = "*" if low == 0 else "+" if low == 1 else f"{{{low},}}"
        if high == 1:
            suffix = "?" if low == 0 else ""
        return f"(?:{inner}){suffix}"

    def _call(self, node) -> str:
        group = node.group
        if isinstance(group, str):
            group = int(group) if group.isdigit() else self.info.group_index[group]
        if group == 0 or group in self.calling:  # recursion: any text
            return _ANY + "*"
        self.calling.add(group)
        try:
            return "(?:" + self.write(self.groups[group]) + ")"
        finally:
            self.calling.discard(group)


def _flat(node) -> list:
    """The items of ``node`` as one sequence, sequences within it opened."""
    if type(node) is not _regex_core.Sequence:
        return [node]
    return [item for child in node.items for item in _flat(child)]


def _only_class(node):
    """The class of ``(?=CLASS*$)``, a positive lookahead allowing only that class to
    the end of the text; else None."""
    if type(node) is not _regex_core.LookAround or not node.positive or node.behind:
        return None
    items = _flat(node.subpattern)
    if len(items) != 2 or type(items[1]) not in (_regex_core.EndOfString, _regex_core.EndOfStringLine):
        return None
    repeat = items[0]
    if type(repeat) not in _REPEATS or repeat.max_count is not None or repeat.min_count:
        return None
    if not isinstance(repeat.subpattern, _SETS):
        return None
    return repeat.subpattern


def _intersect(alphabet, ranges):
    """The code point ranges in both (``alphabet`` None: no limit)."""
    if alphabet is None:
        return tuple(ranges)
    return tuple((max(a, c), min(b, d)) for a, b in alphabet for c, d in ranges if max(a, c) <= min(b, d))


def _children(node):
    kind = type(node)
    if kind is _regex_core.Sequence:
        return node.items
    if kind is _regex_core.Branch:
        return node.branches
    if kind in (_regex_core.Conditional, _regex_core.LookAroundConditional):
        return [node.yes_item, node.no_item, *([node.subpattern] if hasattr(node, "subpattern") else [])]
    return [node.subpattern] if hasattr(node, "subpattern") else []


def _character(value: int, case_flags: int) -> str:
    """One character of the pattern: itself, or the class of its cases."""
    if case_flags & regex.FULLCASE and case_flags & regex.IGNORECASE:
        raise NoSuperset("full case folding")
    if not case_flags & regex.IGNORECASE:
        return _class([(value, value)])
    cases = sorted(_regex.get_all_cases(regex.IGNORECASE | regex.UNICODE, value))
    return _class([(c, c) for c in cases])


def _class(ranges) -> str:
    """A class of the given inclusive code point ranges, without the line end."""
    items = []
    for low, high in ranges:
        if low <= LINE_END <= high:
            items += [(low, LINE_END - 1), (LINE_END + 1, high)]
        else:
            items.append((low, high))
    items = [(low, high) for low, high in items if low <= high]
    if not items:
        raise NoSuperset("a class that matches only a line end")
    if len(items) == 1 and items[0][0] == items[0][1]:
        return _escape(items[0][0])
    return "[" + "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in items) + "]"


def _escape(value: int) -> str:
    char = chr(value)
    return char if char.isascii() and char.isalnum() else f"\\x{{{value:x}}}"


def _coarse(ranges) -> list[tuple[int, int]]:
    """Inclusive code point ranges that hold the given ones: ASCII exactly, the rest
    rounded out to whole blocks of :func:`_block` size (so the DFA of the class stays
    small), and every astral code point."""
    blocks = []
    for low, high in ranges:
        if high < 0x80:
            blocks.append((low, high))
            continue
        if low < 0x80:
            blocks.append((low, 0x7F))
            low = 0x80
        start = max(low - low % _block(low), 0x800 if low >= 0x800 else 0x80)
        blocks.append((start, high - high % _block(high) + _block(high) - 1))
    blocks.append((0x10000, 0x10FFFF))
    merged: list[tuple[int, int]] = []
    for low, high in sorted(blocks):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return [
        piece
        for low, high in merged
        for piece in ((low, min(high, SURROGATES.start - 1)), (max(low, SURROGATES.stop), high))
        if piece[0] <= piece[1]
    ]


def _block(code_point: int) -> int:
    """The block a class is rounded out to: what one second byte covers (two-byte UTF-8
    characters) or one lead byte (three-byte ones); in A/B runs on the bench corpus and
    eval texts this DFA ran faster than one with exact two-byte ranges."""
    return 64 if code_point < 0x800 else 4096


@cache
def _ranges_of(node) -> tuple[tuple[int, int], ...]:
    """The ranges of the Basic Multilingual Plane's code points ``regex`` matches with
    ``node`` (run by ``regex`` itself over all of them)."""
    repeat = _regex_core.GreedyRepeat(node, 1, None)
    code = _regex_core._flatten_code(repeat.compile(False) + [(_regex_core.OP.SUCCESS,)])
    runner = _regex.compile("", regex.UNICODE, code, {}, {}, {}, [], 0, (), 0, 0)
    return tuple(
        (_code_point(match.start()), _code_point(match.end() - 1)) for match in runner.finditer(_plane())
    )


@cache
def _plane() -> str:
    """The Basic Multilingual Plane without the surrogates (no document holds one)."""
    return "".join(map(chr, range(SURROGATES.start))) + "".join(map(chr, range(SURROGATES.stop, 0x10000)))


def _code_point(position: int) -> int:
    return position if position < SURROGATES.start else position + len(SURROGATES)
