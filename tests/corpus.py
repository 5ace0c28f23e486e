"""A synthetic corpus for mining: the seed articles plus generated ones with site boilerplate.

Generated articles are made of random sentences over the seeds' vocabulary, so no
article line repeats; a footer and a newsletter prompt repeat in most of them, as a
site's boilerplate does. Run it to make a folder to try ``cleaner mine`` on::

    python tests/corpus.py corpus/ --docs 200
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOOTER = "© {year} The Harbour Gazette. All rights reserved."
NEWSLETTER = "Get the Morning Briefing in your inbox every weekday — sign up for free."


def vocabulary() -> list[str]:
    words = re.findall(
        r"[A-Za-z]{3,}", " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt"))
    )
    return sorted(set(w.lower() for w in words))


def article(rng: random.Random, words: list[str]) -> list[str]:
    def sentence() -> str:
        text = " ".join(rng.choices(words, k=rng.randint(10, 22)))
        return text[0].upper() + text[1:] + "."

    title = " ".join(rng.choices(words, k=rng.randint(5, 9))).title()
    paragraphs = [" ".join(sentence() for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(4, 9))]
    return [title, *paragraphs]


def make_corpus(
    folder: Path, docs: int = 200, seed: int = 5, footer: float = 0.85, newsletter: float = 0.7
) -> Path:
    """Write the seeds and ``docs`` generated articles into ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(path, folder / path.name)
    rng, words = random.Random(seed), vocabulary()
    for n in range(docs):
        lines = article(rng, words)
        if rng.random() < newsletter:
            lines.insert(len(lines) - rng.randint(0, 1), NEWSLETTER)
        if rng.random() < footer:
            lines.append(FOOTER.format(year=rng.randint(2019, 2025)))
        (folder / f"gen_{n:04d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--docs", type=int, default=200)
    args = parser.parse_args()
    print(make_corpus(args.folder, args.docs))
