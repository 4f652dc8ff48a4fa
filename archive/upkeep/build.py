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

from archive.ingest.article import Article, slug_for
from archive.ingest.briefs import brief_path
from archive.upkeep.failures import writing
from archive.upkeep.locking import IndexLock
from archive.upkeep.manifest import parts_by_file, read_manifest
from archive.ingest.reader import SkippedFile, discover
from archive.engine.index import create_index, find_index
from archive.engine.schema import FACET_SEPARATOR, RECORD_FIELD, build_schema, split_places
from archive.engine.merging import settle
from archive.engine.segments import BulkWriter, segment_size
from archive.upkeep.sourcing import WORKERS, prepared, workers
from archive.engine.storage import remove_leftovers
from archive.text.vietnamese import index_terms

# Seconds a build waits for another writer of the same index before giving up.
LOCK_WAIT = 60.0
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


def brief_key(file_key, part):
    """Return the document key of the ``part``-th brief of a file: the file's key, with "#part" from 2 on.

    >>> brief_key("/src//a.txt", 1), brief_key("/src//a.txt", 2)
    ('/src//a.txt', '/src//a.txt#2')
    """
    return brief_path(file_key, part)


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

    >>> from archive.upkeep.manifest import Record
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


def content_of(article):
    """Return the text an article is matched on: its title, lead and body."""
    return "\n".join(part for part in (article.title, article.lead, article.body) if part)


def document(article, key, slug):
    """Return the Whoosh fields of one article."""
    words, pairs = index_terms(content_of(article))
    source = article.source or ""
    fields = {
        "key": key,
        "path": article.path,
        "slug": slug,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "markdown": article.markdown,
        "title_folded": article.title,
        "title_words": article.title,
        "content_words": words,
        "content_pairs": pairs,
        "author_folded": article.author or "",
        "place_folded": "\n".join(article.places),
        "source_folded": source,
        "author": article.author or "",
        "places": FACET_SEPARATOR.join(article.places),
        "source": source,
        "kind": article.kind,
    }
    if article.date:
        fields["date"] = article.date
        fields["year"] = article.date.year
    return {name: value for name, value in fields.items() if value not in ("", [])}


def recorded_document(item):
    """Return the Whoosh fields of ``(article, key, slug, manifest record bytes)``, the items a build writes."""
    article, key, slug, record = item
    return document(article, key, slug) | {RECORD_FIELD: record}


def stored_article(fields):
    """Return the Article an index stored, so that it can be indexed again without its file."""
    return Article(
        path=fields["path"], title=fields["title"], body=fields.get("body", ""), lead=fields.get("lead", ""),
        date=fields.get("date"), author=fields.get("author"), places=split_places(fields.get("places", "")),
        source=fields.get("source"), markdown=bool(fields.get("markdown", False)),
        kind=fields.get("kind", "article"),
    )


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


def build(source_dirs, index_dir, max_bytes, progress=None, wait=LOCK_WAIT):
    """Index every article under ``source_dirs`` into a new index that replaces ``index_dir`` when complete."""
    with writing(index_dir), IndexLock(index_dir, wait):
        return rebuild(source_dirs, index_dir, max_bytes, progress)


def rebuild(source_dirs, index_dir, max_bytes, progress=None):
    """Do the work of ``build``; the caller holds the index's writer lock."""
    started = time.monotonic()
    report = BuildReport()
    sources, report.skipped = split_found(source_dirs)
    index_dir = pathlib.Path(index_dir)
    ix = open_for_writing(index_dir)
    if ix is None:
        staging = index_dir.with_name(f".{index_dir.name}.building-{os.getpid()}")
        staging.mkdir(parents=True)
        try:
            _write_all(create_index(staging), sources, max_bytes, {}, None, report, progress)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)  # at once: on a full disk, it is what fills it
            raise
        swap_in(staging, index_dir)
    else:
        with ix.searcher() as previous:
            records = read_manifest(previous.reader())
            _write_all(ix, sources, max_bytes, records, previous, report, progress)
    report.seconds = time.monotonic() - started
    return report


def _write_all(ix, sources, max_bytes, records, previous, report, progress):
    """Replace every document of ``ix`` by the articles of ``sources``, in one commit."""
    with workers(len(sources)) as pool:
        writer = BulkWriter(ix, build_schema(), make_fields=recorded_document, pool=pool,
                            segment_docs=segment_size(len(sources), WORKERS) if pool else None)
        try:
            _add_all(writer, sources, prepared(sources, max_bytes, pool), records, previous, report, progress)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        settle(ix, pool)


def _add_all(writer, sources, read, records, previous, report, progress):
    """Add one document per brief of every source ``read``; keep the previous articles of a file that became unreadable.

    So are the previous articles under a folder that could not be listed: the
    folder is in ``report.skipped`` already, its files are not among ``sources``.
    """
    unlisted = protected_keys(records, report.skipped)
    for key, reason in unlisted.items():
        if _keep_previous(writer, previous, records[key]):
            report.kept.append(SkippedFile(records[key].relpath, f"{reason}; {KEPT}"))
    slugs = Slugs(records, {document_key(source) for source in sources} | {records[key].file_key for key in unlisted})
    parts = parts_by_file(records)
    for done, (source, fingerprint, found) in enumerate(read, 1):
        key = document_key(source)
        if isinstance(found, SkippedFile):
            if [old for old in parts.get(key, []) if _keep_previous(writer, previous, old)]:
                report.kept.append(found)
                found = SkippedFile(found.path, f"{found.reason}; {KEPT}")
            report.skipped.append(found)
        else:
            for part, article in enumerate(found, 1):
                brief = brief_key(key, part)
                slug, _ = slugs.claim(brief, article.title, fingerprint.sha)
                writer.add((article, brief, slug, fingerprint.record(brief, slug, article.title, part).to_bytes()))
                report.indexed += 1
        if progress:
            progress(done, len(sources))


def _keep_previous(writer, previous, record):
    """Add the article the ``previous`` index holds for ``record`` again; return whether it held one."""
    fields = previous.document(key=record.key) if previous is not None else None
    if fields is not None:
        writer.add((stored_article(fields), record.key, record.slug, record.to_bytes()))
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
