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
import pathlib

from archive.ingest.extract import load_all
from archive.ingest.likeness import article_signature
from archive.upkeep.lifeline import die_with
from archive.upkeep.manifest import stat_file, with_hash
from archive.ingest.reader import SkippedFile

# Fewer files than this are read and indexed in the building process: a worker costs a second to start.
PARALLEL_FROM = 1000
# Worker processes of a large build: one per core.
WORKERS = os.cpu_count() or 1
# Files a worker reads per task, and tasks kept in flight, which bounds the memory read ahead.
BATCH_FILES = 64
BATCHES_AHEAD = 4


def source_name(source):
    """Return the publisher name used when an article names none: its top folder, else its source folder."""
    return folder_name(source.root.name, source.relpath)


def folder_name(root_name, relpath):
    """Return the folder a file is named after when it names no publisher: its top folder, else its source folder.

    >>> folder_name("seeds", "baomoi/2019/a.txt"), folder_name("seeds", "a.txt")
    ('baomoi', 'seeds')
    """
    parts = relpath.split("/")
    return parts[0] if len(parts) > 1 else root_name


def key_folder_name(key):
    """Return the folder name ``source_name`` gives the file of a document key (``root//relpath``).

    >>> key_folder_name("/data/news//vntc/the-thao/1.txt"), key_folder_name("/data/seeds//a.txt")
    ('vntc', 'seeds')
    """
    root, _, relpath = key.partition("//")
    return folder_name(pathlib.PurePosixPath(root).name, relpath)


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
def workers(files):
    """Give a pool of one worker process per core for a build of ``files`` files, or None for a small one.

    The workers end with this process, also when it is killed (``archive.upkeep.lifeline``).
    """
    if files < PARALLEL_FROM:
        yield None
        return
    # Fresh interpreters, not forks: the web server may start a build from one of its threads.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=WORKERS, mp_context=context,
                                                initializer=die_with, initargs=(os.getpid(),)) as pool:
        yield pool


def _read_batch(sources, max_bytes):
    """Read a batch of files, in a worker process."""
    return [read_source(source, max_bytes) for source in sources]


def prepared(sources, max_bytes, pool=None):
    """Yield ``(source, fingerprint, articles)`` for every source in order, read ahead by ``pool`` when given."""
    if pool is None:
        for source in sources:
            yield (source, *read_source(source, max_bytes))
        return
    batches = iter([sources[i : i + BATCH_FILES] for i in range(0, len(sources), BATCH_FILES)])
    pending = [(batch, pool.submit(_read_batch, batch, max_bytes)) for batch in itertools.islice(batches, BATCHES_AHEAD)]
    while pending:
        batch, future = pending.pop(0)
        for following in itertools.islice(batches, 1):
            pending.append((following, pool.submit(_read_batch, following, max_bytes)))
        for source, result in zip(batch, future.result()):
            yield (source, *result)
