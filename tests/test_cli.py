"""The command line, through Typer's runner and as a real installed script."""

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SEEDS, line_rule, write_rules
from typer.testing import CliRunner

import cleaner
from cleaner.cli import app

runner = CliRunner()
DIRTY = "CGTN\nThe talks resumed.\n"


def run(*args, input=None):
    return runner.invoke(app, list(map(str, args)), input=input)


def test_stdin_to_stdout():
    result = run("clean", "-", input=DIRTY)
    assert result.exit_code == 0
    assert result.stdout == "The talks resumed.\n"


def test_file_to_stdout_and_folder_to_out_dir(seed_dir, tmp_path):
    out = tmp_path / "out"
    result = run("clean", seed_dir, "--out", out)
    assert result.exit_code == 0, result.output
    for seed in SEEDS:
        expected = cleaner.clean(seed.read_text(encoding="utf-8")).text
        assert (out / seed.name).read_text(encoding="utf-8") == expected
    one = run("clean", seed_dir / SEEDS[1].name)
    assert one.stdout == (out / SEEDS[1].name).read_text(encoding="utf-8")


def test_out_mirrors_nested_folders_and_glob_selects(tmp_path):
    src = tmp_path / "src"
    (src / "a" / "b").mkdir(parents=True)
    (src / "a" / "b" / "x.txt").write_text(DIRTY, encoding="utf-8")
    (src / "a" / "y.md").write_text(DIRTY, encoding="utf-8")
    assert run("clean", src, "--out", tmp_path / "out").exit_code == 0
    assert (tmp_path / "out" / "a" / "b" / "x.txt").read_text(encoding="utf-8") == "The talks resumed.\n"
    assert not (tmp_path / "out" / "a" / "y.md").exists()
    assert run("clean", src, "--out", tmp_path / "md", "--glob", "*.md").exit_code == 0
    assert (tmp_path / "md" / "a" / "y.md").exists()


def test_in_place_rewrites_only_changed_files(seed_dir):
    clean_file = seed_dir / SEEDS[0].name
    clean_file.write_text(cleaner.clean(clean_file.read_text(encoding="utf-8")).text, encoding="utf-8")
    before = clean_file.stat().st_mtime_ns
    result = run("clean", seed_dir, "--in-place")
    assert result.exit_code == 0
    assert clean_file.stat().st_mtime_ns == before
    assert "953km" not in (seed_dir / SEEDS[1].name).read_text(encoding="utf-8")
    assert run("clean", seed_dir, "--check").exit_code == 0


def test_check_lists_files_and_exits_1_without_writing(seed_dir):
    before = {p: p.read_bytes() for p in seed_dir.iterdir()}
    result = run("clean", seed_dir, "--check")
    assert result.exit_code == 1
    assert f"would clean {seed_dir / SEEDS[1].name}" in result.stdout
    assert {p: p.read_bytes() for p in seed_dir.iterdir()} == before


def test_diff_prints_unified_diff():
    result = run("clean", "--diff", "-", input=DIRTY)
    assert result.exit_code == 0
    assert "--- a/-\n+++ b/-\n" in result.stdout and "-CGTN\n" in result.stdout


def test_explain_prints_file_line_rule_and_text(seed_dir):
    result = run("clean", "--explain", seed_dir / SEEDS[1].name)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert f"{seed_dir / SEEDS[1].name}:2 SRC001: CGTN" in lines
    assert any(":55 STR001: 953km" in line for line in lines)


def test_folder_without_destination_is_a_usage_error(seed_dir):
    result = run("clean", seed_dir)
    assert result.exit_code == 2
    assert "--out DIR or --in-place" in result.stderr


def test_broken_rule_file_exits_2_naming_it(tmp_path):
    bad = write_rules(tmp_path / "bad.toml", "[[rules]]\nid = 'X1'\nkind = 'nope'\n")
    result = run("clean", "--rules", bad, "-", input=DIRTY)
    assert result.exit_code == 2
    assert f"{bad}:3:1: X1: unknown kind 'nope'" in result.stderr


def test_bad_input_file_is_reported_and_the_batch_goes_on(tmp_path):
    (tmp_path / "in").mkdir()  # the output folder may not be inside the input folder
    (tmp_path / "in" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_bytes(b"\xff\xfe\x00binary")
    result = run("clean", tmp_path / "in", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{tmp_path / 'in' / 'b.txt'}: binary file" in result.stderr
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "The talks resumed.\n"


def test_no_default_rules_and_extra_rules(tmp_path):
    assert run("clean", "--no-default-rules", "-", input=DIRTY).stdout == DIRTY
    talks = line_rule("T001", ".*talks.*", remove=("the talks",), keep=("the walks",))
    rules = write_rules(tmp_path / "talks.toml", talks)
    result = run("clean", "--no-default-rules", "--rules", rules, "-", input=DIRTY)
    assert result.stdout == "CGTN\n"


def test_rules_lists_ids_and_version_prints():
    listing = run("rules").stdout
    row = next(line for line in listing.splitlines() if line.startswith("PAY001"))
    assert row.split()[:4] == ["PAY001", "paywall", "paywall-block", "rules/paywall.toml:4"]
    assert run("--version").stdout == f"cleaner {cleaner.__version__}\n"


def test_help_documents_exit_codes():
    assert "Exit codes: 0 success, 1 --check" in run("clean", "--help").stdout


def test_installed_console_script_cleans_stdin():
    script = Path(sys.executable).with_name("cleaner")
    exe = str(script) if script.exists() else shutil.which("cleaner")
    assert exe, "the cleaner console script is not installed"
    seed = SEEDS[2].read_text(encoding="utf-8")
    done = subprocess.run([exe, "clean", "-"], input=seed.encode(), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == cleaner.clean(seed).text
