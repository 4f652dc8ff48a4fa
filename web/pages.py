"""The HTML pages: home, results, article, and the context every template shares."""

from flask import Blueprint, abort, redirect, render_template, request, url_for

from archive.query.model import DateRange
from archive.query.syntax import filter_clause
from web.articles import newest_dated, public_article, query_terms
from web.i18n import DEFAULT_LANG, current_lang, format_date, translate
from web.params import MAX_PAGE, SearchParams, query_text, search_params
from web.store import archive
from web.text import article_html

pages = Blueprint("pages", __name__)

NEWEST_SHOWN = 8
PAGES_AROUND = 3
MAX_SLUG_CHARS = 200


def link(endpoint, **params):
    """Return the URL of ``endpoint`` that keeps the current interface language."""
    if current_lang() != DEFAULT_LANG:
        params["lang"] = current_lang()
    return url_for(endpoint, **params)


def search_url(params, **changes):
    """Return the results URL for ``params`` with ``changes``, leaving defaults out so URLs stay short."""
    state = {"q": params.q, "sort": params.sort, "page": params.page, "limit": params.limit} | changes
    defaults = SearchParams()
    return link("pages.search", **{k: v for k, v in state.items() if k == "q" or v != getattr(defaults, k)})


def other_language_url():
    """Return the current page's URL in the other interface language."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    if current_lang() == DEFAULT_LANG:
        args["lang"] = "en"
    if not request.endpoint:
        return url_for("pages.home", **args)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


@pages.app_context_processor
def shared_context():
    """Give every template the language, translations and link helpers."""
    return {"lang": current_lang(), "t": translate, "link": link, "format_date": format_date,
            "other_language_url": other_language_url}


def toggled(query, facet, value):
    """Return ``(active, query)``: whether the facet value filters ``query`` now, and the query with it switched."""
    if facet == "year":
        dates = DateRange.year(value)
        active = query.dates == dates
        return active, query.with_dates(None if active else dates)
    clause = filter_clause(facet, value)
    active = query.has(clause)
    return active, query.without(clause) if active else query.with_clause(clause)


def facet_groups(params, result):
    """Return each facet's values as links that add its filter to the query, or remove it when it is set."""
    groups = []
    for name, values in result.facets.items():
        items = []
        for item in values:
            active, query = toggled(result.parsed, name, item["value"])
            items.append({**item, "active": active, "url": search_url(params, q=query.text, page=1)})
        if items:
            groups.append({"name": name, "items": items})
    return groups


def page_numbers(result):
    """Return the page numbers to link to around the current one."""
    last = min(result.pages, MAX_PAGE)
    return list(range(max(1, result.page - PAGES_AROUND), min(last, result.page + PAGES_AROUND) + 1))


@pages.get("/")
def home():
    """Show the search box, the archive's size and the newest articles."""
    return render_template("home.html", count=archive().count(), newest=newest_dated(limit=NEWEST_SHOWN).hits)


@pages.get("/search")
def search():
    """Show one page of results, with facets, sorting, pagination and suggestions."""
    params = search_params()
    if not params.q:
        return redirect(link("pages.home"))
    result = archive().search(params.q, page=params.page, limit=params.limit, sort=params.sort)
    return render_template("search.html", params=params, result=result, facets=facet_groups(params, result),
                           page_numbers=page_numbers(result), search_url=search_url)


@pages.get("/a/<slug>")
def article(slug):
    """Show one article, its query words marked when the reader came from a search."""
    if len(slug) > MAX_SLUG_CHARS:
        abort(404)
    found = public_article(slug)
    q = query_text()
    terms = query_terms(q)
    return render_template(
        "article.html", article=found, q=q,
        lead=article_html(found["lead"], found["markdown"], terms),
        body=article_html(found["body"], found["markdown"], terms),
        related=archive().related(slug),
    )
