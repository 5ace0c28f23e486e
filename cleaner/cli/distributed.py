"""``cleaner distributed``: clean folders or globs of files on a Dask cluster.

It shares ``cleaner clean``'s options, messages, progress bar, report and summary: the
files are planned as a local run plans them and each outcome is shown as it comes back.
"""

import json
from pathlib import Path
from typing import Annotated

import typer

from .. import exit_codes
from .clean import show_outcomes, warn_if_nothing
from .shared import (
    EncodingOpt,
    FieldOpt,
    ForceOpt,
    IgnoreOpt,
    LearnOpt,
    MaxShareOpt,
    MaxSizeOpt,
    MinDocsOpt,
    MinShareOpt,
    NoDefaultsOpt,
    PageOpt,
    ProseShareOpt,
    QuietOpt,
    ReportOpt,
    RulesOpt,
    SelectOpt,
    SiteOpt,
    TimeoutOpt,
    UrlFieldOpt,
    app,
    err,
    folder_sites,
    load,
    page_option,
    repeat_settings,
    show_summary,
)


@app.command("distributed")
def distributed_command(
    ctx: typer.Context,
    sources: Annotated[
        list[str], typer.Argument(help="Folders, or globs / URLs of files (s3://bucket/*.jsonl).")
    ],
    out: Annotated[str, typer.Option(help="Write cleaned files here, mirroring each source's tree.")],
    scheduler: Annotated[
        str | None,
        typer.Option(help="Address of the Dask scheduler (tcp://host:8786); default: local processes."),
    ] = None,
    glob: Annotated[str, typer.Option(help="Which files to take from folders.")] = "*.txt",
    field: FieldOpt = None,
    encoding: EncodingOpt = "utf-8",
    stats: Annotated[Path | None, typer.Option(help="Also write the counts here, as JSON.")] = None,
    report: ReportOpt = None,
    quiet: QuietOpt = False,
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    force: ForceOpt = False,
    max_removed_share: MaxShareOpt = 0.5,
    max_size: MaxSizeOpt = 32.0,
    timeout: TimeoutOpt = 1.0,
    site: SiteOpt = None,
    url_field: UrlFieldOpt = "url",
    page: PageOpt = True,
    learn_repeats: LearnOpt = False,
    min_docs: MinDocsOpt = 3,
    min_share: MinShareOpt = 0.5,
    prose_share: ProseShareOpt = 0.8,
) -> None:
    """Clean files on a Dask cluster, as clean --out does.

    Needs the dask extra: pip install 'cleaner[dask]'.
    """
    try:
        from ..io.distributed import clean_tasks, count_tasks, plan_sources
    except ImportError as exc:
        err(f"needs the dask extra: pip install 'cleaner[dask]' ({exc})")
        raise typer.Exit(exit_codes.ERROR) from None
    from dataclasses import replace

    from ..io.batch import Options
    from ..io.files import write_atomic
    from ..pack.repeats import Learned

    ruleset = load(rules, no_default_rules, select, ignore)
    options = Options(
        encoding=encoding,
        timeout=timeout,
        max_share=max_removed_share,
        force=force,
        max_bytes=int(max_size * 1e6),
        report=report is not None,
        field=field,
        site=site,
        url_field=url_field,
        page=page_option(page, select, ignore),
        folders=folder_sites(ctx),
    )
    tasks = plan_sources(sources, out, glob, options.folders)
    warn_if_nothing(tasks, sources, glob)
    if learn_repeats:  # pass 1 over every source, so the counts are those of the whole corpus
        settings = repeat_settings(min_docs, min_share, prose_share, force, max_removed_share)
        counts = count_tasks(tasks, options=options, scheduler=scheduler)
        options = replace(options, learned=Learned.learn(counts, settings))
    outcomes = clean_tasks(tasks, rules=ruleset, options=options, scheduler=scheduler)
    totals = show_outcomes(outcomes, len(tasks), report=report, progress=not quiet)
    if not quiet:
        show_summary(totals, learned=learn_repeats)
    if stats is not None:
        write_atomic(stats, json.dumps(totals.to_json(), indent=2, ensure_ascii=False) + "\n")
    if totals.problems:
        raise typer.Exit(exit_codes.ERROR)
