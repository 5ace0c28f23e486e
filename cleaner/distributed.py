"""Cleaning a corpus on a Dask cluster, with the output and counts of a local run.

Needs the ``dask`` extra (``pip install 'cleaner[dask]'``). Two entry points:

- :func:`clean_bag` cleans a ``dask.bag.Bag`` of texts into a bag of
  :class:`~cleaner.Result` (same order), for pipelines that already hold a bag;
- :func:`clean_files` cleans the text or JSON Lines files a glob names (local paths,
  or any URL fsspec reads: ``s3://…``), writes each cleaned file under ``out`` with the
  same relative path, and returns the merged :class:`Stats`.

The rules are loaded here and sent to the cluster once, as one shared piece of data;
each worker compiles their combined patterns once. A cleaned file is byte for byte what
``cleaner clean SOURCE --out OUT`` writes on one machine.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .engine import DEFAULT_TIMEOUT, Result, clean
from .files import InputError, decode_document
from .jsonl import clean_records
from .rules import RuleSet, default_rules
from .stats import RuleCount

FILES_PER_TASK = 32
"""Files cleaned by one Dask task: enough to outweigh the scheduling cost of a task."""


@dataclass
class Stats:
    """Counts over a run; ``merge`` adds another run's (a worker's) counts to these.

    >>> stats = Stats.of(clean("CGTN\\nTalks.\\n"))
    >>> stats.docs, stats.changed, stats.rules
    (1, 1, {'SRC001': RuleCount(docs=1, removals=1, lines=1, chars=5)})
    """

    files: int = 0
    docs: int = 0
    changed: int = 0
    """Documents changed (a JSON Lines file holds many documents)."""
    failed: list[str] = field(default_factory=list)
    chars_in: int = 0
    chars_removed: int = 0
    rules: dict[str, RuleCount] = field(default_factory=dict)

    @classmethod
    def of(cls, result: Result) -> Stats:
        """The counts of one cleaned document."""
        removed = sum(len(r.text) for r in result.removals)
        stats = cls(docs=1, changed=int(result.changed), chars_removed=removed)
        stats.chars_in = len(result.text) - len(result.appended) + removed
        for r in result.rule_removals():
            count = stats.rules.setdefault(r.rule, RuleCount(docs=1))
            count.removals += 1
            count.lines += r.text.count("\n") + (not r.text.endswith("\n"))
            count.chars += len(r.text)
        return stats

    def merge(self, other: Stats) -> Stats:
        self.files += other.files
        self.docs += other.docs
        self.changed += other.changed
        self.failed += other.failed
        self.chars_in += other.chars_in
        self.chars_removed += other.chars_removed
        for rule, count in other.rules.items():
            mine = self.rules.setdefault(rule, RuleCount())
            mine += count
        return self

    def summary(self) -> list[str]:
        """Closing lines of a run: totals, then one line per rule, most removals first.

        >>> Stats(2, 2, 1, [], 900, 40, {"SRC001": RuleCount(1, 1, 1, 5)}).summary()
        ['2 files, 2 documents: 1 changed, 0 failed; 40 of 900 characters removed', '  SRC001  1 removals in 1 documents (1 lines, 5 characters)']
        """
        lines = [
            f"{self.files} files, {self.docs} documents: {self.changed} changed, {len(self.failed)} failed;"
            f" {self.chars_removed} of {self.chars_in} characters removed"
        ]
        for rule, c in sorted(self.rules.items(), key=lambda item: (-item[1].removals, item[0])):
            lines.append(
                f"  {rule}  {c.removals} removals in {c.docs} documents ({c.lines} lines, {c.chars} characters)"
            )
        return lines

    def to_json(self) -> dict[str, Any]:
        """The counts as plain JSON data, rules sorted by id."""
        data = {k: v for k, v in vars(self).items() if k != "rules"}
        data["rules"] = {rule: vars(self.rules[rule]) for rule in sorted(self.rules)}
        return data


def _merge_all(parts: Iterable[Stats]) -> Stats:
    total = Stats()
    for part in parts:
        total.merge(part)
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


def stats(results: Any) -> Stats:
    """The merged counts of a bag of :class:`~cleaner.Result` (computes the bag)."""
    return results.reduction(lambda part: _merge_all(map(Stats.of, part)), _merge_all).compute()


def _clean_jsonl(data: bytes, name: str, key: str, rules: RuleSet, timeout: float) -> tuple[bytes, Stats]:
    """Clean the ``key`` field of each JSON Lines record exactly as ``cleaner clean --field`` does."""
    out: list[bytes] = []
    counts = Stats()

    def clean_text(text: str) -> tuple[Result, None]:
        result = clean(text, rules=rules, timeout=timeout)
        counts.merge(Stats.of(result))
        return result, None

    done = clean_records(io.BytesIO(data), out.append, name, clean_text, key=key)
    counts.changed = done.changed  # a record changes only when its field does
    return b"".join(out), counts


def _clean_files(
    paths: list[str], fs: Any, root: str, out: str, rules: RuleSet, timeout: float, key: str | None
) -> Stats:
    """Clean some files of the glob, writing each under ``out``; their merged counts."""
    total = Stats()
    for path in paths:
        name = path if "file" in fs.protocol else fs.unstrip_protocol(path)  # local: a plain path
        try:
            with fs.open(path, "rb") as f:
                data = f.read()
            if key is None:
                doc = decode_document(data, name)  # a byte-order mark is kept, as `clean` keeps it
                result = clean(doc.text, rules=rules, timeout=timeout)
                cleaned, counts = doc.encode(result.text), Stats.of(result)
            else:
                cleaned, counts = _clean_jsonl(data, name, key, rules, timeout)
            target = f"{out.rstrip('/')}/{path[len(root) :].lstrip('/')}"
            fs_out, target = _filesystem(target)
            fs_out.makedirs(fs_out._parent(target), exist_ok=True)
            with fs_out.open(target, "wb") as f:
                f.write(cleaned)
        except (InputError, OSError) as exc:
            counts = Stats(failed=[str(exc) if isinstance(exc, InputError) else f"{name}: {exc}"])
        counts.files = 1
        total.merge(counts)
    return total


def _filesystem(url: str) -> tuple[Any, str]:
    from fsspec.core import url_to_fs

    return url_to_fs(url)


def clean_files(
    pattern: str,
    out: str,
    *,
    rules: RuleSet | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    jsonl_field: str | None = None,
    scheduler: str | None = None,
) -> Stats:
    """Clean the files ``pattern`` matches on a Dask cluster, writing them under ``out``.

    ``pattern`` is a glob (``corpus/**/*.txt``, ``s3://bucket/news/*.jsonl``); each file
    goes to ``out`` + its path below the glob's fixed leading folder. With
    ``jsonl_field`` every file is JSON Lines and that field of each record is cleaned.
    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without
    it the current Dask client or scheduler runs the work. A file that cannot be read
    or decoded fails alone and is listed in ``Stats.failed``.
    """
    import dask.bag as db
    from dask import delayed

    fs, root = _filesystem(_fixed_prefix(pattern))
    paths = sorted(fs.glob(fs._strip_protocol(pattern)))
    files = [p for p in paths if fs.isfile(p)]
    shared = delayed(default_rules() if rules is None else rules, traverse=False)
    bag = db.from_sequence(
        [files[i : i + FILES_PER_TASK] for i in range(0, len(files), FILES_PER_TASK)], npartitions=None
    )
    parts = bag.map(_clean_files, fs, root.rstrip("/"), out, shared, timeout, jsonl_field)
    total = parts.reduction(_merge_all, _merge_all)
    if scheduler is None:
        return total.compute() if files else Stats()
    from distributed import Client

    with Client(scheduler) as client:
        return client.compute(total).result() if files else Stats()


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
