"""The cache of compiled rule files: a hit cleans exactly as a fresh compile, and any
fault of the cache falls back to compiling."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS, line_rule, write_rules
from typer.testing import CliRunner

import cleaner
from cleaner.cli import app
from cleaner.pack import cache, rules

CYRILLIC = "Фото: Иван Петров\nПереговоры возобновились в понедельник.\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A cache folder of the test's own, with the cache turned on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(folder))
    monkeypatch.delenv("CLEANER_NO_CACHE", raising=False)
    return folder


def forbid_compiling(monkeypatch):
    """From here on, every rule must come from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("a rule was compiled, not read from the cache")

    monkeypatch.setattr(rules, "_check_rule", refuse)


def outcome(ruleset, text):
    result = cleaner.clean(text, rules=ruleset)
    return result.text, [(r.rule, r.start, r.end, r.text, r.line, r.reason) for r in result.removals]


def entries(folder):
    return sorted(folder.glob("rules-*.pickle"))


def test_a_hit_cleans_exactly_as_freshly_compiled_rules(cache_dir, monkeypatch):
    with cache.disabled():
        fresh = cleaner.load_rules()
    cleaner.load_rules()  # fills the cache
    assert len(entries(cache_dir)) == len(list(rules.rule_files([rules.default_rules_path()])))
    forbid_compiling(monkeypatch)
    cached = cleaner.load_rules()
    assert [(r.id, r.source, r.line, r.family, r.spec) for r in cached] == [
        (r.id, r.source, r.line, r.family, r.spec) for r in fresh
    ]
    texts = [seed.read_text(encoding="utf-8") for seed in SEEDS] + [CYRILLIC, CYRILLIC.replace("\n", "\r\n")]
    long = "\n".join(texts * 20)  # 2,500+ lines: the engine compiles the rules' combined triggers
    for text in [*texts, long, *texts]:
        assert outcome(cached, text) == outcome(fresh, text)


def test_a_changed_rule_file_misses_and_is_compiled_again(cache_dir, tmp_path):
    path = write_rules(tmp_path / "mine.toml", line_rule("ABC001", "aab"))
    assert [r.id for r in rules.load_file(path)] == ["ABC001"]
    write_rules(path, line_rule("ABC002", "ccd", remove=("ccd",)))
    again = rules.load_file(path)
    assert [r.id for r in again] == ["ABC002"]
    assert again[0].kind.pattern.fullmatch("ccd")
    assert len(entries(cache_dir)) == 1  # the file's entry was overwritten, not added to


@pytest.mark.parametrize(
    "change",
    [("__version__", "99.0"), ("_code_stamp", lambda: b"cleaner.engine.kinds edited in development")],
)
def test_another_cleaner_version_or_an_edit_of_its_code_misses(cache_dir, tmp_path, monkeypatch, change):
    path = write_rules(tmp_path / "mine.toml", line_rule("ABC001", "aab"))
    rules.load_file(path)
    monkeypatch.setattr(cache, *change)
    compiled = []
    check_rule = rules._check_rule
    monkeypatch.setattr(rules, "_check_rule", lambda *args: compiled.append(args) or check_rule(*args))
    assert [r.id for r in rules.load_file(path)] == ["ABC001"]
    assert len(compiled) == 1
    rules.load_file(path)
    assert len(compiled) == 1  # stored again for this version and code


def test_rules_from_the_cache_keep_their_place(cache_dir, tmp_path, monkeypatch):
    path = write_rules(tmp_path / "mine.toml", "# a comment\n" + line_rule("ABC001", "aab"))
    first = rules.load_file(path)
    forbid_compiling(monkeypatch)
    (hit,) = rules.load_file(path)
    assert (
        (hit.source, hit.line, hit.family)
        == (first[0].source, first[0].line, first[0].family)
        == (
            str(path),
            3,
            "mine",
        )
    )


@pytest.mark.parametrize("damage", [b"", b"not a cache entry", "truncated"])
def test_a_corrupt_entry_is_ignored_and_replaced(cache_dir, tmp_path, damage, monkeypatch):
    path = write_rules(tmp_path / "mine.toml", line_rule("ABC001", "aab"))
    rules.load_file(path)
    (entry,) = entries(cache_dir)
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2] if damage == "truncated" else damage)
    assert [r.id for r in rules.load_file(path)] == ["ABC001"]
    assert entry.read_bytes() == good  # replaced by a whole entry
    forbid_compiling(monkeypatch)
    assert [r.id for r in rules.load_file(path)] == ["ABC001"]  # which is a hit


def test_a_cache_folder_that_cannot_be_written_still_loads(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("CLEANER_NO_CACHE", raising=False)
    path = write_rules(tmp_path / "mine.toml", line_rule("ABC001", "aab"))
    for _ in range(2):
        assert [r.id for r in rules.load_file(path)] == ["ABC001"]
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_broken_rule_file_is_never_cached_and_errors_every_run(cache_dir, tmp_path):
    path = write_rules(tmp_path / "bad.toml", line_rule("ABC001", "foo(bar"))
    for _ in range(2):
        with pytest.raises(cleaner.RuleError, match=r"bad\.toml:\d+:\d+: ABC001: invalid regex"):
            cleaner.load_rules(path, defaults=False)
    assert entries(cache_dir) == []


def test_checks_across_files_run_on_cached_files_too(cache_dir, tmp_path):
    one = write_rules(tmp_path / "one.toml", line_rule("ABC001", "aab"))
    two = write_rules(tmp_path / "two.toml", line_rule("ABC001", "aab"))
    for _ in range(2):
        with pytest.raises(cleaner.RuleError, match="two.toml:2:1: ABC001: duplicate rule id"):
            cleaner.load_rules(one, two, defaults=False)
    assert len(entries(cache_dir)) == 2  # each file is fine on its own


@pytest.mark.parametrize("value", ["1", "true", "YES"])
def test_cleaner_no_cache_turns_it_off(cache_dir, tmp_path, monkeypatch, value):
    monkeypatch.setenv("CLEANER_NO_CACHE", value)
    path = write_rules(tmp_path / "mine.toml", line_rule("ABC001", "aab"))
    assert [r.id for r in rules.load_file(path)] == ["ABC001"]
    assert not cache_dir.exists()


def test_cleaner_no_cache_set_to_false_leaves_it_on(cache_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_NO_CACHE", "0")
    rules.load_file(write_rules(tmp_path / "mine.toml", line_rule("ABC001", "aab")))
    assert len(entries(cache_dir)) == 1


def test_the_no_cache_option_neither_reads_nor_writes(cache_dir, tmp_path, monkeypatch):
    path = write_rules(tmp_path / "mine.toml", line_rule("ABC001", "aab"))
    text = tmp_path / "a.txt"
    text.write_text("aab\nThe talks resumed.\n", encoding="utf-8")
    runner = CliRunner()
    args = ["clean", str(text), "--rules", str(path), "--no-default-rules"]
    result = runner.invoke(app, ["--no-cache", *args])
    assert (result.exit_code, result.stdout) == (0, "The talks resumed.\n")
    assert not cache_dir.exists()
    assert runner.invoke(app, args).exit_code == 0
    (entry,) = entries(cache_dir)
    entry.write_bytes(b"not a cache entry")
    assert runner.invoke(app, ["--no-cache", *args]).stdout == "The talks resumed.\n"
    assert entry.read_bytes() == b"not a cache entry"  # not even rewritten
    assert cache.directory() == cache_dir  # on again after the command


def test_the_cache_folder_defaults_to_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("CLEANER_CACHE_DIR", raising=False)
    monkeypatch.delenv("CLEANER_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if sys.platform.startswith("linux"):
        assert cache.directory() == tmp_path / "xdg" / "cleaner"
        monkeypatch.delenv("XDG_CACHE_HOME")
        assert cache.directory() == tmp_path / "home" / ".cache" / "cleaner"
    assert cache.directory() is not None


@pytest.mark.slow
def test_the_installed_command_uses_the_cache_and_reports_broken_files_every_run(cache_dir, tmp_path):
    bad = write_rules(tmp_path / "bad.toml", line_rule("ABC001", "foo(bar"))
    text = tmp_path / "a.txt"
    text.write_text("CGTN\nThe talks resumed.\n", encoding="utf-8")
    command = [str(Path(sys.executable).with_name("cleaner")), "clean", str(text)]
    for _ in range(2):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert (done.returncode, done.stdout) == (0, "The talks resumed.\n")
    assert len(entries(cache_dir)) == len(list(rules.rule_files([rules.default_rules_path()])))
    for _ in range(2):
        done = subprocess.run([*command, "--rules", str(bad)], capture_output=True, text=True, check=False)
        assert done.returncode == 2
        assert "bad.toml:" in done.stderr and "ABC001: invalid regex" in done.stderr


def test_a_derived_table_derives_only_what_it_lacks_and_starts_afresh_when_full(cache_dir):
    calls = []

    def square(n):
        calls.append(n)
        return n * n

    assert cache.derived("squares", [2, 3], square) == {2: 4, 3: 9}
    assert cache.derived("squares", [3, 4], square) == {3: 9, 4: 16}
    assert calls == [2, 3, 4]  # 3 came from the table
    assert cache.load_table("squares") == {2: 4, 3: 9, 4: 16}
    cache.derived("squares", [5], square, most=2)  # more than 2 kept: the new ones alone
    assert cache.load_table("squares") == {5: 25}


def test_a_derived_table_that_cannot_be_read_derives_everything(cache_dir):
    cache.derived("squares", [2], lambda n: n * n)
    (table,) = cache_dir.glob("squares.pickle")
    table.write_bytes(table.read_bytes()[:-3])  # truncated
    assert cache.derived("squares", [2, 3], lambda n: -n) == {2: -2, 3: -3}
