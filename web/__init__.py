"""The Flask front end: an app factory, and ``serve`` for the ``archive serve`` command."""

import os
import socket
import sys
import threading
import time

from flask import Flask

from archive import settings
from web import errors, security
from web.admin import admin
from web.api import api
from web.balance import BalancedServer, ConnectionBoard
from web.feeds import feeds
from web.pages import pages
from web.store import ensure_index

# Worker threads per server process. A search is Python work that holds the interpreter's lock,
# so more threads only take turns at it: under 8 clients, 8 threads a process served 72 pages
# a second and 2 threads 92-100. Two let a short request pass a long one.
SERVER_THREADS = 2


def create_app(test_config=None):
    """Return the web app, configured from defaults, then the environment, then ``test_config``."""
    app = Flask(__name__)
    app.config.from_mapping(settings.load().as_config())
    app.config.update(MAX_CONTENT_LENGTH=16 * 1024)
    if test_config:
        app.config.update(test_config)
    # Checked once here, whatever set them; the views read the typed values.
    app.config.update(settings.load(app.config).as_config())
    app.json.ensure_ascii = False
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.json.sort_keys = False
    for blueprint in (pages, feeds, api, admin):
        app.register_blueprint(blueprint)
    errors.register(app)
    security.register(app)
    return app


def serve(host="127.0.0.1", port=8080, debug=False, processes=1):
    """Build the index if there is none, then serve the app with waitress, or Flask's reloader in debug mode.

    Searching is Python work, which one process does on one core at a time;
    ``processes`` waitress servers share the listening socket, so concurrent
    searches use every core.
    """
    # Bound before the index is built, so that a busy port is reported at once; the reloader binds its own.
    listener = None if debug else socket.create_server(
        (host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET, backlog=1024)
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
        _serve_processes(app, listener, processes)
    finally:
        if listener is not None:
            listener.close()


def _serve_processes(app, listener, processes):
    """Serve ``app`` on ``listener`` with waitress in this process and ``processes - 1`` forked copies."""
    board = ConnectionBoard(processes)
    for process in range(1, processes):
        if os.fork() == 0:
            threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()
            try:
                BalancedServer(app, listener, SERVER_THREADS, board, process).run()
            finally:
                os._exit(0)
    BalancedServer(app, listener, SERVER_THREADS, board, 0).run()


def _exit_with(parent):
    """End this serving process once ``parent``, the process that started it, has ended."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)
