"""Articles as the web shows them: public fields only, and the query terms to mark in them."""

from flask import abort

from archive.query.model import DateRange
from archive.query.syntax import parse
from web.store import archive

# Newest lists and feeds show when each entry was published, so they hold dated articles only.
DATED = DateRange(start="1000")


def public_article(slug):
    """Return the article with ``slug`` as JSON-ready data, or abort with 404."""
    article = archive().article(slug)
    if article is None:
        abort(404)
    return article


def query_marks(q):
    """Return the words of query ``q`` to mark, as the search marks them in snippets."""
    return archive().marks(parse(q)) if q else {}


def newest_dated(q="", limit=10):
    """Return the newest dated articles matching ``q``; the query's own ``date:`` wins over the default range."""
    query = parse(q)
    return archive().search(query if query.dates else query.with_dates(DATED), limit=limit, sort="date")
