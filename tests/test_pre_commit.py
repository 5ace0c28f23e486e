"""The pre-commit hooks, run by the real ``pre-commit try-repo`` in a throwaway project."""

import os
import shutil
import subprocess
import sys

import pytest
import regex
from conftest import ROOT, SEEDS

import cleaner

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
    assert regex.search(r"cleaner check \(fail[^\n]*Passed\n", both.stdout)
    assert (project / "dirty.txt").read_text(encoding="utf-8") == cleaner.clean(dirty_text).text
    assert (project / "clean.txt").read_text(encoding="utf-8") == clean_text
