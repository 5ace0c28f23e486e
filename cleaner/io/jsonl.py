"""JSON Lines: clean one field of every record, keep every other field and the order.

A record whose field is unchanged is written back byte for byte. Cleaning a field adds
no final newline it did not have, so its removals alone rebuild the original value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..engine.apply import Result
from .files import BOM, InputError
from .outcome import Doc, as_dict

ON_ERROR = ("stop", "skip")
"""What a malformed record does: stop the file (nothing written), or drop the record."""
_BOM = BOM.encode("utf-8")
"""The byte-order mark a JSON Lines file may begin with, as bytes."""


def removals_field(name: str) -> str:
    """The key ``--add-removals`` writes next to the cleaned field.

    >>> removals_field("text")
    'text_removals'
    """
    return f"{name}_removals"


@dataclass
class Records:
    """What cleaning a JSON Lines stream did."""

    docs: list[Doc] = field(default_factory=list)
    """What left each record whose field changed (``Doc.record`` is its line number)."""
    warnings: list[str] = field(default_factory=list)
    changed: int = 0
    held: int = 0
    """Records left as they were because the rules would remove too much."""
    dropped: int = 0
    bytes_in: int = 0
    bytes_out: int = 0


def parse_record(line: bytes, number: int, key: str) -> tuple[dict, str]:
    """Parse one line into (record, field text); ValueError says what is wrong. The first
    line may begin with a byte-order mark, as some Windows tools write one.

    >>> parse_record(b'\\xef\\xbb\\xbf{"text": "Talks."}\\r\\n', 1, "text")
    ({'text': 'Talks.'}, 'Talks.')
    """
    try:
        decoded = line.decode("utf-8")
        record = json.loads((decoded.removeprefix(BOM) if number == 1 else decoded).rstrip("\r\n"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"line {number}: not valid UTF-8 at column {exc.start + 1}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {number}: not valid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"line {number}: not a JSON object")
    if not isinstance(record.get(key), str):
        problem = "no field" if key not in record else "not a string in field"
        raise ValueError(f"line {number}: {problem} {key!r}")
    return record, record[key]


def clean_records(
    lines: Iterable[bytes],
    write: Callable[[bytes], object],
    name: str,
    clean_text: Callable[[str, dict], tuple[Result, str | None]],
    *,
    key: str = "text",
    add_removals: bool = False,
    on_error: str = "stop",
    keep_text: bool = False,
) -> Records:
    """Clean field ``key`` of each JSON Lines record and ``write`` every output line.

    ``clean_text(text, record)`` returns the result and, when it must not be applied, why not.
    A malformed record raises :class:`InputError` (``on_error="stop"``) or is dropped with
    a warning (``"skip"``); either names the file and line. With ``keep_text`` each changed
    record's :class:`Doc` keeps the field before and after (for a diff).

    >>> from cleaner import clean
    >>> out = []
    >>> lines = [b'{"id": 1, "text": "CGTN\\\\nTalks resumed."}\\n', b'{"id": 2, "text": "Fine."}\\n']
    >>> done = clean_records(lines, out.append, "a.jsonl", lambda t, record: (clean(t), None))
    >>> b"".join(out).decode()
    '{"id": 1, "text": "Talks resumed."}\\n{"id": 2, "text": "Fine."}\\n'
    >>> done.changed, [(d.record, r.rule) for d in done.docs for r in d.removals]
    (1, [(1, 'SRC001')])
    """
    done = Records()
    for number, line in enumerate(lines, 1):
        done.bytes_in += len(line)
        out = line
        if line.strip():
            try:
                record, text = parse_record(line, number, key)
            except ValueError as exc:
                if on_error == "stop":
                    raise InputError(name, f"{exc}; stopped (--on-error skip drops bad records)") from None
                done.warnings.append(f"{name}: {exc}; record dropped")
                done.dropped += 1
                continue
            result, problem = clean_text(text, record)
            new = result.text[: len(result.text) - len(result.appended)]
            removals = result.removals
            if problem is not None and new != text:
                done.warnings.append(
                    f"{name}: line {number}: {problem}; record kept as it was (--force writes it)"
                )
                done.held += 1
                new, removals = text, ()
            for skip in result.skipped:
                done.warnings.append(f"{name}: line {number}: {skip.rule}: {skip.message}")
            if new != text:
                done.changed += 1
                kept = (text, new) if keep_text else (None, None)
                done.docs.append(Doc(removals, "", result.skipped, number, *kept))
                record[key] = new
            if new != text or add_removals:
                if add_removals:
                    record[removals_field(key)] = [as_dict(r) for r in removals]
                ending = b"\r\n" if line.endswith(b"\r\n") else b"\n" if line.endswith(b"\n") else b""
                mark = _BOM if number == 1 and line.startswith(_BOM) else b""
                out = mark + json.dumps(record, ensure_ascii=False).encode("utf-8") + ending
        write(out)
        done.bytes_out += len(out)
    return done
