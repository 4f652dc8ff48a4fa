"""The admin action: an authenticated POST that starts a reindex in the background, and its status.

Admin actions need ``ARCHIVE_ADMIN_SECRET``; there is no default, so a site
without one refuses them all (403) and nothing runs. The secret comes as
``Authorization: Bearer <secret>`` or as the ``secret`` field of the status page's
form, and is compared in constant time. One reindex runs at a time per site; across
processes the index's writer lock (``archive.upkeep.locking``) keeps it apart from
``archive reindex`` and ``archive watch``.
"""

import hmac
import threading
import time

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for

from archive.upkeep.locking import IndexBusy
from archive.ingest.reader import SourceDirError
from archive.upkeep.reindex import reindex

admin = Blueprint("admin", __name__, url_prefix="/admin")


class ReindexJob:
    """One background reindex at a time, and what the last one did."""

    def __init__(self):
        """Start idle."""
        self._lock = threading.Lock()
        self.state, self.full, self.started, self.finished = "idle", False, None, None
        self.result, self.error = None, None
        self.thread = None

    def start(self, config, full=False):
        """Start a reindex with the app's ``config`` in a thread; return False if one is running."""
        with self._lock:
            if self.state == "running":
                return False
            self.state, self.full, self.started, self.finished = "running", full, time.time(), None
            self.result = self.error = None
        settings = (config["ARCHIVE_SOURCE_DIRS"], config["ARCHIVE_INDEX_DIR"], config["ARCHIVE_MAX_FILE_BYTES"])
        self.thread = threading.Thread(target=self._run, args=(*settings, full), name="admin-reindex", daemon=True)
        self.thread.start()
        return True

    def _run(self, sources, index_dir, max_bytes, full):
        """Run the reindex and record its outcome."""
        result, error = None, None
        try:
            result = reindex(sources, index_dir, max_bytes, full=full).to_dict()
        except (IndexBusy, SourceDirError, OSError) as problem:
            error = str(problem)
        except Exception as problem:  # noqa: BLE001 - the status page reports it instead of a dead thread
            error = f"{type(problem).__name__}: {problem}"
        with self._lock:
            self.result, self.error, self.finished = result, error, time.time()
            self.state = "failed" if error else "done"

    def status(self):
        """Return the job's state as JSON-ready data."""
        with self._lock:
            return {"state": self.state, "full": self.full, "started": _iso(self.started),
                    "finished": _iso(self.finished), "result": self.result, "error": self.error}


def _iso(timestamp):
    """Return a Unix time as ISO 8601 in UTC, or None."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp)) if timestamp else None


def job():
    """Return this app's reindex job, made on first use."""
    with _JOBS_LOCK:
        return current_app.extensions.setdefault("reindex_job", ReindexJob())


_JOBS_LOCK = threading.Lock()


def configured_secret():
    """Return the admin secret, or abort with 403 when none is configured."""
    secret = current_app.config.get("ARCHIVE_ADMIN_SECRET") or ""
    if not secret:
        abort(403)
    return secret


def authorised():
    """Tell whether the request carries the admin secret, as a bearer token or a form field."""
    secret = configured_secret().encode()
    header = request.headers.get("Authorization", "")
    given = header[len("Bearer "):] if header.startswith("Bearer ") else request.form.get("secret", "")
    return hmac.compare_digest(given.encode(), secret)


@admin.get("/reindex")
def status_page():
    """Show the state of the last reindex, with the form that starts one."""
    configured_secret()
    return render_template("admin.html", status=job().status())


@admin.get("/reindex.json")
def status_json():
    """Return the state of the last reindex as JSON."""
    configured_secret()
    return jsonify(job().status())


@admin.post("/reindex")
def start_reindex():
    """Start a reindex (``full=1`` for a full rebuild) when the secret is right; 403 otherwise."""
    if not authorised():
        abort(403)
    full = request.form.get("full", request.args.get("full", "")) in ("1", "true", "on")
    started = job().start(current_app.config, full=full)
    if request.headers.get("Authorization"):
        return jsonify(job().status()), 202 if started else 409
    return redirect(url_for("admin.status_page"), code=303)
