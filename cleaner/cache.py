"""A cache of compiled rule files, so that a command starts without compiling patterns.

Compiling the default pack's patterns takes the ``regex`` module's pure-Python parser
a tenth of a second or more; a compiled pattern pickles with its compiled code, so
unpickling a rule file's rules takes a few milliseconds. One entry per rule file (and
Python, ``regex`` and cleaner version) holds the pickled rules and a digest of what they
were compiled from: the file's bytes and cleaner's own code. An entry whose digest does
not match is a miss, and is overwritten.

Only rule files without problems are stored, so a broken file reports its problems on
every run. Any fault of the cache (a folder that cannot be written, a corrupt or
truncated entry) is a miss: the file is compiled as if there were no cache.

The cache lives in ``$CLEANER_CACHE_DIR``, else in the user's cache folder
(``$XDG_CACHE_HOME/cleaner`` or ``~/.cache/cleaner`` on Linux). ``CLEANER_NO_CACHE=1``
(or :func:`disabled`, or ``cleaner --no-cache``) turns it off. It is safe to delete.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from . import __version__

if TYPE_CHECKING:
    from .rules import Rule

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
    package = Path(__file__).parent
    stamps = sorted(
        f"{e.name}:{e.stat().st_size}:{e.stat().st_mtime_ns}"
        for e in os.scandir(package)
        if e.name.endswith(".py")
    )
    return "\n".join(stamps).encode()


def _entry(path: Path) -> Path | None:
    folder = directory()
    if folder is None:
        return None
    key = "\0".join((__version__, regex.__version__, sys.version, str(path)))
    return folder / f"rules-{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.pickle"


def _digest(content: bytes) -> bytes:
    return hashlib.sha256(_code_stamp() + b"\0" + content).digest()


def load(path: Path, content: bytes) -> list[Rule] | None:
    """The rules stored for the rule file ``path`` holding ``content``, or None on a miss."""
    from .rules import Rule

    try:
        entry = _entry(path)
        if entry is None:
            return None
        head = _MAGIC + _digest(content)
        data = entry.read_bytes()
        rules = pickle.loads(data[len(head) :]) if data.startswith(head) else None
    except Exception:  # a missing, unreadable, truncated or corrupt entry: compile instead
        return None
    if not isinstance(rules, list) or not all(isinstance(r, Rule) for r in rules):
        return None
    return rules


def store(path: Path, content: bytes, rules: list[Rule]) -> None:
    """Keep ``rules``, compiled from the rule file ``path`` holding ``content``; errors are ignored."""
    from .files import write_atomic

    try:
        entry = _entry(path)
        if entry is not None:
            write_atomic(entry, _MAGIC + _digest(content) + pickle.dumps(rules, pickle.HIGHEST_PROTOCOL))
    except Exception:  # a folder that cannot be written, a full disk: the next run compiles again
        pass
