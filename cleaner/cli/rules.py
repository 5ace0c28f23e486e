"""``cleaner rules``: show the loaded rules."""

from __future__ import annotations

import typer

from .app import NoDefaultsOpt, RulesOpt, load, rules_app


@rules_app.callback()
def rules_command(
    ctx: typer.Context, rules: RulesOpt = None, no_default_rules: NoDefaultsOpt = False
) -> None:
    """List the loaded rules: id, name and description."""
    if ctx.invoked_subcommand is not None:
        return
    for rule in load(rules, no_default_rules):
        typer.echo(f"{rule.id}  {rule.name}  [{rule.kind.name}]  {rule.description}")
