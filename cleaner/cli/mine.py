"""``cleaner mine``: find junk the rules miss in a corpus, and draft rules for it."""

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from .. import exit_codes
from .app import IgnoreOpt, NoDefaultsOpt, RulesOpt, SelectOpt, app, err, load


@app.command("mine")
def mine_command(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A folder of article text files.")],
    out: Annotated[
        Path | None, typer.Option(help="Write the draft rule file here (default: stdout).")
    ] = None,
    prefix: Annotated[str, typer.Option(help="Id prefix of the drafted rules, like ACME.")] = "MIN",
    top: Annotated[int, typer.Option(min=1, help="Propose at most this many lines.")] = 20,
    min_docs: Annotated[int, typer.Option(min=1, help="A line must recur in this many documents.")] = 2,
    min_share: Annotated[
        float,
        typer.Option(
            min=0, max=1, help="... and, unless it is a short line at an edge, in this share of them."
        ),
    ] = 0.02,
    glob: Annotated[str, typer.Option(help="Which files to take from the folder.")] = "*.txt",
    encoding: Annotated[str, typer.Option(help="Encoding of the input files.")] = "utf-8",
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
) -> None:
    """Find junk the rules miss in DIR, and draft rules for it.

    Lines that recur across documents, repeat inside one, or sit at a document's edge
    are ranked by the documents they touch (to stderr); the draft rules go to --out or stdout.
    """
    from ..files import InputError, find_files, read_text, write_atomic
    from ..mine import check_prefix, draft_rules, mine

    if not folder.is_dir():
        err(f"{folder}: not a folder")
        raise typer.Exit(exit_codes.ERROR)
    try:
        check_prefix(prefix)
    except ValueError as exc:
        err(str(exc))
        raise typer.Exit(exit_codes.ERROR) from None
    ruleset = load(rules, no_default_rules, select, ignore)
    failed = 0

    def texts() -> Iterator[str]:
        nonlocal failed
        for path, _, error in find_files([folder], glob):
            if error is not None:
                err(f"{path}: {error}")
                failed += 1
                continue
            try:
                yield read_text(path, encoding)
            except InputError as exc:
                err(str(exc))
                failed += 1

    mining = mine(texts(), ruleset, min_docs=min_docs, min_share=min_share, top=top)
    draft = draft_rules(mining, prefix, str(folder))
    for finding in mining.findings:
        err(f"{finding.docs:>6} docs  {finding.kind:<8} {finding.scope:<8}  {finding.text}")
    drafted = draft.count("[[rules]]")
    if out is None:
        typer.echo(draft, nl=False)
    else:
        write_atomic(out, draft)
    err(
        f"{mining.documents} documents ({failed} unreadable): {len(mining.findings)} findings,"
        f" {drafted} draft rules{f' written to {out}' if out else ''}"
    )
