"""Rule file validation: every problem reported, each at its line and column."""

import pytest
from conftest import write_rules
from typer.testing import CliRunner

from cleaner import RuleError, load_rules
from cleaner.cli import app
from cleaner.pack.rules import read_rules

GOOD = """
[[rules]]
id = "ACME001"
name = "acme-footer"
kind = "line"
description = "The Acme site footer."
pattern = '''© \\d+ Acme'''

[rules.examples]
remove = ["© 2024 Acme"]
keep = ["Acme shares rose."]
"""

BAD = """# three broken rules
[[rules]]
id = "ACME001"
name = "acme-footer"
kind = "line"
patern = '''© Acme'''
description = "The Acme site footer."

[rules.examples]
remove = ["© Acme"]
keep = ["Acme shares rose."]

[[rules]]
id = "ACME002"
name = "Bad Name"
kind = "lin"
description = "Broken on purpose."
pattern = ['''ok''', '''Подпис(аться''']

[[rules]]
id = "ACME003"
name = "fine-but-untested"
kind = "line"
description = "No examples at all."
pattern = '''x'''
"""


def lines_of(problems):
    return [str(p) for p in problems]


def test_check_reports_every_problem_with_line_and_column(tmp_path):
    path = write_rules(tmp_path / "bad.toml", BAD)
    rules, problems = read_rules([path])
    assert rules == []
    got = lines_of(problems)
    assert f"{path}:6:1: ACME001: unknown key 'patern'; did you mean 'pattern'?" in got
    assert f"{path}:2:1: ACME001: kind 'line' needs key 'pattern'" in got
    assert f"{path}:15:1: ACME002: name 'Bad Name' must be kebab-case, like paywall-block" in got
    assert f"{path}:16:1: ACME002: unknown kind 'lin'; did you mean 'line'?" in got
    regex_problem = next(p for p in problems if "invalid regex" in p.message)
    line = BAD.splitlines()[regex_problem.line - 1]
    # the column points into the pattern at the regex module's error position
    offset = line.index("Подпис(аться")
    assert regex_problem.line == 18 and regex_problem.column - 1 >= offset
    assert "at position" in regex_problem.message and "missing )" in regex_problem.message
    assert any(p.rule_id == "ACME003" and p.message.startswith("no examples") for p in problems)
    assert len(problems) == 7


def test_toml_syntax_error_gives_line_and_column(tmp_path):
    path = write_rules(tmp_path / "broken.toml", '[[rules]]\nid = "X1"\nname = \n')
    (problem,) = read_rules([path])[1]
    assert (problem.line, problem.column) == (3, 8)
    assert problem.message.startswith("invalid TOML")


def test_duplicate_ids_across_files_name_both(tmp_path):
    a = write_rules(tmp_path / "a.toml", GOOD)
    b = write_rules(tmp_path / "b.toml", GOOD)
    rules, problems = read_rules([a, b])
    assert [r.id for r in rules] == ["ACME001"]
    assert lines_of(problems) == [f"{b}:2:1: ACME001: duplicate rule id, first defined in {a}:2"]


def test_missing_file_and_unknown_top_level_key(tmp_path):
    path = write_rules(tmp_path / "top.toml", "rule = 1\n" + GOOD)
    problems = read_rules([path, tmp_path / "nope.toml"])[1]
    assert lines_of(problems) == [
        f"{path}: unknown top-level key 'rule'; did you mean 'rules'?; rules go in [[rules]] tables",
        f"{tmp_path / 'nope.toml'}: no such rule file or folder",
    ]


def test_an_empty_folder_is_a_problem(tmp_path):
    (tmp_path / "empty").mkdir()
    assert lines_of(read_rules([tmp_path / "empty"])[1]) == [
        f"{tmp_path / 'empty'}: no rule files (*.toml) in this folder"
    ]


def test_loading_refuses_what_check_reports(tmp_path):
    path = write_rules(tmp_path / "bad.toml", BAD)
    with pytest.raises(RuleError) as caught:
        load_rules(path, defaults=False)
    assert len(caught.value.problems) == 7
    assert str(caught.value).startswith(f"{path}:6:1: ACME001: unknown key 'patern'")
    assert "and 6 more problems" in str(caught.value)


def test_cli_check_lists_problems_sorted_and_exits_1(tmp_path):
    bad = write_rules(tmp_path / "bad.toml", BAD)
    good = write_rules(tmp_path / "good.toml", GOOD.replace("ACME001", "ACME009"))
    result = CliRunner().invoke(app, ["rules", "check", str(bad), str(good)])
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert len(out) == 7 and all(line.startswith(f"{bad}:") for line in out)
    assert [int(line.split(":")[1]) for line in out] == sorted(int(line.split(":")[1]) for line in out)
    assert "1 valid rule, 7 problems" in result.stderr


def test_cli_check_passes_a_good_folder(tmp_path):
    write_rules(tmp_path / "good.toml", GOOD)
    result = CliRunner().invoke(app, ["rules", "check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "1 valid rule, 0 problems" in result.stderr


def test_check_reports_a_pattern_that_backtracks_catastrophically(tmp_path):
    slow = GOOD.replace("'''© \\d+ Acme'''", "'''(?:share|teilen):\\s*(a|aa)+$'''").replace(
        'remove = ["© 2024 Acme"]', 'remove = ["share: aaa"]'
    )
    path = write_rules(tmp_path / "slow.toml", slow + GOOD.replace("ACME001", "ACME002"))
    result = CliRunner().invoke(app, ["rules", "check", str(path)])
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(
        f"{path}:2:1: ACME001: pattern 'pattern' backtracks catastrophically: on a line of"
    )
    assert "'share:aaaa" in line and "possessive" in line
    assert "2 valid rules, 1 problem" in result.stderr


def test_every_default_rule_passes_the_backtracking_probe():
    from cleaner.pack.backtracking import problems

    assert problems(load_rules()) == []
