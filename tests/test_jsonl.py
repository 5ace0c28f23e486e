"""JSON Lines pipelines: one field cleaned, everything else kept, bad records named."""

import gzip
import json

from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.engine.apply import Removal, Result

RECORDS = [
    {"id": 1, "text": "CGTN\nМосква: переговоры возобновились в понедельник.", "lang": "ru"},
    {"id": 2, "text": "東京は晴れ。記事はここで終わる。", "tags": ["a", "b"]},
    {
        "text": "Advertisement\n\nThe article stays, and it is long enough to keep.\n",
        "id": 3,
        "nested": {"k": 1.5},
    },
]


def lines(records) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def cli(*args, input=None):
    return CliRunner().invoke(app, ["clean", *map(str, args)], input=input)


def test_field_is_cleaned_and_the_rest_kept_in_order(tmp_path):
    data = lines(RECORDS)
    result = cli("-", "--field", "text", input=data)
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes.splitlines(keepends=True)
    assert out[1] == data.splitlines(keepends=True)[1]  # unchanged record: byte for byte
    records = [json.loads(line) for line in out]
    assert [list(r) for r in records] == [list(r) for r in RECORDS]  # same keys, same order
    assert records[0] == RECORDS[0] | {"text": "Москва: переговоры возобновились в понедельник."}
    assert records[2] == RECORDS[2] | {"text": "The article stays, and it is long enough to keep.\n"}


def test_add_removals_is_enough_to_restore_each_field():
    result = cli("-", "--field", "text", "--add-removals", input=lines(RECORDS))
    for original, line in zip(RECORDS, result.stdout.splitlines(), strict=True):
        record = json.loads(line)
        removals = tuple(Removal(**r) for r in record.pop("text_removals"))
        assert Result(record["text"], removals).restore() == original["text"]
        assert {k: v for k, v in record.items() if k != "text"} == {
            k: v for k, v in original.items() if k != "text"
        }


def test_jsonl_files_by_suffix_with_out_and_gzip(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_bytes(lines(RECORDS))
    with gzip.open(src / "b.jsonl.gz", "wb") as f:
        f.write(lines(RECORDS))
    result = cli(src, "--glob", "*.jsonl*", "--out", tmp_path / "out", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    plain = (tmp_path / "out" / "a.jsonl").read_bytes()
    with gzip.open(tmp_path / "out" / "b.jsonl.gz", "rb") as f:
        assert f.read() == plain
    assert json.loads(plain.splitlines()[0])["text"].startswith("Москва")
    assert "2 files: 2 changed" in result.stderr and "SRC001  2 removals in 2 documents" in result.stderr


def test_a_byte_order_mark_and_crlf_are_read_and_kept(tmp_path):
    """Windows tools may begin a JSON Lines file with a byte-order mark and end lines with CRLF."""
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + lines(RECORDS).replace(b"\n", b"\r\n"))
    result = cli(path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    out = (tmp_path / "out" / "a.jsonl").read_bytes()
    assert out.startswith(b"\xef\xbb\xbf{") and out.count(b"\r\n") == 3
    first = json.loads(out[3:].split(b"\r\n")[0])
    assert first["text"] == "Москва: переговоры возобновились в понедельник."


def test_malformed_record_stops_the_file_with_its_line_number(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_bytes(lines(RECORDS[:1]) + b'{"id": 2, "text": \n' + lines(RECORDS[1:]))
    result = cli(path, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{path}: line 2: not valid JSON: Expecting value (column 19); stopped" in result.stderr
    assert not (tmp_path / "out" / "data.jsonl").exists()  # nothing half written


def test_on_error_skip_drops_bad_records_and_goes_on(tmp_path):
    path = tmp_path / "data.jsonl"
    bad = b'[1, 2]\n{"id": 9}\n{"text": 5}\n\xff\n'
    path.write_bytes(lines(RECORDS[:1]) + bad + lines(RECORDS[1:]))
    result = cli(path, "--in-place", "--on-error", "skip")
    assert result.exit_code == 0, result.stderr
    assert f"{path}: line 2: not a JSON object; record dropped" in result.stderr
    assert f"{path}: line 3: no field 'text'; record dropped" in result.stderr
    assert f"{path}: line 4: not a string in field 'text'; record dropped" in result.stderr
    assert f"{path}: line 5: not valid UTF-8 at column 1; record dropped" in result.stderr
    assert [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()] == [1, 2, 3]


def test_other_field_and_a_record_the_rules_would_gut(tmp_path):
    headlines = "".join(f"Headline number {i} about the talks in Seoul today\n" for i in range(8))
    gutted = f"Read more:\n{headlines}The talks resumed.\n"
    data = lines([{"body": "CGTN\nText.\n"}, {"body": gutted}])
    result = cli("-", "--field", "body", input=data)
    assert result.exit_code == 2
    assert [json.loads(line)["body"] for line in result.stdout.splitlines()] == ["Text.\n", gutted]
    assert "-: line 2: rules would remove 95% of the text (limit 50%)" in result.stderr


def test_clean_jsonl_file_is_not_rewritten_in_place(tmp_path):
    path = tmp_path / "clean.jsonl"
    path.write_bytes(lines(RECORDS[1:2]))
    before = path.stat()
    result = cli(path, "--in-place")
    assert result.exit_code == 0 and "1 unchanged" in result.stderr
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert [p.name for p in tmp_path.iterdir()] == ["clean.jsonl"]


def test_report_names_the_record_of_each_removal(tmp_path):
    log = tmp_path / "report.jsonl"
    result = cli("-", "--field", "text", "--report", log, input=lines(RECORDS))
    assert result.exit_code == 0, result.stderr
    (line,) = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    assert line["path"] == "-" and line["status"] == "changed"
    assert {(r["record"], r["rule"]) for r in line["removals"]} >= {(1, "SRC001"), (3, "ADV001")}


def test_diff_shows_each_changed_record_under_its_line_number(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(lines(RECORDS))
    result = cli(path, "--diff", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == lines(RECORDS)  # a diff writes nothing
    headers = [line for line in result.stdout.splitlines() if line.startswith(("--- ", "+++ "))]
    assert headers == [f"--- a/{path}:1", f"+++ b/{path}:1", f"--- a/{path}:3", f"+++ b/{path}:3"]
    assert "-CGTN\n" in result.stdout and "-Advertisement\n" in result.stdout
    # the first field has no line end: marked, so the next record's header starts a line
    assert " Москва: переговоры возобновились в понедельник.\n\\ No newline at end of file\n" in result.stdout
