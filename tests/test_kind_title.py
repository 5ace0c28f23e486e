"""The ``title`` kind (TTL001): the headline above the text, and nothing after it."""

import cleaner
from cleaner import default_rules, load_rules

TITLES = load_rules(select=["TTL001"])  # opt-in: runs when selected
PROSE = "The harbour bridge reopened to traffic on Monday after eight months of repairs, officials said."


def clean(text):
    return cleaner.clean(text, rules=TITLES).text


def test_headline_above_prose_goes():
    assert clean(f"Harbour bridge reopens after repairs\n\n{PROSE}\n") == f"{PROSE}\n"
    assert clean(f"Выборы в городской совет прошли спокойно\n{PROSE}\n") == f"{PROSE}\n"


def test_no_cascade_into_the_text():
    # after the headline goes, the next first line is prose: nothing more is taken
    text = f"Harbour bridge reopens after repairs\n{PROSE}\nWhat happens next\n{PROSE}\n"
    assert clean(text) == f"{PROSE}\nWhat happens next\n{PROSE}\n"


def test_a_run_of_short_lines_at_the_top_stays():
    text = "Ingredients for the cake\n2 cups flour\n1 cup sugar\nMix and bake for 40 minutes.\n"
    assert clean(text) == text


def test_sentences_and_labels_are_no_headlines():
    for first in ("The bridge reopened on Monday.", "What we know:", "Sponsored post. All opinions are mine"):
        assert clean(f"{first}\n{PROSE}\n") == f"{first}\n{PROSE}\n"


def test_opt_in_the_default_pack_keeps_the_headline():
    text = f"Harbour bridge reopens after repairs\n{PROSE}\n"
    assert "TTL001" not in [r.id for r in default_rules()]
    assert cleaner.clean(text).text == text
