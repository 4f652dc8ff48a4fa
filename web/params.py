"""Request parameters checked before they reach the library: bad values get a 400, large ones are clamped."""

import dataclasses
import re

from flask import request
from werkzeug.exceptions import BadRequest

from archive.query.search import MAX_LIMIT, SORTS

MAX_QUERY_CHARS = 1000
MAX_PAGE = 500
# The page sizes a results page offers; the API takes any limit up to MAX_LIMIT.
LIMITS = (10, 25, 50, 100)
# Longer numbers are read as this bound, so a huge value costs nothing to parse; it is out of range anyway.
MAX_DIGITS = 12
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadParameter(BadRequest):
    """A request parameter that cannot be used, with a message for the person who sent it."""


@dataclasses.dataclass
class SearchParams:
    """The whole state of a result page, as read from the URL."""

    q: str = ""
    page: int = 1
    limit: int = 10
    sort: str = "relevance"


def _integer(name, default, low, high=None):
    """Return integer parameter ``name``; below ``low`` is an error, above ``high`` is clamped."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[+-]?\d+", raw):
        raise BadParameter(f"'{name}' must be a whole number.")
    digits = raw.lstrip("+-").lstrip("0") or "0"
    value = 10**MAX_DIGITS if len(digits) > MAX_DIGITS else int(digits)
    value = -value if raw.startswith("-") else value
    if value < low:
        raise BadParameter(f"'{name}' must be at least {low}.")
    return min(value, high) if high else value


def query_text():
    """Return the ``q`` parameter without control characters, or raise BadParameter when it is too long."""
    q = request.args.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise BadParameter(f"'q' must be at most {MAX_QUERY_CHARS} characters.")
    return " ".join(_CONTROL.sub(" ", q).split())


def search_params(default_limit=10):
    """Return the search parameters of the current request, or raise BadParameter."""
    sort = request.args.get("sort", "relevance")
    if sort not in SORTS:
        raise BadParameter(f"'sort' must be one of {', '.join(repr(name) for name in SORTS)}.")
    page = _integer("page", 1, 1)
    if page > MAX_PAGE:
        raise BadParameter(f"'page' must be at most {MAX_PAGE}.")
    return SearchParams(q=query_text(), page=page, limit=_integer("limit", default_limit, 1, MAX_LIMIT), sort=sort)
