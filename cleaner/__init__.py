"""cleaner: strip boilerplate (paywalls, captions, related links…) from article text.

>>> import cleaner
>>> result = cleaner.clean("CGTN\\nThe talks resumed on Monday.\\n")
>>> result.text
'The talks resumed on Monday.\\n'
>>> [(r.rule, r.text) for r in result.rule_removals()]
[('SRC001', 'CGTN\\n')]
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine.apply import LAYOUT, Removal, Result, Skipped, clean
    from .io.html import clean_html
    from .pack.rules import Problem, Rule, RuleError, RuleSet, default_rules, load_rules

# Imported on first use (PEP 562), so that `cleaner --version` and the CLI start fast.
_LAZY = (
    {name: "engine.apply" for name in ("LAYOUT", "Removal", "Result", "Skipped", "clean")}
    | {"clean_html": "io.html"}
    | {name: "pack.rules" for name in ("Problem", "Rule", "RuleError", "RuleSet", "default_rules", "load_rules")}
)


__version__ = "0.1.0"
"""The package version; pyproject.toml reads it from here."""


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    "clean_html",
    "default_rules",
    "load_rules",
]
