"""The Typer application and what its commands share: options, rule loading, messages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import exit_codes

if TYPE_CHECKING:
    from ..rules import RuleSet

EXIT_CODES_HELP = "Exit codes: 0 success, 1 --check found files to change, 2 usage, input or rule errors."

app = typer.Typer(
    help=f"Strip boilerplate (paywalls, captions, related links…) from article text.\n\n{EXIT_CODES_HELP}",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

rules_app = typer.Typer(help="Inspect the loaded rules.", invoke_without_command=True)
app.add_typer(rules_app, name="rules")

RulesOpt = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="Rule file or folder to add (repeatable).", show_default=False),
]
NoDefaultsOpt = Annotated[bool, typer.Option("--no-default-rules", help="Do not load the default rule pack.")]


def err(message: str) -> None:
    typer.echo(f"cleaner: {message}", err=True)


def load(rules: list[Path] | None, no_default_rules: bool) -> RuleSet:
    from ..rules import RuleError, load_rules  # here, not above: --help and --version start faster

    try:
        return load_rules(*(rules or []), defaults=not no_default_rules)
    except RuleError as exc:
        err(str(exc))
        raise typer.Exit(exit_codes.ERROR) from None


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Strip boilerplate from article text."""
