"""The band index finds exactly the signatures that share a band, before and after its waiting ones are merged."""

import numpy
import pytest

from archive.ingest.likeness import PERMUTATIONS
from archive.upkeep.bands import BANDS, ROWS, BandIndex, band_keys


def planted_rows(count, seed):
    """Return ``count`` random signatures, each later one copying one band of an earlier one now and then."""
    rng = numpy.random.default_rng(seed)
    rows = rng.integers(0, 2**16, (count, PERMUTATIONS), dtype=numpy.uint16)
    for row in rng.choice(numpy.arange(1, count), count // 5, replace=False):
        band = rng.integers(BANDS)
        rows[row, band * ROWS : (band + 1) * ROWS] = rows[rng.integers(row), band * ROWS : (band + 1) * ROWS]
    return rows


def sharing(rows, row, held):
    """Return the numbers below ``held`` whose signature shares a whole band with signature ``row``, by comparison."""
    bands = rows.reshape(len(rows), BANDS, ROWS)
    return numpy.flatnonzero((bands[:held] == bands[row]).all(axis=2).any(axis=1)).tolist()


@pytest.mark.parametrize("seed", [1, 2])
def test_each_added_signature_matches_exactly_the_earlier_ones_sharing_a_band(seed):
    rows = planted_rows(6000, seed)  # 96,000 band numbers: the waiting ones are merged at least once
    index, keys = BandIndex(), band_keys(rows)
    checked = numpy.random.default_rng(seed).choice(len(rows), 300, replace=False)
    found = {}
    for number in range(len(rows)):
        if number in checked:
            found[number] = (index.matches(keys[number]).tolist(), sharing(rows, number, number))
        index.add(number, keys[number])
    assert all(matched == expected for matched, expected in found.values())
    assert sum(bool(expected) for _, expected in found.values()) > 30


def test_signatures_held_at_once_and_one_by_one_match_alike():
    rows = planted_rows(3000, 3)
    keys = band_keys(rows)
    at_once, one_by_one = BandIndex(), BandIndex()
    at_once.extend(numpy.arange(2000), keys[:2000])
    for number in range(2000):
        one_by_one.add(number, keys[number])
    for number in range(2000, 3000):
        expected = sharing(rows, number, 2000)
        assert at_once.matches(keys[number]).tolist() == one_by_one.matches(keys[number]).tolist() == expected
