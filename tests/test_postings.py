"""Posting lists read whole over every segment, and the lists kept for the terms used lately."""

import numpy

from archive.engine.postings import RecentLists
from archive.engine.spellings import FOLDED_WORDS, WORDS
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
    reindex([folder], index_dir)
    archive = Archive(index_dir)
    assert sorted(hit.path for hit in archive.search("hai chau").hits) == ["1.txt", "2.txt"]
    (folder / "1.txt").unlink()
    reindex([folder], index_dir)
    assert [hit.path for hit in archive.search("hai chau").hits] == ["2.txt"]


def test_a_word_folded_lists_every_article_holding_one_of_its_spellings_with_their_frequencies_summed(tmp_path):
    folder, index_dir = tmp_path / "news", tmp_path / "index"
    folder.mkdir()
    texts = ["Bán hàng, bạn hàng.", "Bạn hàng và bạn bè.", "Ban nhạc.", "Một bản tin, bản đồ, bàn ghế.", "Không có."]
    for number, text in enumerate(texts):
        (folder / f"{number}.txt").write_text(f"Tin số {number}\n\n{text}\n", encoding="utf-8")
    reindex([folder], index_dir)
    (folder / "2.txt").unlink()
    reindex([folder], index_dir)  # a deleted article leaves the folded list too
    lists = Archive(index_dir)._ranker()._lists
    spellings = lists.spellings(WORDS, "ban")
    assert set(spellings) == {"bán", "bạn", "ban", "bản", "bàn"}
    ids, frequencies = lists.postings(FOLDED_WORDS, "ban")
    joined = lists.spelt(WORDS, "ban", tuple(spellings))
    assert (ids.tolist(), frequencies.tolist()) == (joined[0].tolist(), joined[1].tolist())
    assert len(ids) == 3 and sorted(frequencies.tolist()) == [2.0, 2.0, 3.0]


def test_an_archive_keeps_the_lists_of_live_segments_only_however_many_commits(tmp_path):
    folder, index_dir = tmp_path / "news", tmp_path / "index"
    folder.mkdir()
    for number in range(20):
        (folder / f"{number}.txt").write_text(f"Quận Hải Châu họp lần {number}\n\nBàn về chính quyền điện tử.\n",
                                              encoding="utf-8")
    reindex([folder], index_dir)
    archive = Archive(index_dir, cache_bytes=64 * 1024 * 1024)
    archive.search("hai chau quan")
    for number in range(20, 60):  # one-file commits, each followed by a search
        (folder / f"{number}.txt").write_text(f"Quận Hải Châu họp lần {number}\n\nBàn thêm.\n", encoding="utf-8")
        reindex([folder], index_dir)
        assert archive.search("hai chau quan").total == number + 1
    opened_now = Archive(index_dir)
    opened_now.search("hai chau quan")
    # What 40 commits left is what one search on the index as it is now needs.
    assert archive.cache._lists.keys() == opened_now.cache._lists.keys()
    assert archive.cache.used == opened_now.cache.used


def test_the_cache_budget_is_a_setting(app):
    from web import create_app
    from web.store import archive

    small = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": app.config["ARCHIVE_INDEX_DIR"],
                        "ARCHIVE_CACHE_BYTES": "1MB"})
    with small.app_context():
        assert archive().cache.budget == 1024 * 1024
