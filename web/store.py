"""One Archive per app, opened on first use, so the site can start before the index exists."""

import os
import threading

from flask import current_app

from archive import Archive, BuildOptions, IndexMissing, build

_LOCK = threading.Lock()


def _folder_identity(path):
    """Return the inode of the index folder, which changes when a full build swaps a new index in."""
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def archive():
    """Return this app's Archive, reopened after a full rebuild; raise IndexMissing while there is no index.

    The archive a rebuild replaced is closed at the next rebuild, not at once,
    so requests still reading it finish first.
    """
    path, cache_bytes = current_app.config["ARCHIVE_INDEX_DIR"], current_app.config["ARCHIVE_CACHE_BYTES"]
    identity = _folder_identity(path)
    opened = current_app.extensions.setdefault("archives", [])
    if not opened or opened[-1][0] != identity:
        with _LOCK:
            if not opened or opened[-1][0] != identity:
                opened.append((identity, Archive(path, cache_bytes)))
                while len(opened) > 2:
                    opened.pop(0)[1].close()
    return opened[-1][1]


def ensure_index(config):
    """Build the index from the source folders when none exists; return the build report, or None."""
    try:
        Archive(config["ARCHIVE_INDEX_DIR"]).close()
        return None
    except IndexMissing:
        options = BuildOptions(max_bytes=config["ARCHIVE_MAX_FILE_BYTES"])
        return build(config["ARCHIVE_SOURCE_DIRS"], config["ARCHIVE_INDEX_DIR"], options)
