"""``cleaner clean``: clean files, folders, or stdin to stdout."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import exit_codes
from ..engine import Result, clean
from ..files import InputError, decode, find_files, read_text, write_atomic
from .app import EXIT_CODES_HELP, IgnoreOpt, NoDefaultsOpt, RulesOpt, SelectOpt, app, err, load


def explain_lines(name: str, result: Result) -> list[str]:
    """``file:line rule-id: removed text`` for each rule removal (text on one line)."""
    return [
        f"{name}:{r.line} {r.rule}: {' ⏎ '.join(s.strip() for s in r.text.splitlines() if s.strip())}"
        for r in result.rule_removals()
    ]


def diff_text(name: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
        )
    )


@app.command("clean", epilog=EXIT_CODES_HELP)
def clean_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin to stdout.")],
    glob: Annotated[str, typer.Option(help="Which files to take from folders.")] = "*.txt",
    out: Annotated[
        Path | None, typer.Option(help="Write cleaned files here, mirroring the input tree.")
    ] = None,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Rewrite files in place (atomically).")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; list files that would change; exit 1 if any.")
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; print a unified diff.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Write nothing; print each removal as file:line rule-id: text.")
    ] = False,
    encoding: Annotated[str, typer.Option(help="Encoding of input and output files.")] = "utf-8",
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
) -> None:
    """Clean article text files, folders, or stdin (-)."""
    report = check or diff or explain
    if out is not None and in_place:
        err("use either --out or --in-place, not both")
        raise typer.Exit(exit_codes.ERROR)
    ruleset = load(rules, no_default_rules, select, ignore)
    changed = unchanged = failed = 0
    for path_arg in paths:
        if path_arg == "-":
            sources = [(None, None)]
        elif Path(path_arg).is_dir() and out is None and not in_place and not report:
            err(f"{path_arg}: is a folder; pass --out DIR or --in-place (or --check, --diff, --explain)")
            raise typer.Exit(exit_codes.ERROR)
        else:
            sources = list(find_files([path_arg], glob))
        for src, root in sources:
            name = "-" if src is None else str(src)
            try:
                text = (
                    decode(sys.stdin.buffer.read(), "-", encoding)
                    if src is None
                    else read_text(src, encoding)
                )
            except InputError as exc:
                err(str(exc))
                failed += 1
                continue
            result = clean(text, rules=ruleset)
            for skip in result.skipped:
                err(f"{name}: {skip.rule}: {skip.message}")
            changed += result.changed
            unchanged += not result.changed
            if explain:
                for line in explain_lines(name, result):
                    typer.echo(line)
            if diff and result.changed:
                typer.echo(diff_text(name, text, result.text), nl=False)
            if check and result.changed:
                typer.echo(f"would clean {name}")
            if report:
                continue
            try:
                if src is None or (out is None and not in_place):
                    sys.stdout.buffer.write(result.text.encode(encoding))
                    sys.stdout.flush()
                elif in_place:
                    if result.changed:
                        write_atomic(src, result.text, encoding)
                else:
                    write_atomic(out / src.relative_to(root), result.text, encoding)
            except OSError as exc:
                err(f"{name}: cannot write: {exc.strerror or exc}")
                failed += 1
    total = changed + unchanged + failed
    verb = "would change" if report else "changed"
    err(f"{total} file{'s' * (total != 1)}: {changed} {verb}, {unchanged} unchanged, {failed} failed")
    if failed:
        raise typer.Exit(exit_codes.ERROR)
    if check and changed:
        raise typer.Exit(exit_codes.CHANGED)
