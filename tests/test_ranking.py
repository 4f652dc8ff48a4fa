"""Matching and ranking on whole posting lists: which document numbers lists share, and which come first."""

import shutil

import numpy
import pytest

from archive import Archive
from archive.engine.arrays import intersect, present, weights_at
from archive.engine.plan import plan_query
from archive.engine.ranking import largest
from archive.query.syntax import parse
from archive.upkeep.build import build
from tests.conftest import DATA


SIZES = [(40, 5000), (3000, 4000), (5000, 40), (5000, 1), (0, 100), (100, 0)]


@pytest.mark.parametrize("values, members", SIZES)
def test_present_agrees_with_numpy_for_short_and_long_lists(values, members):
    random = numpy.random.default_rng(values + members)
    for _ in range(50):
        found = numpy.unique(random.integers(0, 6000, values))
        listed = numpy.unique(random.integers(0, 6000, members))
        assert present(found, listed).tolist() == numpy.isin(found, listed).tolist()


@pytest.mark.parametrize("values, members", SIZES)
def test_weights_at_gives_each_members_weight_and_zero_elsewhere(values, members):
    random = numpy.random.default_rng(values * members + 1)
    for _ in range(50):
        found = numpy.unique(random.integers(0, 6000, values))
        listed = numpy.unique(random.integers(0, 6000, members))
        weights = random.random(len(listed)) + 1
        weight_of = dict(zip(listed.tolist(), weights.tolist()))
        assert weights_at(found, listed, weights).tolist() == [weight_of.get(n, 0.0) for n in found.tolist()]


def test_intersect_keeps_only_numbers_in_every_list():
    lists = [numpy.array(numbers) for numbers in ([1, 4, 9, 200], [0, 1, 2, 4, 9, 10, 11, 12, 13, 14, 300], [4, 9])]
    assert intersect(lists).tolist() == [4, 9]


def test_largest_gives_the_top_positions_with_ties_in_position_order():
    values = numpy.array([3.0, 9.0, 1.0, 9.0, 3.0, 0.0, 3.0])
    assert largest(values, 4).tolist() == [1, 3, 0, 4]
    assert largest(values, 10).tolist() == [1, 3, 0, 4, 6, 2, 5]


@pytest.mark.parametrize("query", ["ban", "da nang", "năm", "cho", "của người", "thanh pho"])
def test_the_best_few_are_the_first_of_every_match_ranked(source_dir, index_dir, query):
    shutil.copytree(DATA / "search", source_dir / "search")
    build([source_dir], index_dir)
    with Archive(index_dir) as archive:
        ranker = archive._ranker()
        plan = plan_query(parse(query))
        docs = ranker.matches(plan)
        every = ranker.ranked(plan, docs, len(docs))
        assert len(every) > 3
        assert [ranker.ranked(plan, docs, count) for count in range(1, len(docs))] == [
            every[:count] for count in range(1, len(docs))]
