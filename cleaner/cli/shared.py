"""The Typer application and what its commands share: options, rule loading, messages."""

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import exit_codes

if TYPE_CHECKING:  # the modules are imported where used, so that --help and --version start fast
    from ..io.page import PageRules
    from ..io.stats import Stats
    from ..pack.config import Config
    from ..pack.repeats import Settings
    from ..pack.rules import RuleSet

EXIT_CODES_HELP = (
    "Exit codes: 0 success, 1 --check found files to change (or rules test/check failed),"
    " 2 usage, input or rule errors."
)

app = typer.Typer(
    help=f"Strip boilerplate (paywalls, captions, related links…) from article text.\n\n{EXIT_CODES_HELP}",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

rules_app = typer.Typer(
    help="List, show, test and check rules.", invoke_without_command=True, rich_markup_mode=None
)
app.add_typer(rules_app, name="rules")

RulesOpt = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="Rule file or folder to add (repeatable).", show_default=False),
]
NoDefaultsOpt = Annotated[bool, typer.Option("--no-default-rules", help="Do not load the default rule pack.")]
SelectOpt = Annotated[
    list[str] | None,
    typer.Option(
        help="Use only rules whose id starts with this (id or prefix; repeatable or comma-separated)."
    ),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option(
        help="Leave out rules whose id starts with this (id or prefix; repeatable or comma-separated)."
    ),
]

ForceOpt = Annotated[
    bool, typer.Option("--force", help="Ignore --max-removed-share: write texts however much they lose.")
]
MaxShareOpt = Annotated[
    float,
    typer.Option(
        min=0.0,
        max=1.0,
        help="Leave a text alone (reported suspicious) when rules would remove more than this share of it.",
    ),
]
TimeoutOpt = Annotated[
    float,
    typer.Option(min=0.0, help="Seconds a rule's pattern may run on one line before the rule is skipped."),
]
EncodingOpt = Annotated[
    str, typer.Option(help="Encoding of text files; 'auto' detects it for files that are not UTF-8.")
]
ReportOpt = Annotated[
    Path | None,
    typer.Option(help="Write one JSON line per file: status, error, every removal (.gz compresses)."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")]
MaxSizeOpt = Annotated[
    float,
    typer.Option(min=0.0, help="Refuse text files (and JSON Lines records) larger than this many MB."),
]
FieldOpt = Annotated[
    str | None, typer.Option(help="Read JSON Lines and clean this field (*.jsonl files: 'text').")
]
SiteOpt = Annotated[
    str | None,
    typer.Option(
        help="The site of every document, for rules scoped to sites (default: each document's own).",
        show_default=False,
    ),
]
UrlFieldOpt = Annotated[str, typer.Option(help="JSON Lines: the field whose URL's host is a record's site.")]

PageOpt = Annotated[
    bool,
    typer.Option(
        "--page/--no-page",
        help="HTML: also remove lines by what the page shows (PAG001 furniture, PAG002 after the article, PAG003 its address, PAG004 an article's headline, PAG005 a repeated passage).",
    ),
]


LearnOpt = Annotated[
    bool,
    typer.Option(
        "--learn-repeats",
        help="Read the corpus twice: learn the lines each site repeats across its documents, then remove them too.",
    ),
]
MinDocsOpt = Annotated[
    int, typer.Option(min=1, help="--learn-repeats: a line must recur in this many documents of its site ...")
]
MinShareOpt = Annotated[
    float, typer.Option(min=0.0, max=1.0, help="... and in this share of the site's documents.")
]
ProseShareOpt = Annotated[
    float,
    typer.Option(
        min=0.0, max=1.0, help="... a long prose line, or one with a quotation: in this share of them."
    ),
]


def repeat_settings(
    min_docs: int, min_share: float, prose_share: float, force: bool, max_removed_share: float
) -> "Settings":
    """The ``--learn-repeats`` settings of the options (``--force`` lifts the guard)."""
    from ..pack.repeats import Settings

    return Settings(
        min_docs, min_share, prose_share=prose_share, max_share=1.0 if force else max_removed_share
    )


def folder_sites(ctx: typer.Context) -> tuple[tuple[str, str], ...]:
    """The configuration's ``folder-sites`` (folder globs and their sites)."""
    return ctx.obj.folder_sites if ctx.obj is not None else ()


def err(message: str) -> None:
    typer.echo(f"cleaner: {message}", err=True)


def show_summary(stats: "Stats", note: str = "", learned: bool = False) -> None:
    """Print a run's closing lines on stderr: the totals (with ``note``), then one line per
    rule (with ``learned``, the learned lines' rules as one line)."""
    prefix = None
    if learned:  # a plain run does without the module
        from ..pack.repeats import PREFIX as prefix
    first, *per_rule = stats.summary(prefix)
    err(first + note)
    for line in per_rule:
        typer.echo(line, err=True)


def _codes(values: list[str] | None) -> tuple[str, ...]:
    return tuple(code.strip() for v in values or [] for code in v.split(",") if code.strip())


def load(
    rules: list[Path] | None,
    no_default_rules: bool,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    opt_in: bool = False,
    pages: bool = True,
) -> "RuleSet":
    """The rules a command uses (the configuration file supplies the options' defaults);
    ``opt_in`` adds the opt-in rules, for the commands that list and test rules. With
    ``pages`` (a command that runs the HTML page rules) a code may name a page rule
    instead (:func:`page_rules` chooses among them); without, such a code names no rule."""
    from ..pack.rules import RuleError, UnknownCode, load_rules

    try:
        loaded = load_rules(*(rules or []), defaults=not no_default_rules)
        known = [r.id for r in page_rules().rules] if pages and (select or ignore) else ()  # read only for codes
        return loaded.choose(_codes(select), _codes(ignore), opt_in, known=known)
    except RuleError as exc:
        err(str(exc))
        raise typer.Exit(exit_codes.ERROR) from None
    except UnknownCode as exc:
        err(f"--{exc.option} {exc.code}: {exc}")
        raise typer.Exit(exit_codes.ERROR) from None


def page_rules(select: list[str] | None = None, ignore: list[str] | None = None) -> "PageRules":
    """The HTML page rules (PAG…) that ``--select`` and ``--ignore`` choose, as :func:`load`
    chooses the text rules (which has reported the codes that name no rule)."""
    from ..io.page import default_page_rules

    return default_page_rules().choose(_codes(select), _codes(ignore))


def page_option(page: bool, select: list[str] | None, ignore: list[str] | None) -> "bool | PageRules":
    """``--page/--no-page`` with the codes, as the library's ``page`` takes it: the page
    rules the codes choose, or all of them (True: read when a page comes) if there are none."""
    return page and (page_rules(select, ignore) if select or ignore else True)


def option_defaults(config: "Config") -> dict[str, Any]:
    """The configuration as defaults of the commands' options, so the command line wins.

    >>> from cleaner.pack.config import Config
    >>> option_defaults(Config(packs=(), select=("PAY",)))
    {'rules': [], 'no_default_rules': True, 'select': ['PAY']}
    """
    from ..pack.config import DEFAULT_PACK

    values = {
        "rules": [str(p) for p in config.pack_paths() + list(config.rules)],
        "no_default_rules": DEFAULT_PACK not in config.packs,
        "select": list(config.select) or None,
        "ignore": list(config.ignore) or None,
        "glob": config.glob,
        "max_removed_share": config.max_removed_share,
    }
    return {key: value for key, value in values.items() if value is not None}


@contextlib.contextmanager
def _sigterm_stops() -> Iterator[None]:
    """While a command runs, SIGTERM stops it as Ctrl-C does: the work in hand is undone
    (temp files removed, workers stopped), and the exit code is 143."""

    def stop(signum: int, frame: object) -> None:
        err("stopped by SIGTERM; the file in hand was left as it was")
        exit_codes.stop(signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(help="Read settings from this file, not the nearest cleaner.toml / pyproject.toml."),
    ] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore configuration files.")] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Compile the rules afresh: no rule cache (also: CLEANER_NO_CACHE=1)."
        ),
    ] = False,
) -> None:
    """Strip boilerplate from article text."""
    from ..pack.config import Config, ConfigError, load_config

    ctx.with_resource(_sigterm_stops())
    if no_cache:
        from ..pack.cache import disabled

        ctx.with_resource(disabled())  # until the command has run

    try:
        ctx.obj = Config() if isolated else load_config(config)  # also what no option carries
        defaults = option_defaults(ctx.obj)
    except ConfigError as exc:
        err(str(exc))
        raise typer.Exit(exit_codes.ERROR) from None
    # Every command (and every `rules` subcommand) reads the options it has from here.
    ctx.default_map = {name: defaults for name in ("clean", "distributed", "explain", "mine")}
    ctx.default_map["rules"] = {**defaults, **{name: defaults for name in ("list", "show", "test")}}
