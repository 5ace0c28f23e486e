"""`cleaner mine`: repeated junk found in a corpus becomes draft rules that pass their tests."""

import random

import pytest
import regex
from corpus import FOOTER, NEWSLETTER, make_corpus
from typer.testing import CliRunner

import cleaner
from cleaner.authoring.mine import draft_rules, fold, mine, pattern_for
from cleaner.pack.rules import RuleSet

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("corpus"), docs=200)


@pytest.mark.slow
def test_mine_a_200_document_corpus_into_a_tested_rule_pack(corpus, tmp_path):
    from cleaner.cli import app

    draft = tmp_path / "site.toml"
    # mined without the default pack, which already knows copyright footers (LEG001)
    result = runner.invoke(
        app, ["mine", str(corpus), "--out", str(draft), "--prefix", "SITE", "--no-default-rules"]
    )
    assert result.exit_code == 0, result.output
    texts = {p: p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))}
    footer = FOOTER.split("} ")[1]  # the footer without its year
    footers = sum(footer in t for t in texts.values())
    prompts = sum(NEWSLETTER in t for t in texts.values())
    assert footers > 150 and prompts > 120  # most documents carry both

    # both are proposed, ranked by the documents they touch
    report = result.stderr.splitlines()
    assert report[0].split()[1] == str(footers) and "The Harbour Gazette" in report[0]
    assert report[1].split()[1] == str(prompts) and NEWSLETTER in report[1]

    # the draft passes `cleaner rules test` and `cleaner rules check`
    tested = runner.invoke(app, ["rules", "test", str(draft)])
    assert tested.exit_code == 0, tested.output
    assert tested.stdout.count("PASS SITE001-remove") >= 2  # years generalised: several wordings
    assert runner.invoke(app, ["rules", "check", str(draft)]).exit_code == 0

    # and on its own the draft removes both from every document, and nothing else
    rules = cleaner.load_rules(draft, defaults=False)
    for path, text in texts.items():
        result = cleaner.clean(text, rules=rules)
        assert NEWSLETTER not in result.text and footer not in result.text, path
        if path.name.startswith("gen_"):
            kept = [line for line in text.splitlines() if line and line != NEWSLETTER and footer not in line]
            assert result.text.splitlines()[::2] == kept


def test_lines_repeated_inside_one_document_and_short_edge_lines(tmp_path):
    rng = random.Random(1)
    words = "harbour ferry council budget vote river bridge school market winter road".split()

    def sentence():
        return " ".join(rng.choices(words, k=12)).capitalize() + "."

    docs = [f"{sentence()}\n{sentence()}\n{sentence()}" for _ in range(100)]
    docs[0] = f"Crowds gather at the pier at dawn\n{sentence()}\nCrowds gather at the pier at dawn"
    for i in (1, 2, 3):  # too few documents for the share threshold, but short and at the edge
        docs[i] = f"By staff reporter {i}\n{docs[i]}"
    findings = {f.text: f for f in mine(docs, RuleSet()).findings}
    assert set(findings) == {"By staff reporter 1", "Crowds gather at the pier at dawn"}
    byline = findings["By staff reporter 1"]
    assert (byline.docs, byline.kind, byline.scope) == (3, "line", "head")
    repeat = findings["Crowds gather at the pier at dawn"]
    assert (repeat.docs, repeat.repeated, repeat.kind) == (1, 1, "repeated")
    draft = tmp_path / "draft.toml"
    draft.write_text(draft_rules(mine(docs, RuleSet())), encoding="utf-8")
    rules = cleaner.load_rules(draft, defaults=False)
    assert {r.kind.name for r in rules} == {"line", "repeated"}
    assert cleaner.clean(docs[0], rules=rules).text == docs[0].splitlines()[1] + "\n"
    assert cleaner.clean(docs[2], rules=rules).text == "\n".join(docs[2].splitlines()[1:]) + "\n"


def test_lines_the_rules_already_remove_are_not_proposed():
    docs = [f"CGTN\nStory number {i} about the {w} is told here in full." for i, w in enumerate("abcdefghij")]
    assert [f.text for f in mine(docs, RuleSet()).findings] == ["CGTN"]
    assert mine(docs).findings == ()  # the default pack's SRC001 covers it


def test_fold_and_pattern_handle_digits_spacing_and_other_scripts():
    assert fold("Подписывайтесь\u00a0на  канал 2024") == fold("подписывайтесь на канал 1999")
    for line in (
        "Подписывайтесь на наш канал (Telegram)!",
        "© 2024 日本経済新聞社",
        "Price: $4.99 [50% off]",
    ):
        compiled = regex.compile(pattern_for(line))
        assert compiled.fullmatch(line)
        assert compiled.fullmatch(regex.sub(r"\d+", "7", line))


def test_a_wording_with_nbsp_still_gets_a_passing_rule(tmp_path):
    towns = "Ayr Bath Cork Derry Ely Fife Hull Iona Jura Kent Leek Mold Nairn Oban Perth Ripon".split()
    docs = [f"The ferry to {town} ran late on the first day of the strike, riders said." for town in towns]
    docs = [
        d + ("\nFollow us\u00a0on Mastodon" if i % 2 else "\nFollow us on Mastodon")
        for i, d in enumerate(docs)
    ]
    mining = mine(docs, RuleSet())
    assert [(f.text, f.docs) for f in mining.findings] == [("Follow us on Mastodon", 16)]
    draft = tmp_path / "draft.toml"
    draft.write_text(draft_rules(mining), encoding="utf-8")
    rules = cleaner.load_rules(draft, defaults=False)
    assert rules[0].spec["pattern"] == r"Follow\s+us\s+on\s+Mastodon"
    assert all(cleaner.clean(d, rules=rules).text.count("Mastodon") == 0 for d in docs)


def test_bad_prefix_and_missing_folder(tmp_path):
    from cleaner.cli import app

    with pytest.raises(ValueError, match="prefix"):
        draft_rules(mine([], RuleSet()), prefix="acme")
    result = runner.invoke(app, ["mine", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "not a folder" in result.stderr
    result = runner.invoke(app, ["mine", str(tmp_path), "--prefix", "acme"])
    assert result.exit_code == 2 and "rule id prefix 'acme' must be capital letters" in result.stderr
