"""Faults a user would otherwise miss: each is reported in one line, never passed in silence."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

CLEANER = str(Path(sys.executable).parent / "cleaner")
DIRTY = "CGTN\nThe talks resumed.\n"
runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(map(str, args)), input=input)


def as_nobody() -> list[str]:
    """A command prefix that runs a program as the user nobody (root reads any folder)."""
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    pytest.skip("needs setpriv or runuser to run as a user who cannot read a folder")


@pytest.fixture
def shared_dir():
    """A folder the user nobody may enter (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="cleaner-shared-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755)
    shutil.rmtree(folder)


def test_unreadable_folder_is_reported_as_failed(shared_dir):
    (shared_dir / "a.txt").write_text(DIRTY, encoding="utf-8")
    locked = shared_dir / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(DIRTY, encoding="utf-8")
    locked.chmod(0o000)
    env = {**os.environ, "CLEANER_NO_CACHE": "1"}
    done = subprocess.run(
        [*as_nobody(), CLEANER, "clean", str(shared_dir), "--check"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 2, done.stderr
    assert f"cleaner: {locked}: cannot read this folder: permission denied" in done.stderr.splitlines()
    assert "2 files: 1 changed, 0 unchanged, 0 suspicious, 1 failed" in done.stderr


def test_mine_reports_an_unreadable_folder_and_counts_it(shared_dir):
    (shared_dir / "a.txt").write_text(DIRTY, encoding="utf-8")
    locked = shared_dir / "locked"
    locked.mkdir()
    locked.chmod(0o000)
    env = {**os.environ, "CLEANER_NO_CACHE": "1"}
    done = subprocess.run(
        [*as_nobody(), CLEANER, "mine", str(shared_dir)], capture_output=True, text=True, env=env
    )
    assert f"cleaner: {locked}: cannot read this folder: permission denied" in done.stderr.splitlines()
    assert "1 documents (1 unreadable)" in done.stderr


def test_stale_temp_files_of_a_killed_run_are_removed_and_named(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    stale = tmp_path / ".a.txt.k3j9x2.cleaner-tmp"
    fresh = tmp_path / ".a.txt.p0q1r2.cleaner-tmp"  # may be another run's, still writing
    for path in (stale, fresh):
        path.write_text("half of a file", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    result = run("clean", tmp_path, "--in-place")
    assert result.exit_code == 0
    assert f"cleaner: {stale}: removed, a temp file left by a run that was killed" in result.stderr
    assert not stale.exists() and fresh.exists()
    assert str(fresh) not in result.stderr


@pytest.mark.parametrize(
    ("option", "code", "hint"),
    [
        ("--select", "PAX", "did you mean 'PAY'?"),
        ("--ignore", "pay", "did you mean 'PAY'?"),
        ("--select", "XYZ", "rule ids start with ADV, "),
    ],
)
def test_a_select_or_ignore_code_matching_no_rule_is_a_usage_error(option, code, hint):
    result = run("clean", "-", option, f"SRC,{code}", input=DIRTY)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = f"cleaner: {option} {code}: no loaded rule's id starts with '{code}'; {hint}"
    assert result.stderr.startswith(message)


def test_a_run_matching_no_file_warns_naming_the_paths_and_the_glob(tmp_path):
    (tmp_path / "notes.md").write_text(DIRTY, encoding="utf-8")
    result = run("clean", tmp_path, "--check", "--glob", "*.txt")
    assert result.exit_code == 0
    assert f"cleaner: warning: no file matched: {tmp_path} (searched for --glob '*.txt')" in result.stderr


def test_several_files_to_stdout_is_a_usage_error_suggesting_out_or_in_place(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(DIRTY, encoding="utf-8")
    result = run("clean", tmp_path / "a.txt", tmp_path / "b.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "pass --out DIR or --in-place" in result.stderr


def test_out_naming_an_existing_file_is_one_usage_error(tmp_path):
    for name in ("a.txt", "b.txt", "taken.txt"):
        (tmp_path / name).write_text(DIRTY, encoding="utf-8")
    result = run("clean", tmp_path / "a.txt", tmp_path / "b.txt", "--out", tmp_path / "taken.txt")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"cleaner: --out {tmp_path / 'taken.txt'}: is a file;"
        " --out takes a folder (created if missing) to write the clean files in"
    ]
    assert (tmp_path / "taken.txt").read_text(encoding="utf-8") == DIRTY
