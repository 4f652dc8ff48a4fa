"""One Archive per app, opened on first use, so the site can start before the index exists."""

import os
import threading

from flask import current_app

from archive.upkeep.build import build
from archive.query.search import Archive, IndexMissing

_LOCK = threading.Lock()


def _folder_identity(path):
    """Return the inode of the index folder, which changes when a full build swaps a new index in."""
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def archive():
    """Return this app's Archive, reopened after a full rebuild; raise IndexMissing while there is no index."""
    path, cache_bytes = current_app.config["ARCHIVE_INDEX_DIR"], current_app.config["ARCHIVE_CACHE_BYTES"]
    identity = _folder_identity(path)
    cached = current_app.extensions.get("archive")
    if cached is None or cached[0] != identity:
        with _LOCK:
            cached = current_app.extensions.get("archive")
            if cached is None or cached[0] != identity:
                cached = current_app.extensions["archive"] = (identity, Archive(path, cache_bytes))
    return cached[1]


def ensure_index(config):
    """Build the index from the source folders when none exists; return the build report, or None."""
    try:
        Archive(config["ARCHIVE_INDEX_DIR"])
        return None
    except IndexMissing:
        return build(config["ARCHIVE_SOURCE_DIRS"], config["ARCHIVE_INDEX_DIR"], config["ARCHIVE_MAX_FILE_BYTES"])
