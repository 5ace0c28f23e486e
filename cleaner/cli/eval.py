"""``cleaner eval``: score the loaded rules on a labelled folder (see :mod:`cleaner.evaluate`)."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import exit_codes
from .app import (
    IgnoreOpt,
    LearnOpt,
    MinDocsOpt,
    MinShareOpt,
    NoDefaultsOpt,
    ProseShareOpt,
    RulesOpt,
    SelectOpt,
    app,
    err,
    load,
    repeat_settings,
)

if TYPE_CHECKING:  # imported when a command runs, so that --help and --version start fast
    from ..evaluate import Report


def report_lines(report: "Report") -> list[str]:
    """The report as a table: a row per extractor, the overall row, then a row per rule."""
    head = f"{'extractor':16s} {'docs':>5s} {'junk_removed':>12s} {'content_kept':>12s} {'chars_kept':>10s}  f1 before -> after"
    rows = [head]
    for name, s in [*sorted(report.by_extractor.items()), ("overall", report.overall)]:
        rows.append(
            f"{name:16s} {s.docs:5d} {s.junk_removed:12.3f} {s.content_kept:12.4f} {s.content_chars_kept:10.4f}"
            f"  {s.f1_before:.4f} -> {s.f1_after:.4f}"
        )
    rows.append("")
    rows.append(f"{'rule':16s} {'junk lines':>10s} {'content lines':>13s}   (lines each rule removed)")
    for rule, tally in sorted(report.by_rule.items(), key=lambda kv: (-kv[1].content, -kv[1].junk, kv[0])):
        rows.append(f"{rule:16s} {tally.junk:10d} {tally.content:13d}")
    return rows


@app.command("eval")
def eval_command(
    folder: Annotated[Path, typer.Argument(help="Folder with pages.jsonl and docs.jsonl.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print every figure as JSON.")] = False,
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    learn_repeats: LearnOpt = False,
    min_docs: MinDocsOpt = 3,
    min_share: MinShareOpt = 0.5,
    prose_share: ProseShareOpt = 0.8,
) -> None:
    """Score the rules on labelled extractor output: junk removed, content kept, token F1.

    With --learn-repeats each extractor's outputs are one corpus, grouped by the pages' sites."""
    from ..evaluate import evaluate, load_folder

    ruleset = load(rules, no_default_rules, select, ignore)
    try:
        docs = load_folder(folder)
    except ValueError as exc:
        err(str(exc))
        raise typer.Exit(exit_codes.ERROR) from None
    learn = repeat_settings(min_docs, min_share, prose_share, False, 0.5) if learn_repeats else None
    report = evaluate(docs, ruleset, learn)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
    else:
        for line in report_lines(report):
            typer.echo(line)
