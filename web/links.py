"""Links between pages that keep the interface language and leave default parameters out."""

from flask import request, url_for

from web.i18n import DEFAULT_LANG, current_lang
from web.params import SearchParams


def link(endpoint, **params):
    """Return the URL of ``endpoint`` that keeps the current interface language."""
    if current_lang() != DEFAULT_LANG:
        params["lang"] = current_lang()
    return url_for(endpoint, **params)


def search_url(params, endpoint="pages.search", **changes):
    """Return the URL of ``endpoint`` for ``params`` with ``changes``, leaving defaults out so URLs stay short."""
    state = {"q": params.q, "sort": params.sort, "page": params.page, "limit": params.limit} | changes
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
