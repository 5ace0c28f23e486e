"""The page around the extracted text: what the HTML shows about a line that its text cannot.

trafilatura keeps the text of a page and drops its markup. :func:`element_of_lines` finds
each line's element again in the parsed page (the deepest element whose text is the
line's, in order), and a :class:`Page` marks lines by it and by the page's metadata,
with the rules and settings of ``page.toml`` (data, next to this module):

- PAG001, page furniture: the line's element or one of its nearest ancestors has a
  class or id word that names furniture (``newsletter``, ``modal``, ``disclaimer``…);
- PAG002, after the article: the line comes after the article's last line, from outside
  the article's container (the deepest element holding most of the text);
- PAG003, the page's address: the line is nothing but the page's own URL (its canonical
  link or ``og:url``), which the metadata gives;
- PAG004, the article's headline: the first line is the page's title as its metadata
  gives it, on a page that declares itself an article (its ``og:type`` or schema.org type);
- PAG005, a repeated passage: a run of sentences that repeats, line for line, sentences the
  text holds already (a page that renders its article twice, in tabs or for print).

A :class:`Page` is :func:`cleaner.clean`'s ``learned`` hook: its lines go, and the rules
run on the rest, as they do after learned repeats.

>>> lines = ["The ferry resumed service on Monday.", "Crews had repaired its engines over the winter.",
...          "Tickets cost the same as last year.", "The first crossing left at six.", "Get our briefing by email."]
>>> html = "".join(f"<p>{line}</p>" for line in lines[:-1]) + f'<form class="signup"><p>{lines[-1]}</p></form>'
>>> [(i, r.id, r.note) for i, r in Page(f"<html><body>{html}</body></html>", "\\n".join(lines)).furniture().items()]
[(4, 'PAG001', "in an element named 'signup'")]
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from ..engine.kinds import Kind
from ..engine.lines import Line, ends_sentence, more_words_than, read_through, split_lines
from ..pack.rules import Examples, Rule, chosen

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from ..engine.apply import Learned

PATH = Path(__file__).with_name("page.toml")
"""The page rules and their settings."""
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_TEXTLESS = frozenset({"script", "style", "noscript", "template", "svg"})


class Element(Kind):
    """The kind of the page rules: their lines are found in the page's HTML (:class:`Page`),
    not matched by the engine's loop, so it has no keys."""

    name = "element"
    doc = "A line marked by its element in the page (HTML input only)."
    keys = {}


@dataclass(frozen=True)
class PageRules:
    """The rules of the HTML path and their settings, read from ``page.toml``."""

    furniture: Rule
    words: frozenset[str]
    """Class and id words that name furniture (lower case)."""
    levels: int
    """How many elements up from a line's own element a word counts."""
    furniture_share: float
    """A page loses no line to ``furniture`` if its lines would be more of its text than this."""
    after_article: Rule
    container_share: float
    """The article's container holds at least this share of the text's characters."""
    after_share: float
    """A page loses no line to ``after_article`` if its lines would be more of the text than this."""
    own_address: Rule
    headline: Rule
    page_types: frozenset[str]
    """The page types (``og:type`` or schema.org, lower case) that declare an article."""
    repeated: Rule
    repeat_words: int
    """A line of a repeated passage is a sentence of at least this many words ..."""
    repeat_run: int
    """... in a run of at least this many such lines, each a copy of an earlier kept line ..."""
    repeat_alone: int
    """... or a copy of this many words or more, on its own."""
    off: frozenset[str] = frozenset()
    """Ids of the rules left out (:meth:`choose`)."""

    @classmethod
    def load(cls, path: str | Path = PATH) -> PageRules:
        """Read a page rules file; ``ValueError`` names the file and what is wrong."""
        import tomllib  # here: a run without HTML pages reads no page rules

        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            furniture, after, address = data["furniture"], data["after_article"], data["own_address"]
            headline, repeated = data["headline"], data["repeated"]
            return cls(
                _rule(furniture, path),
                frozenset(map(str.lower, furniture["words"])),
                int(furniture["levels"]),
                float(furniture["max_share"]),
                _rule(after, path),
                float(after["container_share"]),
                float(after["max_share"]),
                _rule(address, path),
                _rule(headline, path),
                frozenset(map(str.lower, headline["page_types"])),
                _rule(repeated, path),
                int(repeated["min_words"]),
                int(repeated["min_run"]),
                int(repeated["min_words_alone"]),
            )
        except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(
                f"{path}: not a page rules file ({type(exc).__name__}: {exc}); "
                "see cleaner/io/page.toml for the keys it needs"
            ) from None

    @property
    def every(self) -> tuple[Rule, ...]:
        """All the page rules, those :meth:`choose` left out too."""
        return self.furniture, self.after_article, self.own_address, self.headline, self.repeated

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules that run (those :meth:`choose` left in)."""
        return tuple(r for r in self.every if r.id not in self.off)

    def choose(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> PageRules:
        """These rules less those ``select`` and ``ignore`` leave out, as
        :meth:`cleaner.pack.rules.RuleSet.choose` chooses (by id prefix). The codes may
        name text rules too: ``RuleSet.choose(known=...)`` reports those that name neither.

        >>> [r.id for r in default_page_rules().choose(ignore=["PAG002"]).rules]
        ['PAG001', 'PAG003', 'PAG004', 'PAG005']
        >>> default_page_rules().choose(select=["PAY"]).rules
        ()
        """
        left_out = (r.id for r in self.every if not chosen(r.id, select, ignore))
        return dataclasses.replace(self, off=self.off | frozenset(left_out))

    @functools.cache  # noqa: B019 - one instance per process, a handful of words
    def naming(self, word: str) -> Rule:
        """The furniture rule, its removals saying which word named the element."""
        return dataclasses.replace(self.furniture, note=f"in an element named {word!r}")


def _rule(table: dict[str, Any], path: str | Path) -> Rule:
    return Rule(
        id=table["id"],
        name=table["name"],
        kind=Element({}),
        description=" ".join(table["description"].split()),
        examples=Examples(tuple(table["examples"]["remove"]), tuple(table["examples"]["keep"])),
        source=str(path),
        family="page",
        spec=table,  # its settings, for `cleaner rules show`
    )


@functools.cache
def default_page_rules() -> PageRules:
    """The shipped page rules (``page.toml``), read once per process."""
    return PageRules.load()


def class_words(element: HtmlElement) -> Iterator[str]:
    """The words of an element's class and id, lower case, split at all but letters and digits.

    >>> from lxml.html import fragment_fromstring
    >>> list(class_words(fragment_fromstring('<div id="Main" class="c-newsletter_box  wide2"></div>')))
    ['c', 'newsletter', 'box', 'wide2', 'main']
    """
    for attribute in ("class", "id"):
        yield from (word.lower() for word in _WORD.findall(element.get(attribute) or ""))


def _normal(text: str) -> str:
    return " ".join(read_through(unicodedata.normalize("NFC", text)).split())


def element_of_lines(root: HtmlElement, lines: Sequence[str]) -> list[HtmlElement | None]:
    """For each line, the deepest element of ``root`` whose text is the line's (whitespace
    aside), taking a page's copies of a text in order; None where no element's text is
    the line's (a paragraph split by line breaks, a table row).

    >>> from lxml.html import fromstring
    >>> root = fromstring("<div><p>One <b>two</b></p><ul><li>- x</li><li>Three</li><li>Three</li></ul></div>")
    >>> [e.tag if e is not None else None for e in element_of_lines(root, ["One two", "Three", "- Three", "Four"])]
    ['p', 'li', 'li', None]
    """
    keys = [_normal(line) for line in lines]
    wanted = set(keys) | {key[2:] for key in keys if key.startswith("- ")}  # trafilatura's list items
    found: dict[str, list[HtmlElement]] = defaultdict(list)
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in _TEXTLESS:
            continue
        key = _normal(element.text_content())
        if key not in wanted:
            continue
        copies = found[key]
        if copies and element.getparent() is copies[-1]:
            copies[-1] = element  # the same text one level down
        else:
            copies.append(element)
    taken: dict[str, int] = defaultdict(int)
    out: list[HtmlElement | None] = []
    for key in keys:
        if key not in found and key.startswith("- "):
            key = key[2:]
        copies = found.get(key, ())
        out.append(copies[taken[key]] if taken[key] < len(copies) else None)
        taken[key] += 1
    return out


class Page:
    """The lines of ``text`` (extracted from ``html``, whose own address is ``url``, whose
    metadata gives ``title`` and ``page_type``) with their elements in the page, and the
    lines the page rules (``rules``, the shipped ones if None) mark; as
    :func:`cleaner.clean`'s ``learned`` hook, with the lines ``learned`` marks (repeats
    learned from a corpus) and under its guard."""

    def __init__(
        self,
        html: str | bytes,
        text: str,
        rules: PageRules | None = None,
        learned: Learned | None = None,
        url: str | None = None,
        title: str = "",
        page_type: str = "",
    ):
        from trafilatura.utils import load_html  # here, not at module level: slow to import

        self.rules = rules or default_page_rules()
        self.learned = learned
        self.url = url
        self.title = title if page_type.lower() in self.rules.page_types else ""
        """The article's headline, as the metadata gives it ("" if the page is no article)."""
        self.lines = [line for line in split_lines(text) if line.text]
        root = load_html(html) if self.lines else None
        texts = [line.text for line in self.lines]
        self.elements = element_of_lines(root, texts) if root is not None else [None] * len(texts)

    def furniture(self) -> dict[int, Rule]:
        """Line index -> rule, for the lines whose element or one of its nearest ancestors
        has a furniture word; none if they would be more than the rule's share of the text."""
        rules, marked = self.rules, {}
        for line, element in zip(self.lines, self.elements, strict=True):
            up = 0
            while element is not None and up < rules.levels:
                word = next((w for w in class_words(element) if w in rules.words), None)
                if word is not None:
                    marked[line.index] = rules.naming(word)
                    break
                element, up = element.getparent(), up + 1
        return _within(marked, self.lines, rules.furniture_share)

    def after_article(self, removed: Mapping[int, Rule]) -> dict[int, Rule]:
        """Line index -> rule, for the lines left (not in ``removed``) after the last line of
        the article's container that come from outside it; none if they would be more than
        the rule's share of the lines left."""
        left = [
            (line, element)
            for line, element in zip(self.lines, self.elements, strict=True)
            if line.index not in removed
        ]
        if not left:
            return {}
        chars: Counter[HtmlElement] = Counter()
        for line, element in left:
            for container in element.iterancestors() if element is not None else ():
                chars[container] += len(line.text)
        need = self.rules.container_share * sum(len(line.text) for line, _ in left)
        container = next((e for e, n in chars.items() if n >= need and e.getparent() is None), None)
        while container is not None:  # down to the deepest element that holds enough
            inner = next((child for child in container if chars[child] >= need), None)
            if inner is None:
                break
            container = inner
        if container is None:
            return {}
        inside = [element is not None and container in element.iterancestors() for _, element in left]
        if True not in inside:
            return {}
        last = len(inside) - 1 - inside[::-1].index(True)
        marked = {
            line.index: self.rules.after_article
            for (line, element), is_in in zip(left[last + 1 :], inside[last + 1 :], strict=True)
            if element is not None and not is_in
        }
        return _within(marked, [line for line, _ in left], self.rules.after_share)

    def own_address(self) -> dict[int, Rule]:
        """Line index -> rule, for the lines that are nothing but the page's own address.

        >>> page = Page("<p>x</p>", "Bridge reopens\\nwww.example.com/br%C3%BCcke/", url="https://example.com/brücke")
        >>> [(i, r.id) for i, r in page.own_address().items()]
        [(1, 'PAG003')]
        """
        if not self.url:
            return {}
        own = _address(self.url)
        return {
            line.index: self.rules.own_address
            for line in self.lines
            if not any(c.isspace() for c in line.text) and _address(line.text) == own
        }

    def headline(self, removed: Mapping[int, Rule]) -> dict[int, Rule]:
        """Line index -> rule, for the first line left (not in ``removed``) when it is the
        article's title.

        >>> page = Page("<p>x</p>", "3 hours ago\\nМост открыт\\nМост открыт", title="Мост открыт", page_type="Article")
        >>> [(i, r.id) for i, r in page.headline({0: "a rule"}).items()]
        [(1, 'PAG004')]
        >>> page.headline({})
        {}
        """
        first = title_line(self.lines, self.title, removed)  # none when the page is no article
        return {first.index: self.rules.headline} if first is not None else {}

    def repeated(self, removed: Mapping[int, Rule]) -> dict[int, Rule]:
        """Line index -> rule, for the lines left (not in ``removed``) in runs of at least
        ``repeat_run`` sentences of ``repeat_words`` words or more, each a copy of a line
        left before it, and for such copies of ``repeat_alone`` words or more wherever they
        stand: the first copy of every line stays.

        >>> one, two = "The bridge opened on Monday after months of repairs.", "Drivers queued from dawn to cross it first."
        >>> page = Page("<p>x</p>", "\\n".join([one, two, "Print", one, two]))
        >>> sorted(page.repeated({}))
        [3, 4]
        >>> page.repeated({0: "a rule"})  # the first copy went: the second is all there is
        {}
        """
        rules, seen = self.rules, set()
        runs: list[list[tuple[int, str]]] = [[]]
        for line in self.lines:
            if line.index in removed:
                continue
            key = _normal(line.text)
            if key in seen and ends_sentence(key) and more_words_than(key, rules.repeat_words - 1):
                runs[-1].append((line.index, key))
            elif runs[-1]:
                runs.append([])
            seen.add(key)
        return {
            index: rules.repeated
            for run in runs
            for index, key in run
            if len(run) >= rules.repeat_run or more_words_than(key, rules.repeat_alone - 1)
        }

    def removals(self, lines: Sequence[Line], removed: dict[int, Rule], site: str | None) -> dict[int, Rule]:
        """Line index -> rule: the learned lines, the lines after the article, the page's
        address, its headline, the lines in furniture and the repeated passages, given the
        lines the rules alone remove (``removed``)."""
        off = self.rules.off
        furniture = self.furniture() if self.rules.furniture.id not in off else {}
        own = self.own_address() if self.rules.own_address.id not in off else {}
        gone = {**removed, **furniture, **own}
        headline = self.headline(gone) if self.rules.headline.id not in off else {}
        after = self.after_article({**gone, **headline}) if self.rules.after_article.id not in off else {}
        more = self.learned.removals(lines, removed, site) if self.learned is not None else {}
        found = {**more, **after, **own, **headline, **furniture}
        if self.rules.repeated.id not in off:
            found.update(self.repeated({**removed, **found}))
        return found

    def allows(self, lines: Sequence[Line], removed: dict[int, Rule]) -> bool:
        """The learned lines' guard (the page rules have their own shares). A removed line
        that a kept line still holds (a copy PAG005 removes) loses nothing, so it does not
        count, as in the batch's over-removal guard."""
        if self.learned is None:
            return True
        kept = {line.text for line in lines if line.index not in removed}
        return self.learned.allows(lines, {i: rule for i, rule in removed.items() if lines[i].text not in kept})


def title_line(lines: Sequence[Line], title: str, removed: Collection[int] = ()) -> Line | None:
    """The first line of ``lines`` with text and not ``removed``, if it is ``title``.

    >>> from cleaner.engine.lines import split_lines
    >>> title_line(split_lines("\\nМост открыт\\nОн открыт."), "Мост открыт").index
    1
    >>> title_line(split_lines("Мост открыт\\nОн открыт."), "Мост открыт", removed={0}) is None
    True
    """
    first = next((line for line in lines if line.text and line.index not in removed), None)
    return first if first is not None and first.text == title else None


def _address(text: str) -> str:
    """A URL as a line may show it: lower case, percent-escapes decoded, without the
    scheme, ``www.`` and a trailing slash.

    >>> _address("HTTPS://www.Example.com/br%C3%BCcke/") == _address("example.com/brücke")
    True
    """
    from urllib.parse import unquote  # here: only a page with an address needs it

    text = unquote(text.strip()).lower()
    text = text.split("://", 1)[1] if "://" in text else text.removeprefix("//")
    return text.removeprefix("www.").rstrip("/")


def _within(marked: dict[int, Rule], lines: Sequence[Line], share: float) -> dict[int, Rule]:
    """``marked``, or nothing if its lines are more than ``share`` of ``lines``' characters."""
    gone = sum(len(line.text) for line in lines if line.index in marked)
    return marked if gone <= share * sum(len(line.text) for line in lines) else {}
