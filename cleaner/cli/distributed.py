"""``cleaner distributed``: clean folders or globs of files on a Dask cluster."""

import json
from pathlib import Path
from typing import Annotated

import typer

from .. import exit_codes
from .app import (
    FieldOpt,
    ForceOpt,
    IgnoreOpt,
    LearnOpt,
    MaxShareOpt,
    MinDocsOpt,
    MinShareOpt,
    NoDefaultsOpt,
    ProseShareOpt,
    RulesOpt,
    SelectOpt,
    SiteOpt,
    TimeoutOpt,
    UrlFieldOpt,
    app,
    err,
    folder_sites,
    load,
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
    stats: Annotated[Path | None, typer.Option(help="Also write the counts here, as JSON.")] = None,
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    force: ForceOpt = False,
    max_removed_share: MaxShareOpt = 0.5,
    timeout: TimeoutOpt = 1.0,
    site: SiteOpt = None,
    url_field: UrlFieldOpt = "url",
    learn_repeats: LearnOpt = False,
    min_docs: MinDocsOpt = 3,
    min_share: MinShareOpt = 0.5,
    prose_share: ProseShareOpt = 0.8,
) -> None:
    """Clean files on a Dask cluster (pip install 'cleaner[dask]'): same output as clean --out."""
    try:
        from ..distributed import Totals, clean_files, count_files
    except ImportError as exc:
        err(f"needs the dask extra: pip install 'cleaner[dask]' ({exc})")
        raise typer.Exit(exit_codes.ERROR) from None
    from dataclasses import replace

    from ..batch import Options
    from ..repeats import Counts, Learned

    ruleset = load(rules, no_default_rules, select, ignore)
    options = Options(
        timeout=timeout,
        max_share=max_removed_share,
        force=force,
        field=field,
        keep_removals=False,
        site=site,
        url_field=url_field,
        folders=folder_sites(ctx),
    )
    patterns = [f"{source.rstrip('/')}/**/{glob}" if Path(source).is_dir() else source for source in sources]
    if learn_repeats:  # pass 1 over every source, so the counts are those of the whole corpus
        counts = Counts()
        for pattern in patterns:
            counts += count_files(pattern, options=options, scheduler=scheduler)
        settings = repeat_settings(min_docs, min_share, prose_share, force, max_removed_share)
        options = replace(options, learned=Learned.learn(counts, settings))
    total = Totals()
    for pattern in patterns:
        total += clean_files(pattern, out, rules=ruleset, options=options, scheduler=scheduler)
    for message in total.messages:
        err(message)
    show_summary(total.stats, learned=learn_repeats)
    if stats is not None:
        stats.write_text(
            json.dumps(total.stats.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    if total.stats.problems:
        raise typer.Exit(exit_codes.ERROR)
