"""Index files opened as read-only memory maps, so that a lookup reads memory instead of making system calls.

Whoosh-Reloaded 2.7.5 opens each segment file as a buffered file: every term
lookup and posting list is a seek and a read, and each read fills an 8 KB buffer.
A query on a large archive makes thousands of them; on 140,000 articles they were
most of its time. A memory map serves the same bytes from the page cache, shared
by every searcher and process, and costs no memory of its own.
"""

import mmap
import os

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class MappedFile(StructFile):
    """A read-only index file backed by a memory map."""

    def get(self, position, length):
        """Return ``length`` bytes from ``position``, without moving the file position."""
        return self.file[position : position + length]


class MappedStorage(FileStorage):
    """Whoosh's folder storage, opening existing files as memory maps."""

    def open_file(self, name, **kwargs):
        """Open the file ``name`` of this folder for reading."""
        with open(self._fpath(name), "rb") as file:
            if os.fstat(file.fileno()).st_size == 0:
                return super().open_file(name, **kwargs)  # an empty file cannot be mapped
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        return MappedFile(mapped, name=name, **kwargs)


def open_mapped(index_dir):
    """Return the Whoosh index in ``index_dir``, its files read through memory maps."""
    return MappedStorage(str(index_dir)).open_index()
