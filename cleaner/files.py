"""Reading and writing article files: decoding with clear errors, atomic writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

BOM = "\ufeff"


class InputError(Exception):
    """A file that cannot be cleaned; ``str()`` is one line naming the file."""

    def __init__(self, path: str | Path, message: str):
        self.path = str(path)
        super().__init__(f"{path}: {message}")


def decode(data: bytes, path: str | Path = "-", encoding: str = "utf-8") -> str:
    """Decode file bytes, refusing binary data and naming the first bad byte.

    >>> decode(b"caf\\xc3\\xa9\\n")
    'café\\n'
    >>> decode(b"bad \\xff byte", "a.txt")
    Traceback (most recent call last):
    ...
    cleaner.files.InputError: a.txt: not valid utf-8 at line 1, column 5 (byte 0xff); pass --encoding if the file uses another
    """
    if b"\x00" in data[:8192] and encoding.lower().replace("-", "") == "utf8":
        raise InputError(path, "binary file (contains NUL bytes); skipped")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            path,
            f"not valid {encoding} at line {line}, column {column} (byte 0x{data[exc.start]:02x});"
            " pass --encoding if the file uses another",
        ) from None
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}") from None


def read_text(path: str | Path, encoding: str = "utf-8") -> str:
    """Read a text file; :class:`InputError` on anything a user must fix."""
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    return decode(data, path, encoding)


def write_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` all at once: a temp file in the same folder, then rename.

    A reader (or a crash) sees the old file or the new one, never half of one. The
    file's permission bits are kept.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode(encoding))
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def find_files(paths: Iterable[str | Path], glob: str = "*.txt") -> Iterator[tuple[Path, Path]]:
    """Yield ``(file, root)`` for each file named or found (recursively, by ``glob``) in a folder.

    ``root`` is the folder given (or the file's own folder), so outputs can mirror the tree.
    """
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob(glob)):
                if f.is_file():
                    yield f, p
        else:
            yield p, p.parent
