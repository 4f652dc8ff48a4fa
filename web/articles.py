"""Articles as the web shows them: public fields only, and the query terms to mark in them."""

from flask import abort

from archive.schema import FACET_SEPARATOR
from web.store import archive

PUBLIC_FIELDS = ("slug", "path", "title", "lead", "body", "markdown", "date", "author", "places", "source")
YEAR_DIGITS = 4
# Sorting by date puts undated articles first, so "newest" lists ask for dated articles only.
DATED_ONLY = "date:1000.."


def public_article(slug):
    """Return the article with ``slug`` as JSON-ready data without internal fields, or abort with 404."""
    fields = archive().article(slug)
    if fields is None:
        abort(404)
    date = fields.get("date")
    places = fields.get("places", "")
    article = {name: fields.get(name) for name in PUBLIC_FIELDS}
    article.update(
        date=date.isoformat() if date else None,
        places=places.split(FACET_SEPARATOR) if places else [],
        lead=fields.get("lead", ""),
        body=fields.get("body", ""),
        markdown=bool(fields.get("markdown")),
    )
    return article


def query_terms(q):
    """Return the folded terms of query ``q``, as the search marks them in snippets."""
    return frozenset(archive().search(q, limit=1).terms) if q else frozenset()


def shown_facets(facets):
    """Return the facets with values people can use: a year column without a date holds no real year."""
    return {name: [item for item in values if name != "year" or len(item["value"]) == YEAR_DIGITS]
            for name, values in facets.items()}


def newest_dated(q="", limit=10):
    """Return the newest dated articles matching ``q``; the query's own ``date:`` wins over the default range."""
    return archive().search(f"{DATED_ONLY} {q}", limit=limit, sort="date")
