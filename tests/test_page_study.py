"""bench/page_study.py: the lines clean_html kept, found in the page, and what a candidate costs."""

import importlib.util
import sys
from pathlib import Path

from cleaner.authoring.evaluate import Page

PATH = Path(__file__).resolve().parent.parent / "bench" / "page_study.py"
spec = importlib.util.spec_from_file_location("page_study", PATH)
study = sys.modules.setdefault("page_study", importlib.util.module_from_spec(spec))  # dataclasses look it up
spec.loader.exec_module(study)

HTML = """<html><body><header class="top"><h1>Мост снова открыт</h1></header>
<article><p>Движение по мосту восстановлено после ремонта.</p>
<nav role="navigation"><a href="/x">Главная</a></nav></article></body></html>"""


def test_kept_lines_finds_each_line_in_the_page():
    lines = study.kept_lines(
        HTML, "Мост снова открыт\n\nДвижение по мосту восстановлено после ремонта.\nГлавная\nнет в странице"
    )
    assert [line.tag for line in lines] == ["h1", "p", "a", None]
    assert "header" in lines[0].ancestors and "top" in lines[0].words
    assert "role=navigation" in lines[2].attributes
    assert lines[3].ancestors == () and not lines[3].attributes


def test_candidates_name_the_lines_they_take():
    lines = study.kept_lines(
        HTML, "Мост снова открыт\nДвижение по мосту восстановлено после ремонта.\nГлавная"
    )
    taken = {name: [i for i in range(len(lines)) if c(lines, i)] for name, c in study.CANDIDATES.items()}
    assert taken["h1 element"] == [0] and taken["h1 after the first line"] == []
    assert taken["in a <header>"] == [0] and taken["in <nav>"] == [2]
    assert taken["role=navigation/complementary"] == [2] and taken["in <footer>"] == []


def test_tally_scores_against_clean_html_alone():
    page = Page("1", Path("x.html"), "bridge reopened today", ("Bridge",), ("Home",))
    tally = study.Tally()
    tally.add(page, "Bridge\nbridge reopened today\nHome", "bridge reopened today", removed=2)
    tally.add(page, "bridge reopened today", "bridge reopened today", removed=0)
    assert (tally.lines, tally.up, tally.down, tally.with_lost, tally.without_removed) == (2, 1, 0, 1, 1)
    assert tally.pages == 2 and tally.f1_change > 0
    assert tally.row().split()[:2] == ["2", f"{tally.f1_change / 2:+.4f}"]
