"""Incremental and full reindexing on real files in tmp_path: changes, slugs, bad files, readers, crashes."""

import errno
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from archive.engine.index import FORMAT_FILE, IndexMissing, IndexOutdated, open_index
from archive.upkeep.build import build
from archive.upkeep.options import BuildOptions
from archive.upkeep.locking import lock_path
from archive.engine.records import read_records
from archive.upkeep.reindex import reindex
from archive.query.search import Archive
from tests.conftest import DATA

REINDEX_DATA = DATA / "reindex"


def article(number, title=None, words="chính quyền điện tử"):
    """Return the text of a small article with a headline, a dateline and two paragraphs."""
    title = title or f"Quận Hải Châu họp bàn số {number} về {words}"
    return (f"{title}\nThứ năm, 17/01/2019, 20:50\n"
            f"Chiều 14/1, UBND quận tổ chức hội nghị lần {number} về {words}.\n"
            f"Đoạn thứ hai của bài số {number}, nói thêm về {words} tại địa phương.\n")


def write(folder, name, text):
    """Write an article file and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def slugs(index_dir):
    """Return ``{relative path: slug}`` of every indexed article."""
    archive = Archive(index_dir)
    with open_index(archive.index_dir).searcher() as searcher:
        return {fields["path"]: fields["slug"] for fields in searcher.all_stored_fields()}


def generation(index_dir):
    """Return the index's commit generation."""
    return open_index(index_dir).latest_generation()


@pytest.fixture
def folder(tmp_path):
    """Return a source folder with three crafted articles, two of them with the same title."""
    source = tmp_path / "news"
    for name in ("a.txt", "b.txt", "c.txt"):
        write(source, name, (REINDEX_DATA / name).read_text(encoding="utf-8"))
    return source


def test_first_reindex_builds_and_an_unchanged_archive_commits_nothing(folder, index_dir):
    first = reindex([folder], index_dir)
    assert (first.full, first.indexed) == (True, 3)
    before = generation(index_dir)
    again = reindex([folder], index_dir)
    assert (again.unchanged, again.changed, again.added, again.skipped) == (3, False, [], [])
    assert generation(index_dir) == before


def test_added_updated_removed_files_are_searchable_at_once(folder, index_dir):
    reindex([folder], index_dir)
    archive = Archive(index_dir)
    assert archive.search("metro").total == 0
    write(folder, "sub/new.txt", article(1, "Thành phố khởi công tuyến metro số 2"))
    write(folder, "a.txt", (REINDEX_DATA / "a.txt").read_text(encoding="utf-8") + "Thêm đoạn về cầu Rồng.\n")
    (folder / "c.txt").unlink()
    report = reindex([folder], index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (["sub/new.txt"], ["a.txt"], ["c.txt"], 1)
    assert [hit.path for hit in archive.search("metro").hits] == ["sub/new.txt"]
    assert [hit.path for hit in archive.search("cầu Rồng").hits] == ["a.txt"]
    assert archive.count() == 3


def test_slugs_stay_while_titles_stay_and_are_never_shared(folder, index_dir):
    reindex([folder], index_dir)
    before = slugs(index_dir)
    assert sorted(before.values()) == ["da-nang-don-luong-khach-ky-luc", "da-nang-don-luong-khach-ky-luc-2",
                                       "quan-uy-thanh-khe-tong-ket-cong-tac-nam"]
    (folder / "a.txt").unlink()  # the article that owned the plain slug goes away
    write(folder, "d.txt", (REINDEX_DATA / "b.txt").read_text(encoding="utf-8") + "Một bài khác cùng tiêu đề.\n")
    reindex([folder], index_dir)
    after = slugs(index_dir)
    assert after["b.txt"] == before["b.txt"]
    assert after["c.txt"] == before["c.txt"]
    assert len(set(after.values())) == len(after)
    reindex([folder], index_dir, full=True)
    assert slugs(index_dir) == after


def test_changed_title_gets_a_new_slug_and_unchanged_title_keeps_it(folder, index_dir):
    reindex([folder], index_dir)
    before = slugs(index_dir)
    text = (REINDEX_DATA / "c.txt").read_text(encoding="utf-8")
    write(folder, "c.txt", text + "Thêm một đoạn.\n")
    write(folder, "a.txt", "Tiêu đề hoàn toàn mới của bài a\n" + text.split("\n", 1)[1])
    reindex([folder], index_dir)
    after = slugs(index_dir)
    assert after["c.txt"] == before["c.txt"]
    assert after["a.txt"] == "tieu-de-hoan-toan-moi-cua-bai-a"


def test_moved_and_renamed_files_keep_their_slug(folder, index_dir):
    reindex([folder], index_dir)
    before = slugs(index_dir)
    (folder / "2019").mkdir()
    (folder / "b.txt").rename(folder / "2019" / "b-moved.txt")
    (folder / "c.txt").rename(folder / "renamed.txt")
    report = reindex([folder], index_dir)
    assert sorted(report.moved) == [("b.txt", "2019/b-moved.txt"), ("c.txt", "renamed.txt")]
    assert (report.added, report.removed) == ([], [])
    after = slugs(index_dir)
    assert after == {"a.txt": before["a.txt"], "2019/b-moved.txt": before["b.txt"], "renamed.txt": before["c.txt"]}


def test_touched_file_is_not_reported_as_updated(folder, index_dir):
    reindex([folder], index_dir)
    later = time.time() + 100
    os.utime(folder / "a.txt", (later, later))
    report = reindex([folder], index_dir)
    assert (report.updated, report.touched, report.unchanged) == ([], 1, 2)
    assert reindex([folder], index_dir).unchanged == 3


def test_edit_within_one_mtime_tick_is_still_seen(folder, index_dir):
    path = folder / "a.txt"
    reindex([folder], index_dir)
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("200.000", "987.654"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert reindex([folder], index_dir).updated == ["a.txt"]
    assert "987.654" in Archive(index_dir).article("da-nang-don-luong-khach-ky-luc")["lead"]


def test_bad_new_file_is_skipped_with_its_reason(folder, index_dir):
    reindex([folder], index_dir)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    report = reindex([folder], index_dir)
    assert sorted((item.path, item.reason) for item in report.skipped) == [
        ("binary.txt", "binary file"), ("empty.txt", "empty file")]
    assert report.added == []


@pytest.mark.parametrize("name, text", [
    ("dateline.txt", "Thứ hai, 02/01/2020 08:15\n"),
    ("header.md", '---\ntitle: ""\nauthor: Lê Tân\ndate: 2020-01-02\n---\n'),
    ("labels.txt", "Tác giả: Lê Tân\n\n2024-02-05 08:15\n"),
])
def test_a_file_with_no_article_text_is_skipped_and_searches_still_answer(folder, index_dir, name, text):
    (folder / name).write_text(text, encoding="utf-8")
    report = reindex([folder], index_dir)
    assert [(item.path, item.reason) for item in report.skipped] == [
        (name, "holds no article text, only a date, byline or header")]
    archive = Archive(index_dir)
    assert archive.count() == 3
    # Newest first reads every matching article's stored fields.
    assert len(archive.search("", sort="date", limit=100).hits) == 3


def test_file_that_becomes_unreadable_keeps_its_article_and_is_reported(folder, index_dir):
    reindex([folder], index_dir)
    archive = Archive(index_dir)
    (folder / "c.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    for full in (False, True):
        report = reindex([folder], index_dir, full=full)
        assert [item.path for item in report.kept] == ["c.txt"]
        assert "binary file" in report.kept[0].reason
        assert [hit.path for hit in archive.search("Thanh Khê").hits] == ["c.txt"]
    write(folder, "c.txt", (REINDEX_DATA / "c.txt").read_text(encoding="utf-8"))
    assert reindex([folder], index_dir).kept == []


def test_folder_that_cannot_be_listed_keeps_its_articles(folder, index_dir, monkeypatch):
    write(folder, "sub/d.txt", article(4))
    reindex([folder], index_dir)
    real_scandir = os.scandir

    def refusing_scandir(path):
        """Refuse to list the folder "sub", as a folder without read permission does (root reads any mode)."""
        if os.path.basename(path) == "sub":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    report = reindex([folder], index_dir)
    assert report.removed == []
    assert [item.path for item in report.kept] == ["sub/d.txt"]
    for rebuilt in (reindex([folder], index_dir, full=True), build([folder], index_dir)):
        assert [(item.path, item.reason) for item in rebuilt.kept] == [
            ("sub/d.txt", "permission denied; the previously indexed article is kept")]
        assert Archive(index_dir).count() == 4
        assert [hit.path for hit in Archive(index_dir).search("họp bàn số 4").hits] == ["sub/d.txt"]


def test_index_built_by_archive_index_reindexes_incrementally(folder, index_dir):
    build([folder], index_dir)
    write(folder, "new.txt", article(9))
    report = reindex([folder], index_dir)
    assert (report.full, report.added, report.unchanged) == (False, ["new.txt"], 3)


@pytest.mark.parametrize("recorded", [None, "1", "99", "garbage"])
def test_index_of_another_format_version_is_refused_then_rebuilt(folder, index_dir, recorded):
    build([folder], index_dir)
    marker = index_dir / FORMAT_FILE
    marker.unlink() if recorded is None else marker.write_text(recorded)
    with pytest.raises(IndexOutdated, match="version of the archive: run `archive index`"):
        Archive(index_dir)
    report = reindex([folder], index_dir)
    assert (report.full, report.indexed) == (True, 3)
    assert Archive(index_dir).count() == 3
    assert reindex([folder], index_dir).full is False


def test_cli_and_api_say_an_outdated_index_needs_rebuilding(folder, index_dir, monkeypatch):
    from click.testing import CliRunner

    from archive.cli import main
    from web import create_app

    build([folder], index_dir)
    (index_dir / FORMAT_FILE).write_text("1")
    monkeypatch.setenv("ARCHIVE_INDEX_DIR", str(index_dir))
    result = CliRunner().invoke(main, ["search", "hai chau"])
    assert result.exit_code == 1 and "built by an older version of the archive: run `archive index`" in result.output
    response = create_app({"ARCHIVE_INDEX_DIR": str(index_dir)}).test_client().get("/api/search?q=hai")
    assert (response.status_code, response.get_json()["error"]) == (
        503, "The search index was built by another version of the archive: build it with `archive index`.")


def test_index_whose_contents_cannot_be_read_is_refused_with_a_message(folder, index_dir):
    build([folder], index_dir)
    for toc in index_dir.glob("_MAIN_*.toc"):
        toc.write_bytes(b"not a pickle of this archive's classes")
    with pytest.raises(IndexMissing, match="cannot be opened .*: run `archive index`"):
        Archive(index_dir)
    assert reindex([folder], index_dir).full is True
    assert Archive(index_dir).count() == 3


def test_long_lived_archive_sees_reindex_and_full_rebuild(folder, index_dir):
    reindex([folder], index_dir)
    archive = Archive(index_dir)
    assert archive.count() == 3
    write(folder, "one.txt", article(1))
    reindex([folder], index_dir)
    assert archive.count() == 4
    one = "quan-hai-chau-hop-ban-so-1-ve-chinh-quyen-dien-tu"
    assert archive.article(one)["path"] == "one.txt"
    (folder / "one.txt").unlink()
    write(folder, "two.txt", article(2, "Tuyến metro số 2 khởi công"))
    reindex([folder], index_dir, full=True)
    assert archive.count() == 4
    assert [hit.path for hit in archive.search("metro").hits] == ["two.txt"]
    assert archive.article(one) is None


def test_manifest_is_kept_in_the_index(folder, index_dir):
    reindex([folder], index_dir)
    with open_index(index_dir).searcher() as searcher:
        records = read_records(searcher)
    record = next(r for r in records.values() if r.relpath == "a.txt")
    stat = (folder / "a.txt").stat()
    assert (record.size, record.mtime_ns, len(record.sha), record.slug) == (
        stat.st_size, stat.st_mtime_ns, 40, "da-nang-don-luong-khach-ky-luc")


def test_readers_keep_answering_during_a_reindex(tmp_path, index_dir):
    source = tmp_path / "many"
    for number in range(60):
        write(source, f"{number:03}.txt", article(number))
    reindex([source], index_dir)
    archive, errors, counts, done = Archive(index_dir), [], [], threading.Event()

    def read():
        while not done.is_set():
            try:
                counts.append(archive.search("hai chau").total)
            except Exception as error:  # noqa: BLE001 - any reader failure fails the test
                errors.append(error)

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for number in range(60, 200):
            write(source, f"{number:03}.txt", article(number))
        reindex([source], index_dir, BuildOptions(commit_docs=25))
        reindex([source], index_dir, full=True)
    finally:
        done.set()
        thread.join()
    assert errors == []
    assert counts == sorted(counts)
    assert archive.search("hai chau").total == 200


# --- real processes: one writer at a time, and SIGKILL at any moment ---

def run_cli(*args, wait=True, **kwargs):
    """Run ``archive ARGS`` in a new Python process."""
    command = [sys.executable, "-c", "from archive.cli import main; main()", *map(str, args)]
    process = subprocess.Popen(command, text=True, **{"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} | kwargs)
    if wait:
        out, err = process.communicate(timeout=120)
        return process.returncode, out, err
    return process


def slow_reindex(source, index_dir, batch_size):
    """Start a reindex process that commits every ``batch_size`` documents."""
    code = ("import sys; from archive import BuildOptions, reindex; "
            f"print(reindex([sys.argv[1]], sys.argv[2], BuildOptions(commit_docs={batch_size})).summary(), flush=True)")
    return subprocess.Popen([sys.executable, "-c", code, str(source), str(index_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def big(tmp_path, index_dir):
    """Return a folder of 40 indexed articles with 400 more waiting to be indexed."""
    source = tmp_path / "big"
    for number in range(40):
        write(source, f"old/{number:03}.txt", article(number))
    reindex([source], index_dir)
    for number in range(40, 440):
        write(source, f"new/{number:03}.txt", article(number, words="cải cách hành chính " * 20))
    return source


def test_second_reindex_waits_or_reports_who_holds_the_index(big, index_dir):
    first = slow_reindex(big, index_dir, batch_size=50)
    try:
        # On a loaded machine the first process may take a while to start: wait until it holds the lock.
        deadline = time.monotonic() + 30
        while lock_path(index_dir).read_text().strip() != str(first.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        while time.monotonic() < deadline:
            code, out, err = run_cli("reindex", "--source", big, "--index", index_dir, "--wait", "0")
            if code != 0:
                break
            time.sleep(0.05)
        assert code == 1
        assert f"another reindex is running (pid {first.pid})" in err
        assert "Traceback" not in err
        code, out, err = run_cli("reindex", "--source", big, "--index", index_dir, "--wait", "60")
    finally:
        first_out, _ = first.communicate(timeout=120)
    assert first.returncode == 0
    assert "400 added" in first_out
    assert code == 0 and "0 added" in out and "440 unchanged" in out
    assert Archive(index_dir).count() == 440


def toc_generation(index_dir):
    """Return the newest generation among the index's table-of-contents files, without opening it."""
    names = [name for name in os.listdir(index_dir) if name.startswith("_MAIN_") and name.endswith(".toc")]
    return max(int(name[len("_MAIN_"):-len(".toc")]) for name in names)


@pytest.mark.parametrize("commits", [0, 1, 4])
def test_killed_reindex_leaves_a_working_index_and_the_next_one_finishes(big, index_dir, commits):
    start = toc_generation(index_dir)
    process = slow_reindex(big, index_dir, batch_size=40)
    deadline = time.monotonic() + 60
    while toc_generation(index_dir) < start + commits and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)  # while it writes batch number commits + 1
    process.communicate()
    archive = Archive(index_dir)
    count = archive.count()
    assert 40 + 40 * commits <= count < 440
    assert archive.search("hai chau").total == count
    found = slugs(index_dir)
    assert len(set(found.values())) == len(found) == count
    code, out, err = run_cli("reindex", "--source", big, "--index", index_dir)
    assert code == 0, err
    assert f"{440 - count} added" in out
    assert archive.count() == 440
    assert not (index_dir / "MAIN.tmp").exists()


@pytest.mark.parametrize("delay", [0.5, 2.0])
def test_killed_full_rebuild_keeps_the_old_index_whole(big, index_dir, delay):
    process = run_cli("reindex", "--full", "--source", big, "--index", index_dir, wait=False)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert Archive(index_dir).count() in (40, 440)
    code, out, err = run_cli("reindex", "--source", big, "--index", index_dir)
    assert code == 0, err
    assert Archive(index_dir).count() == 440


def test_killed_first_build_leaves_no_index_and_the_next_one_cleans_up(big, tmp_path):
    index_dir = tmp_path / "fresh"
    process = run_cli("reindex", "--source", big, "--index", index_dir, wait=False)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".fresh.building-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    code, out, err = run_cli("reindex", "--source", big, "--index", index_dir)
    assert code == 0, err
    assert Archive(index_dir).count() == 440
    assert list(tmp_path.glob(".fresh.building-*")) == []


def test_symlink_loop_bad_name_and_deep_folder_never_abort_a_build(folder, index_dir, deep_folder):
    (folder / "loop.txt").symlink_to("loop.txt")
    write(folder, os.fsdecode(b"tin-t\xe9.txt"), article(5))
    write(deep_folder(folder, 990), "sau.txt", article(6))
    for run in (lambda: build([folder], index_dir), lambda: reindex([folder], index_dir, full=True)):
        report = run()
        assert sorted(item.reason for item in report.skipped) == [
            "file name is not valid UTF-8", "too many levels of symbolic links"]
        assert Archive(index_dir).count() == 4


def test_sigkilled_build_leaves_no_worker_process_behind(tmp_path, index_dir):
    from tests.test_serving import children, status

    source = tmp_path / "many"
    for number in range(1200):  # enough for the build to start its worker processes
        write(source, f"{number:04}.txt", article(number, words="cải cách hành chính " * 30))
    # No pipes: a worker left behind would hold them open, and reading them would wait for it.
    process = run_cli("index", "--source", source, "--index", index_dir, wait=False,
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    helpers = []
    deadline = time.monotonic() + 60
    while len(helpers) < 3 and time.monotonic() < deadline:  # two workers and multiprocessing's resource tracker
        helpers = children(process.pid)
        time.sleep(0.05)
    assert len(helpers) >= 3, helpers
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(status(pid) and status(pid)[0] not in "ZX" for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in helpers if status(pid) and status(pid)[0] not in "ZX"]
    for pid in left:  # a failing run still cleans up after itself
        os.kill(pid, signal.SIGKILL)
    assert left == []
