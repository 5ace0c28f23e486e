"""Compare this tree's ``clean()`` with another commit's, in one process, taking turns.

    python bench/ab.py a0ff3e3                 # eval texts and a 5 MB bench corpus
    python bench/ab.py a0ff3e3 --passes 8 --mb 5
    python bench/ab.py HEAD --pack             # this tree's rule pack against HEAD's

Paired runs minutes apart vary by ±15% on a shared machine, more than most changes to
the engine; both versions loaded in one process and timed pass for pass, each on the
same texts, vary far less. The other commit's ``cleaner`` package is exported with
``git archive`` into a temporary folder as ``cleaner_<commit>`` (its imports are
relative) and reads this tree's rule pack. Each figure is the best CPU time of the
passes, in µs per document; both versions must give the same ``Result``s. With
``--pack`` the engine is this tree's for both, and the rule packs differ: the commit's
``rules/`` against this tree's (a rule whose trigger begins freely can cost the
prefilter a tenth of its speed; see docs/engine.md); it says how many documents come
out otherwise.
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


def exported(commit: str, into: Path, folder: str = "cleaner") -> Path:
    """``folder`` of ``commit``, exported into ``into``."""
    data = subprocess.run(["git", "archive", commit, folder], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(data.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / folder


def engine_of(commit: str, into: Path) -> object:
    """The ``cleaner`` package of ``commit``, imported as ``cleaner_<commit>`` (reading
    this tree's rule pack)."""
    name = f"cleaner_{commit}"
    exported(commit, into).rename(into / name)
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
    parser.add_argument("--pack", action="store_true", help="compare the rule packs, on this tree's engine")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.pack:
            theirs = cleaner.load_rules(exported(args.commit, Path(folder), "rules"), defaults=False)
            versions = {args.commit: (cleaner, theirs), "this tree": (cleaner, cleaner.default_rules())}
        else:
            other = engine_of(args.commit, Path(folder))
            versions = {
                args.commit: (other, other.default_rules()),
                "this tree": (cleaner, cleaner.default_rules()),
            }
        for name, texts in texts_of(args.mb).items():
            results = {}
            for label, (module, rules) in versions.items():  # compile the triggers, warm the DFAs
                results[label] = [module.clean(text, rules=rules) for text in texts]
            differ = sum(
                (a.text, list(map(fields, a.removals))) != (b.text, list(map(fields, b.removals)))
                for a, b in zip(*results.values(), strict=True)
            )
            best = dict.fromkeys(versions, float("inf"))
            for _ in range(args.passes):
                for label, (module, rules) in versions.items():
                    clean = module.clean
                    start = time.process_time()
                    for text in texts:
                        clean(text, rules=rules)
                    best[label] = min(best[label], time.process_time() - start)
            load = os.getloadavg()[0]
            figures = ", ".join(f"{label} {best[label] / len(texts) * 1e6:.0f} µs" for label in versions)
            ratio = best[args.commit] / best["this tree"]
            print(
                f"{name} ({len(texts)} documents): {figures}; {ratio:.2f}x as fast;"
                f" same results: {not differ}{f' ({differ} differ)' if differ else ''}; load {load:.2f}"
            )


def fields(removal: object) -> tuple:
    """A removal's fields (the two versions' classes differ)."""
    return (removal.rule, removal.start, removal.end, removal.text, removal.line, removal.reason)


if __name__ == "__main__":
    main()
