"""Would hyperscan (vectorscan) scan faster than the google-re2 prefilter? A study (issue 11).

    pip install hyperscan                           # prebuilt wheels; not a dependency
    python bench/hyperscan_study.py ../shared/eval  # about a minute on one core

It compiles the default pack's supersets (:mod:`cleaner.engine.superset`, each anchored at
line starts and ends as the prefilter's scanners anchor them) into one hyperscan database
in multiline mode, so that one pass over a document reports each line a superset matches
(once per line: the match must end at the line's end), and times that pass over the texts
of ``news/`` and ``modern/`` against the shipped prefilter's stage (its scanners, its sets
and the mapping to line numbers) on the same UTF-8 bytes: MB/s of CPU time, the first
pass (google-re2 builds its DFA states as text needs them) and the best of the others.
The hyperscan side does less than the shipped stage: it leaves out the patterns it
rejects and the second patterns of rules that need two, and maps no line numbers.

Verdict: no gain, so the prefilter stays on google-re2. Printed with the pack of 8185f9a,
4 Dec 2026, on the shared 2-core machine at load 0.7::

    rules 48, supersets 50
    hyperscan compiles 43 in 6.8 s into 10.1 MB
    hyperscan rejects 5: ['Pattern is too large.', 'Pattern length exceeds limit.']
    2193 texts, 22.1 MB
    shipped    first pass  24.1 MB/s, best  61.1 MB/s, lines named 5339
    hyperscan  first pass  56.2 MB/s, best  57.9 MB/s, lines named 4688

Hyperscan is warm from its first document and the shipped stage is not, but warm they
scan alike, and hyperscan still needs google-re2 (or the slow path) for the patterns it
rejects: the spelt-out Unicode classes of the supersets make its engines large and slow,
and its database takes 7 s to compile where the shipped scanners and sets take 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from cleaner.engine import prefilter
from cleaner.engine.lines import read_through
from cleaner.engine.triggers import Triggers
from cleaner.pack.rules import default_rules

FLAGS = "HS_FLAG_MULTILINE", "HS_FLAG_UTF8", "HS_FLAG_ALLOWEMPTY"


def texts(folder: Path) -> list[bytes]:
    """The extractor outputs of ``news/`` and ``modern/``, as the prefilter reads them."""
    out = []
    for name in ("news", "modern"):
        with open(folder / name / "docs.jsonl", encoding="utf-8") as lines:
            out.extend(read_through(json.loads(line)["text"]).encode("utf-8") for line in lines)
    return out


def anchored(screen: prefilter.Prefilter) -> tuple[dict[int, tuple[str, ...]], Callable[[str], bytes]]:
    """The supersets of the default pack's rules that ``screen`` holds, by rule index,
    and how a scanner anchors one."""
    rules = default_rules()
    triggers = {index: rules[index].kind.trigger_pattern for index in screen.needed}
    pad = prefilter._pad()
    supersets = {index: found for index, (found, _) in prefilter._facts(triggers).items()}
    return supersets, lambda source: f"^{pad}(?:{source}){pad}$".encode()


def hyperscan_scan(hyperscan, patterns: Sequence[bytes]) -> tuple[Callable[[bytes], int], list[str]]:
    """One database of the ``patterns`` hyperscan takes, as a scan that counts the lines
    named; and why it rejected the others."""
    flags = 0
    for name in FLAGS:
        flags |= getattr(hyperscan, name)
    taken, rejected = [], []
    for pattern in patterns:
        try:
            hyperscan.Database().compile(expressions=[pattern], ids=[0], elements=1, flags=[flags])
            taken.append(pattern)
        except hyperscan.error as exc:
            rejected.append(str(exc))
    start = time.perf_counter()
    database = hyperscan.Database()
    database.compile(
        expressions=taken, ids=list(range(len(taken))), elements=len(taken), flags=[flags] * len(taken)
    )
    size = len(hyperscan.dumpb(database))
    print(f"hyperscan compiles {len(taken)} in {time.perf_counter() - start:.1f} s into {size / 1e6:.1f} MB")
    scratch = hyperscan.Scratch(database)

    def scan(data: bytes) -> int:
        found = []
        database.scan(data, match_event_handler=lambda *match: found.append(match), scratch=scratch)
        return len(found)

    return scan, rejected


def shipped_scan(screen: prefilter.Prefilter) -> Callable[[bytes], int]:
    """The shipped prefilter's stage on a document's bytes, counting the lines named."""

    def scan(data: bytes) -> int:
        found: dict[int, list[int]] = {}
        screen._add(data, 0, found)
        return len(found)

    return scan


def main(argv: Sequence[str] | None = None) -> None:
    import hyperscan  # here: the study needs it, cleaner does not

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval", type=Path, help="the folder holding news/ and modern/")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args(argv)
    screen = Triggers.compile(default_rules()).prefilter
    supersets, anchor = anchored(screen)
    patterns = [anchor(found[0]) for found in supersets.values()]  # the scanners hold a rule's first
    print(f"rules {len(supersets)}, supersets {sum(map(len, supersets.values()))}")
    scans = {"shipped": shipped_scan(screen)}
    scans["hyperscan"], rejected = hyperscan_scan(hyperscan, patterns)
    print(f"hyperscan rejects {len(rejected)}: {sorted(set(rejected))}")
    data = texts(args.eval)
    size = sum(map(len, data))
    print(f"{len(data)} texts, {size / 1e6:.1f} MB")
    for name, scan in scans.items():
        rates, named = [], 0
        for _ in range(args.passes):
            start = time.process_time()
            named = sum(scan(d) for d in data)
            rates.append(size / (time.process_time() - start) / 1e6)
        print(f"{name:10s} first pass {rates[0]:5.1f} MB/s, best {max(rates):5.1f} MB/s, lines named {named}")


if __name__ == "__main__":
    main()
