"""Tests for archive.ingest.reader: discovery, decoding, and the reason every bad file is skipped."""

import errno
import os
import pathlib
import tracemalloc

import pytest

from archive.ingest import reader
from archive.ingest.reader import SkippedFile, SourceDirError, SourceFile, UnreadableFile, discover, read_text, source_file

ENCODINGS = pathlib.Path(__file__).resolve().parent / "data" / "encodings"
SENTENCE = "Quận ủy Hải Châu họp bàn về chính quyền điện tử.\nĐà Nẵng – “Thủy lợi” năm 2019.\n"
MAX_BYTES = 8 * 1024 * 1024


def write(folder, relpath, data=b"Tin t\xe1\xbb\xa9c\n"):
    """Create the file ``relpath`` under ``folder`` with ``data``, making parent folders."""
    path = folder / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def relpaths(found):
    """Return the relpath of each SourceFile found."""
    return [item.relpath for item in found]


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("utf8.txt", "utf-8"),
        ("utf8-bom.txt", "utf-8-sig"),
        ("utf16le-bom-crlf.txt", "utf-16-le"),
        ("utf16be-bom.txt", "utf-16-be"),
        ("utf16le-nobom.txt", "utf-16-le"),
        ("utf16be-nobom.txt", "utf-16-be"),
        ("nfd-utf8.txt", "utf-8"),
        ("cp1258-crlf.txt", "cp1258"),
        ("entities.txt", "utf-8"),
    ],
)
def test_every_encoding_reads_as_the_same_clean_text(name, encoding):
    path = ENCODINGS / name
    assert read_text(source_file(path), MAX_BYTES) == SENTENCE
    assert reader.decode(path.read_bytes()) == (SENTENCE, encoding)


def test_crafted_files_really_differ():
    # Guards the table above: identical fixtures would make it prove nothing.
    contents = [path.read_bytes() for path in ENCODINGS.glob("*.txt")]
    assert len(set(contents)) == len(contents) == 9


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t\r\n", "only whitespace"),
        ("\u00a0\u200b&nbsp;\r\n".encode(), "only whitespace"),
        (b"\xef\xbb\xbf", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06", "binary file"),
        (bytes(range(1, 32)) * 4 + b"abc", "binary file"),
        ("Qu\u1eadn 1\x00\x00\x01\x02".encode(), "binary file"),
        (bytes(range(0x80, 0x100)) * 4, "not valid UTF-8, UTF-16 or Windows-1258 text"),
        ("Grüße aus München".encode("latin-1"), "not valid UTF-8, UTF-16 or Windows-1258 text"),
        (b"\xa9\xae\xb1\xb5\xb6 \xbc\xbd\xbe", "not valid UTF-8, UTF-16 or Windows-1258 text"),
        (b"\xef\xbb\xbfQu\xe2\xf2n", "not valid UTF-8, UTF-16 or Windows-1258 text"),
        (b"\xff\xfeQ\x00u\x00a", "not valid UTF-8, UTF-16 or Windows-1258 text"),
    ],
    ids=[
        "empty",
        "whitespace",
        "invisible-only",
        "bom-only",
        "png",
        "control-chars",
        "nul-in-utf8",
        "undefined-cp1258-bytes",
        "latin1-german",
        "cp1258-symbols",
        "utf8-bom-then-cp1258",
        "utf16-odd-length",
    ],
)
def test_bad_content_is_unreadable_with_a_reason(tmp_path, data, reason):
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(UnreadableFile) as caught:
        read_text(source_file(path), MAX_BYTES)
    assert str(caught.value) == reason


def test_size_limit_is_inclusive(tmp_path):
    fits = write(tmp_path, "fits.txt", b"x" * 100)
    too_big = write(tmp_path, "big.txt", b"x" * 101)
    assert read_text(source_file(fits), 100) == "x" * 100
    with pytest.raises(UnreadableFile, match="^larger than 100 bytes$"):
        read_text(source_file(too_big), 100)


def test_huge_file_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:
        file.truncate(256 * 1024 * 1024)  # sparse: costs no disk, but reading it would cost 256 MiB
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFile, match=f"^larger than {MAX_BYTES} bytes$"):
            read_text(source_file(huge), MAX_BYTES)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024


def test_fifo_and_folder_named_like_articles_are_not_regular_files(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # opening it blocking would hang until a writer came
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "folder.txt" / "inner.txt").write_text("Tin tức")
    found = list(discover(tmp_path))
    assert relpaths(found) == ["folder.txt/inner.txt", "pipe.txt"]
    with pytest.raises(UnreadableFile, match="^not a regular file$"):
        read_text(found[1], MAX_BYTES)
    with pytest.raises(UnreadableFile, match="^is a directory$"):
        read_text(source_file(tmp_path / "folder.txt"), MAX_BYTES)


def test_permission_denied_is_a_reason(tmp_path, monkeypatch):
    # Tests run as root, which reads through chmod 000, so the kernel's refusal is staged.
    locked = write(tmp_path, "locked.txt")
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if pathlib.Path(path) == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(UnreadableFile, match="^permission denied$"):
        read_text(source_file(locked), MAX_BYTES)


def test_unreadable_subfolder_is_skipped_and_the_walk_goes_on(tmp_path, monkeypatch):
    write(tmp_path, "a.txt")
    write(tmp_path, "locked/b.txt")
    write(tmp_path, "z.txt")
    real_scandir = os.scandir

    def refusing_scandir(path):
        if pathlib.Path(path).name == "locked":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    found = list(discover(tmp_path))
    assert found[1] == SkippedFile("locked", "permission denied")
    assert [item.relpath for item in found if isinstance(item, SourceFile)] == ["a.txt", "z.txt"]


def test_missing_file_named_on_the_command_line(tmp_path):
    with pytest.raises(UnreadableFile, match="^no such file or directory$"):
        read_text(source_file(tmp_path / "gone.txt"), MAX_BYTES)


def test_symlinks_inside_are_followed_and_those_leaving_are_skipped(tmp_path):
    source, outside = tmp_path / "source", tmp_path / "outside"
    write(outside, "secret.txt")
    write(source, "2019/real.txt", "Hải Châu".encode())
    (source / "alias.txt").symlink_to("2019/real.txt")
    (source / "escape.txt").symlink_to(outside / "secret.txt")
    (source / "escape-dir").symlink_to(outside)
    (source / "2019" / "loop").symlink_to(source)
    (source / "2019" / "up.md").symlink_to("../../outside/secret.txt")
    (source / "dangling.txt").symlink_to(outside / "missing.txt")
    found = list(discover(source))
    assert found == [
        SourceFile(source, str(source / "2019" / "real.txt"), "2019/real.txt"),
        SkippedFile("2019/up.md", "symlink leaves the source folder"),
        SourceFile(source, str(source / "alias.txt"), "alias.txt"),
        SkippedFile("dangling.txt", "symlink leaves the source folder"),
        SkippedFile("escape-dir", "symlink leaves the source folder"),
        SkippedFile("escape.txt", "symlink leaves the source folder"),
    ]
    assert read_text(found[2], MAX_BYTES) == "Hải Châu"


def test_hidden_files_and_editor_leftovers_are_ignored(tmp_path):
    wanted = ["a.txt", "b.TXT", "c.md", "d.Md", "notes/e.txt"]
    ignored = [
        ".hidden.txt", ".git/f.txt", ".cache/g.md", "~$lock.txt", "#autosave.txt#", "h.txt~", ".h.txt.swp",
        "h.txt.swp", "h.swp", "h.tmp", "h.txt.tmp", "h.txt.part", "h.txt.orig", "h.txt.bak", "h.txt.crdownload",
        "photo.jpg", "page.html", "txt", "notes/.i.txt", "notes/i.txt~",
    ]
    for relpath in ignored + wanted:
        write(tmp_path, relpath)
    assert relpaths(discover(tmp_path)) == wanted


def test_discovery_is_recursive_sorted_and_stable(tmp_path):
    expected = ["2018/12/z.txt", "2018/b.txt", "2019/a.txt", "2019/deep/er/x.md", "A.txt", "a.txt", "b.txt"]
    for relpath in reversed(expected):
        write(tmp_path, relpath)
    first = list(discover(tmp_path))
    assert relpaths(first) == expected
    assert list(discover(tmp_path)) == first
    assert {item.root for item in first} == {tmp_path.resolve()}
    assert all(item.path == str(tmp_path / item.relpath) for item in first)


def test_several_source_folders_in_the_order_given(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    write(second, "a.txt")
    write(first, "z.txt")
    found = list(discover([second, str(first), second / ".." / "two"]))
    assert [(item.root, item.relpath) for item in found] == [(second, "a.txt"), (first, "z.txt")]


@pytest.mark.parametrize(("name", "message"), [("missing", "source folder not found"), ("file.txt", "not a folder")])
def test_bad_source_folder_raises_at_once(tmp_path, name, message):
    write(tmp_path, "file.txt")
    with pytest.raises(SourceDirError, match=message) as caught:
        discover([tmp_path, tmp_path / name])
    assert isinstance(caught.value, FileNotFoundError)
    assert str(tmp_path / name) in str(caught.value)


@pytest.mark.parametrize(("name", "markdown"), [("a.md", True), ("b.MD", True), ("c.txt", False)])
def test_source_file_for_a_named_file(tmp_path, monkeypatch, name, markdown):
    write(tmp_path, f"sub/{name}")
    monkeypatch.chdir(tmp_path)
    found = source_file(f"sub/{name}")
    assert found == SourceFile(tmp_path.resolve() / "sub", str(tmp_path.resolve() / "sub" / name), name)
    assert found.markdown is markdown


def test_three_stray_nuls_in_a_utf8_article_are_dropped_not_the_article(tmp_path):
    text = "Quận ủy Hải Châu họp bàn về chính quyền điện tử năm 2019.\nĐoạn hai của bài viết.\n"
    path = write(tmp_path, "nul.txt", text[:10].encode() + b"\0" + text[10:30].encode() + b"\0\0" + text[30:].encode())
    assert read_text(source_file(path), MAX_BYTES) == text


def test_symlink_loop_bad_name_and_deep_folders_are_skipped_or_walked_never_fatal(tmp_path, deep_folder):
    write(tmp_path, "a.txt")
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    write(tmp_path, os.fsdecode(b"caf\xe9.txt"))
    write(deep_folder(tmp_path, 990), "deep.txt")
    found = list(discover(tmp_path))
    assert found[0] == SourceFile(tmp_path, str(tmp_path / "a.txt"), "a.txt")
    assert found[1] == SkippedFile("caf\ufffd.txt", "file name is not valid UTF-8")
    assert found[2].relpath == "d/" * 990 + "deep.txt"
    assert found[3] == SkippedFile("loop.txt", "too many levels of symbolic links")
    assert len(found) == 4
