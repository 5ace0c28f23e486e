"""``cleaner clean``: clean files, folders, JSON Lines, or stdin to stdout.

The work is done by :mod:`cleaner.io.batch`; this module parses options, shows outcomes
and progress, writes the report, and maps the totals to an exit code.
"""

import contextlib
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Literal

import typer

from .. import exit_codes
from .shared import (
    EXIT_CODES_HELP,
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

if TYPE_CHECKING:  # imported when a command runs, so that --help and --version start fast
    from ..io.batch import Options
    from ..io.outcome import Outcome
    from ..io.stats import Stats
    from ..pack.repeats import Learned, Settings, Wordings


def explain_lines(name: str, outcome: "Outcome") -> list[str]:
    """``file:line rule-id: removed text`` for each rule removal (text on one line); a
    learned line's (``REP…``) ends with its reason, the counts that made it go.

    In a JSON Lines file the place is ``file:record-line:line-in-field``.
    """
    from ..engine.apply import LAYOUT
    from ..pack.repeats import PREFIX

    lines = []
    for doc in outcome.docs:
        where = name + doc.label
        for r in doc.removals:
            if r.rule != LAYOUT:
                text = " ⏎ ".join(s.strip() for s in r.text.splitlines() if s.strip())
                why = f"  ({r.reason})" if r.rule.startswith(PREFIX) else ""
                lines.append(f"{where}:{r.line} {r.rule}: {text}{why}")
    return lines


def diff_text(name: str, before: str, after: str) -> str:
    """A unified diff; a last line without a line end is marked as ``diff`` marks it.

    >>> print(diff_text("a.jsonl:3", "Read more:\\nText", "Text"), end="")
    --- a/a.jsonl:3
    +++ b/a.jsonl:3
    @@ -1,2 +1 @@
    -Read more:
     Text
    \\ No newline at end of file
    """
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(
        line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n" for line in lines
    )


def cleaned_line(outcome: "Outcome") -> str:
    """``cleaned PATH (RULE ×N, …)``: a file rewritten in place and what each rule took from it,
    most removals first (``layout`` when only whitespace was tidied), as black says
    ``reformatted PATH``.

    >>> from cleaner.io.outcome import Outcome
    >>> from cleaner.io.outcome import RuleCount
    >>> counts = {"SHR001": RuleCount(1, 1, 1, 9), "REL001": RuleCount(1, 2, 3, 40)}
    >>> cleaned_line(Outcome("articles/a.txt", "changed", counts=counts))
    'cleaned articles/a.txt (REL001 ×2, SHR001)'
    """
    from ..engine.apply import LAYOUT
    from ..io.stats import ranked

    rules = ", ".join(
        rule + (f" ×{c.removals}" if c.removals > 1 else "") for rule, c in ranked(outcome.counts)
    )
    return f"cleaned {outcome.path} ({rules or LAYOUT})"


def _progress(outcomes: Iterable["Outcome"], total: int, show: bool) -> Iterator["Outcome"]:
    """Yield the outcomes, drawing a progress bar on stderr when ``show``."""
    if not show:
        yield from outcomes
        return
    with typer.progressbar(outcomes, length=total, label="cleaning", file=sys.stderr) as bar:
        yield from bar


def _open_report(path: Path) -> IO[str]:
    import gzip

    try:
        if path.name.endswith(".gz"):
            return gzip.open(path, "wt", encoding="utf-8")
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        err(f"{path}: cannot write the report: {exc.strerror or exc}")
        raise typer.Exit(exit_codes.ERROR) from None


CLEAR_LINE = "\r\x1b[K"
"""Back to the start of the terminal's line, and clear it: a message printed while the
progress bar is drawn takes the bar's line, and the bar draws itself again below."""


def _show(outcome: "Outcome", check: bool, diff: bool, explain: bool, fixed: bool, over_bar: bool) -> None:
    """Print what one file's outcome asks for: its errors and warnings, what the mode shows,
    and with ``fixed`` (in place) the line that says what was cleaned. With ``over_bar``
    (a progress bar on the terminal) the bar's line is cleared before the first of them."""
    from ..io.outcome import CHANGED

    cleared = not over_bar

    def echo(text: str, to_stderr: bool = False, nl: bool = True) -> None:
        nonlocal cleared
        if not cleared:
            typer.echo(CLEAR_LINE, err=True, nl=False)
            cleared = True
        typer.echo(text, err=to_stderr, nl=nl)

    for message in (*outcome.warnings, *([outcome.error] if outcome.error else [])):
        echo(f"cleaner: {message}", to_stderr=True)
    if fixed and outcome.status == CHANGED:
        echo(cleaned_line(outcome), to_stderr=True)
    if explain:
        for line in explain_lines(outcome.path, outcome):
            echo(line)
    if diff:  # the documents that changed keep their text before and after
        for doc in outcome.docs:
            if doc.before is not None and doc.after is not None:
                echo(diff_text(outcome.path + doc.label, doc.before, doc.after), nl=False)
    if check and outcome.status == CHANGED:
        echo(f"would clean {outcome.path}")


def _learn(tasks: list, options: "Options", settings: "Settings", jobs: int) -> "Learned":
    """Pass 1 of ``--learn-repeats``: count the corpus' lines and learn its repeats."""
    from ..io.batch import STDIO, count_files
    from ..pack.repeats import Learned

    if any(task.src == STDIO for task in tasks):
        err("--learn-repeats reads the corpus twice: name files or folders, not -")
        raise typer.Exit(exit_codes.ERROR)
    return Learned.learn(count_files(tasks, options, jobs), settings)


def _write_pack(folder: Path, learned: "Learned", wordings: "Wordings") -> None:
    """Write the learned lines as one rule file per site into ``folder``, and say so."""
    from ..io.files import write_atomic

    files = learned.pack(wordings)
    for name, text in files.items():
        try:
            write_atomic(folder / name, text)
        except OSError as exc:
            err(f"{folder / name}: cannot write the pack: {exc.strerror or exc}")
            raise typer.Exit(exit_codes.ERROR) from None
    rules = sum(text.count("[[rules]]") for text in files.values())
    err(f"wrote {rules} learned rules for {len(files)} sites to {folder}")


@app.command("clean", epilog=EXIT_CODES_HELP)
def clean_command(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin to stdout.")],
    glob: Annotated[
        str | None,
        typer.Option(help="Which files to take from folders [default: *.txt, or *.htm* with --from html]."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write cleaned files here, mirroring the input tree.")
    ] = None,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Rewrite changed files in place (atomically).")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; list files that would change; exit 1 if any.")
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; print a unified diff.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Write nothing; print each removal as file:line rule-id: text.")
    ] = False,
    encoding: EncodingOpt = "utf-8",
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, show_default="one per core", help="Processes to clean with."),
    ] = None,
    report: ReportOpt = None,
    quiet: QuietOpt = False,
    force: ForceOpt = False,
    max_removed_share: MaxShareOpt = 0.5,
    max_size: MaxSizeOpt = 32.0,
    timeout: TimeoutOpt = 1.0,
    field: FieldOpt = None,
    add_removals: Annotated[
        bool,
        typer.Option("--add-removals", help="JSON Lines: add FIELD_removals, the removals, to each record."),
    ] = False,
    on_error: Annotated[
        Literal["stop", "skip"],
        typer.Option(help="JSON Lines: a malformed record stops its file, or is dropped (skip)."),
    ] = "stop",
    exit_non_zero_on_fix: Annotated[
        bool, typer.Option("--exit-non-zero-on-fix", help="Exit 1 when a file was changed (for pre-commit).")
    ] = False,
    source: Annotated[
        Literal["auto", "text", "html"],
        typer.Option(
            "--from", help="Input format: auto (.html/.htm files are HTML), text or html (also for stdin)."
        ),
    ] = "auto",
    title: Annotated[
        bool, typer.Option("--title", help="HTML: put the page title on the first line (the titles rules are left out).")
    ] = False,
    tables: Annotated[
        bool, typer.Option("--tables/--no-tables", help="HTML: keep tables or leave them out.")
    ] = True,
    comments: Annotated[bool, typer.Option("--comments", help="HTML: keep reader comments.")] = False,
    page: PageOpt = True,
    favor: Annotated[
        Literal["balanced", "precision", "recall"],
        typer.Option(
            help="HTML: trafilatura's trade-off: precision drops doubtful parts, recall keeps them."
        ),
    ] = "balanced",
    recover: Annotated[
        bool,
        typer.Option(
            "--recover/--no-recover",
            help="HTML, balanced: extract a second time favouring recall and add the article's "
            "paragraphs and list items only that pass found (about 1.3x the time).",
        ),
    ] = True,
    site: SiteOpt = None,
    url_field: UrlFieldOpt = "url",
    learn_repeats: LearnOpt = False,
    min_docs: MinDocsOpt = 3,
    min_share: MinShareOpt = 0.5,
    prose_share: ProseShareOpt = 0.8,
    write_pack: Annotated[
        Path | None,
        typer.Option(
            help="--learn-repeats: write what was learned here as tested rule files, one per site, scoped to it."
        ),
    ] = None,
) -> None:
    """Clean text files, folders, HTML pages, JSON Lines or stdin."""
    from dataclasses import replace

    from ..io.batch import STDIO, Options, clean_files, default_jobs, plan, remove_stale_temp_files
    from ..io.outcome import CHANGED

    view = check or diff or explain
    glob = glob or ("*.htm*" if source == "html" else "*.txt")
    if out is not None and in_place:
        err("use either --out or --in-place, not both")
        raise typer.Exit(exit_codes.ERROR)
    if write_pack is not None and not learn_repeats:
        err("--write-pack writes what --learn-repeats learned: pass --learn-repeats too")
        raise typer.Exit(exit_codes.ERROR)
    if out is not None and out.exists() and not out.is_dir():
        err(f"--out {out}: is a file; --out takes a folder (created if missing) to write the clean files in")
        raise typer.Exit(exit_codes.ERROR)
    for path_arg in paths:
        if Path(path_arg).is_dir() and out is None and not in_place and not view:
            err(f"{path_arg}: is a folder; pass --out DIR or --in-place (or --check, --diff, --explain)")
            raise typer.Exit(exit_codes.ERROR)
    ruleset = load(rules, no_default_rules, select, ignore)
    options = Options(
        encoding=encoding,
        timeout=timeout,
        max_share=max_removed_share,
        force=force,
        max_bytes=int(max_size * 1e6),
        keep_text=diff,
        keep_removals=explain or diff or write_pack is not None,
        report=report is not None,
        field=field,
        add_removals=add_removals,
        on_error=on_error,
        source=source,
        title=title,
        tables=tables,
        comments=comments,
        page=page_option(page, select, ignore),
        favor=favor,
        recover=recover,
        site=site,
        url_field=url_field,
        folders=folder_sites(ctx),
    )
    tasks = plan(paths, glob, out, in_place, write=not view, folders=options.folders)
    if sum(t.dest == STDIO for t in tasks) > 1:
        err("several files would all go to stdout, run together; pass --out DIR or --in-place")
        raise typer.Exit(exit_codes.ERROR)
    warn_if_nothing(tasks, paths, glob)
    for path in remove_stale_temp_files(tasks):
        err(f"{path}: removed, a temp file left by a run that was killed")
    to_stdout = any(t.dest == STDIO for t in tasks)
    jobs = 1 if to_stdout else jobs or default_jobs()
    if learn_repeats:
        settings = repeat_settings(min_docs, min_share, prose_share, force, max_removed_share)
        options = replace(options, learned=_learn(tasks, options, settings, jobs))
    outcomes = clean_files(tasks, ruleset, options, jobs)
    pack = None
    if write_pack is not None:  # a plain run does without the module
        from ..pack.repeats import Wordings

        pack = Wordings()
    stats = show_outcomes(
        outcomes if pack is None else pack.gather(outcomes),
        len(tasks),
        report=report,
        progress=not quiet and not to_stdout,
        check=check,
        diff=diff,
        explain=explain,
        fixed=in_place and not view and not quiet,
    )
    if pack is not None:
        _write_pack(write_pack, options.learned, pack)
    if not quiet:
        show_summary(stats, " (nothing written)" if view else "", learned=learn_repeats)
    if stats.problems:
        raise typer.Exit(exit_codes.ERROR)
    if stats.status[CHANGED] and (check or exit_non_zero_on_fix):
        raise typer.Exit(exit_codes.CHANGED)


def warn_if_nothing(tasks: Sequence[object], paths: Sequence[str], glob: str) -> None:
    """Warn that a run has no file to clean, naming where it looked and for what."""
    if not tasks:
        err(f"warning: no file matched: {', '.join(paths)} (searched for --glob {glob!r})")


def show_outcomes(
    outcomes: Iterable["Outcome"],
    total: int,
    *,
    report: Path | None = None,
    progress: bool = True,
    check: bool = False,
    diff: bool = False,
    explain: bool = False,
    fixed: bool = False,
) -> "Stats":
    """Show each file's outcome as it comes (messages, what the mode asks for, and with
    ``fixed`` the ``cleaned PATH`` line), write its ``report`` line, draw a progress bar
    (``progress``, for more than one file on a terminal); the run's totals. ``cleaner
    clean`` and ``cleaner distributed`` share it."""
    from ..io.stats import Stats

    stats = Stats()
    show_bar = progress and total > 1 and sys.stderr.isatty()
    with contextlib.ExitStack() as stack:
        log = stack.enter_context(_open_report(report)) if report is not None else None
        for outcome in _progress(outcomes, total, show_bar):
            stats += Stats.of(outcome)
            _show(outcome, check, diff, explain, fixed=fixed, over_bar=show_bar)
            if log is not None:
                log.write(f"{outcome.report_line}\n")
                log.flush()
    return stats
