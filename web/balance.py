"""Fewest-connections balancing between server processes that share one listening socket.

Processes sharing a socket take new connections as they race to accept them, and a
browser or client keeps its connection for many requests. So one process could serve
most clients while another idles: 8 keep-alive clients on 2 processes split 8-0,
7-1 or 6-2 in 6 of 30 tries, 5-3 in 14 and 4-4 in 10, and with a 5-3 split pages
took 99 ms on average from the busier process and 59 ms from the other; on 3,000
articles, bench/speed.py's 8 clients got pages at p95 57 ms with this balancing
and 72 ms without it (same throughput, about 205 a second). Each
process here posts its number of open connections on a board in shared memory, and
takes new ones only while no live sibling holds clearly fewer, as a load balancer's
"least connections" rule does.
"""

import ctypes
import multiprocessing
import time

# Seconds after which a process that has not posted (stopped, hung or gone) is ignored,
# so that it cannot keep the others from accepting.
SILENT_AFTER = 1.0
# A process may hold this share more connections than its least loaded sibling and still accept:
# nothing at the few connections of real clients, but room for a burst of hundreds (idle sockets
# opened at once) to be accepted in one turn instead of one by one.
SLACK = 1 / 8


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

    def may_accept(self, process):
        """Return whether ``process`` holds no more connections than any sibling that posted recently, give or take ``SLACK``."""
        now, mine = time.monotonic(), self._connections[process]
        return all(mine <= connections + int(connections * SLACK) or now - posted > SILENT_AFTER
                   for connections, posted in zip(self._connections, self._posted))
