"""The HTML path uses the page: lines in page furniture (their element's class or id) and
lines after the article from elsewhere in the page go."""

import pytest
from lxml.html import fromstring

from cleaner.io import page_examples
from cleaner.io.html import clean_html, extract_text
from cleaner.io.page import Page, PageRules, default_page_rules, element_of_lines
from cleaner.pack.repeats import Counts, Learned

RULES = default_page_rules()
PARAGRAPHS = list(page_examples.ARTICLE)


def page(fragment: str, paragraphs=PARAGRAPHS) -> str:
    """``fragment`` inside the article."""
    return page_examples.example_page("PAG001", fragment, paragraphs)


def after(fragment: str) -> str:
    """``fragment`` after the article's container (a template's box below the article)."""
    return page_examples.example_page("PAG002", fragment)


@pytest.mark.parametrize("case", list(page_examples.cases(RULES.rules)), ids=lambda c: c.id)
def test_page_rule_examples(case):
    assert case.failure() is None
    html = page_examples.example_page(case.rule.id, case.text)
    assert clean_html(html).restore() == extract_text(html)


def test_a_wrong_example_fails_and_says_why():
    wrong = page_examples.PageCase(
        RULES.furniture,
        "keep",
        0,
        '<div class="c-disclaimer"><p>Views expressed are the author’s own.</p></div>',
    )
    assert wrong.failure() == "PAG001-keep-0: should be kept, but removals were ['PAG001']"
    hidden = page_examples.PageCase(RULES.furniture, "remove", 0, '<nav class="popup"><p>Menu</p></nav>')
    assert "trafilatura leaves out 'Menu'" in hidden.failure()


def test_removals_name_the_word_and_page_false_keeps_the_line():
    html = page('<div class="c-disclaimer"><p>Views expressed are the author’s own.</p></div>')
    (removal,) = clean_html(html).rule_removals()
    assert (removal.rule, removal.reason) == ("PAG001", "in an element named 'disclaimer'")
    assert "Views expressed are the author’s own." in clean_html(html, page=False).text


def test_only_the_nearest_ancestors_count():
    deep = '<div class="popup"><div><div><p>Saved to your reading list.</p></div></div></div>'
    near = '<div class="popup"><div><p>Saved to your reading list.</p></div></div>'
    assert "Saved to your reading list." in clean_html(page(deep)).text
    assert "Saved to your reading list." not in clean_html(page(near)).text


def test_an_article_inside_furniture_keeps_every_line():
    # a template that wraps the article in a "modal" box: the marked lines would be the
    # whole text, past max_share, so none goes
    html = f'<html><body><div class="modal">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div></body></html>'
    text = extract_text(html)
    assert PARAGRAPHS[0] in text
    assert Page(html, text).furniture() == {}
    assert clean_html(html).text == text.rstrip("\n") + "\n"


def test_cyrillic_cjk_and_arabic_lines_are_found_in_their_elements():
    html = page(
        '<div class="subscription"><p>Оформите подписку\u00a0— первый месяц бесплатно.</p></div>'
        '<div class="popup-top"><p>下载我们的应用，随时阅读新闻。</p></div>'
        '<div class="disclosure"><p>قد نحصل على عمولة من الروابط في هذه الصفحة.</p></div>',
        [
            "Мост через гавань открыли в понедельник после восьми месяцев ремонта.",
            "Инженеры заменили стальные тросы и обновили покрытие, сообщили в мэрии.",
            "港湾大桥周一重新开放，此前进行了八个月的维修。",
            "أعيد فتح جسر الميناء أمام حركة المرور يوم الاثنين بعد ثمانية أشهر من الإصلاحات.",
            *PARAGRAPHS,
        ],
    )
    result = clean_html(html)
    for paragraph in ("Мост через гавань открыли", "港湾大桥周一重新开放", "أعيد فتح جسر الميناء"):
        assert paragraph in result.text
    for furniture_line in ("Оформите подписку", "下载我们的应用", "قد نحصل على عمولة"):
        assert furniture_line not in result.text
    assert {r.reason for r in result.rule_removals()} == {
        "in an element named 'subscription'",
        "in an element named 'popup'",
        "in an element named 'disclosure'",
    }


def test_lines_map_to_their_elements_in_order_through_crlf_and_nbsp():
    from lxml.html import fromstring

    root = fromstring(
        "<div><p class='a'>Same\u00a0text</p><p class='b'>Same text</p><table><tr><td>x</td></tr></table></div>"
    )
    found = element_of_lines(root, ["Same text\r", "Same text", "| x |"])
    assert [e.get("class") if e is not None else None for e in found] == ["a", "b", None]


def test_a_line_with_soft_hyphens_is_found_in_its_element():
    """The page's text and the line's are compared as the rules read them."""
    lines = [
        *PARAGRAPHS,
        "Die Brücke ist wieder für den Ver\u00adkehr freigegeben.",
        "Unser News\u200bletter",
    ]
    unmarked = lines[5].replace("\u200b", "")
    html = page(f'<p>{lines[4]}</p><div class="newsletter"><p>{unmarked}</p></div>')
    found = element_of_lines(fromstring(html), [line.replace("\u00ad", "") for line in lines])
    assert [element.tag for element in found] == ["p"] * 6
    assert list(Page(html, "\n".join(lines)).furniture()) == [5]


def test_only_lines_after_the_article_and_from_outside_it_go():
    box = '<div class="box"><p>Book a free consultation with our design team today.</p></div>'
    html = after(box).replace('<div class="entry">', box + '<div class="entry">')  # above and below
    result = clean_html(html)
    assert [(r.rule, r.text.strip()) for r in result.rule_removals()] == [
        ("PAG002", "Book a free consultation with our design team today.")
    ]
    assert result.text.startswith("Book a free consultation")  # the one above the article stays


def test_page_lines_and_learned_repeats_go_together():
    learned = Learned.learn(Counts())
    html = page('<ul class="modal"><li>Saved to your reading list.</li></ul>')
    found = Page(html, extract_text(html), learned=learned).removals([], {}, None)
    assert [r.id for r in found.values()] == ["PAG001"]
    assert "Saved to your reading list." not in clean_html(html, learned=learned).text



def test_a_pages_second_copy_goes_with_learned_repeats_too():
    """The learned lines' guard (half the text at most) does not count PAG005's copies: a
    page printed three times keeps its page rules when repeats are learned as well."""
    learned = Learned.learn(Counts())
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = f"<html><body><article>{body}<div class='tab'>{body}</div><div class='print'>{body}</div></article></body></html>"
    result = clean_html(html, learned=learned)
    assert [line for line in result.text.split("\n") if line] == PARAGRAPHS
    assert {r.rule for r in result.rule_removals()} == {"PAG005"}

def test_a_bad_page_rules_file_names_itself(tmp_path):
    bad = tmp_path / "page.toml"
    bad.write_text('[furniture]\nid = "PAG001"\nwords = ["modal"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"page\.toml: not a page rules file .*KeyError"):
        PageRules.load(bad)


def test_cli_page_switch():
    from typer.testing import CliRunner

    from cleaner.cli import app

    html = page('<div class="c-disclaimer"><p>Views expressed are the author’s own.</p></div>')
    runner = CliRunner()
    on = runner.invoke(app, ["clean", "-", "--from", "html"], input=html)
    off = runner.invoke(app, ["clean", "-", "--from", "html", "--no-page"], input=html)
    assert on.exit_code == off.exit_code == 0, on.output + off.output
    assert on.stdout == clean_html(html).text and "author’s own" not in on.stdout
    assert off.stdout == clean_html(html, page=False).text and "author’s own" in off.stdout


DISCLAIMER = "Views expressed are the author’s own."
OFFER = "Book a free consultation with our design team today."


def both() -> str:
    """A page with a line in furniture (PAG001), one after the article (PAG002) and an
    advertising label the text rules take (ADV001)."""
    inside = f'<p>Advertisement</p><div class="c-disclaimer"><p>{DISCLAIMER}</p></div>'
    html = after(f'<div class="box"><p>{OFFER}</p></div>')
    return html.replace('<div class="entry">', f'<div class="entry">{inside}')


def rules_of(result) -> list[str]:
    return sorted(r.rule for r in result.rule_removals())


def test_the_page_rules_are_chosen_as_the_text_rules_are():
    html = both()
    assert rules_of(clean_html(html)) == ["ADV001", "PAG001", "PAG002"]
    no_after = RULES.choose(ignore=["PAG002"])
    assert [r.id for r in no_after.rules] == ["PAG001", "PAG003", "PAG004", "PAG005"]
    assert rules_of(clean_html(html, page=no_after)) == ["ADV001", "PAG001"]
    assert rules_of(clean_html(html, page=RULES.choose(select=["PAG002"]))) == ["ADV001", "PAG002"]
    assert clean_html(html, page=RULES.choose(select=["PAG1"])).text == clean_html(html, page=False).text


@pytest.mark.parametrize(
    ("options", "rules"),
    [
        ([], ["ADV001", "PAG001", "PAG002"]),
        (["--ignore", "PAG002"], ["ADV001", "PAG001"]),
        (["--ignore", "PAG"], ["ADV001"]),
        (["--select", "PAG001"], ["PAG001"]),  # as for the text rules: only what it names
        (["--select", "ADV,PAG002"], ["ADV001", "PAG002"]),
        (["--select", "ADV"], ["ADV001"]),
        (["--select", "PAG", "--no-page"], []),
    ],
    ids=lambda v: " ".join(v) if v and v[0].startswith("-") else None,
)
def test_cli_select_and_ignore_name_the_page_rules(options, rules):
    from typer.testing import CliRunner

    from cleaner.cli import app

    result = CliRunner().invoke(app, ["clean", "-", "--from", "html", "--explain", *options], input=both())
    assert result.exit_code == 0, result.output
    assert sorted(line.split()[1].rstrip(":") for line in result.stdout.splitlines()) == rules


def test_cli_a_code_naming_no_rule_nor_page_rule_is_still_a_usage_error():
    from typer.testing import CliRunner

    from cleaner.cli import app

    result = CliRunner().invoke(app, ["clean", "-", "--from", "html", "--ignore", "PAG3"], input=both())
    assert result.exit_code == 2
    assert "--ignore PAG3: no loaded rule's id starts with 'PAG3'; did you mean 'PAG'?" in result.stderr


def test_the_pages_own_address_goes_as_its_metadata_gives_it_and_no_other():
    """PAG003 takes a line that is nothing but the page's og:url (here Cyrillic, with a
    percent-escaped path), not another address, and not the address inside a sentence."""
    address = "https://пример.рф/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/мост"
    lines = ["пример.рф/новости/мост", "https://пример.рф/новости/тоннель", "Статья: https://пример.рф/новости/мост"]
    paragraphs = [*page_examples.ARTICLE, *lines]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f'<html><head><meta property="og:url" content="{address}"></head><body><article>{body}</article></body></html>'
    result = clean_html(html)
    assert [(r.rule, r.text.strip()) for r in result.rule_removals()] == [("PAG003", lines[0])]
    assert all(line in result.text for line in [*page_examples.ARTICLE, *lines[1:]])
    assert lines[0] in clean_html(html, page=RULES.choose(ignore=["PAG003"])).text


def headline_page(head: str, title: str, *, first: str | None = None, second: str | None = None) -> str:
    """An article whose text starts with ``first`` (the title, by default) in an ``<h1>``,
    then ``second`` (if any), under ``head`` (the page's metadata)."""
    top = f"<h1>{first or title}</h1>" + (f"<p>{second}</p>" if second else "")
    body = "".join(f"<p>{p}</p>" for p in page_examples.ARTICLE)
    meta = f'<title>{title}</title><meta property="og:title" content="{title}">{head}'
    return f"<html><head>{meta}</head><body><article>{top}{body}</article></body></html>"


ARTICLE_TYPE = '<meta property="og:type" content="article">'
NEWS = '{"@context": "https://schema.org", "@type": "NewsArticle"}'
NEWS_LD = f'<script type="application/ld+json">{NEWS}</script>'


TITLES = ["Мост через залив снова открыт", "جسر الخليج يعود إلى العمل", "跨海大桥重新开放"]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("head", [ARTICLE_TYPE, NEWS_LD], ids=["og-type", "schema-org"])
def test_an_articles_headline_goes_when_the_text_starts_with_its_title(title, head):
    """PAG004: on a page that declares itself an article (og:type, or a schema.org
    article type), a first line that is the title its metadata gives goes, as a removal
    of its own; the rest of the article stays."""
    result = clean_html(headline_page(head, title))
    assert [(r.rule, r.text.strip()) for r in result.rule_removals()] == [("PAG004", title)]
    assert result.text == "\n".join(page_examples.ARTICLE) + "\n"
    assert result.restore().startswith(title)


def test_the_headline_stays_on_other_pages_when_asked_for_and_below_the_first_line():
    """No article type, another type, a title asked for (``title=True``), a first line that
    is not the title, and the title further down: nothing goes."""
    title = "Die Brücke ist wieder offen"
    for html in (
        headline_page("", title),
        headline_page('<meta property="og:type" content="website">', title),
        headline_page(ARTICLE_TYPE, title, first="Die Brücke", second=title),
    ):
        assert title in clean_html(html).text
        assert not [r for r in clean_html(html).rule_removals() if r.rule == "PAG004"]
    asked = clean_html(headline_page(ARTICLE_TYPE, title), title=True)
    assert asked.text.startswith(title + "\n")
    assert title in clean_html(headline_page(ARTICLE_TYPE, title), page=RULES.choose(ignore=["PAG004"])).text


def test_the_headline_is_the_first_line_the_rules_leave():
    """A timestamp above the title goes to its rule, and the title, first of what is
    left, to PAG004."""
    title = "Мост через залив снова открыт"
    html = headline_page(ARTICLE_TYPE, title).replace("<h1>", "<p>5 hours ago</p><h1>", 1)
    result = clean_html(html)
    assert [(r.rule, r.text.strip()) for r in result.rule_removals()][-1] == ("PAG004", title)
    assert result.text == "\n".join(page_examples.ARTICLE) + "\n"


def test_a_second_rendering_of_the_article_goes_and_its_first_copy_stays():
    """PAG005: a page that prints its article twice (a tab, a print version), in Russian
    and Chinese, through CRLF and no-break spaces; a sentence repeated alone stays."""
    lines = [
        "Мост через залив снова открыт после восьми месяцев ремонта, сообщили в мэрии.",
        "Инженеры заменили стальные тросы и покрыли настил новым асфальтом за зиму.",
        "市议会周一表示，港口大桥在经过八个月的维修之后重新向车辆开放通行。",
    ]
    first = "".join(f"<p>{line}</p>" for line in lines)
    second = "".join(f"<p>{line.replace(' ', chr(0xA0), 1)}</p>" for line in lines)
    html = f"<html><body><article>{first}\r\n<div class='print'>{second}</div></article></body></html>"
    result = clean_html(html)
    assert [line for line in result.text.split("\n") if line] == lines
    assert {r.rule for r in result.rule_removals()} == {"PAG005"}
    assert result.restore() == extract_text(html)
    alone = f"<html><body><article>{first}<p>{lines[0]}</p><p>{PARAGRAPHS[0]}</p></article></body></html>"
    assert clean_html(alone).text.count(lines[0]) == 2  # one repeated sentence is no passage
    long = " ".join(["Инженеры заменили стальные тросы, покрыли настил новым асфальтом и укрепили опоры."] * 4)
    once = f"<html><body><article>{first}<p>{long}</p><p>{PARAGRAPHS[0]}</p><p>{long}</p></article></body></html>"
    assert clean_html(once).text.count(long) == 1  # but a long paragraph's copy goes on its own
    assert clean_html(html, page=RULES.choose(ignore=["PAG005"])).text.count(lines[1]) == 2


def test_a_page_printed_three_times_is_cleaned_not_held_back_as_gutted(tmp_path):
    """The CLI leaves alone a file whose rules would remove over half of it; the second and
    third copies of a page's article lose nothing, so they do not count."""
    from typer.testing import CliRunner

    from cleaner.cli import app

    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = f"<html><body><article>{body}<div class='tab'>{body}</div><div class='print'>{body}</div></article></body></html>"
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(tmp_path / "page.html"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "suspicious" not in result.stderr or "0 suspicious" in result.stderr
    text = (tmp_path / "out" / "page.txt").read_text(encoding="utf-8")
    assert [line for line in text.split("\n") if line] == PARAGRAPHS
