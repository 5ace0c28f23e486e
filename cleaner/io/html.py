"""HTML input: extract the article text with trafilatura, then clean it with the rules and
what the page shows about its lines (:mod:`cleaner.io.page`).

trafilatura is imported inside :func:`extract_text`, so cleaning plain text never pays
for loading it.

>>> page = "<html><body><article><p>Advertisement</p><p>" + "The bridge reopened on Monday. " * 4 + "</p></article></body></html>"
>>> clean_html(page).text
'The bridge reopened on Monday. The bridge reopened on Monday. The bridge reopened on Monday. The bridge reopened on Monday.\\n'
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..engine.apply import DEFAULT_TIMEOUT, Learned, Result, clean
from ..engine.lines import Line, ends_sentence, more_words_than, words
from ..pack.rules import Rule, RuleSet, default_rules
from ..pack.sites import site_of
from .page import Page, PageRules, default_page_rules, title_line

FAVOR = ("balanced", "precision", "recall")
"""trafilatura's trade-off: ``precision`` drops doubtful parts, ``recall`` keeps them."""
RECOVER_WORDS = 8
"""A line recovered from the recall extraction that is no list item has at least this
many words and ends like a sentence (:func:`recovered`)."""
NEW_SHARE = 0.5
"""A recovered line has less than this share of its word trigrams in the balanced text
already: trafilatura's two modes may split the same paragraph in two ways."""


_DECLARED = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml\b[^>]*?encoding\s*=\s*["']([\w.:-]+)""", re.I
)
_WINDOWS_1252 = {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1"}
"""Labels browsers read as windows-1252 (its C1 range holds „ “ – €, which pages use)."""


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in its first 4 KB (``<meta charset>``, a
    ``http-equiv`` content type or an XML declaration), as a Python codec name; None if
    it declares none Python knows. Latin-1 and ASCII mean windows-1252, as in browsers.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1" />')
    'cp1252'
    >>> declared_charset(b'<meta charset="Shift_JIS">'), declared_charset(b"<p>charset=koi8-r</p>")
    ('shift_jis', None)
    """
    found = _DECLARED.search(data[:4096])
    if found is None:
        return None
    label = (found[1] or found[2]).decode("ascii").lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


class Extracted(NamedTuple):
    """What :func:`extract` finds in a page."""

    text: str
    """The article text ("" if trafilatura finds none)."""
    url: str | None
    """The page's own URL: its canonical link or ``og:url`` (else the one given)."""
    title: str
    """The page's title, as its metadata gives it ("" if none)."""
    page_type: str = ""
    """What the page says it is, by its ``og:type`` or schema.org type, lower case
    (``article``, ``website``…; "" if it says nothing)."""


def extract_text(html: str | bytes, **options: Any) -> str:
    """The article text of an HTML page, as trafilatura extracts it ("" if it finds none);
    ``options`` are those of :func:`extract`."""
    return extract(html, **options).text


def extract(
    html: str | bytes,
    *,
    title: bool = False,
    tables: bool = True,
    comments: bool = False,
    favor: str = "balanced",
    url: str | None = None,
    recover: bool = True,
) -> Extracted:
    """The article text of an HTML page, the page's own URL, its title and its type.

    The text is trafilatura's: when the page repeats its title as a heading in the
    article, the text starts with it. ``title`` puts the title on the first line when
    the text does not start with it already. ``tables`` keeps table rows, ``comments``
    the reader comments; ``favor`` is one of :data:`FAVOR`. With ``recover`` (and
    ``favor`` balanced) trafilatura extracts the page a second time, favouring recall,
    and the paragraphs and list items of the article that only that pass found go in
    (:func:`recovered`).
    """
    if favor not in FAVOR:
        raise ValueError(f"favor must be one of {', '.join(FAVOR)}, not {favor!r}")
    from trafilatura import bare_extraction  # here, not at module level: slow to import

    options = {"url": url, "include_tables": tables, "include_comments": comments}
    document = bare_extraction(
        html,
        with_metadata=True,
        favor_precision=favor == "precision",
        favor_recall=favor == "recall",
        **options,
    )
    if document is None:
        return Extracted("", url, "")
    # NFC, as trafilatura's own extract() returns its text: "য়" is one character there
    text = unicodedata.normalize("NFC", document.text or "")
    if recover and favor == "balanced" and text:
        wide = bare_extraction(html, with_metadata=False, favor_recall=True, **options)
        if wide is not None and wide.text:
            text = recovered(text, unicodedata.normalize("NFC", wide.text))
    if comments and document.comments:
        text = f"{text}\n\n{unicodedata.normalize('NFC', document.comments)}"
    head = unicodedata.normalize("NFC", document.title.strip()) if document.title else ""
    if title and head and text.partition("\n")[0].strip() != head:
        text = f"{head}\n\n{text}"
    return Extracted(text, document.url or url, head, (document.pagetype or "").strip().lower())


def recovered(balanced: str, recall: str) -> str:
    """``balanced`` with the lines of ``recall`` (the same page extracted favouring recall)
    that it lacks and that fall between two of its lines: the article's own paragraphs
    and list items that balanced extraction dropped. A recovered line is a list item or
    a sentence of :data:`RECOVER_WORDS` words or more, whose word trigrams are mostly
    new to ``balanced`` (:data:`NEW_SHARE`); it goes right after the line that comes
    before it in ``recall``. Headings stay out, and so do the lines before the first and
    after the last line the two share: there recall reaches into the page's header and
    footer, whose menus are list items too.

    >>> balanced = "The ferry resumed service on Monday.\\nTickets cost the same."
    >>> recall = ("Menu\\nThe ferry resumed service on Monday.\\n- Crews repaired both engines over the winter\\n"
    ...           "Share\\nTickets cost the same.\\nMore stories")
    >>> print(recovered(balanced, recall))
    The ferry resumed service on Monday.
    - Crews repaired both engines over the winter
    Tickets cost the same.
    """
    lines = balanced.split("\n")
    where: defaultdict[str, list[int]] = defaultdict(list)  # a line's text -> its indices in balanced
    for index, line in reversed(list(enumerate(lines))):
        if line.strip():
            where[line.strip()].append(index)
    after: defaultdict[int, list[str]] = defaultdict(list)  # balanced line -> lines recovered after it
    known = set(_trigrams(balanced))
    previous, waiting = None, []
    for line in filter(None, map(str.strip, recall.split("\n"))):
        if where.get(line):
            if previous is not None:
                after[previous].extend(waiting)
            previous, waiting = where[line].pop(), []
        elif previous is not None and _recoverable(line, known):
            waiting.append(line)
    if not after:
        return balanced
    return "\n".join(piece for index, line in enumerate(lines) for piece in (line, *after.get(index, ())))


def _recoverable(line: str, known: set[tuple[str, str, str]]) -> bool:
    """Whether ``line`` of a recall extraction may join the balanced text whose word
    trigrams are ``known``: a list item or a long sentence, mostly new words."""
    if not (line.startswith(("- ", "• ", "* ")) or (more_words_than(line, RECOVER_WORDS - 1) and ends_sentence(line))):
        return False
    grams = _trigrams(line)
    return not grams or sum(1 for gram in grams if gram in known) < NEW_SHARE * len(grams)


def _trigrams(text: str) -> list[tuple[str, str, str]]:
    """The word trigrams of ``text`` (:func:`~cleaner.engine.lines.words`), case folded,
    within its lines."""
    out = []
    for line in text.split("\n"):
        folded = [word.casefold() for word in words(line)]
        out.extend(zip(folded, folded[1:], folded[2:], strict=False))
    return out


def clean_html(
    html: str | bytes,
    *,
    rules: RuleSet | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    title: bool = False,
    tables: bool = True,
    comments: bool = False,
    favor: str = "balanced",
    recover: bool = True,
    url: str | None = None,
    site: str | None = None,
    default_site: str | None = None,
    learned: Learned | None = None,
    page: bool | PageRules = True,
    extracted: Extracted | None = None,
) -> Result:
    """Extract the article from ``html`` (see :func:`extract`), then :func:`cleaner.clean` it.

    With ``page``, what the page shows about the lines counts too (:mod:`cleaner.io.page`):
    lines in page furniture go (PAG001: their element is named ``newsletter``, ``modal``…),
    and so do lines after the article from elsewhere in the page (PAG002), lines that
    are nothing but the page's own address (PAG003) and, on a page that declares itself
    an article, a first line that is its title (PAG004; not with ``title``). ``page`` may
    be the page rules to use instead of the shipped ones, such as
    ``default_page_rules().choose(ignore=["PAG002"])``.

    ``extracted`` is the page's :func:`extract` (with these options), when it is at hand
    already: a corpus learned from first (``--learn-repeats``) is extracted once.

    A rule of kind ``title`` (the opt-in TTL001) takes exactly the first line when it is
    the title the page's metadata gives, and no other line: here the title is known, not
    guessed (:class:`KnownTitle`).

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
        extracted = extract(
            html, title=title, tables=tables, comments=comments, favor=favor, url=url, recover=recover
        )
    text, page_url, head, page_type = extracted
    kept = frozenset(family for family, asked in (("titles", title), ("comments", comments)) if asked)
    rules, title_rule = _for_pages(default_rules() if rules is None else rules, kept)
    site = site or site_of(page_url) or default_site
    page_rules = default_page_rules() if page is True else page or None
    if page_rules is not None and page_rules.rules and text:
        article_title = "" if title else head  # a title asked for stays
        learned = Page(
            html, text, page_rules, learned, url=page_url, title=article_title, page_type=page_type
        )
    if title_rule is not None and head:
        learned = KnownTitle(head, title_rule, learned)
    return clean(text, rules=rules, timeout=timeout, site=site, learned=learned)


@dataclass(frozen=True)
class KnownTitle:
    """:func:`cleaner.clean`'s ``learned`` hook for a page whose title is known: the first
    line goes (as ``rule``) when it is ``title``; ``inner`` (the page's lines, learned
    repeats) marks the rest, under its own guard.

    >>> from cleaner.engine.lines import split_lines
    >>> from cleaner.pack.rules import load_rules
    >>> known = KnownTitle("Bridge reopens", load_rules(select=["TTL001"])[0])
    >>> [(i, r.id) for i, r in known.removals(split_lines("Bridge reopens\\n\\nIt reopened.\\n"), {}, None).items()]
    [(0, 'TTL001')]
    """

    title: str
    rule: Rule
    inner: Learned | None = None

    def removals(self, lines: Sequence[Line], removed: dict[int, Rule], site: str | None) -> dict[int, Rule]:
        more = self.inner.removals(lines, removed, site) if self.inner is not None else {}
        first = title_line(lines, self.title)
        return {first.index: self.rule, **more} if first is not None else more

    def allows(self, lines: Sequence[Line], removed: dict[int, Rule]) -> bool:
        return self.inner is None or self.inner.allows(lines, removed)


@functools.lru_cache(maxsize=16)
def _for_pages(rules: RuleSet, families: frozenset[str]) -> tuple[RuleSet, Rule | None]:
    """``rules`` less the given families and the title rules, and the first title rule
    among them (None if none): one rule set per run, not one per page, so the engine's
    compiled triggers (cached per rule set) serve every page."""
    kept = tuple(r for r in rules if r.family not in families)
    title_rule = next((r for r in kept if r.kind.name == "title"), None)
    if title_rule is None and not families:
        return rules, None
    return RuleSet(tuple(r for r in kept if r.kind.name != "title")), title_rule
