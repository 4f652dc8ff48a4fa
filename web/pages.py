"""The HTML pages: home, results, article, and the context every template shares."""

import datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for

from archive.query.search import EXPORT_CAP
from archive.query.syntax import date_range, parse
from web import results
from web.articles import newest_dated, public_article, query_marks
from web.i18n import current_language, translate
from web.links import link, other_language_url, search_url
from web.params import query_text, search_params
from web.store import archive
from web.text import article_html

pages = Blueprint("pages", __name__)

NEWEST_SHOWN = 8
MAX_SLUG_CHARS = 200
MAX_DATE_CHARS = 10


@pages.app_context_processor
def shared_context():
    """Give every template the language, translations and link helpers.

    The texts and formats are those of the request's language, looked up once: a results page uses them some
    hundred times.
    """
    language = current_language()
    return {"lang": language.code, "t": language.text, "link": link, "format_date": language.date,
            "format_number": language.number, "export_cap": EXPORT_CAP, "other_language_url": other_language_url,
            "search_url": search_url}


@pages.get("/")
def home():
    """Show the search box, the archive's size and the newest articles."""
    return render_template("home.html", count=archive().count(), newest=newest_dated(limit=NEWEST_SHOWN).hits,
                           folders=archive().source_folders())


def typed_dates():
    """Return the ``from`` and ``to`` a person typed in the date control, trimmed and bounded in length."""
    return tuple(request.args.get(name, "").strip()[:MAX_DATE_CHARS] for name in ("from", "to"))


@pages.get("/search")
def search():
    """Show one page of results, with filter chips, facets, date controls, sorting, paging and export links."""
    params = search_params()
    if not params.q:
        return redirect(link("pages.home"))
    date_error = None
    if "from" in request.args or "to" in request.args:
        try:
            dates = date_range(*typed_dates())
        except ValueError:
            date_error = translate("date_invalid")
        else:
            return redirect(search_url(params, q=parse(params.q).with_dates(dates).text, page=1))
    result = archive().search(params.q, page=params.page, limit=params.limit, sort=params.sort)
    past_end = params.page > result.pages
    status = 400 if date_error else 404 if past_end else 200
    return render_template(
        "search.html", params=params, result=result, past_end=past_end, last_page=results.last_page(result),
        chips=results.filter_chips(params, result.parsed), clear_all=results.clear_all_url(params, result.parsed),
        facets=results.facet_groups(params, result), pagination=results.pagination(params, result),
        limits=results.limit_choices(params), sorts=results.sort_choices(params),
        exports=results.export_links(params), folders=archive().source_folders(),
        date_error=date_error, typed=typed_dates() if date_error else None,
    ), status


@pages.get("/a/<slug>")
def article(slug):
    """Show one article with its citation, its query words marked when the reader came from a search."""
    if len(slug) > MAX_SLUG_CHARS:
        abort(404)
    found = public_article(slug)
    folders = archive().source_folders()
    q = query_text()
    marks = query_marks(q)
    return render_template(
        "article.html", article=found, q=q,
        lead=article_html(found["lead"], found["markdown"], marks),
        body=article_html(found["body"], found["markdown"], marks),
        related=archive().related(slug),
        similar=archive().similar_count(slug),
        permalink=url_for("pages.article", slug=slug, _external=True),
        folders=folders,
        outlet=None if found["source"] in folders else found["source"],
        accessed=current_language().date(datetime.date.today().isoformat()),
    )


@pages.get("/a/<slug>/similar")
def similar(slug):
    """List every article of one article's near-duplicate group: the same story, filed more than once."""
    if len(slug) > MAX_SLUG_CHARS:
        abort(404)
    found = public_article(slug)
    return render_template("similar.html", article=found, members=archive().similar(slug),
                           folders=archive().source_folders())
