"""archive serve with several processes: each answers searches, idle and slow clients cost nobody an answer, all end with the first."""

import contextlib
import http.client
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from archive.query.search import Archive
from tests.test_watch import TIMEOUT, free_port, wait_for
from web import server


def status(pid):
    """Return ``(state letter, parent id)`` of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state, parent = stat.read().rsplit(")", 1)[1].split()[:2]
    except OSError:
        return None
    return state, int(parent)


def children(pid):
    """Return the ids of the running processes whose parent is ``pid``."""
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()
            and (found := status(entry)) and found[1] == pid and found[0] not in "ZX"]


def served_connections(pid, port):
    """Return how many established TCP connections on local ``port`` the process ``pid`` holds."""
    sockets = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(FileNotFoundError):  # closed since it was listed
            sockets.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
    with open("/proc/net/tcp") as table:
        rows = [line.split() for line in table.readlines()[1:]]
    return sum(1 for row in rows
               if int(row[1].split(":")[1], 16) == port and row[3] == "01" and f"socket:[{row[9]}]" in sockets)


def hits(port, query, connection=None):
    """Return the paths a search finds, on a new connection unless one is given, or None when none answers."""
    try:
        if connection is None:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q={query}", timeout=5) as response:
                return [hit["path"] for hit in json.load(response)["hits"]]
        connection.request("GET", f"/api/search?q={query}")
        return [hit["path"] for hit in json.load(connection.getresponse())["hits"]]
    except OSError:
        return None


@pytest.fixture
def two_processes(source_dir, index_dir):
    """Yield ``(server, child, port)`` of a running `archive serve --processes 2`, and stop it afterwards."""
    port = free_port()
    env = os.environ | {"ARCHIVE_SOURCE_DIRS": str(source_dir), "ARCHIVE_INDEX_DIR": str(index_dir)}
    command = [sys.executable, "-c", "from archive.cli import main; main()", "serve", "--port", str(port),
               "--processes", "2"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_for(lambda: hits(port, "hai%20chau") and len(children(server.pid)) == 1)
        [child] = children(server.pid)
        # The second process answers alone while the first is stopped: it is serving, not still starting.
        server.send_signal(signal.SIGSTOP)
        wait_for(lambda: hits(port, "hai%20chau"))
        server.send_signal(signal.SIGCONT)
        yield server, child, port
    finally:
        server.send_signal(signal.SIGCONT)
        server.kill()
        server.wait(timeout=TIMEOUT)


def test_serving_builds_the_missing_index_and_answers_through_waitress(two_processes, index_dir):
    *_, port = two_processes
    assert Archive(index_dir).count() == 6  # five seeds, seed 000 two briefs
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/search?q=hai+chau", timeout=5) as response:
        assert response.headers["Server"] == "waitress"
        assert "<mark>Hải Châu</mark>" in response.read().decode()


def test_second_process_answers_while_the_first_is_stopped_and_ends_with_it(two_processes):
    server, child, port = two_processes
    server.send_signal(signal.SIGSTOP)  # only the second process can answer now
    assert hits(port, "hai%20chau")[0] == "000_3ff03f6642ae21e6.txt"
    server.send_signal(signal.SIGCONT)
    server.terminate()
    server.wait(timeout=TIMEOUT)
    wait_for(lambda: status(child) is None or status(child)[0] in "ZX")


def test_keep_alive_clients_are_shared_evenly_between_the_processes(two_processes):
    server, child, port = two_processes
    with contextlib.ExitStack() as stack:
        clients = [stack.enter_context(contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=5)))
                   for _ in range(6)]
        for client in clients:
            assert hits(port, "hai%20chau", client)[0] == "000_3ff03f6642ae21e6.txt"
        assert [served_connections(pid, port) for pid in (server.pid, child)] == [3, 3]
        for client in clients:  # each connection stays open and keeps being served
            assert hits(port, "hai%20chau", client)[0] == "000_3ff03f6642ae21e6.txt"


def test_a_stopped_process_with_fewer_clients_does_not_keep_the_other_from_taking_new_ones(two_processes):
    server, child, port = two_processes
    with contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=5)) as kept:
        assert hits(port, "hai%20chau", kept)
        holder, idle = (server.pid, child) if served_connections(server.pid, port) else (child, server.pid)
        os.kill(idle, signal.SIGSTOP)
        try:
            assert hits(port, "hai%20chau")[0] == "000_3ff03f6642ae21e6.txt"
        finally:
            os.kill(idle, signal.SIGCONT)
        assert served_connections(holder, port) == 1  # the new connection was served by the holder and closed


def test_sigkilled_server_takes_its_other_process_along(two_processes):
    server, child, port = two_processes
    server.kill()
    server.wait(timeout=TIMEOUT)
    wait_for(lambda: status(child) is None or status(child)[0] in "ZX")


def answered_within(port, seconds):
    """Return how long a search took, or None when it was not answered within ``seconds``."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/search?q=hai+chau", timeout=seconds) as response:
            assert response.status == 200 and "Hải Châu" in response.read().decode()
    except OSError:
        return None
    return time.monotonic() - started


def closed_by_server(sock):
    """Tell whether the server has closed ``sock``."""
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def test_a_thousand_idle_and_slow_sockets_leave_normal_clients_answered_and_are_closed(two_processes):
    *_, port = two_processes
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, 4096), hard), hard))
    idle, slow, stop = [], [], threading.Event()

    def trickle():
        """Send the slow sockets one more header line each second, as a slowloris client does."""
        line = 0
        while not stop.wait(1):
            line += 1
            for sock in slow:
                with contextlib.suppress(OSError):
                    sock.sendall(b"X-Slow-%d: 1\r\n" % line)

    with contextlib.ExitStack() as stack:
        for number in range(1000):
            sock = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
            if number % 2:
                sock.sendall(b"GET /search?q=hai+chau HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                slow.append(sock)
            else:
                idle.append(sock)
        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        try:
            times = [answered_within(port, 5) for _ in range(20)]
            assert None not in times and max(times) < 1, times
            deadline = time.monotonic() + server.IDLE_SECONDS + server.ARRIVAL_SECONDS + 10
            while not all(map(closed_by_server, idle + slow)) and time.monotonic() < deadline:
                time.sleep(0.5)
                assert answered_within(port, 5) < 1
        finally:
            stop.set()
            thread.join()
        assert sum(map(closed_by_server, idle)) == sum(map(closed_by_server, slow)) == 500


def test_a_300_kb_url_gets_the_sites_own_error_page(two_processes):
    *_, port = two_processes
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/search?q={'a' * 300_000}", timeout=10)
    assert refused.value.code == 400
    assert refused.value.headers["Content-Type"].startswith("text/html")
    assert "1000" in refused.value.read().decode()  # the limit the page names
