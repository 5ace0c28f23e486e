"""The page rules' examples, run: each HTML fragment of ``page.toml`` set in a small page.

A page rule's example is an HTML fragment, not a text: PAG001's, PAG003's and PAG005's go
inside an article, PAG002's after the article's container, PAG004's first in the article of a page
that declares itself an article and is titled :data:`HEADLINE`; the page goes through
:func:`clean_html`.
``cleaner rules test`` and the test suite both run them from here.

>>> from cleaner.io.page import default_page_rules
>>> [c.id for c in cases(default_page_rules().choose(select=["PAG001"]).rules)][:2]
['PAG001-remove-0', 'PAG001-remove-1']
>>> all(c.failure() is None for c in cases(default_page_rules().rules))
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from lxml.html import fragment_fromstring

from ..pack import examples
from ..pack.rules import Rule
from .html import clean_html, extract

ARTICLE = (
    "The harbour bridge reopened to traffic on Monday after eight months of repairs.",
    "Engineers replaced the steel cables and resurfaced the deck, the city said.",
    "Drivers queued from dawn; some had waited since the closure in spring.",
    "The bridge carries about 60,000 vehicles a day between the two districts.",
)
"""The article every example page holds; no example may take a line of it."""

_ENDING = tuple(
    f"The council will review paragraph {n} of the works plan in its next session." for n in range(6)
)


ADDRESS = "https://www.example.com/nachrichten/br%C3%BCcke-wieder-offen"
"""Every example page's own address (its canonical link), for PAG003's examples."""
INSIDE = ("PAG001", "PAG003", "PAG005")
"""The rules whose fragments go inside the article (after its paragraphs)."""
FIRST = ("PAG004",)
"""The rules whose fragments go first in the article, on a page that declares itself one."""
HEADLINE = "Мост через залив снова открыт"
"""The title of the pages of :data:`FIRST` rules' examples."""


def example_page(rule_id: str, fragment: str, article: Sequence[str] = ARTICLE) -> str:
    """The page a fragment is tried in, whose address is :data:`ADDRESS`: inside the
    article (``article``'s paragraphs) for the rules of :data:`INSIDE`, first in it for
    those of :data:`FIRST`, after the article's container (a template's box below it) for
    the others."""
    body = "".join(f"<p>{p}</p>" for p in article)
    head = f'<head><title>Bridge</title><link rel="canonical" href="{ADDRESS}"></head>'
    if rule_id in FIRST:
        meta = f'<title>{HEADLINE}</title><meta property="og:type" content="article">'
        return f"<html><head>{meta}</head><body><article>{fragment}{body}</article></body></html>"
    if rule_id in INSIDE:
        return f"<html>{head}<body><article>{body}{fragment}</article></body></html>"
    body += "".join(f"<p>{p}</p>" for p in _ENDING)
    return (
        f'<html>{head}<body><div class="post"><div class="entry">{body}</div>{fragment}</div></body></html>'
    )


@dataclass(frozen=True)
class PageCase(examples.Case):
    """One example of one page rule, its ``text`` an HTML fragment."""

    def failure(self) -> str | None:
        """Why the rule does not do what this example says, or ``None`` if it does.

        The fragment's last line of text must be in trafilatura's text of the page (else the
        example tests nothing), the article must stay whole, and a copy of that line must
        go by this rule alone (``remove``; a repeated passage's first copy stays) or stay
        with no rule removing anything (``keep``).
        """
        html = example_page(self.rule.id, self.text)
        line = [t for t in fragment_fromstring(self.text).itertext() if t.strip()][-1].strip()
        extracted = extract(html)
        if line not in extracted.text:
            return f"{self.id}: trafilatura leaves out {line!r}, so the example tests nothing"
        result = clean_html(html, extracted=extracted)
        lost = [p for p in ARTICLE if p not in result.text]
        if lost:
            return f"{self.id}: the article lost {lost[0]!r}"
        by = [r.rule for r in result.rule_removals()]
        went = result.text.count(line) < extracted.text.count(line)
        if self.expect == "remove" and (not went or by != [self.rule.id]):
            return f"{self.id}: should be removed by {self.rule.id} alone, but removals were {by}"
        if self.expect == "keep" and (went or by):
            return f"{self.id}: should be kept, but removals were {by}"
        return None


def cases(rules: Iterable[Rule]) -> Iterator[PageCase]:
    """Every example of these page rules, in order."""
    return examples.cases(rules, PageCase)
