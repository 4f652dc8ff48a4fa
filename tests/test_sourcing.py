"""Large builds read files in a worker process; the index must be the same as a serial build's."""

import shutil

from whoosh import index as whoosh_index

from archive.engine.index import open_index
from archive.upkeep import sourcing
from archive.upkeep.build import build
from archive.upkeep.options import BuildOptions
from archive.ingest.reader import SourceFile, discover
from archive.query.search import Archive
from tests.conftest import DATA


def indexed(index_dir):
    """Return ``{path: (slug, title, date)}`` of every article in an index."""
    with open_index(index_dir).searcher() as searcher:
        return {f["path"]: (f["slug"], f["title"], f.get("date")) for f in searcher.all_stored_fields()}


def test_worker_build_matches_serial_build(source_dir, tmp_path):
    shutil.copytree(DATA / "search", source_dir / "search")
    (source_dir / "empty.txt").write_bytes(b"")
    serial = build([source_dir], tmp_path / "serial")
    # Segments of 4 articles, written by the worker processes while the next ones are read.
    options = BuildOptions(parallel_from=0, batch_files=3, segment_docs=4, workers=2)
    parallel = build([source_dir], tmp_path / "parallel", options)
    assert (parallel.indexed, [s.path for s in parallel.skipped]) == (serial.indexed, ["empty.txt"])
    # 16 files give 17 articles (seed 000 holds two briefs), in segments of 4, 4, 4, 4 and 1: they are then
    # merged into one segment per worker, in the workers too.
    assert [s.doc_count_all() for s in whoosh_index.open_dir(tmp_path / "parallel")._segments()] == [8, 9]
    assert indexed(tmp_path / "parallel") == indexed(tmp_path / "serial")
    hits = {h.path for h in Archive(tmp_path / "parallel").search("hai chau").hits}
    assert hits == {"000_3ff03f6642ae21e6.txt", "000_3ff03f6642ae21e6.txt#2"}


def test_prepared_keeps_source_order(source_dir):
    options = BuildOptions(parallel_from=0, batch_files=2)
    sources = [found for found in discover([source_dir]) if isinstance(found, SourceFile)]
    with sourcing.workers(len(sources), options) as pool:
        assert pool is not None
        assert [item[0].relpath for item in sourcing.prepared(sources, options, pool)] == [s.relpath for s in sources]


def test_build_smaller_than_a_segment_per_worker_is_shared_among_the_workers(source_dir, tmp_path):
    shutil.copytree(DATA / "search", source_dir / "search")
    report = build([source_dir], tmp_path / "index", BuildOptions(parallel_from=0, workers=2))
    # Segments are sized by files, so seed 000's second brief makes a third segment of one article, which the
    # build merges into the second: one segment per worker.
    assert [s.doc_count_all() for s in whoosh_index.open_dir(tmp_path / "index")._segments()] == [8, 9]
    assert Archive(tmp_path / "index").count() == report.indexed == 17
