"""Start-up time of the ``cleaner`` command, as a pre-commit hook feels it.

Runs each command several times and prints the best and the median wall time:
the bare interpreter, ``cleaner --version``, and cleaning one seed file (to stdout,
and ``--check``). Run it from the repository with the venv's Python:

    python bench/startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timings(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return times


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
    }
    print(f"{'command':32} {'best ms':>8} {'median ms':>10}   ({args.runs} runs)")
    for label, command in commands.items():
        times = timings(command, args.runs)
        print(f"{label:32} {min(times) * 1000:8.0f} {statistics.median(times) * 1000:10.0f}")


if __name__ == "__main__":
    main()
