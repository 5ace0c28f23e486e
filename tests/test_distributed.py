"""A real two-worker Dask cluster cleans a corpus exactly as one process does."""

import gzip
import json
import shutil

import dask.bag as db
import distributed
import pytest
from conftest import ROOT
from typer.testing import CliRunner

import cleaner
from cleaner.cli import app
from cleaner.io.batch import Options, Task, clean_file, plan
from cleaner.io.batch import clean_files as batch_clean_files
from cleaner.io.distributed import clean_bag, clean_files, stats
from cleaner.io.stats import Stats

MESSY = [
    "Заголовок статьи\r\nТАСС\r\nПереговоры возобновились в понедельник, сообщил министр.\r\n",
    "\ufeffCGTN\n东京的会谈周一恢复。\u00a0\n\n\n\nRead more:\nMoon calls for talks\n",
    "Talks resumed.\u00a0\n“Quoted” words stay.\nSubscribe now\n953km",
]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, memory_limit="400MiB", dashboard_address=None
    ) as cluster:
        yield cluster


GUTTED = "Share this article\n" * 3 + "".join(
    f"Read more:\nHeadline number {i} here\nAnother headline {i}\n" for i in range(6)
)  # the rules would remove most of it: the guard keeps it as it was


@pytest.fixture
def corpus(tmp_path):
    """The seeds, messy texts in sub-folders, an unreadable file, a file the guard holds
    back, more files than one task takes."""
    src = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", src)
    for i in range(40):
        sub = src / f"part{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:02d}.txt").write_bytes(MESSY[i % len(MESSY)].encode("utf-8"))
    (src / "broken.txt").write_bytes(b"bad \xff byte\n")
    (src / "gutted.txt").write_text(GUTTED + "Talks resumed.\n", encoding="utf-8")
    return src


def summary(output: str) -> list[str]:
    """The closing lines of a run's stderr: the totals line and the per-rule lines."""
    lines = output.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("cleaner: 45 files:"))
    return [lines[first].removesuffix(" (nothing written)"), *lines[first + 1 :]]


@pytest.mark.slow
def test_cluster_output_and_stats_equal_the_local_run(cluster, corpus, tmp_path):
    local_out, remote_out = tmp_path / "local", tmp_path / "remote"
    local = CliRunner().invoke(app, ["clean", str(corpus), "--out", str(local_out), "--jobs", "1"])
    assert local.exit_code == 2  # the undecodable file fails, the gutted one is held back

    stats_file = tmp_path / "stats.json"
    args = ["distributed", str(corpus), "--out", str(remote_out), "--stats", str(stats_file)]
    remote = CliRunner().invoke(app, [*args, "--scheduler", cluster.scheduler_address])
    assert remote.exit_code == 2
    assert "broken.txt: not valid utf-8" in remote.output
    assert "gutted.txt: rules would remove" in remote.output

    local_files = sorted(p.relative_to(local_out) for p in local_out.rglob("*.txt"))
    assert local_files == sorted(p.relative_to(remote_out) for p in remote_out.rglob("*.txt"))
    assert len(local_files) == 44
    for rel in local_files:
        assert (remote_out / rel).read_bytes() == (local_out / rel).read_bytes(), rel
    assert (remote_out / "gutted.txt").read_text("utf-8").startswith(GUTTED)
    assert summary(remote.output) == summary(local.output)

    tasks = plan([str(corpus)], out=tmp_path / "again")
    expected = Stats()
    for outcome in batch_clean_files(tasks, cleaner.default_rules()):
        expected += Stats.of(outcome)
    got = json.loads(stats_file.read_text("utf-8"))
    assert got == expected.to_json()
    assert got["files"] == 45 and got["status"]["failed"] == 1 and got["status"]["suspicious"] == 1
    assert got["rules"]["SRC001"]["docs"] > 10


@pytest.mark.slow
def test_jsonl_records_and_a_bag_of_texts_on_the_cluster(cluster, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    records = [{"id": i, "text": text, "lang": "x"} for i, text in enumerate(MESSY * 3)]
    (src / "a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")

    got = clean_files(
        f"{src}/*.jsonl",
        str(tmp_path / "out"),
        options=Options(field="text"),
        scheduler=cluster.scheduler_address,
    )

    local = CliRunner().invoke(
        app, ["clean", str(src), "--glob", "*.jsonl", "--field", "text", "--out", str(tmp_path / "local")]
    )
    assert local.exit_code == 0, local.output
    assert (tmp_path / "out" / "a.jsonl").read_bytes() == (tmp_path / "local" / "a.jsonl").read_bytes()
    written = [json.loads(line) for line in (tmp_path / "out" / "a.jsonl").read_text("utf-8").splitlines()]
    results = [cleaner.clean(r["text"]) for r in records]  # a field gets no final newline it lacked
    assert [w["text"] for w in written] == [r.text[: len(r.text) - len(r.appended)] for r in results]
    assert got.stats.files == got.stats.status["changed"] == 1 and got.messages == []

    with distributed.Client(cluster) as client:
        results = clean_bag(db.from_sequence(MESSY * 3, npartitions=3))
        assert client.compute(results).result() == [cleaner.clean(t) for t in MESSY * 3]
        counts = stats(results)
        assert counts.files == counts.status["changed"] == len(records)  # each text counts as a file
        assert counts.rules == got.stats.rules  # the same documents, the same removals
        assert counts.bytes_in == sum(len(t.encode()) for t in MESSY * 3)


@pytest.mark.slow
def test_distributed_has_the_options_messages_report_and_counts_of_a_local_run(cluster, corpus, tmp_path):
    (corpus / "gone.txt").symlink_to(corpus / "nowhere.txt")
    (corpus / "part0" / "loop.txt").symlink_to(corpus / "part0" / "loop.txt")
    (corpus / "big.txt").write_text("Talks resumed. " * 70_000, encoding="utf-8")  # 1.05 MB
    options = ["--max-size", "1", "--encoding", "auto"]
    local = CliRunner().invoke(
        app,
        ["clean", str(corpus), "--out", str(tmp_path / "local"), "--jobs", "1"]
        + ["--report", str(tmp_path / "local.jsonl"), *options],
    )
    remote = CliRunner().invoke(
        app,
        [
            "distributed",
            str(corpus),
            "--out",
            str(tmp_path / "remote"),
            "--scheduler",
            cluster.scheduler_address,
        ]
        + ["--report", str(tmp_path / "remote.jsonl"), *options],
    )
    assert local.exit_code == remote.exit_code == 2
    assert remote.stderr == local.stderr
    for message in (
        f"{corpus / 'gone.txt'}: broken symlink (its target does not exist)",
        f"{corpus / 'part0' / 'loop.txt'}: symlink loop",
        f"{corpus / 'big.txt'}: larger than the 1 MB limit",
        "48 files: ",
    ):
        assert message in remote.stderr

    def report(name: str) -> list[dict]:
        lines = [json.loads(line) for line in (tmp_path / name).read_text("utf-8").splitlines()]
        return [line | {"output": line["output"] and line["output"].split("/")[-1]} for line in lines]

    assert report("remote.jsonl") == report("local.jsonl")

    quiet = CliRunner().invoke(
        app,
        [
            "distributed",
            str(corpus),
            "--out",
            str(tmp_path / "quiet"),
            "-q",
            "--scheduler",
            cluster.scheduler_address,
        ],
    )
    assert (
        quiet.exit_code == 2 and "files: " not in quiet.stderr and "gone.txt: broken symlink" in quiet.stderr
    )


def test_a_url_is_read_and_written_through_fsspec_as_a_local_file_is():
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe_file("/news/a.txt", "CGTN\r\nПереговоры возобновились.\r\n".encode())
    fs.pipe_file("/news/b.txt.gz", gzip.compress(b"CGTN\nTalks.\n"))
    rules = cleaner.default_rules()
    for name in ("a.txt", "b.txt.gz"):
        outcome = clean_file(Task(f"memory://news/{name}", f"memory://clean/2024/{name}"), rules)
        assert (outcome.status, outcome.output) == ("changed", f"memory://clean/2024/{name}")
    assert fs.cat_file("/clean/2024/a.txt") == "Переговоры возобновились.\r\n".encode()
    assert gzip.decompress(fs.cat_file("/clean/2024/b.txt.gz")) == b"Talks.\n"
    missing = clean_file(Task("memory://news/gone.txt", "memory://clean/gone.txt"), rules)
    assert missing.error == "memory://news/gone.txt: no such file or folder"


def test_no_page_reaches_the_workers_as_clean_has_it(cluster, tmp_path):
    from cleaner.io.html import clean_html

    story = "".join(f"<p>The harbour bridge reopened after {n} months of repairs.</p>" for n in range(4))
    disclaimer = '<div class="c-disclaimer"><p>Views are the author’s own.</p></div>'
    html = f"<html><body><article>{story}{disclaimer}</article></body></html>"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(html, encoding="utf-8")
    texts = {}
    for name, options in (("on", []), ("off", ["--no-page"]), ("ignored", ["--ignore", "PAG001"])):
        args = ["distributed", str(tmp_path / "in"), "--out", str(tmp_path / name), "--glob", "*.html"]
        result = CliRunner().invoke(app, [*args, "--scheduler", cluster.scheduler_address, *options])
        assert result.exit_code == 0, result.output
        texts[name] = (tmp_path / name / "page.txt").read_text(encoding="utf-8")
    assert texts["on"] == clean_html(html).text and "author’s own" not in texts["on"]
    assert texts["off"] == texts["ignored"] == clean_html(html, page=False).text
    assert "author’s own" in texts["off"]
