"""``cleaner mine``: find junk the rules miss in a corpus, and draft rules for it."""

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import exit_codes
from .shared import (
    FieldOpt,
    IgnoreOpt,
    NoDefaultsOpt,
    RulesOpt,
    SelectOpt,
    UrlFieldOpt,
    app,
    err,
    folder_sites,
    load,
)

if TYPE_CHECKING:  # imported when the command runs, so that --help and --version start fast
    from ..authoring.mine import Mining


@app.command("mine")
def mine_command(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Argument(metavar="CORPUS", help="A folder of article files, or a JSON Lines file.")
    ],
    out: Annotated[
        Path | None,
        typer.Option(help="Write the draft rule file here (default: stdout); with --by-site, a folder."),
    ] = None,
    prefix: Annotated[str, typer.Option(help="Id prefix of the drafted rules, like ACME.")] = "MIN",
    top: Annotated[int, typer.Option(min=1, help="Propose at most this many lines (per site).")] = 20,
    min_docs: Annotated[int, typer.Option(min=1, help="A line must recur in this many documents.")] = 2,
    min_share: Annotated[
        float,
        typer.Option(
            min=0, max=1, help="... and, unless it is a short line at an edge, in this share of them."
        ),
    ] = 0.02,
    glob: Annotated[str, typer.Option(help="Which files to take from the folder.")] = "*.txt",
    encoding: Annotated[str, typer.Option(help="Encoding of the input files.")] = "utf-8",
    by_site: Annotated[
        bool,
        typer.Option(
            "--by-site", help="Draft one rule file per site into the --out folder, each scoped to its site."
        ),
    ] = False,
    field: FieldOpt = None,
    url_field: UrlFieldOpt = "url",
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
) -> None:
    """Find junk the rules miss in CORPUS, and draft rules for it.

    Lines that recur across documents, repeat inside one, or sit at a document's edge
    are ranked by the documents they touch (to stderr); the draft rules go to --out or stdout.
    """
    from ..authoring.mine import check_prefix, draft_rules, mine, mine_by_site
    from ..io.batch import Options, documents, plan
    from ..io.files import InputError, open_input, write_atomic
    from ..pack.sites import site_file

    if not folder.exists():
        err(f"{folder}: not a folder or a file")
        raise typer.Exit(exit_codes.ERROR)
    if by_site and out is None:
        err("--by-site writes one rule file per site: pass --out DIR")
        raise typer.Exit(exit_codes.ERROR)
    try:
        check_prefix(prefix)
    except ValueError as exc:
        err(str(exc))
        raise typer.Exit(exit_codes.ERROR) from None
    ruleset = load(rules, no_default_rules, select, ignore, pages=False)
    options = Options(encoding=encoding, field=field, url_field=url_field, folders=folder_sites(ctx))
    failed = 0

    def corpus() -> Iterator[tuple[str | None, str]]:
        nonlocal failed
        for task in plan([str(folder)], glob, write=False, folders=options.folders):
            if task.error is not None:
                err(f"{task.name}: {task.error}")
                failed += 1
                continue
            try:
                with open_input(task.src) as stream:
                    yield from documents(stream, task.name, options, task.site)
            except InputError as exc:
                err(str(exc))
                failed += 1

    settings = {"min_docs": min_docs, "min_share": min_share, "top": top}
    if not by_site:
        mining = mine((text for _, text in corpus()), ruleset, **settings)
        draft = draft_rules(mining, prefix, str(folder))
        _show_findings(mining)
        if out is None:
            typer.echo(draft, nl=False)
        else:
            write_atomic(out, draft)
        drafted, where = draft.count("[[rules]]"), f" written to {out}" if out else ""
        err(
            f"{mining.documents} documents ({failed} unreadable): {len(mining.findings)} findings, {drafted} draft rules{where}"
        )
        return
    assert out is not None
    minings, without = mine_by_site(corpus(), ruleset, **settings)
    drafted = 0
    for number, (site, mining) in enumerate(minings.items(), 1):
        draft = draft_rules(mining, f"{prefix}{number}", f"the documents of {site}", [site])
        if "[[rules]]" in draft:
            err(f"{site}:")
            _show_findings(mining)
            write_atomic(out / site_file(site), draft)
            drafted += 1
    documents_seen = sum(m.documents for m in minings.values())
    err(
        f"{documents_seen} documents of {len(minings)} sites ({without} without a site, {failed} unreadable):"
        f" {drafted} draft rule files written to {out}"
    )


def _show_findings(mining: "Mining") -> None:
    for finding in mining.findings:
        err(f"{finding.docs:>6} docs  {finding.kind:<8} {finding.scope:<8}  {finding.text}")
