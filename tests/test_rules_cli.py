"""`cleaner rules` list/show/test, and --select/--ignore wherever rules load."""

import pytest
from conftest import write_rules
from test_rule_check import BAD, GOOD
from typer.testing import CliRunner

import cleaner
from cleaner import default_rules, load_rules
from cleaner.cli import app
from cleaner.io import page_examples
from cleaner.io.page import default_page_rules
from cleaner.pack.examples import cases
from cleaner.pack.rules import UnknownCode

runner = CliRunner()


def run(*args, **kwargs):
    return runner.invoke(app, list(args), **kwargs)


def test_list_shows_id_family_name_and_source_file():
    result = run("rules", "list")
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert len(rows) == len(load_rules(opt_in=True)) + 5  # the opt-in rules are listed, marked
    assert "(opt-in)" in next(row for row in rows if row.startswith("TTL001"))
    assert [row.split()[:3] for row in rows[-5:]] == [  # and the HTML page rules, last
        ["PAG001", "page", "page-furniture"],
        ["PAG002", "page", "after-the-article"],
        ["PAG003", "page", "page-address"],
        ["PAG004", "page", "article-headline"],
        ["PAG005", "page", "repeated-passage"],
    ]
    assert "page.toml" in rows[-4] and "(HTML input) A line after the article" in rows[-4]
    pay = next(row for row in rows if row.startswith("PAY001"))
    assert pay.split()[:3] == ["PAY001", "paywall", "paywall-block"]
    assert "paywall.toml:" in pay and "A paywall notice" in pay
    assert run("rules").stdout == result.stdout  # plain `cleaner rules` lists too


def test_list_select_and_ignore_by_prefix():
    rows = run("rules", "list", "--select", "PAY,CAP", "--ignore", "PAY002").stdout.splitlines()
    expected = [r.id for r in default_rules() if r.id.startswith(("PAY", "CAP")) and r.id != "PAY002"]
    assert [row.split()[0] for row in rows] == expected
    assert "CAP001" in expected and "PAY001" in expected


def test_show_prints_the_whole_rule():
    result = run("rules", "show", "cap001")
    assert result.exit_code == 0
    out = result.stdout
    rule = default_rules().get("CAP001")
    assert out.startswith("CAP001  repeated-photo-caption")
    assert "kind: repeated" in out and "captions.toml:" in out
    for pattern in rule.spec["pattern"]:
        assert pattern in out
    for example in rule.examples.remove + rule.examples.keep:
        assert example.splitlines()[0] in out


def test_show_unknown_id_suggests_the_nearest():
    result = run("rules", "show", "PAY01")
    assert result.exit_code == 2
    assert "no rule 'PAY01'; did you mean 'PAY001'?" in result.stderr


def test_test_runs_every_default_example():
    result = run("rules", "test")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    page_cases = list(page_examples.cases(default_page_rules().rules))
    assert len(lines) == len(list(cases(load_rules(opt_in=True)))) + len(page_cases)  # opt-in rules too
    assert all(line.startswith("PASS ") for line in lines)
    assert "PASS PAY001-remove-0" in lines
    assert "PASS PAG002-keep-0" in lines  # the HTML page rules' fragments, cleaned as pages


def test_test_select_a_page_rule_runs_its_examples():
    result = run("rules", "test", "--select", "PAG001")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "PASS PAG001-remove-0"
    n = len(list(page_examples.cases(default_page_rules().choose(select=["PAG001"]).rules)))
    assert f"1 rule, {n} examples: {n} passed, 0 failed" in result.stderr
    assert "PAG" not in run("rules", "test", "--no-default-rules").stdout


def test_test_a_users_file_pass_and_fail(tmp_path):
    good = write_rules(tmp_path / "good.toml", GOOD)
    result = run("rules", "test", str(good))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["PASS ACME001-remove-0", "PASS ACME001-keep-0"]
    failing = write_rules(
        tmp_path / "failing.toml", GOOD.replace('keep = ["Acme shares rose."]', 'keep = ["© 1999 Acme"]')
    )
    result = run("rules", "test", str(failing))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "PASS ACME001-remove-0"
    assert result.stdout.splitlines()[1].startswith(
        f"FAIL {failing}:2: ACME001-keep-0: should keep everything"
    )
    assert "1 rule, 2 examples: 1 passed, 1 failed" in result.stderr


def test_test_a_broken_file_is_a_usage_error(tmp_path):
    bad = write_rules(tmp_path / "bad.toml", BAD)
    result = run("rules", "test", str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{bad}:6:1: ACME001: unknown key 'patern'" in result.stderr


def test_clean_select_and_ignore():
    text = "CGTN\nThe talks resumed on Monday.\nRead more:\nMoon calls for talks\n"
    everything = run("clean", "-", input=text).stdout
    assert everything == "The talks resumed on Monday.\n"
    only_related = run("clean", "-", "--select", "REL", input=text).stdout
    assert only_related == "CGTN\nThe talks resumed on Monday.\n"
    no_source = run("clean", "-", "--ignore", "SRC001", input=text).stdout
    assert no_source == "CGTN\nThe talks resumed on Monday.\n"


@pytest.mark.parametrize(
    "command",
    [
        ["rules"],
        ["rules", "list"],
        ["rules", "show", "PAY001"],
        ["rules", "test"],
        ["clean", "-"],
        ["explain", "-"],
        ["mine", "."],
    ],
    ids=" ".join,
)
def test_every_command_refuses_a_bad_rule_file(tmp_path, command):
    bad = write_rules(tmp_path / "bad.toml", BAD)
    result = run(*command, "--rules", str(bad), input="CGTN\nText.\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{bad}:6:1: ACME001: unknown key 'patern'; did you mean 'pattern'?" in result.stderr
    assert "and 6 more problems" in result.stderr


HEADLINE = "Harbour bridge reopens after repairs\nThe harbour bridge reopened to traffic on Monday after eight months of repairs, officials said.\n"


def test_the_default_rules_can_select_an_opt_in_rule_as_the_cli_does():
    rules = default_rules()  # chosen without select: the opt-in rules are left out, not lost
    assert "TTL001" not in [r.id for r in rules]
    assert [r.id for r in rules.choose(select=["TTL001"])] == ["TTL001"]
    assert [r.id for r in rules.choose(select=["REL"])] == [r.id for r in load_rules(select=["REL"])]
    assert "REL004" in [r.id for r in rules.choose(select=["REL"])]  # in load order
    assert [r.id for r in rules.choose(ignore=["TTL001"])] == [r.id for r in rules]  # not unknown
    assert cleaner.clean(HEADLINE, rules=rules.choose(select=["TTL001"])).text == HEADLINE.split("\n", 1)[1]
    assert run("clean", "-", "--select", "TTL001", input=HEADLINE).stdout == HEADLINE.split("\n", 1)[1]


def test_a_choice_narrows_what_was_chosen():
    only_pay = default_rules().choose(select=["PAY"])
    assert [r.id for r in only_pay.choose(ignore=["PAY001"])] == [r.id for r in only_pay][1:]
    with pytest.raises(UnknownCode, match="'TTL001'"):
        only_pay.choose(select=["TTL001"])


def test_show_a_page_rule_with_its_settings_and_html_examples():
    result = run("rules", "show", "PAG001")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("PAG001  page-furniture\n  kind: element   family: page")
    assert "page.toml" in out and "words:\n  newsletter\n" in out and "levels:\n  3\n" in out
    assert '<div class="c-disclaimer"><p>The views expressed here are the author’s own.</p></div>' in out
