"""The sorted term dictionary, packed postings and stored fields: round trips, prefix runs, damaged files refused."""

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage

from archive.engine.codec import ArchiveCodec
from archive.engine.keys import key_of, term_of
from archive.engine.index import IndexMissing, Searchers, create_index, open_index
from archive.engine.packing import decode_list, decode_lists, encode_lists
from archive.engine.postings import RecentLists, segment_postings
from archive.engine.stored import SAMPLE_DOCS, STORED_FIELDS
from archive.engine.binary import DamagedFile
from archive.engine.terms import BLOCK_TERMS, Dictionary, DictionaryWriter
from archive.text.vietnamese import exact_form, folded_form, spelling_term

SPELLINGS = [spelling_term(folded, exact).encode() for folded, exact in [
    ("ban", "bán"), ("ban", "bạn"), ("ban", "ban"), ("ban_hang", "bán_hàng"), ("ban_hang", "bạn_hàng"),
    ("bao", "bão"), ("bao", "báo"), ("bao", "bảo"), ("bao_so", "bão_số"), ("hai_chau", "hải_châu"),
    ("hai_chau", "hai_chau"), ("quan", "quận"), ("tp", "tp"), ("tp_hcm", "tp_hcm"), ("uy", "ủy")]]


def written(tmp_path, fields):
    """Write ``{field: sorted terms}`` to a dictionary file, term i with i + 1 articles; return the file's bytes."""
    storage = FileStorage(str(tmp_path))
    writer = DictionaryWriter(storage.create_file("test.dic"))
    for name, terms in fields.items():
        writer.add_field(name, terms, [i + 1 for i in range(len(terms))], numpy.arange(len(terms) + 1) * 3, 100)
    writer.close()
    return (tmp_path / "test.dic").read_bytes()


def test_every_term_is_found_with_its_count_and_postings(tmp_path):
    terms = sorted(SPELLINGS)
    dictionary = Dictionary(written(tmp_path, {"content_pairs": terms}), "test.dic")
    for i, term in enumerate(terms):
        assert dictionary.find("content_pairs", term) == (i + 1, 100 + 3 * i, 100 + 3 * i + 3)
    assert dictionary.find("content_pairs", "bao|bào".encode()) is None
    assert dictionary.find("content_pairs", b"a") is None  # before the first term
    assert dictionary.find("content_pairs", b"zzz") is None  # after the last


@pytest.mark.parametrize("prefix, exacts", [
    ("ban|", ["bán", "bạn", ""]),
    ("bao|", ["bão", "báo", "bảo"]),
    ("bao_so|", ["bão_số"]),
    ("hai_chau|", ["hải_châu", ""]),
    ("ba|", []),
    ("uy|", ["ủy"]),
])
def test_the_spellings_of_a_folded_form_are_one_run(tmp_path, prefix, exacts):
    dictionary = Dictionary(written(tmp_path, {"content_words": sorted(SPELLINGS)}), "test.dic")
    found = [term.decode()[len(prefix):] for term, _ in dictionary.fields["content_words"].starting(prefix.encode())]
    assert sorted(found) == sorted(exacts)


@settings(max_examples=30, deadline=None)
@given(st.sets(st.binary(min_size=1, max_size=70), min_size=1, max_size=4 * BLOCK_TERMS + 3))
def test_any_sorted_terms_round_trip_across_blocks(tmp_path_factory, terms):
    terms = sorted(terms)
    dictionary = Dictionary(written(tmp_path_factory.mktemp("d"), {"f": terms}), "test.dic")
    assert [term for term, _ in dictionary.fields["f"].from_term(b"")] == terms
    assert all(dictionary.find("f", term).df == i + 1 for i, term in enumerate(terms))


@settings(max_examples=30, deadline=None)
@given(st.sets(st.binary(min_size=1, max_size=30), min_size=1, max_size=5 * BLOCK_TERMS),
       st.lists(st.integers(0, 5 * BLOCK_TERMS), max_size=4))
def test_a_field_written_in_parts_reads_as_one_written_at_once(tmp_path_factory, terms, cuts):
    terms, folder = sorted(terms), tmp_path_factory.mktemp("d")
    bounds = [0, *sorted(min(cut, len(terms)) for cut in cuts), len(terms)]
    # A merge writes a field a run of postings at a time, each run's right after the one before.
    writer = DictionaryWriter(FileStorage(str(folder)).create_file("test.dic"))
    for low, high in zip(bounds, bounds[1:]):
        writer.add_field("f", terms[low:high], [i + 1 for i in range(low, high)], numpy.arange(high - low + 1) * 3,
                         100 + 3 * low)
    writer.add_field("g", [b"x"], [7], [0, 5], 100 + 3 * len(terms))
    writer.close()
    parts = Dictionary((folder / "test.dic").read_bytes(), "test.dic")
    whole = Dictionary(written(tmp_path_factory.mktemp("w"), {"f": terms}), "test.dic")
    assert [term for term, _ in parts.fields["f"].from_term(b"")] == terms
    assert all(parts.find("f", term) == whole.find("f", term) for term in terms)
    assert parts.find("g", b"x") == (7, 100 + 3 * len(terms), 105 + 3 * len(terms))


def test_a_part_whose_terms_do_not_follow_the_last_part_is_refused(tmp_path):
    writer = DictionaryWriter(FileStorage(str(tmp_path)).create_file("test.dic"))
    writer.add_field("f", [b"b", b"c"], [1, 1], [0, 3, 6], 100)
    with pytest.raises(ValueError, match="in order"):
        writer.add_field("f", [b"a"], [1], [0, 3], 106)
    writer.close()
    assert [term for term, _ in Dictionary((tmp_path / "test.dic").read_bytes(), "test.dic").fields["f"].from_term(b"")] \
        == [b"b", b"c"]


def test_an_empty_field_holds_no_terms(tmp_path):
    dictionary = Dictionary(written(tmp_path, {"f": []}), "test.dic")
    assert dictionary.find("f", b"hai") is None
    assert list(dictionary.fields["f"].from_term(b"")) == []


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # cut short
    lambda data: data[:-1],  # the trailer cut
    lambda data: b"",
    lambda data: data[:-8] + b"NOTMAGIC",
    lambda data: data[:-16] + (10**9).to_bytes(8, "little") + data[-8:],  # a table longer than the file
])
def test_a_damaged_dictionary_is_refused_with_its_name(tmp_path, damage):
    data = written(tmp_path, {"content_words": sorted(SPELLINGS)})
    with pytest.raises(DamagedFile, match="test.dic"):
        Dictionary(damage(data), "test.dic")


@pytest.mark.parametrize("ids, frequencies", [
    ([0], [1]),
    ([9_999], [3]),
    ([3, 4, 5], [1, 1, 1]),
    ([7, 300, 70_000, 2**31 - 1], [1, 256, 1, 70_000]),
    (list(range(0, 20_000, 7)), [1 + i % 5 for i in range(0, 20_000, 7)]),
])
def test_posting_lists_round_trip_in_every_width(ids, frequencies):
    data, offsets = encode_lists(numpy.array(ids + [5]), numpy.array(frequencies + [2]), [0, len(ids), len(ids) + 1])
    got_ids, got_frequencies = decode_list(data[offsets[0] : offsets[1]], len(ids))
    assert got_ids.tolist() == ids and got_frequencies.tolist() == frequencies
    assert decode_list(data[offsets[1] :], 1)[0].tolist() == [5]


@pytest.mark.parametrize("seed", range(4))
def test_many_posting_lists_decode_at_once_as_each_decodes_alone(seed):
    rng = numpy.random.default_rng(seed)
    counts = rng.integers(1, [2, 40, 3000][seed % 3], 300)
    ids = numpy.concatenate([numpy.sort(rng.choice(2**31 - 1 if number % 4 == 0 else 70_000, count, replace=False))
                             for number, count in enumerate(counts)])
    frequencies = rng.choice([1, 1, 2, 300, 70_000], len(ids))
    frequencies[: counts[:50].sum()] = 1  # lists of ones only, which store no frequency
    starts = numpy.concatenate([[0], numpy.cumsum(counts)])
    data, offsets = encode_lists(ids, frequencies, starts)
    got_ids, got_frequencies = decode_lists(data[offsets[9] :], offsets[9:] - offsets[9], counts[9:])
    alone = [decode_list(data[a:b], count) for a, b, count in zip(offsets[9:], offsets[10:], counts[9:])]
    assert got_ids.tolist() == ids[starts[9] :].tolist() == numpy.concatenate([i for i, _ in alone]).tolist()
    assert got_frequencies.tolist() == frequencies[starts[9] :].tolist()


def test_a_run_of_posting_lists_cut_short_is_refused():
    data, offsets = encode_lists(numpy.array([1, 2, 3, 9]), numpy.ones(4), [0, 3, 4])
    with pytest.raises(DamagedFile, match="length does not match"):
        decode_lists(data[:-1], [0, offsets[1], offsets[2] - 1], [3, 1])


def test_document_numbers_past_31_bits_are_refused():
    with pytest.raises(ValueError, match="document numbers"):
        encode_lists(numpy.array([2**31]), numpy.array([1]), [0, 1])


def test_frequencies_of_one_take_no_bytes():
    ones, _ = encode_lists(numpy.arange(100), numpy.ones(100), [0, 100])
    twos, _ = encode_lists(numpy.arange(100), numpy.full(100, 2), [0, 100])
    assert len(twos) - len(ones) == 100


@pytest.mark.parametrize("frequencies", [[0.5], [0]])
def test_frequencies_must_be_whole_counts(frequencies):
    with pytest.raises(ValueError, match="whole counts"):
        encode_lists(numpy.array([1]), numpy.array(frequencies), [0, 1])


def test_a_posting_list_of_the_wrong_length_is_refused():
    data, _ = encode_lists(numpy.array([1, 2, 3]), numpy.ones(3), [0, 3])
    with pytest.raises(DamagedFile, match="3 documents"):
        decode_list(data[:-1], 3)


def test_an_index_with_a_damaged_dictionary_says_to_rebuild(tmp_path):
    writer = create_index(tmp_path).writer(codec=ArchiveCodec(), compound=False)
    writer.add_document(key="a", content_words=[spelling_term("bao", "bão")])
    writer.commit()
    searchers = Searchers(open_index(tmp_path), RecentLists(1024 * 1024))
    segment = searchers.current().reader().leaf_readers()[0][0]
    assert segment_postings(segment, "content_words", "bao|bão")[0].tolist() == [0]
    searchers.close()
    [dic] = tmp_path.glob("*.dic")
    dic.write_bytes(dic.read_bytes()[:-3])
    with pytest.raises(IndexMissing, match=f"{dic.name}.*run `archive index`"):
        Searchers(open_index(tmp_path), RecentLists(1024 * 1024)).current()


@pytest.mark.parametrize("folded, exact, key_bytes", [
    ("hai_chau", "hải_châu", 13),  # two replaced letters, two bytes each
    ("quan_uy", "quận_ủy", 12),
    ("dak_lak", "đắk_lắk", 14),
    ("nguoi", "người", 10),
    ("tp", "tp", 3),  # no accent: the folded form and the mark alone
    ("a", "ω", 5),  # another script: kept whole
])
def test_spelling_keys_are_short_and_give_the_term_back(folded, exact, key_bytes):
    term = spelling_term(folded, exact).encode()
    assert len(key_of(term)) == key_bytes
    assert key_of(term).startswith(spelling_term(folded, "").encode())
    assert term_of(key_of(term)) == term


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_every_spelling_term_gives_its_key_back(word):
    exact = exact_form(word)
    term = spelling_term(folded_form(exact), exact).encode()
    assert term_of(key_of(term)) == term


def test_the_index_finds_every_spelling_of_a_folded_pair(tmp_path):
    writer = create_index(tmp_path).writer(codec=ArchiveCodec(), compound=False)
    pairs = ["bán_hàng", "bạn_hàng", "ban_hang", "bàn_hàng", "bán_hang"]
    for number, pair in enumerate(pairs):
        writer.add_document(key=str(number), content_pairs=[spelling_term("ban_hang", pair)] * (number + 1))
    writer.commit()
    searchers = Searchers(open_index(tmp_path), RecentLists(1024 * 1024))
    segment = searchers.current().reader().leaf_readers()[0][0]
    found = {term.decode(): entry.df for term, entry in segment._terms.starting("content_pairs", b"ban_hang|")}
    assert found == {spelling_term("ban_hang", pair): 1 for pair in pairs}
    for number, pair in enumerate(pairs):
        ids, frequencies = segment_postings(segment, "content_pairs", spelling_term("ban_hang", pair))
        assert (ids.tolist(), frequencies.tolist()) == ([number], [number + 1])
    searchers.close()


def column_file(tmp_path, values, doccount):
    """Write ``{docnum: stored fields}`` to a stored-fields column of ``doccount`` documents; return it opened."""
    storage = FileStorage(str(tmp_path))
    writer = STORED_FIELDS.writer(storage.create_file("stored.col"))
    for docnum, value in sorted(values.items()):
        writer.add(docnum, value)
    writer.finish(doccount)
    writer.file.close()
    return storage, storage.file_length("stored.col")


@pytest.mark.parametrize("doccount", [0, 1, SAMPLE_DOCS - 1, SAMPLE_DOCS, 3 * SAMPLE_DOCS + 5])
def test_stored_fields_round_trip_with_documents_that_hold_none(tmp_path, doccount):
    values = {docnum: {"title": f"Bão số {docnum}", "body": "Quận Hải Châu " * docnum}
              for docnum in range(0, doccount, 3)}
    storage, length = column_file(tmp_path, values, doccount)
    with storage.open_file("stored.col") as file:
        reader = STORED_FIELDS.reader(file, 0, length, doccount)
        assert [reader[docnum] for docnum in range(doccount)] == [values.get(docnum) for docnum in range(doccount)]


@pytest.mark.parametrize("cut", [1, 9, 200])
def test_damaged_stored_fields_are_refused(tmp_path, cut):
    storage, length = column_file(tmp_path, {0: {"title": "Bão"}, 1: {"title": "Báo"}}, 2)
    damaged = (tmp_path / "stored.col").read_bytes()[:-cut]
    (tmp_path / "stored.col").write_bytes(damaged)
    with storage.open_file("stored.col") as file, pytest.raises(DamagedFile, match="stored"):
        STORED_FIELDS.reader(file, 0, len(damaged), 2)
