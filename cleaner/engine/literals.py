"""Words a pattern's every match contains, so a line without any of them is skipped
without running the pattern.

:func:`required` walks the parse tree of the ``regex`` module (its internal parser, the
one ``regex.compile`` uses) and keeps only what is certain: a run of plain characters
every match must pass through, through groups, repeats of at least one, positive
lookarounds, and alternations whose every branch requires some word. Anything else (a
set, a property, a call of a named group, a conditional) requires nothing. A word
matched ignoring case is kept only if every character it may match folds, under
:func:`fold`, to what its own character folds to; then ``word in fold(line)`` holds
whenever the pattern could match the line.

>>> required(regex.compile(r"(?:copyright|©)\\s*\\d{4}.*|.{0,80}all rights reserved", regex.I))
Words(exact=(), folded=('©', 'copyright', 'all rights reserved'))
>>> required(regex.compile(r"\\d+\\s*km")), required(regex.compile(r"\\d+\\s*[a-z]{2}"))
(Words(exact=('km',), folded=()), None)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import regex
from regex import _regex, _regex_core

_CASES = regex.IGNORECASE | regex.UNICODE


def fold(text: str) -> str:
    """``text`` with case folded and combining dots above dropped (``İ`` folds to ``i``
    and one), so every character the ``regex`` module matches ignoring case folds alike."""
    folded = text.casefold()
    return folded.replace("\u0307", "") if "\u0307" in folded else folded


@dataclass(frozen=True)
class Words:
    """Words one of which occurs in every line a pattern matches."""

    exact: tuple[str, ...]
    """Words that occur as they are."""
    folded: tuple[str, ...]
    """Words, folded, that occur in the folded line (ignoring case)."""


class Haystack:
    """Lines joined once, as they are and folded, to find which lines hold some words.

    >>> Haystack(["No words here.", "© 2019 AP", "ALL RIGHTS RESERVED"]).lines_with(Words(("©",), ("rights",)))
    [1, 2]
    """

    def __init__(self, texts: Sequence[str]):
        self._exact = _join(texts)
        self._folded = _join([fold(text) for text in texts])

    def lines_with(self, words: Words) -> list[int]:
        """The positions of the lines that hold one of ``words``, in order."""
        found: set[int] = set()
        for (text, starts), some in ((self._exact, words.exact), (self._folded, words.folded)):
            for word in some:
                at = text.find(word)
                while at != -1:
                    line = bisect_right(starts, at) - 1
                    found.add(line)
                    at = text.find(word, starts[line + 1]) if line + 1 < len(starts) else -1
        return sorted(found)


def _join(texts: Sequence[str]) -> tuple[str, list[int]]:
    """``texts`` joined by newlines, and where each begins."""
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    return "\n".join(texts), starts


def required(pattern: regex.Pattern) -> Words | None:
    """The words one of which every match of ``pattern`` contains; None if none is known."""
    try:
        words = _required(parse_tree(pattern))
    except Exception:  # an internal parser that changed: no words, the pattern just runs
        return None
    if not words:
        return None
    return Words(
        _shortest(w for w, ignore_case in words if not ignore_case),
        _shortest(fold(w) for w, ignore_case in words if ignore_case),
    )


def begins_freely(pattern: regex.Pattern) -> bool:
    """Whether a match of ``pattern`` may begin with one of a class of characters (a set,
    a property, any character), not only with characters of its own: the first
    characters of a line then rarely rule it out.

    >>> begins_freely(regex.compile("(?:read|see) more")), begins_freely(regex.compile(".{10,} /AP"))
    (False, True)
    """
    try:
        first = parse_tree(pattern).get_firstset(False)
    except _regex_core._FirstSetError:
        return True
    except Exception:  # an internal parser that changed
        return False
    return any(type(item) is not _regex_core.Character for item in first)


def parse_tree(pattern: regex.Pattern):
    """The parse tree of ``pattern``, from the ``regex`` module's own parser."""
    source = _regex_core.Source(pattern.pattern)
    info = _regex_core.Info(pattern.flags, source.char_type, {})
    source.ignore_space = bool(info.flags & regex.VERBOSE)
    return _regex_core._parse_pattern(source, info)


def _shortest(words) -> tuple[str, ...]:
    """``words`` without those that contain another (finding that one is enough)."""
    kept: list[str] = []
    for word in sorted(set(words), key=len):
        if not any(k in word for k in kept):
            kept.append(word)
    return tuple(kept)


def _required(node) -> frozenset[tuple[str, bool]] | None:
    """(word, ignore case) pairs, one of which every match of ``node`` contains."""
    kind = type(node)
    if kind is _regex_core.Sequence:
        choices, run, ignore_case = [], [], False
        for item in [*node.items, None]:
            char = _character(item)
            if char is not None and run and char[1] == ignore_case:
                run.append(char[0])
                continue
            if run:
                choices.append(frozenset({("".join(run), ignore_case)}))
            run, ignore_case = ([char[0]], char[1]) if char is not None else ([], False)
            if char is None and item is not None and (words := _required(item)):
                choices.append(words)
        return max(choices, key=lambda words: (min(len(w) for w, _ in words), -len(words)), default=None)
    if kind is _regex_core.Branch:
        branches = [_required(branch) for branch in node.branches]
        return None if not all(branches) else frozenset().union(*branches)
    if kind in (_regex_core.Group, _regex_core.Atomic):
        return _required(node.subpattern)
    if kind in (_regex_core.GreedyRepeat, _regex_core.LazyRepeat, _regex_core.PossessiveRepeat):
        return _required(node.subpattern) if node.min_count >= 1 else None
    if kind is _regex_core.LookAround and node.positive:
        return _required(node.subpattern)
    char = _character(node)
    return None if char is None else frozenset({char})


def _character(node) -> tuple[str, bool] | None:
    """(character, ignore case) if ``node`` matches one plain character that a folded
    line shows as its own character folded; else None."""
    if type(node) is not _regex_core.Character or not node.positive or node.zerowidth:
        return None
    char, flags = chr(node.value), node.case_flags
    if flags & regex.FULLCASE:
        return None
    if not flags & regex.IGNORECASE:
        return char, False
    cases = _regex.get_all_cases(_CASES, node.value)
    return (char, True) if all(fold(chr(case)) == fold(char) for case in cases) else None
