"""Matching on whole posting lists: which document numbers two ascending lists share."""

import numpy
import pytest

from archive.engine.arrays import intersect, present
from archive.engine.ranking import largest


@pytest.mark.parametrize("values, members", [(40, 5000), (3000, 4000), (0, 100), (100, 0)])
def test_present_agrees_with_numpy_for_short_and_long_lists(values, members):
    random = numpy.random.default_rng(values + members)
    for _ in range(50):
        found = numpy.unique(random.integers(0, 6000, values))
        listed = numpy.unique(random.integers(0, 6000, members))
        assert present(found, listed).tolist() == numpy.isin(found, listed).tolist()


def test_intersect_keeps_only_numbers_in_every_list():
    lists = [numpy.array(numbers) for numbers in ([1, 4, 9, 200], [0, 1, 2, 4, 9, 10, 11, 12, 13, 14, 300], [4, 9])]
    assert intersect(lists).tolist() == [4, 9]


def test_largest_gives_the_top_positions_with_ties_in_position_order():
    values = numpy.array([3.0, 9.0, 1.0, 9.0, 3.0, 0.0, 3.0])
    assert largest(values, 4).tolist() == [1, 3, 0, 4]
    assert largest(values, 10).tolist() == [1, 3, 0, 4, 6, 2, 5]
