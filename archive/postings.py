"""Whole posting lists, field lengths and columns read in bulk, for ranking without a matcher tree.

Whoosh's matchers walk postings one Python call at a time, which dominates query
time on a large archive. Reading a term's postings whole (the arrays of
``archive.codec``, or Whoosh's blocks for positional fields) lets set operations
and dictionaries (written in C) do that work instead. Besides the codec, this is
the one module that reaches into Whoosh-Reloaded 2.7.5's readers (pinned in setup.cfg).
"""

import itertools

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from archive.codec import read_arrays, stores_arrays

_LENGTHS = [byte_to_length(code) for code in range(256)]


def segment_postings(segment, field, term, base=0):
    """Return ``{base + docnum: weight}`` for ``term`` in one segment reader, deleted documents left out."""
    try:
        info = segment._terms.term_info(field, term.encode("utf-8"))
    except (TermNotFound, KeyError):
        return {}
    if stores_arrays(segment.codec(), segment.schema[field].format):
        ids, weights = read_arrays(segment._terms._postfile, info)
        postings = dict(zip(map(base.__add__, ids), weights))
    elif info.is_inlined():
        ids, weights, _ = info.inlined_postings()
        postings = dict(zip((base + docnum for docnum in ids), weights or [1.0] * len(ids)))
    else:
        postings = _read_blocks(segment, field, info, base)
    for docnum in {base + deleted for deleted in segment.deleted_docs_set} & postings.keys():
        del postings[docnum]
    return postings


def _read_blocks(segment, field, info, base):
    """Decode every block of an on-disk posting list into a dictionary, numbering documents from ``base``."""
    offset, length = info.extent()
    matcher = W3LeafMatcher(segment._terms._postfile, offset, length, segment.schema[field].format)
    postings = {}
    while True:
        matcher._read_data()
        deltas, weights = matcher._data[:2]
        # Numbers in a block are deltas from zero: starting the running sum at ``base`` shifts them all.
        ids = itertools.islice(itertools.accumulate(deltas, initial=base), 1, None)
        if weights is None or isinstance(weights, float):
            postings.update(dict.fromkeys(ids, weights or 1.0))
        else:
            postings.update(zip(ids, weights))
        if matcher._lastblock:
            return postings
        matcher._goto(matcher._nextoffset)


# Per-segment lists, keyed by segment id and name: a segment never changes once written,
# whichever reader (one per thread) asks. Enough room for every column of a large index.
_SEGMENT_LISTS = {}
_SEGMENT_LISTS_KEPT = 4096


def _segment_list(segment, name, load):
    """Return ``load()`` for one segment, computed once per segment and name."""
    key = (segment.segment().segment_id(), name)
    found = _SEGMENT_LISTS.get(key)
    if found is None:
        if len(_SEGMENT_LISTS) >= _SEGMENT_LISTS_KEPT:
            _SEGMENT_LISTS.clear()
        found = _SEGMENT_LISTS[key] = load()
    return found


def field_lengths(segment, field):
    """Return a list of every document's length in ``field`` for one segment reader."""
    def load():
        """Read the segment's length column, or give zeros when the field is empty there."""
        column = segment._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        return [_LENGTHS[code] for code in column.load()] if column else [0] * segment.doc_count_all()
    return _segment_list(segment, f"length:{field}", load)


def column_values(segment, field):
    """Return a list of every document's value in the column ``field`` for one segment reader."""
    return _segment_list(segment, f"column:{field}", lambda: segment.column_reader(field).load())
