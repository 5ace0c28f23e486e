"""Finding patterns that backtrack catastrophically, for ``cleaner rules check``.

A pattern such as ``(a|aa)+$`` takes time exponential in the length of a line it
almost matches: on a long line it times out and its rule is skipped, in every run. Such
a pattern is found by trying it on a few adversarial lines built from its own parse
tree: for each repeat, what comes before it, then a piece the repeat takes (in each of
its ways) over and over, then a character that makes the match fail at the very end.
What is reported is what this engine really does on those lines, under a short timeout.

>>> slow_line(regex.compile(r"(?:see|read)\\s+more(?:\\s+\\w+)*"))
>>> slow_line(regex.compile(r"share:\\s*(?:a|aa)+$"))
'share:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\x00'
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Iterator

import regex
from regex import _regex_core

from ..engine.literals import parse_tree
from .rules import Problem, Rule

PROBE_TIMEOUT = 0.05
"""Seconds a pattern may take on one adversarial line; a sound one takes microseconds."""
PUMPS = 32
"""How many times a line repeats the piece a repeat takes: enough for 2**32 ways."""
FAILING = ("\x00", "!")
"""Characters ending an adversarial line, so that the match fails only at the end."""
ALPHABET = string.ascii_letters + string.digits + " " + string.punctuation + "éбя中"
"""Characters tried, in order, for a set, a class or a property to match."""

_REPEATS = (_regex_core.GreedyRepeat, _regex_core.LazyRepeat)  # possessive repeats never backtrack
_INSIDE = (_regex_core.Group, _regex_core.Atomic, _regex_core.LookAround)
_ONE_CHARACTER = (
    _regex_core.Character,
    _regex_core.Property,
    _regex_core.Range,
    _regex_core.SetUnion,
    _regex_core.SetInter,
    _regex_core.SetDiff,
    _regex_core.SetSymDiff,
)


def problems(rules: Iterable[Rule], timeout: float = PROBE_TIMEOUT) -> list[Problem]:
    """One problem for each pattern of these rules that backtracks catastrophically."""
    found = []
    for rule in rules:
        for key, spec in rule.kind.keys.items():
            pattern = getattr(rule.kind, key) if spec.type == "pattern" else None
            line = None if pattern is None else slow_line(pattern, timeout)
            if line is not None:
                found.append(
                    Problem(
                        rule.source,
                        f"pattern '{key}' backtracks catastrophically: on a line of {len(line)} characters"
                        f" ({line[:24]!r}…) it takes over {timeout:g}s, so a run skips the rule there;"
                        " let each character be matched one way only (or use a possessive ++ / *+"
                        " or an atomic group (?>…))",
                        rule.id,
                        rule.line,
                    )
                )
    return found


def slow_line(pattern: regex.Pattern, timeout: float = PROBE_TIMEOUT) -> str | None:
    """An adversarial line that ``pattern`` takes longer than ``timeout`` to fullmatch, or
    None. A line must time out twice, so that a busy machine pausing the probe is not
    taken for a slow pattern."""
    return next((line for line in adversarial_lines(pattern) if _slow(pattern, line, timeout, 2)), None)


def _slow(pattern: regex.Pattern, line: str, timeout: float, times: int) -> bool:
    for _ in range(times):
        try:
            pattern.fullmatch(line, timeout=timeout)
            return False
        except TimeoutError:
            pass
    return True


def adversarial_lines(pattern: regex.Pattern) -> list[str]:
    """Lines built from ``pattern``'s parse tree to make it backtrack the most.

    >>> adversarial_lines(regex.compile("x(?:a|bb)+"))[:2]
    ['xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\x00', 'xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!']
    """
    try:
        tree = parse_tree(pattern)
    except Exception:  # an internal parser that changed: nothing to probe with
        return []
    lines = {}
    for before, piece in _repeats(tree, ""):
        for end in FAILING:
            lines[before + piece * PUMPS + end] = None
    return list(lines)


def _repeats(node, before: str) -> Iterator[tuple[str, str]]:
    """(what may come before, a piece it takes) for each repeat in ``node``, each piece
    one of the ways the repeated part can match."""
    kind = type(node)
    if kind is _regex_core.Sequence:
        for item in node.items:
            yield from _repeats(item, before)
            witness = _witness(item)
            if witness is None:
                return
            before += witness
    elif kind is _regex_core.Branch:
        for branch in node.branches:
            yield from _repeats(branch, before)
    elif kind in _INSIDE:
        yield from _repeats(node.subpattern, before)
    elif kind in _REPEATS and (node.max_count is None or node.max_count > 1):
        for piece in _ways(node.subpattern):
            yield before, piece
        yield from _repeats(node.subpattern, before)


def _ways(node) -> list[str]:
    """Non-empty strings ``node`` matches: for each branch of a choice, the shortest
    and one with every optional part taken once.

    >>> _ways(parse_tree(regex.compile(r"\\w+\\s?|\\d")))
    ['a', 'a ', '0']
    """
    while type(node) in _INSIDE:
        node = node.subpattern
    branches = node.branches if type(node) is _regex_core.Branch else [node]
    ways = (_witness(branch, fuller) for branch in branches for fuller in (False, True))
    return list(dict.fromkeys(w for w in ways if w))


def _witness(node, fuller: bool = False) -> str | None:
    """A short string ``node`` matches (``fuller``: with each optional repeat taken once);
    None if none is found (a back reference, a condition: the walk stops there)."""
    kind = type(node)
    if kind is _regex_core.Sequence:
        parts = [_witness(item, fuller) for item in node.items]
        return None if None in parts else "".join(parts)
    if kind is _regex_core.Branch:
        return next((w for w in (_witness(b, fuller) for b in node.branches) if w is not None), None)
    if kind in _INSIDE:
        return "" if kind is _regex_core.LookAround else _witness(node.subpattern, fuller)
    if kind in (*_REPEATS, _regex_core.PossessiveRepeat):
        witness = _witness(node.subpattern, fuller)
        if witness is None:
            return None
        return witness * (max(node.min_count, 1) if fuller and node.max_count != 0 else node.min_count)
    if isinstance(node, _regex_core.ZeroWidthBase):
        return ""
    if isinstance(node, _regex_core.Any):
        return "a"
    if isinstance(node, _regex_core.String):
        return "".join(map(chr, node.characters))
    if kind in _ONE_CHARACTER:
        return next((c for c in ALPHABET if node.matches(ord(c))), None)
    return None
