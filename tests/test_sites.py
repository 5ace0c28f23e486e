"""Rules scoped to sites: the `sites` key, and a document's site from every source."""

import json

import pytest
from conftest import write_rules
from typer.testing import CliRunner

import cleaner
from cleaner.cli import app
from cleaner.pack.rules import read_rules
from cleaner.pack.sites import folder_site, matches, normalize, site_of

PACK = """
sites = ["Example.com", "*.example.org", "xn--bcher-kva.de"]

[[rules]]
id = "EXA001"
name = "example-footer"
kind = "line"
description = "The footer Example's pages end with."
pattern = 'more from example'
examples = {remove = ["More from Example"], keep = ["The talks resumed."]}

[[rules]]
id = "EXA002"
name = "other-footer"
kind = "line"
description = "A footer only other.net prints."
sites = ["other.net"]
pattern = 'other footer'
examples = {remove = ["Other footer"], keep = ["The talks resumed."]}
"""
TEXT = "More from Example\nOther footer\nThe talks resumed.\n"


@pytest.fixture
def pack(tmp_path):
    return write_rules(tmp_path / "example.toml", PACK)


def test_host_forms_compare_equal():
    assert normalize("WWW.Example.COM.") == "example.com"
    assert site_of("https://www.Bücher.de/x") == site_of("http://xn--bcher-kva.de") == "bücher.de"
    assert site_of("https://новости.рф/a") == "новости.рф"
    assert site_of(None) is site_of("/only/a/path") is None
    assert matches(["*.example.org"], "a.b.example.org") and not matches(["*.example.org"], "example.org")


def test_file_sites_and_a_rules_own_sites(pack):
    rules = cleaner.load_rules(pack, defaults=False)
    assert [r.sites for r in rules] == [("example.com", "*.example.org", "bücher.de"), ("other.net",)]
    assert (
        cleaner.clean(TEXT, rules=rules, site="www.example.com").text == "Other footer\nThe talks resumed.\n"
    )
    assert cleaner.clean(TEXT, rules=rules, site="news.example.org").text.startswith("Other footer")
    assert cleaner.clean(TEXT, rules=rules, site="XN--BCHER-KVA.DE").text.startswith("Other footer")
    assert cleaner.clean(TEXT, rules=rules, site="other.net").text.startswith("More from Example")
    assert cleaner.clean(TEXT, rules=rules).text == TEXT  # no site: no site-scoped rule
    assert cleaner.clean(TEXT, rules=rules, site="elsewhere.com").text == TEXT


def test_one_rule_set_per_choice_of_rules(pack):
    rules = cleaner.load_rules(pack)  # the default pack is not scoped
    assert rules.for_site(None) is rules.for_site("elsewhere.com") is rules.for_site("a.com")
    assert rules.for_site("example.com") is rules.for_site("news.example.org")
    assert rules.for_site("example.com") is not rules.for_site(None)
    assert cleaner.default_rules().for_site("example.com") is cleaner.default_rules()


def test_scoped_rules_pass_their_examples(pack):
    result = CliRunner().invoke(app, ["rules", "test", str(pack)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("top", "own", "message"),
    [
        ('sites = "example.com"', "", "'sites' must be a list of host patterns"),
        ("sites = []", "", "'sites' must be a list of host patterns"),
        (
            'sites = ["https://example.com/"]',
            "",
            "in 'sites': 'https://example.com/' is not a host name pattern",
        ),
        ("", 'sites = ["ok.com", 7]', "EXA001: in 'sites': 7 is not a host name pattern"),
        ('site = ["example.com"]', "", "unknown top-level key 'site'; did you mean 'sites'?"),
    ],
)
def test_rules_check_validates_sites(tmp_path, top, own, message):
    body = f"""{top}
[[rules]]
id = "EXA001"
name = "example-footer"
kind = "line"
description = "A footer."
pattern = 'more from example'
{own}
examples = {{remove = ["More from Example"], keep = ["Text."]}}
"""
    path = write_rules(tmp_path / "bad.toml", body)
    _, problems = read_rules([path])
    assert any(message in str(p) for p in problems), problems
    if top.startswith("sites"):
        assert str(problems[0]).startswith(f"{path}:1:1: ")
    result = CliRunner().invoke(app, ["rules", "check", str(path)])
    assert result.exit_code == 1 and message in result.output


def run(*args, input=None):
    return CliRunner().invoke(app, list(map(str, args)), input=input)


def test_site_option(pack, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert run("clean", article, "--no-default-rules", "--rules", pack).stdout == TEXT
    assert run(
        "clean", article, "--no-default-rules", "--rules", pack, "--site", "example.com"
    ).stdout.startswith("Other footer")
    assert run(
        "clean", "-", "--no-default-rules", "--rules", pack, "--site", "other.net", input=TEXT
    ).stdout.startswith("More")
    explained = run("explain", article, "--no-default-rules", "--rules", pack, "--site", "www.example.com")
    assert "EXA001" in explained.stdout and "EXA002" not in explained.stdout


def test_jsonl_records_by_their_url_field(pack, tmp_path):
    records = [
        {"url": "https://www.example.com/a", "text": TEXT},
        {"url": "https://other.net/b", "text": TEXT},
        {"text": TEXT},
        {"link": "https://example.com/c", "text": TEXT},
    ]
    data = tmp_path / "a.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = [
        json.loads(line)["text"]
        for line in run("clean", data, "--no-default-rules", "--rules", pack).stdout.splitlines()
    ]
    assert out == [
        "Other footer\nThe talks resumed.\n",
        "More from Example\nThe talks resumed.\n",
        TEXT,
        TEXT,
    ]
    linked = run(
        "clean", data, "--no-default-rules", "--rules", pack, "--url-field", "link"
    ).stdout.splitlines()
    assert [json.loads(line)["text"] for line in linked][2:] == [TEXT, "Other footer\nThe talks resumed.\n"]


PAGE = """<html><head><title>Talks</title>{head}</head><body><article>
<p>The talks resumed on Monday after a long pause, the minister said in the capital.</p>
<p>More from Example</p>
<p>Negotiators from both sides met for six hours and agreed to meet again next week.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="canonical" href="https://www.example.com/talks">',
        '<meta property="og:url" content="https://news.example.org/t">',
    ],
)
def test_html_pages_by_their_canonical_link_or_og_url(pack, head):
    rules = cleaner.load_rules(pack, defaults=False)
    page = PAGE.format(head=head)
    assert "More from Example" not in cleaner.clean_html(page, rules=rules).text
    assert "More from Example" in cleaner.clean_html(page, rules=rules, site="other.net").text
    assert "More from Example" in cleaner.clean_html(PAGE.format(head=""), rules=rules).text
    assert (
        "More from Example"
        not in cleaner.clean_html(PAGE.format(head=""), rules=rules, default_site="example.com").text
    )


def test_folder_level_and_configured_folder_sites(pack, tmp_path):
    corpus = tmp_path / "corpus"
    for folder in ("example.com/2024", "misc", "bbc/news"):
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "top.txt").write_text(TEXT, encoding="utf-8")
    assert (
        run("clean", corpus, "--no-default-rules", "--rules", pack, "--out", tmp_path / "out").exit_code == 0
    )
    out = tmp_path / "out"
    assert (out / "example.com/2024/a.txt").read_text("utf-8") == "Other footer\nThe talks resumed.\n"
    assert (out / "misc/a.txt").read_text("utf-8") == (out / "top.txt").read_text("utf-8") == TEXT

    config = tmp_path / "cleaner.toml"
    config.write_text('[folder-sites]\n"bbc/*" = "other.net"\n"misc" = "www.example.com"\n', encoding="utf-8")
    again = tmp_path / "again"
    result = run("--config", config, "clean", corpus, "--no-default-rules", "--rules", pack, "--out", again)
    assert result.exit_code == 0, result.output
    assert (again / "bbc/news/a.txt").read_text("utf-8") == "More from Example\nThe talks resumed.\n"
    assert (again / "misc/a.txt").read_text("utf-8") == "Other footer\nThe talks resumed.\n"
    assert (again / "example.com/2024/a.txt").read_text("utf-8") == "Other footer\nThe talks resumed.\n"


def test_folder_site_reads_the_path_below_the_input_folder():
    from pathlib import PurePath

    assert folder_site(PurePath("WWW.Example.com/a.txt")) == "example.com"
    assert folder_site(PurePath("x/y/a.txt"), [("x/y", "y.com"), ("x/*", "x.com")]) == "y.com"
