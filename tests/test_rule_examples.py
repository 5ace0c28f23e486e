"""Every example of every default rule, one test each (``pytest -k PAY001``)."""

import pytest

from cleaner import default_rules
from cleaner.examples import cases

CASES = list(cases(default_rules()))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_example(case):
    assert case.failure() is None


@pytest.mark.parametrize("rule", list(default_rules()), ids=lambda r: r.id)
def test_every_rule_documents_itself(rule):
    assert rule.examples.remove and rule.examples.keep
    assert len(rule.description) >= 40, "say what the rule removes and why"
