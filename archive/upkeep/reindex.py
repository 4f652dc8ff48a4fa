"""Incremental reindexing: add new files, update changed ones, remove deleted ones, keep slugs of moved ones.

What changed is decided from the manifest records the index keeps with each
document (``archive.upkeep.manifest``): a file whose size and mtime match its record is
not read at all, so an unchanged archive costs one stat per file. Changed files
are hashed, which tells an edit from a touch and a move from a new article.

Safety: the whole run holds the index's writer lock (``archive.upkeep.locking``). Changes
are committed in batches of ``BATCH_SIZE`` documents; each commit is atomic and
carries the records of exactly the documents it writes, so a run killed at any
point leaves an index that opens with everything committed before, and the next
run redoes only what is missing. A moved file's old document is deleted in the
same commit that adds it under its new path, so no two articles ever share a slug.
Deleted files are removed in the last commit. A file that cannot be read keeps its
indexed article and is reported in ``kept`` every run until it is fixed or deleted;
so are the articles under a folder that cannot be listed.
"""

import dataclasses
import time

from archive.upkeep.build import (
    LOCK_WAIT, Slugs, brief_key, document, document_key, open_for_writing, protected_keys, rebuild, split_found)
from archive.upkeep.failures import writing
from archive.upkeep.locking import IndexLock
from archive.upkeep.manifest import parts_by_file, read_manifest, stat_file
from archive.ingest.reader import SkippedFile
from archive.engine.schema import RECORD_FIELD, writer_options
from archive.engine.merging import commit
from archive.engine.segments import abandon
from archive.upkeep.sourcing import read_source

BATCH_SIZE = 2000


@dataclasses.dataclass
class ReindexReport:
    """What a reindex did, file by file: relative paths, with reasons for skipped and kept files."""

    added: list = dataclasses.field(default_factory=list)
    updated: list = dataclasses.field(default_factory=list)
    moved: list = dataclasses.field(default_factory=list)
    removed: list = dataclasses.field(default_factory=list)
    touched: int = 0
    unchanged: int = 0
    skipped: list = dataclasses.field(default_factory=list)
    kept: list = dataclasses.field(default_factory=list)
    full: bool = False
    indexed: int = 0
    seconds: float = 0.0

    @property
    def changed(self):
        """Tell whether the run changed the index."""
        return bool(self.full or self.added or self.updated or self.moved or self.removed or self.touched)

    def summary(self):
        """Return one line with the counts.

        >>> ReindexReport(added=["a.txt"], unchanged=3).summary()
        '1 added, 0 updated, 0 moved, 0 removed, 3 unchanged, 0 kept, 0 skipped'
        """
        if self.full:
            return f"rebuilt: {self.indexed} articles, {len(self.kept)} kept, {len(self.skipped)} skipped"
        return (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.moved)} moved, "
                f"{len(self.removed)} removed, {self.unchanged + self.touched} unchanged, "
                f"{len(self.kept)} kept, {len(self.skipped)} skipped")

    def to_dict(self):
        """Return the report as JSON-ready counts."""
        return {"full": self.full, "indexed": self.indexed, "added": len(self.added),
                "updated": len(self.updated), "moved": len(self.moved), "removed": len(self.removed),
                "unchanged": self.unchanged + self.touched, "kept": len(self.kept),
                "skipped": len(self.skipped), "seconds": round(self.seconds, 3)}


def reindex(source_dirs, index_dir, max_bytes, full=False, progress=None, wait=LOCK_WAIT, batch_size=BATCH_SIZE):
    """Bring the index in ``index_dir`` up to date with ``source_dirs`` and return what was done.

    With ``full``, or when there is no index yet (or one of another format version),
    the index is rebuilt from scratch and swapped in whole.
    Waits up to ``wait`` seconds for another writer, then raises IndexBusy.
    """
    started = time.monotonic()
    with writing(index_dir), IndexLock(index_dir, wait):
        ix = open_for_writing(index_dir)
        if full or ix is None:
            built = rebuild(source_dirs, index_dir, max_bytes, progress)
            report = ReindexReport(full=True, indexed=built.indexed, skipped=built.skipped, kept=built.kept)
        else:
            report = _incremental(ix, source_dirs, max_bytes, progress, batch_size)
    report.seconds = time.monotonic() - started
    return report


def _incremental(ix, source_dirs, max_bytes, progress, batch_size):
    """Apply the changes since the last run to ``ix`` in atomic batches."""
    report = ReindexReport()
    sources, report.skipped = split_found(source_dirs)
    with ix.searcher() as searcher:
        records = read_manifest(searcher.reader())
    protected = protected_keys(records, report.skipped)
    report.kept.extend(SkippedFile(records[key].relpath, f"{reason}; the indexed article is kept")
                       for key, reason in protected.items())
    present, todo = {records[key].file_key for key in protected}, []
    for source in sources:
        key = document_key(source)
        present.add(key)
        record = records.get(key)
        try:
            if record is not None and record.same_stat(stat_file(source.path)):
                report.unchanged += 1
                continue
        except OSError:
            pass  # read_source reports it
        todo.append((source, key, record))
    vanished = [key for key, record in records.items() if record.file_key not in present]
    if not todo and not vanished:
        return report
    slugs = Slugs(records, present)
    parts = parts_by_file(records)
    batch = _Batches(ix, batch_size)
    try:
        for done, (source, key, record) in enumerate(todo, 1):
            for _ in range(_apply(batch, source, key, record, slugs, max_bytes, report, vanished, parts.get(key, []))):
                batch.wrote()
            if progress:
                progress(done, len(todo))
        for key in vanished:
            batch.delete(key)
            report.removed.append(records[key].relpath)
        batch.commit()
    except BaseException:
        batch.cancel()
        raise
    return report


def _apply(batch, source, key, record, slugs, max_bytes, report, vanished, old_parts):
    """Write the documents of one new or changed file, one per brief; return how many were written.

    ``record`` is the manifest record of the file's first brief and ``old_parts`` those of
    all its briefs; briefs the file no longer holds are deleted.
    """
    fingerprint, found = read_source(source, max_bytes)
    if isinstance(found, SkippedFile):
        if record is not None:
            report.kept.append(SkippedFile(found.path, f"{found.reason}; the indexed article is kept"))
        else:
            report.skipped.append(found)
        return 0
    if record is not None and fingerprint.sha == record.sha:
        if (fingerprint.size, fingerprint.mtime_ns) == (record.size, record.mtime_ns):
            report.unchanged += 1  # only re-checked because its mtime was too recent to trust
            return 0
        report.touched += 1
    moved = False
    for part, article in enumerate(found, 1):
        brief = brief_key(key, part)
        slug, moved_from = slugs.claim(brief, article.title, fingerprint.sha)
        if moved_from is not None:
            batch.delete(moved_from)
            vanished.remove(moved_from)
            if not moved:
                report.moved.append((moved_from.split("//", 1)[-1], source.relpath))
                moved = True
        fields = document(article, brief, slug)
        record_bytes = fingerprint.record(brief, slug, article.title, part).to_bytes()
        batch.writer.update_document(**fields, **{RECORD_FIELD: record_bytes})
    for old in old_parts[len(found) :]:
        batch.delete(old.key)
    if record is None and not moved:
        report.added.append(source.relpath)
    elif record is not None and fingerprint.sha != record.sha:
        report.updated.append(source.relpath)
    return len(found)


class _Batches:
    """A writer that commits every ``size`` documents, so a huge run is saved in consistent steps."""

    def __init__(self, ix, size):
        """Open the first writer on ``ix``."""
        self.ix, self.size, self.count, self.dirty = ix, size, 0, False
        self.writer = ix.writer(**writer_options())

    def delete(self, key):
        """Delete the document of ``key`` in the current batch."""
        self.writer.delete_by_term("key", key)
        self.dirty = True

    def wrote(self):
        """Count one written document, committing the batch when it is full."""
        self.count += 1
        self.dirty = True
        if self.count % self.size == 0:
            commit(self.writer, written=self.count)
            self.writer, self.dirty = self.ix.writer(**writer_options()), False

    def commit(self):
        """Commit the last batch, or drop the writer when it holds no change."""
        if self.dirty:
            commit(self.writer, written=self.count)
        else:
            self.writer.cancel()

    def cancel(self):
        """Drop the uncommitted batch and the files it wrote."""
        abandon(self.writer, self.ix)
