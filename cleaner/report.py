"""The ``--report`` file: one JSON object per line and file, enough to audit a run and to
put back everything it removed.

Offsets are in characters of the decoded text, without a byte-order mark; for a JSON
Lines file each removal also names its ``record`` (line number) and counts offsets in
that record's field.
"""

from __future__ import annotations

import json
from typing import Any

from .engine import Removal, Result
from .outcome import Outcome, as_dict


def record(outcome: Outcome) -> dict[str, Any]:
    """The report line of one file.

    >>> from cleaner.outcome import Doc
    >>> from cleaner.engine import clean
    >>> line = record(Outcome("a.txt", "changed", docs=(Doc.of(clean("CGTN\\nTalks.")),)))
    >>> line["status"], [(r["rule"], r["start"], r["end"], r["text"]) for r in line["removals"]], line["appended"]
    ('changed', [('SRC001', 0, 5, 'CGTN\\n')], '\\n')
    """
    removals, skipped = [], []
    for doc in outcome.docs:
        where = {} if doc.record is None else {"record": doc.record}
        removals += [where | as_dict(r) for r in doc.removals]
        skipped += [where | as_dict(s) for s in doc.skipped]
    return {
        "path": outcome.path,
        "status": outcome.status,
        "error": outcome.error,
        "output": outcome.output,
        "encoding": outcome.encoding,
        "bom": outcome.bom,
        "bytes_in": outcome.bytes_in,
        "bytes_out": outcome.bytes_out,
        "appended": "".join(doc.appended for doc in outcome.docs),
        "removals": removals,
        "skipped": skipped,
        "warnings": list(outcome.warnings),
    }


def line(outcome: Outcome) -> str:
    """The report line of one file as JSON text, without its newline.

    :func:`cleaner.batch.clean_file` renders it with ``Options(report=True)``, in the
    worker process that cleaned the file, so the process writing the report only writes.

    >>> line(Outcome("a.txt", "failed", error="a.txt: no such file or folder"))[:65]
    '{"path": "a.txt", "status": "failed", "error": "a.txt: no such fi'
    """
    return json.dumps(record(outcome), ensure_ascii=False)


def restore(line: dict[str, Any], text: str) -> str:
    """Rebuild a text file's input from its clean ``text`` and its report ``line``.

    >>> line = {"removals": [{"rule": "SRC001", "start": 0, "end": 5, "text": "CGTN\\n", "line": 1,
    ...          "reason": "source-line"}], "appended": "\\n"}
    >>> restore(line, "Talks.\\n")
    'CGTN\\nTalks.'
    """
    removals = tuple(Removal(**{k: v for k, v in r.items() if k != "record"}) for r in line["removals"])
    return Result(text, removals, line["appended"]).restore()
