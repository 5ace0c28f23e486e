"""Configuration files: found by walking up, every key read, the command line wins."""

import pytest
from conftest import ROOT, write_rules
from test_rule_check import GOOD
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.cli.shared import option_defaults
from cleaner.pack.config import KEYS, Config, ConfigError, find_config, load_config, pack_path, read_config
from cleaner.pack.rules import default_rules, default_rules_path

runner = CliRunner()


def listed(*args):
    """The ids `rules list` lists, less the HTML page rules (listed last whatever the packs)."""
    result = runner.invoke(app, [*args, "rules", "list"])
    assert result.exit_code == 0, result.output
    return [row.split()[0] for row in result.stdout.splitlines() if not row.startswith("PAG")]


def test_found_by_walking_up_cleaner_toml_before_pyproject(tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nselect = ["PAY"]\n')
    assert find_config(sub) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no [tool.cleaner]: skipped
    assert find_config(sub) == tmp_path / "pyproject.toml"
    (tmp_path / "pyproject.toml").with_name("cleaner.toml").write_text('select = ["CAP"]\n')
    assert find_config(sub) == tmp_path / "cleaner.toml"
    assert load_config(start=sub).select == ("CAP",)


def test_every_key_is_read(tmp_path):
    (tmp_path / "mine").mkdir()
    path = tmp_path / "cleaner.toml"
    path.write_text(
        'packs = []\nrules = ["mine"]\nselect = ["ACME"]\nignore = ["ACME002"]\n'
        'glob = "*.md"\nmax-removed-share = 0.5\n'
    )
    config = read_config(path)
    assert config == Config(
        path=path,
        packs=(),
        rules=(tmp_path / "mine",),
        select=("ACME",),
        ignore=("ACME002",),
        glob="*.md",
        max_removed_share=0.5,
    )
    assert option_defaults(config) == {
        "rules": [str(tmp_path / "mine")],
        "no_default_rules": True,
        "select": ["ACME"],
        "ignore": ["ACME002"],
        "glob": "*.md",
        "max_removed_share": 0.5,
    }


@pytest.mark.parametrize(
    "body, message",
    [
        ('selct = ["PAY"]', "unknown key 'selct'; did you mean 'select'?"),
        ('select = "PAY"', "'select' must be a list of strings"),
        ("glob = 3", "'glob' must be a pattern string"),
        ("max-removed-share = 2", "'max-removed-share' must be a number above 0 and at most 1"),
        ('packs = ["no_such_pack_here"]', "pack 'no_such_pack_here': no installed Python package"),
    ],
)
def test_bad_config_is_an_error_naming_the_file(tmp_path, monkeypatch, body, message):
    (tmp_path / "cleaner.toml").write_text(body + "\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["rules", "list"])
    assert result.exit_code == 2
    assert "cleaner.toml" in result.stderr and message in result.stderr


def test_pyproject_errors_name_the_table(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.cleaner]\nignor = ["X"]\n')
    with pytest.raises(
        ConfigError, match=r"pyproject.toml: \[tool.cleaner\]: unknown key 'ignor'; did you mean 'ignore'"
    ):
        read_config(path)


def test_command_line_wins_over_the_file(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nselect = ["PAY"]\nignore = ["PAY002"]\n')
    monkeypatch.chdir(tmp_path)
    assert listed() == [r.id for r in default_rules() if r.id.startswith("PAY") and r.id != "PAY002"]
    assert runner.invoke(app, ["rules", "list", "--select", "CAP"]).stdout.split()[0] == "CAP001"
    assert listed("--isolated") == listed("--config", str(write_rules(tmp_path / "empty.toml", "")))
    assert "SRC001" in listed("--isolated")


def test_config_rules_and_packs_load_user_rules(tmp_path, monkeypatch):
    (tmp_path / "acme").mkdir()
    write_rules(tmp_path / "acme" / "acme.toml", GOOD)
    (tmp_path / "cleaner.toml").write_text('packs = []\nrules = ["acme"]\n')
    monkeypatch.chdir(tmp_path)
    assert listed() == ["ACME001"]
    rows = runner.invoke(app, ["rules", "list"]).stdout.splitlines()
    assert [row.split()[0] for row in rows] == ["ACME001", "PAG001", "PAG002", "PAG003", "PAG004", "PAG005"]  # HTML input has them
    (tmp_path / "cleaner.toml").write_text('packs = ["cleaner", "./acme"]\n')  # a folder is a pack too
    ids = listed()
    assert "ACME001" in ids and "PAY001" in ids


def test_an_installed_package_is_a_pack(tmp_path, monkeypatch):
    package = tmp_path / "site" / "acme_rules"
    (package / "rules").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    write_rules(package / "rules" / "acme.toml", GOOD)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    assert pack_path("acme_rules") == package / "rules"
    assert pack_path("cleaner") == default_rules_path()
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.cleaner]\npacks = ["acme_rules"]\n')
    monkeypatch.chdir(project)
    assert listed() == ["ACME001"]


def test_config_glob_is_the_default_of_clean(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("CGTN\nThe talks resumed.\n")
    (tmp_path / "docs" / "b.txt").write_text("CGTN\nThe talks resumed.\n")
    (tmp_path / "cleaner.toml").write_text('glob = "*.md"\n')
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["clean", "docs", "--check"])
    assert result.exit_code == 1 and result.stdout == "would clean docs/a.md\n"
    result = runner.invoke(app, ["clean", "docs", "--check", "--glob", "*.txt"])
    assert result.stdout == "would clean docs/b.txt\n"


def test_readme_documents_every_key():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"| `{key}` |" in readme, key
