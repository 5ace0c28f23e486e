import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture
def seed_dir(tmp_path):
    """A private copy of the seed articles."""
    target = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", target)
    return target


def write_rules(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def line_rule(
    rule_id: str,
    pattern: str,
    description: str = "A rule written for a test: it removes the lines its pattern matches.",
    *,
    remove: tuple[str, ...] = ("aab",),
    keep: tuple[str, ...] = ("",),
    extra: str = "",
) -> str:
    """A rule file holding one ``line`` rule (``extra``: more keys, such as a scope)."""
    return f"""
[[rules]]
id = "{rule_id}"
name = "test-rule"
kind = "line"
description = "{description}"
pattern = '{pattern}'
{extra}
examples = {{remove = {json.dumps(list(remove))}, keep = {json.dumps(list(keep))}}}
"""


@pytest.fixture
def python():
    return sys.executable
