"""A synthetic corpus of a few sites, each with boilerplate of its own, for --learn-repeats.

Each site has 60 to 200 articles of random sentences (no prose line repeats), its own
boilerplate lines (which the default pack does not know) in most of its articles, and a
quote that three of its articles share, which must stay. Written as folders (one per
site) or as JSON Lines records with URLs::

    python tests/sites_corpus.py corpus/
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

from corpus import article, vocabulary


@dataclass(frozen=True)
class Site:
    host: str
    articles: int
    head: tuple[str, ...]
    """Boilerplate above the article, each line in most articles."""
    tail: tuple[str, ...]
    """Boilerplate below it."""
    quote: str
    """A quotation three of its articles print."""


SITES = (
    Site(
        "harbour-gazette.example",
        60,
        ("Harbour Gazette | Local news since 1911",),
        (
            "Tips for the desk? Write to the editors at desk@harbour-gazette.example",
            "Printed on recycled paper in Portsmouth",
        ),
        "“We will rebuild the pier stone by stone, whatever it costs,” the harbour master said.",
    ),
    Site(
        "www.Nordlicht-Zeitung.example",
        90,
        ("Nordlicht Zeitung – unabhängig seit 1948", "Ausgabe Nord"),
        ("Diesen Artikel haben Leserinnen und Leser der Nordlicht Zeitung ermöglicht.",),
        "„Wir lassen niemanden zurück“, sagte die Bürgermeisterin am Abend.",
    ),
    Site(
        "вести-края.example",
        150,
        ("Вести края · Новости области",),
        ("Редакция Вестей края работает для вас круглосуточно", "Наш адрес: ул. Ленина, 5"),
        "«Мы построим новую школу к сентябрю», — пообещал глава района.",
    ),
)
SHARE = 0.85
"""Each boilerplate line is in about this share of its site's articles."""


@dataclass(frozen=True)
class Document:
    site: Site
    name: str
    text: str


def documents(seed: int = 13) -> list[Document]:
    """Every article of every site, made the same way for the same ``seed``."""
    rng, words = random.Random(seed), vocabulary()
    docs = []
    for site in SITES:
        quoted = set(rng.sample(range(site.articles), 3))
        for n in range(site.articles):
            lines = article(rng, words)
            if n in quoted:
                lines.insert(rng.randint(1, len(lines) - 1), site.quote)
            head = [line for line in site.head if rng.random() < SHARE]
            tail = [line for line in site.tail if rng.random() < SHARE]
            docs.append(Document(site, f"a{n:03d}.txt", "\n\n".join([*head, *lines, *tail]) + "\n"))
    return docs


def write_folders(folder: Path, docs: list[Document]) -> Path:
    """One folder per site (its name is the site), one file per article."""
    for doc in docs:
        path = folder / doc.site.host / doc.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc.text, encoding="utf-8")
    return folder


def write_jsonl(path: Path, docs: list[Document], parts: int = 3) -> Path:
    """The articles as records with a URL each, spread over ``parts`` files, sites mixed."""
    path.mkdir(parents=True, exist_ok=True)
    for part in range(parts):
        with (path / f"part{part}.jsonl").open("w", encoding="utf-8") as f:
            for doc in docs[part::parts]:
                record = {"url": f"https://{doc.site.host}/news/{doc.name[:-4]}", "text": doc.text}
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jsonl", action="store_true", help="write JSON Lines records with URLs instead")
    args = parser.parse_args()
    (write_jsonl if args.jsonl else write_folders)(args.folder, documents())
