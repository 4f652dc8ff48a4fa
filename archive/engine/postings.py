"""Whole posting lists, field lengths and columns read in bulk, for ranking without a matcher tree.

Whoosh's matchers walk postings one Python call at a time, which dominates query
time on a large archive. Reading a term's postings whole, as NumPy arrays (from
the arrays of ``archive.engine.codec``, or Whoosh's blocks for positional fields), lets
the ranker work on them with array operations instead. Besides the codec, this is
the one module that reaches into Whoosh-Reloaded 2.7.5's readers (pinned in setup.cfg).
"""

import collections
import itertools
import threading

import numpy
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from archive.engine.codec import read_arrays, stores_arrays
from archive.text.vietnamese import spelling_of, spelling_term

_LENGTHS = numpy.array([byte_to_length(code) for code in range(256)], numpy.float64)
NO_POSTINGS = (numpy.empty(0, numpy.int64), numpy.empty(0, numpy.float32))


def segment_postings(segment, field, term, base=0):
    """Return ``(docnums, weights)`` arrays of ``term`` in one segment reader, numbered from ``base``, deleted documents left out."""
    try:
        info = segment._terms.term_info(field, term.encode("utf-8"))
    except (TermNotFound, KeyError):
        return NO_POSTINGS
    return _read(segment, field, info, base)


def _read(segment, field, info, base):
    """Return ``(docnums, weights)`` arrays of the term whose term info is ``info`` in one segment reader."""
    if stores_arrays(segment.codec(), segment.schema[field].format):
        ids, weights = read_arrays(segment._terms._postfile, info)
        ids, weights = numpy.asarray(ids).astype(numpy.int64), numpy.asarray(weights)
    elif info.is_inlined():
        ids, weights, _ = info.inlined_postings()
        ids, weights = numpy.array(ids, numpy.int64), numpy.array(weights or [1.0] * len(ids), numpy.float32)
    else:
        ids, weights = _read_blocks(segment, field, info)
    ids += base
    if segment.has_deletions():
        live = ~numpy.isin(ids, numpy.fromiter(segment.deleted_docs_set, numpy.int64) + base)
        ids, weights = ids[live], weights[live]
    return ids, weights


class IndexPostings:
    """Reads a term's postings over every segment of an index, keeping the lists of recently used terms.

    The common words of a language recur from query to query, and reading a list
    means a lookup in every segment.
    """

    def __init__(self, leaves):
        """Read from ``leaves``, the ``(segment reader, first document number)`` pairs of one searcher."""
        self.leaves = leaves
        # Segments never change once written, but their deletions do.
        self._identity = tuple((segment.segment().segment_id(), segment.segment().deleted_count())
                               for segment, _ in leaves)
        # The spellings this reader has looked up, over all its segments: one query asks for each many times.
        self._spellings = {}

    def get(self, field, term):
        """Return read-only ``(docnums, weights)`` arrays of ``term`` in ``field``."""
        return _RECENT.get((self._identity, field, term), lambda: _joined(
            [segment_postings(segment, field, term, base) for segment, base in self.leaves]))


    def spelt(self, field, folded, exacts):
        """Return read-only ``(docnums, weights)`` arrays of the articles holding a folded word or pair in ``field``
        in any of the exact forms ``exacts`` (a tuple), weights summed.

        The postings are read from the term infos found with the spellings, without a
        second lookup of each term in each segment.
        """
        if len(exacts) == 1:
            # One term: a lookup in each segment's hash of terms, cheaper than reading the run of spellings.
            return self.get(field, spelling_term(folded, exacts[0]))

        def load():
            """Read every allowed spelling in every segment, and join them."""
            parts = [_read(segment, field, info, base) for segment, base in self.leaves
                     for exact, info in _segment_spellings(segment, field, folded).items() if exact in exacts]
            return _union(parts)
        return _RECENT.get((self._identity, field, folded, exacts), load)

    def spellings(self, field, folded):
        """Return ``{exact form: articles holding it}`` of every spelling of a folded word or pair in ``field``.

        The counts come from the term dictionary, so deleted articles may still count.
        """
        found = self._spellings.get((field, folded))
        if found is None:
            found = collections.Counter()
            for segment, _ in self.leaves:
                found.update({exact: info.doc_frequency()
                              for exact, info in _segment_spellings(segment, field, folded).items()})
            self._spellings[field, folded] = found
        return found

    def vocabulary(self, field):
        """Return the set of folded forms of the spelling terms of ``field``, for spelling repair."""
        return _cached((self._identity, "vocabulary", field), lambda: _vocabulary(self.leaves, field))


def _vocabulary(leaves, field):
    """Read every folded form of the spelling terms of ``field`` from the term dictionary of every segment."""
    words = set()
    for segment, _ in leaves:
        if field in segment.schema:
            words.update(spelling_of(term.decode("utf-8"))[0] for term in segment.lexicon(field))
    return frozenset(words)


def _segment_spellings(segment, field, folded):
    """Return ``{exact form: term info}`` of the spellings of ``folded`` in one segment's term dictionary.

    Kept per segment, since a segment's terms never change, whichever searcher reads them.
    """
    def load():
        """Read the run of terms that start with the folded form."""
        found = {}
        if field not in segment.schema:
            return found
        start = spelling_term(folded, "").encode("utf-8")
        for (name, term), info in segment._terms.items_from(field, start):
            if name != field or not term.startswith(start):
                break
            found[spelling_of(term.decode("utf-8"))[1]] = info
        return found
    return _SPELLINGS.get((_segment_ids([segment]), field, folded), load)


def _union(lists):
    """Return the union of several ``(docnums, weights)`` lists, weights of one document summed, read-only."""
    ids = numpy.concatenate([NO_POSTINGS[0], *(ids for ids, _ in lists)])
    if not len(ids):
        return NO_POSTINGS
    # Counting into a table the size of the archive is linear, where sorting the lists together is not.
    sums = numpy.bincount(ids, weights=numpy.concatenate([weights for _, weights in lists]))
    found = numpy.flatnonzero(sums)
    return _joined([(found.astype(numpy.int64), sums[found].astype(numpy.float32))])


def _joined(parts):
    """Return the per-segment ``(docnums, weights)`` pairs joined into two read-only arrays."""
    joined = tuple(map(numpy.concatenate, zip(*(parts or [NO_POSTINGS]))))
    for array in joined:
        array.flags.writeable = False
    return joined


class RecentLists:
    """A cache of posting lists that forgets the least recently used ones beyond a budget of bytes."""

    def __init__(self, budget):
        """Start empty, keeping at most ``budget`` bytes of arrays."""
        self.budget, self.used = budget, 0
        self._lists, self._lock = collections.OrderedDict(), threading.Lock()

    def get(self, key, load):
        """Return the lists stored under ``key``, calling ``load()`` for them when they are not kept."""
        with self._lock:
            found = self._lists.get(key)
            if found is not None:
                self._lists.move_to_end(key)
                return found
        found = load()
        with self._lock:
            if key not in self._lists:
                self._lists[key] = found
                self.used += _nbytes(found)
                while self.used > self.budget:
                    self.used -= _nbytes(self._lists.popitem(last=False)[1])
        return found


def _nbytes(value):
    """Return roughly the memory a cached value takes: the data of a tuple of arrays, or a dict of spellings."""
    if isinstance(value, dict):
        return sum(64 + 2 * len(key) for key in value)
    return sum(array.nbytes for array in value)


# Per process: a list of the commonest words of 140,000 articles takes about 1.7 MB.
_RECENT = RecentLists(256 * 2**20)
# The spellings of recently queried folded words and pairs, per segment.
_SPELLINGS = RecentLists(64 * 2**20)


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
            return numpy.array(ids, numpy.int64), numpy.array(weights, numpy.float32)
        matcher._goto(matcher._nextoffset)


# Lists read from columns, per segment and for a whole list of segments, keyed by segment ids:
# a segment never changes once written, whichever reader (one per thread) asks.
_LISTS = {}
_LISTS_KEPT = 4096


def _cached(key, load):
    """Return ``load()``, computed once per key."""
    found = _LISTS.get(key)
    if found is None:
        if len(_LISTS) >= _LISTS_KEPT:
            _LISTS.clear()
        found = _LISTS[key] = load()
    return found


def _segment_ids(segments):
    """Return the ids of a list of segment readers, which name their contents."""
    return tuple(segment.segment().segment_id() for segment in segments)


def _segment_lengths(segment, field):
    """Return an array of every document's length in ``field`` for one segment reader."""
    def load():
        """Read the segment's length column, or give zeros when the field is empty there."""
        column = segment._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if not column:
            return numpy.zeros(segment.doc_count_all())
        return _LENGTHS[numpy.frombuffer(bytes(column.load()), numpy.uint8)]
    return _cached((_segment_ids([segment]), "length", field), load)


def field_lengths(segments, field):
    """Return an array of every document's length in ``field`` over ``segments``, in document order."""
    return _cached((_segment_ids(segments), "length", field), lambda: numpy.concatenate(
        [numpy.zeros(0)] + [_segment_lengths(segment, field) for segment in segments]))


def _segment_column(segment, field):
    """Return a list of every document's value in the column ``field`` for one segment reader."""
    return _cached((_segment_ids([segment]), "column", field), lambda: segment.column_reader(field).load())


def column_values(segments, field):
    """Return a list of every document's value in the column ``field`` over ``segments``, in document order."""
    return _cached((_segment_ids(segments), "column", field),
                   lambda: [value for segment in segments for value in _segment_column(segment, field)])


def coded_column(segments, field):
    """Return ``(codes, values)``: each document's value in the column ``field`` as an index into ``values``."""
    def load():
        """Number the distinct values in the order they first appear."""
        numbers = {}
        codes = [numbers.setdefault(value, len(numbers)) for value in column_values(segments, field)]
        return numpy.array(codes, numpy.int64), list(numbers)
    return _cached((_segment_ids(segments), "coded", field), load)


def coded_members(segments, field, split):
    """Return ``(owners, members, names)`` of a column whose values each hold several names, taken apart by ``split``.

    ``names`` lists every name once; the column value numbered ``owners[i]`` by
    ``coded_column`` holds the name numbered ``members[i]``.
    """
    def load():
        """Number the names in the order they first appear."""
        numbers, owners, members = {}, [], []
        for code, value in enumerate(coded_column(segments, field)[1]):
            for name in split(value):
                owners.append(code)
                members.append(numbers.setdefault(name, len(numbers)))
        return numpy.array(owners, numpy.int64), numpy.array(members, numpy.int64), list(numbers)
    return _cached((_segment_ids(segments), "members", field), load)
