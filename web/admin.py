"""The admin action: an authenticated POST that starts a reindex in the background, and its status.

Admin actions and the status need ``ARCHIVE_ADMIN_SECRET``; there is no default,
so a site without one refuses them all (403) and nothing runs. The secret comes as
``Authorization: Bearer <secret>``, as the password of HTTP Basic authentication
(which browsers ask for when the status page answers 401), or as the ``secret``
field of the status page's form, and is compared in constant time. After
``FREE_GUESSES`` wrong secrets from one address, that address is refused (429)
for a lockout that doubles with each further wrong one, right secret or not.
One reindex runs at a time per site; across processes the index's writer lock
(``archive.upkeep.locking``) keeps it apart from ``archive reindex`` and ``archive watch``.
"""

import base64
import binascii
import collections
import hmac
import threading
import time

from flask import Blueprint, abort, current_app, jsonify, make_response, redirect, render_template, request, url_for
from werkzeug.exceptions import TooManyRequests, Unauthorized

from archive.upkeep.failures import IndexWriteError
from archive.upkeep.locking import IndexBusy
from archive.upkeep.options import BuildOptions
from archive.ingest.reader import SourceDirError
from archive.upkeep.reindex import reindex
from web.errors import http_error

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
        options = BuildOptions(max_bytes=config["ARCHIVE_MAX_FILE_BYTES"])
        task = (config["ARCHIVE_SOURCE_DIRS"], config["ARCHIVE_INDEX_DIR"], options, full)
        self.thread = threading.Thread(target=self._run, args=task, name="admin-reindex", daemon=True)
        self.thread.start()
        return True

    def _run(self, sources, index_dir, options, full):
        """Run the reindex and record its outcome."""
        result, error = None, None
        try:
            result = reindex(sources, index_dir, options, full=full).to_dict()
        except (IndexBusy, IndexWriteError, SourceDirError, OSError) as problem:
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


FREE_GUESSES = 5
LOCKOUT_SECONDS = 30
MAX_LOCKOUT_SECONDS = 3600
REMEMBERED_ADDRESSES = 10_000


class Guesses:
    """Wrong secrets per client address, and until when each address is locked out."""

    def __init__(self):
        """Remember no address yet."""
        self._lock = threading.Lock()
        self._wrong = collections.OrderedDict()  # address -> (wrong guesses, locked until)

    def locked_for(self, address):
        """Return the seconds ``address`` stays locked out, or 0."""
        with self._lock:
            return max(0.0, self._wrong.get(address, (0, 0.0))[1] - time.monotonic())

    def record(self, address, right):
        """Count one guess from ``address``: a right one forgets its wrong ones, a wrong one may lock it out."""
        with self._lock:
            if right:
                self._wrong.pop(address, None)
                return
            wrong = self._wrong.pop(address, (0, 0.0))[0] + 1
            lockout = 0.0 if wrong < FREE_GUESSES else min(MAX_LOCKOUT_SECONDS,
                                                            LOCKOUT_SECONDS * 2 ** (wrong - FREE_GUESSES))
            self._wrong[address] = (wrong, time.monotonic() + lockout)
            while len(self._wrong) > REMEMBERED_ADDRESSES:  # a flood of addresses cannot fill the memory
                self._wrong.popitem(last=False)


def guesses():
    """Return this app's record of wrong secrets, made on first use."""
    with _JOBS_LOCK:
        return current_app.extensions.setdefault("admin_guesses", Guesses())


def configured_secret():
    """Return the admin secret, or abort with 403 when none is configured."""
    secret = current_app.config.get("ARCHIVE_ADMIN_SECRET") or ""
    if not secret:
        abort(403)
    return secret


def _given_secret():
    """Return the secret the request carries: a bearer token, a Basic password or the form field; else None."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme == "Bearer":
        return credentials
    if scheme == "Basic":
        try:
            return base64.b64decode(credentials, validate=True).decode().partition(":")[2]
        except (binascii.Error, UnicodeDecodeError):
            return ""
    return request.form.get("secret") if request.method == "POST" else None


def refusal():
    """Return the response refusing a request without the admin secret, or None when it carries it.

    403 when no secret is configured, 429 while the address is locked out, and
    401, which makes a browser ask for the secret as a password, when it is missing or wrong.
    """
    secret = configured_secret().encode()
    address = request.remote_addr or ""
    locked = guesses().locked_for(address)
    if locked:
        return _refused(TooManyRequests(), {"Retry-After": str(int(locked) + 1)})
    given = _given_secret()
    right = given is not None and hmac.compare_digest(given.encode(), secret)
    if given is not None:
        guesses().record(address, right)
    return None if right else _refused(Unauthorized(), {"WWW-Authenticate": 'Basic realm="archive admin", charset="UTF-8"'})


def _refused(error, headers):
    """Return the error page (or JSON) of ``error`` with ``headers`` added."""
    response = make_response(http_error(error))
    response.headers.update(headers)
    return response


@admin.get("/reindex")
def status_page():
    """Show the state of the last reindex, with the form that starts one."""
    return refusal() or render_template("admin.html", status=job().status())


@admin.get("/reindex.json")
def status_json():
    """Return the state of the last reindex as JSON."""
    return refusal() or jsonify(job().status())


@admin.post("/reindex")
def start_reindex():
    """Start a reindex (``full=1`` for a full rebuild) when the secret is right."""
    refused = refusal()
    if refused:
        return refused
    full = request.form.get("full", request.args.get("full", "")) in ("1", "true", "on")
    started = job().start(current_app.config, full=full)
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return jsonify(job().status()), 202 if started else 409
    return redirect(url_for("admin.status_page"), code=303)
