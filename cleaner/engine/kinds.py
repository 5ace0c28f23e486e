"""The closed set of rule kinds: each is one small matcher over a document's lines.

A rule file picks a kind and fills in its keys. A kind sees the *view* of a document:
its non-blank lines still in place, in order, so that blank lines and earlier removals
never change what a rule matches (a :class:`~cleaner.engine.document.View`, which makes
a line's ``Line`` only when a kind asks for it). ``find`` yields ``(first, last)`` view indices of
the runs to remove; ``anchors`` is the slice of view indices where a match may begin
(the rule's head/tail/edges scope).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from .document import View
from .lines import Line, ends_sentence, more_words_than, words_between

Runs = Iterator[tuple[int, int]]


@dataclass(frozen=True)
class Key:
    """A key a kind accepts in a rule file."""

    type: str  # "pattern", "int" or "bool"
    doc: str
    default: Any = None
    required: bool = False


class Kind:
    """Base of the rule kinds: holds the compiled keys of one rule."""

    name: ClassVar[str]
    doc: ClassVar[str]
    keys: ClassVar[dict[str, Key]]

    trigger: ClassVar[str | None] = None
    """Optional fast path: the pattern key a line must fully match for a run to take it
    (and the lines before it that belong to it, see :meth:`find_at`).

    A kind that sets it implements :meth:`find_at` and inherits :meth:`find`; the engine
    may then test the trigger of many rules at once (one combined pattern per line, once
    per document) and call :meth:`find_at` only with the lines that matched. Kinds
    without a trigger implement :meth:`find` alone.
    """

    @property
    def trigger_pattern(self) -> regex.Pattern | None:
        """The compiled pattern of the :attr:`trigger` key (None: the kind has none, or the
        rule leaves an optional trigger key out)."""
        return getattr(self, self.trigger) if self.trigger else None

    @property
    def by_its_line(self) -> bool:
        """Whether every line in scope that fully matches the trigger goes (with what goes
        along with it), whatever the lines around it or their number: then all a rule of
        the kind removes goes in the engine's first pass."""
        return False

    @property
    def trigger_copies(self) -> int:
        """A run begins only at a line whose text occurs at least this many times among
        the document's non-blank lines, so the trigger needs testing only there."""
        return 1

    def __init__(self, values: dict[str, Any]):
        for key, spec in self.keys.items():
            setattr(self, key, values.get(key, spec.default))

    def find(self, view: View, anchors: Sequence[int], timeout: float) -> Runs:
        """Runs to remove, beginning at view indices in ``anchors``."""
        if self.trigger is None:
            raise NotImplementedError
        pattern, copies = self.trigger_pattern, self.trigger_copies
        counts = Counter(line.text for line in view) if copies > 1 else None
        starts = [
            i
            for i in anchors
            if (counts is None or counts[view[i].text] >= copies) and _matches(pattern, view[i], timeout)
        ]
        return self.find_at(view, starts, timeout)

    def find_at(self, view: View, starts: Sequence[int], timeout: float) -> Runs:
        """Runs to remove, given ``starts``: the sorted view indices, in scope, whose line
        fully matches the trigger pattern. Each run holds one of them; it may begin at that
        line or on lines before it that belong to it (an ``attached`` caption)."""
        raise NotImplementedError


def _matches(pattern: regex.Pattern | None, line: Line, timeout: float) -> bool:
    return pattern is None or pattern.fullmatch(line.text, timeout=timeout) is not None


_CLUSTER_GAP = 3
"""Matches of a ``min_matches`` rule further apart than this many lines are separate clusters."""


class LineKind(Kind):
    name = "line"
    doc = (
        "Removes each line that matches `pattern` in full; with `min_matches`, only in a"
        " cluster of that many matching lines close together (teasers come in lists, a lone"
        " one is prose)."
    )
    keys = {
        "pattern": Key("pattern", "Regex the whole stripped line must match.", required=True),
        "min_matches": Key(
            "int",
            "A line goes only in a cluster of at least this many matching lines, each at most"
            f" {_CLUSTER_GAP} lines from the next.",
            default=1,
        ),
    }
    trigger = "pattern"

    @property
    def by_its_line(self) -> bool:
        return self.min_matches <= 1

    def find_at(self, view, starts, timeout):
        if self.min_matches <= 1:
            return ((i, i) for i in starts)
        clusters = _clusters(starts, _CLUSTER_GAP)
        return ((i, i) for cluster in clusters if len(cluster) >= self.min_matches for i in cluster)


def _clusters(starts: Sequence[int], gap: int) -> list[list[int]]:
    """Group sorted view indices into runs whose neighbours are at most ``gap`` apart.

    >>> _clusters([1, 2, 5, 20, 22], 3)
    [[1, 2, 5], [20, 22]]
    """
    groups: list[list[int]] = []
    for i in starts:
        if groups and i - groups[-1][-1] <= gap:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


class BlockKind(Kind):
    name = "block"
    doc = (
        "Removes a block from a line matching `start` through the next line matching `end`,"
        " or to the end of the document when `end` is absent or never matches. If article"
        " prose comes first (see `max_words`, `prose_words`), only the start line goes."
    )
    keys = {
        "start": Key("pattern", "Regex for the block's first line.", required=True),
        "end": Key("pattern", "Regex for the block's last line (optional)."),
        "max_words": Key(
            "int",
            "A later line with more words than this is article prose. 0: no limit.",
            default=0,
        ),
        "prose_words": Key(
            "int",
            "A later line that ends like a sentence and has at least this many words is"
            " article prose. 0: no such test.",
            default=0,
        ),
    }
    trigger = "start"

    def _is_prose(self, line: Line) -> bool:
        text = line.text
        return bool(
            (self.max_words and more_words_than(text, self.max_words))
            or (self.prose_words and ends_sentence(text) and more_words_than(text, self.prose_words - 1))
        )

    def find_at(self, view, starts, timeout):
        i = 0
        for start in starts:
            if start < i:
                continue  # inside the block before
            last = i = start
            for j in range(i + 1, len(view)):
                if self._is_prose(view[j]):
                    last = i  # article prose resumes: the block was only its first line
                    break
                last = j
                if self.end is not None and _matches(self.end, view[j], timeout):
                    break
            yield i, last
            i = last + 1


class ListKind(Kind):
    name = "list"
    doc = (
        "Removes a header line matching `header` and the run of short headline-like lines"
        " after it (no sentence-final punctuation, at most `max_words` words)."
    )
    keys = {
        "header": Key("pattern", "Regex for the header line.", required=True),
        "item": Key("pattern", "Regex every item must also match (optional)."),
        "max_items": Key("int", "At most this many items are taken.", default=8),
        "max_words": Key("int", "An item has at most this many words.", default=20),
        "min_items": Key("int", "Fewer items than this: nothing is removed.", default=1),
        "prose_after": Key(
            "int",
            "An item right before a line that ends like a sentence and has at least this many"
            " words is the article's next subheading, not a link: the list ends before it."
            " 0: no such test.",
            default=0,
        ),
    }
    trigger = "header"

    def _is_item(self, line: Line, timeout: float) -> bool:
        text = line.text
        return (
            not ends_sentence(text)  # cheaper than counting words, so first
            and not more_words_than(text, self.max_words)
            and _matches(self.item, line, timeout)
        )

    def _subheading(self, view: View, last: int) -> bool:
        """Whether the list's last item heads the article prose right after it."""
        if not self.prose_after or last + 1 >= len(view):
            return False
        text = view[last + 1].text
        return ends_sentence(text) and more_words_than(text, self.prose_after - 1)

    def find_at(self, view, starts, timeout):
        i = 0
        for start in starts:
            if start < i:
                continue  # among the items of the list before
            last = i = start
            while (
                last + 1 < len(view) and last - i < self.max_items and self._is_item(view[last + 1], timeout)
            ):
                last += 1
            if last > i and self._subheading(view, last):
                last -= 1
            if last - i >= self.min_items:
                yield i, last
            i = last + 1


class RepeatedKind(Kind):
    name = "repeated"
    doc = (
        "Removes a line that occurs at least `min_count` times in the document and matches"
        " `pattern` (a printed-twice photo caption): every copy, or all but the first."
    )
    keys = {
        "pattern": Key("pattern", "Regex the repeated line must match (optional)."),
        "min_count": Key("int", "How many copies make a repeat.", default=2),
        "keep_first": Key("bool", "Keep the first copy, remove the others.", default=False),
    }

    trigger = "pattern"

    @property
    def trigger_copies(self) -> int:
        return self.min_count

    def find_at(self, view, starts, timeout):
        counts = view.copies({view[i].text for i in starts})
        seen: set[str] = set()
        for i in starts:
            text = view[i].text
            if counts[text] < self.min_count:
                continue
            first = text not in seen
            seen.add(text)
            if not (self.keep_first and first):
                yield i, i


# A sentence ending inside a line: a headline has none ("… alone. #ad" is two sentences).
_SENTENCE_BREAK = regex.compile(r"(?<!\b\p{Lu})[.!?…。！？]\s+\p{Lu}")  # "J. Smith" is no break


class AttachedKind(Kind):
    name = "attached"
    doc = (
        "Removes each line matching `pattern` and the short line right before it that belongs"
        " to it: a caption above its photo credit, a headline above its dateline. That line has"
        " `min_words` to `max_words` words, does not end with a colon, is not one aside in"
        " parentheses (a wire's sign-off, an editor's note), and ends like a sentence only if"
        " `sentence` is true."
    )
    keys = {
        "pattern": Key("pattern", "Regex for the marker line (a credit, a dateline).", required=True),
        "min_words": Key("int", "The line before has at least this many words.", default=4),
        "max_words": Key(
            "int", "The line before has at most this many words; 0: the marker goes alone.", default=30
        ),
        "sentence": Key(
            "bool", "The line before may end like a sentence (captions do, headlines do not).", default=True
        ),
        "one_sentence": Key(
            "bool",
            "The line before holds one sentence at most: a paragraph of two is article prose.",
            default=False,
        ),
    }
    trigger = "pattern"
    by_its_line = True  # the marker always goes; the line before it is judged once, with it

    def _belongs(self, line: Line) -> bool:
        text = line.text
        return (
            words_between(text, self.min_words, self.max_words)
            and not text.endswith((":", "："))
            and not (text.startswith(("(", "（")) and text.endswith((")", "）")))
            and (self.sentence or not ends_sentence(text))
            and not (self.one_sentence and _SENTENCE_BREAK.search(text))
        )

    def find_at(self, view, starts, timeout):
        for i in starts:
            yield (i - 1 if i > 0 and self._belongs(view[i - 1]) else i), i


class TitleKind(Kind):
    name = "title"
    doc = (
        "Removes the first line when it reads like a headline (`min_words` to `max_words` words,"
        " no sentence-final punctuation, no colon at the end) and the line after it does not:"
        " a title above the text, not a subheading among others. Only in documents of at"
        " least `min_lines` lines."
    )
    keys = {
        "min_words": Key("int", "A headline has at least this many words.", default=3),
        "max_words": Key("int", "A headline has at most this many words.", default=20),
        "min_lines": Key("int", "The document has at least this many lines left.", default=1),
    }

    def _headline(self, line: Line) -> bool:
        text = line.text
        return (
            words_between(text, self.min_words, self.max_words)
            and not ends_sentence(text)
            and not text.endswith((":", "："))
            and _SENTENCE_BREAK.search(text) is None
        )

    def find(self, view, anchors, timeout):
        if 0 in anchors and len(view) >= self.min_lines and self._headline(view[0]):
            if len(view) == 1 or not self._headline(view[1]):
                yield 0, 0


KINDS: dict[str, type[Kind]] = {
    k.name: k for k in (LineKind, BlockKind, ListKind, RepeatedKind, AttachedKind, TitleKind)
}
