"""The bands of likeness signatures, kept as sorted numbers, to find the articles a signature may resemble.

Locality-sensitive hashing cuts each signature (``archive.ingest.likeness``) into
``BANDS`` bands of ``ROWS`` values, and two articles are candidates when every
value of one of their bands agrees. With 16 bands of 8 values, a pair at the
grouping threshold of 0.8 is found 95 times in 100 (1 - (1 - 0.8 ** 8) ** 16), and
pairs of different stories, which share a few hundredths of their shingles,
almost never; every candidate is then checked against the threshold. A band is
folded into one 64-bit number, and the numbers of all bands sit in one sorted
array beside the article each came from: 12 bytes an article a band, where a hash
table of band values took kilobytes an article. Newly added articles wait in a
small table until there are enough of them to merge into the sorted array.
"""

import numpy

from archive.ingest.likeness import PERMUTATIONS

BANDS = 16
ROWS = PERMUTATIONS // BANDS
# Odd multipliers that fold the values of a band into one number, other ones in every band and row.
_FOLD = numpy.random.default_rng(13).integers(1, 2**63, BANDS * ROWS, dtype=numpy.uint64) | numpy.uint64(1)
# Distinct band numbers held in the waiting table before a merge, at the least; or a sixteenth of the sorted ones.
_WAITING = 4096 * BANDS


def band_keys(rows):
    """Return the ``BANDS`` numbers of each signature (a row of a matrix of values): equal bands, equal numbers.

    >>> rows = numpy.arange(2 * PERMUTATIONS, dtype=numpy.uint16).reshape(2, PERMUTATIONS)
    >>> rows[1, ROWS:] = rows[0, ROWS:]
    >>> keys = band_keys(rows); keys.shape, int((keys[0] == keys[1]).sum())
    ((2, 16), 15)
    """
    return (rows.astype(numpy.uint64) * _FOLD).reshape(len(rows), BANDS, ROWS).sum(axis=2)


def signature_keys(signature_values):
    """Return the ``BANDS`` numbers of one signature, given as its array of values."""
    return band_keys(signature_values[numpy.newaxis])[0]


class BandIndex:
    """The band numbers of numbered signatures, telling which numbers share a band with a signature.

    >>> index = BandIndex()
    >>> rows = numpy.arange(3 * PERMUTATIONS, dtype=numpy.uint16).reshape(3, PERMUTATIONS)
    >>> rows[2, :ROWS] = rows[0, :ROWS]
    >>> index.extend(numpy.array([10]), band_keys(rows[:1])); index.add(11, signature_keys(rows[1]))
    >>> index.matches(signature_keys(rows[2])).tolist(), index.matches(signature_keys(rows[1])).tolist()
    ([10], [11])
    """

    def __init__(self):
        """Hold no signatures."""
        self._keys = numpy.zeros(0, numpy.uint64)
        self._numbers = numpy.zeros(0, numpy.int32)
        # Band numbers not yet merged, each with the numbers of the signatures that hold it.
        self._waiting = {}

    def add(self, number, keys):
        """Hold the band numbers ``keys`` (one row of ``band_keys``) of the signature numbered ``number``."""
        for key in keys.tolist():
            self._waiting.setdefault(key, []).append(number)
        if len(self._waiting) >= max(_WAITING, len(self._keys) // 16):
            keys = numpy.array([key for key, numbers in self._waiting.items() for _ in numbers], numpy.uint64)
            numbers = numpy.array([number for numbers in self._waiting.values() for number in numbers], numpy.int32)
            self._waiting = {}
            self._merge(keys, numbers)

    def extend(self, numbers, keys):
        """Hold the signatures numbered ``numbers`` at once, given their ``band_keys``."""
        self._merge(keys.ravel(), numpy.repeat(numbers, BANDS).astype(numpy.int32))

    def matches(self, keys):
        """Return the numbers of the signatures that share a band with the band numbers ``keys``, sorted, each once."""
        lows = numpy.searchsorted(self._keys, keys).tolist()
        highs = numpy.searchsorted(self._keys, keys, side="right").tolist()
        found = [self._numbers[low:high] for low, high in zip(lows, highs) if high > low]
        found.extend(numpy.array(self._waiting[key], numpy.int32) for key in keys.tolist() if key in self._waiting)
        return numpy.unique(numpy.concatenate(found)) if found else numpy.zeros(0, numpy.int32)

    def _merge(self, keys, numbers):
        """Merge band numbers ``keys`` of the signatures ``numbers`` into the sorted ones."""
        # Sorted first, so that the stable sort of the two runs end to end is a linear merge.
        order = numpy.argsort(keys, kind="stable")
        keys, numbers = numpy.concatenate([self._keys, keys[order]]), numpy.concatenate([self._numbers, numbers[order]])
        order = numpy.argsort(keys, kind="stable")
        self._keys, self._numbers = keys[order], numbers[order]
