"""Benchmark cleaner against the floor and two peers on a generated corpus.

    python bench/run.py                 # full run: about 50 MB corpus in /tmp, a few minutes
    python bench/run.py --mb 5 --runs 3 # quicker

Needs the bench extra (``pip install -e '.[bench]'``) for the peers: trafilatura's text
utilities (``trafilatura.utils.sanitize``, line by line) and datatrove's
``C4QualityFilter`` (its line filter; ``min_num_sentences=-1`` because counting
sentences needs spaCy). Every throughput is the minimum, the median and the first of
``--runs`` runs over the same files, read from disk each time, and is also given as a
ratio to the floor (read + decode + split into lines) and to each peer measured in the
same run (the best against the best). The first run is cleaner's slowest: google-re2
builds its DFA's states as new text needs them, and later runs over the same text find
them built (docs/engine.md).
Not part of the test suite: speed goals live here, never in timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
import startup as launch  # noqa: E402

import cleaner  # noqa: E402

WORK = Path(tempfile.gettempdir()) / "cleaner-bench"
CLI = str(Path(sys.executable).with_name("cleaner"))


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """(min, median, first) seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times), times[0]


def over_files(files: list[Path], step: Callable[[str], object]) -> Callable[[], None]:
    def run() -> None:
        for path in files:
            step(path.read_bytes().decode("utf-8"))

    return run


def over_texts(texts: list[bytes], step: Callable[[str], object]) -> Callable[[], None]:
    def run() -> None:
        for data in texts:
            step(data.decode("utf-8"))

    return run


def peers() -> dict[str, Callable[[str], object]]:
    """The floor and the peers, each a function of one document's text."""
    out: dict[str, Callable[[str], object]] = {"floor (read+decode+splitlines)": str.splitlines}
    try:
        from trafilatura.utils import sanitize

        out["trafilatura sanitize"] = sanitize
    except ImportError:
        print("  (trafilatura missing: peer skipped)")
    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter

        c4 = C4QualityFilter(min_num_sentences=-1)
        out["datatrove C4QualityFilter"] = lambda text: c4.filter(Document(text=text, id="0"))
    except ImportError:
        print("  (datatrove missing: peer skipped; pip install -e '.[bench]')")
    return out


def report(
    name: str, seconds: tuple[float, float, float], size: int, docs: int, base: dict[str, float]
) -> float:
    mbs = size / 1e6 / seconds[0]
    ratios = "  ".join(f"{mbs / b:5.2f}x {k.split()[0]}" for k, b in base.items()) if base else ""
    print(
        f"  {name:34} {mbs:8.1f} MB/s (median {size / 1e6 / seconds[1]:7.1f}, first {size / 1e6 / seconds[2]:7.1f})"
        f" {docs / seconds[0]:9.0f} docs/s   {ratios}"
    )
    return mbs


def throughput(files: list[Path], runs: int) -> None:
    size, docs = sum(p.stat().st_size for p in files), len(files)
    print(f"\n## Single-core throughput, {docs} files, {size / 1e6:.1f} MB (ratios: cleaner / baseline)")
    compare(lambda step: over_files(files, step), size, docs, runs)


def compare(
    over: Callable[[Callable[[str], object]], Callable[[], None]], size: int, docs: int, runs: int
) -> None:
    """Time the floor, the peers and cleaner on the same documents, run by ``over``."""
    base: dict[str, float] = {}
    for name, step in peers().items():
        base[name] = report(name, timed(over(step), runs), size, docs, {})
    rules = cleaner.default_rules()
    cleaner.clean("warm-up\n" * 3000, rules=rules)  # compile the triggers before timing
    report(
        "cleaner.clean, default rules",
        timed(over(lambda t: cleaner.clean(t, rules=rules)), runs),
        size,
        docs,
        base,
    )


EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def real_output(runs: int) -> None:
    """The same table on real extractor output: the texts of the eval sets' news and
    modern documents (``../shared/eval``, or ``$CLEANER_EVAL``)."""
    folder = Path(os.environ.get("CLEANER_EVAL", EVAL))
    sets = [folder / name / "docs.jsonl" for name in ("news", "modern")]
    if not all(path.exists() for path in sets):
        print(f"\n## Real extractor output: skipped ({folder} has no news/modern docs.jsonl)")
        return
    texts = [
        json.loads(line)["text"].encode("utf-8")
        for path in sets
        for line in path.read_text(encoding="utf-8").split("\n")
        if line
    ]
    size = sum(map(len, texts))
    print(f"\n## Single-core throughput on real extractor output, {len(texts)} texts, {size / 1e6:.1f} MB")
    compare(lambda step: over_texts(texts, step), size, len(texts), runs)


def cli(folder: Path, runs: int) -> None:
    files = list(folder.rglob("*.txt"))
    size = sum(p.stat().st_size for p in files)
    print(f"\n## CLI on the folder ({size / 1e6:.1f} MB), wall time")
    help_text = subprocess.run([CLI, "clean", "--help"], capture_output=True, text=True).stdout
    variants = [["--jobs", "1"], ["--jobs", "2"]] if "--jobs" in help_text else [[]]
    if not variants[0]:
        print("  (cleaner clean has no --jobs yet: one run without it; jobs figures skipped)")
    out = WORK / "cli-out"
    seconds = {}
    for extra in variants:
        cmd = [CLI, "clean", str(folder), "--out", str(out), *extra]
        seconds[" ".join(extra)] = timed(lambda cmd=cmd: run_cli(cmd), runs)
        report(f"cleaner clean {' '.join(extra)}".strip(), seconds[" ".join(extra)], size, len(files), {})
    shutil.rmtree(out, ignore_errors=True)
    if len(seconds) == 2:
        print(f"  --jobs 2 speed-up over --jobs 1: {seconds['--jobs 1'][0] / seconds['--jobs 2'][0]:.2f}x")


def run_cli(cmd: list[str]) -> None:
    """Run a ``cleaner clean`` command. Exit 2 is fine when no file failed: the generated
    corpus has a few texts the over-removal guard holds back, as a real corpus would."""
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 2) or ", 0 failed" not in done.stderr:
        raise SystemExit(f"{' '.join(cmd)} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")


def startup(runs: int) -> None:
    """Wall time of starting the command, as bench/startup.py measures it: one untimed run
    first, and the modules byte-compiled (an inherited PYTHONDONTWRITEBYTECODE would time
    compiling the package's source on every run, which no installed user sees)."""
    print("\n## Start-up, wall time (min / median of runs)")
    one = WORK / "one.txt"
    one.write_text(corpus.SEEDS[1].read_text(encoding="utf-8"), encoding="utf-8")
    floor = None
    for name, cmd in [
        ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
        ("cleaner --version", [CLI, "--version"]),
        ("cleaner clean one.txt", [CLI, "clean", str(one)]),
    ]:
        wall, _ = launch.timings(cmd, runs)
        best = min(wall)
        ratio = f"   {best / floor:5.2f}x floor" if floor else ""
        floor = floor or best
        print(f"  {name:34} {best * 1e3:7.1f} ms / {statistics.median(wall) * 1e3:7.1f} ms{ratio}")


MEMORY = """
import resource, sys
from pathlib import Path
import cleaner
rules = cleaner.default_rules()
for p in sys.argv[2:]:
    paths = sorted(Path(p).rglob("*.txt")) if Path(p).is_dir() else [Path(p)]
    for path in paths:
        text = path.read_bytes().decode("utf-8")
        {step}
try:  # this process's own peak: Linux carries ru_maxrss over from the parent across exec
    status = Path("/proc/self/status").read_text()
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kb(step: str, *paths: Path) -> int:
    code = MEMORY.replace("{step}", step)
    run = subprocess.run([sys.executable, "-c", code, "x", *map(str, paths)], capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"memory probe failed: {run.stderr.strip()}")
    return int(run.stdout)


def cli_peak_kb(*args: str) -> int:
    """Peak RSS of one ``cleaner`` command (in a process of its own, whose children are it alone)."""
    probe = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
    probe += "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    run = subprocess.run([sys.executable, "-c", probe, CLI, *args], capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"memory probe failed: {run.stderr.strip()}")
    return int(run.stdout)


def memory(files: list[Path], folder: Path) -> None:
    print("\n## Memory peak (max RSS of a fresh process)")
    clean_step = "cleaner.clean(text, rules=rules).text"  # the clean text, as a caller reads it
    quarter = WORK / "quarter"
    if not quarter.exists():
        quarter.mkdir()
        for i, p in enumerate(files[: len(files) // 4]):
            os.link(p, quarter / f"{i:06d}.txt")
    for name, target in [("a quarter of the folder", quarter), ("the whole folder", folder)]:
        floor, used = peak_kb("text.splitlines()", target), peak_kb(clean_step, target)
        print(
            f"  {name:34} floor {floor / 1024:6.1f} MB   cleaner {used / 1024:6.1f} MB   {used / floor:4.2f}x floor"
        )
    big = WORK / "big.txt"
    if not big.exists():
        big.write_text(corpus.big_text(100_000_000), encoding="utf-8")
    size = big.stat().st_size
    floor, used, idle = peak_kb("text.splitlines()", big), peak_kb(clean_step, big), peak_kb("pass")
    small = files[0]
    out = WORK / "memory-out"
    shutil.rmtree(out, ignore_errors=True)
    command = ["clean", "--quiet", "--jobs", "1", "--max-size", str(2 * size / 1e6), "--out", str(out)]
    cli_idle, cli_used = cli_peak_kb(*command, str(small)), cli_peak_kb(*command, str(big))
    shutil.rmtree(out, ignore_errors=True)
    print(f"  one {size / 1e6:.0f} MB file:")
    for name, peak, base in [
        ("clean(text).text", used, idle),
        ("cleaner clean FILE --out DIR", cli_used, cli_idle),
    ]:
        print(
            f"    {name:32} {peak / 1024:6.1f} MB ({peak / floor:4.2f}x the floor's {floor / 1024:.1f} MB);"
            f" above an idle process: {(peak - base) * 1024 / size:4.1f}x the file size"
        )


def rule_pack(n: int) -> cleaner.RuleSet:
    """``n`` generated rules of every kind, each with its own wording."""
    folder = WORK / f"rules-{n}"
    folder.mkdir(parents=True, exist_ok=True)
    kinds = [
        ("line", "pattern = '''(?:sponsored|promoted) (?:link|content) {w}\\b.*'''"),
        ("line", "pattern = '''{w}\\s*[:：]\\s*\\S.{{0,40}}'''\nscope = 'tail'"),
        ("block", "start = '''{w} (?:offer|deal) (?:ends|expires) .*'''\nmax_words = 30"),
        ("list", "header = '''(?:more|latest) from {w}\\s*:?'''"),
        ("repeated", "pattern = '''.{{10,}} /{w}'''"),
    ]
    body = []
    for i in range(n):
        kind, keys = kinds[i % len(kinds)]
        word = f"w{i:04d}x"
        body.append(
            f"[[rules]]\nid = 'GEN{i:04d}'\nname = 'generated-{i}'\nkind = '{kind}'\n"
            f"description = 'Generated rule {i} for the rule-count benchmark.'\n{keys.format(w=word)}\n"
            f"[rules.examples]\nremove = ['x']\nkeep = ['y']\n"
        )
    (folder / "generated.toml").write_text("\n".join(body), encoding="utf-8")
    return cleaner.load_rules(folder, defaults=False)


def scaling(files: list[Path], runs: int) -> None:
    sample = files[:500]
    texts = [p.read_text(encoding="utf-8") for p in sample]
    size = sum(map(len, texts))
    print(f"\n## Cost per document as the rule count grows ({len(texts)} docs, {size / 1e6:.1f} MB)")
    first = None
    for n in (10, 100, 1000):
        rules = rule_pack(n)
        t = timed(lambda rules=rules: [cleaner.clean(x, rules=rules) for x in texts], runs)[0]
        first = first or t
        print(f"  {n:5} rules   {t / len(texts) * 1e6:9.1f} µs/doc   {t / first:5.2f}x the 10-rule cost")
    print("\n## Cost as document size grows (default rules)")
    first = None
    for size in (1_000, 10_000, 100_000, 1_000_000, 10_000_000):
        text = corpus.big_text(size, seed=size)
        reps = max(1, 1_000_000 // size)
        t = timed(lambda text=text, reps=reps: [cleaner.clean(text) for _ in range(reps)], runs)[0] / reps
        per_mb = t / (len(text) / 1e6)
        first = first or per_mb
        print(
            f"  {size / 1e3:8.0f} KB   {t * 1e3:9.2f} ms/doc   {per_mb * 1e3:7.1f} ms/MB   {per_mb / first:5.2f}x the 1 KB cost per MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50, help="corpus size in MB (default 50)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement (default 5)")
    parser.add_argument(
        "--only", nargs="*", default=["throughput", "real", "cli", "startup", "memory", "scaling"]
    )
    args = parser.parse_args()
    folder = WORK / f"corpus-{args.mb:g}"
    files = corpus.build(folder, args.mb)
    print(f"# cleaner {cleaner.__version__}, Python {sys.version.split()[0]}, corpus {folder}")
    for name in args.only:
        {"throughput": lambda: throughput(files, args.runs), "real": lambda: real_output(args.runs),
         "cli": lambda: cli(folder, args.runs),
         "startup": lambda: startup(max(args.runs, 10)), "memory": lambda: memory(files, folder),
         "scaling": lambda: scaling(files, args.runs)}[name]()  # fmt: skip


if __name__ == "__main__":
    main()
