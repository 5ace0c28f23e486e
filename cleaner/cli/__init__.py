"""The ``cleaner`` command: a thin layer that parses options, calls the library and
maps outcomes to exit codes (see :mod:`cleaner.exit_codes`). One module per command.

For a fast start, the command modules import the library inside the commands, and do
without ``from __future__ import annotations``: Typer reads every command's annotations
on each run, and annotations kept as strings would be compiled anew each time (names
imported only for type checking are quoted instead)."""

from . import clean, distributed, eval, explain, mine, review, rules  # noqa: F401  (registers the commands)
from .app import app

__all__ = ["app"]
