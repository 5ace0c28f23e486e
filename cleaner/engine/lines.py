"""Splitting a document into lines, and the language-neutral measures rules use.

Lines are split on ``\\n`` only (a ``\\r`` before it belongs to the terminator), so
every line of the output is a line of the input, byte for byte, CRLF included.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate, islice
from typing import NamedTuple

import regex

# Stripped around a line besides whitespace: byte-order marks, zero-width characters and
# soft hyphens.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
# Read through inside a line too: marks that only say where a word may break (or must
# not), which pages leave in ("Adver\u00adtisement"). Not ZWNJ and ZWJ: they spell
# Persian and Indic words and emoji.
_IGNORED = "\u00ad\u200b\u2060\ufeff"
# One "word" is a run of letters/digits in spaced scripts, or one character of the
# scripts written without spaces (Han, Hiragana, Katakana, Thai...), so that length
# limits mean about the same thing in English, Russian, Chinese and Japanese.
_WORD = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]"
    r"|[^\s\p{P}\p{S}\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]+"
)
# Sentence-final punctuation in the scripts we see, before closing quotes/brackets.
_SENTENCE_END = regex.compile(r"[.!?…。！？؟।]+[\p{Pf}\p{Pe}\"'’”»」』）)]*$")


CHUNK = 1 << 20
"""Characters of a document (whole lines) taken at a time by :func:`chunks`."""


def chunks(text: str) -> Iterator[tuple[int, str]]:
    """``text`` in pieces of whole lines, about :data:`CHUNK` characters each, with the
    offset of each: work a chunk at a time, and a long text is never copied whole.

    >>> list(chunks("a\\nb\\n"))
    [(0, 'a\\nb\\n')]
    """
    pos = 0
    while pos < len(text):
        cut = text.find("\n", pos + CHUNK)
        cut = len(text) if cut == -1 else cut + 1
        yield pos, text[pos:cut]
        pos = cut


class Line(NamedTuple):
    """One line of a document.

    ``start`` is its offset in the document, ``content`` its text without the line
    terminator, ``end`` the offset just past the terminator, ``text`` the content
    stripped of surrounding whitespace (what rules match against). A named tuple, so
    that a long document's lines cost little to make.
    """

    index: int
    start: int
    content: str
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(text: str) -> list[Line]:
    """Split ``text`` into lines, keeping exact offsets.

    >>> [(l.content, l.start, l.end) for l in split_lines("a\\r\\nbc\\n\\nd")]
    [('a', 0, 3), ('bc', 3, 6), ('', 6, 7), ('d', 7, 8)]
    """
    pieces = text.split("\n")
    if not pieces[-1]:
        pieces.pop()  # the text ends with a line terminator (or is empty)
    ends = list(accumulate(len(raw) + 1 for raw in pieces))
    if ends and ends[-1] > len(text):
        ends[-1] = len(text)  # the last line has no terminator
    starts = [0, *ends[:-1]] if ends else []
    contents = [raw[:-1] if raw[-1:] == "\r" else raw for raw in pieces]
    if contents and not text.endswith("\n"):
        # "\r" is part of the terminator only before "\n"; a last line's lone "\r" is
        # trailing whitespace, so that cleaning the output again changes nothing
        contents[-1] = pieces[-1]
    texts = list(map(str.strip, pieces))  # the same as content.strip(): "\r" is whitespace
    if any(char in text for char in _INVISIBLE):
        texts = [_strip_invisible(stripped) for stripped in texts]
        if has_ignored(text):
            texts = [_read_through(stripped) for stripped in texts]
    return list(map(Line._make, zip(range(len(pieces)), starts, contents, ends, texts, strict=True)))


def line_text(raw: str) -> str:
    """What rules match a line against: ``raw`` (the line) stripped of whitespace and of
    invisible characters around it, and without the soft hyphens and zero-width spaces
    inside it, as :func:`split_lines` gives it. The output keeps them all: only matching
    reads through them.

    >>> line_text("\\ufeff  Read more:\\r"), line_text("Adver\\u00adtise\\u200bment")
    ('Read more:', 'Advertisement')
    """
    return _read_through(_strip_invisible(raw.strip()))


def has_ignored(text: str) -> bool:
    """Whether ``text`` holds a character that rules read through: a soft hyphen, a
    zero-width space, a word joiner or a byte-order mark."""
    return any(char in text for char in _IGNORED)


def read_through(text: str) -> str:
    """``text`` without the characters rules read through; its lines stay where they
    were (no line terminator is among them).

    >>> read_through("Read\\u00ad more\\nnext")
    'Read more\\nnext'
    """
    for char in _IGNORED:  # str.replace runs at memory speed, str.translate a char at a time
        if char in text:
            text = text.replace(char, "")
    return text


def _read_through(stripped: str) -> str:
    through = read_through(stripped)
    return stripped if through is stripped else through.strip()


def _strip_invisible(stripped: str) -> str:
    if stripped and (stripped[0] in _INVISIBLE or stripped[-1] in _INVISIBLE):
        return stripped.strip(_INVISIBLE).strip()
    return stripped


def words(text: str) -> list[str]:
    """The words of ``text``; each character of unspaced scripts is one.

    >>> words("Read more: the news"), words("東京は晴れ")
    (['Read', 'more', 'the', 'news'], ['東', '京', 'は', '晴', 'れ'])
    """
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """Count words (:func:`words`).

    >>> word_count("Read more: the news"), word_count("東京は晴れ"), word_count("953km")
    (4, 5, 1)
    """
    return len(words(text))


def more_words_than(text: str, limit: int) -> bool:
    """Whether ``word_count(text) > limit``, counting no further than needed.

    >>> more_words_than("one two three", 2), more_words_than("one two", 2)
    (True, False)
    """
    return next(islice(_WORD.finditer(text), limit, None), None) is not None


def words_between(text: str, low: int, high: int) -> bool:
    """Whether ``low <= word_count(text) <= high``, counting no further than needed.

    >>> words_between("one two three", 1, 3), words_between("one two three", 1, 2)
    (True, False)
    """
    return low <= len(list(islice(_WORD.finditer(text), max(high + 1, 0)))) <= high


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends like a sentence (``.``, ``?``, ``。`` … maybe in quotes).

    >>> ends_sentence('He said "yes."'), ends_sentence("Moon calls for peace"), ends_sentence("終わり。")
    (True, False, True)
    """
    return _SENTENCE_END.search(text.rstrip()) is not None
