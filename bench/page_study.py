"""Which signals of the page's structure would pay on the HTML path? A study (issue 14, item 7).

    python bench/page_study.py ../shared/eval      # under a minute on one core

For every page of ``news/``, ``modern/`` and ``multilingual/`` it runs
:func:`cleaner.clean_html` as shipped and finds each line it keeps again in the parsed
page, as the page rules do (:class:`cleaner.io.page.Page`). Each candidate of :data:`CANDIDATES`
names the kept lines it would also remove, and is scored against ``clean_html`` alone:
the change in token F1 (mean over the pages with a truth; in brackets the pages it
raised and lowered) and the ``with`` strings it would lose and ``without`` strings it
would remove. A candidate pays only if F1 rises on ``news/`` and ``modern/`` and no
``with`` string is lost (issue 14: content first).

Verdict: none pays, so none became a page rule (PAG004, added since, takes the title by
the page's declared type instead). Printed with the pack of a3d0f1e,
2 Dec 2026, in 47 s (per set: lines removed, F1 change (pages up / down), ``with``
strings lost, ``without`` strings removed; ``multilingual/`` has no truth, so no F1)::

    candidate                      news                        modern                      multilingual
    h1 element                     22 +0.0026 (17/2)  0 0      42 +0.0005 (34/8)  0 0      99 -  2 0
    h1 after the first line         6 -0.0002 (2/2)   0 0       6 +0.0000 (3/3)   0 0      38 -  1 0
    in a <header>                  15 +0.0053 (11/1)  0 0      16 +0.0001 (15/0)  0 1      81 -  8 0
    class word "headline"          10 +0.0052 (7/0)   0 0      25 +0.0002 (3/1)   0 0      38 -  0 1
    the <title> element             2 +0.0005 (2/0)   0 0      21 +0.0002 (19/2)  0 0      37 -  1 0
    h2-h6 as the last line          1 +0.0000 (1/0)   0 0       1 +0.0000 (1/0)   0 0       0 -  0 0
    in <nav>                        0 +0.0000 (0/0)   0 0      84 -0.0003 (8/14)  0 0      17 -  0 0
    in <aside>                      0                           0                           1 -  0 0
    in <footer>                     0                           0                           1 -  0 0
    role=navigation/complementary   0                           2 +0.0000 (2/0)   0 0       5 -  0 0
    aria-hidden                     0                           4 -0.0000 (0/2)   0 0      16 -  0 2
    rel=author or itemprop=author   1 -0.0000 (0/1)   0 0       4 +0.0005 (2/0)   0 0       3 -  0 0

- The page's title in its many guises (an ``<h1>``, a ``headline`` class, the ``<title>``
  element) is junk to the truth of ``news/`` and ``modern/`` but a ``with`` string of
  ``multilingual/``: the benchmarks disagree, so the title stays unless TTL001 is chosen.
  The ``headline`` class gains on ``news/`` only by taking the title and the standfirst
  under it (7 of its 10 lines there); on ``multilingual/`` it names the title, subheadings
  and form messages alike.
- ``<header>`` holds the standfirst as often as the title: 8 ``with`` strings lost.
- Structure that marks navigation (``<nav>``, ARIA roles, microdata) is rare in what
  trafilatura keeps: its own pruning has dropped those elements already. The author
  markup takes 4 lines of 2 pages on ``modern/``: too few to tell anything.
- Captions (a line in a ``<figure>`` or ``<figcaption>``; measured with the pack of
  3732bda, 3 Dec 2026): none on ``news/``, 5 lines of ``modern/`` (F1 +0.0000), and 142
  lines of ``multilingual/`` that cost a ``with`` string: trafilatura leaves the
  captions of article pages out already, and on other pages a figure holds their text.
- Links (measured with the pack of 8185f9a, 4 Dec 2026): a line that is all link text
  (90% of its characters inside ``<a>``, or its element inside one) is 27 lines of
  ``news/`` (+0.0013, 7 pages up and 4 down), 658 of ``modern/`` (-0.0018, 23/60, 2
  ``with`` strings lost) and 404 of ``multilingual/`` (3 lost); half link text does
  worse; such a line in a run of three or more is 6 lines of ``news/`` (+0.0004), 38 of
  ``modern/`` (-0.0000) and 111 of ``multilingual/`` (none lost, 2 ``without``
  removed): too few to pay. What trafilatura keeps that is all link text is mostly the
  article's own lists of links, references and product names: it has pruned the
  link-dense blocks of the page already.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.authoring.evaluate import Page, load_pages, token_f1
from cleaner.io.html import clean_html
from cleaner.io.page import Page as ParsedPage
from cleaner.io.page import class_words

if TYPE_CHECKING:
    from lxml.html import HtmlElement

SETS = ("news", "modern", "multilingual")
HEADINGS = ("h2", "h3", "h4", "h5", "h6")
UP = 4
"""How many ancestors of a line's element a candidate looks at."""


@dataclass
class Kept:
    """A line ``clean_html`` kept, with its element's tag, the tags of its :data:`UP`
    nearest ancestors, the class and id words of the element and its two nearest
    ancestors (as PAG001 reads them), and the ARIA, microdata and ``rel`` attributes of
    all of these (``role=navigation``)."""

    text: str
    tag: str | None
    ancestors: tuple[str, ...]
    words: frozenset[str]
    attributes: frozenset[str]
    links: float
    """The share of the line's characters inside links (``<a>``); 1 if its element is in one."""


def kept_lines(html: str, text: str) -> list[Kept]:
    """The non-blank lines of ``text`` (what ``clean_html`` kept of ``html``) with their
    elements, as the page rules find them (:class:`cleaner.io.page.Page`)."""
    parsed = ParsedPage(html, text)
    out = []
    for line, element in zip(parsed.lines, parsed.elements, strict=True):
        if element is None:
            out.append(Kept(line.content, None, (), frozenset(), frozenset(), 0.0))
            continue
        chain = [element, *list(element.iterancestors())[:UP]]
        out.append(
            Kept(
                line.content,
                element.tag,
                tuple(e.tag for e in chain[1:]),
                frozenset(w for e in chain[:3] for w in class_words(e)),
                frozenset(
                    f"{name}={(e.get(name) or '').lower()}"
                    for e in chain
                    for name in ("role", "itemprop", "rel", "aria-hidden")
                    if e.get(name) is not None
                ),
                _link_share(element, line.content),
            )
        )
    return out


def _link_share(element: HtmlElement, text: str) -> float:
    """The share of ``text``'s characters (spaces aside) that ``element``'s links hold."""
    if element.tag == "a" or any(e.tag == "a" for e in element.iterancestors()):
        return 1.0
    linked = sum(len("".join(a.text_content().split())) for a in element.iter("a"))
    return min(1.0, linked / max(1, len("".join(text.split()))))


def _in_link_run(lines: Sequence[Kept], i: int, least: int = 3, share: float = 0.9) -> bool:
    """Whether line ``i`` is all link text in a run of ``least`` or more such lines."""
    linked = [line.links >= share for line in lines]
    if not linked[i]:
        return False
    start, end = i, i
    while start > 0 and linked[start - 1]:
        start -= 1
    while end + 1 < len(lines) and linked[end + 1]:
        end += 1
    return end - start + 1 >= least


Candidate = Callable[[Sequence[Kept], int], bool]
"""Whether to remove line ``i`` of a page's kept lines."""

CANDIDATES: dict[str, Candidate] = {
    "h1 element": lambda lines, i: lines[i].tag == "h1",
    "h1 after the first line": lambda lines, i: lines[i].tag == "h1" and i > 0,
    "in a <header>": lambda lines, i: "header" in lines[i].ancestors,
    'class word "headline"': lambda lines, i: "headline" in lines[i].words,
    "the <title> element": lambda lines, i: lines[i].tag == "title",
    "h2-h6 as the last line": lambda lines, i: i == len(lines) - 1 and lines[i].tag in HEADINGS,
    "in <nav>": lambda lines, i: "nav" in lines[i].ancestors,
    "in <aside>": lambda lines, i: "aside" in lines[i].ancestors,
    "in <footer>": lambda lines, i: "footer" in lines[i].ancestors,
    "role=navigation/complementary": lambda lines, i: bool(
        lines[i].attributes & {"role=navigation", "role=complementary", "role=contentinfo"}
    ),
    "in <figure> or <figcaption>": lambda lines, i: bool(
        {"figure", "figcaption"} & {lines[i].tag, *lines[i].ancestors}
    ),
    "all link text": lambda lines, i: lines[i].links >= 0.9,
    "link text >= half": lambda lines, i: lines[i].links >= 0.5,
    "in a run of 3+ link lines": _in_link_run,
    "aria-hidden": lambda lines, i: "aria-hidden=true" in lines[i].attributes,
    "rel=author or itemprop=author": lambda lines, i: bool(
        lines[i].attributes & {"rel=author", "itemprop=author"}
    ),
}


@dataclass
class Tally:
    """What one candidate does to one set, against ``clean_html`` alone."""

    lines: int = 0
    f1_change: float = 0.0
    up: int = 0
    down: int = 0
    with_lost: int = 0
    without_removed: int = 0
    pages: int = 0
    truth_pages: int = 0

    def add(self, page: Page, kept: str, rest: str, removed: int) -> None:
        self.pages += 1
        self.truth_pages += bool(page.truth)
        if not removed:
            return
        self.lines += removed
        if page.truth:
            change = token_f1(rest, page.truth) - token_f1(kept, page.truth)
            self.f1_change += change
            self.up += change > 1e-9
            self.down += change < -1e-9
        self.with_lost += sum(s in kept and s not in rest for s in page.keep)
        self.without_removed += sum(s in kept and s not in rest for s in page.drop)

    def row(self) -> str:
        f1 = f"{self.f1_change / self.truth_pages:+.4f} ({self.up}/{self.down})" if self.truth_pages else "-"
        return f"{self.lines:4d} {f1:16s} {self.with_lost} {self.without_removed}"


@dataclass
class Study:
    """The candidates' tallies, by candidate and set."""

    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)

    def add_page(self, name: str, page: Page) -> None:
        html = page.read_html()
        kept = clean_html(html, site=page.site).text
        lines = kept_lines(html, kept)
        kept = "\n".join(line.text for line in lines)  # as ``rest`` is laid out: only removals differ
        for label, candidate in CANDIDATES.items():
            drop = {i for i in range(len(lines)) if candidate(lines, i)}
            rest = "\n".join(line.text for i, line in enumerate(lines) if i not in drop)
            self.tallies.setdefault((label, name), Tally()).add(page, kept, rest, len(drop))

    def table(self, names: Sequence[str]) -> str:
        width = max(map(len, CANDIDATES))
        rows = [
            f"{'candidate':{width}s}  "
            + "  ".join(f"{n}: lines, F1 (up/down), with lost, without" for n in names)
        ]
        for label in CANDIDATES:
            rows.append(
                f"{label:{width}s}  " + "  ".join(f"{n} {self.tallies[label, n].row()}" for n in names)
            )
        return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval", type=Path, help="the folder holding news/, modern/ and multilingual/")
    args = parser.parse_args(argv)
    start, study = time.perf_counter(), Study()
    names = [name for name in SETS if (args.eval / name / "pages.jsonl").exists()]
    for name in names:
        for page in load_pages(args.eval / name):
            study.add_page(name, page)
    print(study.table(names))
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
