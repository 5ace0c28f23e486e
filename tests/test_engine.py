"""The output contract of clean(), on messy real-world text."""

import pytest
from conftest import line_rule, write_rules

import cleaner
from cleaner import LAYOUT, RuleSet

NO_RULES = RuleSet()


def test_trailing_whitespace_and_nbsp_are_stripped_from_kept_lines():
    result = cleaner.clean("First line.\u00a0 \nSecond\t\n", rules=NO_RULES)
    assert result.text == "First line.\nSecond\n"
    assert [(r.rule, r.text) for r in result.removals] == [(LAYOUT, "\u00a0 "), (LAYOUT, "\t")]


def test_blank_runs_collapse_and_edges_lose_blank_lines():
    text = "\n \n\u00a0\nOne.\n\n\u00a0\u00a0\n\nTwo.\n\n\n"
    assert cleaner.clean(text, rules=NO_RULES).text == "One.\n\nTwo.\n"


def test_single_newline_paragraphs_stay_single():
    text = "One.\nTwo.\nThree."
    assert cleaner.clean(text, rules=NO_RULES).text == "One.\nTwo.\nThree.\n"


@pytest.mark.parametrize("text", ["", "\n", "  \n\u00a0\n", "\ufeff"])
def test_empty_or_blank_input_gives_empty_output(text):
    result = cleaner.clean(text, rules=NO_RULES)
    assert result.text == ""
    assert result.restore() == text


def test_all_junk_gives_empty_output():
    assert cleaner.clean("CGTN\n\n953km\n").text == ""


def test_crlf_line_endings_are_kept():
    text = "CGTN\r\nThe talks resumed.\u00a0\r\nThey ended late.\r\n"
    result = cleaner.clean(text)
    assert result.text == "The talks resumed.\r\nThey ended late.\r\n"
    assert result.restore() == text


def test_missing_final_newline_is_added_with_the_documents_line_ending():
    assert cleaner.clean("a\r\nb", rules=NO_RULES).text == "a\r\nb\r\n"
    # a lone "\r" at the very end is trailing whitespace, not half a terminator (found by
    # the fuzz test: cleaning the output again used to drop it)
    once = cleaner.clean("\r\n:\r", rules=NO_RULES)
    assert once.text == ":\r\n" and once.restore() == "\r\n:\r"
    assert cleaner.clean(once.text, rules=NO_RULES).text == once.text
    result = cleaner.clean("a\nb", rules=NO_RULES)
    assert (result.text, result.appended) == ("a\nb\n", "\n")
    assert result.restore() == "a\nb"


def test_bom_does_not_hide_the_first_line_from_rules_and_is_kept_on_kept_lines():
    assert cleaner.clean("\ufeffCGTN\nThe talks resumed.\n").text == "The talks resumed.\n"
    assert cleaner.clean("\ufeffThe talks resumed.\n").text == "\ufeffThe talks resumed.\n"


@pytest.mark.parametrize("mark", ["\u00ad", "\u200b", "\u2060", "\ufeff"])
def test_rules_read_through_soft_hyphens_and_zero_width_marks_and_the_output_keeps_them(mark):
    kept = f"Engi{mark}neers replaced the cables, the city said on Monday."
    text = f"{kept}\nAdver{mark}tisement\nРекла{mark}ма\n"
    result = cleaner.clean(text)
    assert result.text == kept + "\n"
    assert {r.rule for r in result.rule_removals()} == {"ADV001"}
    assert result.restore() == text


def test_zwnj_and_zwj_stay_part_of_a_word_for_rules(tmp_path):
    """They spell words (Persian "می‌خواهم") and emoji; rules see them as they are."""
    rules = cleaner.load_rules(write_rules(tmp_path / "ab.toml", line_rule("X001", "ab", remove=("ab",))), defaults=False)
    assert cleaner.clean("a\u200cb\nThe talks went on.\n", rules=rules).text == "a\u200cb\nThe talks went on.\n"
    assert cleaner.clean("a\u00adb\nThe talks went on.\n", rules=rules).text == "The talks went on.\n"


def test_cjk_and_cyrillic_text_is_untouched():
    text = "金正恩与特朗普在河内举行会谈。\n\n«Переговоры зашли в тупик», — сказал он.\n東京は晴れ。\n"
    result = cleaner.clean(text)
    assert result.text == text
    assert not result.changed


def test_cyrillic_related_list_and_caption_credit_are_removed():
    text = (
        "Участники саммита в Ханое. Фото: ТАСС\n"
        "Президент выступил с заявлением во вторник.\n"
        "Участники саммита в Ханое. Фото: ТАСС\n"
        "Читайте также:\n"
        "Центробанк сохранил ключевую ставку\n"
    )
    assert cleaner.clean(text).text == "Президент выступил с заявлением во вторник.\n"


def test_curly_quotes_match_paywall_wording():
    text = "Story text here.\nYou’ve reached your limit of 5 free articles.\nSubscribe now\n"
    assert cleaner.clean(text).text == "Story text here.\n"


def test_paywall_notice_in_the_middle_takes_only_its_own_line():
    prose = "The minister said the plan would be published next week, after talks."
    text = f"Intro sentence.\nSubscribe now for unlimited access.\nPlans from $1\n{prose}\n"
    assert cleaner.clean(text).text == f"Intro sentence.\nPlans from $1\n{prose}\n"


def test_removal_spans_point_at_the_removed_text():
    text = "Title\nCGTN\nBody text.\n"
    (removal,) = cleaner.clean(text).rule_removals()
    assert text[removal.start : removal.end] == removal.text == "CGTN\n"
    assert (removal.rule, removal.line, removal.reason) == ("SRC001", 2, "agency-name-line")


def test_edge_rules_run_again_on_what_is_left(tmp_path):
    rule = line_rule("T001", r"\d+", remove=("12",), keep=("twelve",), extra='scope = "tail"\nlines = 1')
    rules = cleaner.load_rules(write_rules(tmp_path / "edge.toml", rule), defaults=False)
    result = cleaner.clean("Body.\n1\n2\n3\n", rules=rules)
    assert result.text == "Body.\n"
    assert cleaner.clean(result.text, rules=rules).text == result.text


def test_runaway_pattern_is_skipped_and_reported(tmp_path):
    rule = line_rule("SLOW001", "(a|aa)+b", "A catastrophically backtracking pattern.", remove=("ab",))
    rules = cleaner.load_rules(write_rules(tmp_path / "slow.toml", rule), defaults=False)
    result = cleaner.clean("a" * 40 + "c\nBody.\n", rules=rules, timeout=0.05)
    assert [s.rule for s in result.skipped] == ["SLOW001"]
    assert result.text == "a" * 40 + "c\nBody.\n"


def test_clean_reuses_loaded_rules_and_defaults_are_cached():
    assert cleaner.default_rules() is cleaner.default_rules()
    rules = cleaner.load_rules(select=["CAP"])
    assert all(r.id.startswith("CAP") for r in rules)
    assert cleaner.clean("CGTN\nText.\n", rules=rules).text == "CGTN\nText.\n"


@pytest.mark.parametrize(
    ("call", "value", "message"),
    [
        (cleaner.clean, None, "clean() takes str, not NoneType"),
        (
            cleaner.clean,
            b"CGTN\n",
            "clean() takes str, not bytes: decode them first, as in clean(data.decode(",
        ),
        (cleaner.clean_html, None, "clean_html() takes the page as str or bytes, not NoneType"),
    ],
)
def test_a_text_that_is_not_str_is_a_type_error_saying_what_to_pass(call, value, message):
    with pytest.raises(TypeError) as raised:
        call(value)
    assert str(raised.value).startswith(message)


MESSY = "\ufeffCGTN\r\nПереговоры возобновились.  \r\n\r\n\r\n会谈恢复。\u00a0\r\nRead more:\r\nA headline\r\n\r\nمحادثات"


@pytest.mark.parametrize("size", [1, 2, 7, 1 << 20])
def test_result_chunks_are_the_text_in_pieces_of_at_most_chunk_characters(monkeypatch, size):
    monkeypatch.setattr("cleaner.engine.apply.CHUNK", size)
    for text in (MESSY, MESSY * 40, "CGTN", "", "\n\n"):
        lazy, eager = cleaner.clean(text), cleaner.clean(text)
        pieces = list(lazy.chunks())
        assert all(0 < len(piece) <= max(size, 2) for piece in pieces)  # the appended "\r\n" is one piece
        assert "".join(pieces) == eager.text == lazy.text and list(lazy.chunks()) == pieces
        assert lazy.restore() == text


def test_result_is_immutable_compares_by_its_fields_and_pickles_with_its_text():
    import pickle

    lazy = cleaner.clean(MESSY)
    eager = cleaner.Result(cleaner.clean(MESSY).text, lazy.removals, lazy.appended)
    assert lazy == eager and hash(lazy) == hash(eager) and lazy != cleaner.clean(MESSY + "\nmore")
    with pytest.raises(AttributeError):
        lazy.text = "x"
    fresh = cleaner.clean(MESSY)
    copy = pickle.loads(pickle.dumps(fresh))
    assert copy == eager and copy.text == eager.text and "Переговоры" in repr(copy)
