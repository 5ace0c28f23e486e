"""Where in a text the default pack's furniture families act: anywhere, or only at its edges.

The rule examples test each pattern on a line alone; these test the same lines among an
article's paragraphs, in messy input (CRLF, no-break spaces, a byte-order mark).
"""

import pytest

import cleaner

PROSE = (
    "The bridge reopened on Monday after eight months of repairs that cost the city more "
    "than forty million euros, officials said on Tuesday."
)
BODY = [PROSE] * 20  # more than any edge rule looks at (NWS001: 15 lines)


def middle(line: str) -> str:
    """``line`` between two runs of the article's paragraphs, far from either edge."""
    return "\n".join([*BODY, line, *BODY]) + "\n"


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Related: Students aren’t benefiting much from tutoring, one new study shows", "REL005"),
        ("Читайте также: Центробанк сохранил ключевую ставку", "REL005"),
        ("[Read more: A Guide to Small Business Accounting]", "REL005"),
        ("Sign up today and make this your healthiest fall yet.", "NWS003"),
        ("Join Our Genius Newsletter", "NWS003"),
        ("Investopedia logo", "CAP005"),
        ("Логотип компании", "CAP005"),
        ("classic-basket-weave-wood-floor.jpg", "CAP005"),
        ("LEARN MORE", "ADV002"),
        ("We use cookies to ensure that we give you the best experience on our website.", "LEG005"),
        ("Diese Website verwendet Cookies, um Ihnen das beste Erlebnis zu bieten.", "LEG005"),
        ("Мы используем файлы cookie для улучшения работы сайта.", "LEG005"),
        ("Accept All Cookies Reject All Cookies", "LEG005"),
        ("Your browser does not support the video tag.", "CAP004"),
        ("Ваш браузер не поддерживает видео.", "CAP004"),
        ("A post shared by Jane Doe (@janedoe)", "CAP004"),
        ("Please enable JavaScript to view the comments powered by Disqus.", "NAV006"),
        ("Gefällt mir Wird geladen …", "SHR001"),
        ("Click to share on X (Opens in new window) Click to share on Facebook (Opens in new window)", "SHR001"),
        ("This entry was posted in News and tagged bridge, city. Bookmark the permalink.", "NAV001"),
    ],
)
def test_goes_wherever_it_stands(line, rule):
    result = cleaner.clean(middle(line))
    assert result.text == "\n".join(BODY * 2) + "\n"
    assert [r.rule for r in result.rule_removals()] == [rule]


@pytest.mark.parametrize(
    "line",
    [
        "Home » Settings » Privacy",  # a how-to's menu path: a breadcrumb only at an edge (NAV007)
        "Read more: the report is online at the council's site",  # the article's pointer (REL002)
        "Sign up for a free account on the GitHub website.",  # a how-to's step, no sales copy
        "How to design a logo",  # a subheading, not an image's alt text
        "We use cookies to keep the session id between requests.",  # a web tutorial (LEG005)
        "Cookies are small text files that a browser stores for a website.",  # about cookies
        "Enable or disable cookies",  # a how-to's heading, not a banner's button
        "Your browser does not support the new format yet, so update it first.",  # a how-to's advice
        "Like this: a short pause, then the chorus.",  # the writer's example
        "Dieser Beitrag wurde unter Mitarbeit von drei Redaktionen erstellt.",  # a credit, no theme footer
    ],
)
def test_stays_in_the_middle(line):
    assert cleaner.clean(middle(line)).text == middle(line)


def test_breadcrumb_goes_at_the_top_of_messy_input():
    text = (
        "\ufeffHome\u00a0»\u00a0Blog\u00a0» Top Dental Resolutions for 2025\r\n" + "\r\n".join(BODY) + "\r\n"
    )
    result = cleaner.clean(text)
    assert [r.rule for r in result.rule_removals()] == ["NAV007"]
    assert "Dental" not in result.text and result.text.count(PROSE) == len(BODY)


def test_cookie_banner_goes_from_messy_input_and_the_article_stays():
    banner = "\u00a0We\u00a0use cookies to personalise content and ads.\u00a0\r\nAlle akzeptieren\r\n"
    text = "\ufeff" + "\r\n".join(BODY) + "\r\n" + banner + "\r\n".join(BODY) + "\r\n"
    result = cleaner.clean(text)
    assert [r.rule for r in result.rule_removals()] == ["LEG005"]  # both lines, one run
    assert "cookies" not in result.text and "akzeptieren" not in result.text
    assert result.text.count(PROSE) == 2 * len(BODY)
