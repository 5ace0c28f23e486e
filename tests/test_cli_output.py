"""What the command shows where: a progress bar only on a terminal, no heavy imports."""

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS

from cleaner.cli.clean import CLEAR_LINE

CLEANER = str(Path(sys.executable).parent / "cleaner")


def stderr_on_a_terminal(*args) -> str:
    """Run the command with stderr on a pseudo-terminal; return what the terminal got."""
    leader, follower = pty.openpty()
    subprocess.run([CLEANER, *args], stdout=subprocess.DEVNULL, stderr=follower, check=False)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_progress_bar_only_on_a_terminal_and_not_with_quiet(seed_dir):
    assert "cleaning" in stderr_on_a_terminal("clean", str(seed_dir), "--check")
    piped = subprocess.run([CLEANER, "clean", str(seed_dir), "--check"], capture_output=True, text=True)
    assert "cleaning" not in piped.stderr and "3 files: 3 changed" in piped.stderr
    assert stderr_on_a_terminal("clean", str(seed_dir), "--check", "--quiet") == ""


@pytest.mark.slow
def test_plain_text_path_imports_no_html_or_validation_stack(tmp_path):
    """The console script on a text file, with the rules cached and no configuration file:
    none of the HTML, JSON Lines, report or TOML modules, and no other command."""
    out, work = tmp_path / "out", tmp_path / "work"
    work.mkdir()
    script = (
        "import sys\n"
        "from cleaner.cli import main\n"
        f"sys.argv = ['cleaner', 'clean', {str(SEEDS[1])!r}, '--out', {str(out)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('trafilatura', 'lxml', 'pydantic', 'charset_normalizer', 'tomllib', 'json', 'cleaner.io.html',\n"
        "         'cleaner.io.page', 'cleaner.io.jsonl', 'cleaner.io.report', 'cleaner.cli.rules', 'cleaner.cli.mine')\n"
        "print(' '.join(m for m in heavy if m in sys.modules))"
    )
    run = [sys.executable, "-c", script]
    subprocess.run(run, cwd=work, capture_output=True, check=True)  # fills the rule cache
    result = subprocess.run(run, cwd=work, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
    assert (out / SEEDS[1].name).exists()


@pytest.mark.slow
def test_messages_take_the_progress_bars_line_instead_of_running_on_from_it(seed_dir):
    shown = stderr_on_a_terminal("clean", str(seed_dir), "--in-place")
    assert "cleaning" in shown
    assert shown.count("cleaned ") == shown.count(f"{CLEAR_LINE}cleaned ") == 3


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_no_library_modules(args):
    script = (
        "import sys\n"
        "from cleaner.cli import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('regex', 'tomllib', 'rich', 'cleaner.pack.rules', 'cleaner.engine.apply', 'cleaner.io.batch', 'cleaner.pack.config')\n"
        "print(' '.join(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1].strip() == ""


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--help"], ["-h", "clean"], ["--config", "clean", "--help"], []])
def test_the_console_script_lists_every_command_when_it_runs_none(args):
    """The console script registers only the command it runs, and all of them otherwise
    (``--config``'s value is no command name)."""
    result = subprocess.run([CLEANER, *args], capture_output=True, text=True)
    shown = result.stdout + result.stderr
    assert all(f"  {name} " in shown for name in ("clean", "distributed", "eval", "explain", "mine", "rules"))


@pytest.mark.skipif(sys.platform != "linux", reason="a file name that is not UTF-8 needs a byte-named file system")
def test_a_file_name_that_is_not_utf8_is_shown_escaped_reported_and_reviewed(tmp_path):
    """Python reads such a name's bytes as lone surrogates, which a strict UTF-8 stream
    cannot write: the run, its report and its review page must not stop on them."""
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")
    (folder / name).write_text("CGTN\nThe talks resumed on Monday.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}

    def run(*args):
        return subprocess.run([CLEANER, *args], capture_output=True, env=env, check=False)

    check = run("clean", "--check", str(folder))
    assert check.returncode == 1 and b"would clean " in check.stdout and b"caf\\udce9.txt" in check.stdout
    report = tmp_path / "report.jsonl"
    cleaned = run("clean", str(folder), "--out", str(tmp_path / "out"), "--report", str(report))
    assert cleaned.returncode == 0, cleaned.stderr
    assert (tmp_path / "out" / name).read_text(encoding="utf-8") == "The talks resumed on Monday.\n"
    line = json.loads(report.read_text(encoding="utf-8"))  # the report is UTF-8 ...
    assert line["path"] == str(folder / name)  # ... and gives the name back
    review = run("review", str(report), "-o", str(tmp_path / "review.html"))
    assert review.returncode == 0, review.stderr
    assert b"1 file (1 changed" in review.stderr
