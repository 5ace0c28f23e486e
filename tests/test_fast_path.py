"""The fast path (triggers combined into one pattern) gives exactly the result of running
every rule on every line, on random documents and rule sets."""

from contextlib import nullcontext
from unittest.mock import patch

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import RuleSet, default_rules
from cleaner.engine import apply as engine
from cleaner.engine import document as document_module
from cleaner.engine import lines as engine_lines
from cleaner.engine.apply import (
    LAYOUT,
    Removal,
    _assemble,
    _find_junk_fast,
    _find_junk_plain,
    _removals,
    clean,
)
from cleaner.engine.document import Document
from cleaner.engine.lines import Line, split_lines
from cleaner.engine.triggers import COMPILE_AFTER, Triggers, combinable, own_names
from cleaner.pack.rules import build_rule


def rule(rule_id: str, kind: str, **keys) -> object:
    raw = {
        "id": rule_id,
        "name": f"test-{rule_id.lower()}",
        "kind": kind,
        "description": "A rule made up for the fast-path test.",
        "examples": {"remove": ["x"], "keep": ["y"]},
        **keys,
    }
    return build_rule(raw, "test_fast_path.py", "test")


def result_of(text: str, removed: dict, skipped: list) -> engine.Result:
    """The ``Result`` that :func:`clean` makes of what a way of finding junk found, with
    the removals recorded line by line (:func:`reference_removals`)."""
    return _assemble(text, reference_removals(text, split_lines(text), removed), skipped)


def reference_removals(text: str, lines: list[Line], removed: dict) -> list[Removal]:
    """What the engine records as gone, worked out line by line over every ``Line``:
    the reference the record on offsets (:func:`cleaner.engine.apply._removals`) is held to."""
    kept = [i for i, line in enumerate(lines) if line.text and i not in removed]
    blanks, can_keep = set(), True  # blank lines that stay: the first of each run between kept lines
    for line in lines[kept[0] : kept[-1]] if kept else []:
        if not line.text and can_keep:
            blanks.add(line.index)
            can_keep = False
        elif line.text and line.index not in removed:
            can_keep = True
    dropped_blank = [not line.text and line.index not in blanks for line in lines]
    out: list[Removal] = []

    def record(rule: str, start: int, end: int, line: Line, reason: str) -> None:
        if start < end:
            out.append(Removal(rule, start, end, text[start:end], line.index + 1, reason))

    i = 0
    while i < len(lines):
        line = lines[i]
        if i in removed:  # one rule's run, through dropped blank lines to its last line
            rule, last, k = removed[i], i, i + 1
            while k < len(lines) and (dropped_blank[k] or removed.get(k) is rule):
                last = k if not dropped_blank[k] else last
                k += 1
            record(rule.id, line.start, lines[last].end, line, rule.note or rule.name)
            i = last + 1
            continue
        if dropped_blank[i]:
            record(LAYOUT, line.start, line.end, line, "blank line")
        elif not line.text:
            record(LAYOUT, line.start, line.start + len(line.content), line, "whitespace on a blank line")
        elif line.content[-1].isspace():
            end = line.start + len(line.content)
            record(LAYOUT, line.start + len(line.content.rstrip()), end, line, "trailing whitespace")
        i += 1
    return out


EXTRA = [
    rule("TST1", "block", start=r"advert(?:isement)?", end=r"end of advert", max_words=12),
    rule("TST2", "list", header=r"more:", item=r"\p{Lu}.*", min_items=2, max_items=3),
    rule("TST3", "repeated", min_count=2, keep_first=True),
    rule("TST4", "line", pattern=r"(\w+) \1", scope="tail", lines=2),  # back-reference: not combined
    rule("TST5", "line", pattern=r"(?<!x)share(?= this)?.*", scope="head", lines=4, ignore_case=False),
    rule("TST6", "line", pattern=[r"\d+", r"[+-]?\d[\d.,]*\s?km", r"\bbye\b.*"]),
    rule("TST7", "repeated", pattern=r".*\b(?:photo|share)\b.*", min_count=3, scope="tail", lines=5),
    rule("TST8", "repeated", pattern=r"\d+", min_count=1),
    rule("TST9", "line", pattern=r"(?P<word>\w+) (?P=word)"),  # named back-reference: combined
    rule("TST10", "attached", pattern=r"(?(DEFINE)(?P<word>photo|bild))(?&word):.*", min_words=1),
]
RULE_SETS = [default_rules(), RuleSet(tuple(default_rules()) + tuple(EXTRA)), RuleSet(tuple(EXTRA))]
TRIGGERS = [Triggers.compile(rules) for rules in RULE_SETS]

LINES = [
    "The talks resumed on Monday, the ministry said.",
    "Moon calls for formally ending Korean War",
    "Переговоры возобновились в понедельник.",
    "東京は晴れ。会談は月曜日に再開された。",
    "CGTN",
    "Reuters",
    "Read more:",
    "Related",
    "more:",
    "Advertisement",
    "end of advert",
    "Share this",
    "share",
    "Nice photo",
    "953km",
    "42",
    "bye bye",
    "Bild: dpa",
    "Photo: Reuters",
    "Source: Xinhua",
    "Disclaimer: No Business Standard Journalist was involved in creation of this content",
    "You’ve reached your limit of 5 free articles this month.",
    "Subscribe now",
    "Already a subscriber? Log in",
    "Kim Jong Un listens during the summit in Hanoi, February 28, 2019. /Reuters Photo",
    "",
    "   ",
    "\u00a0",
    "\u200b",
]
line = st.one_of(
    st.sampled_from(LINES),
    st.builds(
        lambda s, pad: pad + s + pad, st.sampled_from(LINES), st.sampled_from(["", " ", "\u00a0", "\t"])
    ),
    st.text(alphabet=st.sampled_from("ab .:\u00a0Ж東1"), max_size=12),
)
documents = st.builds(
    lambda lines, newline, end: newline.join(lines) + end,
    st.lists(line, max_size=25),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["", "\n"]),
)


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from(range(len(RULE_SETS))))
def test_fast_path_equals_rule_by_rule(text, which):
    rules = RULE_SETS[which]
    plain = result_of(text, *_find_junk_plain(Document(text), rules, 1.0))
    assert result_of(text, *_find_junk_fast(Document(text), rules, TRIGGERS[which], 1.0)) == plain
    assert clean(text, rules=rules) == plain  # plain or fast, depending on what the rules saw


def test_rules_that_cannot_be_combined_run_one_by_one():
    triggers = Triggers.compile(RuleSet(tuple(EXTRA)))
    covered = {EXTRA[i].id for i in triggers.covered}
    assert covered == {f"TST{n}" for n in (1, 2, 5, 6, 7, 8, 9, 10)}  # TST3: no pattern; TST4: \1
    assert {EXTRA[i].id for i in triggers.repeated_lines.owners} == {"TST7"}
    assert not combinable(regex.compile(r"(?i)foo")) and not combinable(regex.compile(r"a(?-i)b"))
    assert not combinable(regex.compile(r"(a)?(?(1)b|c)")) and not combinable(regex.compile(r"(a)(?1)"))


def test_rules_may_use_the_same_group_names():
    rules = RuleSet(
        (rule("TST11", "line", pattern=r"(?P<n>\d+) (?P=n)"), rule("TST12", "line", pattern=r"(?P<n>x)y"))
    )
    triggers = Triggers.compile(rules)
    assert triggers.covered == {0, 1}
    text = "7 7\nxy\n7 8\nxx\n"
    assert triggers.hits(Document(text), triggers.screen(text), 1.0) == {0: [0], 1: [1]}
    assert own_names(regex.compile(r"[(?P<n>]\(?P<n>(?P<n>a)"), "t_") == r"[(?P<n>]\(?P<n>(?P<t_n>a)"


def test_a_combined_pattern_that_times_out_still_names_the_slow_rule():
    # SLOW1 backtracks without end where its superset ((?:a|aa)+b: no lookbehind)
    # matches; then every rule runs on every line, and SLOW2 is slow there too
    slow = (
        rule("SLOW1", "line", pattern=r"(?:a|aa)+(?<!a)b"),
        rule("SLOW2", "line", pattern=r"(?:a|aa)+[0-9]"),
    )
    rules = RuleSet((*default_rules(), *slow))
    text = "Intro line.\n" + "a" * 40 + "b\n"
    removed, skipped = _find_junk_fast(Document(text), rules, Triggers.compile(rules), 0.01)
    assert [s.rule for s in skipped] == ["SLOW1", "SLOW2"]
    assert result_of(text, removed, skipped).text == text


@pytest.mark.parametrize(
    "context",
    [
        rule("CTX1", "line", pattern=r"teaser.*", min_matches=2),  # the teasers come closer
        rule("CTX2", "line", pattern=r"teaser.*", scope="head", lines=1),  # a teaser heads the rest
    ],
    ids=lambda r: r.id,
)
def test_only_rules_that_judge_a_line_by_itself_skip_the_later_passes(context):
    """A removal in the first pass can change what a rule that looks beyond its line
    removes in the next; a plain line rule, anywhere, removes all it will in the first."""
    junk = rule("JNK1", "line", pattern=r"junk")
    assert junk.settles_at_once and not context.settles_at_once
    rules = RuleSet((junk, context))
    text = "junk\nteaser one\njunk\njunk\njunk\nteaser two\nThe talks went on.\n"
    fast = _find_junk_fast(Document(text), rules, Triggers.compile(rules), 1.0)
    assert fast == _find_junk_plain(Document(text), rules, 1.0)
    assert context in fast[0].values()


def test_a_rule_set_is_compiled_once_it_has_seen_enough_lines():
    rules = RuleSet(tuple(EXTRA))
    assert Triggers.of(rules, 10) is None  # a few small files: the plain way
    compiled = Triggers.of(rules, COMPILE_AFTER)
    assert compiled is not None and Triggers.of(rules, 1) is compiled


# Raw text: whitespace of every kind, invisible characters, CR and LF in any order.
messy = st.text(
    alphabet=st.sampled_from("a Ж東.\t\u00a0\u3000\x1c\x85\u200b\ufeff\u00ad\u2060\r\n"), max_size=30
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(messy, documents), st.data())
def test_a_document_by_offsets_has_the_lines_views_and_record_of_split_lines(text, data):
    """A :class:`Document` makes the ``Line`` s ``split_lines`` makes, views of them as
    the rule kinds saw lists of them, and the record worked out line by line; a long
    document is split a chunk at a time."""
    lines = split_lines(text)
    nonblank = [line.index for line in lines if line.text]
    chosen = sorted(data.draw(st.sets(st.sampled_from(nonblank)))) if nonblank else []
    removed = {i: data.draw(st.sampled_from(EXTRA[:2])) for i in chosen}  # runs of one rule, or of two
    for way, document in ((nullcontext(), Document(text)), chunked(text, data.draw(st.integers(1, 8)))):
        assert len(document) == len(lines) and list(document) == lines and document[-3:] == lines[-3:]
        assert document.blank == [line.index for line in lines if not line.text]
        view, expected = (
            document.view(removed),
            [line for line in lines if line.text and line.index not in removed],
        )
        assert list(view) == [view[k] for k in range(len(view))] == expected and len(view) == len(expected)
        assert [view.position(line.index) for line in lines] == [
            expected.index(line) if line in expected else None for line in lines
        ]
        texts = {line.text for line in expected}
        with way, patch.object(engine_lines, "CHUNK", data.draw(st.integers(1, 8))):
            assert view.copies(texts) == {t: [line.text for line in expected].count(t) for t in texts}
        assert _removals(document, removed) == reference_removals(text, lines, removed)
        hidden = set(list(removed)[:2])
        assert list(document.hiding(hidden)) == [
            x._replace(text="") if x.index in hidden else x for x in lines
        ]


def chunked(text: str, size: int) -> Document:
    """``Document(text)`` made ``size`` characters (and the rest of a line) at a time,
    whose views count copies of texts in one pass over them, a chunk at a time."""
    with patch.object(engine_lines, "CHUNK", size):
        document = Document(text)
    return patch.object(document_module, "SEARCH_AT_MOST", 0), document


def test_a_document_makes_only_the_lines_asked_for():
    document = Document("Read more:\n\nA headline\n" + "The talks went on.\n" * 1000)
    view = document.view({0: EXTRA[0]})
    assert view[0].text == "A headline" and view[-1].index == 1002 and view.position(2) == 0
    assert sorted(document._made) == [2, 1002]
    line = document[2]
    document.forget_lines()  # the record's Removals may take their memory
    assert not document._made and document[2] == line


def test_a_document_the_prefilter_names_no_line_of_makes_no_line(monkeypatch):
    pytest.importorskip("re2")
    rules = default_rules()
    text = "The talks went on.  \r\n\r\n\r\n\u00a0\r\nThey ended at noon.\r\n"
    clean("warm-up\n" * 3000, rules=rules)  # compile the triggers
    expected = result_of(text, {}, [])
    monkeypatch.setattr(Document, "_line", None)  # making a Line would fail now
    assert clean(text, rules=rules) == expected
    assert [r.reason for r in expected.removals] == ["trailing whitespace", "blank line", "blank line"]
