"""Broken rule files give one clear error naming the file and the rule."""

import pytest
from conftest import line_rule, write_rules

import cleaner
from cleaner import RuleError

GOOD = line_rule("T001", "junk", remove=("junk",), keep=("not junk here",))


def load(tmp_path, body):
    return cleaner.load_rules(write_rules(tmp_path / "user.toml", body), defaults=False)


def test_a_users_rule_file_loads_and_works(tmp_path):
    rules = load(tmp_path, GOOD)
    assert [r.id for r in rules] == ["T001"]
    assert rules[0].family == "user"
    assert cleaner.clean("junk\nkept\n", rules=rules).text == "kept\n"


@pytest.mark.parametrize(
    "body, message",
    [
        ("[[rules]\nid=1", "invalid TOML"),
        (
            GOOD.replace("pattern = 'junk'", "pattern = 'ju(nk'"),
            "T001: invalid regex in 'pattern' at position 5: missing ): 'ju(nk'",
        ),
        (GOOD.replace('kind = "line"', 'kind = "lines"'), "T001: unknown kind 'lines'; did you mean 'line'?"),
        (
            GOOD.replace("pattern = 'junk'", "pattern = 'junk'\npatern = 'x'"),
            "T001: unknown key 'patern'; did you mean 'pattern'?",
        ),
        (
            GOOD.replace('examples = {remove = ["junk"], keep = ["not junk here"]}', ""),
            "T001: no examples: add [rules.examples]",
        ),
        (GOOD.replace('keep = ["not junk here"]', "keep = []"), "T001: needs at least one 'keep' example"),
        (GOOD.replace('id = "T001"', 'id = "t1"'), "bad or missing id 't1'"),
        (GOOD.replace("pattern = 'junk'", ""), "T001: kind 'line' needs key 'pattern'"),
        (GOOD.replace('name = "test-rule"', 'name = "Test Rule"'), "must be kebab-case"),
        (GOOD.replace('kind = "line"', 'kind = "line"\nscope = "middle"'), "scope must be one of"),
        ("title = 'x'", "unknown top-level key 'title'"),
        ("", "no rules"),
    ],
)
def test_broken_rule_file_names_file_and_rule(tmp_path, body, message):
    with pytest.raises(RuleError) as info:
        load(tmp_path, body)
    text = str(info.value)
    assert text.startswith(str(tmp_path / "user.toml") + ":")
    assert message in text
    assert "\n" not in text


def test_duplicate_ids_across_files_are_refused(tmp_path):
    write_rules(tmp_path / "a.toml", GOOD)
    write_rules(tmp_path / "b.toml", GOOD)
    with pytest.raises(
        RuleError, match=r"b\.toml:2:1: T001: duplicate rule id, first defined in .*a\.toml:2"
    ):
        cleaner.load_rules(tmp_path, defaults=False)


def test_missing_rule_path_is_an_error(tmp_path):
    with pytest.raises(RuleError, match="no such rule file or folder"):
        cleaner.load_rules(tmp_path / "nope.toml")


def test_user_rules_add_to_the_defaults(tmp_path):
    rules = cleaner.load_rules(write_rules(tmp_path / "user.toml", GOOD))
    assert rules.get("T001") and rules.get("PAY001")
