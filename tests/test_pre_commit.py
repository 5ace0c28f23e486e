"""The pre-commit hooks: run by the real ``pre-commit try-repo`` in a throwaway project, and
the fixer's entry in-process for what it says."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from conftest import ROOT, SEEDS
from typer.testing import CliRunner

import cleaner
from cleaner.cli import app

ENV = os.environ | {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, check=True, capture_output=True, text=True).stdout


def snapshot_of_this_tree(target):
    """A git repository holding this working tree as it is now (committed or not)."""
    target.mkdir()
    for name in git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=ROOT).split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    git("init", "-q", cwd=target)
    git("add", "-A", cwd=target)
    git("commit", "-q", "-m", "snapshot", cwd=target)
    return target


@pytest.mark.slow
def test_fix_and_check_hooks(tmp_path):
    env = ENV | {"PRE_COMMIT_HOME": str(tmp_path / "cache")}
    hooks = snapshot_of_this_tree(tmp_path / "cleaner")
    project = tmp_path / "project"
    project.mkdir()
    dirty_text = SEEDS[1].read_text(encoding="utf-8")
    clean_text = cleaner.clean(SEEDS[0].read_text(encoding="utf-8")).text
    (project / "dirty.txt").write_text(dirty_text, encoding="utf-8")
    (project / "clean.txt").write_text(clean_text, encoding="utf-8")
    git("init", "-q", cwd=project)
    git("add", "-A", cwd=project)

    def try_repo(*hook):  # each run installs the hooks afresh (~15-30 s), so only two runs
        command = [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), *hook, "--all-files"]
        return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)

    check = try_repo("cleaner-check")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "would clean dirty.txt" in check.stdout
    assert (project / "dirty.txt").read_text(encoding="utf-8") == dirty_text

    both = try_repo()  # the fixer runs first and fixes; then the check passes
    assert both.returncode == 1, both.stdout + both.stderr
    assert "- hook id: cleaner\n- exit code: 1\n- files were modified by this hook" in both.stdout
    assert "cleaned dirty.txt (" in both.stdout
    assert regex.search(r"cleaner check \(fail[^\n]*Passed\n", both.stdout)
    assert (project / "dirty.txt").read_text(encoding="utf-8") == cleaner.clean(dirty_text).text
    assert (project / "clean.txt").read_text(encoding="utf-8") == clean_text


DIRTY = (
    "The council voted on Tuesday to extend the scheme for another two years, officials said.\n"
    "Share on Facebook\n"
    "Read more:\nMoon calls for talks\nStorm hits the coast\n\n"
    "The decision follows months of debate among residents and local business owners.\n"
    "Read more:\nPrices rise again\nMarkets fall on news\n"
)


def fixer_args() -> list[str]:
    """The arguments the ``cleaner`` hook passes to ``cleaner`` (its entry, less the program)."""
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    program, *args = hooks["cleaner"]["entry"].split()
    assert program == "cleaner"
    return args


def test_fixer_names_each_file_it_changed_and_what_each_rule_removed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("articles").mkdir()
    Path("articles/dirty.txt").write_text(DIRTY, encoding="utf-8")
    Path("articles/tidy.txt").write_text("Only whitespace to tidy.   \n\n\n", encoding="utf-8")
    Path("articles/clean.txt").write_text("Nothing to do here.\n", encoding="utf-8")
    files = ["articles/clean.txt", "articles/dirty.txt", "articles/tidy.txt"]
    result = CliRunner().invoke(app, [*fixer_args(), *files])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        "cleaned articles/dirty.txt (REL001 ×2, SHR001)",
        "cleaned articles/tidy.txt (layout)",
    ]
    assert not any("clean.txt" in line for line in lines)
    quiet = CliRunner().invoke(app, [*fixer_args(), "--quiet", *files])
    assert quiet.exit_code == 0 and quiet.stderr == ""  # nothing left to clean, and nothing said
