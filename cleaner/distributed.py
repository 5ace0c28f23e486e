"""Cleaning a corpus on a Dask cluster, with the output and counts of a local run.

Needs the ``dask`` extra (``pip install 'cleaner[dask]'``). Two entry points:

- :func:`clean_bag` cleans a ``dask.bag.Bag`` of texts into a bag of
  :class:`~cleaner.Result` (same order), for pipelines that already hold a bag;
- :func:`clean_files` cleans the text, HTML or JSON Lines files a glob names (local
  paths, or any URL fsspec reads: ``s3://…``), writes each cleaned file under ``out``
  with the same relative path, and returns the merged :class:`Totals`.

Each file goes through the code of a local run (:func:`cleaner.batch.clean_bytes`,
:func:`cleaner.batch.clean_jsonl`), over-removal guard included, so a cleaned file is
byte for byte what ``cleaner clean SOURCE --out OUT`` writes on one machine, and the
counts are the same :class:`cleaner.stats.Stats`. The rules are loaded here and sent to
the cluster once, as one shared piece of data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import PurePosixPath
from typing import Any

from .batch import Options, clean_bytes, clean_jsonl, count_documents, finish
from .engine import DEFAULT_TIMEOUT, Result, clean
from .files import InputError, read_lines, read_stream
from .outcome import CHANGED, FAILED, UNCHANGED, Doc, Outcome
from .repeats import Counts
from .rules import RuleSet, default_rules
from .sites import folder_site
from .stats import Stats, count_rules

FILES_PER_TASK = 32
"""Files cleaned by one Dask task: enough to outweigh the scheduling cost of a task."""


@dataclass
class Totals:
    """What a distributed run did: the counts of a local run, and its messages in file
    order (why a file failed or was left alone, rules skipped).

    >>> totals = Totals(Stats.of(Outcome("a.txt", "failed", error="a.txt: no such file")), ["a.txt: no such file"])
    >>> totals += Totals(Stats.of(Outcome("b.txt", "unchanged")))
    >>> totals.stats.files, totals.messages
    (2, ['a.txt: no such file'])
    """

    stats: Stats = field(default_factory=Stats)
    messages: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, outcome: Outcome) -> Totals:
        return cls(Stats.of(outcome), [*outcome.warnings, *([outcome.error] if outcome.error else [])])

    def __iadd__(self, other: Totals) -> Totals:
        self.stats += other.stats
        self.messages += other.messages
        return self


def _sum(parts: Iterable[Any], start: Callable[[], Any]) -> Any:
    """The sum (``+=``) of ``parts``: :class:`Totals` or :class:`~cleaner.stats.Stats`."""
    total = start()
    for part in parts:
        total += part
    return total


def clean_bag(texts: Any, rules: RuleSet | None = None, timeout: float = DEFAULT_TIMEOUT) -> Any:
    """Clean every text of a Dask bag; a lazy bag of :class:`~cleaner.Result`, in order.

    The rules travel to the cluster once, as one shared piece of data. Compute the bag
    for the results, or pass it to :func:`stats` for the merged counts.
    """
    from dask import delayed

    shared = delayed(default_rules() if rules is None else rules, traverse=False)
    return texts.map_partitions(_clean_texts, shared, timeout)


def _clean_texts(texts: Iterable[str], rules: RuleSet, timeout: float) -> list[Result]:
    return [clean(text, rules=rules, timeout=timeout) for text in texts]


def _text_stats(results: Iterable[Result]) -> Stats:
    """The counts of cleaned texts, each counted as a file of its UTF-8 bytes."""
    total = Stats()
    for result in results:
        size = len(result.text.encode())
        removed = sum(len(r.text.encode()) for r in result.removals)
        total += Stats.of(
            Outcome(
                "",
                CHANGED if result.changed else UNCHANGED,
                counts=count_rules([Doc.of(result)]),
                bytes_in=size - len(result.appended) + removed,
                bytes_out=size,
            )
        )
    return total


def stats(results: Any) -> Stats:
    """The merged counts of a bag of :class:`~cleaner.Result` (computes the bag); each
    text counts as one file."""
    return results.reduction(_text_stats, partial(_sum, start=Stats)).compute()


def _clean_files(paths: list[str], fs: Any, root: str, out: str, rules: RuleSet, options: Options) -> Totals:
    """Clean some files of the glob, writing each under ``out``; their merged totals."""
    total = Totals()
    for path in paths:
        name, relative = _names(path, fs, root)
        target = f"{out.rstrip('/')}/{relative}"
        site = folder_site(PurePosixPath(relative), options.folders)
        try:
            with fs.open(path, "rb") as f:
                if options.reads_jsonl(name):
                    written: list[bytes] = []
                    outcome = clean_jsonl(
                        read_lines(f, name, options.max_bytes), written.append, name, rules, options, site
                    )
                    cleaned = b"".join(written)
                else:
                    is_html = options.reads_html(name)
                    data = read_stream(f, name, options.max_bytes)
                    cleaned, outcome = clean_bytes(data, name, rules, options, is_html, site)
                    if is_html:  # the extracted text goes to NAME.txt, as in a local run
                        folder, _, file = target.rpartition("/")
                        target = f"{folder}/{PurePosixPath(file).with_suffix('.txt')}"
            fs_out, target = _filesystem(target)
            fs_out.makedirs(fs_out._parent(target), exist_ok=True)
            with fs_out.open(target, "wb") as f:
                f.write(cleaned)
            outcome = replace(outcome, output=target)
        except InputError as exc:
            outcome = Outcome(name, FAILED, error=str(exc))
        except OSError as exc:
            outcome = Outcome(name, FAILED, error=f"{name}: {exc.strerror or exc}")
        except Exception as exc:  # a bug must not stop the other files; it names the file instead
            outcome = Outcome(name, FAILED, error=f"{name}: internal error, please report: {exc!r}")
        total += Totals.of(finish(outcome, replace(options, keep_removals=False)))
    return total


def _filesystem(url: str) -> tuple[Any, str]:
    from fsspec.core import url_to_fs

    return url_to_fs(url)


def clean_files(
    pattern: str,
    out: str,
    *,
    rules: RuleSet | None = None,
    options: Options | None = None,
    scheduler: str | None = None,
) -> Totals:
    """Clean the files ``pattern`` matches on a Dask cluster, writing them under ``out``.

    ``pattern`` is a glob (``corpus/**/*.txt``, ``s3://bucket/news/*.jsonl``); each file
    goes to ``out`` + its path below the glob's fixed leading folder. ``options`` are
    those of a local run (:class:`cleaner.batch.Options`; None: the defaults): with
    ``field`` set every file is JSON Lines and that field of each record is cleaned;
    ``max_share`` and ``force`` hold back what the rules would gut. ``scheduler`` is the
    address of a running scheduler (``tcp://host:8786``); without it the current Dask
    client or scheduler runs the work. A file that cannot be read or decoded fails alone, with its message
    in :attr:`Totals.messages`.
    """
    from dask import delayed

    options = Options() if options is None else options
    found = _files(pattern)
    if found is None:
        return Totals()
    fs, root, bag = found
    shared = delayed(default_rules() if rules is None else rules, traverse=False)
    shared_options = delayed(options, traverse=False)  # learned lines can be many: sent once too
    add = partial(_sum, start=Totals)
    return _compute(
        bag.map(_clean_files, fs, root, out, shared, shared_options).reduction(add, add), scheduler
    )


def _files(pattern: str) -> tuple[Any, str, Any] | None:
    """The filesystem of the files ``pattern`` matches, its fixed leading folder, and a
    bag of the files in lists of :data:`FILES_PER_TASK`; None when it matches no file."""
    import dask.bag as db

    fs, root = _filesystem(_fixed_prefix(pattern))
    files = [p for p in sorted(fs.glob(fs._strip_protocol(pattern))) if fs.isfile(p)]
    if not files:
        return None
    chunks = [files[i : i + FILES_PER_TASK] for i in range(0, len(files), FILES_PER_TASK)]
    return fs, root.rstrip("/"), db.from_sequence(chunks, npartitions=None)


def _compute(total: Any, scheduler: str | None) -> Any:
    """Compute a Dask result on the scheduler at ``scheduler`` (None: the current one)."""
    if scheduler is None:
        return total.compute()
    from distributed import Client

    with Client(scheduler) as client:
        return client.compute(total).result()


def count_files(pattern: str, *, options: Options | None = None, scheduler: str | None = None) -> Counts:
    """Pass 1 of ``--learn-repeats`` on the cluster: the line counts of the documents of
    the files ``pattern`` matches, per site (as :func:`cleaner.batch.count_files` counts
    them locally). Learn from them (:meth:`cleaner.repeats.Learned.learn`) and pass the
    result as ``options.learned`` to :func:`clean_files`."""
    options = Options() if options is None else options
    found = _files(pattern)
    if found is None:
        return Counts()
    fs, root, bag = found
    add = partial(_sum, start=Counts)
    return _compute(bag.map(_count_files, fs, root, options).reduction(add, add), scheduler)


def _count_files(paths: list[str], fs: Any, root: str, options: Options) -> Counts:
    """The line counts of some files' documents; a file that cannot be read counts nothing."""
    total = Counts()
    for path in paths:
        name, relative = _names(path, fs, root)
        site = folder_site(PurePosixPath(relative), options.folders)
        total += count_documents(partial(fs.open, path, "rb"), name, options, site)
    return total


def _names(path: str, fs: Any, root: str) -> tuple[str, str]:
    """A file's name in messages (local: a plain path; else its URL) and its path below ``root``."""
    name = path if "file" in fs.protocol else fs.unstrip_protocol(path)
    return name, path[len(root) :].lstrip("/")


def _fixed_prefix(pattern: str) -> str:
    """The folder part of a glob before its first wildcard.

    >>> _fixed_prefix("corpus/2024/**/*.txt"), _fixed_prefix("s3://b/news/*.jsonl")
    ('corpus/2024', 's3://b/news')
    """
    head = pattern
    for i, char in enumerate(pattern):
        if char in "*?[":
            head = pattern[:i]
            break
    return head.rsplit("/", 1)[0] if "/" in head else "."
