"""Mining a corpus for junk the rules do not cover yet, and drafting rules for it.

Junk repeats where article text does not. After the current rules have run, three
signs are counted for each line (compared with digits and spacing folded, so
"© 2023" and "© 2024" are one line): the documents it recurs in, the documents that
print it more than once, and how often it sits within a few lines of a document's
start or end. Lines with those signs become :class:`Finding` s, ranked by the number of
documents they touch, and :func:`draft_rules` turns them into a rule file for a
person to review, each rule with ``remove`` examples from the findings and ``keep``
examples from the corpus' ordinary lines, checked to pass before they are written.

>>> names = ["Ana", "Bo", "Cy", "Di", "Ed"]
>>> docs = [f"{n} opened a bakery on the main street of the town.\\nSign up for our newsletter" for n in names]
>>> [(f.text, f.docs, f.scope) for f in mine(docs, RuleSet()).findings]
[('Sign up for our newsletter', 5, 'tail')]
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from ..engine.apply import clean
from ..engine.lines import ends_sentence, split_lines, word_count
from ..pack.examples import cases
from ..pack.rules import RuleError, RuleSet, build_rule

_DIGITS = regex.compile(r"\d+")
_SPACES = regex.compile(r"\s+")
_PREFIX = regex.compile(r"[A-Z][A-Z0-9]*")


def fold(line: str) -> str:
    """The form lines are compared in: digits as ``0``, spacing as one space, case folded.

    >>> fold("© 2024  Daily  News")
    '© 0 daily news'
    """
    return _SPACES.sub(" ", _DIGITS.sub("0", line)).casefold()


def pattern_for(line: str, space: str = " ") -> str:
    """A pattern for ``line``: regex characters escaped, digit runs as ``\\d+``, spacing as ``space``.

    >>> pattern_for("© 2024 Daily News (all rights reserved).")
    '© \\\\d+ Daily News \\\\(all rights reserved\\\\)\\\\.'
    """
    parts = []
    for i, piece in enumerate(_DIGITS.split(line)):
        words = [regex.escape(w, special_only=True, literal_spaces=True) for w in _SPACES.split(piece)]
        parts.append(("\\d+" if i else "") + space.join(words))
    return "".join(parts)


@dataclass
class Finding:
    """A line (in its folded form) that repeats as junk does."""

    text: str
    """Its most common wording."""
    docs: int = 0
    """Documents it occurs in."""
    occurrences: int = 0
    repeated: int = 0
    """Documents that print it more than once."""
    head: int = 0
    """Occurrences within the first few lines of a document."""
    tail: int = 0
    """Occurrences within the last few lines of a document."""
    wordings: Counter[str] = field(default_factory=Counter, repr=False)
    rule_id: str | None = None
    """The id its drafted rule takes (None: the next of the draft's prefix)."""

    @property
    def kind(self) -> str:
        """``repeated`` when it only ever shows up as an in-document repeat, else ``line``."""
        return "repeated" if self.repeated == self.docs else "line"

    @property
    def scope(self) -> str:
        """``head``/``tail`` when every occurrence sat at that edge, else ``anywhere``."""
        if self.kind == "line" and self.tail == self.occurrences:
            return "tail"
        if self.kind == "line" and self.head == self.occurrences:
            return "head"
        return "anywhere"

    def signs(self, total: int) -> str:
        """Why it was proposed, in words."""
        where = {"tail": ", always near the end", "head": ", always near the start"}.get(self.scope, "")
        twice = f", printed twice in {self.repeated}" if self.repeated else ""
        return f"in {self.docs} of {total} documents{where}{twice}"


@dataclass(frozen=True)
class Mining:
    """What :func:`mine` found: ranked findings, ordinary lines for keep examples, and the corpus size."""

    findings: tuple[Finding, ...]
    ordinary: tuple[str, ...]
    documents: int
    edge: int = 3
    """How many lines from a document's start or end count as its edge."""


def mine(
    texts: Iterable[str],
    rules: RuleSet | None = None,
    *,
    min_docs: int = 2,
    min_share: float = 0.02,
    edge: int = 3,
    short: int = 8,
    top: int = 20,
) -> Mining:
    """Find lines that repeat across ``texts`` (or inside one) after ``rules`` have run.

    A line is proposed when it recurs in at least ``min_share`` of the documents (and
    ``min_docs``); a short line (``short`` words at most) at a document's edge (its
    first or last ``edge`` lines) needs only ``min_docs``; a line of three words or more
    printed twice in one document is proposed as well. The ``top`` findings touching
    the most documents are returned.
    """
    tally = Tally(edge)
    for text in texts:
        tally.add(clean(text, rules=rules).text)
    return tally.mining(min_docs=min_docs, min_share=min_share, short=short, top=top)


def mine_by_site(
    documents: Iterable[tuple[str | None, str]], rules: RuleSet | None = None, **settings: Any
) -> tuple[dict[str, Mining], int]:
    """:func:`mine` each site's documents apart (``documents``: ``(site, text)``, the
    site's scoped rules running on its texts): the mining of each site, and how many
    documents had no site (they are left out).

    >>> docs = [("a.example", f"{n} opened a shop in the old town.\\nKept by the Town Desk") for n in ("Ana", "Bo")]
    >>> minings, without = mine_by_site([*docs, (None, "Text.")], RuleSet())
    >>> [(site, [f.text for f in m.findings]) for site, m in minings.items()], without
    ([('a.example', ['Kept by the Town Desk'])], 1)
    """
    edge = settings.pop("edge", 3)
    tallies: dict[str, Tally] = {}
    without = 0
    for site, text in documents:
        if site is None:
            without += 1
            continue
        tallies.setdefault(site, Tally(edge)).add(clean(text, rules=rules, site=site).text)
    return {site: tallies[site].mining(**settings) for site in sorted(tallies)}, without


class Tally:
    """The signs of each line over the documents seen so far (see :func:`mine`)."""

    def __init__(self, edge: int = 3):
        self.edge = edge
        self.found: dict[str, Finding] = {}
        self.ordinary: dict[str, str] = {}
        self.documents = 0

    def add(self, text: str) -> None:
        """Count one document's lines (as the rules left them)."""
        self.documents += 1
        view = [line.text for line in split_lines(text) if not line.blank]
        counts = Counter(fold(line) for line in view)
        for key, count in counts.items():
            finding = self.found.setdefault(key, Finding(text=""))
            finding.docs += 1
            finding.occurrences += count
            finding.repeated += count > 1
        for i, line in enumerate(view):
            finding = self.found[fold(line)]
            finding.wordings[line] += 1
            finding.head += i < self.edge
            finding.tail += i >= len(view) - self.edge
            if 8 <= word_count(line) <= 30 and ends_sentence(line) and len(self.ordinary) < 1000:
                self.ordinary.setdefault(fold(line), line)

    def mining(self, *, min_docs: int = 2, min_share: float = 0.02, short: int = 8, top: int = 20) -> Mining:
        """The findings so far, ranked (see :func:`mine` for what is proposed)."""
        threshold = max(min_docs, math.ceil(min_share * self.documents))

        def proposed(f: Finding) -> bool:
            at_edge = f.head + f.tail >= f.occurrences and word_count(f.text) <= short
            return (
                f.docs >= threshold
                or (at_edge and f.docs >= min_docs)
                or (f.repeated and word_count(f.text) >= 3)
            )

        for finding in self.found.values():
            finding.text = finding.wordings.most_common(1)[0][0]
        findings = sorted(
            (f for f in self.found.values() if proposed(f)), key=lambda f: (-f.docs, -f.occurrences, f.text)
        )
        keep = tuple(line for key, line in self.ordinary.items() if self.found[key].docs == 1)
        return Mining(tuple(findings[:top]), keep, self.documents, self.edge)


def _kebab(text: str) -> str:
    words = regex.findall(r"[a-z]+", text.casefold())[:5]
    return "-".join(words) or "mined-line"


def _raw_rule(finding: Finding, rule_id: str, mining: Mining, ordinary: Iterable[str]) -> dict:
    wordings = [w for w, _ in finding.wordings.most_common(3)]
    plain = all(_SPACES.sub(" ", w) == w for w in wordings)  # else some wording has NBSP, tabs…
    raw = {
        "id": rule_id,
        "name": _kebab(finding.text),
        "kind": finding.kind,
        "description": f'Mined, to review: the line "{finding.text}", found {finding.signs(mining.documents)}.',
        "pattern": pattern_for(finding.text, " " if plain else r"\s+"),
    }
    if finding.scope != "anywhere":
        raw |= {"scope": finding.scope, "lines": mining.edge}
    if finding.kind == "repeated":
        raw |= {"min_count": 2}
        remove, keep = [f"{w}\n{w}" for w in wordings], [wordings[0]]
    else:
        remove, keep = wordings, []
    raw["examples"] = {"remove": remove, "keep": keep + list(ordinary)}
    return raw


def _check(raw: dict) -> bool:
    """Whether a drafted rule compiles and removes its remove examples; keeps only the
    keep examples it passes (at most three), and fails when none is left."""
    try:
        rule = build_rule(raw, "<mined>", "mined")
    except RuleError:
        return False
    failed = {(case.expect, case.text) for case in cases([rule]) if case.failure() is not None}
    keep = [text for text in raw["examples"]["keep"] if ("keep", text) not in failed][:3]
    raw["examples"]["keep"] = keep
    return bool(keep) and not any(expect == "remove" for expect, _ in failed)


def _toml_string(text: str, literal: bool = False) -> str:
    """A TOML string; ``literal`` (``'...'``) when it can be, so a pattern reads as written."""
    if literal and "'" not in text and not any(ord(c) < 32 or ord(c) == 127 for c in text):
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False)


def check_prefix(prefix: str) -> None:
    """Refuse a rule id prefix that would not make valid ids (``ValueError``)."""
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"rule id prefix {prefix!r} must be capital letters and digits, like ACME")


def draft_rules(
    mining: Mining,
    prefix: str = "MIN",
    source: str = "a corpus",
    sites: Sequence[str] = (),
    made_by: str = "`cleaner mine`",
) -> str:
    """A rule file for the findings whose drafted rules pass their own examples; with
    ``sites``, the file's rules are scoped to those sites.

    >>> names = ["Ana", "Bo", "Cy", "Di", "Ed"]
    >>> docs = [f"{n} opened a bakery on the main street of the town.\\nSign up for our newsletter" for n in names]
    >>> print(draft_rules(mine(docs, RuleSet())).split("[[rules]]")[1])  # doctest: +ELLIPSIS
    <BLANKLINE>
    id = "MIN001"
    name = "sign-up-for-our-newsletter"
    kind = "line"
    ...
    """
    check_prefix(prefix)
    out = [
        f"# Draft rules mined by {made_by} from {source} ({mining.documents} documents).",
        "# Each rule is a guess from repetition: read it, delete what is article text, widen or",
        "# tighten the patterns, then run `cleaner rules test` on this file.",
    ]
    if sites:
        out.append(f"sites = [{', '.join(_toml_string(site) for site in sites)}]")
    number = 0
    for finding in mining.findings:
        rule_id = finding.rule_id or f"{prefix}{number + 1:03d}"
        start = 3 * number % max(len(mining.ordinary), 1)  # each rule its own keep examples
        ordinary = (mining.ordinary[start:] + mining.ordinary[:start])[:20]
        raw = _raw_rule(finding, rule_id, mining, ordinary)
        if not _check(raw):
            continue
        number += 1
        examples = raw.pop("examples")
        out += ["", f"# {finding.signs(mining.documents)}", "[[rules]]"]
        out += [
            f"{key} = {_toml_string(v, key == 'pattern') if isinstance(v, str) else v}"
            for key, v in raw.items()
        ]
        out += ["", "[rules.examples]"]
        for key in ("remove", "keep"):
            out += [f"{key} = ["] + [f"    {_toml_string(t, True)}," for t in examples[key]] + ["]"]
    return "\n".join(out) + "\n"
