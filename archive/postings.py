"""Whole posting lists, field lengths and columns read in bulk, for ranking without a matcher tree.

Whoosh's matchers walk postings one Python call at a time, which dominates query
time on a large archive. Reading a term's postings as whole arrays, a block at a
time, lets set operations and dictionaries (written in C) do that work instead.
This reaches into the block format of Whoosh-Reloaded 2.7.5 (pinned in setup.cfg):
the one module that does.
"""

import functools
import itertools

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

_LENGTHS = [byte_to_length(code) for code in range(256)]


def segment_postings(segment, field, term, base=0):
    """Return ``{base + docnum: weight}`` for ``term`` in one segment reader, deleted documents left out."""
    try:
        info = segment._terms.term_info(field, term.encode("utf-8"))
    except (TermNotFound, KeyError):
        return {}
    if info.is_inlined():
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


@functools.lru_cache(maxsize=256)
def _segment_lengths(segment_id, segment, field):
    """Return the field length of every document of a segment, cached per segment and field."""
    column = segment._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None:
        return [0] * segment.doc_count_all()
    return [_LENGTHS[code] for code in column.load()]


def field_lengths(segment, field):
    """Return a list of every document's length in ``field`` for one segment reader."""
    return _segment_lengths(segment.segment().segment_id(), segment, field)


@functools.lru_cache(maxsize=256)
def _segment_column(segment_id, segment, field):
    """Return every document's value in a column of one segment, cached per segment and field."""
    return segment.column_reader(field).load()


def column_values(segment, field):
    """Return a list of every document's value in the column ``field`` for one segment reader."""
    return _segment_column(segment.segment().segment_id(), segment, field)
