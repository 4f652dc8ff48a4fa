"""Whole-byte integers in index files: the narrowest width that holds them, packed and read back.

The dictionary, the packed postings and the stored fields each keep arrays of
integers in one of four widths, named by a two-bit code, little-endian as the
machines that run the archive are (memory views of the files read them natively).
"""

import functools
import struct

import numpy

# Width codes (stored in two bits) and the whole-byte widths they stand for.
WIDTHS = (1, 2, 4, 8)
# Struct and memoryview codes of each width.
FORMATS = {1: "B", 2: "H", 4: "I", 8: "Q"}
_LIMITS = numpy.array([256**width for width in WIDTHS[:-1]], numpy.uint64)


class DamagedFile(ValueError):
    """An index file is cut short or holds what this format does not."""


def width_codes(largest):
    """Return, for each value of the array ``largest``, the code of the narrowest width that holds it.

    >>> width_codes(numpy.array([255, 256, 70_000, 2**40])).tolist()
    [0, 1, 2, 3]
    """
    return numpy.searchsorted(_LIMITS, numpy.asarray(largest, numpy.uint64), side="right")


def packed(values, width):
    """Return the little-endian bytes of the integers ``values``, ``width`` bytes each.

    >>> packed([1, 258], 2)
    b'\\x01\\x00\\x02\\x01'
    """
    return numpy.asarray(values, numpy.uint64).astype(f"<u{width}").tobytes()


@functools.lru_cache(maxsize=None)
def layout(count, width):
    """Return the struct of ``count`` little-endian integers of ``width`` bytes.

    >>> layout(2, 2).unpack(packed([1, 258], 2))
    (1, 258)
    """
    return struct.Struct(f"<{count}{FORMATS[width]}")
