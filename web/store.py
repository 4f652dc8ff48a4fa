"""One Archive per app, opened on first use, so the site can start before the index exists."""

import os
import threading

from flask import current_app

from archive.indexer import build
from archive.search import Archive, IndexMissing

_LOCK = threading.Lock()


def archive():
    """Return this app's Archive, opening it now if needed; raise IndexMissing while there is no index."""
    extensions = current_app.extensions
    if "archive" not in extensions:
        with _LOCK:
            if "archive" not in extensions:
                extensions["archive"] = Archive(current_app.config["ARCHIVE_INDEX_DIR"])
    return extensions["archive"]


def source_dirs(config):
    """Return the configured source folders as a list."""
    value = config["ARCHIVE_SOURCE_DIRS"]
    return [part for part in value.split(os.pathsep) if part] if isinstance(value, str) else list(value)


def ensure_index(config):
    """Build the index from the source folders when none exists; return the build report, or None."""
    try:
        Archive(config["ARCHIVE_INDEX_DIR"])
        return None
    except IndexMissing:
        return build(source_dirs(config), config["ARCHIVE_INDEX_DIR"], int(config["ARCHIVE_MAX_FILE_BYTES"]))
