"""Posting lists read whole over every segment, and the lists kept for the terms used lately."""

import numpy

from archive.engine.postings import RecentLists
from archive.upkeep.reindex import reindex
from archive.query.search import Archive


def lists(size):
    """Return a pair of arrays taking ``size`` bytes in all."""
    return numpy.zeros(size // 16, numpy.int64), numpy.zeros(size // 16, numpy.int64)


def test_recent_lists_forget_the_least_recently_used_beyond_their_budget():
    recent, loads = RecentLists(budget=2048), []
    for key in ["a", "b", "a", "c", "a", "b"]:
        recent.get(key, lambda key=key: loads.append(key) or lists(1024))
    assert loads == ["a", "b", "c", "b"]
    assert recent.used == 2048


def test_a_searcher_kept_open_stops_finding_a_deleted_article(tmp_path):
    folder, index_dir = tmp_path / "news", tmp_path / "index"
    folder.mkdir()
    for number in (1, 2):
        (folder / f"{number}.txt").write_text(f"Quận Hải Châu họp lần {number}\n\nBàn về chính quyền điện tử.\n",
                                              encoding="utf-8")
    reindex([folder], index_dir, 1_000_000)
    archive = Archive(index_dir)
    assert sorted(hit.path for hit in archive.search("hai chau").hits) == ["1.txt", "2.txt"]
    (folder / "1.txt").unlink()
    reindex([folder], index_dir, 1_000_000)
    assert [hit.path for hit in archive.search("hai chau").hits] == ["2.txt"]
