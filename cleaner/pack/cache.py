"""A cache of compiled rule files, so that a command starts without compiling patterns.

Compiling the default pack's patterns takes the ``regex`` module's pure-Python parser
a tenth of a second or more; a compiled pattern pickles with its compiled code, so
unpickling a rule file's rules takes a few milliseconds. One entry per rule file holds
its pickled rules after a copy of what they were compiled from: the file's path and
bytes, the Python, ``regex`` and cleaner versions, and a stamp of cleaner's own code.
An entry whose copy differs in any byte is a miss, and is overwritten.

Only rule files without problems are stored, so a broken file reports its problems on
every run. Any fault of the cache (a folder that cannot be written, a corrupt or
truncated entry) is a miss: the file is compiled as if there were no cache.

The same folder keeps tables that other stages derive from the rules and are slow to
make (:func:`derived`, :func:`load_table`, :func:`store_table`): the native
prefilter's supersets of trigger patterns and whether each begins freely, and whether a
trigger can be combined with others, keyed by pattern.

The cache lives in ``$CLEANER_CACHE_DIR``, else in the user's cache folder
(``$XDG_CACHE_HOME/cleaner`` or ``~/.cache/cleaner`` on Linux). ``CLEANER_NO_CACHE=1``
(or :func:`disabled`, or ``cleaner --no-cache``) turns it off. It is safe to delete.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import regex

from .. import __version__
from ..io.files import write_atomic

_MAGIC = b"cleaner-rules-1\n"
_OFF = ("", "0", "false", "no", "off")
_enabled: ContextVar[bool] = ContextVar("cleaner_cache_enabled", default=True)


def directory() -> Path | None:
    """The cache folder, or None when the cache is turned off.

    >>> with disabled():
    ...     directory() is None
    True
    """
    if not _enabled.get() or os.environ.get("CLEANER_NO_CACHE", "").strip().lower() not in _OFF:
        return None
    if os.environ.get("CLEANER_CACHE_DIR"):
        return Path(os.environ["CLEANER_CACHE_DIR"])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "cleaner" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cleaner"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cleaner"


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Neither read nor write the cache inside this block (in this thread or task)."""
    token = _enabled.set(False)
    try:
        yield
    finally:
        _enabled.reset(token)


@functools.cache
def _code_stamp() -> bytes:
    """Names, sizes and modification times of cleaner's modules: editing the code that
    builds rules (with the version unchanged, as in development) makes every entry stale."""
    package = Path(__file__).resolve().parent.parent  # cleaner/, above pack/
    stamps = sorted(
        f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}"
        for path in package.rglob("*.py")
        for stat in (path.stat(),)
    )
    return "\n".join(stamps).encode()


def _entry(path: Path, content: bytes) -> tuple[Path, bytes] | None:
    """The entry's file, and the head it must begin with (None when the cache is off).

    The head is a magic line, the length of what the rules are made from, and that; the
    pickled rules follow it.
    """
    folder = directory()
    if folder is None:
        return None
    key = "\0".join((__version__, regex.__version__, sys.version, str(path))).encode("utf-8", "surrogatepass")
    made_from = key + b"\0" + _code_stamp() + b"\0" + content
    name = f"rules-{zlib.crc32(key):08x}.pickle"  # two paths alike here take turns: misses, never wrong rules
    return folder / name, _MAGIC + b"%d\n" % len(made_from) + made_from


def load(path: Path, content: bytes) -> list | None:
    """What :func:`store` kept for the rule file ``path`` holding ``content`` (a list, which
    the caller checks holds its rules), or None on a miss."""
    try:
        entry = _entry(path, content)
        if entry is None:
            return None
        file, head = entry
        data = file.read_bytes()
        rules = pickle.loads(data[len(head) :]) if data.startswith(head) else None
    except Exception:  # a missing, unreadable, truncated or corrupt entry: compile instead
        return None
    return rules if isinstance(rules, list) else None


def store(path: Path, content: bytes, rules: list) -> None:
    """Keep ``rules``, compiled from the rule file ``path`` holding ``content``; errors are ignored."""
    try:
        entry = _entry(path, content)
        if entry is not None:
            file, head = entry
            write_atomic(file, head + pickle.dumps(rules, pickle.HIGHEST_PROTOCOL))
    except Exception:  # a folder that cannot be written, a full disk: the next run compiles again
        pass


def _table_entry(name: str) -> tuple[Path, bytes] | None:
    """The file of the table ``name`` and the head it must begin with (versions and
    code stamp, as for rule files); None when the cache is off."""
    folder = directory()
    if folder is None:
        return None
    made_from = (
        "\0".join((__version__, regex.__version__, sys.version, name)).encode() + b"\0" + _code_stamp()
    )
    return folder / f"{name}.pickle", _MAGIC + b"%d\n" % len(made_from) + made_from


def load_table(name: str) -> dict:
    """The table stored as ``name`` (empty on a miss).

    >>> with disabled():
    ...     load_table("supersets")
    {}
    """
    try:
        entry = _table_entry(name)
        if entry is None:
            return {}
        file, head = entry
        data = file.read_bytes()
        table = pickle.loads(data[len(head) :]) if data.startswith(head) else {}
    except Exception:  # a missing, unreadable, truncated or corrupt entry
        return {}
    return table if isinstance(table, dict) else {}


def derived(name: str, keys: Iterable[Hashable], derive: Callable[[Any], Any], most: int = 10_000) -> dict:
    """``derive(key)`` for each of ``keys``, through the table ``name``: only what the
    table lacks is derived, and then the table is stored again (afresh once it holds more
    than ``most`` entries, so that it does not grow without end).

    >>> with disabled():
    ...     derived("squares", [2, 3], lambda n: n * n)
    {2: 4, 3: 9}
    """
    known = load_table(name)
    wanted = list(keys)
    new = {key: derive(key) for key in wanted if key not in known}
    if new:
        known = new if len(known) > most else {**known, **new}
        store_table(name, known)
    return {key: known[key] for key in wanted}


def store_table(name: str, table: dict) -> None:
    """Keep ``table`` as ``name``; errors are ignored (the next run derives it again)."""
    try:
        entry = _table_entry(name)
        if entry is not None:
            file, head = entry
            write_atomic(file, head + pickle.dumps(table, pickle.HIGHEST_PROTOCOL))
    except Exception:  # a folder that cannot be written, a full disk
        pass
