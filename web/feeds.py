"""Integration with browsers and feed readers: an OpenSearch description and an Atom feed per query."""

import datetime

from flask import Blueprint, make_response, render_template

from web.params import query_text
from web.store import archive

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
    """Return the newest articles matching ``q`` as an Atom feed, so people can follow a topic.

    An undated article is dated when it entered the archive, and a story filed twice appears once.
    """
    q = query_text()
    entries = archive().newest(q, limit=FEED_ENTRIES)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    updated = entries[0][1] if entries else now
    return _xml("feed.atom.xml", "application/atom+xml", q=q, entries=entries,
                updated=_atom_time(updated), atom_time=_atom_time)


def _atom_time(moment):
    """Return a naive UTC datetime as an Atom date.

    >>> _atom_time(datetime.datetime(2019, 1, 17, 20, 50, 0, 123))
    '2019-01-17T20:50:00Z'
    """
    return moment.isoformat(timespec="seconds") + "Z"
