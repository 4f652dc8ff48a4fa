"""The manifest: what each indexed article was made from (path, size, mtime, content hash), kept IN the index.

Design: every document carries its own manifest record in a column-only field,
``record`` (``archive.engine.records``: key, size, mtime in ns, content hash, slug,
title, and when the file was looked at). The record is written by the same
``add_document``/``update_document`` call as the article and committed by the
same Whoosh commit, whose table of contents is replaced by one atomic rename. A
crash, SIGKILL included, therefore leaves either the old article with its old
record or the new article with its new one: manifest and index can never
disagree, and there is no manifest file to keep in step. The manifest is read
back from the column, which does not touch stored article text, so reading it
costs little more than a dictionary of the records.

Deciding what changed: a file whose size and mtime equal its record is
unchanged and is not read (``unchanged``); otherwise its content hash tells an
edit from a mere touch, and a new path whose hash equals a vanished path's is a
move that keeps its slug. A file modified within ``RACY_NS`` of being looked at
could change again without its mtime showing it, so such a record is re-hashed.
"""

import dataclasses
import hashlib
import os
import stat
import time

from archive.engine.records import Record

HASH_CHUNK = 1 << 20
# Files modified this close to being looked at may change again within one mtime tick
# (2 s covers FAT and SMB timestamps), so their stat alone is not trusted later.
RACY_NS = 2_000_000_000


@dataclasses.dataclass(frozen=True)
class Fingerprint:
    """A file's size and mtime, taken before it is read, and its content hash once read."""

    size: int
    mtime_ns: int
    seen_ns: int
    sha: str = ""

    def record(self, key, slug, title, part=1):
        """Return the manifest record of the article (the ``part``-th brief) made from this file."""
        return Record(key, self.size, self.mtime_ns, self.sha, slug, title, self.seen_ns, part)


def same_stat(record, fingerprint):
    """Tell whether a file's size and mtime still match its ``record``, and the record can be trusted."""
    racy = record.mtime_ns + RACY_NS > record.seen_ns
    return not racy and (record.size, record.mtime_ns) == (fingerprint.size, fingerprint.mtime_ns)


def parts_by_file(records):
    """Return ``{file key: [Record, ...]}``, the records of each file's briefs in order."""
    parts = {}
    for record in sorted(records.values(), key=lambda record: record.part):
        parts.setdefault(record.file_key, []).append(record)
    return parts


def stat_file(path):
    """Return the size and mtime of ``path`` (following symlinks), or raise OSError."""
    seen = time.time_ns()
    info = os.stat(path)
    return Fingerprint(info.st_size, info.st_mtime_ns, seen) if stat.S_ISREG(info.st_mode) else \
        Fingerprint(-1, info.st_mtime_ns, seen)


def with_hash(fingerprint, path, max_bytes):
    """Return ``fingerprint`` with the content hash of ``path``; an unreadable or oversized file gets none."""
    if fingerprint.size < 0 or fingerprint.size > max_bytes:
        return fingerprint  # not a regular file, or too large: the reader skips it with the reason
    digest = hashlib.blake2b(digest_size=20)
    try:
        with open(path, "rb") as file:
            while chunk := file.read(HASH_CHUNK):
                digest.update(chunk)
    except OSError:
        return fingerprint
    return dataclasses.replace(fingerprint, sha=digest.hexdigest())
