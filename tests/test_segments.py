"""Bulk builds write several segments in one commit; segments are merged by size tiers, every posting kept."""

import json
import math
import shutil

import pytest
from whoosh import index as whoosh_index

from archive.engine import merging, segments
from archive.engine.codec import ArchiveCodec
from archive.engine.schema import RECORD_FIELD, build_schema
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
    # 16 files, 17 articles (seed 000 holds two briefs) in six segments, merged into one: the build had no workers.
    assert segment_sizes(index_dir) == [17]
    archive = Archive(index_dir)
    assert archive.count() == report.indexed == 17
    assert archive.search("hai chau").hits[0].path.startswith("000_3ff03f6642ae21e6.txt")
    assert {f["value"] for f in archive.search("quận").facets["place"]} >= {"Quận Hải Châu", "Quận 9"}
    build([source_dir], index_dir, options)
    assert segment_sizes(index_dir) == [17]
    assert archive.count() == 17


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
    assert all(segment.deleted_count() <= merging.MAX_DELETED_SHARE * segment.doc_count_all() for segment in live)
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


@pytest.mark.parametrize(("sizes", "budget", "groups"), [
    # (live, all) articles per segment; tier 0 holds segments under 4,000 live articles.
    ([(10, 10)] * 3, math.inf, []),
    ([(10, 10)] * 4, math.inf, [[0, 1, 2, 3]]),
    ([(10, 10), (12, 12), (11, 11), (9000, 9000), (13, 13)], math.inf, [[0, 1, 2, 4]]),
    # The four smallest of a tier; the merge's result joins the next tier and, filling it, is taken in there.
    ([(5000, 5000)] * 3 + [(1000, 1000)] * 4, math.inf, [[0, 1, 2, 3, 4, 5, 6]]),
    ([(5000, 5000)] * 3 + [(900, 900)] * 4, math.inf, [[3, 4, 5, 6]]),
    ([(2_000_000, 2_000_000)] + [(100, 100)] * 5, math.inf, [[1, 2, 3, 4]]),
    # Too big a merge for the budget waits; deleted articles count against a segment, and past a fifth it is rewritten.
    ([(10, 10)] * 4, 39, []),
    ([(70, 100), (10, 10)], math.inf, [[0]]),
    ([(80, 100), (10, 10)], math.inf, []),
    ([(70_000, 100_000)], 5000, []),
    # A segment with no live article left is dropped by the caller, never merged.
    ([(0, 50)] + [(10, 10)] * 3, math.inf, []),
])
def test_plan_merges_by_tiers(sizes, budget, groups):
    assert merging.Tiers().plan(sizes, budget) == groups


def index_contents(index_dir):
    """Return what the index holds, by article key: stored fields, field lengths, columns, and every posting."""
    with whoosh_index.open_dir(index_dir).searcher() as searcher:
        reader = searcher.reader()
        keys = {docnum: fields["key"] for docnum, fields in reader.iter_docs()}
        schema = reader.schema
        stored = {keys[docnum]: fields for docnum, fields in reader.iter_docs()}
        lengths = {keys[docnum]: {name: reader.doc_field_length(docnum, name) for name in schema.scorable_names()}
                   for docnum in keys}
        columns = {name: {keys[docnum]: reader.column_reader(name)[docnum] for docnum in keys}
                   for name in schema.names() if schema[name].column_type and reader.has_column(name)}
        # A manifest record says when its file was read, which differs from one build to the next.
        columns[RECORD_FIELD] = {key: {**json.loads(record), "seen_ns": None} for key, record in columns[RECORD_FIELD].items()}
        postings = {}
        for name in sorted(set(reader.indexed_field_names()) & set(schema.names())):
            for term in reader.lexicon(name):
                matcher = searcher.postings(name, term)
                found = []
                while matcher.is_active():
                    found.append((keys[matcher.id()], matcher.weight(), matcher.value()))
                    matcher.next()
                postings[name, term] = sorted(found)
    return stored, lengths, columns, postings


@pytest.mark.parametrize("parallel", [False, True])
def test_merged_segments_hold_what_one_segment_built_at_once_holds(source_dir, tmp_path, parallel):
    shutil.copytree(DATA / "search", source_dir / "search")
    build([source_dir], tmp_path / "one")
    assert segment_sizes(tmp_path / "one") == [17]
    # Segments of three articles, written by the worker process when parallel, then merged into one, each field
    # written a few postings at a time, as a large merge writes it; later reindexes merge by tiers of two.
    options = BuildOptions(segment_docs=3, parallel_from=0 if parallel else 1000, workers=1,
                           tiers=merging.Tiers(factor=2, run_bytes=40))
    build([source_dir], tmp_path / "merged", options)
    assert segment_sizes(tmp_path / "merged") == [17]
    assert index_contents(tmp_path / "merged") == index_contents(tmp_path / "one")
    # Merges after deletions: the deleted articles leave no posting, length or column value behind.
    for path in sorted((source_dir / "search").iterdir())[:5]:
        path.unlink()
    (source_dir / "search" / "new.txt").write_text(churn_article(7), encoding="utf-8")
    reindex([source_dir], tmp_path / "merged", options)
    assert len(segment_sizes(tmp_path / "merged")) == 1
    build([source_dir], tmp_path / "fresh")
    assert index_contents(tmp_path / "merged") == index_contents(tmp_path / "fresh")


def test_segment_count_stays_within_the_tier_bound_over_many_reindexes(tmp_path):
    tiers = merging.Tiers(base=2, factor=3)
    source, index_dir, added = tmp_path / "source", tmp_path / "index", 0
    source.mkdir()
    for run, batch in enumerate([1, 5, 2, 9, 1, 1, 3, 14, 2, 1, 6, 1, 1, 1, 20, 2, 4, 1, 8, 3]):
        for number in range(added, added + batch):
            (source / f"{number:04}.txt").write_text(churn_article(number), encoding="utf-8")
        added += batch
        reindex([source], index_dir, BuildOptions(tiers=tiers))
        assert len(segment_sizes(index_dir)) <= tiers.bound(added), run
    assert len(segment_sizes(index_dir)) < 20
    archive = Archive(index_dir)
    assert archive.count() == added == 86
    for number in range(0, added, 7):
        assert archive.search(f"phường {number}").hits[0].path == f"{number:04}.txt"


def test_a_small_reindex_leaves_large_merges_to_a_large_one(tmp_path):
    # Tier 1 holds segments of 8 to 31 articles; a commit of 10 articles or more may merge 3 times as many,
    # a smaller one 10.
    options = BuildOptions(tiers=merging.Tiers(base=2, large_commit=10, ratio=3, floor=10))
    source, index_dir, added = tmp_path / "source", tmp_path / "index", 0

    def add(count):
        """Write ``count`` new articles and reindex; return the ids of the index's segments."""
        nonlocal added
        for number in range(added, added + count):
            (source / f"{number:04}.txt").write_text(churn_article(number), encoding="utf-8")
        added += count
        reindex([source], index_dir, options)
        return {segment.segment_id() for segment in whoosh_index.open_dir(index_dir)._segments()}

    source.mkdir()
    large = set().union(*(add(15) for _ in range(4)))  # the fourth fills tier 1, but 60 > 3 x 15 articles
    assert len(large) == 4
    for _ in range(6):
        current = add(1)
        assert large <= current
    assert len(current) == 4 + 3  # the four small ones first added were merged
    current = add(20)  # 3 x 20 articles: the four smallest of tier 1 are merged now
    assert not large & current
    assert len(current) == 1 + 1 + 3
    assert Archive(index_dir).count() == added == 86


def test_the_last_commit_of_a_long_run_may_merge_as_much_as_the_run_wrote(tmp_path):
    # Tier 0 holds segments under 8 articles; a commit of 4 articles or more may merge 3 times as many, a smaller one 1.
    tiers = merging.Tiers(base=2, large_commit=4, ratio=3, floor=1)
    source, index_dir = tmp_path / "source", tmp_path / "index"
    source.mkdir()
    for first in (0, 2):
        for number in range(first, first + 2):
            (source / f"{number:04}.txt").write_text(churn_article(number), encoding="utf-8")
        reindex([source], index_dir, BuildOptions(tiers=tiers))
    for number in range(4, 9):
        (source / f"{number:04}.txt").write_text(churn_article(number), encoding="utf-8")
    # Commits of 4 articles, then of 1: the last one fills tier 0, and the run wrote enough to merge it.
    reindex([source], index_dir, BuildOptions(tiers=tiers, commit_docs=4))
    assert segment_sizes(index_dir) == [9]
