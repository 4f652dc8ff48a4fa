"""Browsing the whole archive by month and place, and every value of one facet for a query."""

import collections
import dataclasses

from flask import Blueprint, abort, render_template

from archive.query.facets import EXTRA_FACETS, FACETS
from archive.query.model import DateRange
from archive.query.syntax import parse
from web.articles import DATED
from web.links import link
from web.params import MAX_PAGE, SearchParams, search_params
from web.results import facet_items
from web.store import archive

browse = Blueprint("browse", __name__)

PLACES_SHOWN = 30
VALUES_PER_PAGE = 100


@dataclasses.dataclass
class YearRow:
    """One year of the browse table: its stories in all and per month, each count with the query that lists them."""

    year: str
    total: int
    query: str
    months: dict  # {month number: (count, query)}


def month_table(months, years):
    """Return a YearRow per year, newest first, from ``2019-03`` month and ``2019`` year facet values.

    A year's total comes from the year facet: a story filed in two months of it is one story of the year.

    >>> month_table([{"value": "2019-03", "count": 2}, {"value": "2019-11", "count": 1}], [{"value": "2019", "count": 2}])[0]
    YearRow(year='2019', total=2, query='date:2019', months={3: (2, 'date:2019-03'), 11: (1, 'date:2019-11')})
    """
    cells = collections.defaultdict(dict)
    for entry in months:
        year, month = entry["value"].split("-")
        cells[year][int(month)] = entry["count"], DateRange(entry["value"], entry["value"]).text
    totals = {entry["value"]: entry["count"] for entry in years}
    return [YearRow(year, totals.get(year, 0), DateRange.year(year).text, cells[year])
            for year in sorted(cells, reverse=True)]


@browse.get("/browse")
def overview():
    """Show every story of the archive counted by year and month, and the places most written about.

    A story is a near-duplicate group, counted once, as the results list it.
    """
    found = archive()
    everything = found.search(parse(""), limit=1)
    undated = everything.groups - found.search(parse("").with_dates(DATED), limit=1).groups
    return render_template("browse.html", years=month_table(found.facet("", "month"), everything.facets["year"]),
                           total=everything.total, stories=everything.groups, undated=undated,
                           places=facet_items(SearchParams(), parse(""), "place", found.facet("", "place")[:PLACES_SHOWN]),
                           all_places=link("browse.facet", name="place"))


@browse.get("/search/facets/<name>")
def facet(name):
    """Show every value of one facet among a query's matches (the whole archive without ``q``), with counts."""
    if name not in (*FACETS, *EXTRA_FACETS):
        abort(404)
    params = search_params(default_limit=VALUES_PER_PAGE)
    query = parse(params.q)
    values = archive().facet(query, name)
    pages = max(1, -(-len(values) // params.limit))
    if params.page > pages:
        abort(404)
    shown = values[(params.page - 1) * params.limit : params.page * params.limit]
    return render_template("facet.html", name=name, params=params, q=params.q, query=query, count=len(values),
                           items=facet_items(SearchParams(q=params.q), query, name, shown),
                           page=params.page, pages=min(pages, MAX_PAGE))
