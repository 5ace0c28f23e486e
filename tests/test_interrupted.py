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
from cleaner.io import files as files_module
from cleaner.io.files import TMP_SUFFIX, atomic_output, find_files

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


def test_a_stop_the_moment_the_temp_file_is_made_leaves_no_temp_file(tmp_path, monkeypatch):
    """A stop (SIGTERM, Ctrl-C) can land right after the file is made, before its name
    is kept anywhere: as if the signal's handler ran as ``os.open`` returned."""
    path = tmp_path / "a.txt"
    path.write_text("old text\n", encoding="utf-8")
    real_open = os.open

    def open_then_stop(*args, **kwargs):
        real_open(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(files_module.os, "open", open_then_stop)
    with pytest.raises(KeyboardInterrupt), atomic_output(path) as f:
        f.write(b"never written")
    assert path.read_text(encoding="utf-8") == "old text\n"
    assert list(tmp_path.iterdir()) == [path]


def test_a_temp_file_name_taken_already_is_left_to_its_file(tmp_path, monkeypatch):
    names = iter(["0000aaaa", "0000bbbb"])
    monkeypatch.setattr(files_module.secrets, "token_hex", lambda n: next(names))
    other = tmp_path / f".a.txt.0000aaaa{TMP_SUFFIX}"  # another run's, mid-write
    other.write_bytes(b"theirs")
    with atomic_output(tmp_path / "a.txt") as f:
        f.write(b"new text\n")
    assert (tmp_path / "a.txt").read_bytes() == b"new text\n"
    assert other.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "a.txt"]


def children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_batch(folder: Path, count: int) -> tuple[subprocess.Popen, list[Path], set[int]]:
    """``cleaner clean FOLDER --in-place --jobs 2`` on ``count`` dirty files, caught once
    both workers run and files are being rewritten; the process, files and worker ids."""
    old = SEEDS[1].read_text(encoding="utf-8")
    files = [folder / f"{i:05}.txt" for i in range(count)]
    for path in files:
        path.write_text(old, encoding="utf-8")
    command = [CLEANER, "clean", str(folder), "--in-place", "--jobs", "2", "--quiet"]
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
        len(children(process.pid)) < 2 or files[20].read_text(encoding="utf-8") == old
    ):
        time.sleep(0.005)
    workers = children(process.pid)
    assert len(workers) == 2 and process.poll() is None, "the batch should be mid-way"
    return process, files, workers


def wait_for_end(pids: set[int]) -> set[int]:
    """The processes of ``pids`` still alive after up to 10 s."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(alive, pids)):
        time.sleep(0.02)
    return {pid for pid in pids if alive(pid)}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    process, files, workers = start_batch(tmp_path, 3000)
    os.kill(process.pid, signal.SIGKILL)  # the main process alone, not its group
    process.wait()
    try:
        assert wait_for_end(workers) == set()
    finally:
        for pid in filter(alive, workers):
            os.kill(pid, signal.SIGKILL)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(TMP_SUFFIX)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_stops_the_batch_like_ctrl_c(tmp_path):
    process, files, workers = start_batch(tmp_path, 3000)
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=30) == 143
    assert "cleaner: stopped by SIGTERM" in process.stderr.read()
    assert wait_for_end(workers) == set()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(TMP_SUFFIX)]
    new = cleaner.clean(files[0].read_text(encoding="utf-8")).text
    assert files[0].read_text(encoding="utf-8") == new and files[-1].read_text(encoding="utf-8") != new


WATCHED_CHILD = """
import multiprocessing, os, sys, threading, time
from cleaner.io import batch

def child():
    quiet = os.open(os.devnull, os.O_WRONLY)  # let go of the test's pipes: it waits for their end
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    threading.Thread(target=batch._watch_parent, daemon=True).start()
    time.sleep(60)

if __name__ == "__main__":
    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    print(process.pid, flush=True)
    os._exit(0)  # the parent ends at once, without waiting for its child
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_pipe_watch_ends_a_worker_whose_parent_ended():
    """Where there is no parent-death signal (not Linux), a thread watching the pipe from
    the parent ends the worker: tested here on its own."""
    done = subprocess.run([sys.executable, "-c", WATCHED_CHILD], capture_output=True, text=True, timeout=60)
    child = int(done.stdout)
    try:
        assert wait_for_end({child}) == set()
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)
