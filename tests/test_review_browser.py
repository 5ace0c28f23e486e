"""The review page in a real headless browser: Debian's chromium, driven by selenium
through /usr/bin/chromedriver (``.ci/run`` installs both; nothing is downloaded)."""

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1200,1400",
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER) and not os.environ.get("CI"),
        reason="needs chromium and chromium-driver (apt-get install chromium chromium-driver); CI has them",
    ),
]

ARTICLE = (
    "The council voted on Tuesday to extend the scheme for another two years, officials said.\n"
    "Share on Facebook\n"
    "Read more:\nMoon calls for talks\nStorm hits the coast\n\n"
    "The decision follows months of debate.\n"  # short: no paragraph for REL001 to stop at
    "CGTN\n"
)


@pytest.fixture
def browser(tmp_path):
    """A headless chromium with a fresh profile, its console messages kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM and CHROMEDRIVER, "CI must have chromium and chromium-driver installed (see .ci/run)"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (*ARGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page(tmp_path, monkeypatch):
    """The review page of a run over 60 articles (more than one page of files) and one bad file."""
    monkeypatch.chdir(tmp_path)
    folder = Path("articles")
    folder.mkdir()
    for i in range(60):
        (folder / f"{i:03}.txt").write_text(
            ARTICLE if i % 2 else ARTICLE.replace("CGTN\n", ""), encoding="utf-8"
        )
    (folder / "zz-binary.txt").write_bytes(b"\x00\x01\x02")
    runner = CliRunner()
    runner.invoke(app, ["clean", str(folder), "--check", "--report", "report.jsonl"])
    result = runner.invoke(app, ["review", "report.jsonl", "-o", "review.html"])
    assert result.exit_code == 0, result.output
    return (tmp_path / "review.html").as_uri()


def rules_shown(driver) -> set[str]:
    from selenium.webdriver.common.by import By

    return {
        block.get_attribute("data-rule")
        for block in driver.find_elements(By.CSS_SELECTOR, ".rm")
        if block.is_displayed()
    }


def console_problems(driver) -> list[dict]:
    """Errors and warnings in the browser console since the last call."""
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def test_page_loads_clean_filters_by_rule_and_status_and_pages(browser, page, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(page)
    assert console_problems(browser) == []
    sections = browser.find_elements(By.CSS_SELECTOR, "section.file")
    assert len(sections) == 50  # one page of files is drawn at a time
    assert "failed" in sections[0].get_attribute("class")  # the failed file comes first
    assert rules_shown(browser) == {"SHR001", "REL001", "SRC001"}
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0

    Select(browser.find_element(By.ID, "rule")).select_by_value("REL001")
    assert rules_shown(browser) == {"REL001"}  # the other rules' removals are hidden
    assert browser.find_element(By.ID, "range").text == "files 1–50 of 60"
    assert browser.current_url.endswith("#rule=REL001")

    Select(browser.find_element(By.ID, "rule")).select_by_value("SRC001")
    Select(browser.find_element(By.ID, "status")).select_by_value("changed")
    assert rules_shown(browser) == {"SRC001"}
    assert browser.find_element(By.ID, "range").text == "files 1–30 of 30"
    assert {s.get_attribute("class") for s in browser.find_elements(By.CSS_SELECTOR, "section.file")} == {
        "file changed"
    }

    Select(browser.find_element(By.ID, "rule")).select_by_value("")
    Select(browser.find_element(By.ID, "status")).select_by_value("")
    browser.find_element(By.ID, "next").click()
    assert browser.find_element(By.ID, "range").text == "files 51–61 of 61"
    assert browser.current_url.endswith("#page=2")
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.file")) == 11

    browser.get(page + "#rule=SHR001")  # a filter kept in the address comes back
    assert rules_shown(browser) == {"SHR001"}
    screenshot = tmp_path / "review.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert console_problems(browser) == []
