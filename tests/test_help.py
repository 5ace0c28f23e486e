"""``--help`` of every command at 80 columns: each option's names, its help and each
command's summary are shown whole (no cut names, no text taken for markup)."""

import inspect

import pytest
import regex
import typer

from cleaner.cli import app


def commands(command, path: tuple[str, ...] = ()):
    """Every command of the app with the words that call it, groups included.

    Duck-typed: Typer 0.28 builds the commands on a copy of Click of its own.
    """
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from commands(sub, (*path, name))


COMMANDS = list(commands(typer.main.get_command(app)))


def flat(text: str) -> str:
    """The words of ``text`` on one line; a word broken at a hyphen by wrapping made whole."""
    return " ".join(regex.sub(r"(?<=\w-)\n\s*", "", text).split())


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) or "cleaner" for p, _ in COMMANDS])
def test_help_at_80_columns_shows_every_option_and_text_whole(path, command, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")  # as a terminal would; typer's CliRunner forces its own width
    with pytest.raises(SystemExit) as exited:
        app([*path, "--help"], prog_name="cleaner")
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    assert max(len(line) for line in shown.splitlines()) <= 80
    assert not regex.search(r"--[\w-]*-\n", shown), "an option name is broken across lines"
    texts = [inspect.cleandoc(command.help or ""), command.epilog or ""]
    for param in command.params:
        if param.param_type_name == "option":
            for name in (*param.opts, *param.secondary_opts):
                assert regex.search(rf"(?<![\w-]){regex.escape(name)}(?![\w-])", shown), name
        texts.append(getattr(param, "help", None) or "")
    texts += [sub.get_short_help_str(limit=10_000) for sub in getattr(command, "commands", {}).values()]
    for text in texts:
        assert flat(text) in flat(shown)


def test_every_command_is_walked():
    assert {" ".join(path) for path, _ in COMMANDS} >= {"clean", "distributed", "rules", "rules test"}
