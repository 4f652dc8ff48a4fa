"""The index writer lock: one holder at a time across processes, released when its holder dies."""

import os
import signal
import subprocess
import sys
import time

import pytest

from archive.upkeep.locking import IndexBusy, IndexLock, lock_path


def hold_lock(index_dir, portable=False):
    """Start a process that takes the lock of ``index_dir`` and sleeps; return it once it holds the lock.

    With ``portable``, the process locks as on systems without ``fcntl``.
    """
    code = (f"import sys, time; from archive.upkeep import locking; locking.fcntl = None if {portable} else "
            "locking.fcntl; held = locking.IndexLock(sys.argv[1]).acquire(); print('held', flush=True); time.sleep(60)")
    process = subprocess.Popen([sys.executable, "-c", code, str(index_dir)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_second_holder_is_told_which_process_holds_the_lock(index_dir):
    holder = hold_lock(index_dir)
    try:
        started = time.monotonic()
        with pytest.raises(IndexBusy, match=rf"another reindex is running \(pid {holder.pid}\)"):
            IndexLock(index_dir, wait=0.3).acquire()
        assert time.monotonic() - started >= 0.3
    finally:
        holder.kill()
        holder.communicate()


def test_lock_of_a_killed_holder_is_free_at_once(index_dir):
    holder = hold_lock(index_dir)
    holder.send_signal(signal.SIGKILL)
    holder.communicate()
    with IndexLock(index_dir, wait=0):
        assert lock_path(index_dir).read_text().strip() == str(os.getpid())


def test_waiting_holder_gets_the_lock_when_it_is_released(index_dir):
    first = IndexLock(index_dir).acquire()
    holder_code = ("import sys; from archive.upkeep.locking import IndexLock; IndexLock(sys.argv[1], wait=30).acquire(); "
                   "print('got it')")
    waiter = subprocess.Popen([sys.executable, "-c", holder_code, str(index_dir)], stdout=subprocess.PIPE, text=True)
    time.sleep(0.5)
    assert waiter.poll() is None
    first.release()
    out, _ = waiter.communicate(timeout=30)
    assert (waiter.returncode, out.strip()) == (0, "got it")


def test_lock_file_sits_beside_the_index_folder(tmp_path):
    with IndexLock(tmp_path / "data" / "index"):
        assert (tmp_path / "data" / ".index.lock").is_file()
        assert not (tmp_path / "data" / "index").exists()


def test_without_fcntl_the_lock_still_excludes_and_dies_with_its_holder(index_dir, monkeypatch):
    from archive.upkeep import locking

    monkeypatch.setattr(locking, "fcntl", None)
    holder = hold_lock(index_dir, portable=True)
    try:
        with pytest.raises(IndexBusy, match="another reindex is running on"):
            IndexLock(index_dir, wait=0.2).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate()
    with IndexLock(index_dir, wait=0):
        pass
