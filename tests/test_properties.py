"""Properties that hold for any input: idempotent, nothing invented, nothing lost."""

from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner

SEED_LINES = sorted({line for p in SEEDS for line in p.read_text(encoding="utf-8").splitlines()})
JUNKISH = ["CGTN", "953km", "Read more:", "Related", "Subscribe now", "\u00a0\u00a0", " ", "", "Фото: ТАСС"]
line = st.one_of(
    st.sampled_from(SEED_LINES + JUNKISH),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
)
endings = st.sampled_from(["\n", "\r\n", "\n\n"])
documents = st.lists(st.tuples(line, endings), max_size=40).map(
    lambda parts: "".join(a + b for a, b in parts)
)
anything = st.one_of(documents, st.text(max_size=300))


@settings(max_examples=300, deadline=None)
@given(anything)
def test_cleaning_is_idempotent(text):
    once = cleaner.clean(text).text
    assert cleaner.clean(once).text == once


@settings(max_examples=300, deadline=None)
@given(anything)
def test_every_output_line_is_an_input_line(text):
    out = cleaner.clean(text).text
    inputs = {s.rstrip() for s in text.replace("\r\n", "\n").split("\n")}
    for out_line in out.replace("\r\n", "\n").split("\n"):
        assert out_line == "" or out_line in inputs


@settings(max_examples=300, deadline=None)
@given(anything)
def test_removals_rebuild_the_input_and_output_is_tidy(text):
    result = cleaner.clean(text)
    assert result.restore() == text
    out = result.text
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n") and not out.endswith("\n\r\n"))
    assert not out.startswith(("\n", "\r\n"))
    for removal in result.removals:
        assert text[removal.start : removal.end] == removal.text
