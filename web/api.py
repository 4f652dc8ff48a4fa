"""The JSON API: search and articles in the shapes DESIGN.md fixes, and a health check."""

from flask import Blueprint, jsonify

from archive import IndexMissing
from web.articles import public_article
from web.params import search_params
from web.store import archive

api = Blueprint("api", __name__)


@api.get("/api/search")
def search():
    """Return one page of results as JSON; an empty ``q`` lists every article, newest first."""
    params = search_params()
    result = archive().search(params.q, page=params.page, limit=params.limit, sort=params.sort)
    return jsonify(result.to_dict())


@api.get("/api/articles/<slug>")
def article(slug):
    """Return one article's fields as JSON, with its related articles."""
    found = public_article(slug)
    related = [{"slug": hit.slug, "title": hit.title, "date": hit.date} for hit in archive().related(slug)]
    return jsonify(found | {"related": related})


@api.get("/healthz")
def healthz():
    """Tell monitoring whether the index can be searched, and how many articles it holds."""
    try:
        count = archive().count()
    except IndexMissing:
        return jsonify(status="unavailable", reason="index missing"), 503
    return jsonify(status="ok", articles=count)
