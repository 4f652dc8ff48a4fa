"""Watching source folders: poll them, and reindex once a burst of changes has settled.

Polling (a stat of every article file, compared with the previous poll) needs no
dependency, works on every file system including network shares where change
notifications do not arrive, and cannot miss an event: what it compares is the
state of the folders, and ``reindex`` itself decides from the index's manifest what
to do. A change starts a quiet period; while files keep changing the reindex waits,
so a copy of many files becomes one reindex, but never longer than ``max_delay``.
The poll interval stretches on very large archives so that polling stays a small
part of one CPU.

``Watcher.run`` returns when ``stop`` is set (the CLI sets it on SIGTERM and
Ctrl-C); a reindex under way is finished first, and even if it were killed the
index would stay whole (see ``archive.upkeep.reindex``).
"""

import dataclasses
import os
import threading
import time

from archive.upkeep.failures import IndexWriteError
from archive.upkeep.locking import IndexBusy
from archive.ingest.reader import SkippedFile, SourceDirError, discover
from archive.upkeep.reindex import reindex

# Polling takes at most this share of the time between polls on huge archives.
POLL_SHARE = 0.2


def snapshot(source_dirs):
    """Return ``{path: (size, mtime_ns)}`` for every article file under ``source_dirs``, skipped ones included."""
    state = {}
    for found in discover(source_dirs):
        if isinstance(found, SkippedFile):
            state[found.path] = (found.reason,)
            continue
        try:
            info = os.stat(found.path)
            state[found.path] = (info.st_size, info.st_mtime_ns)
        except OSError as error:
            state[found.path] = (str(error),)
    return state


class Watcher:
    """Reindex ``index_dir`` from ``source_dirs`` whenever their files change, until ``stop`` is set."""

    def __init__(self, source_dirs, index_dir, options, interval=2.0, quiet=1.0, max_delay=30.0,
                 on_report=None, on_error=None, stop=None):
        """Configure the watch; ``on_report(report)`` and ``on_error(message)`` hear about each reindex."""
        self.source_dirs, self.index_dir = source_dirs, index_dir
        # A writer busy past one interval is waited for at the next poll, not now.
        self.options = dataclasses.replace(options, wait=interval)
        self.interval, self.quiet, self.max_delay = interval, quiet, max_delay
        self.on_report = on_report or (lambda report: None)
        self.on_error = on_error or (lambda message: None)
        self.stop = stop or threading.Event()

    def run(self):
        """Poll and reindex until ``stop`` is set; the first reindex runs at once to catch up.

        No error ends the watch: each is reported to ``on_error``, and a failed
        reindex is tried again one interval later.
        """
        previous, pending_since, last_change = None, time.monotonic(), time.monotonic()
        while not self.stop.is_set():
            started = time.monotonic()
            current = self._snapshot()
            now = time.monotonic()
            if current is not None and current != previous:
                if previous is not None:
                    pending_since = pending_since or now
                    last_change = now
                previous = current
            failed = False
            if pending_since and (now - last_change >= self.quiet or now - pending_since >= self.max_delay):
                failed = not self._reindex()
                pending_since = pending_since if failed else None
            scan = time.monotonic() - started
            self.stop.wait(max(self.interval, scan / POLL_SHARE) if failed or not pending_since else self.quiet / 2)

    def _snapshot(self):
        """Return the state of the source folders, or None when it cannot be taken this time."""
        try:
            return snapshot(self.source_dirs)
        except Exception as error:  # noqa: BLE001 - reported, and the next poll tries again
            self.on_error(_message(error))
            return None

    def _reindex(self):
        """Run one reindex; return False when it should be tried again at the next poll."""
        try:
            self.on_report(reindex(self.source_dirs, self.index_dir, self.options))
        except Exception as error:  # noqa: BLE001 - the watch outlives any one failed reindex
            self.on_error(_message(error))
            return False
        return True

    def start(self):
        """Run the watch in a daemon thread and return the thread."""
        thread = threading.Thread(target=self.run, name="archive-watch", daemon=True)
        thread.start()
        return thread


def _message(error):
    """Return the message of an error for the log: the archive's own errors say what to do, others name their type."""
    if isinstance(error, (IndexBusy, IndexWriteError, SourceDirError)):
        return str(error)
    return f"{type(error).__name__}: {error}"

