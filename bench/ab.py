"""Compare this tree's ``clean()`` with another commit's, in one process, taking turns.

    python bench/ab.py a0ff3e3                 # eval texts and a 5 MB bench corpus
    python bench/ab.py a0ff3e3 --passes 8 --mb 5

Paired runs minutes apart vary by ±15% on a shared machine, more than most changes to
the engine; both versions loaded in one process and timed pass for pass, each on the
same texts, vary far less. The other commit's ``cleaner`` package is exported with
``git archive`` into a temporary folder as ``cleaner_<commit>`` (its imports are
relative) and reads this tree's rule pack. Each figure is the best CPU time of the
passes, in µs per document; both versions must give the same ``Result``s.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from run import EVAL, WORK  # noqa: E402

import cleaner  # noqa: E402


def exported(commit: str, into: Path) -> object:
    """The ``cleaner`` package of ``commit``, imported as ``cleaner_<commit>``."""
    name = f"cleaner_{commit}"
    data = subprocess.run(["git", "archive", commit, "cleaner"], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(data.stdout)) as tar:
        tar.extractall(into, filter="data")
    (into / "cleaner").rename(into / name)
    os.symlink(ROOT / "rules", into / name / "rules")
    sys.path.insert(0, str(into))
    return importlib.import_module(name)


def texts_of(mb: float) -> dict[str, list[str]]:
    """The eval sets' news and modern texts, and the bench corpus of ``mb`` MB."""
    sets = [EVAL / name / "docs.jsonl" for name in ("news", "modern")]
    found = {
        "bench corpus": [p.read_text(encoding="utf-8") for p in corpus.build(WORK / f"corpus-{mb:g}", mb)]
    }
    if all(path.exists() for path in sets):
        found["eval texts"] = [
            json.loads(line)["text"]
            for path in sets
            for line in path.read_text(encoding="utf-8").split("\n")
            if line
        ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("commit", help="the commit to compare with (e.g. main, a0ff3e3)")
    parser.add_argument("--passes", type=int, default=6, help="passes over the texts per version (default 6)")
    parser.add_argument("--mb", type=float, default=5, help="size of the bench corpus in MB (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        other = exported(args.commit, Path(folder))
        versions = {args.commit: other, "this tree": cleaner}
        for name, texts in texts_of(args.mb).items():
            rules = {label: module.default_rules() for label, module in versions.items()}
            for label, module in versions.items():  # compile the triggers, warm the DFAs
                for text in texts:
                    module.clean(text, rules=rules[label])
            mine, theirs = (
                [cleaner.clean(t, rules=rules["this tree"]) for t in texts],
                [other.clean(t, rules=rules[args.commit]) for t in texts],
            )
            same = all(
                (a.text, list(map(fields, a.removals))) == (b.text, list(map(fields, b.removals)))
                for a, b in zip(mine, theirs, strict=True)
            )
            best = dict.fromkeys(versions, float("inf"))
            for _ in range(args.passes):
                for label, module in versions.items():
                    clean, chosen = module.clean, rules[label]
                    start = time.process_time()
                    for text in texts:
                        clean(text, rules=chosen)
                    best[label] = min(best[label], time.process_time() - start)
            load = os.getloadavg()[0]
            figures = ", ".join(f"{label} {best[label] / len(texts) * 1e6:.0f} µs" for label in versions)
            ratio = best[args.commit] / best["this tree"]
            print(
                f"{name} ({len(texts)} documents): {figures}; {ratio:.2f}x as fast;"
                f" same results: {same}; load {load:.2f}"
            )


def fields(removal: object) -> tuple:
    """A removal's fields (the two versions' classes differ)."""
    return (removal.rule, removal.start, removal.end, removal.text, removal.line, removal.reason)


if __name__ == "__main__":
    main()
