"""``cleaner review``: a run's ``--report`` as one self-contained HTML page."""

from pathlib import Path
from typing import Annotated

import typer

from .. import exit_codes
from .shared import app, err


@app.command("review")
def review_command(
    report: Annotated[
        Path, typer.Argument(metavar="REPORT", help="A --report file of cleaner clean (plain or .gz).")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the page here (default: stdout).")
    ] = None,
    context: Annotated[int, typer.Option(min=0, help="Kept lines shown around each removal.")] = 2,
    whole: Annotated[
        bool, typer.Option("--whole", help="Show each file's whole text, not only around removals.")
    ] = False,
) -> None:
    """Show what a run removed as one HTML page, from its --report.

    The page holds everything (no network): the run's counts per rule, failed and
    suspicious files first, and each file's removed lines struck through in place, with
    a filter by rule and by status. File texts are read from the paths in the report.
    """
    from ..authoring.review import page
    from ..io.files import InputError, write_atomic
    from ..io.outcome import STATUSES
    from ..io.report import read
    from ..io.stats import counted

    try:
        lines = list(read(report))
    except InputError as exc:
        err(str(exc))
        raise typer.Exit(exit_codes.ERROR) from None
    html = page(lines, context=None if whole else context, title=f"cleaner review: {report.name}")
    if out is None:
        typer.echo(html, nl=False)
    else:
        write_atomic(out, html)
    counts = ", ".join(f"{sum(line['status'] == s for line in lines)} {s}" for s in STATUSES)
    err(f"{counted(len(lines), 'file')} ({counts}){f'; page written to {out}' if out else ''}")
