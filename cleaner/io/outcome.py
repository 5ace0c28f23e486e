"""What cleaning one file did: its status, error, and every removal, ready to report."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.apply import Removal, Result, Skipped

CHANGED = "changed"
UNCHANGED = "unchanged"
SUSPICIOUS = "suspicious"
"""The rules would remove too much: the text was left as it was (``--force`` overrides)."""
FAILED = "failed"
STATUSES = (CHANGED, UNCHANGED, SUSPICIOUS, FAILED)


def as_dict(item: Removal | Skipped) -> dict[str, str | int]:
    """A removal or skipped rule as a plain dict, for JSON (much faster than ``asdict``).

    >>> as_dict(Skipped("RUN001", "pattern timed out"))
    {'rule': 'RUN001', 'message': 'pattern timed out'}
    """
    return {name: getattr(item, name) for name in item.__slots__}


@dataclass(frozen=True, slots=True)
class Doc:
    """What was taken out of one document: a file, or one record of a JSON Lines file."""

    removals: tuple[Removal, ...]
    appended: str = ""
    skipped: tuple[Skipped, ...] = ()
    record: int | None = None
    """Line number of the record in a JSON Lines file; None for a text file."""
    before: str | None = None
    """The document's text before and after cleaning, kept only when asked for (a diff)."""
    after: str | None = None

    @classmethod
    def of(cls, result: Result, record: int | None = None) -> Doc:
        return cls(result.removals, result.appended, result.skipped, record)

    @property
    def label(self) -> str:
        """Where the document is in its file: ``""`` for a text file, ``:LINE`` for a record."""
        return "" if self.record is None else f":{self.record}"


@dataclass
class RuleCount:
    """What one rule removed: in how many documents, how many spans, lines and characters."""

    docs: int = 0
    removals: int = 0
    lines: int = 0
    chars: int = 0

    def __iadd__(self, other: RuleCount) -> RuleCount:
        self.docs += other.docs
        self.removals += other.removals
        self.lines += other.lines
        self.chars += other.chars
        return self


@dataclass(frozen=True)
class Outcome:
    """The outcome of cleaning one file (or stdin), as :func:`cleaner.io.batch.clean_file` makes it.

    It is sent back from a worker process for every file, so what the caller does not
    need can be left out: the removals (``docs``) are dropped unless
    ``Options.keep_removals``, while ``counts`` and, with ``Options.report``, the
    rendered ``report_line`` carry what the summary and the report need.
    """

    path: str
    status: str
    error: str | None = None
    """One line naming the file: why it failed or was held back."""
    output: str | None = None
    """Where the clean text was written, if anywhere."""
    docs: tuple[Doc, ...] = ()
    """Every removal, by document; empty when the removals were not kept."""
    counts: dict[str, RuleCount] = field(default_factory=dict)
    """What each rule removed (:func:`cleaner.io.stats.count_rules` of ``docs``), kept always."""
    report_line: str | None = None
    """The file's ``--report`` line (:func:`cleaner.io.report.line`), when asked for."""
    warnings: tuple[str, ...] = ()
    """One-line messages about parts skipped: timed-out rules, dropped records."""
    bytes_in: int = 0
    bytes_out: int = 0
    encoding: str | None = None
    bom: bool = False

    @property
    def removed_bytes(self) -> int:
        """Bytes the clean text is shorter than the input (0 unless changed)."""
        return max(self.bytes_in - self.bytes_out, 0) if self.status == CHANGED else 0
