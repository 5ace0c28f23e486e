"""`cleaner explain`: the document with removals marked, for people and for tools."""

import json

from typer.testing import CliRunner

import cleaner
from cleaner.cli import app

runner = CliRunner()
TEXT = "CGTN\r\nПереговоры возобновились в понедельник.\r\n\r\nRead more:\r\nMoon calls for talks\r\n"


def explain(*args, text=TEXT):
    return runner.invoke(app, ["explain", "-", *args], input=text.encode("utf-8"))


def test_text_marks_removed_lines_with_their_rule():
    result = explain()
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert rows[0] == "    1 - SRC001 │ CGTN"
    assert rows[1] == "    2          │ Переговоры возобновились в понедельник."
    assert rows[3] == "    4 - REL001 │ Read more:"
    assert rows[4] == "    5 - REL001 │ Moon calls for talks"
    legend = rows[6:]
    assert legend[0].startswith("SRC001 agency-name-line (1×): The name of a news agency")
    assert legend[1].startswith("REL001 related-headlines (1×):")
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    assert "2 removals by 2 rules" in result.stderr


def test_color_on_request():
    out = explain("--color").stdout
    assert "\x1b[31m" in out and "\x1b[33mSRC001" in out


def test_json_for_tools():
    result = explain("--format", "json")
    data = json.loads(result.stdout)
    assert data["text"] == cleaner.clean(TEXT).text
    assert [(r["rule"], r["line"], r["text"]) for r in data["removals"]] == [
        ("SRC001", 1, "CGTN\r\n"),
        ("REL001", 4, "Read more:\r\nMoon calls for talks\r\n"),
    ]
    assert data["removals"][1]["description"] == cleaner.default_rules().get("REL001").description
    assert all(TEXT[r["start"] : r["end"]] == r["text"] for r in data["removals"])


def test_select_applies_and_a_clean_text_has_no_marks():
    result = explain("--select", "SRC")
    marks = [row[6:14] for row in result.stdout.splitlines()[:5]]
    assert marks == ["- SRC001"] + ["        "] * 4
    clean_text = "The talks resumed on Monday.\n"
    result = explain(text=clean_text)
    assert result.stdout == "    1    │ The talks resumed on Monday.\n"


def test_missing_file_is_an_error(tmp_path):
    result = runner.invoke(app, ["explain", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_a_page_rule_code_is_an_error_here_as_any_code_that_names_no_rule(tmp_path):
    """explain and mine read text, never a page: PAG001 would choose nothing silently."""
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    for command in (["explain", "-"], ["mine", str(tmp_path)]):
        result = runner.invoke(app, [*command, "--select", "PAG001"], input=TEXT.encode("utf-8"))
        assert result.exit_code == 2, command
        assert "--select PAG001: no loaded rule's id starts with 'PAG001'" in result.stderr
