"""Batch throughput: clean a synthetic folder of articles with 1 and 2 jobs and a report.

The folder (default 10,000 files under /tmp) is built from the seed articles, each with
a random tenth of its lines dropped, so it carries the seeds' junk (source lines,
captions printed twice, "Read more" lists, paywalls) in varied amounts. Run with the
venv's Python from the repository:

    python bench/batch.py [--files 10000] [--jobs 1 2] [--folder /tmp/cleaner-bench]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(folder: Path, count: int, seed: int = 4) -> int:
    """Write ``count`` articles into ``folder`` (100 per subfolder); return their total bytes.

    Each is one seed article with about a tenth of its lines dropped at random.
    """
    rng = random.Random(seed)
    seeds = [
        p.read_text(encoding="utf-8").splitlines(keepends=True)
        for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    shutil.rmtree(folder, ignore_errors=True)
    total = 0
    for i in range(count):
        text = "".join(line for line in rng.choice(seeds) if rng.random() > 0.1)
        path = folder / f"{i // 100:03}" / f"{i:05}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--folder", type=Path, default=Path("/tmp/cleaner-bench"))
    args = parser.parse_args(argv)
    source = args.folder / "in"
    size = build(source, args.files)
    print(f"{args.files:,} files, {size / 1e6:.1f} MB in {source}")
    cleaner = str(Path(sys.executable).parent / "cleaner")
    for jobs in args.jobs:
        out, report = args.folder / f"out-{jobs}", args.folder / f"report-{jobs}.jsonl"
        shutil.rmtree(out, ignore_errors=True)
        command = [
            cleaner,
            "clean",
            str(source),
            "--out",
            str(out),
            "--jobs",
            str(jobs),
            "--report",
            str(report),
        ]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        lines = report.read_text(encoding="utf-8").splitlines()
        changed = sum(json.loads(line)["status"] == "changed" for line in lines)
        print(
            f"--jobs {jobs}: {seconds:.1f} s, {args.files / seconds:,.0f} files/s, {size / 1e6 / seconds:.2f} MB/s"
            f" ({cpu:.1f} s CPU; exit {run.returncode}, {len(lines):,} report lines, {changed:,} changed)"
        )


if __name__ == "__main__":
    main()
