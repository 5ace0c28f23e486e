"""Start-up time of the ``cleaner`` command, as a pre-commit hook feels it.

Runs each command several times and prints the best and the median wall time, and the
median CPU time (user + system; steadier than wall time on a busy machine):
the bare interpreter, ``cleaner --version``, and cleaning one seed file (to stdout,
``--check``, and with ``--no-cache``: compiling the rules, as the first run does).

Each command runs once untimed first, so that, as for a hook that has run before, the
modules are byte-compiled and the rule cache is filled (``PYTHONDONTWRITEBYTECODE`` is
left out of the commands' environment). Run it from the repository with the venv's Python:

    python bench/startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timings(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each run of ``command`` (after one untimed run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": False, "env": env}
    subprocess.run(command, **quiet)
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, **quiet)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    cleaner = str(Path(sys.executable).parent / "cleaner")
    seed = str(sorted((ROOT / "seeds").glob("*.txt"))[1])
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "cleaner --version": [cleaner, "--version"],
        "cleaner clean one.txt": [cleaner, "clean", seed],
        "cleaner clean --check one.txt": [cleaner, "clean", "--check", seed],
        "cleaner --no-cache clean one.txt": [cleaner, "--no-cache", "clean", seed],
    }
    print(f"{'command':32} {'best ms':>8} {'median ms':>10} {'cpu ms':>7}   ({args.runs} runs)")
    for label, command in commands.items():
        wall, cpu = timings(command, args.runs)
        print(
            f"{label:32} {min(wall) * 1000:8.0f} {statistics.median(wall) * 1000:10.0f}"
            f" {statistics.median(cpu) * 1000:7.0f}"
        )


if __name__ == "__main__":
    main()
