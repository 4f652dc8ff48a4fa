"""archive watch: a real process notices new, changed and deleted files, batches bursts, and stops cleanly."""

import signal
import subprocess
import sys
import threading
import time

from archive.engine.index import open_index
from archive.query.search import Archive
from archive.upkeep.options import BuildOptions
from archive.upkeep.watch import Watcher, snapshot

TIMEOUT = 30


def article(title):
    """Return the text of a small article titled ``title``."""
    return f"{title}\nThứ năm, 17/01/2019, 20:50\nChiều 14/1, {title.lower()} được bàn tại hội nghị.\nĐoạn hai.\n"


def wait_for(condition, timeout=TIMEOUT):
    """Wait until ``condition()`` is true, or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def paths(index_dir):
    """Return the relative paths of every indexed article, or an empty set while there is no index."""
    try:
        archive = Archive(index_dir)
    except Exception:  # noqa: BLE001 - no index yet
        return set()
    with open_index(archive.index_dir).searcher() as searcher:
        return {fields["path"] for fields in searcher.all_stored_fields()}


def test_watch_process_follows_changes_and_stops_on_sigterm(source_dir, index_dir):
    command = [sys.executable, "-c", "from archive.cli import main; main()", "watch", "--source", str(source_dir),
               "--index", str(index_dir), "--interval", "0.2", "--quiet-period", "0.3"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: len(paths(index_dir)) == 6)  # five seeds, six articles: seed 000 holds two briefs
        for number in range(20):  # a burst: one reindex for all of it, or a few, never twenty
            (source_dir / f"burst-{number:02}.txt").write_text(article(f"Tin nhanh số {number} về Hải Châu"), encoding="utf-8")
        wait_for(lambda: len(paths(index_dir)) == 26)
        (source_dir / "burst-00.txt").unlink()
        wait_for(lambda: "burst-00.txt" not in paths(index_dir))
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0
    assert "Stopped watching." in err
    assert "Traceback" not in err
    assert out.count("added burst-") == 20
    assert out.count("reindexed in") <= 5
    assert "removed burst-00.txt" in out


def test_watcher_thread_reindexes_a_changed_file_and_stops_when_told(source_dir, index_dir):
    reports, stop = [], threading.Event()
    watcher = Watcher([source_dir], index_dir, BuildOptions(), interval=0.1, quiet=0.1, on_report=reports.append,
                      stop=stop)
    thread = watcher.start()
    try:
        wait_for(lambda: reports)
        changed = sorted(source_dir.iterdir())[0]
        changed.write_text(article("Bài đã sửa về cầu Rồng"), encoding="utf-8")
        wait_for(lambda: any(report.updated for report in reports))
    finally:
        stop.set()
        thread.join(timeout=TIMEOUT)
    assert not thread.is_alive()
    assert [report.updated for report in reports if report.updated] == [[changed.name]]


def test_watcher_survives_a_failed_reindex_and_indexes_once_it_can(source_dir, tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the index's folder should be", encoding="utf-8")
    index_dir = blocker / "index"
    reports, errors, stop = [], [], threading.Event()
    watcher = Watcher([source_dir], index_dir, BuildOptions(), interval=0.1, quiet=0.1, on_report=reports.append,
                      on_error=errors.append, stop=stop)
    thread = watcher.start()
    try:
        wait_for(lambda: len(errors) >= 2)  # tried, failed, and tried again
        assert thread.is_alive()
        assert errors[0] == (f"cannot write the index in {index_dir}: file exists. "
                             "The index is as of its last commit; run again.")
        blocker.unlink()
        wait_for(lambda: reports)
    finally:
        stop.set()
        thread.join(timeout=TIMEOUT)
    assert reports[0].full and reports[0].indexed == 6  # seed 000 is two briefs


def test_snapshot_sees_size_and_mtime(source_dir):
    before = snapshot([source_dir])
    assert len(before) == 5
    (source_dir / "new.md").write_text("# Tiêu đề\n\nNội dung.\n", encoding="utf-8")
    assert len(snapshot([source_dir])) == 6


def free_port():
    """Return a TCP port that is free on localhost right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_with_watch_answers_new_files_without_restart(source_dir, index_dir):
    import json
    import os
    import urllib.request

    port = free_port()
    env = os.environ | {"ARCHIVE_SOURCE_DIRS": str(source_dir), "ARCHIVE_INDEX_DIR": str(index_dir)}
    command = [sys.executable, "-c", "from archive.cli import main; main()", "serve", "--port", str(port), "--watch"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def found(query):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q={query}", timeout=5) as response:
                return [hit["path"] for hit in json.load(response)["hits"]]
        except OSError:
            return []

    try:
        wait_for(lambda: found("quan") != [])
        (source_dir / "cau-rong.txt").write_text(article("Khánh thành cầu Rồng bắc qua sông Hàn"), encoding="utf-8")
        wait_for(lambda: "cau-rong.txt" in found("song%20han"))
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=TIMEOUT)
