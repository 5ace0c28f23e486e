import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
EVAL = next(
    (p for p in (ROOT.parent / "shared" / "eval", ROOT.parents[1] / "shared" / "eval") if p.is_dir()), None
)
"""The shared eval sets (``../shared/eval`` beside the checkout), or None: tests that
read them are skipped without them."""
_CACHE_ENV = pytest.StashKey[str | None]()


def pytest_configure(config):
    """Keep the rule cache of this session (doctests and CLI subprocesses too) in a folder
    of its own, never in the user's cache."""
    config.stash[_CACHE_ENV] = os.environ.get("CLEANER_CACHE_DIR")
    os.environ["CLEANER_CACHE_DIR"] = tempfile.mkdtemp(prefix="cleaner-test-cache-")


def pytest_unconfigure(config):
    shutil.rmtree(os.environ["CLEANER_CACHE_DIR"], ignore_errors=True)
    saved = config.stash[_CACHE_ENV]
    if saved is None:
        del os.environ["CLEANER_CACHE_DIR"]
    else:
        os.environ["CLEANER_CACHE_DIR"] = saved


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
