"""Exit codes of the ``cleaner`` command, as black and ruff use them."""

OK = 0
"""Success: nothing to report, or files were cleaned."""
CHANGED = 1
"""``--check`` found files that cleaning would change."""
ERROR = 2
"""Usage error, a broken rule file, or a file that failed or was held back as suspicious."""
FAILED = 1
"""``rules test`` found failing examples, or ``rules check`` found problems in rule files."""


def stop(signum: int, frame: object = None) -> None:
    """A signal handler that ends the process as an exception would: ``finally`` blocks
    run (temp files go), and the exit code is the shell's for that signal, 128 + its number.

    >>> import signal
    >>> stop(signal.SIGTERM)
    Traceback (most recent call last):
    ...
    SystemExit: 143
    """
    raise SystemExit(128 + signum)
