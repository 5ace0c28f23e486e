"""The built wheel works on its own: rules ship inside it, the script runs, deps import."""

import subprocess
import sys
import venv

import pytest
from conftest import ROOT, SEEDS

import cleaner


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv, outside the repository, with the wheel built from this tree."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", dist, ROOT],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("cleaner-*.whl")
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run([bin_dir / "pip", "install", "-q", wheel], check=True, capture_output=True)
    return bin_dir


@pytest.mark.slow
def test_wheel_cleans_a_seed_through_the_console_script(installed, tmp_path):
    seed = SEEDS[1].read_text(encoding="utf-8")
    done = subprocess.run(
        [installed / "cleaner", "clean", "-"],
        input=seed.encode(),
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == cleaner.clean(seed).text


@pytest.mark.slow
def test_wheel_ships_the_default_rules_and_its_dependencies_import(installed, tmp_path):
    code = (
        "import cleaner, trafilatura; from cleaner.pack.rules import default_rules_path; "
        "from cleaner.authoring.review import page; page([]); "  # the review page's template ships too
        "p = default_rules_path(); print(p.parent.name, p.name, len(cleaner.default_rules()))"
    )
    done = subprocess.run([installed / "python", "-c", code], capture_output=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    parent, name, count = done.stdout.decode().split()
    assert (parent, name) == ("cleaner", "rules")
    assert int(count) == len(cleaner.default_rules())
