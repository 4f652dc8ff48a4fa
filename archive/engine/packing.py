"""The bytes of a frequency field's posting lists: document numbers as deltas, frequencies only where they are not 1.

Each term's postings are one flags byte, its first document number, the gaps to
the next ones, and its frequencies, each part in the narrowest whole-byte width
that holds its largest value; frequencies are left out when they are all 1, as
they are for most pairs of neighbouring words. A whole field is encoded at once
with array operations, and a term is decoded with two typed views of its bytes.

>>> data, starts = encode_lists(numpy.array([3, 9, 300, 7]), numpy.array([1, 2, 1, 1]), numpy.array([0, 3, 4]))
>>> [decode_list(data[a:b], n) for a, b, n in zip(starts, starts[1:], (3, 1))]  # doctest: +NORMALIZE_WHITESPACE
[(array([  3,   9, 300], dtype=int32), array([1., 2., 1.], dtype=float32)),
 (array([7], dtype=int32), array([1.], dtype=float32))]
"""

import numpy

from archive.engine.arrays import DOCNUM
from archive.engine.binary import WIDTHS, DamagedFile, width_codes

# A flags byte holds three width codes: first document number, gaps, frequencies (code 0: all 1).
_FIRST, _GAPS, _FREQUENCIES = 0, 2, 4
# The widths each flags byte stands for, and the little-endian type of each width.
_LAYOUTS = [(WIDTHS[flags & 3], WIDTHS[flags >> _GAPS & 3], (0, 1, 2, 4)[flags >> _FREQUENCIES & 3]) for flags in range(64)]
_DTYPES = {width: numpy.dtype(f"<u{width}") for width in WIDTHS}


def _put(out, positions, values, width):
    """Write each of ``values`` little-endian in ``width`` bytes at its position in the byte array ``out``."""
    values = values.astype(numpy.uint64)
    for byte in range(width):
        out[positions + byte] = (values >> numpy.uint64(8 * byte)) & numpy.uint64(255)


def encode_lists(ids, frequencies, starts):
    """Return ``(bytes, offsets)`` of many terms' postings: term i's postings are ``ids[starts[i]:starts[i + 1]]``
    (ascending) with their whole ``frequencies``, and its bytes run from ``offsets[i]`` to ``offsets[i + 1]``."""
    ids, starts = numpy.asarray(ids, numpy.int64), numpy.asarray(starts, numpy.int64)
    frequencies = numpy.asarray(frequencies)
    if numpy.any(frequencies != numpy.rint(frequencies)) or numpy.any(frequencies < 1):
        raise ValueError("frequency postings hold whole counts of at least 1")
    if len(ids) and (ids.min() < 0 or ids.max() > numpy.iinfo(DOCNUM).max):
        raise ValueError(f"document numbers run from 0 to {numpy.iinfo(DOCNUM).max} (as Whoosh numbers them)")
    frequencies = frequencies.astype(numpy.int64)
    counts, first = numpy.diff(starts), starts[:-1]
    terms = len(counts)
    if not terms:
        return b"", numpy.zeros(1, numpy.int64)
    owner = numpy.repeat(numpy.arange(terms), counts)
    rank = numpy.arange(len(ids)) - first[owner]  # each posting's place in its term
    gaps = numpy.diff(ids, prepend=0)
    gaps[first] = 0
    firsts = ids[first]
    codes = [width_codes(values) for values in (
        firsts, numpy.maximum.reduceat(gaps, first), numpy.maximum.reduceat(frequencies, first))]
    widths = [numpy.array(WIDTHS)[code] for code in codes]
    ones = numpy.maximum.reduceat(frequencies, first) == 1
    widths[2] = numpy.where(ones, 0, widths[2])
    codes[2] = numpy.where(ones, 0, codes[2] + 1)
    sizes = 1 + widths[0] + (counts - 1) * widths[1] + counts * widths[2]
    offsets = numpy.concatenate([[0], numpy.cumsum(sizes)])
    out = numpy.zeros(int(offsets[-1]), numpy.uint8)
    at = offsets[:-1]
    out[at] = codes[0] << _FIRST | codes[1] << _GAPS | codes[2] << _FREQUENCIES
    for width in WIDTHS:
        chosen = widths[0] == width
        _put(out, at[chosen] + 1, firsts[chosen], width)
        gap_at = at + 1 + widths[0]
        later = (rank > 0) & (widths[1][owner] == width)
        _put(out, gap_at[owner[later]] + (rank[later] - 1) * width, gaps[later], width)
        frequency_at = gap_at + (counts - 1) * widths[1]
        listed = widths[2][owner] == width
        _put(out, frequency_at[owner[listed]] + rank[listed] * width, frequencies[listed], width)
    return out.tobytes(), offsets


def decode_list(data, count):
    """Return ``(docnums int32, frequencies float32)`` of one term's postings of ``count`` documents from its bytes."""
    if not data:
        raise DamagedFile("a posting list is empty")
    first_width, gap_width, frequency_width = _LAYOUTS[data[0]]
    if len(data) != 1 + first_width + (count - 1) * gap_width + count * frequency_width:
        raise DamagedFile(f"a posting list of {count} documents is {len(data)} bytes long")
    at = 1 + first_width
    first = int.from_bytes(data[1:at], "little")
    if count == 1:
        return numpy.array([first], DOCNUM), (numpy.frombuffer(data, _DTYPES[frequency_width], 1, at).astype(
            numpy.float32) if frequency_width else numpy.ones(1, numpy.float32))
    ids = numpy.empty(count, DOCNUM)
    ids[0] = first
    numpy.cumsum(numpy.frombuffer(data, _DTYPES[gap_width], count - 1, at), dtype=DOCNUM, out=ids[1:])
    ids[1:] += first
    at += (count - 1) * gap_width
    if not frequency_width:
        return ids, numpy.ones(count, numpy.float32)
    return ids, numpy.frombuffer(data, _DTYPES[frequency_width], count, at).astype(numpy.float32)


# Per flags byte: the widths of the first number, of the gaps and of the frequencies, as arrays for many lists at once.
_WIDTH_TABLES = [numpy.array(widths, numpy.int64) for widths in zip(*_LAYOUTS)]


def _take(data, positions, widths):
    """Return the little-endian integers of ``widths`` bytes each (0 to 8) at ``positions`` of the byte array ``data``."""
    values = numpy.zeros(len(positions), numpy.int64)
    for byte in range(int(widths.max(initial=0))):
        wide = widths > byte
        values[wide] |= data[positions[wide] + byte].astype(numpy.int64) << (8 * byte)
    return values


def decode_lists(data, offsets, counts):
    """Return ``(docnums, frequencies)`` of many consecutive posting lists at once, each list's after the last's:
    list i is ``data[offsets[i]:offsets[i + 1]]`` and holds ``counts[i]`` documents.

    It reads what ``encode_lists`` wrote, with array operations over all the lists;
    ``decode_list`` reads one list faster.
    """
    data = numpy.frombuffer(data, numpy.uint8)
    offsets, counts = numpy.asarray(offsets, numpy.int64), numpy.asarray(counts, numpy.int64)
    at, total = offsets[:-1], int(counts.sum())
    if len(counts) and (counts.min() < 1 or offsets[-1] > len(data)):
        raise DamagedFile("a run of posting lists is cut short or holds an empty list")
    flags = data[at].astype(numpy.int64) if len(at) else numpy.zeros(0, numpy.int64)
    first_width, gap_width, frequency_width = (table[flags] for table in _WIDTH_TABLES)
    if numpy.any(1 + first_width + (counts - 1) * gap_width + counts * frequency_width != numpy.diff(offsets)):
        raise DamagedFile("a posting list's length does not match its count of documents")
    owner = numpy.repeat(numpy.arange(len(counts)), counts)
    starts = numpy.concatenate([[0], numpy.cumsum(counts)])
    rank = numpy.arange(total) - starts[:-1][owner]
    gap_at = at + 1 + first_width
    gaps = _take(data, (gap_at[owner] + (rank - 1) * gap_width[owner]), numpy.where(rank > 0, gap_width[owner], 0))
    gaps[starts[:-1]] = _take(data, at + 1, first_width)
    ids = numpy.cumsum(gaps)
    ids -= numpy.repeat(ids[starts[:-1]] - gaps[starts[:-1]], counts)
    frequencies = _take(data, gap_at[owner] + (counts[owner] - 1) * gap_width[owner] + rank * frequency_width[owner],
                        frequency_width[owner])
    frequencies[frequency_width[owner] == 0] = 1
    return ids, frequencies.astype(numpy.float32)
