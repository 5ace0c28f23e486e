"""Rules: loading rule files, validating them, and choosing among them.

A rule file is TOML holding ``[[rules]]`` tables. Each rule has an ``id``, a ``name``,
a ``kind`` (see :mod:`cleaner.engine.kinds`), a ``description``, the keys of its kind, and
``examples`` of text it must remove and text it must keep::

    [[rules]]
    id = "PAY001"
    name = "paywall-block"
    kind = "block"
    description = "A paywall notice and the offer that follows it, to the end."
    start = '''you['’]ve reached your (free )?(article )?limit.*'''

    [rules.examples]
    remove = ["You've reached your free article limit.\\nSubscribe now"]
    keep = ["The reporter reached the border."]
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from ..engine.kinds import KINDS, Kind
from . import cache, sites

ID = regex.compile(r"[A-Z][A-Z0-9]*[0-9]+")
ID_LETTERS = regex.compile(r"[A-Z]+")
NAME = regex.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SCOPES = ("anywhere", "head", "tail", "edges")
COMMON_KEYS = {
    "id": "Stable code, like a linter's: capital letters then digits (PAY001).",
    "name": "Readable name of the problem, kebab-case (paywall-block).",
    "kind": f"One of: {', '.join(KINDS)}.",
    "description": "What the rule removes and why it is junk.",
    "scope": "Where a match may begin: anywhere (default), head, tail, or edges (head or tail).",
    "lines": "With scope head/tail/edges: how many non-blank lines from each edge (default 3).",
    "ignore_case": "Patterns ignore case (default true).",
    "opt_in": "The rule runs only when `select` names it or its prefix (default false).",
    "examples": "Table with `remove` and `keep`: lists of texts.",
    "sites": "Run only on documents of these sites (host patterns like example.com, *.example.org);"
    " replaces the file's `sites`.",
}
TOP_KEYS = {
    "rules": "The [[rules]] tables.",
    "sites": "Run the file's rules only on documents of these sites (host patterns).",
}


@dataclass(frozen=True)
class Problem:
    """One fault in a rule file, placed at its line and column when they are known.

    >>> str(Problem("r.toml", "unknown key 'patern'; did you mean 'pattern'?", "ABC001", 7, 1))
    "r.toml:7:1: ABC001: unknown key 'patern'; did you mean 'pattern'?"
    """

    source: str
    message: str
    rule_id: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}:{self.column or 1}" if self.line else self.source
        return f"{where}: {self.rule_id}: {self.message}" if self.rule_id else f"{where}: {self.message}"


class RuleError(ValueError):
    """Rule files cannot be used; the message names the file and the rule.

    ``problems`` holds every fault found; the message shows the first.
    """

    def __init__(self, source: str | Path, message: str, rule_id: str | None = None):
        self.problems: tuple[Problem, ...] = (Problem(str(source), message, rule_id),)
        self.source, self.rule_id = str(source), rule_id
        super().__init__(str(self.problems[0]))

    @classmethod
    def from_problems(cls, problems: Sequence[Problem]) -> RuleError:
        first, more = problems[0], len(problems) - 1
        error = cls(first.source, first.message, first.rule_id)
        error.problems = tuple(problems)
        note = f" (and {more} more problem{'s' * (more != 1)}; `cleaner rules check` lists them)"
        error.args = (str(first) + (note if more else ""),)
        return error


class UnknownCode(ValueError):
    """A ``select`` or ``ignore`` code that no loaded rule's id starts with."""

    def __init__(self, option: str, code: str, ids: Sequence[str]):
        self.option, self.code = option, code
        prefixes = sorted({ID_LETTERS.match(i)[0] for i in ids})
        close = difflib.get_close_matches(code.upper(), [*prefixes, *ids], n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"rule ids start with {', '.join(prefixes)}"
        super().__init__(f"no loaded rule's id starts with {code!r}; {hint}")


@dataclass(frozen=True)
class Examples:
    remove: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One compiled rule."""

    id: str
    name: str
    kind: Kind
    description: str
    examples: Examples
    source: str
    family: str
    scope: str = "anywhere"
    lines: int = 3
    opt_in: bool = False
    """Left out unless chosen by name: a rule that costs content on some kinds of text."""
    spec: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    line: int | None = field(default=None, compare=False)
    """Line of the rule's ``[[rules]]`` header in ``source``, when known."""
    sites: tuple[str, ...] = ()
    """Host patterns (normalized) of the sites it runs on; empty: every document."""
    note: str | None = field(default=None, compare=False)
    """The reason its removals give, when not its ``name`` (a learned line: its counts)."""

    @property
    def settles_at_once(self) -> bool:
        """Whether what the rule removes cannot change when other lines go: its kind
        judges a line by itself and its scope is the whole document (not the head or
        tail, which other removals move). The engine's later passes leave it out."""
        return self.scope == "anywhere" and self.kind.by_its_line

    def anchors(self, size: int) -> Sequence[int]:
        """View indices where a match may begin, for a view of ``size`` lines.

        >>> rule = build_rule({"id": "X1", "name": "x", "kind": "line", "description": "d", "pattern": "x",
        ...                    "scope": "edges", "lines": 2, "examples": {"remove": ["x"], "keep": ["y"]}}, "r.toml", "r")
        >>> list(rule.anchors(6)), list(rule.anchors(3))
        ([0, 1, 4, 5], [0, 1, 2])
        """
        if self.scope == "head":
            return range(min(self.lines, size))
        if self.scope == "tail":
            return range(max(size - self.lines, 0), size)
        if self.scope == "edges":
            if 2 * self.lines >= size:
                return range(size)
            return (*range(self.lines), *range(size - self.lines, size))
        return range(size)


@dataclass(frozen=True)
class RuleSet(Sequence[Rule]):
    """An ordered, immutable collection of rules with unique ids."""

    rules: tuple[Rule, ...] = ()
    loaded: tuple[Rule, ...] = field(default=(), repr=False, compare=False)
    """What :meth:`choose` picks from, in load order: ``rules`` and the opt-in rules left
    out of them because no ``select`` named them (empty: ``rules`` alone)."""
    _by_site: dict[str | None, RuleSet] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_choice: dict[tuple[int, ...], RuleSet] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __getitem__(self, index):  # type: ignore[override]
        return self.rules[index]

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def choose(
        self,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        opt_in: bool = False,
        known: Iterable[str] = (),
    ) -> RuleSet:
        """Keep rules whose id starts with a ``select`` prefix, minus ``ignore``.

        Without ``select``, every rule but the ``opt_in`` ones (unless ``opt_in`` is true,
        to list or test them); those run only when a ``select`` prefix names them, as
        ruff's rules outside its default set. They stay in :attr:`loaded`, so a rule set
        chosen without ``select`` (:func:`default_rules`) can still select them.

        A code that no rule id starts with (nor one of ``known``, the ids of rules chosen
        elsewhere: the HTML page rules) is an :class:`UnknownCode` error: it would choose
        nothing, in silence.

        >>> rules = default_rules()  # TTL001 is opt-in
        >>> [r.id for r in rules.choose(select=["PAY"])][:1]
        ['PAY001']
        >>> [["TTL001" in [r.id for r in rules.choose(*how)]] for how in ((), (["TTL"],), ((), (), True))]
        [[False], [True], [True]]
        >>> rules.choose(ignore=["PAX"])
        Traceback (most recent call last):
        ...
        cleaner.pack.rules.UnknownCode: no loaded rule's id starts with 'PAX'; did you mean 'PAY'?
        """
        select, ignore, pool = tuple(select), tuple(ignore), self.loaded or self.rules
        ids = [*(r.id for r in pool), *known]
        for option, codes in (("select", select), ("ignore", ignore)):
            for code in codes:
                if not any(i.startswith(code) for i in ids):
                    raise UnknownCode(option, code, ids)
        picked = tuple(r for r in pool if chosen(r.id, select, ignore))
        kept = picked if select or opt_in else tuple(r for r in picked if not r.opt_in)
        return RuleSet(kept, picked if len(kept) < len(picked) else ())

    def for_site(self, site: str | None) -> RuleSet:
        """The rules that run on a document of ``site`` (None: no site): the rules without
        ``sites`` and those whose ``sites`` take it in.

        Sites whose rules are the same share one rule set (this one, when no rule is
        scoped to them), so the engine's compiled triggers serve every such document.

        >>> rules = load_rules()
        >>> rules.for_site("example.com") is rules.for_site(None) is rules
        True
        """
        key = sites.normalize(site) if site else None
        chosen = self._by_site.get(key)
        if chosen is None:
            if len(self._by_site) >= MAX_SITES:
                self._by_site.clear()
            picked = tuple(i for i, r in enumerate(self.rules) if not r.sites or sites.matches(r.sites, key))
            chosen = self._by_choice.get(picked)
            if chosen is None:
                whole = len(picked) == len(self.rules)
                chosen = self if whole else RuleSet(tuple(self.rules[i] for i in picked))
                self._by_choice[picked] = chosen
            self._by_site[key] = chosen
        return chosen


def chosen(rule_id: str, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> bool:
    """Whether ``select`` and ``ignore`` (id prefixes) take the rule ``rule_id``: a
    ``select`` prefix names it (or there is no ``select``) and no ``ignore`` prefix does.

    >>> [chosen("PAY001", *how) for how in ((), (["PAY"],), (["CAP"],), ((), ["PAY001"]))]
    [True, True, False, False]
    """
    return (not select or rule_id.startswith(tuple(select))) and not rule_id.startswith(tuple(ignore))


MAX_SITES = 10_000
"""Sites whose rule set a :class:`RuleSet` remembers (then it forgets them all)."""

_RULES_HEADER = regex.compile(r"\s*\[\[\s*rules\s*\]\]")
_TOML_POSITION = regex.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TYPE_NOUNS = {"int": "a whole number >= 0", "bool": "true or false", "str": "a non-empty string"}


def suggest(word: Any, allowed: Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt key or value, else the allowed list.

    >>> suggest("patern", ["pattern", "scope"])
    "; did you mean 'pattern'?"
    """
    allowed = sorted(allowed)
    close = difflib.get_close_matches(str(word), allowed, n=1) if isinstance(word, str) else []
    return f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(allowed)}"


class _Places:
    """Where rules and keys sit in a rule file's text, so problems can give line:column.

    tomllib returns values without positions, so they are looked up in the text: the
    n-th ``[[rules]]`` header starts rule n; a key is the first ``key =`` line (or
    ``[rules.key]`` header) after it; a pattern is found by its text.
    """

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.starts = [i for i, line in enumerate(self.lines) if _RULES_HEADER.match(line)]

    def find(self, index: int | None, key: str | None, value: str | None, pos: int) -> tuple[int, int] | None:
        if index is None and key is not None:  # a key at the top of the file, before any rule
            head = self.lines[: self.starts[0] if self.starts else len(self.lines)]
            key_line = regex.compile(rf"\s*{regex.escape(key)}\s*=")
            return next(((r + 1, 1) for r, line in enumerate(head) if key_line.match(line)), None)
        if index is None or index >= len(self.starts):
            return None
        first = self.starts[index]
        stop = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.lines)
        row, column = first, 0
        if key is not None:
            key_line = regex.compile(rf"\s*(?:{regex.escape(key)}\s*=|\[\s*rules\.{regex.escape(key)}\s*\])")
            row = next((r for r in range(first, stop) if key_line.match(self.lines[r])), first)
            column = len(self.lines[row]) - len(self.lines[row].lstrip())
        if value is not None:
            for r in range(row, stop):
                if value in self.lines[r]:
                    row, column = r, self.lines[r].index(value) + pos
                    break
        return row + 1, column + 1


class _Report:
    """Collects the problems of one rule file instead of stopping at the first."""

    def __init__(self, source: str, places: _Places | None = None):
        self.source, self.places = source, places
        self.problems: list[Problem] = []

    def add(
        self,
        message: str,
        rule_id: str | None = None,
        index: int | None = None,
        key: str | None = None,
        value: str | None = None,
        pos: int = 0,
    ) -> None:
        place = self.places.find(index, key, value, pos) if self.places else None
        self.problems.append(Problem(self.source, message, rule_id, *(place or (None, None))))


SPACE = r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]"
"""What a space in a rule's pattern matches: any space between words, as real text has
them (no-break, thin, narrow no-break, ideographic)."""
_VERBOSE = regex.compile(r"\(\?[a-zA-Z]*x")


def any_space(pattern: str) -> str:
    r"""``pattern`` with each literal space made :data:`SPACE` (in a character class, its
    spaces), so that "Most Popular" matches "Most\u00a0Popular"; an escaped space as it
    is, and in a verbose pattern (``(?x``) the spaces outside classes, which are layout.

    >>> [bool(regex.fullmatch(any_space("Table of Contents"), t)) for t in ("Table\u00a0of\u3000Contents", "TableofContents")]
    [True, False]
    >>> [bool(regex.fullmatch(any_space("[^ ]+[ ]"), t)) for t in ("ab\u00a0", "a\u00a0b ")]
    [True, False]
    >>> any_space(r"a\ b\N{NO-BREAK SPACE}(?x: c # [ ]\n )") == r"a\ b\N{NO-BREAK SPACE}(?x: c # [ ]\n )"
    True
    """
    if " " not in pattern:
        return pattern
    verbose = bool(_VERBOSE.search(pattern))
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if verbose and char == "#" and not in_class:  # a comment, to the end of its line
            end = pattern.find("\n", i)
            end = len(pattern) if end < 0 else end
            out.append(pattern[i:end])
            i = end
            continue
        if char == "\\":
            end = i + 2
            if pattern[i + 1 : i + 3] in ("N{", "p{", "P{"):  # a named character or property
                end = pattern.find("}", i) + 1 or len(pattern)  # (0: no brace, to the end)
            out.append(pattern[i:end])
            i = end
            continue
        if in_class:
            if char == "]" and not (pattern[i - 1] == "[" or pattern[i - 2 : i] == "[^"):
                in_class = False
            elif char == " ":
                char = SPACE[1:-1]  # the class takes every space too
        elif char == "[":
            in_class = True
        elif char == " " and not verbose:
            char = SPACE
        out.append(char)
        i += 1
    return "".join(out)


def _compile(at: Callable[..., None], key: str, value: Any, flags: int) -> regex.Pattern | None:
    """Compile a pattern key: a string, or a list of alternatives (one wording each),
    each space in it matching any space (:func:`any_space`)."""
    alternatives = value if isinstance(value, list) else [value]
    if not alternatives or not all(isinstance(v, str) and v for v in alternatives):
        at(f"'{key}' must be a pattern string or a list of them", key=key)
        return None
    try:
        return regex.compile("|".join(f"(?:{any_space(a)})" for a in alternatives), flags)
    except regex.error as joined:
        problem = (joined, "|".join(alternatives))
    for alternative in alternatives:  # find the faulty wording, so the error points into it
        try:
            regex.compile(alternative, flags)
        except regex.error as exc:
            problem = (exc, alternative)
            break
    exc, where = problem
    pos = exc.pos or 0
    at(f"invalid regex in '{key}' at position {pos}: {exc.msg}: {where!r}", key=key, value=where, pos=pos)
    return None


def _type_ok(value: Any, wanted: str) -> bool:
    if wanted == "int":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if wanted == "bool":
        return isinstance(value, bool)
    return isinstance(value, str) and value.strip() != ""


def _examples(at: Callable[..., None], raw: Any) -> Examples | None:
    if raw is None:
        at("no examples: add [rules.examples] with 'remove' and 'keep' lists of texts")
        return None
    if not isinstance(raw, dict):
        at("'examples' must be a table with 'remove' and 'keep' lists", key="examples")
        return None
    for key in raw:
        if key not in ("remove", "keep"):
            at(f"unknown key '{key}' in examples{suggest(key, ('remove', 'keep'))}", key="examples")
    lists = {}
    for key in ("remove", "keep"):
        items = raw.get(key)
        if not items or not isinstance(items, list) or not all(isinstance(s, str) for s in items):
            at(f"needs at least one '{key}' example (a list of strings)", key="examples")
        else:
            lists[key] = tuple(items)
    return Examples(**lists) if len(lists) == 2 else None


def _sites(at: Callable[..., None], value: Any) -> tuple[str, ...] | None:
    """The normalized host patterns of a ``sites`` key, or None (reported) if it is faulty."""
    if not isinstance(value, list) or not value:
        at('\'sites\' must be a list of host patterns, like ["example.com", "*.example.org"]', key="sites")
        return None
    problems = [p for p in map(sites.check_pattern, value) if p]
    for problem in problems:
        at(f"in 'sites': {problem}", key="sites")
    return None if problems else tuple(sites.normalize(p) for p in value)


def _check_rule(
    raw: Any, family: str, report: _Report, index: int | None = None, file_sites: tuple[str, ...] = ()
) -> Rule | None:
    """Validate one rule table, report every problem, and compile it if there were none.

    The rule runs on ``file_sites`` (the file's ``sites``) unless it names its own."""
    before = len(report.problems)
    if not isinstance(raw, dict):
        report.add("each [[rules]] entry must be a table", index=index)
        return None
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not ID.fullmatch(rule_id):
        report.add(
            f"bad or missing id {rule_id!r}: use capitals then digits, like PAY001", index=index, key="id"
        )
        rule_id = None
    at = functools.partial(report.add, rule_id=rule_id, index=index)
    kind_name = raw.get("kind")
    kind_cls = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind_cls is None:
        at(f"unknown kind {kind_name!r}{suggest(kind_name, KINDS)}", key="kind")
    kind_keys = kind_cls.keys if kind_cls else {k: s for cls in KINDS.values() for k, s in cls.keys.items()}
    allowed = set(COMMON_KEYS) | set(kind_keys)
    for key in raw:
        if key not in allowed:
            at(f"unknown key '{key}'{suggest(key, allowed)}", key=key)
    for key in ("name", "description"):
        if not _type_ok(raw.get(key), "str"):
            at(f"'{key}' must be {_TYPE_NOUNS['str']}", key=key)
    if _type_ok(raw.get("name"), "str") and not NAME.fullmatch(raw["name"]):
        at(f"name {raw['name']!r} must be kebab-case, like paywall-block", key="name")
    scope = raw.get("scope", "anywhere")
    if scope not in SCOPES:
        at(f"scope must be one of {', '.join(SCOPES)}{suggest(scope, SCOPES)}", key="scope")
    for key, wanted, default in (
        ("lines", "int", 3),
        ("ignore_case", "bool", True),
        ("opt_in", "bool", False),
    ):
        if not _type_ok(raw.get(key, default), wanted):
            at(f"'{key}' must be {_TYPE_NOUNS[wanted]}", key=key)
    flags = regex.IGNORECASE if raw.get("ignore_case", True) else 0
    values = {}
    for key, spec in kind_keys.items():
        if key not in raw:
            if spec.required and kind_cls is not None:
                at(f"kind '{kind_name}' needs key '{key}'")
        elif spec.type == "pattern":
            values[key] = _compile(at, key, raw[key], flags)
        elif _type_ok(raw[key], spec.type):
            values[key] = raw[key]
        else:
            at(f"'{key}' must be {_TYPE_NOUNS[spec.type]}", key=key)
    rule_sites = _sites(at, raw["sites"]) if "sites" in raw else file_sites
    examples = _examples(at, raw.get("examples"))
    if len(report.problems) > before or kind_cls is None or examples is None:
        return None
    place = report.places.find(index, None, None, 0) if report.places else None
    return Rule(
        id=rule_id,
        name=raw["name"],
        kind=kind_cls(values),
        description=" ".join(raw["description"].split()),
        examples=examples,
        source=report.source,
        family=family,
        scope=scope,
        lines=raw.get("lines", 3),
        opt_in=raw.get("opt_in", False),
        spec=raw,
        line=place[0] if place else None,
        sites=rule_sites or (),
    )


def build_rule(raw: Any, source: str, family: str) -> Rule:
    """Validate one rule table and compile it; :class:`RuleError` lists every fault."""
    report = _Report(source)
    rule = _check_rule(raw, family, report)
    if rule is None:
        raise RuleError.from_problems(report.problems)
    return rule


def _read_file(path: Path) -> tuple[list[Rule], list[Problem]]:
    """The valid rules of one file and the problems of the others (all of them).

    A file without problems is kept compiled in the :mod:`cleaner.pack.cache`.
    """
    report = _Report(str(path))
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return [], [Problem(str(path), "no such rule file or folder")]
    except OSError as exc:
        return [], [Problem(str(path), f"cannot read rule file: {exc}")]
    cached = cache.load(path, content)
    if cached is not None and all(isinstance(rule, Rule) for rule in cached):
        return cached, []
    import tomllib  # here: a run that finds its rules in the cache does without it

    try:
        text = content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text does
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        return [], [Problem(str(path), f"cannot read rule file: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = _TOML_POSITION.search(message)
        place = (int(at[1]), int(at[2])) if at else (None, None)
        return [], [
            Problem(str(path), f"invalid TOML: {message[: at.start()] if at else message}", None, *place)
        ]
    report.places = _Places(text)
    for key in data:
        if key not in TOP_KEYS:
            report.add(f"unknown top-level key '{key}'{suggest(key, TOP_KEYS)}; rules go in [[rules]] tables")
    file_sites = _sites(report.add, data["sites"]) if "sites" in data else ()
    entries = data.get("rules")
    if not isinstance(entries, list) or not entries:
        report.add("no rules: add at least one [[rules]] table")
        entries = []
    rules = [
        _check_rule(raw, path.stem, report, index, file_sites or ()) for index, raw in enumerate(entries)
    ]
    if not report.problems:
        cache.store(path, content, rules)
    return [r for r in rules if r is not None], report.problems


def load_file(path: str | Path) -> list[Rule]:
    """Load and validate one rule file; :class:`RuleError` names the file on any fault."""
    rules, problems = _read_file(Path(path))
    if problems:
        raise RuleError.from_problems(problems)
    return rules


def rule_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders into their ``*.toml`` files (sorted); each file once, in order given."""
    seen: set[Path] = set()
    for p in map(Path, paths):
        for f in sorted(p.rglob("*.toml")) if p.is_dir() else [p]:
            if f.resolve() not in seen:
                seen.add(f.resolve())
                yield f


def read_rules(paths: Iterable[str | Path]) -> tuple[list[Rule], list[Problem]]:
    """Read rule files and folders: the valid rules, and every problem found.

    Problems include faults inside files and rule ids defined twice across files.
    :func:`load_rules` refuses any problem; ``cleaner rules check`` lists them all.
    """
    rules: list[Rule] = []
    problems: list[Problem] = []
    seen: dict[str, Rule] = {}
    paths = list(map(Path, paths))
    for folder in paths:
        if folder.is_dir() and next(folder.rglob("*.toml"), None) is None:
            problems.append(Problem(str(folder), "no rule files (*.toml) in this folder"))
    for path in rule_files(paths):
        file_rules, file_problems = _read_file(path)
        problems += file_problems
        for rule in file_rules:
            if rule.id in seen:
                first = seen[rule.id]
                where = f"{first.source}:{first.line}" if first.line else first.source
                problems.append(
                    Problem(rule.source, f"duplicate rule id, first defined in {where}", rule.id, rule.line)
                )
            else:
                seen[rule.id] = rule
                rules.append(rule)
    return rules, problems


def default_rules_path() -> Path:
    """The folder of the default rule pack (inside the installed package, else in the source tree)."""
    package = Path(__file__).resolve().parent.parent  # cleaner/, above pack/
    shipped = package / "rules"
    return shipped if shipped.is_dir() else package.parent / "rules"


def load_rules(
    *paths: str | Path,
    defaults: bool = True,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    opt_in: bool = False,
) -> RuleSet:
    """Load rule files and folders (after the default pack, unless ``defaults=False``).

    ``select``, ``ignore`` and ``opt_in`` choose among them (:meth:`RuleSet.choose`).

    Load once, then pass the result to :func:`cleaner.clean` for every document.

    >>> rules = load_rules(select=["CAP"])
    >>> all(r.id.startswith("CAP") for r in rules) and len(rules) > 0
    True
    """
    rules, problems = read_rules(([default_rules_path()] if defaults else []) + list(paths))
    if problems:
        raise RuleError.from_problems(problems)
    return RuleSet(tuple(rules)).choose(select, ignore, opt_in)


@functools.cache
def default_rules() -> RuleSet:
    """The default rule pack, loaded once per process."""
    return load_rules()
