"""Property tests: random bytes and random Unicode never crash the library or the CLI."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import cleaner
from cleaner.cli import app
from cleaner.io.batch import Options, Task, clean_file
from cleaner.io.outcome import FAILED, STATUSES

RULES = cleaner.default_rules()
# Text that looks like articles sometimes: junk lines and line breaks mixed into random Unicode.
ARTICLE_BITS = st.sampled_from(
    ["CGTN\n", "Read more:\n", "Headline\n", "\r\n", "\n\n", "\ufeff", "\u00a0", "Subscribe now\n", "/AP\n"]
)
TEXTS = st.lists(st.one_of(st.text(), ARTICLE_BITS), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_clean_never_crashes_and_always_restores(text):
    result = cleaner.clean(text, rules=RULES)
    assert result.restore() == text
    assert cleaner.clean(result.text, rules=RULES).text == result.text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.binary(), TEXTS.map(lambda t: t.encode("utf-8"))),
    st.sampled_from(["utf-8", "auto", "latin-1"]),
)
def test_clean_file_turns_any_bytes_into_an_outcome(data, encoding):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_bytes(data)
        outcome = clean_file(Task(path, path), RULES, Options(encoding=encoding))
        assert outcome.status in STATUSES
        if outcome.status == FAILED:
            assert outcome.error.startswith(f"{path}: ") and "\n" not in outcome.error
            assert "internal error" not in outcome.error
            assert path.read_bytes() == data
        else:
            assert outcome.error is None or outcome.status == "suspicious"


@settings(max_examples=60, deadline=None)
@given(st.binary(), st.booleans())
def test_cli_on_stdin_exits_cleanly(data, as_jsonl):
    args = ["clean", "-", *(["--field", "text", "--on-error", "skip"] if as_jsonl else [])]
    result = CliRunner().invoke(app, args, input=data)
    assert result.exit_code in (0, 2), result.exception
    assert result.exception is None or isinstance(result.exception, SystemExit)
