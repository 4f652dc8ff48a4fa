"""Index folders: created with the format version they are written in, opened only by code that reads that format.

Whoosh keeps an index's schema as a pickle that names the archive's own classes
(its analyzers, codec and fields), so an index written by another version of
the archive may not even unpickle. Every index therefore records the archive's
format version in a file of its own, and an index of another version, or one
that cannot be read, is refused with a message that says what to do instead of
a traceback.
"""

import pathlib
import pickle
import threading

from whoosh import index as whoosh_index

from archive.engine.schema import build_schema
from archive.engine.storage import MappedStorage, open_mapped
from archive.engine.binary import DamagedFile

# Raise when the schema, the codec or the classes an index's pickle names change, or what a stored value
# means: 5 since page kinds hide pages from searches, so kinds an older detector judged must be judged again;
# 6 with the near-duplicate columns (likeness signature and group); 7 with the sorted term dictionary and
# packed postings of the content fields; 8 since a merge of segments keeps every part of a field's terms
# (under 7, a merge of segments past four million postings kept only the terms of the last run); 9 with the
# folded words of the content.
FORMAT_VERSION = 9
FORMAT_FILE = "ARCHIVE_FORMAT"
# What reading a table of contents written by other code can raise, besides OSError.
_UNREADABLE = (whoosh_index.IndexError, EOFError, ValueError, ImportError, AttributeError, pickle.UnpicklingError)


class IndexMissing(Exception):
    """The index folder holds no usable index: build one with ``archive index``."""


class IndexOutdated(IndexMissing):
    """The index was written in another format version than this archive reads."""


def create_index(folder):
    """Create an empty index of the archive's schema in ``folder``, recording its format version."""
    folder = pathlib.Path(folder)
    ix = whoosh_index.create_in(folder, build_schema())
    (folder / FORMAT_FILE).write_text(f"{FORMAT_VERSION}\n", encoding="ascii")
    return ix


def recorded_version(folder):
    """Return the format version an index folder records, or 0 for one written before versions were recorded."""
    try:
        return int((pathlib.Path(folder) / FORMAT_FILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return 0


def open_index(folder):
    """Return the index in ``folder``, its files read through memory maps; raise IndexMissing or IndexOutdated."""
    try:
        # Through the mapped storage: Whoosh's own leaves the table of contents open when it cannot read it.
        if not MappedStorage(str(folder)).index_exists():
            raise IndexMissing(f"No index in {folder}: build one with `archive index`.")
        version = recorded_version(folder)
        if version != FORMAT_VERSION:
            age = "an older" if version < FORMAT_VERSION else "a newer"
            raise IndexOutdated(f"The index in {folder} was built by {age} version of the archive: "
                                "run `archive index` to rebuild it.")
        return open_mapped(folder)
    except (OSError, *_UNREADABLE) as error:
        raise IndexMissing(f"The index in {folder} cannot be opened ({error}): run `archive index` to rebuild it.") from error


def find_index(folder):
    """Return the index in ``folder``, or None when there is none this version can use."""
    try:
        return open_index(folder)
    except IndexMissing:
        return None


class Searchers:
    """One searcher per thread over an open index, each refreshed to the newest commit; close() closes them all.

    They share ``cache`` (a ``postings.RecentLists``), which forgets the lists of
    segments that a newly opened searcher no longer has.
    """

    def __init__(self, ix, cache):
        """Serve searchers of the open index ``ix`` that share ``cache``."""
        self.ix, self.cache = ix, cache
        self._local = threading.local()
        # Every searcher opened, whichever thread uses it, so that close() can close their files.
        self._opened, self._lock = set(), threading.Lock()

    def current(self):
        """Return this thread's searcher, refreshed to the newest committed index."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None or not searcher.up_to_date():
            if searcher is not None:
                # A new searcher, not refresh(): Whoosh-Reloaded 2.7.5's refresh() reuses old segment
                # readers, so it misses deletions and brings back segments a merge or rebuild removed.
                self._retire(searcher)
            try:
                searcher = self.ix.searcher()
            except DamagedFile as error:
                raise IndexMissing(f"The index in {self.ix.storage.folder} is damaged ({error}): "
                                   "run `archive index` to rebuild it.") from error
            with self._lock:
                self._opened.add(searcher)
            self.cache.retain(searcher.reader().leaf_readers())
        self._local.searcher = searcher
        return searcher

    def _retire(self, searcher):
        """Close a searcher this pool opened."""
        with self._lock:
            self._opened.discard(searcher)
        searcher.close()

    def close(self):
        """Close every searcher this pool opened, and with them the index files."""
        with self._lock:
            opened, self._opened = list(self._opened), set()
        for searcher in opened:
            searcher.close()
