"""HTML input end to end: small pages written for the tests, through the library and the CLI."""

import gzip
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.io.html import clean_html, extract_text, recovered
from cleaner.pack.rules import load_rules

PAGES = ROOT / "tests" / "html"
BRIDGE = (PAGES / "bridge.html").read_text(encoding="utf-8")
PARAGRAPHS = [
    "The harbour bridge reopened to traffic on Monday after eight months of repairs",
    "Engineers replaced the steel cables",
    "Drivers queued from dawn",
    "The bridge carries about 60,000 vehicles a day",
]
runner = CliRunner()


def test_clean_html_keeps_the_article_and_drops_junk_and_chrome():
    result = clean_html(BRIDGE)
    for paragraph in PARAGRAPHS:
        assert paragraph in result.text
    assert "Advertisement" not in result.text
    assert "Read more" not in result.text
    # a lone item right above a paragraph may be the article's next subheading (REL001's
    # prose_after): the text alone cannot tell it from a link, so it stays
    assert "City council approves new ferry timetable\nThe bridge carries" in result.text
    for chrome in ("Home", "Sport", "All rights reserved", "Great news, finally"):
        assert chrome not in result.text
    assert {r.rule for r in result.rule_removals()} == {"ADV001", "REL001"}
    assert result.restore() == extract_text(BRIDGE)


def test_title_tables_and_comments_options():
    heading = "Harbour bridge reopens after repairs\n"
    assert clean_html(BRIDGE).text.startswith(heading)  # the page's heading, as trafilatura keeps it
    assert clean_html(BRIDGE, title=True).text.startswith(heading)
    assert clean_html("<html><head><title>Bridge</title></head><body><p>" + PARAGRAPHS[0] + "</p></body></html>", title=True).text == f"Bridge\n\n{PARAGRAPHS[0]}\n"
    assert "| Lanes | 4 |" in clean_html(BRIDGE).text
    assert "Lanes" not in clean_html(BRIDGE, tables=False).text
    assert "Great news, finally!" in clean_html(BRIDGE, comments=True).text


def test_the_title_rule_takes_exactly_the_title_the_page_names_and_shows_it():
    rules = load_rules(select=["TTL001", "ADV", "REL"])
    result = clean_html(BRIDGE, rules=rules)
    assert not result.text.startswith("Harbour bridge")
    assert [(r.rule, r.text) for r in result.rule_removals()][0] == ("TTL001", "Harbour bridge reopens after repairs\n")
    assert result.restore() == extract_text(BRIDGE)
    # a first line that reads like a headline but is not the page's title stays
    page = "<html><head><title>Harbour news</title></head><body><article><h2>Ferry timetable changes</h2>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"
    assert clean_html(page, rules=rules).text.startswith("Ferry timetable changes\n")
    assert clean_html(BRIDGE, rules=rules, title=True).text.startswith("Harbour bridge reopens after repairs\n")


def test_favor_switches_reach_trafilatura_and_bad_values_are_refused():
    for favor in ("precision", "recall"):
        assert PARAGRAPHS[0] in clean_html(BRIDGE, favor=favor).text
    with pytest.raises(ValueError, match="favor must be one of"):
        clean_html(BRIDGE, favor="speed")


def test_cyrillic_page_from_bytes():
    text = clean_html((PAGES / "vybory.htm").read_bytes()).text
    assert "явка составила почти сорок процентов." in text
    assert "Первое заседание нового совета" in text
    assert "Реклама" not in text and "Фото:" not in text and "Все права защищены" not in text


def test_a_page_without_an_article_gives_empty_text():
    assert clean_html((PAGES / "empty.html").read_text(encoding="utf-8")).text == ""


def test_cli_reads_html_files_and_folders_by_suffix(tmp_path):
    one = runner.invoke(app, ["clean", str(PAGES / "bridge.html")])
    assert one.exit_code == 0, one.output
    assert one.stdout == clean_html(BRIDGE).text
    out = tmp_path / "out"
    folder = runner.invoke(app, ["clean", str(PAGES), "--from", "html", "--out", str(out)])
    assert folder.exit_code == 0, folder.output
    assert sorted(p.name for p in out.iterdir()) == ["bridge.txt", "empty.txt", "vybory.txt"]
    assert (out / "bridge.txt").read_text(encoding="utf-8") == clean_html(BRIDGE).text


def test_cli_html_from_stdin_with_options():
    result = runner.invoke(app, ["clean", "-", "--from", "html", "--title", "--no-tables"], input=BRIDGE)
    assert result.exit_code == 0, result.output
    assert result.stdout == clean_html(BRIDGE, title=True, tables=False).text
    as_text = runner.invoke(app, ["clean", "-"], input=BRIDGE)
    assert "<article>" in as_text.stdout  # stdin is text unless --from html


def test_a_compressed_page_is_read_as_html_and_its_text_written_compressed(tmp_path):
    page = tmp_path / "bridge.html.gz"
    page.write_bytes(gzip.compress(BRIDGE.encode("utf-8")))
    result = runner.invoke(app, ["clean", str(page), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["bridge.txt.gz"]
    assert gzip.decompress((tmp_path / "out" / "bridge.txt.gz").read_bytes()).decode() == clean_html(BRIDGE).text


LATIN_PAGE = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    "<title>Gr\xfc\xdfe</title></head><body><article>"
    "<p>Die Stra\xdfenbahn f\xe4hrt wieder \x96 &bdquo;endlich&ldquo;, sagte die B\xfcrgermeisterin am Montag vor dem Rathaus.</p>"
    "<p>Die Reparatur der Gleise hat acht Monate gedauert und kostete mehr als geplant, hie\xdf es.</p>"
    "<p>Fahrg\xe4ste m\xfcssen sich dennoch auf kleine Versp\xe4tungen einstellen, bis alles l\xe4uft.</p>"
    "</article></body></html>"
).encode("latin-1")


@pytest.mark.parametrize("encoding", [[], ["--encoding", "auto"]])
def test_a_page_in_the_encoding_it_declares_gives_utf8_text(tmp_path, encoding):
    """A Latin-1 page is read as its ``<meta>`` says (windows-1252, as browsers read it:
    byte 0x96 is a dash) and its text written as UTF-8, with the characters its entities
    name, which Latin-1 has not."""
    page = tmp_path / "tram.html"
    page.write_bytes(LATIN_PAGE)
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(page), "--out", str(out), *encoding])
    assert result.exit_code == 0, result.output
    text = (out / "tram.txt").read_text(encoding="utf-8")
    assert "Die Straßenbahn fährt wieder – „endlich“, sagte die Bürgermeisterin" in text


def test_a_page_that_declares_no_encoding_and_is_not_utf8_gets_one_line(tmp_path):
    page = tmp_path / "tram.html"
    page.write_bytes(LATIN_PAGE.replace(b"; charset=iso-8859-1", b""))
    result = runner.invoke(app, ["clean", str(page), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{page}: not valid utf-8 at line 1" in result.stderr


def test_cli_refuses_to_rewrite_html_in_place(tmp_path):
    page = tmp_path / "bridge.html"
    shutil.copy(PAGES / "bridge.html", page)
    result = runner.invoke(app, ["clean", str(page), "--in-place"])
    assert result.exit_code == 2
    assert "cannot be cleaned in place" in result.stderr
    assert page.read_text(encoding="utf-8") == BRIDGE


@pytest.mark.slow
def test_plain_text_cleaning_does_not_import_trafilatura():
    code = "import sys, cleaner; cleaner.clean('Advertisement\\nText.'); print('trafilatura' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


FERRY = "The ferry resumed service on Monday after a winter of repairs to both of its engines. " * 3
TICKETS = "Tickets cost the same as last year, and the first crossing left the harbour at six. " * 3


def card(n):
    """A teaser card of a grid inside the article, which trafilatura's balanced mode drops
    and its recall mode keeps."""
    return (
        f'<div class="col"><article class="teaser"><div class="teaser__content"><h3 class="teaser__title">'
        f'<a href="/t{n}">Topic {n}</a></h3><p>Crews repaired engine number {n} over the winter months, the '
        f'harbour master said.</p><p><a href="/t{n}">Find out how the crews repaired engine {n} and what it '
        f"cost.</a></p></div></article></div>"
    )


def test_recover_adds_the_sentences_only_the_recall_pass_finds_in_place():
    grid = '<div class="grid-row">' + "".join(card(n) for n in range(3)) + "</div>"
    page = f"<html><body><article><p>{FERRY}</p>{grid}<p>{TICKETS}</p></article></body></html>"
    balanced = extract_text(page, recover=False)
    assert balanced.split("\n") == [FERRY.strip(), TICKETS.strip()]
    lines = extract_text(page).split("\n")
    crews = [f"Crews repaired engine number {n} over the winter months, the harbour master said." for n in range(3)]
    assert lines == [FERRY.strip(), *crews, TICKETS.strip()]  # headings ("Topic 0") stay out
    assert clean_html(page).text.split("\n")[:-1] == lines
    assert clean_html(page, recover=False).text == balanced + "\n"
    for favor in ("precision", "recall"):  # recover adds to balanced extraction only
        assert extract_text(page, favor=favor) == extract_text(page, favor=favor, recover=False)
    for flag, expected in (([], clean_html(page).text), (["--no-recover"], balanced + "\n")):
        result = runner.invoke(app, ["clean", "-", "--from", "html", *flag], input=page)
        assert result.exit_code == 0, result.output
        assert result.stdout == expected


@pytest.mark.parametrize(
    ("balanced", "recall", "expected"),
    [
        # a list item and a long sentence between two shared lines go in, where they stood
        ("A.\nB.", "A.\n- an item\nMenu\nB.", "A.\n- an item\nB."),
        # before the first and after the last shared line: page chrome, left out
        ("A.", "- Home\nA.\n- Next story in the series\nThe end of the page is here, with its many words.", "A."),
        # a paragraph the balanced text holds already, split another way, is not added twice
        (
            "The council met on Tuesday. It voted to close the old bridge for good.\nB.",
            "The council met on Tuesday.\nIt voted to close the old bridge for good, a spokesman said.\nB.",
            "The council met on Tuesday. It voted to close the old bridge for good.\nB.",
        ),
        # Cyrillic and CJK lines are words too; a short line with no sentence end stays out
        (
            "Первая строка.\n最後の行。",
            "Первая строка.\nСовет города проголосовал за закрытие старого моста во вторник вечером.\n"
            "短い見出し\n市議会は火曜日に古い橋を閉鎖することを決めた。\n最後の行。",
            "Первая строка.\nСовет города проголосовал за закрытие старого моста во вторник вечером.\n"
            "市議会は火曜日に古い橋を閉鎖することを決めた。\n最後の行。",
        ),
        # blank lines and the balanced text's own layout stay as they were
        ("A.\n\nB.\n", "A.\n- one\n- two\nB.", "A.\n- one\n- two\n\nB.\n"),
    ],
)
def test_recovered_lines(balanced, recall, expected):
    assert recovered(balanced, recall) == expected
