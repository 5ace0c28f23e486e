"""Every example of every default rule, one test each (``pytest -k PAY001``)."""

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
