"""The ``cleaner`` command: a thin layer that parses options, calls the library and
maps outcomes to exit codes (see :mod:`cleaner.exit_codes`). One module per command."""

from . import clean, distributed, eval, explain, mine, rules  # noqa: F401  (registers the commands)
from .app import app

__all__ = ["app"]
