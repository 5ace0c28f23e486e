"""cleaner: strip boilerplate (paywalls, captions, related links…) from article text.

>>> import cleaner
>>> result = cleaner.clean("CGTN\\nThe talks resumed on Monday.\\n")
>>> result.text
'The talks resumed on Monday.\\n'
>>> [(r.rule, r.text) for r in result.rule_removals()]
[('SRC001', 'CGTN\\n')]
"""

from importlib.metadata import PackageNotFoundError, version

from .engine import LAYOUT, Removal, Result, Skipped, clean
from .rules import Problem, Rule, RuleError, RuleSet, default_rules, load_rules

try:
    __version__ = version("cleaner")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "LAYOUT",
    "Problem",
    "Removal",
    "Result",
    "Rule",
    "RuleError",
    "RuleSet",
    "Skipped",
    "__version__",
    "clean",
    "default_rules",
    "load_rules",
]
