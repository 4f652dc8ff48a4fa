"""The index's files: opened as read-only memory maps, and cleared of what failed writers left.

Whoosh-Reloaded 2.7.5 opens each segment file as a buffered file: every term
lookup and posting list is a seek and a read, and each read fills an 8 KB buffer.
A query on a large archive makes thousands of them; on 140,000 articles they were
most of its time. A memory map serves the same bytes from the page cache, shared
by every searcher and process, and costs no memory of its own. Its pages do count
in the resident set of whatever read them, though, until they are let go:
a merge, which reads whole segments once, lets go of them as it goes (``release``).
"""

import mmap
import os
import shutil
import weakref

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import clean_files


class MappedFile(StructFile):
    """A read-only index file backed by a memory map."""

    def get(self, position, length):
        """Return ``length`` bytes from ``position``, without moving the file position."""
        return self.file[position : position + length]


class MappedStorage(FileStorage):
    """Whoosh's folder storage, opening existing files as memory maps."""

    def __init__(self, *args, **kwargs):
        """Open the folder as Whoosh's storage does, with no files mapped yet."""
        super().__init__(*args, **kwargs)
        self._maps = weakref.WeakSet()

    def release(self):
        """Take the pages read so far out of this process's resident set; the page cache keeps them for the next read."""
        for mapped in list(self._maps):
            if not mapped.closed:
                mapped.madvise(mmap.MADV_DONTNEED)

    def open_file(self, name, **kwargs):
        """Open the file ``name`` of this folder for reading."""
        with open(self._fpath(name), "rb") as file:
            if os.fstat(file.fileno()).st_size == 0:
                return super().open_file(name, **kwargs)  # an empty file cannot be mapped
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        self._maps.add(mapped)
        return MappedFile(mapped, name=name, **kwargs)


def open_mapped(index_dir):
    """Return the Whoosh index in ``index_dir``, its files read through memory maps."""
    return MappedStorage(str(index_dir)).open_index()


def remove_leftovers(ix):
    """Delete what failed or killed writers left in the folder of ``ix``; the caller holds the writer lock.

    That is files of segments its table of contents does not list, older tables of
    contents, and Whoosh's temporary folder: after a full disk, they would keep it full.
    Whoosh removes the first two itself, but only when a later commit succeeds.
    """
    clean_files(ix.storage, ix.indexname, ix.latest_generation(), ix._segments())
    shutil.rmtree(os.path.join(ix.storage.folder, f"{ix.indexname}.tmp"), ignore_errors=True)

