"""Index files are read through memory maps, empty files included, and a storage lets go of the pages it read."""

import os
import pathlib

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


def resident_kb(path):
    """Return the kB of this process's memory map of ``path`` that are resident, from /proc/self/smaps."""
    resident, inside = 0, False
    for line in pathlib.Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if "-" in fields[0] and len(fields) >= 5:
            inside = fields[-1] == str(path)
        elif inside and fields[0] == "Rss:":
            resident += int(fields[1])
    return resident


def test_release_lets_go_of_the_pages_read_and_the_bytes_read_the_same_after(tmp_path):
    data = os.urandom(4 << 20)
    (tmp_path / "big.bin").write_bytes(data)
    storage = MappedStorage(str(tmp_path))
    with storage.open_file("big.bin") as mapped:
        assert sum(len(mapped.get(start, 1 << 16)) for start in range(0, len(data), 1 << 16)) == len(data)
        assert resident_kb(tmp_path / "big.bin") >= 4000
        storage.release()
        assert resident_kb(tmp_path / "big.bin") == 0
        assert mapped.get(len(data) - 100, 100) == data[-100:]
    storage.release()  # a closed map is left alone
