"""Every example of every default rule, one test each (``pytest -k PAY001``)."""

from dataclasses import replace

import pytest

from cleaner import load_rules
from cleaner.pack.examples import cases

EVERY_RULE = load_rules(opt_in=True)  # the opt-in rules' examples run too
CASES = list(cases(EVERY_RULE))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_example(case):
    assert case.failure() is None


@pytest.mark.parametrize("rule", list(EVERY_RULE), ids=lambda r: r.id)
def test_every_rule_documents_itself(rule):
    assert rule.examples.remove and rule.examples.keep
    assert len(rule.description) >= 40, "say what the rule removes and why"


NBSP_CASES = [c for c in CASES if c.expect == "remove" and " " in c.text]


@pytest.mark.parametrize("case", NBSP_CASES, ids=[c.id for c in NBSP_CASES])
def test_remove_example_with_no_break_spaces(case):
    """Real text has no-break spaces between words (``&nbsp;`` in the HTML): a remove
    example whose spaces are all no-break goes too."""
    spaced = replace(case, text=case.text.replace(" ", "\u00a0"))
    assert spaced.failure() is None
