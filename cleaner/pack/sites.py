"""Sites: which site a document comes from, and whether a rule's ``sites`` take it in.

A site is a host name compared in one form: case folded, without a leading ``www.`` or a
trailing dot, internationalised labels in Unicode (``xn--bcher-kva.de`` and
``Bücher.de`` are one site). A rule's ``sites`` are glob patterns of that form
(``example.com``, ``*.example.org``: ``*`` stands for any run of characters, so it
takes in every subdomain but not ``example.org`` itself).

>>> site_of("https://WWW.Example.com:8080/news/1")
'example.com'
>>> matches(("*.example.org", "bücher.de"), site_of("http://xn--bcher-kva.de/"))
True
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from urllib.parse import urlsplit

import regex

# What a site pattern may hold: letters and digits of any script, '-', '.', and the glob
# characters '*', '?' and '[...]'.
_PATTERN = regex.compile(r"[\p{L}\p{N}\p{M}\-.*?\[\]!_]+")


def _label(label: str) -> str:
    """One label of a host name in its Unicode, case-folded form."""
    label = label.casefold()
    if label.startswith("xn--"):
        try:
            label = label[4:].encode("ascii").decode("punycode")
        except (UnicodeError, ValueError):
            pass
    return label.casefold()


def normalize(host: str) -> str:
    """A host name (or a site pattern) in the form sites are compared in.

    >>> normalize("WWW.XN--BCHER-KVA.DE."), normalize("*.Example.org")
    ('bücher.de', '*.example.org')
    """
    labels = [_label(label) for label in host.strip().rstrip(".").split(".")]
    if len(labels) > 1 and labels[0] == "www":
        labels = labels[1:]
    return ".".join(labels)


def site_of(url: str | None) -> str | None:
    """The site of a URL (or of a bare host name); None when it names no host.

    >>> site_of("example.com/a"), site_of("/relative/path"), site_of("")
    ('example.com', None, None)
    """
    if not url or not url.strip():
        return None
    url = url.strip()
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = parts.hostname
    if not host or url.startswith("/") and "//" not in url:
        return None
    return normalize(host) or None


def check_pattern(pattern: object) -> str | None:
    """Why ``pattern`` cannot be a site pattern, or None if it can.

    >>> check_pattern("*.example.org"), check_pattern("https://example.org/")
    (None, "'https://example.org/' is not a host name pattern: write it like example.com or *.example.com")
    """
    if not isinstance(pattern, str) or not _PATTERN.fullmatch(pattern.strip()):
        return f"{pattern!r} is not a host name pattern: write it like example.com or *.example.com"
    return None


def matches(patterns: Iterable[str], site: str | None) -> bool:
    """Whether ``site`` (normalized) is one the ``patterns`` (normalized) name.

    >>> matches(["*.example.org"], "news.example.org"), matches(["*.example.org"], "example.org")
    (True, False)
    """
    return site is not None and any(fnmatch.fnmatchcase(site, p) for p in patterns)


def folder_site(relative: PurePath, folders: Sequence[tuple[str, str]] = ()) -> str | None:
    """The site of a file found in an input folder, from its path below that folder.

    ``folders`` maps folder globs (matched against the path's folders, in order, the
    first match wins) to sites; without a match, the first folder level is the site,
    and a file directly in the input folder has none.

    >>> folder_site(PurePath("Example.com/2024/a.txt")), folder_site(PurePath("a.txt"))
    ('example.com', None)
    >>> folder_site(PurePath("bbc/news/a.txt"), [("bbc/*", "bbc.co.uk")])
    'bbc.co.uk'
    """
    folder = relative.parent.as_posix()
    for glob, site in folders:
        if fnmatch.fnmatchcase(folder, glob) or fnmatch.fnmatchcase(folder, glob.rstrip("/") + "/*"):
            return normalize(site)
    return normalize(relative.parts[0]) if len(relative.parts) > 1 else None


def site_file(site: str) -> str:
    """The name of a site's rule file: its host (any character a path may not hold as ``_``).

    >>> site_file("bücher.de"), site_file("a/b")
    ('bücher.de.toml', 'a_b.toml')
    """
    return regex.sub(r"[^\w.-]", "_", site) + ".toml"
