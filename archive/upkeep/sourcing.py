"""Source files read and extracted, by a pool of worker processes when there are many.

A large build gives both the reading of files and the writing of index segments
to one worker process per core (``workers``), so every core of a small server
works; the building process only hands out the work and names the articles.
"""

import concurrent.futures
import contextlib
import itertools
import multiprocessing
import os

from archive.ingest.extract import load_all
from archive.ingest.likeness import article_signature
from archive.upkeep.lifeline import die_with
from archive.upkeep.manifest import stat_file, with_hash
from archive.engine.records import folder_name
from archive.ingest.reader import SkippedFile

# Tasks of reading kept in flight, which with the options' batch size bounds the memory read ahead.
BATCHES_AHEAD = 4


def source_name(source):
    """Return the publisher name used when an article names none: its top folder, else its source folder."""
    return folder_name(source.root.name, source.relpath)


def read_source(source, max_bytes):
    """Return ``(fingerprint, list of Articles or SkippedFile)`` of a file, stat taken before reading.

    Taking size and mtime first means a file written while it is read is recorded
    with its older stat, so the next reindex sees it changed and reads it again.
    """
    try:
        fingerprint = stat_file(source.path)
    except OSError as error:
        return None, SkippedFile(source.relpath, (error.strerror or str(error)).lower())
    fingerprint = with_hash(fingerprint, source.path, max_bytes)
    articles = load_all(source, max_bytes)
    if not isinstance(articles, SkippedFile):
        for article in articles:
            article.source = article.source or source_name(source)
            # Here, in the worker that read the file, so that the cores share the hashing.
            article.likeness = article_signature(article)
    return fingerprint, articles


@contextlib.contextmanager
def workers(files, options):
    """Give a pool of ``options.workers`` processes for a build of ``files`` files, or None for a small one.

    The workers end with this process, also when it is killed (``archive.upkeep.lifeline``).
    """
    if not options.parallel(files):
        yield None
        return
    # Fresh interpreters, not forks: the web server may start a build from one of its threads.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=options.workers, mp_context=context,
                                                initializer=die_with, initargs=(os.getpid(),)) as pool:
        yield pool


def _read_batch(sources, max_bytes):
    """Read a batch of files, in a worker process."""
    return [read_source(source, max_bytes) for source in sources]


def prepared(sources, options, pool=None):
    """Yield ``(source, fingerprint, articles)`` for every source in order, read ahead by ``pool`` when given."""
    if pool is None:
        for source in sources:
            yield (source, *read_source(source, options.max_bytes))
        return
    size = options.batch_files
    batches = iter([sources[i : i + size] for i in range(0, len(sources), size)])
    pending = [(batch, pool.submit(_read_batch, batch, options.max_bytes))
               for batch in itertools.islice(batches, BATCHES_AHEAD)]
    while pending:
        batch, future = pending.pop(0)
        for following in itertools.islice(batches, 1):
            pending.append((following, pool.submit(_read_batch, following, options.max_bytes)))
        for source, result in zip(batch, future.result()):
            yield (source, *result)
