"""The review page: a run's --report as one self-contained HTML page (``cleaner review``)."""

import gzip
import json
from pathlib import Path

import pytest
import regex
from typer.testing import CliRunner

from cleaner.authoring import review
from cleaner.cli import app
from cleaner.io import report
from cleaner.io.files import InputError

runner = CliRunner()

DIRTY = (
    "The council voted on Tuesday to extend the scheme for another two years, officials said.\r\n"
    "Share on Facebook\r\n"
    "Совет проголосовал во вторник.\r\n"
    "Read more:\r\nMoon calls for talks\r\nStorm hits the coast\r\n\r\n"
    "The decision follows months of debate.\r\n"  # short: no paragraph for REL001 to stop at
    "قال المسؤولون إن القرار نهائي.\r\n"
    "Read more:\r\nPrices rise </script><!-- again\r\nMarkets fall on news\r\n"
)
GUTTED = "One short sentence stays.\n" + "".join(
    f"Share on {site}\n" for site in ["Facebook", "Twitter"] * 12
)


@pytest.fixture
def batch(tmp_path, monkeypatch):
    """A folder with a file to clean, a clean one, one the guard holds back and a binary one."""
    monkeypatch.chdir(tmp_path)
    folder = Path("batch")
    folder.mkdir()
    (folder / "dirty.txt").write_bytes(DIRTY.encode("utf-8"))
    (folder / "clean.txt").write_text("Nothing to do here.\n", encoding="utf-8")
    (folder / "gutted.txt").write_text(GUTTED, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00")
    return folder


def run_report(*args: str, name: str = "report.jsonl") -> list[dict]:
    """Run ``cleaner clean`` with ``args`` and a report; return the report's lines."""
    result = runner.invoke(app, ["clean", *args, "--report", name])
    assert result.exit_code == 2, result.output  # the binary and the gutted file
    return list(report.read(name))


def embedded(page: str) -> dict:
    """The data the page's script shows, read back from the page."""
    match = regex.search(r'<script type="application/json" id="data">(.*?)</script>', page, regex.S)
    return json.loads(match.group(1))


def removed(entry: dict) -> list[tuple[str, int, str]]:
    """(rule, line number, text) of every removed line of a file on the page."""
    return [
        (rule, first + i, text)
        for rule, first, lines, *_ in entry["blocks"]
        if rule
        for i, text in enumerate(lines)
    ]


def test_page_lists_problem_files_first_with_the_runs_summary_and_rule_counts(batch):
    result = runner.invoke(app, ["clean", "batch", "--check", "--report", "report.jsonl"])
    data = embedded(review.page(report.read("report.jsonl")))
    assert [(f["path"], f["status"]) for f in data["files"]] == [
        ("batch/binary.txt", "failed"),
        ("batch/gutted.txt", "suspicious"),
        ("batch/dirty.txt", "changed"),
        ("batch/clean.txt", "unchanged"),
    ]
    first = next(line for line in result.stderr.splitlines() if line.startswith("cleaner: 4 files"))
    assert first == f"cleaner: {data['summary']} (nothing written)"
    per_rule = regex.findall(
        r"(?m)^  (\S+)  ([\d,]+) removals? in ([\d,]+) documents? \(([\d,]+) lines?, ([\d,]+)", result.stderr
    )
    assert [
        (r["id"], *(f"{r[key]:,}" for key in ("removals", "docs", "lines", "chars"))) for r in data["rules"]
    ] == per_rule
    assert all(r["reason"] for r in data["rules"])  # in the summary's order: most removals first
    failed = data["files"][0]
    assert "binary" in failed["error"] and failed["blocks"] == []


def test_removed_lines_are_shown_in_place_with_their_rule_and_the_lines_around(batch):
    run_report("batch", "--check")
    page = review.page(report.read("report.jsonl"), context=1)
    dirty = next(f for f in embedded(page)["files"] if f["path"] == "batch/dirty.txt")
    assert dirty["rules"] == {"SHR001": 1, "REL001": 2}
    assert removed(dirty) == [
        ("SHR001", 2, "Share on Facebook"),
        ("REL001", 4, "Read more:"),
        ("REL001", 5, "Moon calls for talks"),
        ("REL001", 6, "Storm hits the coast"),
        ("REL001", 10, "Read more:"),
        ("REL001", 11, "Prices rise </script><!-- again"),
        ("REL001", 12, "Markets fall on news"),
    ]
    kept = [(first, lines) for rule, first, lines in dirty["blocks"] if rule is None]
    assert kept[0] == (
        1,
        ["The council voted on Tuesday to extend the scheme for another two years, officials said."],
    )
    assert (9, ["قال المسؤولون إن القرار نهائي."]) in kept  # one line of context: line 8 is left out
    assert [first for rule, first, _ in dirty["blocks"] if rule] == [2, 4, 10]  # one block per removal


def test_whole_text_in_order_and_the_same_after_an_in_place_run(batch):
    run_report("batch", "--check")
    before = embedded(review.page(report.read("report.jsonl"), context=None))
    dirty = next(f for f in before["files"] if f["path"] == "batch/dirty.txt")
    numbered = [(first + i, text) for _, first, lines in dirty["blocks"] for i, text in enumerate(lines)]
    assert numbered == list(enumerate(DIRTY.removesuffix("\r\n").split("\r\n"), 1))
    run_report("batch", "--in-place", name="in-place.jsonl")  # the page rebuilds each text from its output
    after = embedded(review.page(report.read("in-place.jsonl"), context=None))
    assert [f["blocks"] for f in after["files"]] == [f["blocks"] for f in before["files"]]
    assert not any(f["alone"] for f in after["files"])


def test_removals_alone_when_the_text_is_gone_and_for_json_lines_records(batch):
    run_report("batch", "--check")
    Path("batch/dirty.txt").unlink()
    dirty = next(
        f for f in embedded(review.page(report.read("report.jsonl")))["files"] if "dirty" in f["path"]
    )
    assert dirty["alone"] == "unreadable" and removed(dirty)[:2] == [
        ("SHR001", 2, "Share on Facebook"),
        ("REL001", 4, "Read more:"),
    ]
    records = [
        {"id": 1, "text": "CGTN\nTalks resumed."},
        {"id": 2, "text": "Fine."},
        {"id": 3, "text": "CGTN\nMore."},
    ]
    Path("data.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    runner.invoke(app, ["clean", "data.jsonl", "--check", "--report", "records.jsonl"])
    entry = embedded(review.page(report.read("records.jsonl")))["files"][0]
    assert entry["alone"] == "records" and entry["blocks"] == [
        ["SRC001", 1, ["CGTN"], 1],
        ["SRC001", 1, ["CGTN"], 3],
    ]


def test_page_is_self_contained_and_its_data_cannot_close_the_script(batch):
    run_report("batch", "--check")
    page = review.page(report.read("report.jsonl"), title="<b>run</b>")
    assert page.count("</script>") == 2 and "<!-- again" not in page  # the data's own are escaped
    assert "<title>&lt;b&gt;run&lt;/b&gt;</title>" in page
    assert "default-src 'none'" in page  # the browser may fetch nothing
    outside_data = regex.sub(r'(?s)<script type="application/json".*?</script>', "", page)
    assert not regex.search(r"""(?:src|href)\s*=\s*["'](?!data:)|@import|url\(|https?://""", outside_data)
    assert embedded(page)["files"][2]["blocks"]  # and the data reads back


def test_report_is_read_plain_or_gzipped_and_a_bad_line_is_named(batch):
    plain = run_report("batch", "--check")
    assert run_report("batch", "--check", name="report.jsonl.gz") == plain
    assert gzip.open("report.jsonl.gz").read(1) == b"{"
    Path("bad.jsonl").write_text(json.dumps(plain[0]) + "\n" + '{"path": "a.txt"}\n', encoding="utf-8")
    with pytest.raises(
        InputError, match=r"^bad.jsonl:2: no 'status', .*pass a file written by cleaner clean --report"
    ):
        list(report.read("bad.jsonl"))
    Path("bad.jsonl").write_text("not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^bad.jsonl:1: not JSON"):
        list(report.read("bad.jsonl"))


def test_report_lines_come_back_as_the_outcomes_they_were_made_from(batch):
    lines = run_report("batch", "--check")
    assert [json.loads(report.line(report.outcome(line))) for line in lines] == lines


def test_review_command_writes_the_page_and_refuses_a_bad_report(batch):
    run_report("batch", "--check", name="report.jsonl.gz")
    result = runner.invoke(app, ["review", "report.jsonl.gz", "-o", "review.html"])
    assert result.exit_code == 0, result.output
    assert "4 files (1 changed, 1 unchanged, 1 suspicious, 1 failed)" in result.stderr
    page = Path("review.html").read_text(encoding="utf-8")
    assert page == review.page(report.read("report.jsonl.gz"), title="cleaner review: report.jsonl.gz")
    assert not list(Path(".").glob(".review.html.*"))  # written through a temp file, renamed
    Path("bad.jsonl").write_text("[]\n", encoding="utf-8")
    result = runner.invoke(app, ["review", "bad.jsonl", "-o", "review.html"])
    assert result.exit_code == 2 and result.stderr.startswith("cleaner: bad.jsonl:1: no 'path'")
    assert Path("review.html").read_text(encoding="utf-8") == page
