"""``cleaner rules``: list, show, test and check rules."""

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import exit_codes
from .shared import IgnoreOpt, NoDefaultsOpt, RulesOpt, SelectOpt, err, load, page_rules, rules_app

if TYPE_CHECKING:  # imported when a command runs, so that --help and --version start fast
    from ..pack.rules import Rule


def _where(rule: "Rule") -> str:
    """The rule's file (relative to the current folder when inside it) and line."""
    path = Path(rule.source)
    try:
        path = path.resolve().relative_to(Path.cwd())
    except ValueError:
        pass
    return f"{path}:{rule.line}" if rule.line else str(path)


def _note(rule: "Rule") -> str:
    """What the list says before a rule's description: opt-in, or that only HTML input has it."""
    from ..io.page import Element

    return "(opt-in) " * rule.opt_in + "(HTML input) " * isinstance(rule.kind, Element)


def _loaded(
    rules: list[Path] | None, no_default_rules: bool, select: list[str] | None, ignore: list[str] | None
) -> "list[Rule]":
    """The rules to list and show: the loaded ones (opt-in too), then the HTML page rules."""
    return [*load(rules, no_default_rules, select, ignore, opt_in=True), *page_rules(select, ignore).rules]


def _list(rules: "list[Rule]") -> None:
    rows = [(r.id, r.family, r.name, _where(r), _note(r) + r.description) for r in rules]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
    for row in rows:
        typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[4])


@rules_app.callback()
def rules_command(
    ctx: typer.Context,
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
) -> None:
    """List, show, test and check rules (alone: list the loaded rules)."""
    if ctx.invoked_subcommand is None:
        _list(_loaded(rules, no_default_rules, select, ignore))


@rules_app.command("list")
def list_command(
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
) -> None:
    """List rules and page rules: id, family, name, file, description."""
    _list(_loaded(rules, no_default_rules, select, ignore))


def _block(title: str, texts: tuple[str, ...]) -> list[str]:
    lines = [title]
    for number, text in enumerate(texts):
        body = text.splitlines() or [""]
        lines += [f"  {number:>2} │ {body[0]}"] + [f"     │ {line}" for line in body[1:]]
    return lines


def describe(rule: "Rule") -> str:
    """The whole rule as a person reads it: header, description, keys, examples."""
    from ..pack.rules import COMMON_KEYS

    lines = [
        f"{rule.id}  {rule.name}",
        f"  kind: {rule.kind.name}   family: {rule.family}   scope: {rule.scope}"
        + (f" ({rule.lines} lines)" if rule.scope != "anywhere" else ""),
        f"  source: {_where(rule)}",
        "",
        *textwrap.wrap(rule.description, 88, initial_indent="  ", subsequent_indent="  "),
        "",
    ]
    for key, value in rule.spec.items():
        if key in COMMON_KEYS:
            continue
        values = value if isinstance(value, list) else [value]
        lines += [f"{key}:"] + [f"  {v}" for v in values]
    lines += ["", *_block("remove:", rule.examples.remove), *_block("keep:", rule.examples.keep)]
    return "\n".join(lines)


@rules_app.command("show")
def show_command(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="The rule's id, like PAY001.")],
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
) -> None:
    """Show one rule whole: its keys, description and examples."""
    from ..pack.rules import suggest

    loaded = _loaded(rules, no_default_rules, None, None)
    rule = next((r for r in loaded if r.id == rule_id.upper()), None)
    if rule is None:
        err(f"no rule {rule_id!r}{suggest(rule_id.upper(), [r.id for r in loaded])}")
        raise typer.Exit(exit_codes.ERROR)
    typer.echo(describe(rule))


PathsArg = Annotated[list[Path] | None, typer.Argument(help="Rule files or folders.", show_default=False)]


@rules_app.command("test")
def test_command(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    no_default_rules: NoDefaultsOpt = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
) -> None:
    """Run the rules' remove/keep examples; exit 1 on a failure.

    The examples of the rules in PATHs, else of the loaded rules and of the HTML page
    rules (PAG…: each fragment set in a small page and cleaned as HTML).
    """
    from ..io import page_examples
    from ..pack.examples import cases

    loaded = (
        load(paths, True, select, ignore, opt_in=True)
        if paths
        else load(rules, no_default_rules, select, ignore, opt_in=True)
    )
    pages = () if paths or no_default_rules else page_rules(select, ignore).rules
    passed = failed = 0
    for case in [*cases(loaded), *page_examples.cases(pages)]:
        failure = case.failure()
        if failure is None:
            passed += 1
            typer.echo(f"{typer.style('PASS', fg='green')} {case.id}")
        else:
            failed += 1
            typer.echo(f"{typer.style('FAIL', fg='red', bold=True)} {_where(case.rule)}: {failure}")
    n, total = len(loaded) + len(pages), passed + failed
    err(f"{n} rule{'s' * (n != 1)}, {total} examples: {passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(exit_codes.FAILED)


@rules_app.command("check")
def check_command(
    paths: Annotated[list[Path], typer.Argument(help="Rule files or folders.", show_default=False)],
) -> None:
    """Validate rule files without running them; exit 1 on a problem.

    Every problem is printed, one line each; each pattern is also probed for
    catastrophic backtracking. Each rule the native prefilter cannot screen is named,
    as info (it runs on every line, more slowly).
    """
    from ..engine.triggers import slow_path
    from ..pack import backtracking
    from ..pack.rules import read_rules

    rules, problems = read_rules(paths)
    problems += backtracking.problems(rules)
    for problem in sorted(problems, key=lambda p: (p.source, p.line or 0)):
        typer.echo(str(problem))
    for rule, why in slow_path(rules):
        typer.echo(f"{_where(rule)}: {rule.id}: info: {why}; it runs on the slow path")
    n, m = len(rules), len(problems)
    err(f"{n} valid rule{'s' * (n != 1)}, {m} problem{'s' * (m != 1)}")
    if problems:
        raise typer.Exit(exit_codes.FAILED)
