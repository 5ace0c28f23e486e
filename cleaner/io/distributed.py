"""Cleaning a corpus on a Dask cluster, with the output and counts of a local run.

Needs the ``dask`` extra (``pip install 'cleaner[dask]'``). Two entry points:

- :func:`clean_bag` cleans a ``dask.bag.Bag`` of texts into a bag of
  :class:`~cleaner.Result` (same order), for pipelines that already hold a bag;
- :func:`clean_files` cleans the text, HTML or JSON Lines files of a folder or a glob
  (local paths, or any URL fsspec reads: ``s3://…``), writes each cleaned file under
  ``out`` with the same relative path, and returns the merged :class:`Totals`;
  :func:`plan_sources` and :func:`clean_tasks` are its two steps, for a caller that
  wants each file's :class:`~cleaner.io.outcome.Outcome` as it comes (``cleaner
  distributed`` does); :func:`count_tasks` is pass 1 of ``--learn-repeats``.

Each file is cleaned by the function of a local run, :func:`cleaner.io.batch.clean_file`,
over-removal guard and error messages included, so a cleaned file is byte for byte what
``cleaner clean SOURCE --out OUT`` writes on one machine, and the counts are the same
:class:`cleaner.io.stats.Stats`. The rules are loaded here and sent to the cluster once, as
one shared piece of data, and so are the options (with the lines ``--learn-repeats``
learned, which can be many).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from ..engine.apply import DEFAULT_TIMEOUT, Result, clean
from ..pack.repeats import Counts
from ..pack.rules import RuleSet, default_rules
from ..pack.sites import folder_site
from .batch import Options, Task, clean_file, count_file, path_below, plan
from .files import is_url
from .outcome import CHANGED, UNCHANGED, Doc, Outcome
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
    """The sum (``+=``) of ``parts``: :class:`Totals`, :class:`~cleaner.io.stats.Stats` or
    :class:`~cleaner.pack.repeats.Counts`."""
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


def plan_sources(
    sources: Iterable[str], out: str, glob: str = "*.txt", folders: Sequence[tuple[str, str]] = ()
) -> list[Task]:
    """The tasks for a distributed run, each writing below ``out`` (a folder or a URL).

    A local folder is walked as ``cleaner clean`` walks it (:func:`cleaner.io.batch.plan`:
    the same files, an unreadable folder or an output folder inside it failing as a
    task); any other source is a glob or URL (``s3://bucket/news/*.jsonl``) that fsspec
    lists, each match written at its path below the glob's fixed leading folder. A
    file's site is that of its path below the folder or the glob's fixed leading folder
    (``folders``: see :func:`cleaner.pack.sites.folder_site`).
    """
    tasks: list[Task] = []
    for source in sources:
        if not is_url(source) and Path(source).is_dir():
            tasks += plan([source], glob, out=out, folders=folders)
        else:
            tasks += _globbed(source, out, folders)
    return tasks


def _globbed(pattern: str, out: str, folders: Sequence[tuple[str, str]] = ()) -> list[Task]:
    """The tasks for the files a glob or URL names (a broken symlink too: it fails, named)."""
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(_fixed_prefix(pattern))
    root = root.rstrip("/")
    local = "file" in fs.protocol
    tasks = []
    for path in sorted(fs.glob(fs._strip_protocol(pattern))):
        if not fs.isdir(path):
            name = path if local else fs.unstrip_protocol(path)
            relative = PurePosixPath(path[len(root) :].lstrip("/"))
            tasks.append(Task(name, path_below(out, relative), site=folder_site(relative, folders)))
    return tasks


def clean_tasks(
    tasks: Sequence[Task],
    *,
    rules: RuleSet | None = None,
    options: Options | None = None,
    scheduler: str | None = None,
) -> Iterator[Outcome]:
    """Clean the tasks on a Dask cluster, :data:`FILES_PER_TASK` per Dask task, each file
    by :func:`cleaner.io.batch.clean_file` as in a local run; their outcomes, in task order,
    as the work is done (without removals, which stay on the workers).

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without
    it the current Dask client runs the work, or, if there is none, a cluster of local
    processes started for this run.
    """
    options = replace(Options() if options is None else options, keep_removals=False)
    rules = default_rules() if rules is None else rules
    for outcomes in _in_chunks(_clean_chunk, tasks, scheduler, rules, options):
        yield from outcomes


def _clean_chunk(tasks: Sequence[Task], rules: RuleSet, options: Options) -> list[Outcome]:
    return [clean_file(task, rules, options) for task in tasks]


def count_tasks(
    tasks: Sequence[Task], *, options: Options | None = None, scheduler: str | None = None
) -> Counts:
    """Pass 1 of ``--learn-repeats`` on a Dask cluster: the line counts of the tasks'
    documents per site, as :func:`cleaner.io.batch.count_files` counts them locally. Learn
    from them (:meth:`cleaner.pack.repeats.Learned.learn`) and pass the result as
    ``options.learned`` to :func:`clean_tasks`. See :func:`clean_tasks` for ``scheduler``."""
    options = Options() if options is None else options
    return _sum(_in_chunks(_count_chunk, tasks, scheduler, options), Counts)


def _count_chunk(tasks: Sequence[Task], options: Options) -> Counts:
    return _sum((count_file(task, options) for task in tasks), Counts)


def _in_chunks(
    work: Callable[..., Any], tasks: Sequence[Task], scheduler: str | None, *shared: Any
) -> Iterator[Any]:
    """``work(chunk, *shared)`` on the cluster for each :data:`FILES_PER_TASK` tasks; the
    results in task order, as they are done. Each of ``shared`` travels once."""
    from dask import delayed

    sent = [delayed(value, traverse=False) for value in shared]
    chunks = [
        delayed(work)(tasks[i : i + FILES_PER_TASK], *sent) for i in range(0, len(tasks), FILES_PER_TASK)
    ]
    if not chunks:
        return
    with _client(scheduler) as client:
        for future in client.compute(chunks):  # one graph: what is shared travels once
            yield future.result()


@contextlib.contextmanager
def _client(scheduler: str | None) -> Iterator[Any]:
    """A Dask client: of ``scheduler``, else the current one, else of a local cluster."""
    from distributed import Client, LocalCluster, get_client

    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    try:
        yield get_client()
        return
    except ValueError:  # no current client
        pass
    with LocalCluster(threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def clean_files(
    source: str,
    out: str,
    *,
    glob: str = "*.txt",
    rules: RuleSet | None = None,
    options: Options | None = None,
    scheduler: str | None = None,
) -> Totals:
    """Clean the files of ``source`` on a Dask cluster, writing them under ``out``; the
    merged :class:`Totals`.

    ``source`` is a local folder (searched for ``glob`` as ``cleaner clean`` searches
    it) or a glob (``corpus/**/*.txt``, ``s3://bucket/news/*.jsonl``); see
    :func:`plan_sources`. ``options`` are those of a local run
    (:class:`cleaner.io.batch.Options`; None: the defaults): with ``field`` set every file
    is JSON Lines and that field of each record is cleaned; ``max_share`` and ``force``
    hold back what the rules would gut. A file that cannot be read or decoded fails
    alone, with its message in :attr:`Totals.messages`. See :func:`clean_tasks` for
    ``scheduler``.
    """
    options = Options() if options is None else options
    tasks = plan_sources([source], out, glob, options.folders)
    outcomes = clean_tasks(tasks, rules=rules, options=options, scheduler=scheduler)
    return _sum(map(Totals.of, outcomes), Totals)


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
