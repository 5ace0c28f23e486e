"""Running a rule's own examples: the check the test suite and users' CI share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TypeVar

from ..engine.apply import clean
from .rules import Rule, RuleSet

T = TypeVar("T")


@dataclass(frozen=True)
class Case:
    """One example of one rule: ``expect`` is ``"remove"`` or ``"keep"``."""

    rule: Rule
    expect: str
    number: int
    text: str

    @property
    def id(self) -> str:
        """Test id such as ``PAY001-remove-0``, so ``pytest -k PAY001`` runs one rule."""
        return f"{self.rule.id}-{self.expect}-{self.number}"

    def failure(self) -> str | None:
        """Why the rule does not do what this example says, or ``None`` if it does.

        A ``remove`` example must be removed entirely by the rule alone; a ``keep``
        example must come through the rule untouched. A rule scoped to sites runs on
        its examples as if they came from one of them.
        """
        result = clean(self.text, rules=RuleSet((replace(self.rule, sites=()),)))  # any site
        if result.skipped:
            return f"{self.id}: {result.skipped[0].message}"
        if self.expect == "remove" and result.text:
            return f"{self.id}: should remove everything, but kept {result.text!r}"
        if self.expect == "keep" and result.rule_removals():
            removed = [r.text for r in result.rule_removals()]
            return f"{self.id}: should keep everything, but removed {removed!r}"
        return None


def cases(rules: Iterable[Rule], make: Callable[[Rule, str, int, str], T] = Case) -> Iterator[T]:
    """Every example of every rule, in order, as ``make(rule, expect, number, text)``
    (a :class:`Case`; the HTML page rules make theirs, ``cleaner.io.page_examples``)."""
    for rule in rules:
        for expect in ("remove", "keep"):
            for number, text in enumerate(getattr(rule.examples, expect)):
                yield make(rule, expect, number, text)
