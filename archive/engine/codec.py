"""The index's Whoosh codec: Whoosh's own, except that frequency-only postings are plain arrays.

Whoosh-Reloaded 2.7.5 writes postings one Python call at a time and packs each
block of 128 with pickle and zlib; reading them back unpickles every block. On a
large archive that was most of both a build's and a query's time. The content
fields keep only a frequency per posting, so this codec writes each of their
terms in one go as two arrays, document numbers then weights, which a reader
takes in with one read. Positional fields, the term table and the per-document
files keep Whoosh's format, so every Whoosh reader and query still works.
"""

import array
import itertools
import operator

import numpy
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3TermInfo
from whoosh.formats import Frequency
from whoosh.matching import ListMatcher
from whoosh.system import pack_uint, pack_ushort

# Native byte order: an index is read on the machine kind that wrote it.
_IDS, _WEIGHTS = "I", "f"
_POSTING_BYTES = array.array(_IDS).itemsize + array.array(_WEIGHTS).itemsize


class ArchiveCodec(W3Codec):
    """Whoosh's default codec, with array postings for frequency fields and no per-block length statistics.

    Length statistics only let Whoosh skip blocks when it collects a top N, which
    the archive's ranking never does; looking them up cost a read per posting.
    """

    length_stats = False

    def __init__(self):
        """Use zlib level 1 for the blocks Whoosh still writes, and arrays for frequency postings."""
        super().__init__(compression=1)
        # Saved with every segment: segments written before arrays existed lack it and read as blocks.
        self.frequency_arrays = True

    def field_writer(self, storage, segment):
        """Return the writer of a new segment's terms and postings."""
        return ArrayFieldWriter(self, storage, segment)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        """Return a matcher over one term's postings, for Whoosh's own searching."""
        if not stores_arrays(self, format_):
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        ids, weights = read_arrays(dbfile, terminfo)
        return FrequencyListMatcher(ids, weights, format=format_, scorer=scorer, term=term, terminfo=terminfo)


def stores_arrays(codec, format_):
    """Tell whether segments of ``codec`` hold the postings of a field of ``format_`` as arrays."""
    return getattr(codec, "frequency_arrays", False) and type(format_) is Frequency


def read_arrays(postfile, terminfo):
    """Return ``(document numbers, weights)`` of one term that ``ArrayFieldWriter`` wrote."""
    # Every posting of such a term is in the arrays, so there are as many as the term has documents.
    offset, count = terminfo.extent()[0], terminfo.doc_frequency()
    data = memoryview(postfile.get(offset, count * _POSTING_BYTES))
    split = count * array.array(_IDS).itemsize
    # Typed views of the bytes read, not copies.
    return data[:split].cast(_IDS), data[split:].cast(_WEIGHTS)


class FrequencyListMatcher(ListMatcher):
    """A matcher over array postings, giving each posting's frequency encoded the way the field's format does."""

    def value(self):
        """Return the current posting's encoded frequency."""
        return pack_uint(int(self.weight()))


def term_postings(items):
    """Group postings sorted by term, ``(field, term bytes, docnum, weight, value)``, into one tuple per term."""
    for (fieldname, btext), postings in itertools.groupby(items, key=operator.itemgetter(0, 1)):
        _, _, ids, weights, values = zip(*postings)
        yield fieldname, btext, ids, weights, values


class ArrayFieldWriter(W3FieldWriter):
    """Whoosh's field writer, taking each term's postings together and writing frequency fields as arrays."""

    def add_postings(self, schema, lengths, items):
        """Write ``(field, term bytes, docnum, weight, value)`` postings sorted by field and term."""
        self.add_terms(schema, term_postings(items))

    def add_terms(self, schema, terms):
        """Write ``(field, term bytes, docnums, weights, values)`` terms sorted by field and term."""
        for fieldname, field_terms in itertools.groupby(terms, key=operator.itemgetter(0)):
            self.start_field(fieldname, schema[fieldname])
            if stores_arrays(self._codec, self._format):
                self._write_arrays(*_stacked(field_terms))
            else:
                for _, btext, ids, weights, values in field_terms:
                    self._write_blocks(btext, ids, weights, values)
            self.finish_field()

    def add_field_arrays(self, fieldname, fieldobj, terms, ids, weights, starts):
        """Write a whole frequency field at once: ``terms`` sorted, the postings of ``terms[i]`` at ``starts[i]:starts[i + 1]``."""
        self.start_field(fieldname, fieldobj)
        self._write_arrays(terms, ids, weights, starts)
        self.finish_field()

    def _write_blocks(self, btext, ids, weights, values):
        """Write one term's postings in Whoosh's block format."""
        self.start_term(btext)
        for docnum, weight, value in zip(ids, weights, values):
            self.add(docnum, weight, b"" if value is None else value, 0)
        self.finish_term()

    def _write_arrays(self, terms, ids, weights, starts):
        """Write the current field's terms, each as an array of document numbers followed by an array of weights.

        ``ids`` and ``weights`` are NumPy arrays of document numbers (ascending
        within each term) and frequencies; the layout is built with array
        operations and written in one go.
        """
        counts = numpy.diff(starts)
        first, ends = starts[:-1], starts[1:]
        # Posting p of a term running over [first, end) goes to slot first + p, its weight to slot end + p.
        slots = numpy.arange(len(ids))
        layout = numpy.empty(2 * len(ids), numpy.uint32)
        layout[numpy.repeat(first, counts) + slots] = ids
        layout[numpy.repeat(ends, counts) + slots] = weights.astype(numpy.float32).view(numpy.uint32)
        base = self._postfile.tell()
        self._postfile.write(layout.tobytes())
        columns = zip(terms, counts.tolist(), first.tolist(), numpy.add.reduceat(weights, first).tolist(),
                      numpy.maximum.reduceat(weights, first).tolist(), ids[first].tolist(), ids[ends - 1].tolist())
        prefix = pack_ushort(self._fieldid)
        for btext, count, start, total, most, minid, maxid in columns:
            info = W3TermInfo(weight=total, df=count, maxweight=most, minid=minid, maxid=maxid)
            info.set_extent(base + start * _POSTING_BYTES, count * _POSTING_BYTES)
            self._tindex.add(prefix + btext, info.to_bytes())


def _stacked(field_terms):
    """Return ``(terms, docnums, weights, starts)`` of one field's ``(field, term bytes, docnums, weights, values)`` terms."""
    terms, ids, weights = [], [], []
    for _, btext, term_ids, term_weights, _ in field_terms:
        terms.append(btext)
        ids.append(term_ids)
        weights.append(term_weights)
    starts = numpy.cumsum([0] + [len(term_ids) for term_ids in ids])
    return (terms, numpy.fromiter(itertools.chain.from_iterable(ids), numpy.uint32, starts[-1]),
            numpy.fromiter(itertools.chain.from_iterable(weights), numpy.float64, starts[-1]), starts)
