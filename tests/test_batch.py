"""Cleaning folders: jobs, report, summary, exit codes, and the guards that lose nothing."""

import json
import os
import shutil
import stat
from dataclasses import replace

import pytest
from conftest import SEEDS, line_rule, write_rules
from typer.testing import CliRunner

import cleaner
from cleaner.cli import app
from cleaner.io import report
from cleaner.io.batch import GUARD_MIN_CHARS, Options, Task, clean_file, clean_files, plan

DIRTY = "CGTN\nMoon calls for talks before the election, officials said on Monday.\n"
CLEAN = "Moon calls for talks before the election, officials said on Monday.\n"


EVERYTHING = line_rule(
    "ALL001", ".+", "A broken rule that matches every line, to prove the over-removal guard."
)
RUNAWAY = line_rule("RUN001", "(a|a)+b", "A catastrophically backtracking pattern on a long run of a's.")


def cli(*args, input=None):
    return CliRunner().invoke(app, ["clean", *map(str, args)], input=input)


@pytest.fixture
def folder(tmp_path):
    """A folder with a dirty file, a clean one, and one in a subfolder."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (root / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (root / "sub" / "seed.txt").write_text(SEEDS[1].read_text(encoding="utf-8"), encoding="utf-8")
    return root


def test_folder_in_place_changes_dirty_files_and_summarises(folder):
    result = cli(folder, "--in-place", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    assert (folder / "dirty.txt").read_text(encoding="utf-8") == CLEAN
    assert "3 files: 2 changed, 1 unchanged, 0 suspicious, 0 failed;" in result.stderr
    assert "bytes removed" in result.stderr
    assert "  SRC001  2 removals in 2 documents" in result.stderr
    assert "CAP001" in result.stderr


def test_out_mirrors_the_tree_and_leaves_the_input(folder, tmp_path):
    out = tmp_path / "out"
    assert cli(folder, "--out", out).exit_code == 0
    assert (out / "sub" / "seed.txt").exists() and (out / "clean.txt").read_text(encoding="utf-8") == CLEAN
    assert (folder / "dirty.txt").read_text(encoding="utf-8") == DIRTY


def test_unchanged_file_is_not_rewritten_and_mode_is_kept(folder):
    (folder / "dirty.txt").chmod(0o640)
    before = (folder / "clean.txt").stat()
    assert cli(folder, "--in-place", "--jobs", "1").exit_code == 0
    after = (folder / "clean.txt").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert stat.S_IMODE((folder / "dirty.txt").stat().st_mode) == 0o640
    assert not [p for p in folder.rglob("*") if p.name.startswith(".")]  # no temp files left


def test_in_place_through_a_symlink_rewrites_the_target(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text(DIRTY, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert cli(link, "--in-place").exit_code == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8") == CLEAN


def test_jobs_give_the_same_outcomes_in_the_same_order(folder):
    tasks = plan([str(folder)], write=False)
    rules = cleaner.default_rules()
    one = list(clean_files(tasks, rules, jobs=1))
    two = list(clean_files(tasks, rules, jobs=2))
    assert [o.path for o in one] == [str(t.src) for t in tasks]
    assert one == two


@pytest.fixture
def mixed(tmp_path):
    """A folder of files with removals from several rules, messy text, and a failure."""
    root = tmp_path / "mixed"
    for i, seed in enumerate(SEEDS):
        (root / f"part{i % 2}").mkdir(parents=True, exist_ok=True)
        shutil.copy(seed, root / f"part{i % 2}" / seed.name)
    (root / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (root / "clean.txt").write_text(CLEAN, encoding="utf-8")
    ru = "CGTN\r\nПрезидент заявил,\u00a0что переговоры возобновятся в понедельник.  \r\n\r\n\r\nРеклама\r\n"
    (root / "ru.txt").write_bytes(b"\xef\xbb\xbf" + ru.encode("utf-8"))
    (root / "latin.txt").write_bytes(b"Caf\xe9 au lait\n")
    return root


def run_jobs(folder, out, jobs, *options):
    """Clean ``folder`` into ``out`` with a report: (exit code, stdout, stderr, report, output files)."""
    shutil.rmtree(out, ignore_errors=True)
    log = out.parent / "report.jsonl"
    result = cli(folder, "--out", out, "--report", log, "--jobs", jobs, *options)
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    return result.exit_code, result.stdout, result.stderr, log.read_bytes(), files


def test_jobs_2_writes_the_same_files_report_and_summary_as_jobs_1(mixed, tmp_path):
    one = run_jobs(mixed, tmp_path / "out", 1)
    assert run_jobs(mixed, tmp_path / "out", 2) == one
    lines = [json.loads(line) for line in one[3].decode("utf-8").splitlines()]
    touched = [line["path"] for line in lines if any(r["rule"] != "layout" for r in line["removals"])]
    assert len(touched) >= 4 and {"changed", "unchanged", "failed"} <= {line["status"] for line in lines}
    assert "  SRC001  " in one[2] and "1 failed" in one[2]


@pytest.mark.parametrize(
    ("mode", "shown"), [("--explain", "dirty.txt:1 SRC001: CGTN"), ("--check", "would clean {mixed}/ru.txt")]
)
def test_jobs_2_explains_and_checks_as_jobs_1(mixed, mode, shown):
    one, two = cli(mixed, mode, "--jobs", "1"), cli(mixed, mode, "--jobs", "2")
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert any(line.endswith(shown.format(mixed=mixed)) for line in one.stdout.splitlines())


def test_outcome_without_removals_keeps_their_counts_and_report_line(mixed):
    rules = cleaner.default_rules()
    for path in sorted(mixed.rglob("*.txt")):
        full = clean_file(Task(path), rules, Options(report=True))
        light = clean_file(Task(path), rules, Options(report=True, keep_removals=False))
        assert light.docs == () and light == replace(full, docs=())
        assert light.report_line == report.line(full)
        removed = [r for d in full.docs for r in d.removals if r.rule != "layout"]
        assert sum(c.removals for c in light.counts.values()) == len(removed)
        assert sum(c.chars for c in light.counts.values()) == sum(len(r.text) for r in removed)
    assert clean_file(Task(path), rules).report_line is None  # rendered only when asked for


def test_workers_get_the_rules_once_and_never_load_them(folder, tmp_path, monkeypatch):
    rules = cleaner.load_rules(write_rules(tmp_path / "all.toml", EVERYTHING), defaults=False)

    def no_loading(*args, **kwargs):
        raise AssertionError("a worker loaded rules")

    monkeypatch.setattr("cleaner.pack.rules.load_rules", no_loading)  # forked workers inherit this
    monkeypatch.setattr("cleaner.engine.apply.default_rules", no_loading)
    outcomes = list(clean_files(plan([str(folder)], write=False), rules, Options(force=True), jobs=2))
    assert [o.status for o in outcomes] == ["changed"] * 3
    assert {r.rule for o in outcomes for d in o.docs for r in d.removals} >= {"ALL001"}


def test_report_has_every_removal_and_restores_every_input(folder, tmp_path):
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbfCGTN\r\nText stays here.\r\n\r\n\r\nMore text.  \r\n")
    out, log = tmp_path / "out", tmp_path / "report.jsonl"
    assert cli(folder, "--out", out, "--report", log).exit_code == 0
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["path"] for line in lines) == sorted(str(p) for p in folder.rglob("*.txt"))
    for line in lines:
        assert line["status"] in ("changed", "unchanged") and line["error"] is None
        text = (out / os.path.relpath(line["path"], folder)).read_bytes().decode("utf-8-sig")
        assert report.restore(line, text) == open(line["path"], encoding="utf-8-sig", newline="").read()
    rules = {r["rule"] for line in lines for r in line["removals"]}
    assert {"SRC001", "CAP001", "layout"} <= rules


def test_over_removal_guard_leaves_the_file_and_force_overrides(folder, tmp_path):
    rules = write_rules(tmp_path / "all.toml", EVERYTHING)
    seed = folder / "sub" / "seed.txt"
    article = seed.read_text(encoding="utf-8")
    result = cli(seed, "--in-place", "--rules", rules, "--no-default-rules")
    assert result.exit_code == 2
    assert seed.read_text(encoding="utf-8") == article
    assert "seed.txt: rules would remove 100% of the text (limit 50%)" in result.stderr
    assert "1 suspicious" in result.stderr
    loose = cli(seed, "--in-place", "--rules", rules, "--no-default-rules", "--max-removed-share", "1")
    assert loose.exit_code == 0 and seed.read_text(encoding="utf-8") == ""
    seed.write_text(article, encoding="utf-8")
    forced = cli(seed, "--in-place", "--rules", rules, "--no-default-rules", "--force")
    assert forced.exit_code == 0 and seed.read_text(encoding="utf-8") == ""


def test_over_removal_guard_lets_texts_too_short_to_judge_be(folder, tmp_path):
    assert len(DIRTY) < GUARD_MIN_CHARS
    rules = write_rules(tmp_path / "all.toml", EVERYTHING)
    result = cli(folder / "dirty.txt", "--in-place", "--rules", rules, "--no-default-rules")
    assert result.exit_code == 0 and (folder / "dirty.txt").read_text(encoding="utf-8") == ""


def test_runaway_pattern_is_skipped_for_that_document_only(tmp_path):
    runaway = write_rules(tmp_path / "runaway.toml", RUNAWAY)
    article = tmp_path / "a.txt"
    article.write_text("CGTN\n" + "a" * 40 + "!\nThe article goes on.\n", encoding="utf-8")
    result = cli(article, "--rules", runaway, "--timeout", "0.05")
    assert result.exit_code == 0
    assert f"{article}: RUN001: pattern timed out after 0.05s; rule skipped" in result.stderr
    assert result.stdout == "a" * 40 + "!\nThe article goes on.\n"  # SRC001 still ran


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binary.txt", b"PK\x03\x04\x00\x00binary", "binary file (contains NUL bytes); skipped"),
        ("latin.txt", b"Caf\xe9 au lait\n", "not valid utf-8 at line 1, column 4 (byte 0xe9)"),
    ],
)
def test_bad_file_fails_alone_with_one_line(folder, name, content, message):
    (folder / name).write_bytes(content)
    result = cli(folder, "--in-place")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if name in line]
    assert len(errors) == 1 and errors[0].startswith(f"cleaner: {folder / name}: {message}")
    assert "4 files: 2 changed, 1 unchanged, 0 suspicious, 1 failed" in result.stderr
    assert (folder / "dirty.txt").read_text(encoding="utf-8") == CLEAN
    assert (folder / name).read_bytes() == content


def test_encoding_option_and_detection(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("CGTN\nCafé au lait à Paris.\n".encode("latin-1"))
    assert cli(latin, "--encoding", "latin-1").stdout_bytes == "Café au lait à Paris.\n".encode("latin-1")
    russian = tmp_path / "ru.txt"
    text = "Президент заявил, что переговоры возобновятся в понедельник в Москве.\n"
    russian.write_bytes(("CGTN\n" + text).encode("cp1251"))
    assert cli(russian, "--in-place", "--encoding", "auto").exit_code == 0
    assert russian.read_bytes() == text.encode("cp1251")  # written back in its own encoding


def test_bom_and_crlf_are_kept(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfCGTN\r\nTalks resumed.\r\n")
    assert cli(path, "--in-place").exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbfTalks resumed.\r\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("option", ["utf-8", "auto"])
def test_utf16_and_utf32_with_a_bom_are_cleaned_and_written_back_as_they_were(tmp_path, encoding, option):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffCGTN\r\nПереговоры возобновились. 会谈恢复。\r\n".encode(encoding))
    result = cli(path, "--in-place", "--encoding", option, "--report", tmp_path / "report.jsonl")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == "\ufeffПереговоры возобновились. 会谈恢复。\r\n".encode(encoding)
    line = json.loads((tmp_path / "report.jsonl").read_text(encoding="utf-8"))
    assert (line["encoding"], line["bom"], line["removals"][0]["text"]) == (encoding, True, "CGTN\r\n")


def test_empty_file_is_unchanged(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = cli(path, "--in-place")
    assert result.exit_code == 0 and "1 unchanged" in result.stderr and path.read_bytes() == b""


def test_large_file_is_refused_unread_and_the_batch_goes_on(folder):
    (folder / "big.txt").write_bytes(b"word " * 100_000)
    result = cli(folder, "--in-place", "--max-size", "0.1")
    assert result.exit_code == 2
    assert (
        f"{folder / 'big.txt'}: larger than the 0.1 MB limit; skipped (raise it with --max-size)"
        in result.stderr
    )
    assert (folder / "dirty.txt").read_text(encoding="utf-8") == CLEAN


def test_missing_path_symlink_loop_and_unreadable_file(folder, tmp_path):
    loop = folder / "loop.txt"
    loop.symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(loop)
    (folder / "sub" / "back").symlink_to(folder)  # a folder loop: not followed
    result = cli(folder, tmp_path / "missing.txt", "/proc/self/mem", "--check")
    assert result.exit_code == 2
    assert f"{loop}: symlink loop (too many levels of symbolic links)" in result.stderr
    assert f"{tmp_path / 'missing.txt'}: no such file or folder" in result.stderr
    assert "/proc/self/mem: cannot read: Input/output error" in result.stderr
    assert "4 failed" in result.stderr and "2 changed" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission(folder):
    (folder / "secret.txt").write_text(DIRTY, encoding="utf-8")
    (folder / "secret.txt").chmod(0)
    result = cli(folder, "--check")
    assert f"{folder / 'secret.txt'}: cannot read: permission denied" in result.stderr


def test_output_folder_inside_the_input_folder_is_refused(folder):
    result = cli(folder, "--out", folder / "cleaned")
    assert result.exit_code == 2
    assert "the output folder" in result.stderr and "is inside this folder" in result.stderr
    assert not (folder / "cleaned").exists()


def test_gzip_in_and_out(tmp_path):
    import gzip

    src = tmp_path / "in"
    src.mkdir()
    with gzip.open(src / "a.txt.gz", "wt", encoding="utf-8") as f:
        f.write(DIRTY)
    (src / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00not really gzip")
    result = cli(src, "--glob", "*.txt.gz", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "broken.txt.gz: not a readable gzip file" in result.stderr
    with gzip.open(tmp_path / "out" / "a.txt.gz", "rt", encoding="utf-8") as f:
        assert f.read() == CLEAN


def test_check_exit_codes_and_exit_non_zero_on_fix(folder):
    assert cli(folder / "clean.txt", "--check").exit_code == 0
    check = cli(folder, "--check")
    assert check.exit_code == 1 and f"would clean {folder / 'dirty.txt'}" in check.stdout
    assert (folder / "dirty.txt").read_text(encoding="utf-8") == DIRTY
    assert cli(folder, "--in-place", "--exit-non-zero-on-fix").exit_code == 1
    assert cli(folder, "--in-place", "--exit-non-zero-on-fix").exit_code == 0  # nothing left to fix


def test_quiet_prints_no_summary_but_errors(folder):
    (folder / "bad.txt").write_bytes(b"\xff")
    result = cli(folder, "--check", "--quiet")
    assert result.stderr.splitlines() == [
        f"cleaner: {folder / 'bad.txt'}: not valid utf-8 at line 1, column 1 (byte 0xff);"
        " pass --encoding if the file uses another"
    ]


def test_clean_file_never_raises_on_a_task_known_to_fail():
    outcome = clean_file(Task("x", error="something is wrong"), cleaner.default_rules())
    assert (outcome.status, outcome.error) == ("failed", "x: something is wrong")


def test_config_file_sets_the_over_removal_limit(folder, tmp_path, monkeypatch):
    rules = write_rules(tmp_path / "all.toml", EVERYTHING)
    (tmp_path / "cleaner.toml").write_text("max-removed-share = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli(folder / "sub" / "seed.txt", "--in-place", "--rules", rules, "--no-default-rules")
    assert result.exit_code == 0, result.stderr
    assert (folder / "sub" / "seed.txt").read_text(encoding="utf-8") == ""


def test_a_long_file_is_written_a_chunk_at_a_time_as_the_library_cleans_it(tmp_path, monkeypatch):
    monkeypatch.setattr("cleaner.engine.apply.CHUNK", 64)
    monkeypatch.setattr("cleaner.engine.lines.CHUNK", 64)
    body = (
        "CGTN\r\n" + "Переговоры возобновились в понедельник.  \r\n\r\nRead more:\r\nA headline\r\n\r\n" * 50
    )
    for encoding, bom in (("utf-8", "\ufeff"), ("utf-16-le", "\ufeff"), ("cp1251", "")):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes((bom + body + "会谈恢复。" * bool(bom)).encode(encoding))
        outcome = clean_file(
            Task(path, tmp_path / "out" / path.name), cleaner.default_rules(), Options(encoding=encoding)
        )
        expected = (bom + cleaner.clean(body + "会谈恢复。" * bool(bom)).text).encode(encoding)
        assert (tmp_path / "out" / path.name).read_bytes() == expected
        assert (outcome.status, outcome.bytes_out) == ("changed", len(expected))


def test_an_unchanged_file_in_an_encoding_that_may_not_round_trip_is_copied_byte_for_byte(tmp_path):
    path = tmp_path / "ja.txt"
    data = "記事の本文です。\n".encode("iso-2022-jp")
    path.write_bytes(data)
    outcome = clean_file(
        Task(path, tmp_path / "out.txt"), cleaner.default_rules(), Options(encoding="iso-2022-jp")
    )
    assert outcome.status == "unchanged" and (tmp_path / "out.txt").read_bytes() == data
    assert outcome.bytes_in == outcome.bytes_out == len(data)
