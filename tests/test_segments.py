"""Bulk builds write several segments in one commit; incremental commits merge small segments only."""

import shutil

from whoosh import index as whoosh_index

from archive.engine import segments
from archive.engine.codec import ArchiveCodec
from archive.engine.schema import build_schema
from archive.upkeep.build import build
from archive.upkeep.options import BuildOptions
from archive.upkeep.reindex import reindex
from archive.query.search import Archive
from tests.conftest import DATA
from tests.test_codec import walk


def segment_sizes(index_dir):
    """Return the document counts of the index's segments, in order."""
    return [segment.doc_count_all() for segment in whoosh_index.open_dir(index_dir)._segments()]


def test_bulk_build_writes_small_segments_committed_together(source_dir, index_dir):
    shutil.copytree(DATA / "search", source_dir / "search")
    options = BuildOptions(segment_docs=3)
    report = build([source_dir], index_dir, options)
    # 16 files, 17 articles: seed 000 holds two briefs.
    assert segment_sizes(index_dir) == [3, 3, 3, 3, 3, 2]
    archive = Archive(index_dir)
    assert archive.count() == report.indexed == 17
    assert archive.search("hai chau").hits[0].path.startswith("000_3ff03f6642ae21e6.txt")
    assert {f["value"] for f in archive.search("quận").facets["place"]} >= {"Quận Hải Châu", "Quận 9"}
    build([source_dir], index_dir, options)
    assert segment_sizes(index_dir) == [3, 3, 3, 3, 3, 2]
    assert archive.count() == 17


def test_incremental_commits_merge_only_many_small_segments(source_dir, index_dir, monkeypatch):
    monkeypatch.setattr(segments, "SMALL_SEGMENT_DOCS", 2)
    monkeypatch.setattr(segments, "MAX_SMALL_SEGMENTS", 2)
    build([source_dir], index_dir)
    for number in range(4):
        (source_dir / f"new-{number}.txt").write_text(f"Bài mới số {number} về Hải Châu\n\nNội dung bài {number}.",
                                                       encoding="utf-8")
        reindex([source_dir], index_dir)
    # The five seeds hold six articles (seed 000 two briefs), then four new ones.
    assert segment_sizes(index_dir)[0] == 6
    assert len(segment_sizes(index_dir)) <= 3
    assert Archive(index_dir).count() == 10


def test_bulk_segments_file_term_lists_as_whoosh_own_writer_does(tmp_path):
    documents = [
        {"key": "a", "content_words": ["hai", "chau", "hai", "ở"], "content_pairs": ["hai_chau", "chau_hai"],
         "title_folded": "Hải Châu"},
        {"key": "b", "content_words": ["quan", "9"], "title_folded": "Quận 9"},
        {"key": "c", "content_words": ["hai", "chau", "quan", "hai", "hai"], "content_pairs": ["hai_chau"]},
    ]
    indexes = {}
    for name in ("bulk", "whoosh"):
        (tmp_path / name).mkdir()
        indexes[name] = whoosh_index.create_in(tmp_path / name, build_schema())
    bulk = segments.BulkWriter(indexes["bulk"], build_schema(), make_fields=dict, segment_docs=10)
    whoosh = indexes["whoosh"].writer(codec=ArchiveCodec(), compound=False)
    for fields in documents:
        bulk.add(fields)
        whoosh.add_document(**fields)
    bulk.commit()
    whoosh.commit()
    read = {}
    for name, ix in indexes.items():
        with ix.searcher() as searcher:
            reader = searcher.reader()
            read[name] = {field: ({term: walk(searcher.postings(field, term)) for term in reader.lexicon(field)},
                                  [reader.doc_field_length(docnum, field) for docnum in range(3)],
                                  reader.field_length(field), [searcher.frequency(field, term)
                                                               for term in reader.lexicon(field)])
                          for field in ("content_words", "content_pairs", "title_folded")}
    assert read["bulk"] == read["whoosh"]
    assert read["bulk"]["content_words"][0][b"hai"] == [(0, 2), (2, 3)]
    assert read["bulk"]["content_words"][1] == [4, 2, 5]


def index_bytes(index_dir):
    """Return the bytes the index's files take."""
    return sum(path.stat().st_size for path in index_dir.iterdir() if path.is_file())


def churn_article(number):
    """Return a small article of its own words, so that each one adds terms to the index."""
    return (f"Phường {number} tổ chức hội nghị số {number}\nThứ năm, 17/01/2019, 20:50\n"
            f"Chiều 14/1, phường {number} bàn về đề án {number * 7} và dự án {number * 13}.\n"
            + "Đoạn hai nói về chính quyền điện tử và cải cách hành chính tại địa phương. " * 5 + "\n")


def test_churn_gives_the_space_of_deleted_articles_back(tmp_path):
    source, index_dir, fresh = tmp_path / "source", tmp_path / "index", tmp_path / "fresh"
    source.mkdir()
    for number in range(300):
        (source / f"{number:04}.txt").write_text(churn_article(number), encoding="utf-8")
    build([source], index_dir)
    for cycle in range(3):  # each cycle adds 100 articles and removes the 100 oldest
        for number in range(300 + 100 * cycle, 400 + 100 * cycle):
            (source / f"{number:04}.txt").write_text(churn_article(number), encoding="utf-8")
        for number in range(100 * cycle, 100 * cycle + 100):
            (source / f"{number:04}.txt").unlink()
        report = reindex([source], index_dir)
        assert (len(report.added), len(report.removed)) == (100, 100)
    build([source], fresh)
    live = whoosh_index.open_dir(index_dir)._segments()
    assert all(segment.deleted_count() <= segments.MAX_DELETED_SHARE * segment.doc_count_all() for segment in live)
    assert index_bytes(index_dir) <= 1.2 * index_bytes(fresh)
    assert Archive(index_dir).count() == 300
    assert Archive(index_dir).search("phường 350").hits[0].path == "0350.txt"


def test_fully_deleted_segment_is_dropped_and_a_kept_one_left_alone(tmp_path):
    source, index_dir = tmp_path / "source", tmp_path / "index"
    for folder, count in (("old", 50), ("kept", 50)):
        (source / folder).mkdir(parents=True)
        for number in range(count):
            (source / folder / f"{number:03}.txt").write_text(churn_article(number + len(folder) * 100), encoding="utf-8")
        reindex([source], index_dir)  # one segment per folder
    before = {segment.segment_id() for segment in whoosh_index.open_dir(index_dir)._segments()}
    shutil.rmtree(source / "old")
    reindex([source], index_dir)
    after = whoosh_index.open_dir(index_dir)._segments()
    assert [(segment.doc_count_all(), segment.deleted_count()) for segment in after] == [(50, 0)]
    assert after[0].segment_id() in before
