"""The record the index keeps with each document: which file it was made from, in what state, and its slug.

The upkeep layer writes and compares records (``archive.upkeep.manifest``); the
query layer reads when an article entered the archive from them. They are JSON
bytes in the column-only field ``record``, committed with their document.
"""

import dataclasses
import json
import pathlib

from archive.engine.schema import RECORD_FIELD


@dataclasses.dataclass(frozen=True)
class Record:
    """What one indexed article was made from, and the slug it was given."""

    key: str
    size: int
    mtime_ns: int
    sha: str
    slug: str
    title: str
    seen_ns: int = 0
    # Which brief of its file the article is (``archive.ingest.briefs``); its key ends "#part" from 2 on.
    part: int = 1

    def to_bytes(self):
        """Return the record as the bytes stored in the ``record`` column."""
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, data):
        """Return the record stored as ``data``.

        >>> Record.from_bytes(Record("r//a.txt", 3, 5, "ab", "a", "A").to_bytes()).slug
        'a'
        """
        return cls(**json.loads(data))

    @property
    def relpath(self):
        """Return the file's path inside its source folder.

        >>> Record("/src//news/a.txt", 0, 0, "", "a", "A").relpath
        'news/a.txt'
        """
        return self.key.split("//", 1)[-1]

    @property
    def file_key(self):
        """Return the key of the file the article was read from.

        >>> Record("/src//a.txt#2", 0, 0, "", "a", "A", part=2).file_key
        '/src//a.txt'
        """
        return self.key if self.part == 1 else self.key.removesuffix(f"#{self.part}")


def read_records(searcher):
    """Return ``{key: Record}`` for every live document an index searcher sees."""
    records = {}
    # Segment by segment: MultiReader.column_reader misnumbers documents.
    for leaf, _ in searcher.reader().leaf_readers():
        column = leaf.column_reader(RECORD_FIELD)
        for docnum in leaf.all_doc_ids():
            data = column[docnum]
            if data:
                record = Record.from_bytes(data)
                records[record.key] = record
    return records


def stored_for(searcher, record):
    """Return the stored fields of the live document ``record`` belongs to, or None."""
    return searcher.document(key=record.key)


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
