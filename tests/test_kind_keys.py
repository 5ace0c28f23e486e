"""The keys that keep rules off article text: ``edges`` scope, ``min_matches``, the
list's ``prose_after`` and the attached kind's ``one_sentence``; on the plain path and,
once the rule set's triggers are compiled, on the fast path (the same result)."""

import pytest
from conftest import line_rule, write_rules

import cleaner
from cleaner import load_rules
from cleaner.engine.apply import _find_junk_plain
from cleaner.engine.document import Document

PROSE = "The council voted on Tuesday to extend the scheme for another two years, officials said."


def rules_from(tmp_path, body):
    return load_rules(write_rules(tmp_path / "r.toml", body), defaults=False)


def removed(text, rules):
    """Removed lines, as the engine finds them, checked against the plain reference."""
    result = cleaner.clean(text, rules=rules)
    lines = Document(text)
    plain, _ = _find_junk_plain(lines, rules, 1.0)
    gone = [line.strip() for r in result.rule_removals() for line in r.text.splitlines() if line.strip()]
    assert sorted(gone) == sorted(lines[i].text for i in plain)
    return gone


@pytest.mark.parametrize("warm", [False, True], ids=["plain", "compiled"])
def test_edges_scope_acts_near_either_edge_only(tmp_path, warm):
    rules = rules_from(
        tmp_path,
        line_rule("EDG001", "Home", remove=("Home",), keep=("x",), extra='scope = "edges"\nlines = 2'),
    )
    body = "\n".join([PROSE] * 6)
    text = f"Home\n{body}\nHome\n{body}\nHome\n"
    if warm:  # enough lines for the rule set to compile its triggers
        for _ in range(40):
            cleaner.clean(text, rules=rules)
    assert removed(text, rules) == ["Home", "Home"]  # the first and last, not the middle


def test_min_matches_takes_a_cluster_and_leaves_a_lone_match(tmp_path):
    rules = rules_from(
        tmp_path,
        line_rule(
            "TSR001", r".+\.\.\.", remove=("a...\nb...\nc...",), keep=("a...",), extra="min_matches = 3"
        ),
    )
    teasers = "Council plans a new ferry...\nСовет одобрил новый план...\n議会が新しい計画を...\n"
    lone = f"{PROSE}\nBut things are looking up...\n{PROSE}\n"
    assert len(removed(teasers + PROSE + "\n", rules)) == 3
    assert removed(lone, rules) == []
    far = (
        f"One...\n{PROSE}\n{PROSE}\n{PROSE}\n{PROSE}\nTwo...\n{PROSE}\n{PROSE}\n{PROSE}\n{PROSE}\nThree...\n"
    )
    assert removed(far, rules) == []  # three matches, but no three within 3 lines


def test_list_stops_before_a_subheading_that_heads_prose():
    rel = load_rules(select=["REL001"])
    listed = "Read more:\nFerry timetable changes in May\nBridge tolls rise again\n" + PROSE + "\n"
    assert removed(listed, rel) == ["Read more:", "Ferry timetable changes in May"]
    assert cleaner.clean(listed, rules=rel).text == f"Bridge tolls rise again\n{PROSE}\n"
    short = "Read more:\nFerry timetable changes in May\nBridge tolls rise again\nThe end.\n"
    assert len(removed(short, rel)) == 3  # "The end." is no paragraph: the whole list goes


def test_one_sentence_keeps_a_paragraph_above_a_credit():
    cap = load_rules(select=["CAP002"])
    caption = "Crowds at the bridge on Monday.\nPhoto: Ana Ruiz/AP\n"
    paragraph = "Crowds came to the bridge. Many stayed until dark.\nPhoto: Ana Ruiz/AP\n"
    initials = "John M. Ford at the bridge in 2002.\nPhoto: Ana Ruiz/AP\n"
    assert cleaner.clean(caption, rules=cap).text == ""
    assert cleaner.clean(paragraph, rules=cap).text == "Crowds came to the bridge. Many stayed until dark.\n"
    assert cleaner.clean(initials, rules=cap).text == ""  # an initial is no sentence break
