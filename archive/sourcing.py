"""Source files read, extracted and analysed, in a worker process when there are many.

Reading a file, extracting its article and computing its index terms needs no
index, so a large build hands that work to a worker process and keeps the
Whoosh writer busy in its own: the two cores of a small server both work.
"""

import concurrent.futures
import itertools
import multiprocessing

from archive.extract import load
from archive.manifest import stat_file, with_hash
from archive.reader import SkippedFile
from archive.vietnamese import index_terms

# Fewer files than this are read in the writer's own process: a worker costs a second to start.
PARALLEL_FROM = 1000
# Files a worker reads per task, and tasks kept in flight, which bounds the memory read ahead.
BATCH_FILES = 64
BATCHES_AHEAD = 4


def source_name(source):
    """Return the publisher name used when an article names none: its top folder, else its source folder."""
    parts = source.relpath.split("/")
    return parts[0] if len(parts) > 1 else source.root.name


def content_of(article):
    """Return the text an article is matched on: its title, lead and body."""
    return "\n".join(part for part in (article.title, article.lead, article.body) if part)


def read_source(source, max_bytes):
    """Return ``(fingerprint, Article or SkippedFile)`` of a file, stat taken before reading.

    Taking size and mtime first means a file written while it is read is recorded
    with its older stat, so the next reindex sees it changed and reads it again.
    """
    try:
        fingerprint = stat_file(source.path)
    except OSError as error:
        return None, SkippedFile(source.relpath, (error.strerror or str(error)).lower())
    fingerprint = with_hash(fingerprint, source.path, max_bytes)
    article = load(source, max_bytes)
    if not isinstance(article, SkippedFile):
        article.source = article.source or source_name(source)
    return fingerprint, article


def prepare(source, max_bytes):
    """Return ``(fingerprint, article, index terms)`` of a file; the terms are None when it was skipped."""
    fingerprint, article = read_source(source, max_bytes)
    terms = None if isinstance(article, SkippedFile) else index_terms(content_of(article))
    return fingerprint, article, terms


def _prepare_batch(sources, max_bytes):
    """Prepare a batch of files, in a worker process."""
    return [prepare(source, max_bytes) for source in sources]


def prepared(sources, max_bytes):
    """Yield ``(source, fingerprint, article, terms)`` for every source in order, read ahead by a worker when many."""
    if len(sources) < PARALLEL_FROM:
        for source in sources:
            yield (source, *prepare(source, max_bytes))
        return
    batches = iter([sources[i : i + BATCH_FILES] for i in range(0, len(sources), BATCH_FILES)])
    # A fresh interpreter, not a fork: the web server may call this from one of its threads.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pending = [(batch, pool.submit(_prepare_batch, batch, max_bytes))
                   for batch in itertools.islice(batches, BATCHES_AHEAD)]
        while pending:
            batch, future = pending.pop(0)
            for following in itertools.islice(batches, 1):
                pending.append((following, pool.submit(_prepare_batch, following, max_bytes)))
            for source, result in zip(batch, future.result()):
                yield (source, *result)
