"""Stored fields compressed one article at a time against a preset dictionary sampled from the segment.

Whoosh-Reloaded 2.7.5 compresses each article's stored fields on their own with
zlib, which finds little to reuse inside one short article. Articles of one
archive share most of their phrasing (place names, titles of offices, the
vocabulary of news), so each segment keeps a preset dictionary made of the
starts of its first ``SAMPLE_DOCS`` articles, and every article is compressed
against it: about a quarter smaller, and still read one article at a time.

Column layout: the preset dictionary, the compressed articles, the end of each
(in the narrowest width that holds them), then the dictionary's length, the
width of the ends and ``MAGIC``.
"""

import pickle
import struct
import zlib

from whoosh.codec.whoosh3 import W3PerDocReader, W3PerDocWriter
from whoosh.columns import Column

from archive.engine.binary import WIDTHS, DamagedFile, layout, packed, width_codes

MAGIC = b"ARCHSTO1"
SAMPLE_DOCS = 16
# zlib looks back at most 32 KB, so a longer preset dictionary is never used.
PRESET_BYTES = 32 * 1024
LEVEL = 6
_TRAILER = struct.Struct("<IB8s")


def preset(samples):
    """Return a preset dictionary from the pickled articles ``samples``: an even share of the start of each."""
    share = PRESET_BYTES // max(1, len(samples))
    return b"".join(sample[:share] for sample in samples)[-PRESET_BYTES:]


class StoredFieldsColumn(Column):
    """Whoosh column of each document's stored fields (a dict, or None), pickled and compressed against a preset."""

    def writer(self, dbfile):
        """Return a writer of this column to ``dbfile``."""
        return StoredFieldsWriter(dbfile)

    def reader(self, dbfile, basepos, length, doccount):
        """Return a reader of the column held in ``dbfile`` at ``basepos``."""
        return StoredFieldsReader(dbfile, basepos, length, doccount)


class StoredFieldsWriter:
    """Writes the stored fields of documents in order; documents never added hold None."""

    def __init__(self, dbfile):
        """Write to ``dbfile``, from its current position."""
        self.file, self.start = dbfile, dbfile.tell()
        self.waiting, self.ends, self.zdict = [], [], None

    def add(self, docnum, value):
        """Add the stored fields of document ``docnum``."""
        self._fill(docnum)
        self._add(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def _fill(self, count):
        """Add empty documents until ``count`` are added."""
        while len(self.waiting) + len(self.ends) < count:
            self._add(b"")

    def _add(self, data):
        """Add one pickled document, held back until the preset dictionary is made."""
        if self.zdict is None:
            self.waiting.append(data)
            if len(self.waiting) == SAMPLE_DOCS:
                self._begin()
            return
        if data:
            compressor = zlib.compressobj(LEVEL, zdict=self.zdict)
            self.file.write(compressor.compress(data) + compressor.flush())
        self.ends.append(self.file.tell() - self.start)

    def _begin(self):
        """Make the preset dictionary from the documents held back, write it, then them."""
        waiting, self.waiting = self.waiting, []
        self.zdict = preset([data for data in waiting if data])
        self.file.write(self.zdict)
        for data in waiting:
            self._add(data)

    def finish(self, doccount):
        """Write the documents held back, the ends and the trailer."""
        self._fill(doccount)
        if self.zdict is None:
            self._begin()
        ends = [len(self.zdict)] + self.ends
        width = WIDTHS[int(width_codes([ends[-1]])[0])]
        self.file.write(packed(ends, width))
        self.file.write(_TRAILER.pack(len(self.zdict), width, MAGIC))


class StoredFieldsReader:
    """Reads documents' stored fields from a column that ``StoredFieldsWriter`` wrote."""

    def __init__(self, dbfile, basepos, length, doccount):
        """Read the column of ``doccount`` documents at ``basepos`` of ``dbfile``, ``length`` bytes long."""
        name = getattr(dbfile, "_name", None) or "the stored fields"
        if length < _TRAILER.size:
            raise DamagedFile(f"{name}: too short for stored fields")
        preset_length, width, magic = _TRAILER.unpack(dbfile.get(basepos + length - _TRAILER.size, _TRAILER.size))
        ends_at = length - _TRAILER.size - (doccount + 1) * width
        if magic != MAGIC or width not in WIDTHS or ends_at < preset_length:
            raise DamagedFile(f"{name}: not stored fields of this format, or cut short")
        self.file, self.base, self.count = dbfile, basepos, doccount
        self.zdict = dbfile.get(basepos, preset_length)
        # The ends are read as needed, two at a time: a list of them would cost memory in every process.
        self._ends_at, self._pair = basepos + ends_at, layout(2, width)
        if doccount and self._span(doccount - 1)[1] > ends_at:
            raise DamagedFile(f"{name}: its documents run past their table")

    def _span(self, docnum):
        """Return where one document's compressed fields start and end in the column."""
        width = self._pair.size // 2
        return self._pair.unpack(self.file.get(self._ends_at + docnum * width, 2 * width))

    def __len__(self):
        """Return the number of documents."""
        return self.count

    def __getitem__(self, docnum):
        """Return the stored fields of one document, or None when it has none."""
        if not 0 <= docnum < self.count:
            raise IndexError(f"no document {docnum} in a segment of {self.count}")
        start, end = self._span(docnum)
        if start == end:
            return None
        decompressor = zlib.decompressobj(zdict=self.zdict)
        return pickle.loads(decompressor.decompress(self.file.get(self.base + start, end - start)))

    def __iter__(self):
        """Yield every document's stored fields in order."""
        return (self[docnum] for docnum in range(self.count))

    def load(self):
        """Return every document's stored fields as a list."""
        return list(self)


STORED_FIELDS = StoredFieldsColumn()
# Whoosh's name of the column of stored fields.
_STORED = "_stored"


class PerDocumentWriter(W3PerDocWriter):
    """Whoosh's per-document writer, its stored fields in a ``StoredFieldsColumn``."""

    def _create_column(self, fieldname, column):
        """Create a column of the segment, the stored fields' of this module's kind."""
        super()._create_column(fieldname, STORED_FIELDS if fieldname == _STORED else column)


class PerDocumentReader(W3PerDocReader):
    """Whoosh's per-document reader, reading stored fields from a ``StoredFieldsColumn``."""

    def stored_fields(self, docnum):
        """Return the stored fields of one document, a dict."""
        return self._cached_reader(_STORED, STORED_FIELDS)[docnum] or {}
