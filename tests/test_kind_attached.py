"""The ``attached`` kind: a marker line and the short line above it that belongs to it."""

import pytest
from conftest import write_rules

import cleaner

RULE = """
[[rules]]
id = "T001"
name = "credit-and-caption"
kind = "attached"
description = "A photo credit and the caption above it, for the tests of the attached kind."
pattern = '''photo: .+'''
{extra}

[rules.examples]
remove = ["Photo: Jane Roe"]
keep = ["The mayor spoke."]
"""
PROSE = "The bridge reopened on Monday after eight months of repairs that cost the city more than forty million euros, officials said on Tuesday."


def rules(tmp_path, extra=""):
    path = write_rules(tmp_path / "t.toml", RULE.format(extra=extra))
    return cleaner.load_rules(path, defaults=False)


def test_caption_above_credit_goes_with_it(tmp_path):
    text = f"{PROSE}\nDrivers queue at the bridge on Monday.\n\nPhoto: Jane Roe, AP\n{PROSE}\n"
    result = cleaner.clean(text, rules=rules(tmp_path))
    assert result.text == f"{PROSE}\n\n{PROSE}\n"
    removed = [(r.rule, r.text.strip()) for r in result.rule_removals()]
    assert removed == [("T001", "Drivers queue at the bridge on Monday."), ("T001", "Photo: Jane Roe, AP")]


@pytest.mark.parametrize(
    "above",
    [
        f"{PROSE} {PROSE}",  # more than max_words: article prose, not a caption
        "Фото:",  # ends with a colon: a label that introduces the credit
        "Ана Руис",  # fewer than min_words: a name, not a caption
        "(Reporting by Ana Ruiz; Editing by Jo Roe)",  # an aside in parentheses: a wire's sign-off
        "（记者 王小明 报道）",  # the same in full-width parentheses
    ],
)
def test_line_above_stays_when_it_is_no_caption(tmp_path, above):
    result = cleaner.clean(f"{PROSE}\n{above}\nPhoto: Jane Roe\n", rules=rules(tmp_path))
    assert result.text == f"{PROSE}\n{above}\n"


def test_sentence_false_takes_only_headlines(tmp_path):
    ruleset = rules(tmp_path, "min_words = 1\nsentence = false")
    headline = cleaner.clean(f"{PROSE}\nLakers hold off OKC 112-107\nPhoto: x\n", rules=ruleset)
    assert headline.text == f"{PROSE}\n"
    sentence = cleaner.clean(f"{PROSE}\nThe Lakers won.\nPhoto: x\n", rules=ruleset)
    assert sentence.text == f"{PROSE}\nThe Lakers won.\n"


def test_marker_on_the_first_line_and_max_words_zero(tmp_path):
    assert cleaner.clean(f"Photo: x\n{PROSE}\n", rules=rules(tmp_path)).text == f"{PROSE}\n"
    alone = rules(tmp_path, "max_words = 0")
    text = f"{PROSE}\nDrivers queue at the bridge.\nPhoto: x\n"
    assert cleaner.clean(text, rules=alone).text == f"{PROSE}\nDrivers queue at the bridge.\n"


@pytest.mark.parametrize(
    ("above", "marker"),
    [
        ("New York man pleads guilty to threatening to kill Omar", "By Justine Coleman - 11/18/19 11:04 PM EST"),
        ("Pricing changes for GitHub Actions", "December 15, 2025 // 8 min read"),
        ("Как выбрать ноутбук для учёбы", "5 минут назад"),
        ("Atendimento registra alta procura", "05/10/2018 - Publicado por: Clarissa Borba"),
    ],
)
def test_default_pack_takes_the_headline_above_a_header_date(above, marker):
    result = cleaner.clean(f"{above}\n{marker}\n{PROSE}\n")
    assert result.text == f"{PROSE}\n"


@pytest.mark.parametrize(
    ("above", "marker"),
    [
        ("The car went on sale the same week.", "Chris Davies - Nov 19, 2019, 10:31 pm CST"),  # a sentence
        ("15", "min read"),  # a reading time split in two
        ("Sicherheit", "5 Min. Lesezeit"),  # one word: as often a subheading
    ],
)
def test_default_pack_leaves_the_line_above_a_header_date_that_is_no_headline(above, marker):
    tail = f"{PROSE}\n" * 8  # mid-text: a number among the last lines is a widget's (STR001)
    result = cleaner.clean(f"{PROSE}\n{above}\n{marker}\n{tail}")
    assert result.text == f"{PROSE}\n{above}\n{tail}"
