"""Rules: loading rule files, validating them, and choosing among them.

A rule file is TOML holding ``[[rules]]`` tables. Each rule has an ``id``, a ``name``,
a ``kind`` (see :mod:`cleaner.kinds`), a ``description``, the keys of its kind, and
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

import functools
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from .kinds import KINDS, Kind

ID = regex.compile(r"[A-Z][A-Z0-9]*[0-9]+")
NAME = regex.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SCOPES = ("anywhere", "head", "tail")
COMMON_KEYS = {
    "id": "Stable code, like a linter's: capital letters then digits (PAY001).",
    "name": "Readable name of the problem, kebab-case (paywall-block).",
    "kind": f"One of: {', '.join(KINDS)}.",
    "description": "What the rule removes and why it is junk.",
    "scope": "Where a match may begin: anywhere (default), head or tail.",
    "lines": "With scope head/tail: how many non-blank lines from that edge (default 3).",
    "ignore_case": "Patterns ignore case (default true).",
    "examples": "Table with `remove` and `keep`: lists of texts.",
}


class RuleError(ValueError):
    """A rule file cannot be used; the message names the file and the rule."""

    def __init__(self, source: str | Path, message: str, rule_id: str | None = None):
        self.source, self.rule_id = str(source), rule_id
        where = f"{source}: {rule_id}" if rule_id else str(source)
        super().__init__(f"{where}: {message}")


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
    spec: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def anchors(self, size: int) -> range:
        """View indices where a match may begin, for a view of ``size`` lines."""
        if self.scope == "head":
            return range(min(self.lines, size))
        if self.scope == "tail":
            return range(max(size - self.lines, 0), size)
        return range(size)


@dataclass(frozen=True)
class RuleSet(Sequence[Rule]):
    """An ordered, immutable collection of rules with unique ids."""

    rules: tuple[Rule, ...] = ()

    def __getitem__(self, index):  # type: ignore[override]
        return self.rules[index]

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def choose(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleSet:
        """Keep rules whose id starts with a ``select`` prefix (all if none), minus ``ignore``.

        >>> rules = default_rules()
        >>> [r.id for r in rules.choose(select=["PAY"])][:1]
        ['PAY001']
        """
        select, ignore = tuple(select), tuple(ignore)
        return RuleSet(
            tuple(
                r
                for r in self.rules
                if (not select or r.id.startswith(select)) and not r.id.startswith(ignore)
            )
        )


def _compile(source: str, rule_id: str, key: str, value: Any, flags: int) -> regex.Pattern:
    """Compile a pattern key: a string, or a list of alternatives (one wording each)."""
    alternatives = value if isinstance(value, list) else [value]
    if not alternatives or not all(isinstance(v, str) and v for v in alternatives):
        raise RuleError(source, f"'{key}' must be a pattern string or a list of them", rule_id)
    for alternative in alternatives:  # compile each alone first, so errors point into it
        try:
            regex.compile(alternative, flags)
        except regex.error as exc:
            pos = f" at position {exc.pos}" if exc.pos is not None else ""
            raise RuleError(
                source, f"invalid regex in '{key}'{pos}: {exc.msg}: {alternative!r}", rule_id
            ) from None
    return regex.compile("|".join(f"(?:{a})" for a in alternatives), flags)


def _check_type(source: str, rule_id: str, key: str, value: Any, wanted: str) -> None:
    ok = {
        "int": isinstance(value, int) and not isinstance(value, bool) and value >= 0,
        "bool": isinstance(value, bool),
        "str": isinstance(value, str) and value.strip() != "",
    }[wanted]
    if not ok:
        noun = {"int": "a whole number >= 0", "bool": "true or false", "str": "a non-empty string"}
        raise RuleError(source, f"'{key}' must be {noun[wanted]}", rule_id)


def _examples(source: str, rule_id: str, raw: Any) -> Examples:
    if not isinstance(raw, dict) or set(raw) - {"remove", "keep"}:
        raise RuleError(source, "'examples' must be a table with 'remove' and 'keep' lists", rule_id)
    lists = {}
    for key in ("remove", "keep"):
        items = raw.get(key)
        if not items or not isinstance(items, list) or not all(isinstance(s, str) for s in items):
            raise RuleError(source, f"needs at least one '{key}' example (a list of strings)", rule_id)
        lists[key] = tuple(items)
    return Examples(**lists)


def build_rule(raw: Any, source: str, family: str) -> Rule:
    """Validate one rule table and compile it."""
    if not isinstance(raw, dict):
        raise RuleError(source, "each [[rules]] entry must be a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not ID.fullmatch(rule_id):
        raise RuleError(source, f"bad or missing id {rule_id!r}: use capitals then digits, like PAY001")
    kind_name = raw.get("kind")
    if kind_name not in KINDS:
        raise RuleError(source, f"unknown kind {kind_name!r}; expected one of {', '.join(KINDS)}", rule_id)
    kind_cls = KINDS[kind_name]
    unknown = set(raw) - set(COMMON_KEYS) - set(kind_cls.keys)
    if unknown:
        allowed = ", ".join(sorted(set(COMMON_KEYS) | set(kind_cls.keys)))
        raise RuleError(source, f"unknown key(s) {', '.join(sorted(unknown))}; allowed: {allowed}", rule_id)
    for key in ("name", "description"):
        _check_type(source, rule_id, key, raw.get(key), "str")
    if not NAME.fullmatch(raw["name"]):
        raise RuleError(source, f"name {raw['name']!r} must be kebab-case, like paywall-block", rule_id)
    scope = raw.get("scope", "anywhere")
    if scope not in SCOPES:
        raise RuleError(source, f"scope must be one of {', '.join(SCOPES)}", rule_id)
    _check_type(source, rule_id, "lines", raw.get("lines", 3), "int")
    _check_type(source, rule_id, "ignore_case", raw.get("ignore_case", True), "bool")
    flags = regex.IGNORECASE if raw.get("ignore_case", True) else 0
    values = {}
    for key, spec in kind_cls.keys.items():
        if key not in raw:
            if spec.required:
                raise RuleError(source, f"kind '{kind_name}' needs key '{key}'", rule_id)
            continue
        if spec.type == "pattern":
            values[key] = _compile(source, rule_id, key, raw[key], flags)
        else:
            _check_type(source, rule_id, key, raw[key], spec.type)
            values[key] = raw[key]
    return Rule(
        id=rule_id,
        name=raw["name"],
        kind=kind_cls(values),
        description=" ".join(raw["description"].split()),
        examples=_examples(source, rule_id, raw.get("examples")),
        source=source,
        family=family,
        scope=scope,
        lines=raw.get("lines", 3),
        spec=raw,
    )


def load_file(path: str | Path) -> list[Rule]:
    """Load and validate one rule file; :class:`RuleError` names the file on any fault."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(path, f"invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(path, f"cannot read rule file: {exc}") from None
    unknown = set(data) - {"rules"}
    if unknown:
        raise RuleError(
            path, f"unknown top-level key(s) {', '.join(sorted(unknown))}; rules go in [[rules]] tables"
        )
    entries = data.get("rules")
    if not isinstance(entries, list) or not entries:
        raise RuleError(path, "no rules: add at least one [[rules]] table")
    return [build_rule(raw, str(path), path.stem) for raw in entries]


def rule_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders (their ``*.toml``, sorted) into rule file paths."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(p.rglob("*.toml"))
        elif p.exists():
            yield p
        else:
            raise RuleError(p, "no such rule file or folder")


def default_rules_path() -> Path:
    """The folder of the default rule pack (inside the installed package)."""
    shipped = Path(str(resources.files("cleaner") / "rules"))
    return shipped if shipped.is_dir() else Path(__file__).resolve().parent.parent / "rules"


def load_rules(
    *paths: str | Path,
    defaults: bool = True,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> RuleSet:
    """Load rule files and folders (after the default pack, unless ``defaults=False``).

    Load once, then pass the result to :func:`cleaner.clean` for every document.

    >>> rules = load_rules(select=["CAP"])
    >>> all(r.id.startswith("CAP") for r in rules) and len(rules) > 0
    True
    """
    files = list(rule_files(([default_rules_path()] if defaults else []) + list(paths)))
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in files:
        for rule in load_file(path):
            if rule.id in seen:
                raise RuleError(path, f"duplicate rule id, first defined in {seen[rule.id]}", rule.id)
            seen[rule.id] = str(path)
            rules.append(rule)
    return RuleSet(tuple(rules)).choose(select, ignore)


@functools.cache
def default_rules() -> RuleSet:
    """The default rule pack, loaded once per process."""
    return load_rules()
