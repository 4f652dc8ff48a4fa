"""Whole posting lists, field lengths and columns read in bulk, for ranking without a matcher tree.

Whoosh's matchers walk postings one Python call at a time, which dominates query
time on a large archive. Reading a term's postings whole, as NumPy arrays (from
the arrays of ``archive.engine.codec``, or Whoosh's blocks for positional fields), lets
the ranker work on them with array operations instead. Besides the codec, this is
the one module that reaches into Whoosh-Reloaded 2.7.5's readers (pinned in setup.cfg).
"""

import collections
import itertools
import sys
import threading

import numpy
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from archive.engine.arrays import DOCNUM, union
from archive.engine.spellings import FOLDED_WORDS
from archive.engine.terms import Entry
from archive.text.vietnamese import spelling_of, spelling_term

_LENGTHS = numpy.array([byte_to_length(code) for code in range(256)], numpy.float64)
NO_POSTINGS = (numpy.empty(0, DOCNUM), numpy.empty(0, numpy.float32))


def segment_postings(segment, field, term, base=0, live=None):
    """Return ``(docnums, weights)`` arrays of ``term`` in one segment reader, numbered from ``base``, deleted documents
    left out (``live``, when given, is the segment's ``live_documents``)."""
    terms, btext = segment._terms, term.encode("utf-8")
    if field in _dictionary(segment):
        entry = terms.find(field, btext)
        return NO_POSTINGS if entry is None else _read(segment, field, entry, base, live)
    try:
        info = terms.term_info(field, btext)
    except (TermNotFound, KeyError):
        return NO_POSTINGS
    return _read(segment, field, info, base, live)


def segment_lengths(segment, field):
    """Return an array of every document's length in ``field`` in one segment reader, zeros where the field is empty."""
    column = segment._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if not column:
        return numpy.zeros(segment.doc_count_all())
    return _LENGTHS[numpy.frombuffer(bytes(column.load()), numpy.uint8)]


def live_documents(segment):
    """Return whether each document of a segment reader is live, as an array indexed by its number there."""
    live = numpy.ones(segment.doc_count_all(), bool)
    live[numpy.fromiter(segment.deleted_docs_set, numpy.int64)] = False
    return live


def _dictionary(segment):
    """Return the sorted dictionary of a segment's frequency fields, or an empty dict for segments of Whoosh's blocks."""
    return getattr(segment._terms, "dictionary", {})


def _read(segment, field, info, base, live=None):
    """Return ``(docnums, weights)`` arrays of a term in one segment reader, from its dictionary entry or term info,
    numbered from ``base``, deleted documents left out (``live``, when given, is the segment's ``live_documents``)."""
    if isinstance(info, Entry):
        ids, weights = segment._terms.read(info)
    elif info.is_inlined():
        ids, weights, _ = info.inlined_postings()
        ids, weights = numpy.array(ids, DOCNUM), numpy.array(weights or [1.0] * len(ids), numpy.float32)
    else:
        ids, weights = _read_blocks(segment, field, info)
    if segment.has_deletions():
        kept = (live_documents(segment) if live is None else live)[ids]
        ids, weights = ids[kept], weights[kept]
    ids += base
    return ids, weights


def _spellings_in(segment, field, start):
    """Yield ``(term bytes, entry or term info)`` of a segment's terms of ``field`` that start with ``start``."""
    if field in _dictionary(segment):
        yield from segment._terms.starting(field, start)
        return
    for (name, term), info in segment._terms.items_from(field, start):
        if name != field or not term.startswith(start):
            return
        yield term, info


class RecentLists:
    """Lists read from segments, kept while used lately, up to a budget of bytes; safe to share between threads.

    Keys start with what they were read from: one segment (``segment_key``) or
    a searcher's tuple of them. A segment never changes once written, whichever
    searcher reads it, but its deletions do, so the keys of posting lists hold
    the number deleted too.
    An archive keeps one of these for all its searchers (``archive.query.search``),
    and ``retain`` lets go of what only segments gone since can use.
    """

    def __init__(self, budget):
        """Start empty, keeping at most ``budget`` bytes of lists."""
        self.budget, self.used = budget, 0
        self._lists, self._lock = collections.OrderedDict(), threading.Lock()

    def get(self, key, load):
        """Return the lists stored under ``key``, calling ``load()`` for them when they are not kept."""
        with self._lock:
            found = self._lists.get(key)
            if found is not None:
                self._lists.move_to_end(key)
                return found[0]
        value = load()
        size = footprint(value)
        with self._lock:
            if key not in self._lists and size <= self.budget:
                self._lists[key] = (value, size)
                self.used += size
                while self.used > self.budget:
                    self.used -= self._lists.popitem(last=False)[1][1]
        return value

    def retain(self, leaves):
        """Forget every list a searcher of ``leaves`` cannot use: of segments or deletions gone, or of other sets of segments."""
        ids = tuple(segment_key(segment) for segment, _ in leaves)
        states = tuple(segment_key(segment, deletions=True) for segment, _ in leaves)
        usable = {ids, states, *ids, *states}
        with self._lock:
            for key in [key for key in self._lists if key[0] not in usable]:
                self.used -= self._lists.pop(key)[1]


def segment_key(segment, deletions=False):
    """Return what names a segment reader's contents: its id, and with ``deletions`` how many are deleted."""
    info = segment.segment()
    return (info.segment_id(), info.deleted_count()) if deletions else info.segment_id()


def footprint(value):
    """Return about how many bytes ``value`` takes: arrays by their data, lists by their items, tuples summed.

    >>> footprint((numpy.zeros(4, numpy.int64), numpy.zeros(2, numpy.float32)))
    40
    """
    if isinstance(value, numpy.ndarray):
        return value.nbytes
    if isinstance(value, tuple):
        return sum(map(footprint, value))
    return sys.getsizeof(value) + sum(map(sys.getsizeof, value))


class IndexLists:
    """The lists one searcher ranks with: posting lists over every segment, field lengths and columns.

    Each is read once for a set of segments and kept in ``cache``, a
    ``RecentLists`` shared by every searcher of the archive; the common words
    of a language recur from query to query, and reading a list means a lookup
    in every segment.
    """

    def __init__(self, leaves, cache):
        """Read from ``leaves``, the ``(segment reader, first document number)`` pairs of one searcher."""
        self.leaves, self.cache = leaves, cache
        self.segments = [segment for segment, _ in leaves]
        self._ids = tuple(segment_key(segment) for segment in self.segments)
        self._states = tuple(segment_key(segment, deletions=True) for segment in self.segments)
        # The spellings this reader has looked up, over all its segments: one query asks for each many times.
        self._spellings = {}
        # Which documents of each segment with deletions are live: a lookup per posting, where a set search cost more.
        self._live = [self.cache.get((state, "live"), lambda segment=segment: live_documents(segment))
                      if segment.has_deletions() else None for segment, state in zip(self.segments, self._states)]
        self._named = list(zip(self.leaves, self._ids, self._live))

    def postings(self, field, term):
        """Return read-only ``(docnums, weights)`` arrays of ``term`` in ``field``, deleted documents left out."""
        return self.cache.get((self._states, "postings", field, term), lambda: _joined(
            [segment_postings(segment, field, term, base, live) for (segment, base), live in zip(self.leaves, self._live)]))

    def spelt(self, field, folded, exacts):
        """Return read-only ``(docnums, weights)`` arrays of the articles holding a folded word or pair in ``field``
        in any of the exact forms ``exacts`` (a tuple), weights summed.

        The postings are read from the dictionary entries found with the spellings,
        which every segment keeps for the query's words and pairs anyway, without a
        second lookup of each term in each segment.
        """
        def load():
            """Read every allowed spelling in every segment, and join them."""
            found = [_read(segment, field, info, base, live) for (segment, base), key, live in self._named
                     for exact, info in self._segment_spellings(segment, key, field, folded).items() if exact in exacts]
            # One spelling is one list per segment, in document order already.
            return _joined(found) if len(exacts) == 1 else _union(found)
        return self.cache.get((self._states, "spelt", field, folded, exacts), load)

    def spellings(self, field, folded):
        """Return ``{exact form: articles holding it}`` of every spelling of a folded word or pair in ``field``.

        The counts come from the term dictionary, so deleted articles may still count.
        """
        found = self._spellings.get((field, folded))
        if found is None:
            found = self._spellings[field, folded] = self.cache.get((self._ids, "counts", field, folded), lambda: sum(
                (collections.Counter({exact: _count(info) for exact, info in self._segment_spellings(
                    segment, key, field, folded).items()}) for (segment, _), key, _ in self._named), collections.Counter()))
        return found

    def vocabulary(self):
        """Return the set of folded words the articles hold, for spelling repair."""
        return self._joined(("vocabulary",), _folded_words)

    def _segment_spellings(self, segment, key, field, folded):
        """Return ``{exact form: term info}`` of the spellings of ``folded`` in one segment's term dictionary."""
        def load():
            """Read the run of terms that start with the folded form."""
            found = {}
            if field not in segment.schema:
                return found
            for term, info in _spellings_in(segment, field, spelling_term(folded, "").encode("utf-8")):
                found[spelling_of(term.decode("utf-8"))[1]] = info
            return found
        return self.cache.get((key, "spellings", field, folded), load)

    def lengths(self, field):
        """Return an array of every document's length in ``field``, in document order."""
        return self.cache.get((self._ids, "length", field), lambda: numpy.concatenate(
            [numpy.zeros(0)] + [self._segment_lengths(segment, field) for segment in self.segments]))

    def _segment_lengths(self, segment, field):
        """Return an array of every document's length in ``field`` for one segment reader."""
        return self.cache.get((segment_key(segment), "length", field), lambda: segment_lengths(segment, field))

    def column(self, field):
        """Return a list of every document's value in the column ``field``, in document order."""
        return self.cache.get((self._ids, "column", field), lambda: [
            value for segment in self.segments for value in self.cache.get(
                (segment_key(segment), "column", field), lambda segment=segment: segment.column_reader(field).load())])

    def coded(self, field):
        """Return ``(codes, values)``: each document's value in the column ``field`` as an index into ``values``."""
        def load():
            """Number the distinct values in the order they first appear."""
            numbers = {}
            codes = [numbers.setdefault(value, len(numbers)) for value in self.column(field)]
            return numpy.array(codes, numpy.int64), list(numbers)
        return self.cache.get((self._ids, "coded", field), load)

    def tallied(self, field):
        """Return ``(codes, counts)``: each document's value in the column ``field`` numbered as ``coded`` numbers it,
        and how many live documents hold each value."""
        def load():
            """Count the values of the documents no commit deleted."""
            codes, values = self.coded(field)
            return codes, numpy.bincount(codes[self.live()], minlength=len(values))
        return self.cache.get((self._states, "tallied", field), load)

    def live(self):
        """Return whether each document is live, as a boolean array indexed by document number."""
        return self.cache.get((self._states, "live"), lambda: numpy.concatenate([numpy.zeros(0, bool)] + [
            numpy.ones(segment.doc_count_all(), bool) if live is None else live
            for segment, live in zip(self.segments, self._live)]))

    def members(self, field, split):
        """Return ``(starts, members, names)`` of a column whose values each hold several names, taken apart by ``split``.

        ``names`` lists every name once; the column value numbered ``code`` by
        ``coded`` holds the names numbered ``members[starts[code]:starts[code + 1]]``.
        """
        def load():
            """Number the names in the order they first appear."""
            numbers, starts, members = {}, [0], []
            for value in self.coded(field)[1]:
                members.extend(numbers.setdefault(name, len(numbers)) for name in split(value))
                starts.append(len(members))
            return numpy.array(starts, numpy.int64), numpy.array(members, numpy.int64), list(numbers)
        return self.cache.get((self._ids, "members", field), load)

    def term_names(self, field, name):
        """Return the set of ``name(term)`` over every term of the indexed ``field``."""
        return self._joined(("names", field, name), lambda segment: frozenset(
            name(term.decode("utf-8")) for term in segment.lexicon(field)))

    def _joined(self, kind, load):
        """Return the union of the sets ``load(segment)`` of every segment, each read once and the union made once."""
        return self.cache.get((self._ids, *kind), lambda: frozenset().union(*(
            self.cache.get((segment_key(segment), *kind), lambda segment=segment: load(segment))
            for segment in self.segments)))

    def column_array(self, field, convert):
        """Return an integer array of ``convert(value)`` for every document's value in the column ``field``."""
        def load(segment):
            """Convert one segment's column."""
            return numpy.array([convert(value) for value in segment.column_reader(field).load()], numpy.int64)
        return numpy.concatenate([numpy.zeros(0, numpy.int64)] + [
            self.cache.get((segment_key(segment), "array", field, convert), lambda segment=segment: load(segment))
            for segment in self.segments])


def _joined(parts):
    """Return the per-segment ``(docnums, weights)`` pairs joined into two read-only arrays."""
    joined = tuple(map(numpy.concatenate, zip(*(parts or [NO_POSTINGS]))))
    for array in joined:
        array.flags.writeable = False
    return joined


def _count(info):
    """Return how many documents hold a term, from its dictionary entry or its Whoosh term info."""
    return info.df if isinstance(info, Entry) else info.doc_frequency()


def _folded_words(segment):
    """Return the terms of a segment's folded content words.

    A term that holds no spelling is its own key in the sorted dictionary, so the keys
    are read as they are, without making each term again.
    """
    dictionary = _dictionary(segment)
    if FOLDED_WORDS in dictionary:
        return frozenset(key.decode("utf-8") for key in dictionary.fields[FOLDED_WORDS].keys_from(b""))
    return frozenset(term.decode("utf-8") for term in segment.lexicon(FOLDED_WORDS))


def _union(lists):
    """Return the union of several ``(docnums, weights)`` lists, weights of one document summed, read-only."""
    if not lists:
        return NO_POSTINGS
    ids, sums = union([ids for ids, _ in lists], [weights for _, weights in lists])
    return _joined([(ids, sums.astype(numpy.float32))])


def _read_blocks(segment, field, info):
    """Decode every block of a posting list in Whoosh's format into ``(docnums, weights)`` arrays."""
    offset, length = info.extent()
    matcher = W3LeafMatcher(segment._terms._postfile, offset, length, segment.schema[field].format)
    ids, weights = [], []
    while True:
        matcher._read_data()
        deltas, block_weights = matcher._data[:2]
        # Numbers in a block are deltas from zero.
        ids.extend(itertools.islice(itertools.accumulate(deltas, initial=0), 1, None))
        if block_weights is None or isinstance(block_weights, float):
            weights.extend([block_weights or 1.0] * len(deltas))
        else:
            weights.extend(block_weights)
        if matcher._lastblock:
            return numpy.array(ids, DOCNUM), numpy.array(weights, numpy.float32)
        matcher._goto(matcher._nextoffset)
