"""Files of several briefs: one article each, with paths ``file#n`` that builds and reindexing keep."""

import os

from archive.engine.index import open_index
from archive.upkeep.build import build
from archive.upkeep.reindex import reindex
from archive.query.search import Archive
from tests.conftest import DATA

BRIEFS = (DATA / "briefs" / "two-briefs.txt").read_text(encoding="utf-8")
SINGLE = ("Quận Sơn Trà khởi công cầu mới\nThứ ba, 06/02/2024, 09:00\n"
          "Sáng 6-2, UBND quận Sơn Trà khởi công cầu mới qua sông Hàn, dài 450 mét, dự kiến xong sau hai năm.\n")


def stored(index_dir):
    """Return ``{path: (slug, title, author)}`` of every indexed article."""
    with open_index(index_dir).searcher() as searcher:
        return {f["path"]: (f["slug"], f["title"], f.get("author")) for f in searcher.all_stored_fields()}


def make_folder(tmp_path):
    """Return a source folder holding the two-brief file and a single article."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "briefs.txt").write_text(BRIEFS, encoding="utf-8")
    (folder / "single.txt").write_text(SINGLE, encoding="utf-8")
    return folder


def test_a_file_of_two_briefs_is_two_articles_with_their_own_bylines(tmp_path, index_dir):
    build([make_folder(tmp_path)], index_dir)
    articles = stored(index_dir)
    assert set(articles) == {"briefs.txt", "briefs.txt#2", "single.txt"}
    assert articles["briefs.txt"][1:] == ("Phường Hòa Cường Bắc ra mắt tuyến phố văn minh", "Lê Minh")
    assert articles["briefs.txt#2"][2] == "Thu Hà"
    assert articles["briefs.txt#2"][1].startswith("Chiều 5-2, Hội Chữ thập đỏ quận Hải Châu trao 300 suất quà Tết")
    archive = Archive(index_dir)
    assert [hit.path for hit in archive.search("suất quà Tết").hits] == ["briefs.txt#2"]
    assert [hit.path for hit in archive.search("tuyến phố văn minh").hits] == ["briefs.txt"]


def test_reindexing_a_split_file_keeps_both_permalinks(tmp_path, index_dir):
    folder = make_folder(tmp_path)
    reindex([folder], index_dir)
    before = stored(index_dir)
    again = reindex([folder], index_dir)
    assert (again.unchanged, again.changed) == (2, False)
    # An edit that keeps both titles keeps both slugs, in an incremental and in a full run.
    (folder / "briefs.txt").write_text(BRIEFS.replace("120 hộ dân", "125 hộ dân"), encoding="utf-8")
    report = reindex([folder], index_dir)
    assert report.updated == ["briefs.txt"]
    assert stored(index_dir) == before
    reindex([folder], index_dir, full=True)
    assert stored(index_dir) == before


def test_a_moved_file_of_briefs_keeps_both_slugs(tmp_path, index_dir):
    folder = make_folder(tmp_path)
    reindex([folder], index_dir)
    before = stored(index_dir)
    (folder / "2024").mkdir()
    os.rename(folder / "briefs.txt", folder / "2024" / "briefs.txt")
    report = reindex([folder], index_dir)
    assert (report.moved, report.added, report.removed) == ([("briefs.txt", "2024/briefs.txt")], [], [])
    after = stored(index_dir)
    assert after["2024/briefs.txt"] == before["briefs.txt"]
    assert after["2024/briefs.txt#2"] == before["briefs.txt#2"]
    assert set(after) == {"2024/briefs.txt", "2024/briefs.txt#2", "single.txt"}


def test_a_brief_that_leaves_its_file_leaves_the_index(tmp_path, index_dir):
    folder = make_folder(tmp_path)
    reindex([folder], index_dir)
    first = BRIEFS.split("Chiều 5-2")[0]
    (folder / "briefs.txt").write_text(first, encoding="utf-8")
    reindex([folder], index_dir)
    assert set(stored(index_dir)) == {"briefs.txt", "single.txt"}
    assert "briefs.txt#2" not in [hit.path for hit in Archive(index_dir).search("suất quà Tết").hits]


def test_an_unreadable_file_of_briefs_keeps_both_articles_in_a_rebuild(tmp_path, index_dir):
    folder = make_folder(tmp_path)
    build([folder], index_dir)
    (folder / "briefs.txt").write_bytes(b"\x00\x01 binary now")
    report = build([folder], index_dir)
    assert [item.path for item in report.kept] == ["briefs.txt"]
    assert set(stored(index_dir)) == {"briefs.txt", "briefs.txt#2", "single.txt"}
