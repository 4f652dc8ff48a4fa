"""Incremental reindexing: add new files, update changed ones, remove deleted ones, keep slugs of moved ones.

What changed is decided from the manifest records the index keeps with each
document (``archive.upkeep.manifest``): a file whose size and mtime match its record is
not read at all, so an unchanged archive costs one stat per file. Changed files
are hashed, which tells an edit from a touch and a move from a new article.

Safety: the whole run holds the index's writer lock (``archive.upkeep.locking``). Changes
are committed in batches (the options' ``commit_docs``); each commit is atomic and
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
    Slugs, document_key, open_for_writing, protected_keys, rebuild, split_found)
from archive.upkeep.documents import document
from archive.upkeep.grouping import regroup, regrouped
from archive.upkeep.stored_groups import StoredGroups
from archive.upkeep.failures import writing
from archive.upkeep.locking import IndexLock
from archive.upkeep.options import BuildOptions
from archive.upkeep.manifest import parts_by_file, same_stat, stat_file
from archive.ingest.briefs import brief_path
from archive.ingest.reader import SkippedFile
from archive.engine.records import read_records
from archive.engine.schema import RECORD_FIELD
from archive.engine.merging import BatchWriter
from archive.upkeep.sourcing import read_source


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


def reindex(source_dirs, index_dir, options=BuildOptions(), full=False, progress=None):
    """Bring the index in ``index_dir`` up to date with ``source_dirs`` and return what was done.

    With ``full``, or when there is no index yet (or one of another format version),
    the index is rebuilt from scratch and swapped in whole.
    Waits up to ``options.wait`` seconds for another writer, then raises IndexBusy.
    """
    started = time.monotonic()
    with writing(index_dir), IndexLock(index_dir, options.wait):
        ix = open_for_writing(index_dir)
        if full or ix is None:
            built = rebuild(source_dirs, index_dir, options, progress)
            report = ReindexReport(full=True, indexed=built.indexed, skipped=built.skipped, kept=built.kept)
        else:
            report = _Incremental(ix, options).run(source_dirs, progress)
    report.seconds = time.monotonic() - started
    return report


class _Incremental:
    """One incremental run over an index: what it found changed, and the batches it writes them in."""

    def __init__(self, ix, options):
        """Prepare a run over ``ix`` with ``options``; nothing is read or written yet."""
        self.ix, self.options, self.report = ix, options, ReindexReport()
        self.slugs = self.batch = self.stored = None
        self.vanished, self.parts = [], {}

    def run(self, source_dirs, progress):
        """Apply the changes since the last run in atomic batches and return the report."""
        report = self.report
        sources, report.skipped = split_found(source_dirs)
        with self.ix.searcher() as searcher:
            records = read_records(searcher)
        protected = protected_keys(records, report.skipped)
        report.kept.extend(SkippedFile(records[key].relpath, f"{reason}; the indexed article is kept")
                           for key, reason in protected.items())
        present = {records[key].file_key for key in protected}
        todo = self._changed(sources, records, present)
        self.vanished = [key for key, record in records.items() if record.file_key not in present]
        if not todo and not self.vanished:
            return report
        self.slugs, self.parts = Slugs(records, present), parts_by_file(records)
        # The index as it was, for the groups its articles were in: read while the batches change it.
        with self.ix.searcher() as before:
            self.stored = StoredGroups(before)
            self.batch = BatchWriter(self.ix, self.options.commit_docs, self.options.tiers)
            try:
                for done, (source, key, record) in enumerate(todo, 1):
                    self.batch.wrote(self._apply(source, key, record))
                    if progress:
                        progress(done, len(todo))
                for key in self.vanished:
                    self._delete(key)
                    report.removed.append(records[key].relpath)
                self.batch.commit()
            except BaseException:
                self.batch.cancel()
                raise
        regroup(self.ix, regrouped(self.stored.groups, self.stored.written), self.options.tiers)
        return report

    def _changed(self, sources, records, present):
        """Return ``(source, key, record)`` of the new and changed files, adding every file's key to ``present``."""
        todo = []
        for source in sources:
            key = document_key(source)
            present.add(key)
            record = records.get(key)
            try:
                if record is not None and same_stat(record, stat_file(source.path)):
                    self.report.unchanged += 1
                    continue
            except OSError:
                pass  # read_source reports it
            todo.append((source, key, record))
        return todo

    def _apply(self, source, key, record):
        """Write the documents of one new or changed file, one per brief; return how many were written.

        ``record`` is the manifest record of the file's first brief; briefs the file
        no longer holds are deleted.
        """
        report, batch = self.report, self.batch
        fingerprint, found = read_source(source, self.options.max_bytes)
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
            brief = brief_path(key, part)
            slug, moved_from = self.slugs.claim(brief, article.title, fingerprint.sha)
            if moved_from is not None:
                self._delete(moved_from)
                self.vanished.remove(moved_from)
                if not moved:
                    report.moved.append((moved_from.split("//", 1)[-1], source.relpath))
                    moved = True
            record_bytes = fingerprint.record(brief, slug, article.title, part).to_bytes()
            group = self.stored.add(brief, article.likeness)
            batch.update(document(article, brief, slug, group) | {RECORD_FIELD: record_bytes})
        for old in self.parts.get(key, [])[len(found) :]:
            self._delete(old.key)
        if record is None and not moved:
            report.added.append(source.relpath)
        elif record is not None and fingerprint.sha != record.sha:
            report.updated.append(source.relpath)
        return len(found)

    def _delete(self, key):
        """Delete the document of ``key`` in the current batch, and take it out of its near-duplicate group."""
        self.batch.delete(key)
        self.stored.remove(key)
