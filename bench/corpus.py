"""A reproducible benchmark corpus: the seed articles plus generated articles with junk.

Generated articles mix English, Russian and Chinese prose (sentences drawn from the
seeds and from small word lists), and carry the junk real extractor output carries, each
with some probability: an agency name on the first lines, photo captions printed twice,
"Read more:" lists, a source line, a syndication disclaimer, a paywall block to the end,
a stray counter on the last line; plus CRLF line ends, NBSP and trailing spaces, a BOM.
The same ``seed`` always gives the same bytes.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

WORDS = {
    "en": (
        "government minister talks summit president officials said week market prices "
        "economy growth report city council residents police court judge trial election "
        "voters campaign company shares investors bank rates inflation data study "
        "researchers university climate energy water border trade agreement health "
        "hospital patients school teachers students weather storm flights airport"
    ).split(),
    "ru": (
        "правительство министр переговоры президент заявил неделе рынок цены экономика "
        "рост доклад город совет жители полиция суд выборы компания акции банк ставка "
        "инфляция исследование университет климат энергия граница торговля соглашение"
    ).split(),
    "zh": list(
        "政府部长会谈总统官员表示市场价格经济增长报告城市警方法院选举公司股票银行利率研究大学气候能源贸易协议"
    ),
}
AGENCIES = ["CGTN", "Reuters", "AFP", "Xinhua", "BBC News", "ТАСС", "Bloomberg"]
CREDITS = [" /AP", " /Reuters Photo", " (Getty Images)", " Photo: Xinhua", " Фото: ТАСС"]
RELATED = ["Read more:", "Related", "You may also like:", "Читайте также:", "相关新闻"]
DISCLAIMERS = [
    "Disclaimer: No Business Standard Journalist was involved in creation of this content",
    "(This story has not been edited by NDTV staff and is auto-generated from a syndicated feed.)",
]
PAYWALLS = [
    "You’ve reached your limit of 5 free articles this month.",
    "Subscribe to continue reading",
    "This article is only available to subscribers.",
]
OFFER = ["Already a subscriber? Log in", "Smart Quarterly", "₹900", "3 Months", "Ad-free Reading"]
SEED_SENTENCES = [
    s
    for path in SEEDS
    for s in re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8"))
    if len(s.split()) > 8 and s.endswith(".")
]


def sentence(rng: random.Random, lang: str) -> str:
    if lang == "en" and rng.random() < 0.5:
        return rng.choice(SEED_SENTENCES).strip()
    words = rng.choices(WORDS[lang], k=rng.randint(8, 28))
    if lang == "zh":
        return "".join(words) + "。"
    return " ".join(words).capitalize() + "."


def headline(rng: random.Random, lang: str) -> str:
    return sentence(rng, lang).rstrip(".。")[:70].strip()


def article(rng: random.Random, size: int) -> str:
    """One article of about ``size`` characters with junk lines around and inside it."""
    lang = rng.choices(["en", "ru", "zh"], weights=[8, 1, 1])[0]
    lines = [headline(rng, lang)]
    if rng.random() < 0.3:
        lines.append(rng.choice(AGENCIES))
    body: list[str] = []
    while sum(map(len, body)) < size:
        body.append(" ".join(sentence(rng, lang) for _ in range(rng.randint(2, 6))))
        if rng.random() < 0.05:
            caption = sentence(rng, lang).rstrip(".。") + rng.choice(CREDITS)
            body += [caption, "", caption]
        if rng.random() < 0.04:
            body += [rng.choice(RELATED), ""] + [headline(rng, lang) for _ in range(rng.randint(1, 4))]
        body.append("")
    lines += body
    if rng.random() < 0.1:
        lines.append("Source: " + rng.choice(AGENCIES))
    if rng.random() < 0.1:
        lines.append(rng.choice(DISCLAIMERS))
    if rng.random() < 0.15:
        lines += [rng.choice(PAYWALLS)] + rng.sample(OFFER, rng.randint(1, len(OFFER)))
    if rng.random() < 0.1:
        lines.append(f"{rng.randint(1, 9999)}km")
    lines = [line + rng.choice(["", "", "", " ", "\u00a0"]) for line in lines]
    newline = "\r\n" if rng.random() < 0.1 else "\n"
    text = newline.join(lines) + newline
    return ("\ufeff" + text) if rng.random() < 0.02 else text


def build(folder: Path, megabytes: float = 50, seed: int = 6) -> list[Path]:
    """Write the corpus into ``folder`` (reused when already complete); return its files."""
    marker = folder / f".complete-{megabytes}-{seed}"
    if marker.exists():
        return sorted(folder.rglob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    total, n = 0, 0
    for path in SEEDS:
        (folder / path.name).write_bytes(path.read_bytes())
        total += path.stat().st_size
    while total < megabytes * 1e6:
        size = int(min(60_000, rng.lognormvariate(8.3, 0.6)))  # median about 4 KB
        data = article(rng, size).encode("utf-8")
        sub = folder / f"{n // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{n:06d}.txt").write_bytes(data)
        total, n = total + len(data), n + 1
    marker.touch()
    return sorted(folder.rglob("*.txt"))


def big_text(size: int, seed: int = 7) -> str:
    """One document of about ``size`` characters: articles run together."""
    rng = random.Random(seed)
    parts, total = [], 0
    while total < size:
        parts.append(article(rng, min(size - total, 8000)))
        total += len(parts[-1])
    return "".join(parts)
