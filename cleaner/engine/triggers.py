"""Rule triggers tested all at once: which lines each rule's trigger fully matches.

A kind with a ``trigger`` (see :class:`cleaner.engine.kinds.Kind`) only begins a run at a line
that fully matches that pattern. Rather than testing each rule on each line, the native
prefilter (:mod:`cleaner.engine.prefilter`) names, in one pass over the document, the lines
each trigger may match, and the trigger's own pattern confirms them (a :class:`Group`).
Triggers the prefilter cannot screen (or all of them, without google-re2) are joined
into one pattern where each sits in its own
lookahead, ``(?:(?=(?:PATTERN)\\Z)())?``, followed by an empty marker group: one
``match`` at the start of a line tries every trigger and records, in the marker groups,
exactly which ones fully match. Before that call, a line's first characters are looked
up in a cache of prefixes that no trigger can begin with (a partial match decides each
new prefix), so most article prose costs one dictionary lookup.

The group names of each trigger get a prefix of their own in the combined pattern, so
two rules may both name (or ``DEFINE``) a group ``month``. Patterns whose meaning could
change inside a bigger pattern (groups referred to by number, whole-pattern recursion,
branch reset, global inline flags, flags other than ignore-case) stay out; their rules
run one by one, as do rules of kinds without a trigger.

>>> from cleaner import load_rules
>>> from cleaner.engine.document import Document
>>> rules = load_rules(select=["SRC"])
>>> triggers = Triggers.compile(rules)
>>> lines = Document("CGTN\\nThe talks went on.\\nSource: Xinhua\\n")
>>> screen = triggers.screen(lines.text)
>>> hits = triggers.hits(lines, screen, 1.0)  # SRC001 is a head rule: tested pass by pass
>>> triggers.add_edge_hits(lines.view(()), set(), hits, screen, 1.0)
>>> {rules[i].id: found for i, found in sorted(hits.items())}
{'SRC001': [0], 'SRC002': [2]}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import NamedTuple

import regex

from ..pack import cache
from ..pack.rules import Rule, RuleSet
from . import prefilter
from .document import Document, View
from .lines import Line
from .literals import Haystack, Words, begins_freely, required
from .prefilter import Prefilter
from .superset import superset

# Constructs that refer to groups by number, recurse into the whole pattern, reset
# group numbers or set flags for the whole pattern: a pattern using one cannot be
# embedded in a bigger pattern safely.
_UNSAFE = regex.compile(r"\\[1-9]|\\g|\(\?(?:[|R]|\(?[+-]?[0-9]|[a-zA-Z-]+\))")
# Where a pattern names a group or refers to one by name (escapes and character classes
# are matched only to be skipped): group 1 is the name.
_NAME = regex.compile(
    r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\(\?(?:P?<(?![=!])|&|P[=>]|\((?!DEFINE\)))([^\W\d]\w*)"
)
_DEFAULT_FLAGS = regex.compile("").flags
_CACHE: dict[int, list] = {}  # id(rules) -> [rules, Triggers or None, lines seen]
COMPILE_AFTER = 2000
"""Lines a rule set cleans the plain way before its triggers are compiled: compiling
costs tens of milliseconds (with the cache; half a second without), more than it saves
on a few files (a pre-commit hook)."""
PREFIX = 4
"""Characters of a line looked up in the cache of prefixes that cannot begin any trigger."""
MAX_PREFIXES = 200_000
TABLE = "combinable"
"""Name of the cache table of whether each trigger can be combined (see
:func:`cleaner.pack.cache.derived`)."""


def combinable(pattern: regex.Pattern) -> bool:
    """Whether ``pattern`` means the same when embedded in the combined pattern.

    >>> combinable(regex.compile("read more:?", regex.I)), combinable(regex.compile(r"(\\w)\\1"))
    (True, False)
    """
    return (
        pattern.flags & ~regex.IGNORECASE == _DEFAULT_FLAGS
        and not _UNSAFE.search(pattern.pattern)
        and own_names(pattern, "t0_") is not None
    )


def own_names(pattern: regex.Pattern, prefix: str) -> str | None:
    """The source of ``pattern`` with ``prefix`` before each group name, where it names a
    group and where it refers to one; None if that cannot be done exactly.

    >>> own_names(regex.compile(r"(?(DEFINE)(?P<day>[0-9]{2}))(?&day)-(?&day)"), "t3_")
    '(?(DEFINE)(?P<t3_day>[0-9]{2}))(?&t3_day)-(?&t3_day)'
    """
    source = _NAME.sub(
        lambda m: m[0] if m[1] is None else m[0][: -len(m[1])] + prefix + m[1], pattern.pattern
    )
    try:
        renamed = regex.compile(source, pattern.flags)
    except regex.error:
        return None
    expected = {prefix + name: number for name, number in pattern.groupindex.items()}
    return source if renamed.groupindex == expected and renamed.groups == pattern.groups else None


def _combinable(triggers: Iterable[regex.Pattern]) -> dict[tuple[str, int], bool]:
    """:func:`combinable` of each trigger by its source and flags, through the cache:
    compiling the renamed copies takes the ``regex`` module's pure-Python parser about a
    fifth of a second for the default pack."""
    by_key = {(trigger.pattern, trigger.flags): trigger for trigger in triggers}
    return cache.derived(TABLE, by_key, lambda key: combinable(by_key[key]))


def slow_path(rules: Sequence[Rule]) -> list[tuple[Rule, str]]:
    """The rules whose trigger the native prefilter cannot screen, and why: each then
    runs on every line, the slow path (``cleaner rules check`` lists them).

    >>> from cleaner.pack.rules import build_rule
    >>> raw = {"id": "X001", "name": "x", "kind": "line", "description": "x", "pattern": r"(\\w+) \\1",
    ...        "examples": {"remove": ["a a"], "keep": ["a b"]}}
    >>> [(rule.id, why) for rule, why in slow_path([build_rule(raw, "x.toml", "x")])]
    [('X001', 'its pattern cannot be combined with others (a group referred to by number, recursion, global flags)')]
    """
    out = []
    for rule in rules:
        trigger = rule.kind.trigger_pattern
        if trigger is None:
            continue
        if not combinable(trigger):
            why = "cannot be combined with others (a group referred to by number, recursion, global flags)"
        elif superset(trigger) is None:
            why = "has no superset a DFA can run (fuzzy matching, a named list, full case folding)"
        else:
            continue
        out.append((rule, f"its {rule.kind.trigger} {why}"))
    return out


class Part(NamedTuple):
    """One pattern of joined triggers, and the lines it runs on."""

    pattern: regex.Pattern
    owners: tuple[int | None, ...]
    """For each group of ``pattern``: the index of the rule whose marker it is, or None."""
    words: Words | None
    """Runs only on lines holding one of these words (None: no such test)."""
    prefixed: bool
    """Runs only on lines whose prefix may begin one of its triggers (the prefix cache)."""


@dataclass(frozen=True)
class Combined:
    """Triggers joined into patterns, and which rule each marker group belongs to.

    The triggers that begin with characters of their own (``read more``, ``(?:photo|
    image)``) share one pattern behind the cache of prefixes. A trigger that may begin
    with any of a class of characters (``.{10,}``, ``[^.!?]{0,80}``), which the prefix
    cache would rarely rule out, gets a pattern of its own, run only on the lines that
    hold one of the words all its matches contain (see :mod:`cleaner.engine.literals`), if
    there are such words; so does a trigger with groups (a ``DEFINE`` of named parts),
    since backtracking costs more the more groups a pattern holds (on the default rules,
    the two date triggers made the one pattern about four times slower).
    """

    parts: tuple[Part, ...]
    any_trigger: regex.Pattern | None
    """The triggers of the prefixed part as one plain alternation, to test prefixes (partial matches)."""
    prefixes: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    """Cache: can a line beginning with this prefix match a trigger of the prefixed part?"""

    @classmethod
    def join(cls, triggers: Sequence[tuple[int, regex.Pattern]]) -> Combined | None:
        if not triggers:
            return None
        alternatives = []
        for index, trigger in triggers:
            flags = "i" if trigger.flags & regex.IGNORECASE else "-i"
            alternatives.append(f"(?{flags}:{own_names(trigger, f't{index}_')})")
        free = [begins_freely(trigger) for _, trigger in triggers]
        shared = [k for k, (_, trigger) in enumerate(triggers) if not trigger.groups and not free[k]]
        parts = []
        alone = sorted(set(range(len(triggers))) - set(shared))
        for members in [shared, *([k] for k in alone)]:
            if members:
                owners = [o for k in members for o in [None] * triggers[k][1].groups + [triggers[k][0]]]
                lookaheads = "".join(f"(?:(?={alternatives[k]}\\Z)())?" for k in members)
                words = (
                    required(triggers[members[0]][1]) if members is not shared and free[members[0]] else None
                )
                parts.append(Part(regex.compile(lookaheads), tuple(owners), words, members is shared))
        any_trigger = regex.compile("|".join(alternatives[k] for k in shared)) if shared else None
        return cls(tuple(parts), any_trigger)

    @property
    def owners(self) -> frozenset[int]:
        """The indices of the rules whose triggers are joined here."""
        return frozenset(o for part in self.parts for o in part.owners if o is not None)

    def add_hits(self, lines: Sequence[Line], found: dict[int, list[int]], timeout: float) -> None:
        """Add to ``found`` (rule index -> line indices) the ``lines`` each trigger matches."""
        if not lines:  # often so for repeated lines: then no part need even look
            return
        haystack = None
        for part in self.parts:
            if part.prefixed:
                runs_on = [k for k, line in enumerate(lines) if self._may_begin(line.text[:PREFIX], timeout)]
            elif part.words is not None:
                haystack = haystack or Haystack([line.text for line in lines])
                runs_on = haystack.lines_with(part.words)
            else:
                runs_on = range(len(lines))
            for k in runs_on:
                m = part.pattern.match(lines[k].text, timeout=timeout)
                if m.lastindex is None:
                    continue
                for owner in set(compress(part.owners, [g is not None for g in m.groups()])):
                    if owner is not None:
                        found.setdefault(owner, []).append(lines[k].index)

    def _may_begin(self, prefix: str, timeout: float) -> bool:
        """Whether some line beginning with ``prefix`` could match a trigger (cached).

        A partial match says whether ``prefix`` can be extended into a full match, so a
        ``False`` here is exact: no line with this prefix matches any trigger.
        """
        known = self.prefixes.get(prefix)
        if known is None:
            if len(self.prefixes) >= MAX_PREFIXES:
                self.prefixes.clear()
            known = self.prefixes[prefix] = (
                self.any_trigger.fullmatch(prefix, partial=True, timeout=timeout) is not None
            )
        return known


@dataclass(frozen=True)
class Group:
    """The triggers of one group of rules: those the native prefilter screens, each
    confirmed with its own pattern on the lines the prefilter names for it, and the
    others joined (:class:`Combined`) and run on every line."""

    screened: dict[int, regex.Pattern]
    """Rule index -> trigger, for the rules the prefilter screens."""
    combined: Combined | None

    @classmethod
    def join(cls, triggers: Sequence[tuple[int, regex.Pattern]], screened: frozenset[int]) -> Group | None:
        if not triggers:
            return None
        rest = [(index, trigger) for index, trigger in triggers if index not in screened]
        return cls({index: trigger for index, trigger in triggers if index in screened}, Combined.join(rest))

    @property
    def owners(self) -> frozenset[int]:
        """The indices of the rules of the group."""
        return frozenset(self.screened) | (self.combined.owners if self.combined else frozenset())

    def add_hits(
        self, lines: Sequence[Line], found: dict[int, list[int]], screen: dict[int, list[int]], timeout: float
    ) -> None:
        """Add to ``found`` (rule index -> line indices) the ``lines`` each trigger
        matches; ``screen`` maps a line index to the rules the prefilter names for it."""
        if self.combined is not None:
            self.combined.add_hits(lines, found, timeout)
        if self.screened and screen:
            self.confirm([line for line in lines if line.index in screen], screen, found, timeout)

    def confirm(
        self, lines: Iterable[Line], screen: dict[int, list[int]], found: dict[int, list[int]], timeout: float
    ) -> None:
        """Add to ``found`` the ``lines`` (each one the prefilter named) that the
        triggers it named for them really match."""
        for line in lines:
            for owner in screen[line.index]:
                trigger = self.screened.get(owner)
                if trigger is not None and trigger.fullmatch(line.text, timeout=timeout) is not None:
                    found.setdefault(owner, []).append(line.index)


@dataclass(frozen=True)
class Triggers:
    """The combined triggers of a rule set, in three groups by the lines they need testing
    on: every line; only lines whose text occurs more than once (a kind's
    ``trigger_copies`` > 1); and, for rules scoped to the head or tail, only the lines at
    that edge of the view, tested pass by pass as removals bring new lines there."""

    every_line: Group | None
    repeated_lines: Group | None
    edge_lines: Group | None
    edges: tuple[int, int]
    """How many lines from the head and from the tail of a view the edge group needs."""
    covered: frozenset[int]
    """Indices of the rules in the rule set whose trigger is combined."""
    uncovered: tuple[int, ...]
    """Indices of the other rules, which run one by one."""
    prefilter: Prefilter | None = None
    """The native first stage for the triggers that have a superset (None: no
    google-re2, or no trigger has one)."""

    @classmethod
    def compile(cls, rules: RuleSet) -> Triggers:
        """Combine the triggers of ``rules`` that can be combined."""
        groups: tuple[list, list, list] = ([], [], [])
        edges = [0, 0]
        fits = _combinable(
            rule.kind.trigger_pattern for rule in rules if rule.kind.trigger_pattern is not None
        )
        for index, rule in enumerate(rules):
            trigger = rule.kind.trigger_pattern
            if trigger is None or not fits[trigger.pattern, trigger.flags]:
                continue
            if rule.kind.trigger_copies > 1:
                groups[1].append((index, trigger))
            elif rule.scope in ("head", "tail", "edges"):
                groups[2].append((index, trigger))
                for side in (0, 1):
                    if rule.scope in ("edges", ("head", "tail")[side]):
                        edges[side] = max(edges[side], rule.lines)
            else:
                groups[0].append((index, trigger))
        covered = frozenset(index for group in groups for index, _ in group)
        uncovered = tuple(i for i in range(len(rules)) if i not in covered)
        screen = prefilter.compile({index: trigger for group in groups for index, trigger in group})
        screened = frozenset(screen.needed if screen else ())
        joined = [Group.join(group, screened) for group in groups]
        return cls(*joined, tuple(edges), covered, uncovered, screen)

    def screen(self, text: str) -> dict[int, list[int]]:
        """Line index -> the screened rules whose trigger may match the line (what
        :meth:`hits` and :meth:`add_edge_hits` confirm); every non-blank line for every
        screened rule when the prefilter cannot read ``text``."""
        if self.prefilter is None:
            return {}
        found = self.prefilter.candidates(text)
        if found is None:
            every = sorted(self.prefilter.needed)
            found = dict.fromkeys(Document(text).view(()).lines, every)
        return found

    @property
    def screens_all(self) -> bool:
        """Whether the prefilter screens every rule: then a document it names no line of
        loses no line to a rule."""
        screened = self.prefilter.needed if self.prefilter is not None else {}
        return bool(screened) and not self.uncovered and self.covered == set(screened)

    @classmethod
    def of(cls, rules: RuleSet, lines: int) -> Triggers | None:
        """The triggers of ``rules``, compiled once per rule set; None (clean the plain
        way) until the rule set has seen :data:`COMPILE_AFTER` lines, ``lines`` more now."""
        entry = _CACHE.get(id(rules))
        if entry is None or entry[0] is not rules:
            if len(_CACHE) >= 32:
                _CACHE.pop(next(iter(_CACHE)))
            entry = _CACHE[id(rules)] = [rules, None, 0]
        if entry[1] is None:
            entry[2] += lines
            if entry[2] < COMPILE_AFTER:
                return None
            entry[1] = cls.compile(rules)
        return entry[1]

    def hits(
        self, lines: Sequence[Line], screen: dict[int, list[int]], timeout: float
    ) -> dict[int, list[int]]:
        """Rule index -> indices of the non-blank ``lines`` that fully match its trigger,
        for the every-line and repeated-line groups (edge rules: an empty list, filled
        by :meth:`add_edge_hits`); ``screen`` is what :meth:`screen` gave for them.

        Raises ``TimeoutError`` when a combined pattern takes longer than ``timeout``
        on one line (the caller then tests rule by rule, to name the slow rule).
        """
        found: dict[int, list[int]] = {}
        texts = [line for line in lines if line.text] if self._plain_groups else []
        if self.every_line is not None:  # the prefilter's lines, and every line for the rest
            if self.every_line.combined is not None:
                self.every_line.combined.add_hits(texts, found, timeout)
            self.every_line.confirm(map(lines.__getitem__, screen), screen, found, timeout)
        if self.repeated_lines is not None:
            self._add_repeated_hits(lines, texts, screen, found, timeout)
        if self.edge_lines is not None:
            for owner in self.edge_lines.owners:
                found[owner] = []
        return found

    @property
    def _plain_groups(self) -> bool:
        """Whether a group has triggers the prefilter does not screen."""
        groups = (self.every_line, self.repeated_lines)
        return any(group is not None and group.combined is not None for group in groups)

    def _add_repeated_hits(
        self,
        lines: Sequence[Line],
        texts: list[Line],
        screen: dict[int, list[int]],
        found: dict[int, list[int]],
        timeout: float,
    ) -> None:
        """The repeated-line group's hits: the copies of each text that occurs more than
        once and matches. The prefilter names every copy of a text it names (it judges
        the text alone), so its rules count copies among the lines it named."""
        group = self.repeated_lines
        if group.combined is not None:  # each repeated text is tested once
            copies: dict[str, list[int]] = {}
            for line in texts:
                copies.setdefault(line.text, []).append(line.index)
            once: dict[int, list[int]] = {}
            group.combined.add_hits([lines[i[0]] for i in copies.values() if len(i) > 1], once, timeout)
            for owner, firsts in once.items():
                found[owner] = sorted(i for first in firsts for i in copies[lines[first].text])
        matched: dict[int, list[int]] = {}
        group.confirm(map(lines.__getitem__, screen), screen, matched, timeout)
        for owner, indices in matched.items():
            counts = Counter(lines[i].text for i in indices)
            if repeated := [i for i in indices if counts[lines[i].text] > 1]:
                found[owner] = repeated

    def add_edge_hits(
        self,
        view: View,
        tested: set[int],
        found: dict[int, list[int]],
        screen: dict[int, list[int]],
        timeout: float,
    ) -> None:
        """Test the edge group on the head and tail lines of ``view`` not ``tested`` yet
        (only those the prefilter named, when it screens the whole group: no other
        line of the document need be made)."""
        group = self.edge_lines
        if group is None:
            return
        head, tail = self.edges
        window = (range(min(head, len(view))), range(max(len(view) - tail, head), len(view)))
        if group.combined is None:
            at = [(i, view.position(i)) for i in screen if i not in tested]
            new = [view.document[i] for i, k in at if k is not None and (k in window[0] or k in window[1])]
        else:
            new = [view[k] for part in window for k in part if view.lines[k] not in tested]
        tested.update(line.index for line in new)
        group.add_hits(new, found, screen, timeout)
