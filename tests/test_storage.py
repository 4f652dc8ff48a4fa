"""Index files are read through memory maps, empty files included."""

from archive.engine.index import open_index
from archive.upkeep.build import build
from archive.query.search import Archive
from archive.engine.storage import MappedFile, MappedStorage


def test_archive_reads_its_segments_through_memory_maps(source_dir, index_dir):
    build([source_dir], index_dir)
    archive = Archive(index_dir)
    assert archive.search("hai chau").hits[0].path == "000_3ff03f6642ae21e6.txt"
    with open_index(index_dir).searcher() as searcher:
        (segment, _), *_ = searcher.reader().leaf_readers()
        assert isinstance(segment._terms._postfile, MappedFile)


def test_mapped_file_reads_like_a_file_and_empty_files_open(tmp_path):
    (tmp_path / "data.bin").write_bytes(b"\x00\x01\x02\x03hello")
    (tmp_path / "empty.bin").write_bytes(b"")
    storage = MappedStorage(str(tmp_path))
    with storage.open_file("data.bin") as mapped:
        assert mapped.get(4, 5) == b"hello"
        assert mapped.get_uint(0) == 0x00010203
        mapped.seek(4)
        assert mapped.read(2) == b"he"
    with storage.open_file("empty.bin") as empty:
        assert empty.read() == b""
