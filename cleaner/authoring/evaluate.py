"""Scoring rules on labelled extractor output: how much junk goes, how much content stays.

An evaluation folder holds ``pages.jsonl`` (``{"id", "truth"}``: the true article body
of each page) and ``docs.jsonl`` (``{"id", "extractor", "text", "labels"}``: one
extractor's output for a page and a ``"junk"`` / ``"content"`` / ``null`` label per line
of ``text.split("\\n")``). The figures are the ones ``shared/eval/score.py`` computes:

- junk removed: share of junk lines no longer in the output;
- content kept: share of content lines still in the output, and the same by characters;
- F1: bag-of-words token F1 against the true body, before and after, averaged over docs.

In HTML mode (:func:`evaluate_html`) each page's HTML in the folder's ``html/`` (named by
the ``html`` field of ``pages.jsonl``, gzipped) goes through :func:`cleaner.clean_html`
and, as the baseline, through bare ``trafilatura.extract``: token F1 against the truth,
the share of the page's ``with`` strings kept and of its ``without`` strings gone.

A line counts as still in the output when an equal (stripped) line is left there, each
output line answering for one input line. Besides, each rule is charged with the junk
and content lines it removed itself, so a user sees at once which rule eats content.
"""

from __future__ import annotations

import gzip
import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..engine.apply import LAYOUT, Removal, Result, clean
from ..engine.lines import split_lines
from ..io.html import Extracted, clean_html, extract
from ..io.page import PageRules
from ..pack.repeats import Counts, Learned, Settings
from ..pack.rules import RuleSet

_TOKEN = re.compile(r"\w+")  # the stdlib's \w, as score.py uses (regex's differs on marks)


@dataclass(frozen=True)
class Doc:
    """One extractor's output for one page, with its line labels and the true body."""

    id: str
    extractor: str
    text: str
    labels: tuple[str | None, ...]
    truth: str
    site: str | None = None
    """The page's site (``pages.jsonl``'s ``site``), when the folder gives it."""


def load_folder(folder: str | Path) -> list[Doc]:
    """Read ``pages.jsonl`` and ``docs.jsonl`` of an evaluation folder.

    Raises ``ValueError`` (naming the file) when the folder cannot be read or is not in
    the evaluation format.
    """
    folder = Path(folder)
    try:
        pages = {p["id"]: p for p in _jsonl(folder / "pages.jsonl")}
        return [
            Doc(
                d["id"],
                d["extractor"],
                d["text"],
                tuple(d["labels"]),
                pages[d["id"]].get("truth") or "",
                pages[d["id"]].get("site"),
            )
            for d in _jsonl(folder / "docs.jsonl")
        ]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{folder}: not an evaluation folder (missing or bad field {exc})") from None


def _jsonl(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: invalid JSON line: {exc}") from None


def token_f1(out: str, truth: str) -> float:
    """Bag-of-words F1 of ``out`` against ``truth`` (lower-cased ``\\w+`` tokens).

    >>> round(token_f1("the cat sat", "the cat sat down"), 3)
    0.857
    >>> token_f1("", ""), token_f1("a", "b")
    (1.0, 0.0)
    """
    o = Counter(t.lower() for t in _TOKEN.findall(out))
    t = Counter(t.lower() for t in _TOKEN.findall(truth))
    if not o and not t:
        return 1.0
    common = sum((o & t).values())
    if not common:
        return 0.0
    precision, recall = common / sum(o.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


@dataclass
class Scores:
    """Counts summed over documents; the shares are properties."""

    docs: int = 0
    junk_lines: int = 0
    junk_removed_lines: int = 0
    content_lines: int = 0
    content_kept_lines: int = 0
    content_chars: int = 0
    content_kept_chars: int = 0
    f1_before_sum: float = 0.0
    f1_after_sum: float = 0.0

    def add(self, other: Scores) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    @property
    def junk_removed(self) -> float:
        return self.junk_removed_lines / max(self.junk_lines, 1)

    @property
    def content_kept(self) -> float:
        return self.content_kept_lines / max(self.content_lines, 1)

    @property
    def content_chars_kept(self) -> float:
        return self.content_kept_chars / max(self.content_chars, 1)

    @property
    def f1_before(self) -> float:
        return self.f1_before_sum / max(self.docs, 1)

    @property
    def f1_after(self) -> float:
        return self.f1_after_sum / max(self.docs, 1)

    def summary(self) -> dict[str, float | int]:
        """The figures score.py reports, under its names."""
        return {
            "docs": self.docs,
            "junk_removed": self.junk_removed,
            "content_kept": self.content_kept,
            "content_chars_kept": self.content_chars_kept,
            "f1_before": self.f1_before,
            "f1_after": self.f1_after,
        }


@dataclass
class RuleTally:
    """Labelled lines one rule removed, over all documents, and the sites they came from.

    A rule whose junk comes from one or two sites gains little on sites it has never
    seen, while what it costs there is as likely as here.
    """

    junk: int = 0
    content: int = 0
    junk_sites: set[str] = field(default_factory=set)
    content_sites: set[str] = field(default_factory=set)

    def summary(self) -> dict:
        """The counts, sites as numbers.

        >>> RuleTally(2, 1, {"a.org", "b.org"}, {"a.org"}).summary()
        {'junk': 2, 'content': 1, 'junk_sites': 2, 'content_sites': 1}
        """
        return {
            "junk": self.junk,
            "content": self.content,
            "junk_sites": len(self.junk_sites),
            "content_sites": len(self.content_sites),
        }


@dataclass
class Report:
    """Scores overall, per extractor, and what each rule removed."""

    overall: Scores = field(default_factory=Scores)
    by_extractor: dict[str, Scores] = field(default_factory=dict)
    by_rule: dict[str, RuleTally] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "overall": self.overall.summary(),
            "by_extractor": {k: v.summary() for k, v in sorted(self.by_extractor.items())},
            "by_rule": {k: v.summary() for k, v in sorted(self.by_rule.items())},
        }


def score_doc(doc: Doc, out: str) -> Scores:
    """Score one cleaned output against the document's labels and true body."""
    remaining = Counter(line.strip() for line in out.split("\n") if line.strip())
    s = Scores(docs=1, f1_before_sum=token_f1(doc.text, doc.truth), f1_after_sum=token_f1(out, doc.truth))
    for line, label in zip(doc.text.split("\n"), doc.labels, strict=False):
        if label is None:
            continue
        key = line.strip()
        present = remaining[key] > 0
        remaining[key] -= present
        if label == "junk":
            s.junk_lines += 1
            s.junk_removed_lines += not present
        else:
            s.content_lines += 1
            s.content_chars += len(key)
            s.content_kept_lines += present
            s.content_kept_chars += len(key) * present
    return s


def evaluate(docs: list[Doc], rules: RuleSet | None = None, learn: Settings | None = None) -> Report:
    """Clean every document with ``rules`` (default pack if ``None``) and score the output.

    With ``learn``, each extractor's outputs are one corpus grouped by site, and the lines
    each site repeats are learned from it and removed too (``--learn-repeats``).

    >>> doc = Doc("p", "x", "Advertisement\\nThe talks resumed.", ("junk", "content"), "The talks resumed.")
    >>> report = evaluate([doc])
    >>> report.overall.junk_removed, report.overall.content_kept
    (1.0, 1.0)
    """
    report = Report()
    learned = {}
    if learn is not None:
        extractors = sorted({doc.extractor for doc in docs})
        learned = {x: _learn([(d.site, d.text) for d in docs if d.extractor == x], learn) for x in extractors}
    for doc in docs:
        result = clean(doc.text, rules=rules, site=doc.site, learned=learned.get(doc.extractor))
        scores = score_doc(doc, result.text)
        report.overall.add(scores)
        report.by_extractor.setdefault(doc.extractor, Scores()).add(scores)
        _charge_rules(doc, result.rule_removals(), report.by_rule)
    return report


def _learn(documents: Iterable[tuple[str | None, str]], settings: Settings) -> Learned:
    """The lines each site repeats across ``documents`` (``(site, text)``), learned as
    ``--learn-repeats`` learns them."""
    counts = Counts()
    for site, text in documents:
        counts.add(site, text)
    return Learned.learn(counts, settings)


def _charge_rules(doc: Doc, removals: tuple[Removal, ...], tallies: dict[str, RuleTally]) -> None:
    """Add each labelled line a rule removed to that rule's tally."""
    starts = [line.start for line in split_lines(doc.text)]
    for removal in removals:
        tally = tallies.setdefault(removal.rule, RuleTally())
        for index in range(bisect_left(starts, removal.start), bisect_left(starts, removal.end)):
            label = doc.labels[index] if index < len(doc.labels) else None
            site = doc.site or doc.id  # a folder without sites: each page its own
            if label == "junk":
                tally.junk += 1
                tally.junk_sites.add(site)
            elif label == "content":
                tally.content += 1
                tally.content_sites.add(site)


@dataclass(frozen=True)
class Page:
    """One page of an evaluation folder with its HTML: the truth and the must-keep and
    must-go strings."""

    id: str
    html: Path
    truth: str
    keep: tuple[str, ...]
    drop: tuple[str, ...]
    site: str | None = None

    def read_html(self) -> str:
        """The page's HTML, decoded as ``score.py`` does (UTF-8, bad bytes replaced)."""
        data = self.html.read_bytes()
        return (gzip.decompress(data) if self.html.suffix == ".gz" else data).decode("utf-8", "replace")


def load_pages(folder: str | Path) -> list[Page]:
    """The pages of ``pages.jsonl`` that have an HTML file (``ValueError`` names the file)."""
    folder = Path(folder)
    try:
        return [
            Page(
                p["id"],
                folder / p["html"],
                p.get("truth") or "",
                tuple(p.get("with", ())),
                tuple(p.get("without", ())),
                p.get("site"),
            )
            for p in _jsonl(folder / "pages.jsonl")
            if p.get("html")
        ]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{folder}: not an evaluation folder (missing or bad field {exc})") from None


@dataclass
class HtmlScores:
    """HTML-mode counts summed over pages; the shares are properties (score.py's names)."""

    pages: int = 0
    truth_pages: int = 0
    f1_sum: float = 0.0
    keep: int = 0
    kept: int = 0
    drop: int = 0
    dropped: int = 0

    def add_page(self, page: Page, out: str) -> None:
        self.pages += 1
        if page.truth:
            self.truth_pages += 1
            self.f1_sum += token_f1(out, page.truth)
        self.keep += len(page.keep)
        self.kept += sum(s in out for s in page.keep)
        self.drop += len(page.drop)
        self.dropped += sum(s not in out for s in page.drop)

    def summary(self) -> dict[str, float | int | None]:
        return {
            "pages": self.pages,
            "f1": self.f1_sum / self.truth_pages if self.truth_pages else None,
            "with_kept": self.kept / self.keep if self.keep else None,
            "without_removed": self.dropped / self.drop if self.drop else None,
        }


@dataclass
class HtmlTally:
    """What one rule did to the pages' strings: ``with`` strings it removed, ``without``
    strings it removed that trafilatura had kept."""

    with_lost: int = 0
    without_removed: int = 0


@dataclass
class HtmlReport:
    """HTML mode: cleaner against bare trafilatura, and what each rule did."""

    cleaner: HtmlScores = field(default_factory=HtmlScores)
    bare: HtmlScores = field(default_factory=HtmlScores)
    by_rule: dict[str, HtmlTally] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "cleaner": self.cleaner.summary(),
            "bare": self.bare.summary(),
            "by_rule": {k: asdict(v) for k, v in sorted(self.by_rule.items())},
        }


def evaluate_html(
    pages: list[Page],
    rules: RuleSet | None = None,
    learn: Settings | None = None,
    page_rules: bool | PageRules = True,
) -> HtmlReport:
    """Score :func:`cleaner.clean_html` (``rules``, default pack if ``None``; ``page_rules``
    as its ``page``) and bare ``trafilatura.extract`` on each page, and charge each rule
    with the strings it removed.

    With ``learn``, the pages' extracted texts are one corpus grouped by site, and the
    lines each site repeats are learned from it and removed too (``--learn-repeats``);
    each page is extracted once, for both."""
    from trafilatura import extract as bare_extract  # here, not at module level: slow to import

    extracted: list[Extracted | None] = [None] * len(pages)
    learned = None
    if learn is not None:
        extracted = [extract(page.read_html()) for page in pages]
        texts = [(page.site, known.text) for page, known in zip(pages, extracted, strict=True)]
        learned = _learn(texts, learn)
    report = HtmlReport()
    for page, known in zip(pages, extracted, strict=True):
        html = page.read_html()
        bare = bare_extract(html, include_comments=False) or ""
        report.bare.add_page(page, bare)
        result = clean_html(
            html, rules=rules, site=page.site, learned=learned, page=page_rules, extracted=known
        )
        report.cleaner.add_page(page, result.text)
        _charge_strings(page, result, bare, report.by_rule)
    return report


EXTRACTION = "(extraction)"
"""In HTML mode, the charge for a string that bare trafilatura's text has and cleaner's
extracted text has not (trafilatura's ``extract`` and the ``bare_extraction`` that
:func:`cleaner.io.html.extract` calls may lay a page's text out differently)."""


def _charge_strings(page: Page, result: Result, bare: str, tallies: dict[str, HtmlTally]) -> None:
    """Charge the rule whose removal took a ``with`` (lost) or ``without`` (removed) string;
    a string bare trafilatura kept that never reached the rules is charged to extraction."""
    extracted = result.restore()
    for strings, lost in ((page.keep, True), (page.drop, False)):
        for s in strings:
            at = extracted.find(s)
            if s in result.text or (at < 0 and s not in bare):
                continue
            rule = (
                EXTRACTION
                if at < 0
                else next((r.rule for r in result.removals if r.start < at + len(s) and at < r.end), LAYOUT)
            )
            tally = tallies.setdefault(rule, HtmlTally())
            if lost:
                tally.with_lost += 1
            else:
                tally.without_removed += 1
