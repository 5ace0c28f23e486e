"""What the default pack takes from true article bodies: the eval sets' ``truth`` texts are
the articles themselves, so every line a rule removes from one is article text lost, or
furniture that page's truth holds. The snapshot lists, per rule, how many lines it takes
and from which pages; a rule change that takes more shows here to be looked at (then
``pytest --force-regen``), on top of the labelled figures ``cleaner eval`` prints."""

import pytest
from conftest import EVAL

from cleaner import clean
from cleaner.authoring.evaluate import load_pages

SETS = ("news", "modern")


@pytest.mark.skipif(EVAL is None, reason="shared/eval is not next to this checkout")
def test_what_the_pack_takes_from_the_true_bodies(data_regression):
    taken: dict[str, dict] = {}
    for name in SETS:
        for page in load_pages(EVAL / name):
            for removal in clean(page.truth, site=page.site).rule_removals():
                entry = taken.setdefault(removal.rule, {"lines": 0, "pages": []})
                entry["lines"] += sum(1 for line in removal.text.split("\n") if line.strip())
                if f"{name}/{page.id}" not in entry["pages"]:
                    entry["pages"].append(f"{name}/{page.id}")
    assert sum(entry["lines"] for entry in taken.values()) < 100  # of their 23,740 lines
    data_regression.check(dict(sorted(taken.items())))


@pytest.mark.skipif(EVAL is None, reason="shared/eval is not next to this checkout")
def test_the_true_bodies_are_whole_articles():
    """The test above means something only if the truths are many and long."""
    truths = [page.truth for name in SETS for page in load_pages(EVAL / name) if page.truth]
    assert len(truths) > 300
    assert sum(1 for truth in truths for line in truth.splitlines() if line.strip()) > 20_000
