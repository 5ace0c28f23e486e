"""A real two-worker Dask cluster cleans a corpus exactly as one process does."""

import json
import shutil

import dask.bag as db
import distributed
import pytest
from conftest import ROOT
from typer.testing import CliRunner

import cleaner
from cleaner.cli import app
from cleaner.distributed import Stats, clean_bag, clean_files, stats

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


@pytest.fixture
def corpus(tmp_path):
    """The seeds, messy texts in sub-folders, an unreadable file, more files than one task takes."""
    src = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", src)
    for i in range(40):
        sub = src / f"part{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:02d}.txt").write_bytes(MESSY[i % len(MESSY)].encode("utf-8"))
    (src / "broken.txt").write_bytes(b"bad \xff byte\n")
    return src


def local_stats(folder):
    total = Stats()
    for path in sorted(folder.rglob("*.txt")):
        try:
            text = cleaner.files.read_text(path)
        except cleaner.files.InputError as exc:
            total.merge(Stats(files=1, failed=[str(exc)]))
            continue
        total.merge(Stats.of(cleaner.clean(text))).files += 1
    return total


@pytest.mark.slow
def test_cluster_output_and_stats_equal_the_local_run(cluster, corpus, tmp_path):
    local_out, remote_out = tmp_path / "local", tmp_path / "remote"
    run = CliRunner().invoke(app, ["clean", str(corpus), "--out", str(local_out)])
    assert run.exit_code == 2  # the undecodable file fails, the others are written

    stats_file = tmp_path / "stats.json"
    args = ["distributed", str(corpus), "--out", str(remote_out), "--stats", str(stats_file)]
    remote = CliRunner().invoke(app, [*args, "--scheduler", cluster.scheduler_address])
    assert remote.exit_code == 2 and "broken.txt: not valid utf-8" in remote.output

    local_files = sorted(p.relative_to(local_out) for p in local_out.rglob("*.txt"))
    assert local_files == sorted(p.relative_to(remote_out) for p in remote_out.rglob("*.txt"))
    assert len(local_files) == 43
    for rel in local_files:
        assert (remote_out / rel).read_bytes() == (local_out / rel).read_bytes(), rel
    got = json.loads(stats_file.read_text("utf-8"))
    assert got == local_stats(corpus).to_json()
    assert got["files"] == 44 and len(got["failed"]) == 1
    assert got["rules"]["SRC001"]["docs"] > 10


@pytest.mark.slow
def test_jsonl_records_and_a_bag_of_texts_on_the_cluster(cluster, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    records = [{"id": i, "text": text, "lang": "x"} for i, text in enumerate(MESSY * 3)]
    (src / "a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")

    got = clean_files(
        f"{src}/*.jsonl", str(tmp_path / "out"), jsonl_field="text", scheduler=cluster.scheduler_address
    )

    local = CliRunner().invoke(
        app, ["clean", str(src), "--glob", "*.jsonl", "--field", "text", "--out", str(tmp_path / "local")]
    )
    assert local.exit_code == 0, local.output
    assert (tmp_path / "out" / "a.jsonl").read_bytes() == (tmp_path / "local" / "a.jsonl").read_bytes()
    written = [json.loads(line) for line in (tmp_path / "out" / "a.jsonl").read_text("utf-8").splitlines()]
    results = [cleaner.clean(r["text"]) for r in records]  # a field gets no final newline it lacked
    assert [w["text"] for w in written] == [r.text[: len(r.text) - len(r.appended)] for r in results]
    assert got.docs == len(records) and got.files == 1

    with distributed.Client(cluster) as client:
        results = clean_bag(db.from_sequence(MESSY * 3, npartitions=3))
        assert client.compute(results).result() == [cleaner.clean(t) for t in MESSY * 3]
        assert stats(results) == got.merge(Stats(files=-1))  # the same documents, no file
