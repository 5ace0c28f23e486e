"""``cleaner eval``: score the loaded rules on labelled folders (see :mod:`cleaner.authoring.evaluate`)."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import exit_codes
from .shared import (
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
    page_rules,
    repeat_settings,
)

if TYPE_CHECKING:  # imported when a command runs, so that --help and --version start fast
    from ..authoring.evaluate import HtmlReport, Report


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
    rows.append(f"{'rule':16s} {'junk lines':>10s} {'(sites)':>7s} {'content lines':>13s} {'(sites)':>7s}")
    for rule, tally in sorted(report.by_rule.items(), key=lambda kv: (-kv[1].content, -kv[1].junk, kv[0])):
        rows.append(
            f"{rule:16s} {tally.junk:10d} {len(tally.junk_sites):7d} {tally.content:13d} {len(tally.content_sites):7d}"
        )
    rows.append(
        "(lines each rule removed, and from how many sites: junk from few sites gains little elsewhere)"
    )
    return rows


def html_report_lines(report: "HtmlReport") -> list[str]:
    """HTML mode as a table: bare trafilatura, then cleaner; then what each rule removed.

    >>> from cleaner.authoring.evaluate import HtmlReport
    >>> html_report_lines(HtmlReport())[1]
    'trafilatura           0      -          -               -'
    """

    def cell(value: float | None, width: int) -> str:
        return f"{value:{width}.4f}" if value is not None else f"{'-':>{width}s}"

    rows = [f"{'':16s} {'pages':>6s} {'f1':>6s} {'with_kept':>10s} {'without_removed':>15s}"]
    for name, scores in (("trafilatura", report.bare), ("cleaner", report.cleaner)):
        s = scores.summary()
        rows.append(
            f"{name:16s} {s['pages']:6d} {cell(s['f1'], 6)} {cell(s['with_kept'], 10)} {cell(s['without_removed'], 15)}"
        )
    rows.append("")
    rows.append(f"{'rule':16s} {'with lost':>10s} {'without removed':>15s}   (strings each rule removed)")
    for rule, t in sorted(
        report.by_rule.items(), key=lambda kv: (-kv[1].with_lost, -kv[1].without_removed, kv[0])
    ):
        rows.append(f"{rule:16s} {t.with_lost:10d} {t.without_removed:15d}")
    return rows


@app.command("eval")
def eval_command(
    folders: Annotated[
        list[Path], typer.Argument(help="Folders with pages.jsonl (and docs.jsonl for text mode).")
    ],
    html: Annotated[
        bool,
        typer.Option(
            "--html", help="Also score each page's HTML through clean_html against bare trafilatura."
        ),
    ] = False,
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
    """Score the rules on labelled extractor output and pages.

    Junk removed, content kept and token F1, per extractor, overall and per rule. With
    --html, also each page's HTML through clean_html against bare trafilatura: the
    pages' with strings kept and without strings removed, and which rule removed each.
    With --learn-repeats each extractor's outputs (and the pages' HTML) are one corpus,
    grouped by the pages' sites.
    """
    from ..authoring.evaluate import evaluate, evaluate_html, load_folder, load_pages

    ruleset = load(rules, no_default_rules, select, ignore, pages=html)  # page rules run on HTML only
    learn = repeat_settings(min_docs, min_share, prose_share, False, 0.5) if learn_repeats else None
    figures: dict[str, dict] = {}
    for folder in folders:
        text_mode = not html or (folder / "docs.jsonl").exists()
        try:
            docs = load_folder(folder) if text_mode else None
            pages = load_pages(folder) if html else None
        except ValueError as exc:
            err(str(exc))
            raise typer.Exit(exit_codes.ERROR) from None
        results = {}
        if docs is not None:
            results["text"] = evaluate(docs, ruleset, learn)
        if pages is not None:
            results["html"] = evaluate_html(pages, ruleset, learn, page_rules(select, ignore))
        figures[str(folder)] = {mode: report.to_dict() for mode, report in results.items()}
        if not as_json:
            for mode, report in results.items():
                if len(folders) > 1 or html:
                    typer.echo(f"== {folder} ({mode})")
                lines = report_lines(report) if mode == "text" else html_report_lines(report)
                for line in lines:
                    typer.echo(line)
                typer.echo("")
    if as_json:
        typer.echo(json.dumps(figures, indent=1, ensure_ascii=False))
