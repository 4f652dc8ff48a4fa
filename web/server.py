"""The server of ``archive serve``: waitress in one process per core on a shared socket, holding idle and slow clients.

Waitress reads requests in its event loop and hands only complete ones to its
threads, so a socket that sends nothing, or sends its headers a byte at a time,
costs a file descriptor and a little memory, never a thread. Gunicorn's threaded
worker, measured on the same machine, gives each new connection a thread until
its request has arrived (five seconds for one that sends nothing, without end
for one that trickles headers): 1,000 such sockets kept every normal request
from being answered within 10 s. What waitress lacks is a bound on how long a
request may take to arrive; ``ArchiveServer`` adds one, so slow clients are
closed as idle ones are, and the connection limit holds thousands of sockets.

The processes share new connections by the fewest-connections rule of
``web.balance``. This relies on waitress 3.0.2 (pinned in setup.cfg): its
server's ``readable`` and ``maintenance`` passes, ``active_channels``, and its
channels' ``request`` (the request being received) and ``requests`` (those
received and not yet answered); tests/test_serving.py runs against it.
"""

import os

from waitress.adjustments import Adjustments
from waitress.server import TcpWSGIServer

from archive.upkeep.lifeline import die_with
from web.balance import ConnectionBoard

try:
    import resource
except ImportError:  # Windows: no descriptor limit to raise
    resource = None

# Worker threads per server process. A search is Python work that holds the interpreter's lock,
# so more threads only take turns at it: under 8 clients, 8 threads a process served 72 pages
# a second and 2 threads 92-100. Two let a short request pass a long one.
THREADS = 2
# Open connections per process, idle and slow ones included; the operating system's backlog holds the rest.
CONNECTIONS = 4096
# Seconds a connection may stay silent between requests, and a request may take to arrive whole.
IDLE_SECONDS = 15
ARRIVAL_SECONDS = 10
# Seconds between two looks for connections to close.
LOOK_SECONDS = 1
# Bytes of request line and headers: a long URL reaches the app, which answers it with a page.
HEADER_BYTES = 1024 * 1024
# Seconds a process that may not take new connections waits before it looks at the board again.
LOOK_INTERVAL = 0.01


class ArchiveServer(TcpWSGIServer):
    """A waitress server on a listening socket it shares as ``process`` on ``board``; closes slow requests."""

    def __init__(self, app, listener, board, process):
        """Serve ``app`` on ``listener``, a bound and listening socket."""
        adjustments = Adjustments(
            sockets=[listener], threads=THREADS, connection_limit=CONNECTIONS, channel_timeout=IDLE_SECONDS,
            cleanup_interval=LOOK_SECONDS, max_request_header_size=HEADER_BYTES,
            asyncore_use_poll=True,  # select() cannot watch descriptors numbered above 1023
        )
        sockinfo = (listener.family, listener.type, listener.proto, listener.getsockname())
        adjustments.asyncore_loop_timeout = LOOK_INTERVAL  # the setting only takes whole seconds
        super().__init__(app, map={}, _sock=listener, adj=adjustments, sockinfo=sockinfo, bind_socket=False)
        self.board, self.process = board, process
        self._arriving = {}  # channel -> (the request it is receiving, when that was first seen)

    def readable(self):
        """Return whether to accept connections now: while open to them and in this process's turn on the board."""
        open_to_more = super().readable()
        self.board.post(self.process, len(self.active_channels))
        return open_to_more and self.board.may_accept(self.process)

    def maintenance(self, now):
        """Close the channels idle too long, as waitress does, and those whose request is arriving too slowly."""
        super().maintenance(now)
        arriving = {}
        for channel in self.active_channels.values():
            if channel.request is None or channel.requests:
                continue  # waiting between requests (the idle timeout's part), or being answered
            request, since = self._arriving.get(channel, (None, now))
            since = since if request is channel.request else now
            if now - since > ARRIVAL_SECONDS:
                channel.will_close = True
            arriving[channel] = (channel.request, since)
        self._arriving = arriving


def serve_processes(app, listener, processes):
    """Serve ``app`` on ``listener`` in this process and ``processes - 1`` forked copies, which end with it."""
    _raise_descriptor_limit()
    board, parent = ConnectionBoard(processes), os.getpid()
    for process in range(1, processes):
        if os.fork() == 0:
            try:
                die_with(parent)
                ArchiveServer(app, listener, board, process).run()
            finally:
                os._exit(0)
    ArchiveServer(app, listener, board, 0).run()


def _raise_descriptor_limit():
    """Let this process open a descriptor per connection it may hold, on top of the index's files, if the system allows."""
    if resource is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = CONNECTIONS + 1024  # each searcher maps about ten files per segment
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))

