"""Reading and writing article files: decoding with clear errors, size limits, ``.gz``,
atomic writes, and finding the files in folders."""

from __future__ import annotations

import codecs
import contextlib
import errno
import gzip
import io
import os
import secrets
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

BOM = "\ufeff"
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16's, which begins the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
"""Byte-order marks that tell a text file's encoding, and that encoding."""
MAX_BYTES = 32 * 1000 * 1000
"""Files larger than this (after decompression) are refused, never read whole: 32 MB, the
default of ``--max-size``."""
TMP_SUFFIX = ".cleaner-tmp"
"""Suffix of the temporary files of atomic writes; folder walks never pick them up."""
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
"""How an atomic write makes its temp file: new, never one that is there already."""
STALE_AFTER = 300.0
"""Seconds after which a temp file of an atomic write is taken as left by a killed run
(a run still writing it would have renamed it long before)."""


class InputError(Exception):
    """A file that cannot be cleaned; ``str()`` is one line naming the file."""

    def __init__(self, path: str | Path, message: str):
        self.path = str(path)
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text (without its byte-order mark) and how to write it back the same way."""

    text: str
    encoding: str = "utf-8"
    bom: bool = False

    def encode(self, text: str) -> bytes:
        """Encode ``text`` like the original: same encoding, BOM kept if it had one.

        >>> decode_document(b"\\xef\\xbb\\xbfHi\\r\\n").encode("Hi\\r\\n")
        b'\\xef\\xbb\\xbfHi\\r\\n'
        """
        return b"".join(self.encoded((text,)))

    def encoded(self, pieces: Iterable[str]) -> Iterator[bytes]:
        """Encode a text given in ``pieces`` like the original, a piece at a time.

        >>> b"|".join(decode_document("\\ufeffHi".encode("utf-16-le")).encoded(["H", "i"]))
        b'\\xff\\xfe|H\\x00|i\\x00|'
        """
        encoder = codecs.getincrementalencoder(self.encoding)()
        yield encoder.encode(BOM if self.bom else "")
        for piece in pieces:
            yield encoder.encode(piece)
        yield encoder.encode("", final=True)

    @property
    def round_trips(self) -> bool:
        """Whether encoding the text gives back the bytes it was decoded from: so for the
        UTF encodings, whose decoders refuse every byte sequence that would not.

        >>> decode_document(b"caf\\xc3\\xa9").round_trips, decode_document(b"caf\\xe9", encoding="cp1252").round_trips
        (True, False)
        """
        return reads_utf8(self.encoding) or self.encoding in {name for _, name in WIDE_BOMS}


def reads_utf8(encoding: str) -> bool:
    """Whether a file read in ``encoding`` is read as UTF-8 when it is UTF-8: ``utf-8``
    itself (however spelled), or ``auto``.

    >>> reads_utf8("UTF_8"), reads_utf8("auto"), reads_utf8("latin-1")
    (True, True, False)
    """
    return encoding.lower().replace("-", "").replace("_", "") in ("utf8", "auto")


def _detect(data: bytes, path: str | Path) -> str:
    """The encoding ``charset_normalizer`` finds most likely (only for ``--encoding auto``)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "cannot detect the encoding; pass --encoding")
    return best.encoding


def decode_document(data: bytes, path: str | Path = "-", encoding: str = "utf-8") -> Decoded:
    """Decode file bytes, refusing binary data and naming the first bad byte.

    ``encoding="auto"`` reads UTF-8 when the bytes are UTF-8 and otherwise detects the
    encoding. A byte-order mark is taken off the text and put back on writing; one of
    UTF-16 or UTF-32 (see :data:`WIDE_BOMS`) chooses that encoding, unless ``encoding``
    names another than UTF-8.

    >>> decode_document(b"caf\\xc3\\xa9\\n")
    Decoded(text='café\\n', encoding='utf-8', bom=False)
    >>> decode_document("Привет, мир! Это статья о погоде в Москве.".encode("cp1251"), encoding="auto")
    Decoded(text='Привет, мир! Это статья о погоде в Москве.', encoding='cp1251', bom=False)
    >>> decode_document("\\ufeffHi\\n".encode("utf-16-le"))
    Decoded(text='Hi\\n', encoding='utf-16-le', bom=True)
    >>> decode_document(b"bad \\xff byte", "a.txt")
    Traceback (most recent call last):
    ...
    cleaner.io.files.InputError: a.txt: not valid utf-8 at line 1, column 5 (byte 0xff); pass --encoding if the file uses another
    """
    chosen = encoding
    wide = next((name for bom, name in WIDE_BOMS if data.startswith(bom)), None)
    if wide is not None and reads_utf8(encoding):
        with contextlib.suppress(UnicodeDecodeError):  # else bytes that only begin like a mark
            return Decoded(data.decode(wide)[1:], wide, True)
    if reads_utf8(encoding) and b"\x00" in data[:8192]:
        raise InputError(path, "binary file (contains NUL bytes); skipped")
    if encoding == "auto":
        try:
            data.decode("utf-8")
            chosen = "utf-8"
        except UnicodeDecodeError:
            chosen = _detect(data, path)
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            path,
            f"not valid {chosen} at line {line}, column {column} (byte 0x{data[exc.start]:02x});"
            " pass --encoding if the file uses another",
        ) from None
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}") from None
    if text.startswith(BOM):
        return Decoded(text[1:], chosen, True)
    return Decoded(text, chosen)


def decode(data: bytes, path: str | Path = "-", encoding: str = "utf-8") -> str:
    """Decode file bytes to text without a byte-order mark; see :func:`decode_document`.

    >>> decode(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9\\n")
    'café\\n'
    """
    return decode_document(data, path, encoding).text


def _os_error(path: str | Path, exc: OSError) -> InputError:
    """A one-line message for why ``path`` cannot be read."""
    if isinstance(exc, IsADirectoryError):
        return InputError(path, "is a folder, not a file")
    if exc.errno == errno.ELOOP:
        return InputError(path, "symlink loop (too many levels of symbolic links)")
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return InputError(path, "broken symlink (its target does not exist)")
        return InputError(path, "no such file or folder")
    if isinstance(exc, PermissionError):
        return InputError(path, "cannot read: permission denied")
    return InputError(path, f"cannot read: {exc.strerror or exc}")


def is_url(path: str | Path) -> bool:
    """Whether ``path`` is a URL that fsspec opens (``s3://bucket/a.txt``), not a local path.

    >>> is_url("s3://news/a.txt"), is_url("news/a.txt")
    (True, False)
    """
    return "://" in str(path)


def open_input(path: str | Path) -> BinaryIO:
    """Open a file (or a URL, through fsspec) for reading bytes, decompressing ``.gz``;
    errors are :class:`InputError`."""
    try:
        if is_url(path):
            import fsspec

            compression = "gzip" if str(path).endswith(".gz") else None
            return fsspec.open(str(path), "rb", compression=compression).open()
        return gzip.open(path, "rb") if str(path).endswith(".gz") else open(path, "rb")  # type: ignore[return-value]
    except OSError as exc:
        raise _os_error(path, exc) from None


@contextlib.contextmanager
def reading(path: str | Path) -> Iterator[None]:
    """Turn errors raised while reading ``path`` (I/O, bad gzip data) into :class:`InputError`."""
    try:
        yield
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(path, f"not a readable gzip file: {exc}") from None
    except OSError as exc:
        raise _os_error(path, exc) from None


def _too_large(path: str | Path, max_bytes: int, what: str = "") -> InputError:
    return InputError(
        path, f"{what}larger than the {max_bytes / 1e6:g} MB limit; skipped (raise it with --max-size)"
    )


def read_stream(stream: BinaryIO, path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """All of a stream's bytes, refusing (without reading on) more than ``max_bytes``."""
    with reading(path):
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(path, max_bytes)
    return data


def read_bytes(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes (decompressed if ``.gz``), refusing files over ``max_bytes`` unread."""
    with open_input(path) as stream:
        return read_stream(stream, path, max_bytes)


def read_lines(stream: BinaryIO, path: str | Path, max_bytes: int = MAX_BYTES) -> Iterator[bytes]:
    """Yield the lines of a stream one at a time, refusing a line over ``max_bytes``."""
    number = 0
    while True:
        with reading(path):
            line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes:
            raise _too_large(path, max_bytes, f"line {number} is ")
        yield line


def read_text(path: str | Path, encoding: str = "utf-8", max_bytes: int = MAX_BYTES) -> str:
    """Read a text file (without a byte-order mark); :class:`InputError` on anything a user must fix."""
    return decode(read_bytes(path, max_bytes), path, encoding)


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[BinaryIO]:
    """Write ``path`` all at once: to a temp file in the same folder, renamed over it at the end.

    A reader, or a crash at any moment, sees the old file or the new one, never half of
    one; on an exception the temp file goes and ``path`` is untouched. Permission bits
    are kept; a symlink is followed, so its target is replaced. ``.gz`` paths are
    compressed. A file that is replaced is synced to disk first, so that even a power
    cut leaves the old or the new one; a new file is not (it is half as fast).

    A URL (:func:`is_url`) is written through fsspec in one piece at the end, as object
    stores write an object: whole, or not at all.
    """
    if is_url(path):
        with _url_output(str(path)) as f:
            yield f
        return
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    # The temp file's name is chosen before the file is made, and nothing that can let a
    # stop (SIGTERM, Ctrl-C) in comes between making it and the ``try`` that removes it:
    # tempfile.mkstemp runs Python code in between, and a worker stopped there left it.
    while True:
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}{TMP_SUFFIX}")
        try:
            fd = os.open(tmp, _TEMP_FLAGS, 0o600)
        except FileExistsError:
            continue  # another file's name: leave it be
        except BaseException:
            Path(tmp).unlink(missing_ok=True)  # a stop the moment the file was made
            raise
        break
    try:
        with os.fdopen(fd, "wb") as f:
            with _compressed(f, path.name) as out:
                yield out
            f.flush()
            if mode is not None:  # replacing a file: its new bytes reach the disk before the rename
                os.fsync(f.fileno())
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _compressed(f: BinaryIO, name: str) -> Iterator[BinaryIO]:
    """``f``, or a gzip stream into it if ``name`` ends in ``.gz`` (same bytes each run)."""
    if not name.endswith(".gz"):
        yield f
        return
    with gzip.GzipFile(filename="", fileobj=f, mode="wb", mtime=0) as zipped:
        yield zipped  # type: ignore[misc]


@contextlib.contextmanager
def _url_output(url: str) -> Iterator[BinaryIO]:
    from fsspec.core import url_to_fs

    buffer = io.BytesIO()
    with _compressed(buffer, url) as out:
        yield out
    fs, target = url_to_fs(url)
    fs.makedirs(fs._parent(target), exist_ok=True)
    fs.pipe_file(target, buffer.getvalue())


def remove_stale(folders: Iterable[str | Path], now: float | None = None) -> list[Path]:
    """Delete the temp files of atomic writes (``.NAME.*.cleaner-tmp``) older than
    :data:`STALE_AFTER` in these folders, as a run killed mid-write leaves them; the
    paths deleted. Younger ones may be another run's, and stay.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> left = folder / f".a.txt.x1{TMP_SUFFIX}"
    >>> _ = left.write_text("half")
    >>> remove_stale([folder]), remove_stale([folder], now=time.time() + STALE_AFTER + 1) == [left]
    ([], True)
    """
    now = time.time() if now is None else now
    removed = []
    for folder in folders:
        try:
            with os.scandir(folder) as listing:
                entries = [e for e in listing if e.name.startswith(".") and e.name.endswith(TMP_SUFFIX)]
        except OSError:  # a folder not there yet, or not ours to read: writing will say why
            continue
        for entry in entries:
            with contextlib.suppress(OSError):  # gone already, or not ours to delete
                if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > STALE_AFTER:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return sorted(removed)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, text: str | bytes, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically (see :func:`atomic_output`)."""
    with atomic_output(path) as f:
        f.write(text if isinstance(text, bytes) else text.encode(encoding))


class Found(NamedTuple):
    """A file a folder walk found (``error`` None), or a folder it could not read."""

    path: Path
    root: Path
    """The folder given (or the file's own folder), so outputs can mirror the tree."""
    error: str | None = None
    """Why the folder ``path`` could not be listed."""


def find_files(paths: Iterable[str | Path], glob: str = "*.txt") -> Iterator[Found]:
    """Yield each file named, or found (recursively, by ``glob``) in a folder, in order.

    Symlinked folders are not entered (so a symlink loop cannot trap the walk); symlinked
    files are yielded, and a broken or looping one fails when read, naming itself. A
    folder that cannot be listed is yielded with its ``error``: never skipped in silence.
    ``glob`` matches the end of a file's path below the folder, at any depth (as
    :meth:`pathlib.Path.rglob` does: a leading ``**/`` adds nothing).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "sub").mkdir()
    >>> _ = (folder / "a.txt").write_text("text"), (folder / "sub" / "b.txt").write_text("text")
    >>> [(f.path.name, f.error) for f in find_files([folder, folder / "gone.txt"])]
    [('a.txt', None), ('b.txt', None), ('gone.txt', None)]
    >>> [f.path.name for f in find_files([folder], "**/sub/*.txt")]
    ['b.txt']
    """
    while glob.startswith("**/"):
        glob = glob[3:]
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(_walk(p, p, glob))
        else:
            yield Found(p, p.parent)


def _walk(folder: Path, root: Path, glob: str) -> Iterator[Found]:
    """The files below ``folder`` whose path ends as ``glob`` says, and unreadable folders."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as exc:
        why = "permission denied" if isinstance(exc, PermissionError) else exc.strerror or str(exc)
        yield Found(folder, root, f"cannot read this folder: {why}")
        return
    for entry in entries:
        path = folder / entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, root, glob)
        elif path.relative_to(root).match(glob) and not entry.name.endswith(TMP_SUFFIX):
            yield Found(path, root)
