"""Frequency postings are written as arrays and read back the same by the ranker, Whoosh's matchers and merges."""

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term

from archive.engine import segments
from archive.engine.codec import ArchiveCodec
from archive.engine.schema import build_schema
from archive.engine.postings import segment_postings

DOCUMENTS = [
    {"key": "a", "content_words": ["hai", "chau", "hai"], "title_folded": "Hải Châu"},
    {"key": "b", "content_words": ["quan", "9"], "title_folded": "Quận 9"},
    {"key": "c", "content_words": ["hai", "chau", "quan", "hai", "hai"], "title_folded": "Quận Hải Châu"},
]


def blocks_codec():
    """Return the codec as segments written before array postings had it."""
    codec = ArchiveCodec()
    del codec.frequency_arrays
    return codec


def write(ix, documents, codec=None, merge=True):
    """Commit ``documents`` to ``ix`` in one new segment."""
    writer = ix.writer(codec=codec or ArchiveCodec(), compound=False)
    for fields in documents:
        writer.add_document(**fields)
    writer.commit(merge=merge)


def postings(ix, field, text):
    """Return ``{docnum: weight}`` of one term over every segment, the way the ranker reads it."""
    with ix.searcher() as searcher:
        found = {}
        for segment, base in searcher.reader().leaf_readers():
            ids, weights = segment_postings(segment, field, text, base=base)
            found.update(zip(ids.tolist(), weights.tolist()))
        return found


def walk(matcher):
    """Return ``(docnum, frequency)`` of every posting ``matcher`` gives."""
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.value_as("frequency")))
        matcher.next()
    return found


@pytest.fixture
def ix(tmp_path):
    """Return a new empty index with the archive's schema."""
    return whoosh_index.create_in(tmp_path, build_schema())


@pytest.mark.parametrize("codec", [ArchiveCodec, blocks_codec], ids=["arrays", "blocks"])
def test_ranker_reads_the_same_postings_from_arrays_and_blocks(ix, codec):
    write(ix, DOCUMENTS, codec())
    assert postings(ix, "content_words", "hai") == {0: 2.0, 2: 3.0}
    assert postings(ix, "content_words", "quan") == {1: 1.0, 2: 1.0}
    assert postings(ix, "content_words", "missing") == {}


def test_whoosh_matchers_read_array_postings(ix):
    write(ix, DOCUMENTS)
    with ix.searcher() as searcher:
        assert sorted(hit["key"] for hit in searcher.search(Term("content_words", "hai"))) == ["a", "c"]
        assert walk(searcher.postings("content_words", "hai")) == [(0, 2), (2, 3)]
        assert searcher.doc_frequency("content_words", "hai") == 2
        assert searcher.frequency("content_words", "hai") == 5.0
        assert list(searcher.lexicon("content_words")) == [b"9", b"chau", b"hai", b"quan"]


def test_array_and_block_segments_merge_and_drop_deleted_documents(ix):
    write(ix, DOCUMENTS[:2], blocks_codec())
    write(ix, DOCUMENTS[2:], merge=False)
    writer = ix.writer(codec=ArchiveCodec(), compound=False)
    writer.delete_by_term("key", "a")
    writer.commit(optimize=True)
    assert len(ix._segments()) == 1
    assert postings(ix, "content_words", "hai") == {1: 3.0}
    assert postings(ix, "content_words", "quan") == {0: 1.0, 1: 1.0}


def test_bulk_writer_groups_postings_by_term(ix):
    writer = segments.BulkWriter(ix, build_schema(), make_fields=dict, segment_docs=2)
    for fields in DOCUMENTS:
        writer.add(fields)
    writer.commit()
    assert [segment.doc_count_all() for segment in ix._segments()] == [2, 1]
    assert postings(ix, "content_words", "chau") == {0: 1.0, 2: 1.0}
    with ix.searcher() as searcher:
        assert sorted(hit["key"] for hit in searcher.search(Term("title_folded", "chau"))) == ["a", "c"]
