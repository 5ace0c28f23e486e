"""Batch throughput: clean a synthetic folder of articles with 1 and 2 jobs and a report.

The folder (default 10,000 files under /tmp) is built from the seed articles, each with
a random tenth of its lines dropped, so it carries the seeds' junk (source lines,
captions printed twice, "Read more" lists, paywalls) in varied amounts. Run with the
venv's Python from the repository:

    python bench/batch.py [--files 10000] [--jobs 1 2] [--runs 3] [--folder /tmp/cleaner-bench]

The job counts take turns, ``--runs`` rounds of them, so a load that comes and goes
weighs on each alike; every figure is the minimum and median of its runs, and each
count's speed-up is given against the first. Every run's outputs and report (its
output paths aside) must be byte for byte those of the first run: a mismatch is printed.

Each round also runs the machine's ceiling for two jobs: two ``--jobs 1`` processes at
once, each on half of the subfolders. They share nothing, so their speed-up over one
``--jobs 1`` run is what two processes get from this machine's two cores (caches,
memory bandwidth, other tenants), and ``--jobs 2`` is given as a share of it too: the
median over rounds of its speed against the ceiling's in the same round.

Each run writes into a new output folder, and all of them are deleted only at the end;
the input folder is built once and reused while the seeds and ``--files`` stay the same.
On ext4 without a journal (as here) a new file skips every inode freed in the last
minute or more, one by one, so creating 10,000 files right after deleting 10,000 costs
seconds of kernel time that has nothing to do with cleaning. Wait a few minutes between
two benchmarks, or pass ``--folder`` on a tmpfs (/dev/shm) to leave the disk out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(folder: Path, count: int, seed: int = 4) -> int:
    """Write ``count`` articles into ``folder`` (100 per subfolder); return their total bytes.

    Each is one seed article with about a tenth of its lines dropped at random. A folder
    built before from the same seeds and count is reused as it is.
    """
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    key = hashlib.sha256(f"{count} {seed}".encode() + b"".join(p.read_bytes() for p in seeds)).hexdigest()
    stamp = folder / ".built"
    if stamp.exists() and stamp.read_text().split()[0] == key:
        return int(stamp.read_text().split()[1])
    rng = random.Random(seed)
    lines = [p.read_text(encoding="utf-8").splitlines(keepends=True) for p in seeds]
    shutil.rmtree(folder, ignore_errors=True)
    total = 0
    for i in range(count):
        text = "".join(line for line in rng.choice(lines) if rng.random() > 0.1)
        path = folder / f"{i // 100:03}" / f"{i:05}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    stamp.write_text(f"{key} {total}\n")
    return total


def digest(out: Path, report: Path) -> str:
    """A fingerprint of the output tree (paths and bytes) and the report (``out`` left out)."""
    h = hashlib.sha256()
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(out)).encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(report.read_bytes().replace(str(out).encode(), b"OUT"))
    return h.hexdigest()


def command(sources: list[Path], out: Path, jobs: int) -> list[str]:
    """``cleaner clean`` of ``sources`` into ``out`` with ``jobs`` processes and a report next to ``out``."""
    cleaner = str(Path(sys.executable).parent / "cleaner")
    report = out.with_suffix(".jsonl")
    return [
        cleaner,
        "clean",
        *map(str, sources),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--report",
        str(report),
    ]


def timed(commands: list[list[str]]) -> tuple[float, tuple[float, float], list[int]]:
    """Run ``commands`` at once: (wall s until the last ends, (user, system) CPU s of all, exit codes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    runs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in commands]
    codes = [run.wait() for run in runs]
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime), codes


def run_once(source: Path, out: Path, jobs: int) -> tuple[float, tuple[float, float], int, list[str], str]:
    """Clean ``source`` into ``out`` with ``jobs`` processes and a report next to ``out``:
    (wall s, (user, system) CPU s, exit code, report lines, digest)."""
    seconds, cpu, (code,) = timed([command([source], out, jobs)])
    report = out.with_suffix(".jsonl")
    lines = report.read_text(encoding="utf-8").splitlines()
    return seconds, cpu, code, lines, digest(out, report)


def run_halves(source: Path, out: Path) -> tuple[float, tuple[float, float], list[int], int]:
    """Two ``--jobs 1`` runs at once, each on half of ``source``'s subfolders:
    (wall s, CPU s, exit codes, report lines of both)."""
    folders = sorted(p for p in source.iterdir() if p.is_dir())
    halves = [folders[: len(folders) // 2], folders[len(folders) // 2 :]]
    outs = [out.with_name(f"{out.name}-{half}") for half in "ab"]
    seconds, cpu, codes = timed([command(part, o, 1) for part, o in zip(halves, outs, strict=True)])
    lines = sum(len(o.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()) for o in outs)
    return seconds, cpu, codes, lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=3, help="rounds over the job counts")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/cleaner-bench"))
    args = parser.parse_args(argv)
    source = args.folder / "in"
    size = build(source, args.files)
    print(f"{args.files:,} files, {size / 1e6:.1f} MB in {source}; {args.runs} rounds")
    times: dict[int, list[float]] = {jobs: [] for jobs in args.jobs}
    ceiling: list[float] = []  # two --jobs 1 runs at once, a half each
    first = None
    runs = args.folder / "runs"
    shutil.rmtree(runs, ignore_errors=True)  # left by an interrupted benchmark
    runs.mkdir()
    for round_ in range(args.runs):
        for jobs in args.jobs:
            load = os.getloadavg()[0]  # other work on the machine skews a run: say how much
            out = runs / f"out-{round_ + 1}-jobs-{jobs}"
            seconds, cpu, code, lines, fingerprint = run_once(source, out, jobs)
            times[jobs].append(seconds)
            changed = sum(json.loads(line)["status"] == "changed" for line in lines)
            first = first or fingerprint
            same = "same output" if fingerprint == first else "OUTPUT OR REPORT DIFFERS from the first run"
            print(
                f"  round {round_ + 1} --jobs {jobs}: {seconds:.2f} s, {args.files / seconds:,.0f} files/s"
                f" ({cpu[0]:.1f} s user + {cpu[1]:.1f} s system CPU; exit {code}, {len(lines):,} report lines, {changed:,} changed; {same};"
                f" load before {load:.1f})"
            )
        load = os.getloadavg()[0]
        seconds, cpu, codes, count = run_halves(source, runs / f"out-{round_ + 1}-halves")
        ceiling.append(seconds)
        print(
            f"  round {round_ + 1} two --jobs 1 at once, a half each: {seconds:.2f} s"
            f" ({cpu[0]:.1f} s user + {cpu[1]:.1f} s system CPU; exit {codes}, {count:,} report lines;"
            f" load before {load:.1f})"
        )
    shutil.rmtree(runs)
    base = args.jobs[0]
    for name, walls in [*((f"--jobs {jobs}", walls) for jobs, walls in times.items()), ("ceiling", ceiling)]:
        low, mid = min(walls), statistics.median(walls)
        rounds = (
            [c / w for c, w in zip(ceiling, times.get(2, []), strict=False)] if name == "--jobs 2" else []
        )
        share = (
            f"; {statistics.median(rounds):.0%} of the ceiling's speed (median of rounds)" if rounds else ""
        )
        print(
            f"{name}: min {low:.2f} s ({args.files / low:,.0f} files/s, {size / 1e6 / low:.2f} MB/s),"
            f" median {mid:.2f} s ({args.files / mid:,.0f} files/s);"
            f" {min(times[base]) / low:.2f}x (median {statistics.median(times[base]) / mid:.2f}x) --jobs {base}{share}"
        )


if __name__ == "__main__":
    main()
