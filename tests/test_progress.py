"""Progress on a terminal: a bar while indexing, closed with its line finished when the work ends."""

import os
import shutil
import signal
import subprocess
import sys

from tests.conftest import SEEDS

HIDE_CURSOR, SHOW_CURSOR = "\x1b[?25l", "\x1b[?25h"


def run_on_terminal(args, env, interrupt_after=None):
    """Run the archive command with its stderr on a pseudo-terminal; return ``(exit code, what the terminal showed)``.

    With ``interrupt_after``, Ctrl-C is sent once the terminal shows that text.
    """
    leader, follower = os.openpty()
    process = subprocess.Popen([sys.executable, "-c", "from archive.cli import main; main()", *args],
                               stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    shown = b""
    while True:
        if interrupt_after and interrupt_after.encode() in shown:
            process.send_signal(signal.SIGINT)
            interrupt_after = None
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal is closed once the process has ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    process.communicate(timeout=120)
    return process.returncode, shown.decode("utf-8", "replace")


def test_index_draws_a_bar_on_a_terminal_and_finishes_its_line(source_dir, index_dir):
    env = os.environ | {"ARCHIVE_SOURCE_DIRS": str(source_dir), "ARCHIVE_INDEX_DIR": str(index_dir)}
    code, shown = run_on_terminal(["index"], env)
    assert code == 0
    assert "Indexing" in shown and "100%" in shown
    assert shown.rfind(HIDE_CURSOR) < shown.rfind(SHOW_CURSOR)


def test_an_interrupted_build_closes_its_bar_before_saying_so(tmp_path, index_dir):
    source = tmp_path / "many"
    for copy in range(60):
        shutil.copytree(SEEDS, source / str(copy))
    env = os.environ | {"ARCHIVE_SOURCE_DIRS": str(source), "ARCHIVE_INDEX_DIR": str(index_dir)}
    code, shown = run_on_terminal(["index"], env, interrupt_after="Indexing")
    assert code != 0 and "Aborted!" in shown
    # The bar hides the cursor while it draws; a bar left open leaves the terminal without one.
    assert shown.rfind(HIDE_CURSOR) < shown.rfind(SHOW_CURSOR)
