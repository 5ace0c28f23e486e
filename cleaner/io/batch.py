"""Cleaning many files: plan what goes where, clean each file into an :class:`Outcome`,
and spread the files over a pool of processes that each receive the rules once.

Nothing is lost: output is written atomically, an unchanged file is not rewritten, a
file the rules would gut is left alone (``max_share``), and a file that cannot be read
fails alone, with a one-line error, while the batch goes on.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from .. import exit_codes
from ..engine.apply import DEFAULT_TIMEOUT, Learned, Result, clean
from ..engine.lines import chunks
from ..pack.rules import RuleSet
from ..pack.sites import folder_site, site_of
from .files import (
    MAX_BYTES,
    Decoded,
    InputError,
    atomic_output,
    decode_document,
    find_files,
    is_url,
    open_input,
    read_bytes,
    read_lines,
    read_stream,
    reads_utf8,
    remove_stale,
)
from .outcome import CHANGED, FAILED, SUSPICIOUS, UNCHANGED, Doc, Outcome
from .stats import count_rules

if TYPE_CHECKING:  # imported where used, for a fast start: a plain text file needs none of them
    from ..pack.repeats import Counts
    from .page import PageRules

GUARD_MIN_CHARS = 200
"""Texts shorter than this are too short to judge: the over-removal guard lets them be."""
STDIO = "-"
"""A task's source or destination meaning stdin / stdout (only in this process)."""


JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
"""Files read as JSON Lines even without ``--field``."""
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
"""File name endings read as HTML (with ``--from auto``)."""


@dataclass(frozen=True)
class Options:
    """How to clean each file; every field has the CLI's default."""

    encoding: str = "utf-8"
    """Encoding of text files; ``auto`` detects it when a file is not UTF-8."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds one pattern may run on one line before its rule is skipped for the document."""
    max_share: float = 0.5
    """A document losing more than this share of its characters to rules is left alone
    (unless shorter than :data:`GUARD_MIN_CHARS`)."""
    force: bool = False
    """Write even documents over ``max_share``."""
    max_bytes: int = MAX_BYTES
    """Refuse text files (and JSON Lines records) larger than this."""
    keep_text: bool = False
    """Keep each document's text before and after cleaning (``Doc.before``/``after``, for a diff)."""
    keep_removals: bool = True
    """Keep every removal on each outcome (``Outcome.docs``). Without them an outcome is
    much less to send back from a worker; its ``counts`` and ``report_line`` remain."""
    report: bool = False
    """Render each outcome's ``report_line`` where the file is cleaned (in the worker)."""
    field: str | None = None
    """Clean this field of JSON Lines records; set, it reads every input as JSON Lines."""
    add_removals: bool = False
    """JSON Lines: add the removals to each record, next to the field."""
    on_error: str = "stop"
    """JSON Lines: a malformed record stops its file (``stop``) or is dropped (``skip``)."""
    source: str = "auto"
    """Input format: ``text``, ``html`` (trafilatura extracts the article first), or ``auto``:
    HTML for file names ending in :data:`HTML_SUFFIXES`, text otherwise."""
    title: bool = False
    """HTML: put the page title on the first line (the titles rules are left out)."""
    tables: bool = True
    """HTML: keep tables."""
    comments: bool = False
    """HTML: keep reader comments."""
    page: bool | PageRules = True
    """HTML: also remove lines by their element in the page (:mod:`cleaner.io.page`): True
    with the shipped page rules, or with these (``--select``/``--ignore`` chose them)."""
    favor: str = "balanced"
    """HTML: trafilatura's trade-off, one of :data:`cleaner.io.html.FAVOR`."""
    recover: bool = True
    """HTML: add the article's paragraphs that only a recall extraction finds
    (:func:`cleaner.io.html.recovered`)."""
    site: str | None = None
    """The site of every document (rules scoped to sites run on its documents); None:
    each document's own (its record's ``url_field``, its page's canonical link), else
    its folder's (:attr:`Task.site`)."""
    url_field: str = "url"
    """JSON Lines: the field holding a record's URL, whose host is the record's site."""
    folders: tuple[tuple[str, str], ...] = ()
    """Folder globs mapped to sites, for files found in folders (:func:`cleaner.pack.sites.folder_site`)."""
    learned: Learned | None = None
    """Lines learned from the corpus to remove as well (``--learn-repeats``)."""

    def reads_jsonl(self, name: str) -> bool:
        """Whether the file ``name`` is read as JSON Lines (``field`` set, or its suffix)."""
        return self.field is not None or name.endswith(JSONL_SUFFIXES)

    def reads_html(self, name: str) -> bool:
        """Whether the file ``name`` is read as an HTML page (``source``, or its suffix)."""
        return self.source == "html" or (self.source == "auto" and name.lower().endswith(HTML_SUFFIXES))


@dataclass(frozen=True)
class Task:
    """One file to clean: where it comes from, and where its clean text goes.

    ``dest`` is a path (``src`` itself to rewrite in place), :data:`STDIO`, or None to
    write nothing. ``error`` marks a task known to fail before reading.
    """

    src: Path | str
    dest: Path | str | None = None
    error: str | None = None
    site: str | None = None
    """The site its folder names (see :func:`cleaner.pack.sites.folder_site`), if any."""

    @property
    def name(self) -> str:
        return str(self.src)

    @property
    def in_place(self) -> bool:
        """Whether the clean text replaces the file it came from."""
        return self.dest == self.src != STDIO


def _inside(inner: Path, outer: Path) -> bool:
    inner, outer = inner.resolve(), outer.resolve()
    return inner == outer or outer in inner.parents


def plan(
    paths: Iterable[str],
    glob: str = "*.txt",
    out: Path | str | None = None,
    in_place: bool = False,
    write: bool = True,
    folders: Sequence[tuple[str, str]] = (),
) -> list[Task]:
    """The tasks for the paths a user named: files, folders (searched for ``glob``), ``-``.

    Clean text goes to the mirror tree under ``out`` (a folder, or a URL that fsspec
    writes), back in place, or (for ``-`` and single files) to stdout; with
    ``write=False`` nowhere. A file found in a folder has the site of its path below
    that folder (``folders``: see :func:`cleaner.pack.sites.folder_site`).

    >>> [(t.name, t.dest) for t in plan(["-", "a.txt"], write=True)]
    [('-', '-'), ('a.txt', '-')]
    >>> plan(["a.txt"], out=Path("clean"))[0].dest
    PosixPath('clean/a.txt')
    """
    tasks = []
    for arg in paths:
        if arg == STDIO:
            tasks.append(Task(STDIO, STDIO if write else None))
            continue
        if out is not None and not is_url(out) and Path(arg).is_dir() and _inside(Path(out), Path(arg)):
            tasks.append(
                Task(arg, error=f"the output folder {out} is inside this folder; choose one outside it")
            )
            continue
        for src, root, error in find_files([arg], glob):
            if error is not None:
                tasks.append(Task(src, error=error))
                continue
            if not write:
                dest = None
            elif out is not None:
                dest = path_below(out, src.relative_to(root))
            else:
                dest = src if in_place else STDIO
            tasks.append(Task(src, dest, site=folder_site(src.relative_to(root), folders)))
    return tasks


def path_below(out: Path | str, relative: PurePath) -> Path | str:
    """The path ``relative`` below the folder or URL ``out``.

    >>> path_below("s3://clean/", PurePath("2024/a.txt")), path_below(Path("clean"), PurePath("a.txt"))
    ('s3://clean/2024/a.txt', PosixPath('clean/a.txt'))
    """
    return f"{str(out).rstrip('/')}/{relative.as_posix()}" if is_url(out) else Path(out) / relative


def _text_file(dest: Path | str) -> Path | str:
    """Where the text of an HTML page goes: its destination, named ``.txt`` (``.txt.gz``
    for a compressed page, written compressed as well).

    >>> _text_file("s3://clean/a.html"), _text_file(Path("clean/b.htm")), _text_file(Path("c.html.gz"))
    ('s3://clean/a.txt', PosixPath('clean/b.txt'), PosixPath('c.txt.gz'))
    """
    folder, _, name = ("", "", dest.name) if isinstance(dest, Path) else dest.rpartition("/")
    text = PurePath(name.removesuffix(".gz")).with_suffix(".txt").name + ".gz" * name.endswith(".gz")
    return dest.with_name(text) if isinstance(dest, Path) else f"{folder}/{text}"


def remove_stale_temp_files(tasks: Iterable[Task]) -> list[Path]:
    """Delete the temp files a killed run left (see :func:`cleaner.io.files.remove_stale`)
    in the folders these tasks write to; the paths deleted."""
    folders = {t.dest.parent for t in tasks if isinstance(t.dest, Path)}
    return remove_stale(sorted({Path(os.path.realpath(folder)) for folder in folders}))


def _guard(result: Result, text: str, options: Options) -> str | None:
    """Why ``result`` must not be applied (it removes too much of ``text``), or None. A
    removed line that the clean text still holds (a page's second copy of its article,
    PAG005) loses nothing, so it does not count.
    """
    if options.force or len(text) < GUARD_MIN_CHARS:
        return None
    limit, removals = options.max_share * len(text), result.rule_removals()
    removed = sum(len(r.text) for r in removals)
    if removed > limit:  # only then: a set of the clean text's lines costs a pass over it
        kept = {line.strip() for line in result.text.splitlines()}
        removed = sum(len(line) for r in removals for line in r.text.splitlines(True) if line.strip() not in kept)
    if removed <= limit:
        return None
    return f"rules would remove {removed / len(text):.0%} of the text (limit {options.max_share:.0%})"


@contextlib.contextmanager
def _output(dest: Path | str | None) -> Iterator:
    """Where to write: stdout, an atomic file, or nowhere (``None``)."""
    if dest == STDIO:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    elif dest is None:
        yield None
    else:
        with atomic_output(dest) as f:
            yield f


def _clean_text(task: Task, rules: RuleSet, options: Options) -> Outcome:
    is_html = options.reads_html(task.name)
    if is_html and task.in_place:
        raise InputError(task.name, "HTML input cannot be cleaned in place; pass --out DIR")
    if task.src == STDIO:
        read = functools.partial(read_stream, sys.stdin.buffer, STDIO, options.max_bytes)
    else:
        read = functools.partial(read_bytes, task.src, options.max_bytes)
    out, outcome = clean_bytes(read, task.name, rules, options, is_html, site=task.site)
    dest = _text_file(task.dest) if is_html and task.dest not in (None, STDIO) else task.dest
    if task.in_place and outcome.status != CHANGED:  # the file stays as it is
        return replace(outcome, bytes_out=outcome.bytes_in)
    written = 0
    with _output(dest) as f:
        for piece in out:
            written += len(piece)
            if f is not None:
                f.write(piece)
    return replace(outcome, output=None if dest is None else str(dest), bytes_out=written)


def clean_bytes(
    read: Callable[[], bytes],
    name: str,
    rules: RuleSet,
    options: Options = Options(),
    is_html: bool = False,
    site: str | None = None,
) -> tuple[Iterator[bytes], Outcome]:
    """Clean the bytes of one text file (an HTML page if ``is_html``), which ``read()``
    returns: what to write, a piece at a time, and the :class:`Outcome` (with no
    ``output`` yet, and ``bytes_out`` for the caller to count as it writes). Raises
    :class:`InputError` for bytes that do not decode. ``site`` is the file's folder's
    site (``options.site`` and a page's canonical link come first).

    What to write is the clean text, or, for a file the guard holds back (or left
    unchanged), the input as it was (an HTML page: its extracted text). It is encoded a
    chunk at a time, and the bytes are let go once decoded when the text encodes back to
    them: a long file is never held three times over.

    >>> from cleaner import default_rules
    >>> out, outcome = clean_bytes(lambda: b"CGTN\\r\\nTalks resumed.\\r\\n", "a.txt", default_rules())
    >>> b"".join(out), outcome.status
    (b'Talks resumed.\\r\\n', 'changed')
    """
    data = read()
    doc = decode_file(data, name, options.encoding, is_html)
    size = len(data)
    if doc.round_trips:
        del data  # the only reference: the caller passed the reading, not the bytes
    if is_html:
        from .html import clean_html

        result = clean_html(
            doc.text,
            rules=rules,
            timeout=options.timeout,
            title=options.title,
            tables=options.tables,
            comments=options.comments,
            favor=options.favor,
            recover=options.recover,
            page=options.page,
            site=options.site,
            default_site=site,
            learned=options.learned,
        )
        text = result.restore()  # the extracted text: what the rules cleaned
        # a page's text is a new text file, written as UTF-8: it may hold characters the
        # page's own encoding has not (its entities: &bdquo; in a Latin-1 page)
        doc = replace(doc, encoding="utf-8", bom=False)
    else:
        site = options.site or site
        result = clean(doc.text, rules=rules, timeout=options.timeout, site=site, learned=options.learned)
        text = doc.text
    problem = _guard(result, text, options) if result.changed else None
    status = UNCHANGED if not result.changed else SUSPICIOUS if problem else CHANGED
    if status == CHANGED:
        out = doc.encoded(result.chunks())
    elif is_html or doc.round_trips:
        out = doc.encoded(chunk for _, chunk in chunks(text))
    else:
        out = iter((data,))
    return out, Outcome(
        name,
        status,
        error=f"{name}: {problem}; left as it was (check the rules, or pass --force)" if problem else None,
        docs=(
            replace(Doc.of(result), before=text, after=result.text)
            if options.keep_text and status == CHANGED
            else Doc.of(result),
        ),
        warnings=tuple(f"{name}: {s.rule}: {s.message}" for s in result.skipped),
        bytes_in=size,
        encoding=doc.encoding,
        bom=doc.bom,
    )


def decode_file(data: bytes, name: str, encoding: str, is_html: bool) -> Decoded:
    """Decode a file's bytes as :func:`~cleaner.io.files.decode_document` does; an HTML
    page that is not UTF-8 is read in the encoding it declares, as a browser reads it
    (:func:`cleaner.io.html.declared_charset`), unless ``encoding`` names another than
    UTF-8 (``auto`` detects it only for a page that declares none).

    >>> decode_file(b'<meta charset="iso-8859-1"><p>Gr\\xfc\\xdfe</p>', "a.html", "utf-8", True).text
    '<meta charset="iso-8859-1"><p>Grüße</p>'
    """
    if not is_html or not reads_utf8(encoding):
        return decode_document(data, name, encoding)
    try:
        return decode_document(data, name, "utf-8")
    except InputError:
        from .html import declared_charset

        declared = None if b"\x00" in data[:8192] else declared_charset(data)  # binary: as refused
        if declared is not None:
            return decode_document(data, name, declared)
        if encoding == "auto":
            return decode_document(data, name, encoding)
        raise


def record_site_of(record: dict, options: Options, site: str | None = None) -> str | None:
    """The site of a JSON Lines record: ``options.site``, else its URL field's host, else ``site``.

    >>> record_site_of({"url": "https://www.example.com/a"}, Options())
    'example.com'
    """
    url = record.get(options.url_field)
    return options.site or (site_of(url) if isinstance(url, str) else None) or site


class _Unchanged(Exception):
    """Raised inside an atomic output to drop it: an in-place file that did not change."""


def _clean_jsonl(task: Task, rules: RuleSet, options: Options) -> Outcome:
    source = sys.stdin.buffer if task.src == STDIO else open_input(task.src)
    try:
        with _output(task.dest) as f:
            lines = read_lines(source, task.name, options.max_bytes)
            outcome = clean_jsonl(
                lines, (lambda b: None) if f is None else f.write, task.name, rules, options, task.site
            )
            if task.in_place and outcome.status == UNCHANGED:
                raise _Unchanged
    except _Unchanged:
        pass
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    unwritten = task.dest is None or (task.in_place and outcome.status == UNCHANGED)
    return replace(outcome, output=None if unwritten else str(task.dest))


def clean_jsonl(
    lines: Iterable[bytes],
    write: Callable[[bytes], object],
    name: str,
    rules: RuleSet,
    options: Options,
    site: str | None = None,
) -> Outcome:
    """Clean the records of a JSON Lines file, passing each output line to ``write``; the
    :class:`Outcome` (with no ``output`` yet). Records the guard holds back stay as they were.
    A record's site is ``options.site``, else the host of its ``options.url_field``, else ``site``.

    >>> from cleaner import default_rules
    >>> out = []
    >>> outcome = clean_jsonl([b'{"text": "CGTN\\\\nTalks."}\\n'], out.append, "a.jsonl", default_rules(), Options())
    >>> out, outcome.status
    ([b'{"text": "Talks."}\\n'], 'changed')
    """

    def clean_text(text: str, record: dict) -> tuple[Result, str | None]:
        record_site = record_site_of(record, options, site)
        result = clean(text, rules=rules, timeout=options.timeout, site=record_site, learned=options.learned)
        return result, _guard(result, text, options)

    from .jsonl import clean_records

    done = clean_records(
        lines,
        write,
        name,
        clean_text,
        key=options.field or "text",
        add_removals=options.add_removals,
        on_error=options.on_error,
        keep_text=options.keep_text,
    )
    held = f"{name}: {done.held} record(s) left as they were (see above)" if done.held else None
    return Outcome(
        name,
        SUSPICIOUS if held else CHANGED if done.changed else UNCHANGED,
        error=held,
        docs=tuple(done.docs),
        warnings=tuple(done.warnings),
        bytes_in=done.bytes_in,
        bytes_out=done.bytes_out,
        encoding="utf-8",
    )


def clean_file(task: Task, rules: RuleSet, options: Options = Options()) -> Outcome:
    """Clean one file (text, or JSON Lines); never raises: a failure is an :class:`Outcome`.

    The outcome carries the per-rule ``counts``, the ``report_line`` if ``options.report``,
    and the removals themselves if ``options.keep_removals``.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("CGTN\\nTalks resumed.\\n")
    >>> from cleaner import default_rules
    >>> outcome = clean_file(Task(folder / "a.txt", folder / "a.txt"), default_rules())
    >>> outcome.status, (folder / "a.txt").read_text(), outcome.counts["SRC001"].removals
    ('changed', 'Talks resumed.\\n', 1)
    >>> clean_file(Task(folder / "gone.txt"), default_rules()).error  # doctest: +ELLIPSIS
    '/.../gone.txt: no such file or folder'
    """
    return finish(_attempt(task, rules, options), options)


def finish(outcome: Outcome, options: Options) -> Outcome:
    """``outcome`` with its per-rule ``counts``, its ``report_line`` if ``options.report``,
    and its removals only if ``options.keep_removals``: as it leaves the process that made it."""
    report_line = None
    if options.report:
        from .report import line

        report_line = line(outcome)
    return replace(
        outcome,
        docs=outcome.docs if options.keep_removals else (),
        counts=count_rules(outcome.docs),
        report_line=report_line,
    )


def _attempt(task: Task, rules: RuleSet, options: Options) -> Outcome:
    """Clean one file, or say in one line why it failed."""
    if task.error:
        return Outcome(task.name, FAILED, error=f"{task.name}: {task.error}")
    try:
        if options.reads_jsonl(task.name):
            return _clean_jsonl(task, rules, options)
        return _clean_text(task, rules, options)
    except InputError as exc:
        return Outcome(task.name, FAILED, error=str(exc))
    except OSError as exc:
        return Outcome(
            task.name, FAILED, error=f"{task.name}: cannot write {task.dest}: {exc.strerror or exc}"
        )
    except Exception as exc:  # a bug must not stop the batch; it names the file instead
        return Outcome(task.name, FAILED, error=f"{task.name}: internal error, please report: {exc!r}")


T = TypeVar("T")
_worker: tuple[Any, ...] | None = None
"""In a worker process: what each task's work takes after the task (the rules, the options)."""
PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` option: the signal a process gets when its parent ends."""


def _start_worker(shared: tuple[Any, ...], parent: int) -> None:
    """Set up a worker process: what its work takes (the rules, the options), and an end
    with its parent.

    SIGTERM (from the parent stopping the batch, or from the parent's death) ends the
    worker as an exception, so that a file half written goes with its temp file; Ctrl-C
    is left to the parent, which stops the workers itself.
    """
    global _worker
    _worker = shared
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, exit_codes.stop)
    _end_with_parent(parent)


def _end_with_parent(parent: int) -> None:
    """Have this process get SIGTERM when its parent ends: on Linux the parent-death
    signal, elsewhere a thread watching the pipe that closes when the parent ends."""
    if not _parent_death_signal(signal.SIGTERM):
        threading.Thread(target=_watch_parent, daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os.kill(os.getpid(), signal.SIGTERM)


def _parent_death_signal(signum: int) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent ends; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent() -> None:
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()  # returns when the pipe from the parent closes: it ended
        os.kill(os.getpid(), signal.SIGTERM)


def _in_worker(work: Callable[..., T], task: Task) -> T:
    assert _worker is not None
    try:
        return work(task, *_worker)
    except SystemExit as stop:  # SIGTERM: the temp file is gone; end now, not after the next task
        os._exit(stop.code if isinstance(stop.code, int) else 1)


def clean_files(
    tasks: Sequence[Task], rules: RuleSet, options: Options = Options(), jobs: int = 1
) -> Iterator[Outcome]:
    """Clean every task, yielding outcomes in task order.

    With ``jobs > 1`` the files are spread over that many processes; each receives the
    rules and options once, when it starts. Tasks reading stdin or writing stdout must
    run with ``jobs=1``. If the caller stops early (an exception, such as Ctrl-C, or
    closing the iterator), the workers are stopped at once, their temp files removed;
    a worker whose parent dies ends too.
    """
    return _each(clean_file, tasks, (rules, options), jobs)


def _each(work: Callable[..., T], tasks: Sequence[Task], shared: tuple[Any, ...], jobs: int) -> Iterator[T]:
    """``work(task, *shared)`` for every task, in task order, over ``jobs`` processes (see
    :func:`clean_files`); each process receives ``shared`` once, when it starts."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield work(task, *shared)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # here: a one-file run need not load it

    others = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(shared, os.getpid()))
    try:
        chunksize = max(1, min(64, len(tasks) // (jobs * 8)))
        yield from pool.map(functools.partial(_in_worker, work), tasks, chunksize=chunksize)
    except BaseException:
        for worker in set(multiprocessing.active_children()) - others:
            worker.terminate()  # SIGTERM: each removes the temp file it was writing
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def default_jobs() -> int:
    """How many processes to use by default: one per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# Pass 1 of --learn-repeats: the documents of each file, counted per site (cleaner.pack.repeats).


def documents(
    stream: BinaryIO, name: str, options: Options = Options(), site: str | None = None
) -> Iterator[tuple[str | None, str]]:
    """The documents of one file as ``(site, text)``, the text as the rules see it: a text
    file's, each JSON Lines record's field, an HTML page's extracted article. ``site`` is
    the file's folder's site. A malformed record is passed over (cleaning reports it).

    >>> import io
    >>> list(documents(io.BytesIO(b'{"url": "https://www.example.com/", "text": "Hi"}\\n'), "a.jsonl"))
    [('example.com', 'Hi')]
    """
    if options.reads_jsonl(name):
        from .jsonl import parse_record

        for number, line in enumerate(read_lines(stream, name, options.max_bytes), 1):
            try:
                record, text = parse_record(line, number, options.field or "text")
            except ValueError:
                continue
            yield record_site_of(record, options, site), text
        return
    is_html = options.reads_html(name)
    doc = decode_file(read_stream(stream, name, options.max_bytes), name, options.encoding, is_html)
    if not is_html:
        yield options.site or site, doc.text
        return
    from .html import extract

    text, url, *_ = extract(
        doc.text,
        title=options.title,
        tables=options.tables,
        comments=options.comments,
        favor=options.favor,
        recover=options.recover,
    )
    yield options.site or site_of(url) or site, text


def count_file(task: Task, options: Options = Options()) -> Counts:
    """The line counts of one task's :func:`documents`; nothing for a file that cannot be
    read (cleaning it reports why)."""
    from ..pack.repeats import Counts

    counts = Counts()
    if task.error is not None:
        return counts
    try:
        with open_input(task.src) as stream:
            for site, text in documents(stream, task.name, options, task.site):
                counts.add(site, text)
    except (InputError, OSError):
        return Counts()
    return counts


def count_files(tasks: Sequence[Task], options: Options = Options(), jobs: int = 1) -> Counts:
    """Pass 1 of ``--learn-repeats``: the line counts of every task's documents, over
    ``jobs`` processes as :func:`clean_files` cleans them, merged in task order (so any
    ``jobs`` gives the same counts)."""
    from ..pack.repeats import Counts

    total = Counts()
    for counts in _each(count_file, tasks, (options,), jobs):
        total += counts
    return total
