"""Counters for a run: files by status, bytes removed, and removals per rule.

Counters add up (``+=``), so runs or workers can be counted apart and merged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..engine.apply import LAYOUT
from .outcome import FAILED, STATUSES, SUSPICIOUS, Doc, Outcome, RuleCount


def count_rules(docs: Iterable[Doc]) -> dict[str, RuleCount]:
    """What each rule (``layout`` aside) removed from these documents.

    >>> from cleaner.engine.apply import clean
    >>> count_rules([Doc.of(clean("CGTN\\nTalks.\\n")), Doc.of(clean("CGTN\\nCGTN\\nTalks.\\n"))])
    {'SRC001': RuleCount(docs=2, removals=2, lines=3, chars=15)}
    """
    rules: dict[str, RuleCount] = {}
    for doc in docs:
        seen = set()
        for r in doc.removals:
            if r.rule == LAYOUT:
                continue
            count = rules.setdefault(r.rule, RuleCount())
            count += RuleCount(
                r.rule not in seen, 1, r.text.count("\n") + (not r.text.endswith("\n")), len(r.text)
            )
            seen.add(r.rule)
    return rules


@dataclass
class Stats:
    """Totals over the files of a run.

    >>> stats = Stats.of(Outcome("a.txt", "changed", counts={"SRC001": RuleCount(1, 1, 1, 5)}))
    >>> stats += Stats.of(Outcome("b.txt", "failed", error="b.txt: no such file"))
    >>> stats.files, stats.status["changed"], stats.status["failed"], stats.rules["SRC001"]
    (2, 1, 1, RuleCount(docs=1, removals=1, lines=1, chars=5))
    """

    status: Counter[str] = field(default_factory=Counter)
    bytes_in: int = 0
    bytes_removed: int = 0
    rules: dict[str, RuleCount] = field(default_factory=dict)

    @property
    def files(self) -> int:
        return sum(self.status.values())

    @property
    def problems(self) -> int:
        """Files that failed or were held back: a run with any exits with an error."""
        return self.status[FAILED] + self.status[SUSPICIOUS]

    @classmethod
    def of(cls, outcome: Outcome) -> Stats:
        """The counters of one file; its rule counts are copies of ``outcome.counts``, so that
        adding to them leaves the outcome as it was."""
        rules = {rule: RuleCount(c.docs, c.removals, c.lines, c.chars) for rule, c in outcome.counts.items()}
        return cls(Counter({outcome.status: 1}), outcome.bytes_in, outcome.removed_bytes, rules)

    def __iadd__(self, other: Stats) -> Stats:
        self.status.update(other.status)
        self.bytes_in += other.bytes_in
        self.bytes_removed += other.bytes_removed
        for rule, count in other.rules.items():
            mine = self.rules.setdefault(rule, RuleCount())
            mine += count
        return self

    def to_json(self) -> dict[str, Any]:
        """The counters as plain JSON data, statuses and rules in a fixed order.

        >>> Stats(Counter(changed=1), 900, 40, {"SRC001": RuleCount(1, 1, 1, 5)}).to_json()["rules"]
        {'SRC001': {'docs': 1, 'removals': 1, 'lines': 1, 'chars': 5}}
        """
        return {
            "files": self.files,
            "status": {status: self.status[status] for status in STATUSES},
            "bytes_in": self.bytes_in,
            "bytes_removed": self.bytes_removed,
            "rules": {rule: vars(self.rules[rule]) for rule in sorted(self.rules)},
        }

    def summary(self, fold: str | None = None) -> list[str]:
        """The closing lines of a run: totals, then one line per rule, most removals first;
        the rules whose id starts with ``fold`` (learned lines, thousands of them) as one
        line at the end.

        >>> Stats(Counter(changed=2, unchanged=1), 9000, 1200, {"PAY001": RuleCount(2, 2, 9, 1100)}).summary()
        ['3 files: 2 changed, 1 unchanged, 0 suspicious, 0 failed; 1,200 bytes removed', '  PAY001  2 removals in 2 documents (9 lines, 1,100 characters)']
        >>> Stats(rules={"REP0001": RuleCount(2, 2, 2, 40), "REP0002": RuleCount(1, 1, 1, 9)}).summary("REP")[1:]
        ['  REP…  3 removals by 2 learned lines (3 lines, 49 characters)']
        """
        counts = ", ".join(f"{self.status[s]} {s}" for s in STATUSES)
        lines = [f"{counted(self.files, 'file')}: {counts}; {self.bytes_removed:,} bytes removed"]
        folded = RuleCount()
        rules = {rule: c for rule, c in self.rules.items() if not (fold and rule.startswith(fold))}
        for rule, c in ranked(rules):
            lines.append(
                f"  {rule}  {counted(c.removals, 'removal')} in {counted(c.docs, 'document')}"
                f" ({counted(c.lines, 'line')}, {counted(c.chars, 'character')})"
            )
        for c in (c for rule, c in self.rules.items() if fold and rule.startswith(fold)):
            folded += c
        if folded.removals:
            learned = len(self.rules) - len(rules)
            lines.append(
                f"  {fold}…  {counted(folded.removals, 'removal')} by {counted(learned, 'learned line')}"
                f" ({counted(folded.lines, 'line')}, {counted(folded.chars, 'character')})"
            )
        return lines


def ranked(rules: dict[str, RuleCount]) -> list[tuple[str, RuleCount]]:
    """The rules and their counts, most removals first (then by id), as summaries show them.

    >>> [rule for rule, _ in ranked({"SHR001": RuleCount(1, 1), "REL001": RuleCount(1, 2), "ADV001": RuleCount(1, 1)})]
    ['REL001', 'ADV001', 'SHR001']
    """
    return sorted(rules.items(), key=lambda item: (-item[1].removals, item[0]))


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless one.

    >>> counted(1, "file"), counted(1200, "byte")
    ('1 file', '1,200 bytes')
    """
    return f"{count:,} {noun}{'s' * (count != 1)}"
