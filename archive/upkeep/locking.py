"""One writer at a time, across processes: an OS file lock held next to the index folder.

Whoosh has its own write lock, but a second writer only learns "LockError". This
lock is taken first, around a whole build or reindex, so a second ``archive
reindex`` (or ``archive index``, the watcher, the admin action) either waits for
the first to finish or says clearly which process holds the index.

The lock is ``fcntl.flock`` on ``.<index name>.lock`` in the index folder's parent:
outside the index folder, because a full rebuild may swap that folder, and
released by the kernel when its holder dies, even by SIGKILL, so a crash never
leaves a stale lock behind. The holder writes its pid into the file for the
message; a stale pid left in the file is harmless, only the flock counts.
Where there is no ``fcntl`` (Windows), the ``filelock`` package locks the same
file with the system's own locks, which also die with their holder; its lock
file holds no pid, so the message names none.
"""

import functools
import os
import pathlib
import time

import filelock

try:
    import fcntl
except ImportError:
    fcntl = None

POLL_SECONDS = 0.1


class IndexBusy(Exception):
    """Another process is writing the index and did not finish within the wait."""


def lock_path(index_dir):
    """Return the lock file of ``index_dir``: a hidden file beside it.

    >>> lock_path("data/index").as_posix()
    'data/.index.lock'
    """
    index_dir = pathlib.Path(index_dir)
    return index_dir.with_name(f".{index_dir.name}.lock")


class IndexLock:
    """Exclusive right to write one index, held from ``acquire`` (or ``with``) until ``release``."""

    def __init__(self, index_dir, wait=0.0):
        """Prepare the lock of ``index_dir``; ``acquire`` waits up to ``wait`` seconds for it."""
        self.path = lock_path(index_dir)
        self.wait = wait
        self._release = None

    def acquire(self):
        """Take the lock, waiting up to ``self.wait`` seconds, or raise IndexBusy naming the holder."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if fcntl is None:
            return self._acquire_portably()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(0.0, self.wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_pid(fd)
                    os.close(fd)
                    raise self._busy(holder) from None
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._release = functools.partial(os.close, fd)  # closing the descriptor drops the flock
        return self

    def _acquire_portably(self):
        """Take the lock through ``filelock``, for systems without ``fcntl``."""
        lock = filelock.FileLock(self.path, timeout=max(0.0, self.wait), poll_interval=POLL_SECONDS)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise self._busy(None) from None
        self._release = lock.release
        return self

    def _busy(self, holder):
        """Return the IndexBusy error naming the process ``holder`` when it is known."""
        who = f" (pid {holder})" if holder else ""
        return IndexBusy(f"another reindex is running{who} on {self.path.parent}; try again when it has finished")

    def release(self):
        """Give the lock back; the kernel would do it anyway when the process ends."""
        if self._release is not None:
            self._release()
            self._release = None

    def __enter__(self):
        """Acquire the lock for a ``with`` block."""
        return self.acquire()

    def __exit__(self, *exc_info):
        """Release the lock at the end of a ``with`` block."""
        self.release()


def _read_pid(fd):
    """Return the pid written in the lock file, or None."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
