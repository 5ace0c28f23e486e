"""The native prefilter (google-re2 over each trigger's superset) never changes a result:
the engine gives exactly the plain engine's Result, on random documents and rule sets,
on every document of the shared eval sets, and with google-re2 missing."""

import json
from unittest.mock import patch

import pytest
import regex
from conftest import EVAL
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_fast_path import EXTRA, documents, result_of, rule

from cleaner import RuleSet, default_rules
from cleaner.engine import lines as engine_lines
from cleaner.engine import prefilter
from cleaner.engine import triggers as triggers_module
from cleaner.engine.apply import _find_junk_fast, _find_junk_plain
from cleaner.engine.document import Document
from cleaner.engine.literals import begins_freely
from cleaner.engine.superset import supersets
from cleaner.engine.triggers import Triggers
from cleaner.pack import cache

re2 = pytest.importorskip("re2")

# Pieces of patterns, among them every construct the superset loosens.
PIECES = [
    "a", "b", "x", " ", "Ж", "東", ":", r"\.", "é", "İ", "ß", "k", "s", "σ", "😀",
    r"\d", r"\w", r"\s", r"\S", r"\W", ".", r"\p{Lu}", r"\p{L}", r"\P{Ll}", "[^.!?]", "[a-zж]", r"[\p{L}'’.-]",
    r"\b", "^", "$", r"(?=a)", r"(?!b)", r"(?<=\s)", r"(?<!x)",
]  # fmt: skip
# Characters a piece may match, for the texts made to match a pattern: cased letters of
# several scripts with their odd cases (Kelvin sign, long s, dotted I, final sigma),
# digits, spaces, punctuation, an astral emoji and an astral capital (Deseret).
ALPHABET = "abxABXkK\u212asSſσςΣéÉİiıßẞЖж東1٣ \u00a0\t:.!?'’-😀\U00010400\U00010428\u00ad\u200b"
piece = st.sampled_from(PIECES)
# What each piece matches of the alphabet, by flags, as ``regex`` itself says.
CHARS = {
    (source, flags): [c for c in ALPHABET if regex.fullmatch(source, c, flags)]
    for source in PIECES
    for flags in (0, regex.I)
}


@st.composite
def patterns(draw, flags: int, depth=0) -> tuple[str, str]:
    """A random ``regex`` pattern built of the pieces, groups, repeats and alternations,
    and a text made to match it (which ``regex`` itself picks, piece by piece; the
    assertions may still rule it out)."""
    items, sample = [], []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 5 if depth < 2 else 1))
        if choice <= 1:
            source = draw(piece)
            chars = CHARS[source, flags]
            items.append(source)
            sample.append(draw(st.sampled_from(chars)) if chars else "")
        elif choice == 2:
            inner, text = draw(patterns(flags, depth + 1))
            low = draw(st.integers(0, 3))
            high = draw(st.sampled_from(["", str(low), str(low + 2), str(low + 40)]))
            items.append(f"(?:{inner}){{{low},{high}}}" + draw(st.sampled_from(["", "?", "+"])))
            sample.append(text * draw(st.integers(low, min(int(high or low + 2), low + 2))))
        elif choice == 3:
            (one, text), (other, _) = draw(patterns(flags, depth + 1)), draw(patterns(flags, depth + 1))
            items.append(f"(?:{one}|{other})" if draw(st.booleans()) else f"(?:{other}|{one})")
            sample.append(text)
        elif choice == 4:
            name = f"g{draw(st.integers(0, 2**30))}"
            inner, text = draw(patterns(flags, depth + 1))
            items.append(f"(?P<{name}>{inner})(?&{name})?(?P={name})?")
            sample.append(text * draw(st.integers(1, 3)))
        else:
            inner, text = draw(patterns(flags, depth + 1))
            items.append(f"(?=[^\\W\\d]*$){inner}")
            sample.append(text)
    return "".join(items), "".join(sample)


@st.composite
def matched(draw) -> tuple[str, int, str]:
    """A random pattern's source and flags, and its text."""
    flags = draw(st.sampled_from([0, regex.I]))
    source, text = draw(patterns(flags))
    return source, flags, text


texts = st.text(alphabet=st.sampled_from(ALPHABET), max_size=14)


@settings(max_examples=300, deadline=None)
@given(matched(), st.lists(texts, max_size=4))
def test_a_superset_matches_every_line_its_pattern_matches(case, lines):
    source, flags, text = case
    pattern = compiled_or_none(source, flags)
    assume(pattern is not None)
    loose = supersets(pattern)
    assert loose  # every piece has a safe loosening
    for one in loose:  # the superset, and one for each lookahead the pattern begins with
        compiled = re2.compile(f"(?:{one})".encode())
        for line in [text, *lines]:
            if matches(pattern, line):
                assert compiled.fullmatch(line.encode()), (pattern.pattern, line, one)


def test_many_texts_made_for_patterns_match_them():
    """The property above is only as good as its texts: many must match their pattern
    (about a third do; the others fail an assertion such as ``\\b`` or ``(?=a)``)."""
    found = []

    @settings(max_examples=200, deadline=None, derandomize=True)  # a share of a sample: the same sample each run
    @given(matched())
    def sample(case):
        source, flags, text = case
        if (pattern := compiled_or_none(source, flags)) is not None:
            found.append(matches(pattern, text))

    sample()
    assert sum(found) > len(found) / 4


def matches(pattern: regex.Pattern, text: str) -> bool:
    """Whether ``pattern`` fully matches ``text``; False where it backtracks too long (a
    random pattern may nest repeats)."""
    try:
        return pattern.fullmatch(text, timeout=0.2) is not None
    except TimeoutError:
        return False


def compiled_or_none(source: str, flags: int = 0) -> regex.Pattern | None:
    """The pattern, or None when the generator made two groups of one name."""
    try:
        return regex.compile(source, flags)
    except regex.error:
        return None


line_rules = st.lists(
    st.builds(
        lambda made, scope: (made[0], scope), patterns(0), st.sampled_from(["anywhere", "head", "tail"])
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=100, deadline=None)
@given(documents, line_rules, st.lists(texts, max_size=6), st.sampled_from([(5, 6), (1, 8), (1, 2)]))
def test_random_rule_sets_give_the_plain_result(text, specs, extra_lines, deal):
    """Also with the triggers dealt out over one scanner each, or two scanners for all
    (``deal``: at most so many free triggers a scanner, and so many scanners)."""
    assume(all(compiled_or_none(source) for source, _ in specs))
    rules = RuleSet(
        tuple(EXTRA[:3])
        + tuple(
            rule(f"RND{i}", "line", pattern=source, scope=scope) for i, (source, scope) in enumerate(specs)
        )
    )
    text = text + "\n".join(extra_lines)
    with (
        patch.object(prefilter, "FREE_PER_SCANNER", deal[0]),
        patch.object(prefilter, "MAX_SCANNERS", deal[1]),
    ):
        triggers = Triggers.compile(rules)
    assert triggers.prefilter is not None
    lines = Document(text)
    plain = result_of(text, *_find_junk_plain(lines, rules, 1.0))
    assume(not plain.skipped)  # a timeout depends on the machine (and the prefilter may spare the line)
    assert result_of(text, *_find_junk_fast(lines, rules, triggers, 1.0)) == plain


def eval_texts() -> list[str]:
    return [
        json.loads(line)["text"]
        for name in ("news", "modern")
        for line in (EVAL / name / "docs.jsonl").read_text(encoding="utf-8").split("\n")
        if line
    ]


@pytest.mark.skipif(EVAL is None, reason="shared/eval is not next to this checkout")
def test_every_eval_document_gets_the_plain_result():
    rules = default_rules()
    triggers = Triggers.compile(rules)
    assert triggers.prefilter is not None and set(triggers.prefilter.needed) == set(triggers.covered)
    texts = eval_texts()
    assert len(texts) > 2000
    for text in texts:
        lines = Document(text)
        plain = result_of(text, *_find_junk_plain(lines, rules, 1.0))
        assert result_of(text, *_find_junk_fast(lines, rules, triggers, 1.0)) == plain


def test_without_google_re2_the_triggers_run_as_regex_patterns(monkeypatch):
    rules = RuleSet(tuple(default_rules()) + tuple(EXTRA))
    text = "CGTN\nRead more:\nA headline\n\nShare this\nThe talks went on.\nSource: Xinhua\n"
    lines = Document(text)
    native = Triggers.compile(rules)
    monkeypatch.setitem(__import__("sys").modules, "re2", None)  # import re2 now fails
    assert prefilter.native() is None
    fallback = Triggers.compile(rules)
    assert native.prefilter is not None and fallback.prefilter is None
    assert fallback.covered == native.covered
    plain = result_of(text, *_find_junk_plain(lines, rules, 1.0))
    assert result_of(text, *_find_junk_fast(lines, rules, fallback, 1.0)) == plain
    assert result_of(text, *_find_junk_fast(lines, rules, native, 1.0)) == plain
    assert [r.rule for r in plain.rule_removals()] == ["SRC001", "REL001", "SRC002"]


def test_a_google_re2_without_the_binding_objects_falls_back_to_regex(monkeypatch):
    """The prefilter calls the binding's own objects; a google-re2 whose wrappers hide
    them (another version) gives no prefilter, and the same results, not an error."""
    import re2

    class Wrapped:  # a wrapper with the same calls but no ``_regexp`` / ``_set`` inside
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            if name in ("_regexp", "_set"):
                raise AttributeError(name)
            return getattr(self.inner, name)

    class FullMatchSet:
        def __init__(self, options):
            self.inner = re2.Set.FullMatchSet(options)

        def __getattr__(self, name):
            if name == "_set":
                raise AttributeError(name)
            return getattr(self.inner, name)

    fake = type("re2", (), {"Options": re2.Options, "compile": lambda *a: Wrapped(re2.compile(*a))})
    fake.Set = type("Set", (), {"FullMatchSet": FullMatchSet})
    monkeypatch.setattr(prefilter, "native", lambda: fake)
    rules = RuleSet(tuple(default_rules()) + tuple(EXTRA))
    text = "CGTN\nRead more:\nA headline\n\nShare this\nThe talks went on.\nSource: Xinhua\n"
    lines = Document(text)
    fallback = Triggers.compile(rules)
    assert fallback.prefilter is None
    plain = result_of(text, *_find_junk_plain(lines, rules, 1.0))
    assert result_of(text, *_find_junk_fast(lines, rules, fallback, 1.0)) == plain


def test_a_document_re2_cannot_read_is_screened_line_by_line():
    rules = default_rules()
    text = "Read more:\nA headline\nBroken \ud800 text.\n"  # a lone surrogate cannot be UTF-8
    lines = Document(text)
    triggers = Triggers.compile(rules)
    assert triggers.prefilter.candidates(text) is None
    plain = result_of(text, *_find_junk_plain(lines, rules, 1.0))
    assert result_of(text, *_find_junk_fast(lines, rules, triggers, 1.0)) == plain
    assert plain.text == "Broken \ud800 text.\n"


def test_the_prefilter_names_only_lines_a_trigger_may_match():
    triggers = Triggers.compile(default_rules())
    text = "The talks resumed on Monday, the ministry said.\n\nRead more:\nПереговоры продолжились.\n"
    screen = triggers.screen(text)
    named = {line: sorted(default_rules()[i].id for i in rules) for line, rules in screen.items()}
    assert "REL001" in named[2] and 0 not in named and 3 not in named


def test_the_prefilter_reads_through_soft_hyphens_as_the_rules_do():
    rules = default_rules()
    text = "The talks resumed.\nAdver\u00adtise\u200bment\nRead\u00ad more:\nThe end.\n"
    lines = Document(text)
    triggers = Triggers.compile(rules)
    assert {1, 2} <= set(triggers.screen(text))
    fast = result_of(text, *_find_junk_fast(lines, rules, triggers, 1.0))
    assert fast == result_of(text, *_find_junk_plain(lines, rules, 1.0))
    assert fast.text == "The talks resumed.\nThe end.\n"


def test_what_compiling_derives_is_kept_in_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    rules = RuleSet(tuple(EXTRA))
    first = Triggers.compile(rules).prefilter
    table = cache.load_table(prefilter.TABLE)
    trigger = EXTRA[0].kind.start
    assert table[(trigger.pattern, trigger.flags)] == (supersets(trigger), begins_freely(trigger))
    assert cache.load_table(triggers_module.TABLE)[(trigger.pattern, trigger.flags)] is True
    derive = ((prefilter, "supersets"), (prefilter, "begins_freely"), (triggers_module, "combinable"))
    for module, name in derive:
        monkeypatch.setattr(module, name, None)  # a second compile derives nothing
    again = Triggers.compile(rules).prefilter
    assert [s.owners for s in again.scanners] == [s.owners for s in first.scanners]
    assert again.needed == first.needed


def test_a_long_document_is_scanned_a_chunk_at_a_time(monkeypatch):
    rules = default_rules()
    triggers = Triggers.compile(rules)
    text = "The talks went on.\nRead more:\nA headline\n\n" * 40 + "Source: Xinhua"
    lines = Document(text)
    whole = triggers.screen(text)
    monkeypatch.setattr(engine_lines, "CHUNK", 50)  # two or three lines a chunk
    assert triggers.screen(text) == whole and len(whole) >= 40
    plain = result_of(text, *_find_junk_plain(lines, rules, 1.0))
    assert result_of(text, *_find_junk_fast(lines, rules, triggers, 1.0)) == plain


def test_triggers_that_begin_freely_are_dealt_out_over_the_scanners(monkeypatch):
    """Each scanner's DFA tracks fewer patterns at once, so it stays small."""
    rules = default_rules()
    free = [r for r in rules if r.kind.trigger_pattern is not None and begins_freely(r.kind.trigger_pattern)]
    monkeypatch.setattr(prefilter, "FREE_PER_SCANNER", 3)
    monkeypatch.setattr(prefilter, "MAX_SCANNERS", 100)
    scanners = Triggers.compile(rules).prefilter.scanners
    assert len(scanners) == -(-len(free) // 3)
    assert sorted(i for s in scanners for i in set(s.owners)) == sorted(Triggers.compile(rules).covered)
    monkeypatch.setattr(prefilter, "MAX_SCANNERS", 2)
    assert len(Triggers.compile(rules).prefilter.scanners) == 2
