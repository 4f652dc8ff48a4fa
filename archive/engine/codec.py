"""The index's Whoosh codec: Whoosh's own, except for the frequency fields' terms and postings, and stored fields.

Whoosh-Reloaded 2.7.5 writes postings one Python call at a time, packs each block
of 128 with pickle and zlib, and keeps every term in a hash file of about ninety
bytes a term. The content fields keep only a frequency per posting, and most of
their terms (pairs of neighbouring words) are held by one article: so this codec
writes each of those fields in one go, its terms sorted in a dictionary file of
prefix-coded blocks (``archive.engine.terms``) and its postings as gaps and
frequencies in the narrowest widths that hold them (``archive.engine.packing``).
Stored fields are compressed against a preset dictionary of their segment
(``archive.engine.stored``). Positional fields, their term table, the lengths and
the columns keep Whoosh's format, and the readers answer Whoosh's own calls, so
every Whoosh reader and query still works.
"""

import heapq
import itertools
import mmap
import operator

import numpy
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3TermInfo, W3TermsReader
from whoosh.formats import Frequency
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound
from whoosh.system import pack_uint

from archive.engine.binary import DamagedFile
from archive.engine.keys import key_of, term_of
from archive.engine.packing import decode_list, decode_lists, encode_lists
from archive.engine.stored import PerDocumentReader, PerDocumentWriter
from archive.engine.terms import Dictionary, DictionaryWriter

DICTIONARY_EXT = ".dic"


class ArchiveCodec(W3Codec):
    """Whoosh's default codec, with a sorted term dictionary and packed postings for frequency fields,
    and no per-block length statistics.

    Length statistics only let Whoosh skip blocks when it collects a top N, which
    the archive's ranking never does; looking them up cost a read per posting.
    """

    length_stats = False

    def __init__(self):
        """Use zlib level 1 for the blocks Whoosh still writes, and the dictionary for frequency fields."""
        super().__init__(compression=1)
        # Saved with every segment: a codec without it (as in tests of Whoosh's blocks) writes blocks only.
        self.frequency_arrays = True

    def field_writer(self, storage, segment):
        """Return the writer of a new segment's terms and postings."""
        return ArrayFieldWriter(self, storage, segment)

    def per_document_writer(self, storage, segment):
        """Return the writer of a new segment's stored fields, lengths and columns."""
        return PerDocumentWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        """Return the reader of a segment's stored fields, lengths and columns."""
        return PerDocumentReader(storage, segment)

    def terms_reader(self, storage, segment):
        """Return the reader of a segment's terms: Whoosh's table, and the dictionary of the frequency fields."""
        if not getattr(self, "frequency_arrays", False):
            return super().terms_reader(storage, segment)
        name = segment.make_filename(self.TERMS_EXT)
        dictionary = segment.open_file(storage, DICTIONARY_EXT)
        return ArchiveTermsReader(self, storage.open_file(name), storage.file_length(name),
                                  segment.open_file(storage, self.POSTS_EXT), dictionary,
                                  segment.make_filename(DICTIONARY_EXT))

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        """Return a matcher over one term's postings, for Whoosh's own searching."""
        if not stores_arrays(self, format_):
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        ids, weights = term_lists(dbfile, terminfo)
        return FrequencyListMatcher(ids.tolist(), weights.tolist(), format=format_, scorer=scorer, term=term,
                                    terminfo=terminfo)


def stores_arrays(codec, format_):
    """Tell whether segments of ``codec`` keep the terms of a field of ``format_`` in the sorted dictionary."""
    return getattr(codec, "frequency_arrays", False) and type(format_) is Frequency


def _contents(file):
    """Return the bytes of an opened index file: its memory map when it has one, else all it reads."""
    return file.file if isinstance(file.file, mmap.mmap) else file.read()


class ArchiveTermsReader(W3TermsReader):
    """Whoosh's terms reader, answering for the frequency fields from the segment's sorted dictionary."""

    def __init__(self, codec, dbfile, length, postfile, dicfile, name):
        """Read Whoosh's table from ``dbfile`` and the dictionary from ``dicfile``, the file ``name``."""
        super().__init__(codec, dbfile, length, postfile)
        self._dicfile = dicfile
        try:
            self.dictionary = Dictionary(_contents(dicfile), name)
        except DamagedFile:
            super().close()
            dicfile.close()
            raise

    def find(self, fieldname, tbytes):
        """Return the dictionary entry of a term of a frequency field, or None."""
        return self.dictionary.find(fieldname, key_of(tbytes))

    def starting(self, fieldname, prefix):
        """Yield ``(term bytes, entry)`` of a frequency field's terms that start with ``prefix``, a folded form and its mark."""
        return ((term_of(key), entry) for key, entry in self.dictionary.fields[fieldname].starting(key_of(prefix)))

    def read(self, entry):
        """Return ``(docnums, frequencies)`` arrays of the term whose dictionary entry is ``entry``."""
        return decode_list(self._postfile.get(entry.start, entry.end - entry.start), entry.df)

    def read_run(self, counts, bounds):
        """Return ``(docnums, frequencies)`` of consecutive terms, one after another: the postings of the i-th,
        held by ``counts[i]`` articles, run from ``bounds[i]`` to ``bounds[i + 1]`` in the postings file."""
        bounds = numpy.asarray(bounds, numpy.int64)
        return decode_lists(self._postfile.get(int(bounds[0]), int(bounds[-1] - bounds[0])), bounds - bounds[0], counts)

    def _entry(self, fieldname, tbytes):
        """Return the dictionary entry of a term of a frequency field; raise TermNotFound when there is none."""
        entry = self.find(fieldname, tbytes)
        if entry is None:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}")
        return entry

    def _term_info(self, entry):
        """Return a Whoosh term info of a dictionary entry, for Whoosh's own matchers and statistics."""
        ids, weights = self.read(entry)
        info = W3TermInfo(weight=float(weights.sum()), df=entry.df, minlength=0, maxweight=float(weights.max()),
                          minid=int(ids[0]), maxid=int(ids[-1]))
        info.set_extent(entry.start, entry.end - entry.start)
        return info

    def _field_items(self, fieldname, start=b""):
        """Yield ``((fieldname, term), entry)`` of a frequency field's terms from ``start`` on."""
        fields = self.dictionary.fields[fieldname]
        return (((fieldname, term_of(key)), entry) for key, entry in fields.from_term(key_of(start)))

    def _all_items(self):
        """Yield ``((fieldname, term), entry)`` of every frequency field's terms, in field and term order."""
        return itertools.chain.from_iterable(self._field_items(name) for name in sorted(self.dictionary.fields))

    def __contains__(self, term):
        """Tell whether the segment holds ``(fieldname, term bytes)``."""
        if term[0] in self.dictionary:
            return self.find(*term) is not None
        return super().__contains__(term)

    def indexed_field_names(self):
        """Return the names of every field with terms."""
        return [*super().indexed_field_names(), *self.dictionary.fields]

    def terms(self):
        """Yield ``(fieldname, term bytes)`` of every term, in field and term order."""
        return heapq.merge(super().terms(), (term for term, _ in self._all_items()))

    def terms_from(self, fieldname, prefix):
        """Yield ``(fieldname, term bytes)`` from ``prefix`` on; for a frequency field, its own terms only."""
        if fieldname in self.dictionary:
            keys = self.dictionary.fields[fieldname].keys_from(key_of(prefix))
            return ((fieldname, term_of(key)) for key in keys)
        return super().terms_from(fieldname, prefix)

    def items(self):
        """Yield ``((fieldname, term bytes), term info)`` of every term, in field and term order."""
        mine = ((term, self._term_info(entry)) for term, entry in self._all_items())
        return heapq.merge(super().items(), mine, key=operator.itemgetter(0))

    def items_from(self, fieldname, prefix):
        """Yield ``((fieldname, term bytes), term info)`` from ``prefix`` on; for a frequency field, its own only."""
        if fieldname in self.dictionary:
            return ((term, self._term_info(entry)) for term, entry in self._field_items(fieldname, prefix))
        return super().items_from(fieldname, prefix)

    def term_info(self, fieldname, tbytes):
        """Return the term info of one term; raise TermNotFound when there is none."""
        if fieldname in self.dictionary:
            return self._term_info(self._entry(fieldname, tbytes))
        return super().term_info(fieldname, tbytes)

    def frequency(self, fieldname, tbytes):
        """Return the summed frequency of one term over the segment."""
        if fieldname in self.dictionary:
            return float(self.read(self._entry(fieldname, tbytes))[1].sum())
        return super().frequency(fieldname, tbytes)

    def doc_frequency(self, fieldname, tbytes):
        """Return how many documents of the segment hold one term."""
        if fieldname in self.dictionary:
            return self._entry(fieldname, tbytes).df
        return super().doc_frequency(fieldname, tbytes)

    def close(self):
        """Close Whoosh's files and the dictionary's."""
        super().close()
        self.dictionary.close()
        self._dicfile.close()


def term_lists(postfile, terminfo):
    """Return ``(docnums, frequencies)`` arrays of one term of a frequency field, as its term info locates them."""
    offset, length = terminfo.extent()
    return decode_list(postfile.get(offset, length), terminfo.doc_frequency())


class FrequencyListMatcher(ListMatcher):
    """A matcher over decoded postings, giving each posting's frequency encoded the way the field's format does."""

    def value(self):
        """Return the current posting's encoded frequency."""
        return pack_uint(int(self.weight()))


def term_postings(items):
    """Group postings sorted by term, ``(field, term bytes, docnum, weight, value)``, into one tuple per term."""
    for (fieldname, btext), postings in itertools.groupby(items, key=operator.itemgetter(0, 1)):
        _, _, ids, weights, values = zip(*postings)
        yield fieldname, btext, ids, weights, values


class ArrayFieldWriter(W3FieldWriter):
    """Whoosh's field writer, taking each term's postings together and writing frequency fields whole,
    to the sorted dictionary."""

    def __init__(self, codec, storage, segment):
        """Open Whoosh's files of a new segment and its dictionary file."""
        super().__init__(codec, storage, segment)
        self._dictionary = DictionaryWriter(self._create_file(DICTIONARY_EXT))

    def add_postings(self, schema, lengths, items):
        """Write ``(field, term bytes, docnum, weight, value)`` postings sorted by field and term."""
        self.add_terms(schema, term_postings(items))

    def add_terms(self, schema, terms):
        """Write ``(field, term bytes, docnums, weights, values)`` terms sorted by field and term."""
        for fieldname, field_terms in itertools.groupby(terms, key=operator.itemgetter(0)):
            if stores_arrays(self._codec, schema[fieldname].format):
                self._write_arrays(fieldname, *_stacked(field_terms))
                continue
            self.start_field(fieldname, schema[fieldname])
            for _, btext, ids, weights, values in field_terms:
                self._write_blocks(btext, ids, weights, values)
            self.finish_field()

    def _write_blocks(self, btext, ids, weights, values):
        """Write one term's postings in Whoosh's block format."""
        self.start_term(btext)
        for docnum, weight, value in zip(ids, weights, values):
            self.add(docnum, weight, b"" if value is None else value, 0)
        self.finish_term()

    def _write_arrays(self, fieldname, terms, ids, weights, starts):
        """Write a frequency field's packed postings, then its terms to the dictionary.

        ``ids`` and ``weights`` are arrays of document numbers (ascending within
        each term) and whole frequencies, term i's at ``starts[i]:starts[i + 1]``.
        """
        keys = [key_of(term) for term in terms]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        ids, weights, starts = reordered(ids, weights, starts, numpy.array(order, numpy.int64))
        self.add_keyed_arrays(fieldname, [keys[i] for i in order], ids, weights, starts)

    def add_keyed_arrays(self, fieldname, keys, ids, weights, starts):
        """Write a part of a frequency field whose terms come as dictionary keys (``archive.engine.keys``) in order,
        the postings of ``keys[i]`` at ``starts[i]:starts[i + 1]`` of ``ids`` and ``weights``; the field's next
        part may follow."""
        data, offsets = encode_lists(ids, weights, starts)
        base = self._postfile.tell()
        self._postfile.write(data)
        self._dictionary.add_field(fieldname, keys, numpy.diff(starts).tolist(), offsets, base)

    def close(self):
        """Close Whoosh's files and write the dictionary."""
        super().close()
        self._dictionary.close()


def reordered(ids, weights, starts, order):
    """Return ``(docnums, weights, starts)`` with the terms' postings in the order ``order`` gives the terms."""
    starts = numpy.asarray(starts, numpy.int64)
    counts = numpy.diff(starts)[order]
    moved = numpy.concatenate([[0], numpy.cumsum(counts)])
    taken = numpy.repeat(starts[order] - moved[:-1], counts) + numpy.arange(moved[-1])
    return numpy.asarray(ids)[taken], numpy.asarray(weights)[taken], moved


def _stacked(field_terms):
    """Return ``(terms, docnums, weights, starts)`` of one field's ``(field, term bytes, docnums, weights, values)`` terms."""
    terms, ids, weights = [], [], []
    for _, btext, term_ids, term_weights, _ in field_terms:
        terms.append(btext)
        ids.append(term_ids)
        weights.append(term_weights)
    starts = numpy.cumsum([0] + [len(term_ids) for term_ids in ids])
    return (terms, numpy.fromiter(itertools.chain.from_iterable(ids), numpy.int64, starts[-1]),
            numpy.fromiter(itertools.chain.from_iterable(weights), numpy.float64, starts[-1]), starts)
