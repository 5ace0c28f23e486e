"""Rule triggers compiled into one pattern, so one regex call per line tests every rule.

A kind with a ``trigger`` (see :class:`cleaner.kinds.Kind`) only begins a run at a line
that fully matches that pattern. Rather than testing each rule on each line, the
triggers of all such rules are joined into one pattern where each sits in its own
lookahead, ``(?:(?=(?:PATTERN)\\Z)())?``, followed by an empty marker group: one
``match`` at the start of a line tries every trigger and records, in the marker groups,
exactly which ones fully match. A line no trigger matches costs one call in C.

Patterns whose meaning could change inside a bigger pattern (back-references, group
names, recursion, global inline flags, flags other than ignore-case) stay out; their
rules run one by one, as do rules of kinds without a trigger.

>>> from cleaner import load_rules
>>> from cleaner.lines import split_lines
>>> rules = load_rules(select=["SRC"])
>>> triggers = Triggers.compile(rules)
>>> lines = split_lines("CGTN\\nThe talks went on.\\nSource: Xinhua\\n")
>>> {rules[i].id: found for i, found in triggers.hits(lines, 1.0).items()}
{'SRC001': [0], 'SRC002': [2]}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

import regex

from .lines import Line
from .rules import RuleSet

# Constructs that refer to groups by number or name, recurse, or set flags for the
# whole pattern: a pattern using one cannot be embedded in a bigger pattern safely.
_UNSAFE = regex.compile(r"\\[1-9]|\\g|\(\?(?:P?<(?![=!])|P[=>]|[&|R]|[+-]?[0-9]|[a-zA-Z-]+\))")
_DEFAULT_FLAGS = regex.compile("").flags
_CACHE: dict[int, tuple[RuleSet, Triggers]] = {}


def combinable(pattern: regex.Pattern) -> bool:
    """Whether ``pattern`` means the same when embedded in the combined pattern.

    >>> combinable(regex.compile("read more:?", regex.I)), combinable(regex.compile(r"(\\w)\\1"))
    (True, False)
    """
    return pattern.flags & ~regex.IGNORECASE == _DEFAULT_FLAGS and not _UNSAFE.search(pattern.pattern)


@dataclass(frozen=True)
class Triggers:
    """The combined trigger pattern of a rule set, and which rules it covers."""

    pattern: regex.Pattern | None
    owners: tuple[int | None, ...]
    """For each group of ``pattern``: the index of the rule whose marker it is, or None."""
    covered: frozenset[int]
    """Indices of the rules in the rule set whose trigger is in ``pattern``."""

    @classmethod
    def compile(cls, rules: RuleSet) -> Triggers:
        """Combine the triggers of ``rules`` that can be combined (none: ``pattern`` is None)."""
        parts: list[str] = []
        owners: list[int | None] = []
        for index, rule in enumerate(rules):
            key = rule.kind.trigger
            trigger = getattr(rule.kind, key) if key else None
            if trigger is None or not combinable(trigger):
                continue
            flags = "i" if trigger.flags & regex.IGNORECASE else "-i"
            parts.append(f"(?:(?=(?{flags}:{trigger.pattern})\\Z)())?")
            owners += [None] * trigger.groups + [index]
        if not parts:
            return cls(None, (), frozenset())
        pattern = regex.compile("".join(parts))
        return cls(pattern, tuple(owners), frozenset(i for i in owners if i is not None))

    @classmethod
    def of(cls, rules: RuleSet) -> Triggers:
        """The compiled triggers of ``rules``, compiled once per rule set."""
        cached = _CACHE.get(id(rules))
        if cached is None or cached[0] is not rules:
            if len(_CACHE) >= 32:
                _CACHE.pop(next(iter(_CACHE)))
            cached = _CACHE[id(rules)] = (rules, cls.compile(rules))
        return cached[1]

    def hits(self, lines: Sequence[Line], timeout: float) -> dict[int, list[int]]:
        """Rule index -> indices of the non-blank ``lines`` that fully match its trigger.

        Raises ``TimeoutError`` when the combined pattern takes longer than ``timeout``
        on one line (the caller then tests rule by rule, to name the slow rule).
        """
        found: dict[int, list[int]] = {}
        match = self.pattern.match
        for line in lines:
            if not line.text:
                continue
            m = match(line.text, timeout=timeout)
            if m.lastindex is None:
                continue
            for owner in set(compress(self.owners, [g is not None for g in m.groups()])):
                if owner is not None:
                    found.setdefault(owner, []).append(line.index)
        return found
