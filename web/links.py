"""Links between pages that keep the interface language and leave default parameters out."""

import dataclasses
import urllib.parse

from flask import g, request, url_for

from web.i18n import DEFAULT_LANG, current_lang
from web.params import SearchParams

# What a results page's URL holds; an export of the whole result set needs only the query and the order.
PAGE_STATE = ("q", "sort", "page", "limit")
EXPORT_STATE = ("q", "sort")
# What Werkzeug leaves unescaped in a query string, so that a search link reads as url_for would write it.
_QUERY_SAFE = "!$'()*,/:;?@"
# The value of each part of a page's state that a link leaves out.
_DEFAULTS = dataclasses.asdict(SearchParams())


def link(endpoint, **params):
    """Return the URL of ``endpoint`` that keeps the current interface language."""
    return url_for(endpoint, **_in_language(params))


def _in_language(params):
    """Return URL parameters with the interface language added, unless it is the default."""
    lang = current_lang()
    return params | {"lang": lang} if lang != DEFAULT_LANG else params


def search_url(params, endpoint="pages.search", kept=PAGE_STATE, **changes):
    """Return the URL of ``endpoint`` for the ``kept`` parts of ``params`` with ``changes``, defaults left out."""
    state = {name: getattr(params, name) for name in kept} | changes
    query = {k: v for k, v in state.items() if k == "q" or v != _DEFAULTS[k]}
    return f"{_path(endpoint)}?{urllib.parse.urlencode(_in_language(query), safe=_QUERY_SAFE)}"


def _path(endpoint):
    """Return the path of an endpoint that takes no path arguments, built once per request.

    A results page links to the search some fifty times (facets, pages, sizes, orders), and
    url_for costs about 50 µs a link; only the query string differs from link to link.
    """
    paths = g.setdefault("endpoint_paths", {})
    if endpoint not in paths:
        paths[endpoint] = url_for(endpoint)
    return paths[endpoint]


def other_language_url():
    """Return the current page's URL in the other interface language."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    if current_lang() == DEFAULT_LANG:
        args["lang"] = "en"
    if not request.endpoint:
        return url_for("pages.home", **args)
    return url_for(request.endpoint, **(request.view_args or {}), **args)
