"""Bulk builds write several segments in one commit; incremental commits merge small segments only."""

import shutil

from whoosh import index as whoosh_index

from archive import segments
from archive.indexer import build
from archive.reindex import reindex
from archive.search import Archive
from tests.conftest import DATA


def segment_sizes(index_dir):
    """Return the document counts of the index's segments, in order."""
    return [segment.doc_count_all() for segment in whoosh_index.open_dir(index_dir)._segments()]


def test_bulk_build_writes_small_segments_committed_together(source_dir, index_dir, monkeypatch):
    shutil.copytree(DATA / "search", source_dir / "search")
    monkeypatch.setattr(segments, "SEGMENT_DOCS", 3)
    report = build([source_dir], index_dir, max_bytes=1_000_000)
    assert segment_sizes(index_dir) == [3, 3, 3, 3, 3, 1]
    archive = Archive(index_dir)
    assert archive.count() == report.indexed == 16
    assert archive.search("hai chau").hits[0].path == "000_3ff03f6642ae21e6.txt"
    assert {f["value"] for f in archive.search("quận").facets["place"]} >= {"Quận Hải Châu", "Quận 9"}
    build([source_dir], index_dir, max_bytes=1_000_000)
    assert segment_sizes(index_dir) == [3, 3, 3, 3, 3, 1]
    assert archive.count() == 16


def test_incremental_commits_merge_only_many_small_segments(source_dir, index_dir, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_DOCS", 1000)
    monkeypatch.setattr(segments, "SMALL_SEGMENT_DOCS", 2)
    monkeypatch.setattr(segments, "MAX_SMALL_SEGMENTS", 2)
    build([source_dir], index_dir, max_bytes=1_000_000)
    for number in range(4):
        (source_dir / f"new-{number}.txt").write_text(f"Bài mới số {number} về Hải Châu\n\nNội dung bài {number}.",
                                                       encoding="utf-8")
        reindex([source_dir], index_dir, max_bytes=1_000_000)
    assert segment_sizes(index_dir)[0] == 5
    assert len(segment_sizes(index_dir)) <= 3
    assert Archive(index_dir).count() == 9
