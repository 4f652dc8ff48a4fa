"""Facets: how many matching stories hold each place, year, month, source and author, and how many pages each kind.

A story is a near-duplicate group (``archive.upkeep.grouping``), counted once for
a value however many of its matching articles hold it, as the results list it once.
"""

import datetime

import numpy

from archive.engine.ranking import largest
from archive.engine.schema import split_places
from archive.engine.records import key_folder_name

FACETS = {"place": "places", "year": "year", "source": "source", "author": "author", "kind": "kind"}
# Facets counted over a query's matches of every page kind, the hidden kinds included, so that a person sees them.
EVERY_KIND_FACETS = ("kind",)
# Facets shown whole: every year, and the few page kinds.
WHOLE_FACETS = ("year", "kind")
# Facets counted on demand only, for the browse page and the "more" pages.
EXTRA_FACETS = ("month",)
FACETS_SHOWN = 10


def count_facets(ranker, collapser, docnums, every_kind):
    """Count the place, year, source and author of every matching article (an array of document numbers),
    and the page kind of every match of the query whatever its kind (``every_kind``).

    Each facet gives its ten most common values, except the years (every year, newest first) and the kinds;
    ``collapser`` tells each article's near-duplicate group.
    """
    return {name: facet_values(ranker, collapser, every_kind if name in EVERY_KIND_FACETS else docnums, name,
                               None if name in WHOLE_FACETS else FACETS_SHOWN) for name in FACETS}


def facet_values(ranker, collapser, docnums, name, shown=None):
    """Return the ``shown`` most common values of facet ``name`` among ``docnums`` (all when None), with counts.

    Years and months come in date order, newest first; sources say whether they are a folder's name.
    Each value counts the near-duplicate groups that hold it, as ``collapser`` tells them.
    """
    if name == "month":
        tally, values = _months(ranker, collapser, docnums)
    else:
        tally, values = _tally(ranker, collapser, docnums, name)
    if name in ("year", "month"):
        entries = _by_value(tally, values)[:shown]
    else:
        entries = _most_common(tally, values, shown or len(values))
    if name == "source":
        folders = source_folders(ranker)
        entries = [entry | {"folder": entry["value"] in folders} for entry in entries]
    return entries


def source_folders(ranker):
    """Return the folder names that articles naming no publisher were given as their source."""
    return ranker.term_names("key", key_folder_name)


def _tally(ranker, collapser, docnums, name):
    """Return ``(tally, values)``: how many groups of ``docnums`` hold each value of facet ``name``."""
    column = FACETS[name]
    codes, values = ranker.coded(column)
    split = collapser.split(docnums)
    if name != "place":
        return distinct_count(*split.pick(codes), split.groups, len(values)), values
    starts, members, names = ranker.members(column, split_places)
    # Each article's column value stands for several places: one (place, group) pair per place it names.
    (alone, _), (shared, held) = (_places(kept, starts, members) for kept in split.pick(codes))
    return distinct_count(alone, shared, numpy.repeat(split.groups, held), len(names)), names


def _places(kept, starts, members):
    """Return the places named by articles of column codes ``kept``, one after the other, and how many each names."""
    begins = starts[kept]
    held = starts[kept + 1] - begins
    # Where each place sits in ``members``: its article's first place, then the next ones.
    firsts = numpy.repeat(begins - (numpy.cumsum(held) - held), held)
    return members[firsts + numpy.arange(len(firsts))], held


def distinct_count(alone, shared, groups, size):
    """Return how many distinct groups hold each of ``size`` values, from the values of articles alone in their group
    and of the others, each of those with its group (``groups``).

    Only articles whose group holds others can repeat a (value, group) pair: the rest are counted as they are.

    >>> distinct_count(numpy.array([0]), numpy.array([0, 0, 1]), numpy.array([5, 5, 5]), 3).tolist()
    [2, 1, 0]
    """
    width = int(groups.max(initial=0)) + 1
    pairs = numpy.unique(shared.astype(numpy.int64) * width + groups)
    return numpy.bincount(alone, minlength=size) + numpy.bincount(pairs // width, minlength=size)


def _months(ranker, collapser, docnums):
    """Return ``(tally, values)``: how many groups of ``docnums`` were published in each month (``2019-03``), undated as ""."""
    codes, dates = ranker.coded("date")
    # Undated articles hold the column's default, the first moment of the year 1.
    names = ["" if date == datetime.datetime.min else f"{date.year:04d}-{date.month:02d}" for date in dates]
    values, month_codes = numpy.unique(numpy.array(names, dtype=object), return_inverse=True)
    split = collapser.split(docnums)
    alone, shared = (month_codes[kept] for kept in split.pick(codes))
    return distinct_count(alone, shared, split.groups, len(values)), values.tolist()


def _by_value(tally, values):
    """Return facet entries for every counted value, blanks left out, the greatest value first."""
    counted = [code for code in numpy.flatnonzero(tally).tolist() if values[code] not in ("", 0)]
    counted.sort(key=lambda code: values[code], reverse=True)
    return [{"value": str(values[code]), "count": int(tally[code])} for code in counted]


def _most_common(tally, values, shown):
    """Return facet entries for the ``shown`` values counted most in ``tally``, blanks left out, ties in the order of ``values``."""
    counted = numpy.flatnonzero(tally)
    # Two more than shown, for the blank values ("" and the year 0) that are left out.
    order = counted[largest(tally[counted], shown + 2)].tolist()
    kept = [code for code in order if values[code] not in ("", 0)][:shown]
    return [{"value": str(values[code]), "count": int(tally[code])} for code in kept]
