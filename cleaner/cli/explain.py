"""``cleaner explain``: the document with its removals marked, and why each went."""

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from .. import exit_codes
from .shared import IgnoreOpt, NoDefaultsOpt, RulesOpt, SelectOpt, SiteOpt, app, err, load

if TYPE_CHECKING:  # imported when a command runs, so that --help and --version start fast
    from ..engine.apply import Removal, Result
    from ..pack.rules import RuleSet


class Format(StrEnum):
    text = "text"
    json = "json"


def marked_lines(text: str, result: "Result") -> "list[tuple[int, str, Removal | None]]":
    """Each input line (number, content) with the rule removal that takes it, if any.

    >>> from cleaner import clean
    >>> [(n, s, r and r.rule) for n, s, r in marked_lines("CGTN\\nTalks resumed.", clean("CGTN\\nTalks resumed."))]
    [(1, 'CGTN', 'SRC001'), (2, 'Talks resumed.', None)]
    """
    from ..engine.lines import split_lines

    removals = result.rule_removals()
    return [
        (line.index + 1, line.content, next((r for r in removals if r.start <= line.start < r.end), None))
        for line in split_lines(text)
    ]


def render(text: str, result: "Result", rules: "RuleSet") -> list[str]:
    """The document line by line, removed lines styled and tagged with their rule, then a legend."""
    width = max((len(r.rule) for r in result.rule_removals()), default=0)
    out = []
    for number, content, removal in marked_lines(text, result):
        if removal is None:
            out.append(f"{number:>5}   {'':<{width}} │ {content}")
        else:
            tag = typer.style(f"{removal.rule:<{width}}", fg="yellow")
            line = typer.style(content, fg="red", strikethrough=True) if content.strip() else content
            out.append(f"{number:>5} - {tag} │ {line}")
    used = dict.fromkeys(r.rule for r in result.rule_removals())
    if used:
        out.append("")
    for rule_id in used:
        rule = rules.get(rule_id)
        count = sum(r.rule == rule_id for r in result.rule_removals())
        out.append(
            f"{typer.style(rule_id, fg='yellow')} {rule.name if rule else ''} ({count}×): "
            + (rule.description if rule else "")
        )
    return out


def as_json(name: str, result: "Result", rules: "RuleSet") -> dict:
    """What a tool needs: every rule removal with its rule's name and description, and the clean text."""
    removals = []
    for r in result.rule_removals():
        rule = rules.get(r.rule)
        removals.append(
            {
                "rule": r.rule,
                "name": r.reason,
                "description": rule.description if rule else "",
                "line": r.line,
                "start": r.start,
                "end": r.end,
                "text": r.text,
            }
        )
    return {"file": name, "changed": result.changed, "removals": removals, "text": result.text}


@app.command("explain")
def explain_command(
    path: Annotated[str, typer.Argument(metavar="FILE", help="An article text file, or - for stdin.")],
    format: Annotated[
        Format, typer.Option("--format", help="text for people, json for tools.")
    ] = Format.text,
    color: Annotated[
        bool | None, typer.Option("--color/--no-color", help="Colour the marks (default: on a terminal).")
    ] = None,
    encoding: Annotated[str, typer.Option(help="Encoding of the input file.")] = "utf-8",
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    site: SiteOpt = None,
) -> None:
    """Show FILE with removed lines marked, and each rule's reason."""
    from ..engine.apply import clean
    from ..io.files import InputError, decode, read_text

    ruleset = load(rules, no_default_rules, select, ignore, pages=False)
    try:
        text = decode(sys.stdin.buffer.read(), "-", encoding) if path == "-" else read_text(path, encoding)
    except InputError as exc:
        err(str(exc))
        raise typer.Exit(exit_codes.ERROR) from None
    result = clean(text, rules=ruleset, site=site)
    for skip in result.skipped:
        err(f"{path}: {skip.rule}: {skip.message}")
    if format is Format.json:
        typer.echo(json.dumps(as_json(path, result, ruleset), ensure_ascii=False, indent=2))
    else:
        for line in render(text, result, ruleset):
            typer.echo(line, color=color)
    removed = result.rule_removals()
    err(
        f"{path}: {len(removed)} removal{'s' * (len(removed) != 1)} by {len({r.rule for r in removed})} rules"
    )
