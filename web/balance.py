"""Fewest-connections balancing between server processes that share one listening socket.

Processes sharing a socket take new connections as they race to accept them, and a
browser or client keeps its connection for many requests. So one process could serve
most clients while another idles: with 8 clients on 2 processes, one 5-3 split gave
pages of 99 ms on average from the busier process and 59 ms from the other. Each
process here posts its number of open connections on a board in shared memory, and
takes new ones only while no live sibling holds fewer, as a load balancer's "least
connections" rule does.
"""

import ctypes
import multiprocessing
import time

from waitress.adjustments import Adjustments
from waitress.server import TcpWSGIServer

# Seconds an idle process waits before it looks at the board again, so that it takes its
# turn soon after a sibling stops accepting.
LOOK_INTERVAL = 0.05
# Seconds after which a process that has not posted (stopped, hung or gone) is ignored,
# so that it cannot keep the others from accepting.
SILENT_AFTER = 1.0


class ConnectionBoard:
    """Each server process's open connections and last post time, in memory shared with forked processes."""

    def __init__(self, processes):
        """Make a blank board for ``processes`` processes, numbered from 0; create it before forking."""
        self._connections = multiprocessing.RawArray(ctypes.c_long, processes)
        self._posted = multiprocessing.RawArray(ctypes.c_double, processes)

    def post(self, process, connections):
        """Record that ``process`` holds ``connections`` open connections now."""
        self._connections[process] = connections
        self._posted[process] = time.monotonic()

    def holds_fewest(self, process):
        """Return whether no other process that posted recently holds fewer connections than ``process``."""
        now, mine = time.monotonic(), self._connections[process]
        return all(connections >= mine or now - posted > SILENT_AFTER
                   for connections, posted in zip(self._connections, self._posted))


class BalancedServer(TcpWSGIServer):
    """A waitress server on a shared listening socket that takes new connections only in its turn on ``board``."""

    def __init__(self, app, listener, threads, board, process):
        """Serve ``app`` on the listening socket ``listener`` with ``threads`` worker threads, as ``process`` on ``board``."""
        adjustments = Adjustments(sockets=[listener], threads=threads)
        adjustments.asyncore_loop_timeout = LOOK_INTERVAL  # the setting only takes whole seconds
        sockinfo = (listener.family, listener.type, listener.proto, listener.getsockname())
        super().__init__(app, map={}, _sock=listener, adj=adjustments, sockinfo=sockinfo, bind_socket=False)
        self.board, self.process = board, process

    def readable(self):
        """Return whether to accept connections now: while open to them and holding no more than any sibling."""
        open_to_more = super().readable()
        self.board.post(self.process, len(self.active_channels))
        return open_to_more and self.board.holds_fewest(self.process)
