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
"""

import os
import pathlib
import time

try:
    import fcntl
except ImportError:  # Windows: Whoosh's own write lock still keeps writers apart
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
        self._fd = None

    def acquire(self):
        """Take the lock, waiting up to ``self.wait`` seconds, or raise IndexBusy naming the holder."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(0.0, self.wait)
        while fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_pid(fd)
                    os.close(fd)
                    who = f" (pid {holder})" if holder else ""
                    raise IndexBusy(f"another reindex is running{who} on {self.path.parent}; "
                                    "try again when it has finished") from None
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self):
        """Give the lock back; the kernel would do it anyway when the process ends."""
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

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
