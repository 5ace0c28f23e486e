"""A batch killed mid-way leaves every file whole: old or new, never half of one."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS

import cleaner
from cleaner.files import TMP_SUFFIX, atomic_output, find_files

CLEANER = str(Path(sys.executable).parent / "cleaner")


@pytest.mark.slow
def test_killed_batch_leaves_only_whole_files(tmp_path):
    old = SEEDS[1].read_text(encoding="utf-8")
    new = cleaner.clean(old).text
    files = [tmp_path / f"{i:05}.txt" for i in range(1000)]
    for path in files:
        path.write_text(old, encoding="utf-8")
    command = [CLEANER, "clean", str(tmp_path), "--in-place", "--jobs", "2", "--quiet"]
    for mark in (files[10], files[300], files[600]):  # three kills, at three points of the batch
        process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while mark.read_text(encoding="utf-8") == old and time.monotonic() < deadline:
            time.sleep(0.002)
        os.killpg(process.pid, signal.SIGKILL)  # the command and its workers, at once
        process.wait()
        contents = [path.read_text(encoding="utf-8") for path in files]
        assert set(contents) <= {old, new}
        assert old in contents and new in contents, "the kill should land mid-batch"
    assert [f.path for f in find_files([tmp_path], "*")] == files  # leftover temp files are never taken
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(TMP_SUFFIX)]
    assert all(p.name.startswith(".") for p in leftovers)


def test_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old text\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_output(path) as f:
        f.write(b"half of the new")
        raise KeyboardInterrupt
    assert path.read_text(encoding="utf-8") == "old text\n"
    assert list(tmp_path.iterdir()) == [path]
