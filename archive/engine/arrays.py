"""Sets of document numbers as ascending NumPy arrays: membership, intersection and union, each the cheaper way."""

import numpy

# Document numbers: Whoosh numbers fewer than 2**31 documents, and a list kept in memory costs a third less.
DOCNUM = numpy.dtype(numpy.int32)
# How many times shorter one list must be than the other for binary searches of it to beat a pass over both.
_SHORTER_BY = 16


def _by_search(values, members):
    """Tell whether binary search beats a table indexed by number for looking ``values`` up in ``members``:
    a few values against a long list, or against numbers far larger than there are values."""
    return len(values) * _SHORTER_BY < len(members) or len(values) * 64 < max(values[-1], members[-1])


def _nearest(values, members):
    """Return where each of ``values`` is or would go in ``members``, the last position for those past its end.

    A ufunc bounds the positions: ``ndarray.clip`` costs a few microseconds more of Python per call.
    """
    return numpy.minimum(numpy.searchsorted(members, values), len(members) - 1)


def _few_members(values, members):
    """Tell whether looking the members up among the values beats the other way round: far fewer members."""
    return len(members) * _SHORTER_BY < len(values)


def _found_among(values, members):
    """Return ``(positions, found)``: where each member sits or would go among ``values``, and which are there."""
    at = _nearest(members, values)
    return at, values[at] == members


def present(values, members):
    """Return a mask of which of the ascending ``values`` are in the ascending array ``members``.

    Each way of looking up (``_few_members``, ``_by_search``, else a table) beats NumPy's ``isin``, which sorts
    the two arrays together.

    >>> present(numpy.array([1, 4, 9]), numpy.array([2, 4, 9, 12])).tolist()
    [False, True, True]
    """
    if not len(values) or not len(members):
        return numpy.zeros(len(values), bool)
    if _few_members(values, members):
        at, found = _found_among(values, members)
        mask = numpy.zeros(len(values), bool)
        mask[at[found]] = True
        return mask
    if _by_search(values, members):
        return members[_nearest(values, members)] == values
    table = numpy.zeros(max(values[-1], members[-1]) + 1, bool)
    table[members] = True
    return table[values]


def weights_at(values, members, weights):
    """Return the weight of each of the ascending ``values`` in the ascending ``members``, ``weights`` beside them,
    and 0 where a value is not a member.

    >>> weights_at(numpy.array([1, 4, 9]), numpy.array([2, 4, 9, 12]), numpy.array([5., 6., 7., 8.])).tolist()
    [0.0, 6.0, 7.0]
    """
    if not len(values) or not len(members):
        return numpy.zeros(len(values), weights.dtype)
    if _few_members(values, members):
        at, found = _found_among(values, members)
        held = numpy.zeros(len(values), weights.dtype)
        held[at[found]] = weights[found]
        return held
    if _by_search(values, members):
        at = _nearest(values, members)
        return numpy.where(members[at] == values, weights[at], 0)
    table = numpy.zeros(max(values[-1], members[-1]) + 1, weights.dtype)
    table[members] = weights
    return table[values]


def intersect(sets):
    """Return the document numbers present in every one of ``sets`` (ascending arrays)."""
    sets = sorted(sets, key=len)
    found = sets[0]
    for other in sets[1:]:
        found = found[present(found, other)]
    return found


def union(sets, weights):
    """Return ``(numbers, sums)``: the ascending union of the ascending arrays ``sets``, and for each number the sum
    of its ``weights`` (one array beside each set).

    Few numbers against a large archive are sorted together; many are counted into a
    table indexed by number, which is linear where sorting is not.

    >>> [array.tolist() for array in union([numpy.array([2, 5]), numpy.array([5, 7])], [numpy.ones(2), numpy.ones(2)])]
    [[2, 5, 7], [1.0, 2.0, 1.0]]
    """
    numbers = numpy.concatenate([numpy.zeros(0, DOCNUM), *sets])
    values = numpy.concatenate([numpy.zeros(0), *weights])
    if not len(numbers):
        return numbers, values
    if len(numbers) * 8 < numbers.max():
        order = numpy.argsort(numbers, kind="stable")
        numbers, values = numbers[order], values[order]
        starts = numpy.flatnonzero(numpy.diff(numbers, prepend=-1))
        return numbers[starts], numpy.add.reduceat(values, starts)
    sums = numpy.bincount(numbers, weights=values)
    found = numpy.flatnonzero(sums)
    return found.astype(DOCNUM), sums[found]
