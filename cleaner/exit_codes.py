"""Exit codes of the ``cleaner`` command, as black and ruff use them."""

OK = 0
"""Success: nothing to report, or files were cleaned."""
CHANGED = 1
"""``--check`` found files that cleaning would change."""
ERROR = 2
"""Usage error, unreadable input, or a broken rule file."""
FAILED = 1
"""``rules test`` found failing examples, or ``rules check`` found problems in rule files."""
