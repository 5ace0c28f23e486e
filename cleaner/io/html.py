"""HTML input: extract the article text with trafilatura, then clean it with the rules and
what the page shows about its lines (:mod:`cleaner.io.page`).

trafilatura is imported inside :func:`extract_text`, so cleaning plain text never pays
for loading it.

>>> page = "<html><body><article><p>Advertisement</p><p>" + "The bridge reopened on Monday. " * 4 + "</p></article></body></html>"
>>> clean_html(page).text
'The bridge reopened on Monday. The bridge reopened on Monday. The bridge reopened on Monday. The bridge reopened on Monday.\\n'
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from ..engine.apply import DEFAULT_TIMEOUT, Learned, Result, clean
from ..pack.rules import RuleSet, default_rules
from ..pack.sites import site_of
from .page import Page, PageRules, default_page_rules

FAVOR = ("balanced", "precision", "recall")
"""trafilatura's trade-off: ``precision`` drops doubtful parts, ``recall`` keeps them."""
SUFFIXES = (".html", ".htm")
"""File name endings read as HTML."""


def extract_text(html: str | bytes, **options: Any) -> str:
    """The article text of an HTML page, as trafilatura extracts it ("" if it finds none);
    ``options`` are those of :func:`extract`."""
    return extract(html, **options)[0]


def extract(
    html: str | bytes,
    *,
    title: bool = False,
    tables: bool = True,
    comments: bool = False,
    favor: str = "balanced",
    url: str | None = None,
) -> tuple[str, str | None]:
    """The article text of an HTML page ("" if trafilatura finds none) and the page's own
    URL: its canonical link or ``og:url`` (else ``url``, else None).

    ``title`` puts the page title on the first line (or keeps it there, when the page
    repeats it as a heading); without it a leading copy of the title is left out.
    ``tables`` keeps table rows, ``comments`` the reader comments; ``favor`` is one of
    :data:`FAVOR`.
    """
    if favor not in FAVOR:
        raise ValueError(f"favor must be one of {', '.join(FAVOR)}, not {favor!r}")
    from trafilatura import bare_extraction  # here, not at module level: slow to import

    document = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_tables=tables,
        include_comments=comments,
        favor_precision=favor == "precision",
        favor_recall=favor == "recall",
    )
    if document is None:
        return "", url
    # NFC, as trafilatura's own extract() returns its text: "য়" is one character there
    text = unicodedata.normalize("NFC", document.text or "")
    if comments and document.comments:
        text = f"{text}\n\n{unicodedata.normalize('NFC', document.comments)}"
    head = document.title.strip() if document.title else ""
    first, _, rest = text.partition("\n")
    starts_with_title = bool(head) and first.strip() == head
    if title and head and not starts_with_title:
        text = f"{head}\n\n{text}"
    elif not title and starts_with_title:
        text = rest.lstrip("\n")
    return text, document.url or url


def clean_html(
    html: str | bytes,
    *,
    rules: RuleSet | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    title: bool = False,
    tables: bool = True,
    comments: bool = False,
    favor: str = "balanced",
    url: str | None = None,
    site: str | None = None,
    default_site: str | None = None,
    learned: Learned | None = None,
    page: bool | PageRules = True,
    extracted: tuple[str, str | None] | None = None,
) -> Result:
    """Extract the article from ``html`` (see :func:`extract`), then :func:`cleaner.clean` it.

    With ``page``, what the page shows about the lines counts too (:mod:`cleaner.io.page`):
    lines in page furniture go (PAG001: their element is named ``newsletter``, ``modal``…),
    and so do lines after the article from elsewhere in the page (PAG002). ``page`` may
    be the page rules to use instead of the shipped ones, such as
    ``default_page_rules().choose(ignore=["PAG002"])``.

    ``extracted`` is the page's :func:`extract` (with these options), when it is at hand
    already: a corpus learned from first (``--learn-repeats``) is extracted once.

    What is asked for stays: with ``title`` the ``titles`` rule family is left out, with
    ``comments`` the ``comments`` family (the families are the rule files' names). The
    result's removals and :meth:`~cleaner.Result.restore` refer to the extracted text,
    not to the HTML. The page's site (for rules scoped to sites) is ``site``, else the
    host of the page's canonical link or ``og:url`` (or of ``url``), else ``default_site``.

    >>> clean_html(None)
    Traceback (most recent call last):
    ...
    TypeError: clean_html() takes the page as str or bytes, not NoneType
    """
    if not isinstance(html, str | bytes):
        raise TypeError(f"clean_html() takes the page as str or bytes, not {type(html).__name__}")
    if extracted is None:
        extracted = extract(html, title=title, tables=tables, comments=comments, favor=favor, url=url)
    text, page_url = extracted
    kept = frozenset(family for family, asked in (("titles", title), ("comments", comments)) if asked)
    rules = _without(default_rules() if rules is None else rules, kept)
    site = site or site_of(page_url) or default_site
    page_rules = default_page_rules() if page is True else page or None
    if page_rules is not None and page_rules.rules and text:
        learned = Page(html, text, page_rules, learned)
    return clean(text, rules=rules, timeout=timeout, site=site, learned=learned)


@functools.lru_cache(maxsize=16)
def _without(rules: RuleSet, families: frozenset[str]) -> RuleSet:
    """``rules`` less the given families: one rule set per run, not one per page, so the
    engine's compiled triggers (cached per rule set) serve every page."""
    return RuleSet(tuple(r for r in rules if r.family not in families)) if families else rules
