"""archive serve with several processes: each answers searches, and all end with the first."""

import json
import os
import signal
import subprocess
import sys
import urllib.request

from tests.test_watch import TIMEOUT, free_port, wait_for


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


def test_second_process_answers_while_the_first_is_stopped_and_ends_with_it(source_dir, index_dir):
    port = free_port()
    env = os.environ | {"ARCHIVE_SOURCE_DIRS": str(source_dir), "ARCHIVE_INDEX_DIR": str(index_dir)}
    command = [sys.executable, "-c", "from archive.cli import main; main()", "serve", "--port", str(port),
               "--processes", "2"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    def hits(query):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q={query}", timeout=5) as response:
                return [hit["path"] for hit in json.load(response)["hits"]]
        except OSError:
            return None

    try:
        wait_for(lambda: hits("hai%20chau") and len(children(server.pid)) == 1)
        [child] = children(server.pid)
        server.send_signal(signal.SIGSTOP)  # only the second process can answer now
        assert hits("hai%20chau")[0] == "000_3ff03f6642ae21e6.txt"
        server.send_signal(signal.SIGCONT)
        server.terminate()
        server.wait(timeout=TIMEOUT)
        wait_for(lambda: status(child) is None or status(child)[0] in "ZX")
    finally:
        server.kill()
        server.wait(timeout=TIMEOUT)
