"""The ``cleaner`` command: a thin layer that parses options, calls the library and
maps outcomes to exit codes (see :mod:`cleaner.exit_codes`). One module per command.

For a fast start, the command modules import the library inside the commands, and do
without ``from __future__ import annotations``: Typer reads every command's annotations
on each run, and annotations kept as strings would be compiled anew each time (names
imported only for type checking are quoted instead). For the same reason the console
script (:func:`main`) registers only the command its arguments name: Typer builds every
registered command's options on each run. ``app`` is the application with every command.
"""

import sys
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

COMMANDS = ("clean", "distributed", "eval", "explain", "mine", "review", "rules")
"""The commands, one module each, in the order ``cleaner --help`` lists them."""


def with_commands(names: Sequence[str] = COMMANDS) -> "typer.Typer":
    """The application with these commands registered (their modules imported)."""
    for name in names:
        import_module(f"{__name__}.{name}")
    from .shared import app

    return app


def command_named(args: Sequence[str]) -> str | None:
    """The command that the arguments name (the first that is not an option of
    ``cleaner`` itself), or None; None too when help is asked for before it.

    >>> command_named(["--config", "clean", "rules", "list"]), command_named(["--isolated", "clean", "-"])
    ('rules', 'clean')
    >>> command_named(["--version"]), command_named(["-h", "clean"])
    (None, None)
    """
    args = iter(args)
    for arg in args:
        if arg in ("-h", "--help"):
            return None
        if arg == "--config":
            next(args, None)  # its value
        elif not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    """The console script: run the command the arguments name, with only it registered;
    every command for ``--help``, no command, or a name that is none of them."""
    # a file name that is not UTF-8 (Python reads its bytes as lone surrogates) prints
    # escaped, "caf\\udce9.txt", where a strict terminal would stop the run with a traceback
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    name = command_named(sys.argv[1:])
    with_commands((name,) if name in COMMANDS else COMMANDS)()


def __getattr__(name: str) -> object:
    if name == "app":  # imported for embedding and for tests: every command
        return with_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMANDS", "app", "command_named", "main", "with_commands"]
