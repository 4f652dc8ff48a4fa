"""What a results page shows around its hits, built from the parsed Query: chips, facets, dates, paging, sizes."""

from archive.ingest.kinds import KINDS
from archive.query.facets import FACETS_SHOWN
from archive.query.model import DEFAULT_KIND, KIND_FIELD, DateRange
from archive.query.search import SORTS
from archive.query.syntax import filter_clause
from web.i18n import translate
from web.links import EXPORT_STATE, link, search_url
from web.params import LIMITS, MAX_PAGE

PAGES_AROUND = 2
# Facets whose values are a year or a month, which filter by the query's date range.
DATE_FACETS = ("year", "month")


def toggled(query, facet, value):
    """Return ``(active, query)``: whether the facet value filters ``query`` now, and the query with it switched."""
    if facet in DATE_FACETS:
        dates = DateRange(value, value)
        active = query.dates == dates
        return active, query.with_dates(None if active else dates)
    clause = filter_clause(facet, value)
    if facet == KIND_FIELD:
        # One kind at a time: each replaces the others, and articles are what a query shows by default.
        active = query.has(clause) or (value == DEFAULT_KIND and not query.names_kind)
        others = query.without_field(KIND_FIELD)
        return active, others if active or value == DEFAULT_KIND else others.with_clause(clause)
    active = query.has(clause)
    return active, query.without(clause) if active else query.with_clause(clause)


def value_label(field, value, folder=False):
    """Return a facet or filter value as a person reads it: page kinds named, folder names said to be folders."""
    if field == KIND_FIELD and value.lower() in KINDS:
        return translate(f"kind_{value.lower()}")
    return translate("folder_source", folder=value) if folder else value


def facet_items(params, query, name, values):
    """Return facet values as links that add their filter to ``query``, or remove it when it is set.

    The default page kind, shown when no kind is chosen, is marked as current and has nothing to remove.
    """
    items = []
    for item in values:
        active, switched = toggled(query, name, item["value"])
        items.append({**item, "active": active, "label": value_label(name, item["value"], item.get("folder", False)),
                      "default": active and name == KIND_FIELD and not query.names_kind,
                      "url": search_url(params, q=switched.text, page=1)})
    return items


def facet_groups(params, result):
    """Return each facet of a result page with its links, and a link to every value when some are not shown.

    The page-kind facet shows only when the query matched pages of other kinds, or chose a kind.
    """
    groups = []
    for name, values in result.facets.items():
        if name == KIND_FIELD and not result.parsed.names_kind and all(item["value"] == DEFAULT_KIND for item in values):
            continue
        if values:
            more = link("browse.facet", name=name, q=params.q) if len(values) >= FACETS_SHOWN else None
            groups.append({"name": name, "items": facet_items(params, result.parsed, name, values), "more": more})
    return groups


def date_text(dates):
    """Return a date range as a chip shows it, in the interface language."""
    if dates.start == dates.end:
        return dates.start
    if dates.start and dates.end:
        return translate("dates_between", start=dates.start, end=dates.end)
    return translate("dates_from", start=dates.start) if dates.start else translate("dates_until", end=dates.end)


def filter_chips(params, query):
    """Return the query's filters and date range as chips: what each limits to, and the link that removes it."""
    chips = [{"field": clause.field, "value": value_label(clause.field, clause.value),
              "url": search_url(params, q=query.without(clause).text, page=1)} for clause in query.filters]
    if query.dates:
        chips.append({"field": "date", "value": date_text(query.dates),
                      "url": search_url(params, q=query.with_dates(None).text, page=1)})
    return chips


def clear_all_url(params, query):
    """Return the link that drops every filter and the date range but keeps the words, or the home page."""
    keywords = query.keywords
    return link("pages.home") if keywords.is_empty else search_url(params, q=keywords.text, page=1)


def last_page(result):
    """Return the last page of results a page link may reach."""
    return min(result.pages, MAX_PAGE)


def pagination(params, result):
    """Return the paging bar: first, previous, a window of page numbers, next and last, each with its link."""
    current, last = result.page, last_page(result)

    def item(kind, number, rel=None):
        """Return one entry of the bar; the current page has no link."""
        return {"kind": kind, "number": number, "rel": rel,
                "url": None if number == current and kind == "page" else search_url(params, page=number)}

    bar = [item("first", 1), item("previous", current - 1, "prev")] if current > 1 else []
    bar += [item("page", number) for number in range(max(1, current - PAGES_AROUND), min(last, current + PAGES_AROUND) + 1)]
    if current < last:
        bar += [item("next", current + 1, "next"), item("last", last)]
    return bar


def limit_choices(params):
    """Return the page sizes on offer, each linking to the page that holds the first hit shown now."""
    first_shown = (params.page - 1) * params.limit
    return [{"limit": size, "current": size == params.limit,
             "url": search_url(params, limit=size, page=min(first_shown // size + 1, MAX_PAGE))} for size in LIMITS]


def sort_choices(params):
    """Return the orders on offer, each linking to the first page in that order."""
    return [{"sort": sort, "current": sort == params.sort, "url": search_url(params, sort=sort, page=1)} for sort in SORTS]


def export_links(params):
    """Return the links that download the whole result set of the query, one per format."""
    return [{"format": name, "url": search_url(params, f"export.{name}", EXPORT_STATE)} for name in ("csv", "json")]
