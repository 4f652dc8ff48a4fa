"""The Flask front end: an app factory, and ``serve`` for the ``archive serve`` command."""

import os
import socket
import sys

from flask import Flask

from archive import settings
from web import errors, security
from web.admin import admin
from web.api import api
from web.browse import browse
from web.export import export
from web.feeds import feeds
from web.pages import pages
from web.server import serve_processes
from web.store import ensure_index
from web.text import xml_safe


def create_app(test_config=None):
    """Return the web app, configured from defaults, then the environment, then ``test_config``."""
    app = Flask(__name__)
    given = dict(test_config or {})
    app.config.update(MAX_CONTENT_LENGTH=16 * 1024, **given)
    # Read and checked once: a value ``test_config`` gives replaces the environment's, which is then not read.
    app.config.update(settings.load(os.environ | given).as_config())
    app.json.ensure_ascii = False
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.jinja_env.finalize = xml_safe
    app.json.sort_keys = False
    for blueprint in (pages, browse, export, feeds, api, admin):
        app.register_blueprint(blueprint)
    errors.register(app)
    security.register(app)
    return app


def serve(host="127.0.0.1", port=8080, debug=False, processes=1):
    """Build the index if there is none, then serve the app with waitress, or Flask's reloader in debug mode.

    Searching is Python work, which one process does on one core at a time;
    ``processes`` waitress servers share the listening socket, so concurrent
    searches use every core (``web.server``).
    """
    # Bound before the index is built, so that a busy port is reported at once; the reloader binds its own.
    listener = None if debug else socket.create_server(
        (host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET, backlog=4096)
    try:
        app = create_app()
        report = ensure_index(app.config)
        if report:
            print(f"Indexed {report.indexed} articles into {app.config['ARCHIVE_INDEX_DIR']}.", file=sys.stderr)
        if debug:
            app.run(host=host, port=port, debug=True, use_reloader=True)
            return
        processes = max(1, processes if hasattr(os, "fork") else 1)
        print(f"Serving the archive on http://{host}:{port}/ (server processes: {processes})", file=sys.stderr)
        serve_processes(app, listener, processes)
    finally:
        if listener is not None:
            listener.close()
