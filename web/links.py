"""Links between pages that keep the interface language and leave default parameters out."""

from flask import request, url_for

from web.i18n import DEFAULT_LANG, current_lang
from web.params import SearchParams

# What a results page's URL holds; an export of the whole result set needs only the query and the order.
PAGE_STATE = ("q", "sort", "page", "limit")
EXPORT_STATE = ("q", "sort")


def link(endpoint, **params):
    """Return the URL of ``endpoint`` that keeps the current interface language."""
    if current_lang() != DEFAULT_LANG:
        params["lang"] = current_lang()
    return url_for(endpoint, **params)


def search_url(params, endpoint="pages.search", kept=PAGE_STATE, **changes):
    """Return the URL of ``endpoint`` for the ``kept`` parts of ``params`` with ``changes``, defaults left out."""
    state = {name: getattr(params, name) for name in kept} | changes
    defaults = SearchParams()
    return link(endpoint, **{k: v for k, v in state.items() if k == "q" or v != getattr(defaults, k)})


def other_language_url():
    """Return the current page's URL in the other interface language."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    if current_lang() == DEFAULT_LANG:
        args["lang"] = "en"
    if not request.endpoint:
        return url_for("pages.home", **args)
    return url_for(request.endpoint, **(request.view_args or {}), **args)
