"""Full index builds: every source file in, the finished index swapped in by one atomic commit.

A build runs under the index's writer lock (``archive.upkeep.locking``). When an index
already exists it is rebuilt in place: the articles go into new segments
(``archive.engine.segments``) and one write of the index's table of contents, an atomic
rename, replaces every old segment at once. Readers keep the old articles
until that moment and, because the generation number grows, notice the new ones
with ``up_to_date()``; a build killed half way leaves the old index untouched.
Only when there is no readable index is a new folder built beside it and renamed
into place (``swap_in``): there is nothing to lose then.

A rebuild keeps what users rely on: an article whose title did not change keeps its
slug, a moved file keeps its slug (matched by content hash), and a file that has
become unreadable keeps its previously indexed article, reported in ``skipped``.
"""

import dataclasses
import os
import pathlib
import shutil
import time

from archive.ingest.article import slug_for
from archive.ingest.briefs import brief_path
from archive.upkeep.failures import writing
from archive.upkeep.documents import recorded_document, stored_article
from archive.upkeep.grouping import Grouped, Groups, regroup, regrouped
from archive.upkeep.locking import IndexLock
from archive.upkeep.manifest import parts_by_file
from archive.ingest.reader import SkippedFile, discover
from archive.engine.index import create_index, find_index
from archive.engine.records import read_records, stored_for
from archive.engine.merging import settle
from archive.engine.schema import build_schema
from archive.engine.segments import BulkWriter
from archive.upkeep.options import BuildOptions
from archive.upkeep.sourcing import prepared, workers
from archive.engine.storage import remove_leftovers

KEPT = "the previously indexed article is kept"


@dataclasses.dataclass
class BuildReport:
    """What a build did: how many articles went in, which files were skipped and why, how long it took."""

    indexed: int = 0
    skipped: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    kept: list = dataclasses.field(default_factory=list)


def document_key(source):
    """Return the unique key of a source file: its folder and its path inside it."""
    return f"{source.root.as_posix()}//{source.relpath}"


def unique_slug(title, taken):
    """Return the slug of ``title``, numbered when another article already has it, and reserve it.

    >>> taken = set()
    >>> unique_slug("Hải Châu", taken), unique_slug("Hải Châu", taken)
    ('hai-chau', 'hai-chau-2')
    """
    base = slug_for(title)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


class Slugs:
    """Slugs for a (re)build: an article keeps its slug while its title stays, and never shares one.

    Every slug of the previous index stays reserved for the whole run, so a new
    article can never take the URL of an existing one, and a file that moved
    (``present``, the keys of the files found, no longer holds its old key, but its
    content hash reappears under a new key) takes its old slugs along, brief by brief.

    >>> from archive.engine.records import Record
    >>> slugs = Slugs({"r//a.txt": Record("r//a.txt", 1, 1, "h1", "ha-noi", "Hà Nội")}, present={"r//b.txt"})
    >>> slugs.claim("r//b.txt", "Hà Nội", "h1"), slugs.claim("r//c.txt", "Hà Nội", "h2")
    (('ha-noi', 'r//a.txt'), ('ha-noi-2', None))
    """

    def __init__(self, records, present):
        """Reserve the slugs of ``records``; those whose key is not in ``present`` may move to a new key."""
        self.records = records
        self.taken = {record.slug for record in records.values()}
        self.vanished = {}
        for record in records.values():
            if record.file_key not in present and record.sha:
                self.vanished.setdefault(record.sha, []).append(record)

    def claim(self, key, title, sha):
        """Return ``(slug, key of the vanished article it moved from, or None)`` for the article at ``key``."""
        old = self.records.get(key)
        if old is not None and old.title == title:
            return old.slug, None
        for record in self.vanished.get(sha, []) if sha else []:
            if record.title == title:
                self.vanished[sha].remove(record)
                return record.slug, record.key
        return unique_slug(title, self.taken), None


def open_for_writing(index_dir):
    """Return the index in ``index_dir`` for writing, or None when there is none this version can use.

    What earlier runs that failed or were killed left behind is removed first
    (the caller holds the writer lock, so no other writer owns any of it).
    """
    index_dir = pathlib.Path(index_dir)
    for stale in [*index_dir.parent.glob(f".{index_dir.name}.building-*"),
                  *index_dir.parent.glob(f".{index_dir.name}.retired-*")]:
        shutil.rmtree(stale, ignore_errors=True)
    ix = find_index(index_dir)
    if ix is not None:
        remove_leftovers(ix)
    return ix


def split_found(source_dirs):
    """Return ``(source files, skipped files)`` under ``source_dirs``; a missing folder raises SourceDirError."""
    sources, skipped = [], []
    for found in discover(source_dirs):
        (skipped if isinstance(found, SkippedFile) else sources).append(found)
    return sources, skipped


def protected_keys(records, skipped):
    """Return ``{key: reason}`` for indexed files at or under a path that could not be read this time."""
    reasons = {item.path.rstrip("/"): item.reason for item in skipped}
    if not reasons:
        return {}  # the usual case, and looking at every record's folders takes a while on a large archive
    protected = {}
    for key, record in records.items():
        root, relpath = key.split("//", 1)
        parts = relpath.split("/")
        for path in [root, *("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))]:
            if path in reasons:
                protected[key] = reasons[path]
                break
    return protected


def build(source_dirs, index_dir, options=BuildOptions(), progress=None):
    """Index every article under ``source_dirs`` into a new index that replaces ``index_dir`` when complete."""
    with writing(index_dir), IndexLock(index_dir, options.wait):
        return rebuild(source_dirs, index_dir, options, progress)


def rebuild(source_dirs, index_dir, options, progress=None):
    """Do the work of ``build``; the caller holds the index's writer lock."""
    return _Rebuild(options, progress).run(source_dirs, pathlib.Path(index_dir))


class _Rebuild:
    """One full build: its options, the callback told of its progress, and the report it fills."""

    def __init__(self, options, progress):
        """Start a build run with ``options``, telling ``progress(done, total)`` as files are read."""
        self.options, self.progress, self.report = options, progress, BuildReport()

    def run(self, source_dirs, index_dir):
        """Write every article under ``source_dirs`` into ``index_dir`` in one commit and return the report."""
        started = time.monotonic()
        sources, self.report.skipped = split_found(source_dirs)
        ix = open_for_writing(index_dir)
        if ix is None:
            staging = index_dir.with_name(f".{index_dir.name}.building-{os.getpid()}")
            staging.mkdir(parents=True)
            try:
                self._write_all(create_index(staging), sources, None)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)  # at once: on a full disk, it is what fills it
                raise
            swap_in(staging, index_dir)
        else:
            with ix.searcher() as previous:
                self._write_all(ix, sources, previous)
        self.report.seconds = time.monotonic() - started
        return self.report

    def _write_all(self, ix, sources, previous):
        """Replace every document of ``ix`` by the articles of ``sources``, then mend their near-duplicate groups.

        ``previous`` searches the old ones.
        """
        groups, written = Groups(), {}
        with workers(len(sources), self.options) as pool:
            segment_docs = self.options.segment_size(len(sources)) if pool else self.options.segment_docs
            writer = BulkWriter(ix, build_schema(), recorded_document, segment_docs, pool)
            try:
                keeper = _Keeper(Grouped(writer, groups, written), previous)
                self._add_all(keeper, sources, prepared(sources, self.options, pool))
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            settle(ix, self.options.tiers, self.options.workers if pool else 1, pool)
        regroup(ix, regrouped(groups, written), self.options.tiers)

    def _add_all(self, keeper, sources, read):
        """Add one document per brief of every source ``read``; keep the old articles of a file that became unreadable.

        So are the previous articles under a folder that could not be listed: the
        folder is in ``report.skipped`` already, its files are not among ``sources``.
        """
        report, records, writer = self.report, keeper.records, keeper.writer
        unlisted = protected_keys(records, report.skipped)
        for key, reason in unlisted.items():
            if keeper.keep(records[key]):
                report.kept.append(SkippedFile(records[key].relpath, f"{reason}; {KEPT}"))
        present = {document_key(source) for source in sources} | {records[key].file_key for key in unlisted}
        slugs = Slugs(records, present)
        parts = parts_by_file(records)
        for done, (source, fingerprint, found) in enumerate(read, 1):
            key = document_key(source)
            if isinstance(found, SkippedFile):
                kept = [old for old in parts.get(key, []) if keeper.keep(old)]  # every brief is kept, not just one
                if kept:
                    report.kept.append(found)
                    found = SkippedFile(found.path, f"{found.reason}; {KEPT}")
                report.skipped.append(found)
            else:
                for part, article in enumerate(found, 1):
                    brief = brief_path(key, part)
                    slug, _ = slugs.claim(brief, article.title, fingerprint.sha)
                    writer.add((article, brief, slug, fingerprint.record(brief, slug, article.title, part).to_bytes()))
                    report.indexed += 1
            if self.progress:
                self.progress(done, len(sources))


class _Keeper:
    """Carries articles of the previous index into the new one, for files that cannot be read this time."""

    def __init__(self, writer, previous):
        """Keep into ``writer`` what the searcher ``previous`` (None for a first build) holds."""
        self.writer, self.previous = writer, previous
        self.records = read_records(previous) if previous is not None else {}

    def keep(self, record):
        """Add the article the previous index holds for ``record`` again; return whether it held one."""
        fields = stored_for(self.previous, record) if self.previous is not None else None
        if fields is not None:
            self.writer.add((stored_article(fields), record.key, record.slug, record.to_bytes()))
        return fields is not None


def swap_in(staging, index_dir):
    """Replace ``index_dir`` by the finished ``staging`` folder, so readers never see a half-built index."""
    retired = index_dir.with_name(f".{index_dir.name}.retired-{os.getpid()}")
    if index_dir.exists():
        keep = [entry for entry in index_dir.iterdir() if entry.name == "README.md"]
        for entry in keep:
            shutil.copy2(entry, staging / entry.name)
        index_dir.rename(retired)
    staging.rename(index_dir)
    shutil.rmtree(retired, ignore_errors=True)
