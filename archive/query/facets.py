"""Facets: how many matching articles hold each place, year, source and author."""

import numpy

from archive.engine.ranking import largest
from archive.engine.schema import split_places

FACETS = {"place": "places", "year": "year", "source": "source", "author": "author"}
FACETS_SHOWN = 10


def count_facets(ranker, docnums):
    """Count the place, year, source and author of every matching article (an array of document numbers)."""
    facets = {}
    for name, column in FACETS.items():
        codes, values = ranker.coded(column)
        tally = numpy.bincount(codes[docnums], minlength=len(values))
        if name == "place":
            owners, members, values = ranker.members(column, split_places)
            tally = numpy.bincount(members, weights=tally[owners], minlength=len(values))
        facets[name] = _most_common(tally, values)
    return facets


def _most_common(tally, values):
    """Return facet entries for the values counted most in ``tally``, blanks left out, ties in the order of ``values``."""
    counted = numpy.flatnonzero(tally)
    # Two more than shown, for the blank values ("" and the year 0) that are left out.
    order = counted[largest(tally[counted], FACETS_SHOWN + 2)].tolist()
    shown = [code for code in order if values[code] not in ("", 0)][:FACETS_SHOWN]
    return [{"value": str(values[code]), "count": int(tally[code])} for code in shown]


