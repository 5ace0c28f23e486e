"""Boilerplate learned from a corpus' own repetition (``cleaner clean --learn-repeats``).

A site prints its junk (menus, footers, sign-up prompts) on most of its pages, and its
articles almost never share a line. Pass 1 counts, per site, the documents each line
occurs in: lines are compared normalized as CCNet does (case, accents, digits,
punctuation and spacing folded) and counted by a 64-bit hash, so no line's text is
kept (but a few sentences per site, for ``keep`` examples of a written pack). A
line that recurs in at least ``min_docs`` of a site's documents and at least
``min_share`` of them is learned. Pass 2 removes a page's template: the learned lines
that run from a document's start or end, each printed once in it; the rules then run on
the rest. Guards: a long line of prose (``prose_words`` words or more) or a line
holding a quotation must recur in ``prose_share`` of the documents, so a quote that a
few articles share stays; no document loses more than ``max_share`` of its text (else
it keeps its learned lines); a line with no letter (a price, a row of figures) is never
learned.

Every learned line is a rule of its own, ``REP`` and a number, whose removals give its
counts as their reason.

>>> docs = [f"{n} opened a new bridge over the river.\\nKept by the Town Desk team" for n in ("Ana", "Bo", "Cy", "Di")]
>>> counts = Counts()
>>> for text in docs:
...     counts.add("example.com", text)
>>> learned = Learned.learn(counts, Settings(min_docs=3))
>>> from cleaner import clean
>>> result = clean(docs[0], site="example.com", learned=learned)
>>> result.text
'Ana opened a new bridge over the river.\\n'
>>> [(r.rule, r.reason) for r in result.rule_removals()]
[('REP0001', 'repeated line: in 4 of 4 documents of example.com')]
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from ..authoring.mine import Finding, Mining, draft_rules
from ..engine.kinds import Kind
from ..engine.lines import Line, ends_sentence, word_count
from .rules import Examples, Rule
from .sites import site_file

if TYPE_CHECKING:
    from ..io.outcome import Outcome

PREFIX = "REP"
"""Id prefix of the rules of learned lines."""
NO_SITE = ""
"""The key under which documents without a site are counted (as one group)."""
_DIGITS = regex.compile(r"\d")
_PUNCTUATION = regex.compile(r"[\p{P}\p{S}]+")
_LETTER = regex.compile(r"\p{L}")
_QUOTE = regex.compile(r"[\"“”„«»「」『』‹›]|(?:^|\s)['‘’]|['‘’](?:\s|$)")


def normalize(line: str) -> str:
    """The form lines are counted in: case, accents, digits, punctuation and spacing folded.

    >>> normalize("  © 2024 Daily-News: ALL rights reserved… ")
    '0000 daily news all rights reserved'
    >>> normalize("Café  à Paris") == normalize("cafe a paris")
    True
    """
    text = unicodedata.normalize("NFD", line.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_PUNCTUATION.sub(" ", _DIGITS.sub("0", text)).split())


def line_key(line: str) -> int | None:
    """A line's 64-bit hash in its normalized form; None for a line with no letter.

    The hash is the same in every process (not Python's salted ``hash``), so counts made
    by many workers can be merged.

    >>> line_key("Share this page") == line_key("SHARE this page!"), line_key("$ 29.99")
    (True, None)
    """
    text = normalize(line)
    if not _LETTER.search(text):
        return None
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def is_prose(line: str, prose_words: int) -> bool:
    """Whether a line needs the higher share to go: long prose, or a quotation.

    >>> is_prose('“We will rebuild,” she said.', 12), is_prose("Sign up for our newsletter", 12)
    (True, False)
    """
    return word_count(line) >= prose_words or _QUOTE.search(line) is not None


SENTENCES = 20
"""Ordinary sentences kept per site, as ``keep`` examples of a written pack."""


@dataclass
class SiteCounts:
    """One site's documents, and the documents each line key occurs in."""

    docs: int = 0
    lines: Counter[int] = field(default_factory=Counter)
    sentences: list[str] = field(default_factory=list)
    """The site's first few sentence lines (8 to 30 words), for ``keep`` examples."""

    def add_sentences(self, lines: Iterable[str]) -> None:
        for line in lines:
            if len(self.sentences) >= SENTENCES:
                return
            if ends_sentence(line) and 8 <= word_count(line) <= 30 and line not in self.sentences:
                self.sentences.append(line)


@dataclass
class Counts:
    """Pass 1: per site, how many documents each normalized line occurs in.

    Counts add up (``+=``), so workers count apart and the sums are merged before pass 2.
    """

    sites: dict[str, SiteCounts] = field(default_factory=dict)

    def add(self, site: str | None, text: str) -> None:
        """Count one document of ``site`` (None: a document without a site)."""
        counts = self.sites.setdefault(site or NO_SITE, SiteCounts())
        counts.docs += 1
        lines = [line.strip() for line in text.split("\n")]
        counts.lines.update({key for line in lines if (key := line_key(line)) is not None})
        counts.add_sentences(lines)

    def __iadd__(self, other: Counts) -> Counts:
        for site, theirs in other.sites.items():
            mine = self.sites.setdefault(site, SiteCounts())
            mine.docs += theirs.docs
            mine.lines.update(theirs.lines)
            mine.add_sentences(theirs.sentences)
        return self


@dataclass(frozen=True)
class Settings:
    """When a line is learned; every field has the CLI's default."""

    min_docs: int = 3
    """A line must recur in at least this many documents of its site ..."""
    min_share: float = 0.5
    """... and in at least this share of them."""
    prose_words: int = 12
    """A line of this many words or more, or one holding a quotation, is prose ..."""
    prose_share: float = 0.8
    """... and must recur in at least this share of its site's documents."""
    max_share: float = 0.5
    """A document keeps its learned lines when the rules and they would remove more
    than this share of it (the over-removal guard)."""


class Repeat(Kind):
    """The kind of a learned line's rule. Learned lines are looked up by their key (see
    :meth:`Learned.removals`), not matched by the engine's loop, so it has no keys."""

    name = "repeat"
    doc = "A line learned from its site's documents (--learn-repeats)."
    keys = {}


@dataclass(frozen=True)
class Learned:
    """Pass 2: the lines learned per site, as rules, and the guards that apply to them."""

    sites: dict[str, dict[int, Rule]]
    """Site (``NO_SITE`` for documents without one) -> line key -> the line's rule."""
    documents: dict[str, int]
    """Documents counted per site."""
    sentences: dict[str, tuple[str, ...]]
    """A few ordinary sentence lines per site (see :class:`SiteCounts`)."""
    settings: Settings = Settings()

    @classmethod
    def learn(cls, counts: Counts, settings: Settings = Settings()) -> Learned:
        """The lines of each site that recur in ``min_docs`` and ``min_share`` of its
        documents, numbered ``REP0001``… in the order of their site and key (the same
        however the counting was split)."""
        sites: dict[str, dict[int, Rule]] = {}
        number = 0
        for site in sorted(counts.sites):
            site_counts = counts.sites[site]
            need = max(settings.min_docs, settings.min_share * site_counts.docs)
            found = sorted(key for key, docs in site_counts.lines.items() if docs >= need)
            table = sites[site] = {}
            for key in found:
                number += 1
                table[key] = _rule(f"{PREFIX}{number:04d}", site, site_counts.lines[key], site_counts.docs)
        documents = {site: c.docs for site, c in counts.sites.items()}
        sentences = {site: tuple(c.sentences) for site, c in counts.sites.items()}
        return cls(sites, documents, sentences, settings)

    def removals(self, lines: Sequence[Line], removed: dict[int, Rule], site: str | None) -> dict[int, Rule]:
        """Line index -> rule, for the learned lines of a document of ``site`` to remove.

        Only a page's template goes: the learned lines that run from the document's
        start or end (through lines the rules remove anyway, ``removed``), each
        printed once in the document (a line printed twice is a table's or a list's
        label, part of its content); a prose line or a quotation only if it recurs in
        ``prose_share`` of the documents.
        """
        table = self.sites.get(site or NO_SITE)
        if not table:
            return {}
        settings, docs = self.settings, self.documents[site or NO_SITE]
        view = [line for line in lines if line.text]
        keys = [line_key(line.text) for line in view]
        copies = Counter(keys)
        found = {}
        for order in (range(len(view)), range(len(view) - 1, -1, -1)):
            for k in order:
                line, rule = view[k], table.get(keys[k])  # type: ignore[arg-type]
                ok = rule is not None and copies[keys[k]] == 1
                if ok and is_prose(line.text, settings.prose_words):
                    ok = rule.spec["docs"] >= settings.prose_share * docs
                if ok:
                    found[line.index] = rule
                elif line.index not in removed:
                    break
        return found

    def allows(self, lines: Sequence[Line], removed: dict[int, Rule]) -> bool:
        """Whether the document of ``lines`` may lose the ``removed`` lines: at most
        ``max_share`` of it, counting every blank line too (removals take some along)."""
        gone = sum(line.end - line.start for line in lines if not line.text or line.index in removed)
        return gone <= self.settings.max_share * (lines[-1].end if lines else 0)

    def pack(self, wordings: Wordings) -> dict[str, str]:
        """What was learned as rule files, by file name: one per site (documents without a
        site have none), each scoped to its site, holding a ``line`` rule for each learned
        line that was removed, with its wordings as ``remove`` examples and sentences of
        the site as ``keep`` examples. A rule that fails its own examples is left out."""
        anywhere = tuple(s for sentences in self.sentences.values() for s in sentences)
        files = {}
        for site, table in sorted(self.sites.items()):
            findings = []
            for rule in table.values():
                seen = wordings.rules.get(rule.id)
                if site and seen:
                    docs = rule.spec["docs"]
                    text = seen.most_common(1)[0][0]
                    findings.append(Finding(text, docs, docs, wordings=seen, rule_id=rule.id))
            ordinary = tuple(s for s in self.sentences[site] if line_key(s) not in table)
            mining = Mining(tuple(findings), ordinary or anywhere, self.documents[site])
            source = f"the documents of {site}"
            draft = draft_rules(mining, PREFIX, source, [site], "`cleaner clean --learn-repeats`")
            if findings and "[[rules]]" in draft:
                files[site_file(site)] = draft
        return files


@dataclass
class Wordings:
    """Pass 2, for ``--write-pack``: the wordings each learned line was removed in."""

    rules: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        """Take the wordings of the learned lines that left one file."""
        for doc in outcome.docs:
            for removal in doc.removals:
                if removal.rule.startswith(PREFIX):
                    seen = self.rules.setdefault(removal.rule, Counter())
                    wording = removal.text.strip().split("\n")[0].strip()
                    if wording in seen or len(seen) < 10:
                        seen[wording] += 1

    def gather(self, outcomes: Iterable[Outcome]) -> Iterator[Outcome]:
        """The outcomes as they come, taking the wordings of each (:meth:`add`) on the way."""
        for outcome in outcomes:
            self.add(outcome)
            yield outcome


def _rule(rule_id: str, site: str, docs: int, total: int) -> Rule:
    where = f"documents of {site}" if site else "documents without a site"
    return Rule(
        id=rule_id,
        name="repeated-line",
        kind=Repeat({}),
        description=f"A line repeated across the {where}, learned by --learn-repeats.",
        examples=Examples(),
        source="--learn-repeats",
        family="repeats",
        sites=(site,) if site else (),
        spec={"docs": docs, "of": total},
        note=f"repeated line: in {docs} of {total} {where}",
    )
