"""Errors as a friendly page for people and as JSON for the API, never a traceback."""

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from archive import IndexMissing, IndexOutdated
from web.i18n import MESSAGES, current_lang

RETRY_AFTER_SECONDS = 30


def wants_json():
    """Tell whether the failed request was made to the JSON API."""
    return request.path.startswith("/api/") or request.path == "/healthz"


def _text(status, suffix):
    """Return the interface text for an error status, falling back to its class (4xx or 5xx)."""
    messages = MESSAGES[current_lang()]
    fallback = "error_400" if status < 500 else "error_500"
    return messages.get(f"error_{status}{suffix}", messages.get(f"{fallback}{suffix}", ""))


def _respond(status, message):
    """Return the error as JSON for the API, else as an HTML page."""
    if wants_json():
        response = jsonify(error=message, status=status)
    else:
        response = render_template("error.html", status=status, title=_text(status, ""),
                                   message=message or _text(status, "_text"))
    return response, status


def http_error(error):
    """Answer a 4xx or 5xx raised by a view or by routing, and 500 for any unexpected exception."""
    message = error.description if error.code == 400 else None
    if wants_json():
        message = message or error.name
    return _respond(error.code, message)


def index_missing(error):
    """Answer 503 while there is no usable index, asking the client to come back soon."""
    # Not the error's own text, which names the server's folders.
    problem = "was built by another version of the archive" if isinstance(error, IndexOutdated) else "is missing"
    message = f"The search index {problem}: build it with `archive index`." if wants_json() else None
    response, status = _respond(503, message)
    return response, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def register(app):
    """Install the error handlers on ``app``."""
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(IndexMissing, index_missing)
