"""Downloads of a query's whole result set, as CSV and as JSON, streamed row by row up to ``EXPORT_CAP`` hits."""

import csv
import io
import json

from flask import Blueprint, Response, stream_with_context, url_for
from markupsafe import Markup

from archive.query.search import EXPORT_CAP
from web.params import search_params
from web.store import archive

export = Blueprint("export", __name__)

COLUMNS = ("title", "date", "author", "places", "source", "path", "permalink", "snippet", "group")
# Spreadsheets run a cell that starts with one of these as a formula; article text is untrusted.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 200


def _row(hit):
    """Return the export columns of one hit: places joined, the snippet as plain text, the permalink absolute."""
    return {"title": hit.title, "date": hit.date, "author": hit.author, "places": hit.places, "source": hit.source,
            "path": hit.path, "permalink": url_for("pages.article", slug=hit.slug, _external=True),
            "snippet": Markup(hit.snippet).striptags(), "group": hit.group}


def spreadsheet_safe(value):
    """Return a CSV cell that no spreadsheet runs as a formula: a leading ``=+-@`` gets a quote before it.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("Hải Châu"), spreadsheet_safe(None)
    ("'=HYPERLINK(1)", 'Hải Châu', '')
    """
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _headers(total, extension):
    """Return the download headers: a file name, and how many hits the query has and the file holds."""
    return {"Content-Disposition": f'attachment; filename="search.{extension}"',
            "X-Result-Total": str(total), "X-Export-Rows": str(min(total, EXPORT_CAP))}


def _hits(params):
    """Return ``(total, hits)``: how many articles match, and an iterator over the hits in the requested order."""
    found = archive()
    total = found.search(params.q, limit=1, sort=params.sort).total
    return total, found.every_hit(params.q, sort=params.sort, cap=EXPORT_CAP)


@export.get("/search.csv", endpoint="csv")
def csv_export():
    """Stream every hit of ``q`` (up to the cap) as CSV with a header row, in the order of ``sort``."""
    params = search_params()
    total, hits = _hits(params)

    def rows():
        """Yield the header, then the rows in chunks, so memory stays flat however many rows there are."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        for number, hit in enumerate(hits, 1):
            row = _row(hit) | {"places": "; ".join(hit.places)}
            writer.writerow([spreadsheet_safe(row[column]) for column in COLUMNS])
            if number % ROWS_PER_CHUNK == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return Response(stream_with_context(rows()), mimetype="text/csv", headers=_headers(total, "csv"))


@export.get("/search.json", endpoint="json")
def json_export():
    """Stream every hit of ``q`` (up to the cap) as one JSON object: the query, the counts and the rows."""
    params = search_params()
    total, hits = _hits(params)
    head = {"query": params.q, "sort": params.sort, "total": total, "cap": EXPORT_CAP,
            "columns": list(COLUMNS)}

    def parts():
        """Yield the object's head, then each row, then its end."""
        yield "{" + "".join(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}, " for key, value in head.items())
        yield '"rows": ['
        for number, hit in enumerate(hits):
            yield ("," if number else "") + "\n" + json.dumps(_row(hit), ensure_ascii=False)
        yield "\n]}\n"

    return Response(stream_with_context(parts()), mimetype="application/json", headers=_headers(total, "json"))
