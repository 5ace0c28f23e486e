"""The seed articles: pinned output (snapshots) and what each must lose and keep."""

from dataclasses import asdict

import pytest
from conftest import SEEDS

import cleaner


def seed(prefix: str) -> str:
    path = next(p for p in SEEDS if p.name.startswith(prefix))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_snapshot(path, file_regression, data_regression):
    result = cleaner.clean(path.read_text(encoding="utf-8"))
    file_regression.check(result.text, basename=f"{path.stem}.clean", extension=".txt")
    data_regression.check(
        {"removals": [asdict(r) for r in result.removals]}, basename=f"{path.stem}.removals"
    )


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_is_idempotent_and_restorable(path):
    text = path.read_text(encoding="utf-8")
    result = cleaner.clean(text)
    assert cleaner.clean(result.text).text == result.text
    assert result.restore() == text


def test_clean_article_comes_out_unchanged():
    text = seed("000_")
    result = cleaner.clean(text)
    assert result.text == text + "\n"
    assert result.rule_removals() == ()


def test_seed_001_loses_source_captions_links_and_stray_token():
    text = seed("001_")
    result = cleaner.clean(text)
    out = result.text
    assert "CGTN\n" not in out
    assert "/AP" not in out and "/Reuters Photo" not in out
    assert sum(r.rule == "CAP001" for r in result.removals) >= 3  # three captions, six copies
    assert "Read more:" not in out
    assert "One year since Panmunjom handshake" not in out
    assert "Moon calls for formally ending Korean War" not in out
    assert "953km" not in out
    captions = ("/AP", "/Reuters Photo")
    paragraphs = [s.strip() for s in text.splitlines() if len(s.split()) > 12 and not s.endswith(captions)]
    assert len(paragraphs) >= 15
    for paragraph in paragraphs:
        assert paragraph in out
    # the headline stays (TTL001 is opt-in); selected, it goes, recorded like every removal
    headline = "Moon Jae-in says to strive for Trump-Kim summit before U.S. election"
    assert out.startswith(f"{headline}\n\nSouth Korean President Moon Jae-in has said")
    titled = cleaner.clean(text, rules=cleaner.load_rules(opt_in=True))
    assert titled.text.startswith("South Korean President Moon Jae-in has said")
    assert [r.text.strip() for r in titled.removals if r.rule == "TTL001"] == [headline]


def test_seed_002_loses_disclaimer_and_paywall_to_the_end():
    text = seed("002_")
    out = cleaner.clean(text).text
    assert "Disclaimer:" not in out
    assert "free articles" not in out and "₹" not in out and "Ad-free Reading" not in out
    lines = text.splitlines()
    assert out.splitlines() == lines[:11]
