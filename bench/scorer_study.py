"""Does a learned line scorer pay on top of the default pack? A study (issue 14, item 4).

    pip install -e '.[bench]'     # numpy trains; jusText's stoplists come with trafilatura
    python bench/scorer_study.py ../shared/eval         # about 2 minutes on one core
    python bench/scorer_study.py ../shared/eval --gbt   # also boosted trees (scikit-learn), ~10 minutes

What it does, on ``news/`` and ``modern/`` (``docs.jsonl``: each extractor's output
with a junk/content label per line; ``pages.jsonl``: each page's site):

1. Baseline: the default pack (:func:`cleaner.clean`) on every document; junk removed
   and content kept (lines and characters) per set and extractor, as ``cleaner eval``.
2. Candidates: the lines the pack keeps that a cheap test has not cleared as prose
   (the line ends a sentence and has at least :data:`PROSE_WORDS` words, or has
   :data:`LONG_CHARS` characters). Only these
   are scored; the rest are kept untouched.
3. Features: :data:`FEATURES`, named functions of the line, its neighbours and the
   document, all language-neutral (stopword density uses jusText's stoplist of the
   language whose stoplist covers most of the document's words; no other word lists),
   plus which rule families' triggers matched the line without their rule removing it.
4. Model: L2 logistic regression fitted by Newton's method in numpy (deterministic),
   on both sets pooled, 5 folds grouped by site (each set's sites dealt into 5 folds).
   Every line is scored by the model of the fold that did not see its site.
5. Threshold: for each held-out fold, the lowest threshold at which the scorer's own
   removals, on the *other* four folds, keep at least ``1 - budget`` of every
   extractor's content lines and characters on both sets; then applied to the held-out
   fold. Reported: held-out junk removed gained, content lost by the scorer, ROC AUC.
6. Cost: the pure-Python inference (the same feature functions and a dot product),
   in µs per scored line and per line of all lines, with the share of lines scored.

Verdict rule (issue 14): it pays only if, on held-out folds of both sets, it adds
≥ +0.03 junk removed on news and on modern while the floors hold (content kept ≥ 0.997
by lines and ≥ 0.999 by characters per extractor) and costs a few µs per line.

Verdict: it does not pay, so cleaner ships no scorer. Figures printed on main at 8414ffb
(35 rules), 2 Dec 2026 (``--gbt``, and ``--prose-words 0`` for the last column)::

    1. the pack alone (equal to `cleaner eval`): junk removed, content kept lines / chars
       news    0.551   0.9969 / 0.9993   below the floor for 5 of 11 extractors
       modern  0.087   0.9961 / 0.9991   below the floor for 6 of 7 extractors
    2. candidates: news 7,096 lines (37% of kept), holding 56% of the kept junk (junk
       share 0.07); modern 60,003 (51%), 78% of the kept junk (junk share 0.17)
    3./4. held-out (5 folds by site) on candidates    LR        GBT     LR, all kept
       ROC AUC                  news                 0.822     0.834     0.790
                                modern               0.735     0.651     0.751
       junk share of the top-25 / top-100 lines:
                                news                 0.92/0.82 0.68/0.66 0.80/0.80
                                modern               0.24/0.41 0.00/0.39 0.52/0.58
       junk removed gained, scorer's content budget 0.003 lines / 0.001 chars per extractor
                                news                 +0.029    +0.018    +0.030
                                modern               +0.004    +0.006    +0.004
       the same, budget 0.0015 / 0.0005 per extractor
                                news                 +0.015    +0.000    +0.006
                                modern               +0.001    +0.000    +0.000
       the same, budget 0.003 / 0.001 over each whole set (the most lenient reading)
                                news                 +0.058    +0.045    +0.063
                                modern               +0.020    +0.026    +0.020
       (at the per-extractor 0.003 budget the held-out worst extractor loses 0.0030 of its
       content lines on news, 0.0014 on modern: thresholds chosen on four folds transfer)
       pack + scorer floors hold for 6/11 extractors on news and 1/7 on modern: the same
       as the pack alone, whose losses already break them
    5. pure-Python inference: 196 µs per scored line, 94 µs per line over all lines
       (48% scored); the per-line measures alone (words, sentence end, stoplist words)
       take 52 µs per line, so even were they free (shared with the engine) the features
       and the dot product would cost 42 µs per line. Strongest weights: position from both edges, word-count bins,
       document length, ending in a colon (content: list intros).

Why: on modern the lines the model is surest of are mostly content (lists, table rows,
subheadings), so no threshold keeps the floor and gains +0.03; on news the gain reaches
+0.03 only by spending the whole content slack the floors leave, which the pack already
spends; and the cost is 20-30 times the per-line budget of the speed goals.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import regex
from justext import get_stoplist, get_stoplists

from cleaner import clean, default_rules
from cleaner.engine.lines import _SENTENCE_END, split_lines, word_count
from cleaner.engine.triggers import Triggers

SETS = ("news", "modern")
FOLDS = 5
SEED = 14
PROSE_WORDS = 10
"""The cheap test: a line that ends a sentence and has this many words is prose, not scored."""
LONG_CHARS = 200
"""The cheap test: a line this long is prose too (0.3% of the kept junk is this long on news, 1% on modern)."""
SHORT_WORDS = 6
"""Lines under this many words count as short (runs of short lines)."""
L2 = 1.0
FLOORS = (0.997, 0.999)
"""Content kept, by lines and by characters, per extractor on both sets (the hard floor)."""
BUDGETS = (
    ("extractor", 0.003, 0.001),
    ("extractor", 0.0015, 0.0005),
    ("extractor", 0.001, 0.0003),
    ("set", 0.003, 0.001),
)
"""Content the scorer alone may lose (share of content lines, of characters), per extractor
of each set: the floors' whole slack if the pack lost nothing, half of it, a third; and,
the most lenient, the whole slack over each set rather than per extractor."""

_PUNCT = regex.compile(r"\p{P}")
_SYMBOL = regex.compile(r"\p{S}")
_SEPARATOR = regex.compile(r"[|•·»«/\\–—>]")
_DIGIT = regex.compile(r"\d")
_UPPER = regex.compile(r"\p{Lu}")
_LETTER = regex.compile(r"\p{L}")
_TITLE_WORD = regex.compile(r"(?<!\w)\p{Lu}")


class Stoplists:
    """jusText's stoplists: which languages each word is a stopword of."""

    def __init__(self) -> None:
        self.languages = sorted(get_stoplists())
        self.lists = [frozenset(w.lower() for w in get_stoplist(language)) for language in self.languages]
        self.of: dict[str, list[int]] = {}
        for k, words in enumerate(self.lists):
            for word in words:
                self.of.setdefault(word, []).append(k)

    def best(self, words: list[str]) -> frozenset[str]:
        """The stoplist that covers most of ``words`` (the document's language, roughly)."""
        counts = Counter(k for w in words[:400] for k in self.of.get(w, ()))
        if not counts:
            return frozenset()
        k = min(counts, key=lambda k: (-counts[k], k))
        return self.lists[k]


@dataclass
class Info:
    """The measures of one non-blank line that features and neighbours read."""

    text: str
    words: int
    sentence: bool
    removed: bool
    tokens: list[str]
    """The lower-cased words split on whitespace, as jusText counts stopwords."""


@dataclass
class Context:
    """One document after the pack: its non-blank lines and what the document says about them."""

    infos: list[Info]
    stop: frozenset[str]
    copies: Counter
    removed_share: float
    weak: list[set[str]]
    """Per non-blank line: families whose trigger matched it while the line stayed."""
    short_run: list[int] = field(default_factory=list)
    distance: list[int] = field(default_factory=list)
    """Per line: lines to the nearest line the pack removed (0 if none was)."""


def _short_runs(infos: list[Info]) -> list[int]:
    """Per line: length of the run of consecutive short lines it sits in (0 if not short)."""
    out, k = [0] * len(infos), 0
    while k < len(infos):
        if infos[k].words >= SHORT_WORDS:
            k += 1
            continue
        end = k
        while end < len(infos) and infos[end].words < SHORT_WORDS:
            end += 1
        out[k:end] = [end - k] * (end - k)
        k = end
    return out


def _share(pattern: regex.Pattern, text: str) -> float:
    return len(pattern.findall(text)) / max(len(text), 1)


def _stop_density(c: Context, k: int) -> float:
    tokens = c.infos[k].tokens
    return sum(t in c.stop for t in tokens) / len(tokens) if tokens else 0.0


def _near(c: Context, k: int, step: int) -> Info | None:
    j = k + step
    return c.infos[j] if 0 <= j < len(c.infos) else None


def _neighbour(step: int, measure: Callable[[Info], float]) -> Callable[[Context, int], float]:
    def feature(c: Context, k: int) -> float:
        info = _near(c, k, step)
        return measure(info) if info is not None else -1.0

    return feature


def _words(info: Info) -> float:
    return math.log1p(info.words)


def _sentence(info: Info) -> float:
    return float(info.sentence)


def _removed(info: Info) -> float:
    return float(info.removed)


def _distances(infos: list[Info]) -> list[int]:
    """Per line: distance in lines to the nearest line the pack removed (0 if none was)."""
    far = len(infos) + 1
    out, last = [far] * len(infos), -far
    for k, info in enumerate(infos):
        last = k if info.removed else last
        out[k] = k - last
    last = 2 * far
    for k in range(len(infos) - 1, -1, -1):
        last = k if infos[k].removed else last
        out[k] = min(out[k], last - k)
    return [0 if d > len(infos) else d for d in out]


def _words_between(low: int, high: int) -> Callable[[Context, int], float]:
    def feature(c: Context, k: int) -> float:
        return float(low <= c.infos[k].words <= high)

    return feature


def _weak(family: str) -> Callable[[Context, int], float]:
    """Whether a trigger of ``family`` matched the line while its rule left the line."""

    def feature(c: Context, k: int) -> float:
        return float(family in c.weak[k])

    return feature


FAMILIES = sorted({rule.family for rule in default_rules()})

FEATURES: list[tuple[str, Callable[[Context, int], float]]] = [
    ("log_chars", lambda c, k: math.log1p(len(c.infos[k].text))),
    ("log_words", lambda c, k: _words(c.infos[k])),
    ("ends_sentence", lambda c, k: _sentence(c.infos[k])),
    (
        "ends_colon",
        lambda c, k: float(c.infos[k].text.endswith((":", "："))),
    ),
    ("ends_ellipsis", lambda c, k: float(c.infos[k].text.endswith(("...", "…")))),
    ("ends_letter", lambda c, k: float(c.infos[k].text[-1].isalnum())),
    ("starts_upper", lambda c, k: float(c.infos[k].text[0].isupper())),
    ("starts_symbol", lambda c, k: float(not c.infos[k].text[0].isalnum())),
    ("punct_share", lambda c, k: _share(_PUNCT, c.infos[k].text)),
    ("symbol_share", lambda c, k: _share(_SYMBOL, c.infos[k].text)),
    ("separators", lambda c, k: math.log1p(len(_SEPARATOR.findall(c.infos[k].text)))),
    ("digit_share", lambda c, k: _share(_DIGIT, c.infos[k].text)),
    (
        "upper_share",
        lambda c, k: len(_UPPER.findall(c.infos[k].text)) / max(len(_LETTER.findall(c.infos[k].text)), 1),
    ),
    ("title_words", lambda c, k: len(_TITLE_WORD.findall(c.infos[k].text)) / max(c.infos[k].words, 1)),
    ("stop_density", _stop_density),
    ("has_stoplist", lambda c, k: float(bool(c.stop))),
    ("pos_top", lambda c, k: k / len(c.infos)),
    ("pos_bottom", lambda c, k: (len(c.infos) - 1 - k) / len(c.infos)),
    ("log_from_top", lambda c, k: math.log1p(k)),
    ("log_from_bottom", lambda c, k: math.log1p(len(c.infos) - 1 - k)),
    ("log_doc_lines", lambda c, k: math.log1p(len(c.infos))),
    ("repeats", lambda c, k: math.log(c.copies[c.infos[k].text])),
    ("short_run", lambda c, k: math.log1p(c.short_run[k])),
    ("doc_removed_share", lambda c, k: c.removed_share),
    ("nearest_removed", lambda c, k: math.log1p(c.distance[k])),
    ("first_line", lambda c, k: float(k == 0)),
    ("last_line", lambda c, k: float(k == len(c.infos) - 1)),
    ("top_3", lambda c, k: float(k < 3)),
    ("bottom_3", lambda c, k: float(len(c.infos) - 1 - k < 3)),
    *((f"words_{lo}_{hi}", _words_between(lo, hi)) for lo, hi in ((1, 1), (2, 3), (4, 6), (7, 12), (13, 25))),
    *((f"words_{s:+d}", _neighbour(s, _words)) for s in (-2, -1, 1, 2)),
    *((f"sentence_{s:+d}", _neighbour(s, _sentence)) for s in (-2, -1, 1, 2)),
    *((f"removed_{s:+d}", _neighbour(s, _removed)) for s in (-2, -1, 1, 2)),
    *((f"weak_{family}", _weak(family)) for family in FAMILIES),
]
"""Named features of non-blank line ``k`` of a document context."""


def prose(info: Info, words: int = PROSE_WORDS) -> bool:
    """The cheap test: kept lines of :data:`LONG_CHARS` characters, or that end a sentence
    and have ``words`` words, are not scored (``words`` 0: only the long lines are cleared)."""
    return len(info.text) >= LONG_CHARS or (bool(words) and info.sentence and info.words >= words)


def context(
    text: str, removed: set[int], weak: dict[int, set[str]], stoplists: Stoplists
) -> tuple[Context, list[int]]:
    """The document's context, and the line index (of ``text.split("\\n")``) of each non-blank line."""
    lines = [line for line in split_lines(text) if line.text]
    infos = [
        Info(
            line.text,
            word_count(line.text),
            bool(_SENTENCE_END.search(line.text)),
            line.index in removed,
            line.text.lower().split(),  # jusText's words: split on whitespace
        )
        for line in lines
    ]
    stop = stoplists.best([t for info in infos for t in info.tokens])
    copies = Counter(info.text for info in infos)
    share = sum(info.removed for info in infos) / max(len(infos), 1)
    c = Context(infos, stop, copies, share, [weak.get(line.index, set()) for line in lines])
    c.short_run, c.distance = _short_runs(infos), _distances(infos)
    return c, [line.index for line in lines]


@dataclass
class Line:
    """One labelled non-blank line after the pack, for the study."""

    set: str
    extractor: str
    site: str
    label: str
    chars: int
    removed: bool
    candidate: bool
    features: list[float] | None


def pack_pass(text: str, rules, triggers: Triggers) -> tuple[set[int], dict[int, set[str]]]:
    """Line indices the pack removes, and per kept line the families whose trigger matched it."""
    lines = split_lines(text)
    starts = [line.start for line in lines]
    removed: set[int] = set()
    for r in clean(text, rules=rules).rule_removals():
        removed.update(range(bisect_left(starts, r.start), bisect_left(starts, r.end)))
    hits = triggers.hits(lines, 1.0)
    view = [line for line in lines if line.text]
    triggers.add_edge_hits(view, set(), hits, 1.0)
    weak: dict[int, set[str]] = {}
    for index, found in hits.items():
        for i in found:
            if i not in removed:
                weak.setdefault(i, set()).add(rules[index].family)
    return removed, weak


def load(root: Path, stoplists: Stoplists, prose_words: int) -> list[Line]:
    """Every labelled non-blank line of both sets, after the pack, with features for candidates."""
    rules = default_rules()
    triggers = Triggers.compile(rules)
    out: list[Line] = []
    for name in SETS:
        folder = root / name
        site = {p["id"]: p["site"] for p in map(json.loads, (folder / "pages.jsonl").open(encoding="utf-8"))}
        for doc in map(json.loads, (folder / "docs.jsonl").open(encoding="utf-8")):
            removed, weak = pack_pass(doc["text"], rules, triggers)
            c, indices = context(doc["text"], removed, weak, stoplists)
            for k, i in enumerate(indices):
                label = doc["labels"][i] if i < len(doc["labels"]) else None
                if label is None:
                    continue
                info = c.infos[k]
                candidate = not info.removed and not prose(info, prose_words)
                features = [f(c, k) for _, f in FEATURES] if candidate else None
                out.append(
                    Line(
                        name,
                        doc["extractor"],
                        site[doc["id"]],
                        label,
                        len(info.text),
                        info.removed,
                        candidate,
                        features,
                    )
                )
    return out


def fold_of(lines: list[Line]) -> dict[tuple[str, str], int]:
    """(set, site) -> fold: each set's sites, shuffled with a fixed seed, dealt round robin."""
    folds: dict[tuple[str, str], int] = {}
    for name in SETS:
        sites = sorted({x.site for x in lines if x.set == name})
        random.Random(SEED).shuffle(sites)
        folds.update({(name, s): k % FOLDS for k, s in enumerate(sites)})
    return folds


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Logistic regression on standardised features (Newton's method): (mean, scale, weights);
    the last weight is the bias."""
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return mean, scale, w


def predict(model: tuple[np.ndarray, np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    mean, scale, w = model
    return 1 / (1 + np.exp(-(((x - mean) / scale) @ w[:-1] + w[-1])))


def auc(y: np.ndarray, p: np.ndarray) -> float:
    """ROC AUC by ranks (ties averaged)."""
    order = np.argsort(p, kind="stable")
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    for value in np.unique(p[np.diff(np.sort(p), prepend=np.nan) == 0]):
        tie = p == value
        ranks[tie] = ranks[tie].mean()
    pos = y == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


@dataclass
class Table:
    """Per (set, extractor) totals after the pack, and the candidate arrays to threshold."""

    groups: list[tuple[str, str]]
    junk: np.ndarray
    content: np.ndarray
    chars: np.ndarray
    junk_gone: np.ndarray
    content_kept: np.ndarray
    chars_kept: np.ndarray


def table(lines: list[Line], groups: list[tuple[str, str]] | None = None) -> Table:
    """Totals of ``lines`` per (set, extractor) group (``groups``: all of theirs, sorted)."""
    groups = groups or sorted({(x.set, x.extractor) for x in lines})
    at = {g: k for k, g in enumerate(groups)}
    t = Table(groups, *(np.zeros(len(groups)) for _ in range(6)))
    for x in lines:
        g = at[x.set, x.extractor]
        if x.label == "junk":
            t.junk[g] += 1
            t.junk_gone[g] += x.removed
        else:
            t.content[g] += 1
            t.chars[g] += x.chars
            t.content_kept[g] += not x.removed
            t.chars_kept[g] += x.chars * (not x.removed)
    return t


def losses(
    t: Table, g: np.ndarray, junk: np.ndarray, chars: np.ndarray, gone: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Per group: junk lines, content lines and content characters the scorer removes."""
    n = len(t.groups)
    return (
        np.bincount(g[gone & junk], minlength=n),
        np.bincount(g[gone & ~junk], minlength=n),
        np.bincount(g[gone & ~junk], weights=chars[gone & ~junk], minlength=n),
    )


def threshold(t: Table, g, junk, chars, p, budget: tuple[str, float, float]) -> float:
    """The lowest score threshold at which the scorer's content loss stays within ``budget``
    (scope, share of content lines, share of content characters): for every group, or
    summed over each set's groups (scope ``"set"``). Above 1 when even the top line breaks it."""
    unit = np.arange(len(t.groups))
    if budget[0] == "set":
        unit = np.array([SETS.index(grp[0]) for grp in t.groups])
    units = unit.max() + 1
    allowed_lines = budget[1] * np.bincount(unit, weights=t.content, minlength=units)
    allowed_chars = budget[2] * np.bincount(unit, weights=t.chars, minlength=units)
    order = np.argsort(-p, kind="stable")
    content = ~junk[order]
    where = np.eye(units, dtype=bool)[unit[g[order]]] & content[:, None]  # line x unit
    lost_lines = np.cumsum(where, axis=0)
    lost_chars = np.cumsum(where * chars[order][:, None], axis=0)
    bad = ((lost_lines > allowed_lines) | (lost_chars > allowed_chars)).any(axis=1)
    safe = int(bad.argmax()) if bad.any() else len(p)  # lines removable before the first breach
    ranked = p[order]
    while 0 < safe < len(p) and ranked[safe] == ranked[safe - 1]:  # a tie across the breach goes whole
        safe -= 1
    return float(ranked[safe - 1]) if safe else 1.0 + 1e-9


def _arrays(cand: list[Line], t: Table) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group index, junk or not, characters: per candidate line."""
    at = {grp: k for k, grp in enumerate(t.groups)}
    return (
        np.array([at[x.set, x.extractor] for x in cand]),
        np.array([x.label == "junk" for x in cand]),
        np.array([x.chars for x in cand], dtype=float),
    )


def oracle(cand, p, t: Table, budget) -> tuple[np.ndarray, ...]:
    """Per group: junk gained, content lines and chars lost at the threshold chosen on the
    held-out scores themselves (an optimistic bound: the threshold has seen the labels)."""
    g, junk, chars = _arrays(cand, t)
    return losses(t, g, junk, chars, p >= threshold(t, g, junk, chars, p, budget))


def held_out(
    lines, folds, cand, p, t: Table, budget
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[float]]:
    """Per group: junk gained, content lines and chars lost, each fold's threshold chosen on the other folds."""
    g, junk, chars = _arrays(cand, t)
    fold = np.array([folds[x.set, x.site] for x in cand])
    gained, lost, lost_chars = (np.zeros(len(t.groups)) for _ in range(3))
    cuts: list[float] = []
    for k in range(FOLDS):
        train = fold != k
        others = table([x for x in lines if folds[x.set, x.site] != k], t.groups)  # the budget's base there
        cut = threshold(others, g[train], junk[train], chars[train], p[train], budget)
        cuts.append(float(cut))
        test = ~train
        a, b, c = losses(t, g[test], junk[test], chars[test], p[test] >= cut)
        gained += a
        lost += b
        lost_chars += c
    return gained, lost, lost_chars, cuts


def inference_cost(
    root: Path, stoplists: Stoplists, model, prose_words: int, docs: int = 300
) -> tuple[float, ...]:
    """(µs per scored line, µs per line over all lines, share of non-blank lines scored,
    µs per line of the document context alone), pure Python: the context, the cheap test,
    the features and a dot product."""
    mean, scale, w = (m.tolist() for m in model)
    coef = [wi / si for wi, si in zip(w[:-1], scale, strict=True)]
    bias = w[-1] - sum(ci * mi for ci, mi in zip(coef, mean, strict=True))
    rules = default_rules()
    triggers = Triggers.compile(rules)
    prepared = []
    for name in SETS:
        with (root / name / "docs.jsonl").open(encoding="utf-8") as f:
            for line in list(f)[: docs // len(SETS)]:
                text = json.loads(line)["text"]
                prepared.append((text, *pack_pass(text, rules, triggers)))
    start = time.process_time()
    for text, removed, weak in prepared:
        context(text, removed, weak, stoplists)
    measures = time.process_time() - start
    total = scored = 0
    start = time.process_time()
    for text, removed, weak in prepared:
        c, _ = context(text, removed, weak, stoplists)
        for k, info in enumerate(c.infos):
            total += 1
            if info.removed or prose(info, prose_words):
                continue
            scored += 1
            z = bias + sum(ci * f(c, k) for ci, (_, f) in zip(coef, FEATURES, strict=True))
            _ = 1 / (1 + math.exp(-z))
    seconds = time.process_time() - start
    return (
        seconds / max(scored, 1) * 1e6,
        seconds / max(total, 1) * 1e6,
        scored / max(total, 1),
        measures / max(total, 1) * 1e6,
    )


def _floors_hold(t: Table, k: int, lost: np.ndarray, lost_chars: np.ndarray) -> bool:
    """Whether group ``k`` keeps the floors after the pack and the scorer."""
    lines = (t.content_kept[k] - lost[k]) / t.content[k]
    return bool(lines >= FLOORS[0] and (t.chars_kept[k] - lost_chars[k]) / t.chars[k] >= FLOORS[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the folder holding news/ and modern/ (../shared/eval)")
    parser.add_argument(
        "--gbt", action="store_true", help="also score with gradient-boosted trees (needs scikit-learn)"
    )
    parser.add_argument(
        "--prose-words",
        type=int,
        default=PROSE_WORDS,
        help="the cheap test's words (0: score every kept line)",
    )
    args = parser.parse_args(argv)
    stoplists = Stoplists()
    lines = load(args.root, stoplists, args.prose_words)
    folds = fold_of(lines)
    t = table(lines)

    print("1. the default pack (line figures by index)")
    print(f"   {'set':7} {'extractor':19} {'junk_removed':>12} {'content_kept':>12} {'chars_kept':>10}")
    for k, (name, extractor) in enumerate(t.groups):
        jr, ck, cc = (
            t.junk_gone[k] / t.junk[k],
            t.content_kept[k] / t.content[k],
            t.chars_kept[k] / t.chars[k],
        )
        flag = "" if ck >= FLOORS[0] and cc >= FLOORS[1] else "  below the floor"
        print(f"   {name:7} {extractor:19} {jr:12.3f} {ck:12.4f} {cc:10.4f}{flag}")
    for name in SETS:
        rows = [k for k, g in enumerate(t.groups) if g[0] == name]
        print(
            f"   {name:7} {'overall':19} {t.junk_gone[rows].sum() / t.junk[rows].sum():12.3f}"
            f" {t.content_kept[rows].sum() / t.content[rows].sum():12.4f} {t.chars_kept[rows].sum() / t.chars[rows].sum():10.4f}"
        )

    cand = [x for x in lines if x.candidate]
    kept = [x for x in lines if not x.removed]
    print(
        f"\n2. candidates (kept by the pack, not prose: ends a sentence with >= {args.prose_words} words, or >= {LONG_CHARS} chars)"
    )
    for name in SETS:
        k_junk = sum(x.label == "junk" for x in kept if x.set == name)
        c_junk = sum(x.label == "junk" for x in cand if x.set == name)
        n_kept = sum(x.set == name for x in kept)
        n_cand = sum(x.set == name for x in cand)
        print(
            f"   {name:7} kept {n_kept:6} lines, {k_junk:5} junk; candidates {n_cand:6} ({n_cand / n_kept:.0%}),"
            f" holding {c_junk / max(k_junk, 1):.0%} of the kept junk; candidates junk share {c_junk / n_cand:.2f}"
        )

    x = np.array([c.features for c in cand])
    y = np.array([c.label == "junk" for c in cand], dtype=float)
    fold = np.array([folds[c.set, c.site] for c in cand])
    sets = np.array([c.set for c in cand])
    models = {"logistic regression": lambda a, b, c: predict(fit(a, b), c)}
    if args.gbt:
        models["gradient-boosted trees"] = _gbt
    for title, model in models.items():
        p = np.zeros(len(cand))
        for k in range(FOLDS):
            p[fold == k] = model(x[fold != k], y[fold != k], x[fold == k])
        print(
            f"\n3. {title}, {len(FEATURES)} features, 5 folds grouped by site: held-out figures on candidates"
        )
        for name in SETS:
            ps, ys = p[sets == name], y[sets == name]
            top = np.argsort(-ps, kind="stable")
            precision = " ".join(f"{n}: {ys[top[:n]].mean():.2f}" for n in (25, 100, 400) if n <= len(ys))
            print(f"   {name:7} ROC AUC {auc(ys, ps):.3f}; junk share among the top-scored lines {precision}")
        _report_gains(lines, folds, cand, p, t)

    model = fit(x, y)
    costs = inference_cost(args.root, stoplists, model, args.prose_words)
    print(
        "\n5. pure-Python inference (logistic regression): {:.1f} µs per scored line, {:.1f} µs per line over all"
        " lines, {:.0%} of lines scored; of which the per-line measures every line needs: {:.1f} µs per line".format(
            *costs
        )
    )
    names = [n for n, _ in FEATURES]
    strongest = sorted(zip(model[2][:-1], names, strict=True), key=lambda z: -abs(z[0]))[:10]
    print(
        "   strongest standardised weights (+ means junk): "
        + ", ".join(f"{n} {w:+.2f}" for w, n in strongest)
    )
    return 0


def _gbt(x: np.ndarray, y: np.ndarray, test: np.ndarray) -> np.ndarray:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return (
        HistGradientBoostingClassifier(max_iter=200, learning_rate=0.1, random_state=SEED)
        .fit(x, y)
        .predict_proba(test)[:, 1]
    )


def _report_gains(lines: list[Line], folds, cand: list[Line], p: np.ndarray, t: Table) -> None:
    print(
        "   held-out junk removed gained (threshold per fold chosen on the other folds;"
        " in brackets: one threshold chosen on all held-out scores, which has seen their labels)"
    )
    for budget in BUDGETS:
        gained, lost, lost_chars, cuts = held_out(lines, folds, cand, p, t, budget)
        bound = oracle(cand, p, t, budget)
        print(
            f"     scorer's own content budget per {budget[0]}: {budget[1]:.4f} of lines, {budget[2]:.4f} of chars; thresholds {[round(c, 3) for c in cuts]}"
        )
        for name in SETS:
            rows = [k for k, g in enumerate(t.groups) if g[0] == name]
            junk = t.junk[rows].sum()
            print(
                f"       {name:7} junk +{gained[rows].sum() / junk:.3f} [+{bound[0][rows].sum() / junk:.3f}]"
                f" ({gained[rows].sum():.0f} junk, {lost[rows].sum():.0f} content lines);"
                f" worst extractor loses {max(lost[k] / t.content[k] for k in rows):.4f} of content lines,"
                f" {max(lost_chars[k] / t.chars[k] for k in rows):.4f} of chars;"
                f" pack+scorer floors hold for {sum(_floors_hold(t, k, lost, lost_chars) for k in rows)}/{len(rows)} extractors"
            )


if __name__ == "__main__":
    sys.exit(main())
