"""The words a pattern requires occur in every line it matches, whatever the case."""

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import default_rules
from cleaner.engine.literals import Haystack, fold, required

PATTERNS = [
    r"(?:copyright|©)\s*\d{4}.*",
    r".{0,20}(?:sign up|subscribe)(?: now)?[.!]?",
    r"(?=.*\bkiss\b).*(?-i:Photo)",
    r"(?:about (?:the author|us)|über uns)",
    r"\w+ (?:says|wrote):",
    r"(?:ab)+c",
]
ALPHABET = "abcdeiknorstuwyABCIKS İıſKßẞ©:.1 üÜ"


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(PATTERNS), st.text(alphabet=ALPHABET, max_size=30), st.booleans())
def test_a_matched_line_holds_one_of_the_required_words(source, text, ignore_case):
    pattern = regex.compile(source, regex.I if ignore_case else 0)
    words = required(pattern)
    assert words is not None
    lines = [text, text.upper(), "about the author " + text, text + " ABOUT US", "KİSS " + text + "Photo"]
    holding = Haystack(lines).lines_with(words)
    assert all(k in holding for k, line in enumerate(lines) if pattern.fullmatch(line))


def test_every_example_of_the_default_rules_holds_a_required_word():
    for rule in default_rules():
        key = rule.kind.trigger
        pattern = getattr(rule.kind, key) if key else None
        words = required(pattern) if pattern is not None else None
        for example in rule.examples.remove if words is not None else ():
            lines = [line.strip() for line in example.splitlines()]
            holding = Haystack(lines).lines_with(words)
            assert all(k in holding for k, line in enumerate(lines) if pattern.fullmatch(line)), rule.id


def test_characters_that_fold_alike_are_found_alike():
    assert fold("İSTANBUL") == "istanbul" and fold("ſtraße") == "strasse"
    words = required(regex.compile(r"kiss", regex.I))
    assert Haystack(["KISS", "\u212aİſſ", "kiß", "kıss"]).lines_with(words) == [0, 1, 2]  # kiß: may match
    assert required(regex.compile(r"[a-z]+\d")) is None
    assert required(regex.compile(r"(?(DEFINE)(?P<m>jan|feb))\d+")) is None  # a DEFINE matches nothing
