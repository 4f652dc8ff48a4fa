"""Integration with browsers and feed readers: an OpenSearch description and an Atom feed per query."""

import datetime

from flask import Blueprint, make_response, render_template

from web.articles import newest_dated
from web.params import query_text

feeds = Blueprint("feeds", __name__)

FEED_ENTRIES = 20


def _xml(template, content_type, **context):
    """Return a rendered XML template with its content type."""
    response = make_response(render_template(template, **context))
    response.headers["Content-Type"] = f"{content_type}; charset=utf-8"
    return response


@feeds.get("/opensearch.xml")
def opensearch():
    """Describe the archive's search so browsers can offer it as a search engine."""
    return _xml("opensearch.xml", "application/opensearchdescription+xml")


@feeds.get("/search.atom")
def atom():
    """Return the newest articles matching ``q`` as an Atom feed, so people can follow a topic."""
    q = query_text()
    result = newest_dated(q, limit=FEED_ENTRIES)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")
    updated = result.hits[0].date if result.hits else now
    return _xml("feed.atom.xml", "application/atom+xml", q=q, result=result, updated=updated)
