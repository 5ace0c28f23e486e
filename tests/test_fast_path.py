"""The fast path (triggers combined into one pattern) gives exactly the result of running
every rule on every line, on random documents and rule sets."""

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import RuleSet, default_rules
from cleaner.engine import apply as engine
from cleaner.engine.apply import (
    _assemble,
    _find_junk_fast,
    _find_junk_plain,
    _layout_removals,
    _removals,
    clean,
)
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


def result_of(text: str, lines: list[Line], removed: dict, skipped: list) -> engine.Result:
    """The ``Result`` that :func:`clean` makes of what a way of finding junk found."""
    return _assemble(text, _removals(text, lines, removed), skipped)


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
    lines = split_lines(text)
    plain = result_of(text, lines, *_find_junk_plain(lines, rules, 1.0))
    assert result_of(text, lines, *_find_junk_fast(text, lines, rules, TRIGGERS[which], 1.0)) == plain
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
    lines = split_lines(text)
    assert triggers.hits(lines, triggers.screen(text), 1.0) == {0: [0], 1: [1]}
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
    lines = split_lines(text)
    removed, skipped = _find_junk_fast(text, lines, rules, Triggers.compile(rules), 0.01)
    assert [s.rule for s in skipped] == ["SLOW1", "SLOW2"]
    assert result_of(text, lines, removed, skipped).text == text


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
    lines = split_lines(text)
    fast = _find_junk_fast(text, lines, rules, Triggers.compile(rules), 1.0)
    assert fast == _find_junk_plain(lines, rules, 1.0)
    assert context in fast[0].values()


def test_a_rule_set_is_compiled_once_it_has_seen_enough_lines():
    rules = RuleSet(tuple(EXTRA))
    assert Triggers.of(rules, 10) is None  # a few small files: the plain way
    compiled = Triggers.of(rules, COMPILE_AFTER)
    assert compiled is not None and Triggers.of(rules, 1) is compiled


# Raw text: whitespace of every kind, invisible characters, CR and LF in any order.
messy = st.text(alphabet=st.sampled_from("a Ж東.\t\u00a0\u3000\x1c\x85\u200b\ufeff\u00ad\u2060\r\n"), max_size=30)


@settings(max_examples=500, deadline=None)
@given(st.one_of(messy, documents))
def test_layout_without_lines_is_the_layout_of_the_lines(text):
    """A document no rule takes a line of is done without splitting it into lines."""
    assert _layout_removals(text) == _removals(text, split_lines(text), {})


def test_a_document_the_prefilter_names_no_line_of_is_not_split(monkeypatch):
    pytest.importorskip("re2")
    rules = default_rules()
    text = "The talks went on.  \r\n\r\n\r\n\u00a0\r\nThey ended at noon.\r\n"
    clean("warm-up\n" * 3000, rules=rules)  # compile the triggers
    expected = result_of(text, split_lines(text), {}, [])
    monkeypatch.setattr(engine, "split_lines", None)  # splitting would fail now
    assert clean(text, rules=rules) == expected
    assert [r.reason for r in expected.removals] == ["trailing whitespace", "blank line", "blank line"]
