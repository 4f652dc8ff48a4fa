"""One result per near-duplicate group: the best-placed article of a group stands for it, the others are counted."""

import dataclasses

import numpy

from archive.engine.schema import GROUP_FIELD


@dataclasses.dataclass(frozen=True)
class Split:
    """Matching articles as near-duplicate groups see them: most are alone in theirs, and only the others can repeat one."""

    alone: numpy.ndarray
    shared: numpy.ndarray
    groups: numpy.ndarray  # the group of each of ``shared``

    def pick(self, values):
        """Return ``(values of the articles alone, values of the others)`` from an array indexed by document number."""
        return values[self.alone], values[self.shared]


class Collapser:
    """The near-duplicate groups of one searcher's articles: which group each is in, and how big each group is."""

    def __init__(self, ranker):
        """Read the group column of the articles ``ranker`` ranks."""
        self.codes, self.sizes = ranker.tallied(GROUP_FIELD)
        # The split of each array of matches asked about, by identity: the count and every facet ask again.
        self._split = {}

    def split(self, matched):
        """Return the ``Split`` of the articles of the array ``matched``: those alone in their group, and the others."""
        if id(matched) not in self._split:
            groups = self.codes[matched]
            shared = self.sizes[groups] > 1
            # The array is kept beside its split, so that its identity is not another's while it is.
            self._split[id(matched)] = (matched, Split(matched[~shared], matched[shared], groups[shared]))
        return self._split[id(matched)][1]

    def count(self, matched):
        """Return how many groups the articles of the array ``matched`` belong to."""
        split = self.split(matched)
        return len(split.alone) + len(numpy.unique(split.groups))

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
