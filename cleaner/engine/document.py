"""A document's lines by their offsets: a :class:`~cleaner.engine.lines.Line` is made
only for a line something asks for.

:func:`~cleaner.engine.lines.split_lines` makes a ``Line`` of every line, its content and
stripped text two strings more; for a document in which the prefilter names a few lines,
almost all of that work and memory goes on lines no rule looks at. A :class:`Document`
keeps, for every line, only where it ends (one machine integer in an array), and which
lines are blank or end with whitespace (what the output contract takes from them), found
a chunk of lines at a time with calls that loop in C. A ``Line`` is made when a trigger,
a kind or the removals record asks for it, the same ``Line`` ``split_lines`` gives.
A :class:`View` is the non-blank lines still in place, by position, as the rule kinds
see them.

>>> doc = Document("Read more:\\n\\n  A headline \\n")
>>> len(doc), doc.blank, doc.spaced
(3, [1], [2])
>>> doc[2]
Line(index=2, start=12, content='  A headline ', end=26, text='A headline')
>>> view = doc.view({0: "a rule"})
>>> len(view), view[0].index, view.position(2), view.position(0)
(1, 2, 0, None)
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from itertools import accumulate, compress, count, filterfalse, repeat
from operator import add, itemgetter, not_
from typing import overload

from .lines import _INVISIBLE, Line, chunks, has_ignored, line_text

SEARCH_AT_MOST = 16
"""Texts :meth:`View.copies` searches the text for, one by one, at most; more are
counted in one pass over the text's lines (each search is a pass of its own)."""
_tuple_new = tuple.__new__  # makes a Line without the named tuple's own __new__ in between
_LAST = itemgetter(slice(-1, None))  # the last character of a string, or "" for ""
_INVISIBLE_CHARS = frozenset(_INVISIBLE)


class Document(Sequence[Line]):
    """The lines of ``text``, split on ``\\n`` as :func:`~cleaner.engine.lines.split_lines`
    splits them; ``document[i]`` is that function's ``i``-th ``Line``, made on demand."""

    __slots__ = ("text", "ends", "blank", "spaced", "_made", "_hidden", "_nonblank")

    text: str
    ends: array
    """Offset just past each line's terminator (past the text's end for the last line)."""
    blank: list[int]
    """The indices of the blank lines (their stripped text is empty), in order."""
    spaced: list[int]
    """The indices of the other lines whose content ends with whitespace, in order."""

    def __init__(self, text: str):
        self.text, self.ends, self.blank, self.spaced = text, array("q"), [], []
        self._made: dict[int, Line] = {}
        self._hidden: frozenset[int] = frozenset()
        self._nonblank: list[int] | None = None
        for offset, chunk in chunks(text):
            self._add(offset, chunk)
        if self.ends and not text.endswith("\n"):
            self.ends[-1] = len(text)  # the last line has no terminator

    def _add(self, offset: int, chunk: str) -> None:
        """Add the lines of ``chunk`` (whole lines of the text, from ``offset`` on)."""
        pieces = chunk.split("\n")
        if not pieces[-1]:
            pieces.pop()  # the chunk ends with a line terminator
        first = len(self.ends)
        self.ends.extend(map(add, accumulate(map(len, pieces)), count(offset + 1)))
        contents = pieces
        if "\r" in chunk:  # "\r" before "\n" is the terminator's; a last line keeps its own
            contents = list(map(str.removesuffix, pieces, repeat("\r")))
            if not chunk.endswith("\n"):
                contents[-1] = pieces[-1]
        blank = list(compress(count(first), map(not_, contents)))
        # a line that is not empty may be blank or lose trailing whitespace only if its
        # content ends with whitespace or an invisible character: few lines do
        lasts = list(map(_LAST, contents))
        maybe = map(bool.__or__, map(str.isspace, lasts), map(_INVISIBLE_CHARS.__contains__, lasts))
        more_blank: list[int] = []
        for index in compress(count(first), maybe):
            if not line_text(pieces[index - first]):
                more_blank.append(index)
            elif lasts[index - first].isspace():
                self.spaced.append(index)
        self.blank += sorted(blank + more_blank) if more_blank else blank

    def __len__(self) -> int:
        return len(self.ends)

    @overload
    def __getitem__(self, index: int) -> Line: ...
    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...
    def __getitem__(self, index):
        try:
            return self._made[index]
        except KeyError:
            if -len(self) <= index < 0:
                return self[index + len(self)]
            line = self._made[index] = self._line(index)  # IndexError out of range
            return line
        except TypeError:  # a slice
            return [self[i] for i in range(*index.indices(len(self)))]

    def __iter__(self) -> Iterator[Line]:
        return map(self.__getitem__, range(len(self)))

    def _line(self, index: int) -> Line:
        """Line ``index``, as :func:`~cleaner.engine.lines.split_lines` makes it."""
        start, piece, end = self._piece(index)
        content = piece[:-1] if piece[-1:] == "\r" and end > start + len(piece) else piece
        text = "" if index in self._hidden else line_text(piece)
        return _tuple_new(Line, (index, start, content, end, text))

    def _piece(self, index: int) -> tuple[int, str, int]:
        """Where line ``index`` starts, its text without ``\\n`` and where it ends."""
        if not 0 <= index < len(self.ends):
            raise IndexError("line index out of range")
        start, end = self.ends[index - 1] if index else 0, self.ends[index]
        return start, self.text[start:end].removesuffix("\n"), end

    def copies(self, text: str) -> int:
        """How many lines have ``text`` (not empty) as their stripped text, hidden or
        not: the text is searched for, and only the lines it is in are looked at (so the
        document must hold no character rules read through, see ``has_ignored``).

        >>> Document("ab\\n ab \\nabc\\n").copies("ab")
        2
        """
        found, pos = 0, self.text.find(text)
        while pos >= 0:
            index = bisect_right(self.ends, pos)  # the line it is found in
            found += self.stripped(index) == text
            pos = self.text.find(text, self.ends[index])
        return found

    def stripped(self, index: int) -> str:
        """What rules match line ``index`` against (its ``text``, hidden or not)."""
        return line_text(self._piece(index)[1])

    @property
    def nonblank(self) -> list[int]:
        """The indices of the lines that are not blank, in order."""
        if self._nonblank is None:
            self._nonblank = list(filterfalse(set(self.blank).__contains__, range(len(self))))
        return self._nonblank

    def bounds(self, index: int) -> tuple[int, int, int]:
        """Where line ``index`` starts, where its content stops (before ``\\r\\n`` or
        ``\\n``) and where it ends (past its terminator).

        >>> Document("a\\r\\nb").bounds(0), Document("a\\r\\nb").bounds(1)
        ((0, 1, 3), (3, 4, 4))
        """
        start, end = self.ends[index - 1] if index else 0, self.ends[index]
        stop = end
        if stop > start and self.text[stop - 1] == "\n":
            stop -= 1
            if stop > start and self.text[stop - 1] == "\r":
                stop -= 1
        return start, stop, end

    def forget_lines(self) -> None:
        """Let the ``Line`` s made so far and the list of non-blank lines go (they are
        made again if asked for)."""
        self._made.clear()
        self._nonblank = None

    def hiding(self, indices: Collection[int]) -> Document:
        """The same document with the lines ``indices`` blank (their ``text`` empty), as
        if they were gone, for the rules to run on what is left.

        >>> doc = Document("a\\nb\\n").hiding({0})
        >>> doc[0].text, doc.blank
        ('', [0])
        """
        other = object.__new__(Document)
        other.text, other.ends = self.text, self.ends
        other.blank = sorted({*self.blank, *indices})
        other.spaced = [index for index in self.spaced if index not in indices]
        other._hidden, other._made, other._nonblank = self._hidden | frozenset(indices), {}, None
        return other

    def view(self, removed: Collection[int]) -> View:
        """The non-blank lines not in ``removed``, by position (what rule kinds see)."""
        return View(
            self, list(filterfalse(removed.__contains__, self.nonblank)) if removed else self.nonblank
        )


class View(Sequence[Line]):
    """Some lines of a :class:`Document` by position: ``view[k]`` is line ``lines[k]``
    of the document, made only when asked for."""

    __slots__ = ("document", "lines")

    def __init__(self, document: Document, lines: list[int]):
        self.document, self.lines = document, lines

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, k: int) -> Line: ...
    @overload
    def __getitem__(self, k: slice) -> list[Line]: ...
    def __getitem__(self, k):
        if isinstance(k, slice):
            return list(map(self.document.__getitem__, self.lines[k]))
        return self.document[self.lines[k]]

    def __iter__(self) -> Iterator[Line]:
        return map(self.document.__getitem__, self.lines)

    def position(self, index: int) -> int | None:
        """The position in the view of line ``index`` of the document; None if it is
        not in the view."""
        k = bisect_left(self.lines, index)
        return k if k < len(self.lines) and self.lines[k] == index else None

    def copies(self, texts: Collection[str]) -> Counter[str]:
        """How many lines of the view have each of the (non-empty) ``texts``, counted
        over the text: no ``Line`` is made but those of the lines left out of the view.
        A few texts are searched for (:data:`SEARCH_AT_MOST`), unless the text holds
        a character rules read through (a line's text need not be in it as it is); for
        more, the text's lines are counted a chunk at a time (one pass, however many).

        >>> Document("ab\\n ab\\nabc\\n\\nab").view({1}).copies({"ab"})
        Counter({'ab': 2})
        """
        document, wanted = self.document, set(texts)
        if len(wanted) <= SEARCH_AT_MOST and not has_ignored(document.text):
            found = Counter({text: document.copies(text) for text in wanted})
        else:
            found = Counter()
            for _, chunk in chunks(document.text):
                strip = line_text if any(char in chunk for char in _INVISIBLE) else str.strip
                found.update(filter(wanted.__contains__, map(strip, chunk.split("\n"))))
        for index in set(document.nonblank).difference(self.lines):  # removed, or hidden
            if (text := document.stripped(index)) in wanted:
                found[text] -= 1
        return found
