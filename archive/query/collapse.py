"""One result per near-duplicate group: the best-placed article of a group stands for it, the others are counted."""

import numpy

from archive.engine.schema import GROUP_FIELD


class Collapser:
    """The near-duplicate groups of one searcher's articles: which group each is in, and how big each group is."""

    def __init__(self, ranker):
        """Read the group column of the articles ``ranker`` ranks."""
        self.codes, self.sizes = ranker.tallied(GROUP_FIELD)
        # The groups of each array of matches asked about, by identity: the count and every facet ask again.
        self._grouped = {}

    def grouped(self, matched):
        """Return the group of each article of the array ``matched``, and whether other articles are in it."""
        if id(matched) not in self._grouped:
            groups = self.codes[matched]
            # The array is kept beside its groups, so that its identity is not another's while they are.
            self._grouped[id(matched)] = (matched, groups, self.sizes[groups] > 1)
        return self._grouped[id(matched)][1:]

    def count(self, matched):
        """Return how many groups the articles of the array ``matched`` belong to."""
        groups, shared = self.grouped(matched)
        # Most articles are alone in their group: only the others need sorting out.
        return int(numpy.count_nonzero(~shared)) + len(numpy.unique(groups[shared]))

    def leaders(self, ordered):
        """Return the ``(docnum, score)`` pairs of ``ordered`` that come first of their group there, in order."""
        return first_of_groups(ordered, self.codes)

    def similar(self, docnum):
        """Return how many other articles the index holds in the group of ``docnum``."""
        return int(self.sizes[self.codes[docnum]]) - 1


def first_of_groups(ordered, codes):
    """Return the ``(docnum, score)`` pairs of ``ordered`` whose group (``codes[docnum]``) none before them holds.

    >>> first_of_groups([(2, 3.0), (1, 2.0), (0, 1.0), (3, 0.5)], numpy.array([0, 1, 0, 2]))
    [(2, 3.0), (1, 2.0), (3, 0.5)]
    """
    seen, first = set(), []
    for docnum, score in ordered:
        code = int(codes[docnum])
        if code not in seen:
            seen.add(code)
            first.append((docnum, score))
    return first
