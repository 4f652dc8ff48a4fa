"""File -> text: find article files under source folders, decode them, and say why a file is skipped.

``discover`` walks source folders and yields a ``SourceFile`` for each ``.txt`` or
``.md`` article, or a ``SkippedFile`` with a reason. ``read_text`` turns one file
into clean text (``archive.text.vietnamese.clean``) or raises ``UnreadableFile``; a bad
file never stops a batch, the caller records the reason and goes on.

Decoding accepts what real archives hold: UTF-8 (with or without BOM), UTF-16 with
a BOM, UTF-16 without one when its NUL bytes give it away, and Windows-1258 as a
last resort, only when the result reads as Vietnamese.
"""

import codecs
import dataclasses
import os
import pathlib
import re
import stat
import unicodedata

from archive.text.vietnamese import clean

ARTICLE_SUFFIXES = (".txt", ".md")

# Tab, line feed, vertical tab, form feed and carriage return are layout, not binary noise.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", vowel + tone)
    for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
) | {"đ", "Đ"}
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # Windows has no such flag and no FIFOs in folders
_UNDECODABLE = "not valid UTF-8, UTF-16 or Windows-1258 text"


class UnreadableFile(Exception):
    """A file that cannot be turned into text; ``str(exc)`` is the short reason."""


class SourceDirError(FileNotFoundError):
    """A source folder that is missing or is not a folder."""


@dataclasses.dataclass(frozen=True)
class SourceFile:
    """An article file found under a source folder.

    ``path`` is a string, not a ``pathlib.Path``: the OS functions take either, and
    making a Path for each of 140,000 files was a third of a no-change reindex.
    """

    root: pathlib.Path
    path: str
    relpath: str

    @property
    def markdown(self):
        """Tell whether the file is Markdown, by its suffix."""
        return self.path.lower().endswith(".md")


@dataclasses.dataclass(frozen=True)
class SkippedFile:
    """A file left out, with the reason to report."""

    path: str
    reason: str


def discover(source_dirs):
    """Return an iterator over the article files under ``source_dirs``, in folder order then name order.

    ``source_dirs`` is one folder or a list of them; each is checked at once and a
    missing one raises ``SourceDirError``. Only names ending in ``.txt`` or ``.md``
    (any case) count, which already leaves out ``.swp``, ``.tmp``, ``.part``,
    ``.orig`` and ``~`` backups; names starting with ``.``, ``~`` or ``#`` (hidden
    files, Office locks ``~$a.txt``, Emacs autosaves ``#a.txt#``) are ignored, and
    so are hidden folders. A symlink that resolves outside its source folder is
    yielded as a ``SkippedFile``. A symlinked folder inside it is not followed: its
    files are found under their real names, and no loop is possible.
    """
    if isinstance(source_dirs, (str, os.PathLike)):
        source_dirs = [source_dirs]
    roots = dict.fromkeys(_source_root(folder) for folder in source_dirs)
    return (found for root in roots for found in _walk(root, root, ""))


def source_file(path):
    """Return the ``SourceFile`` for one file named by the user: its folder is the root, its name the relpath."""
    path = pathlib.Path(path)
    root = path.parent.resolve()
    return SourceFile(root, str(root / path.name), path.name)


def read_text(source, max_bytes):
    """Return the clean text of ``source``, or raise ``UnreadableFile`` with the reason."""
    return decode(_read_bytes(source.path, max_bytes))[0]


def decode(data):
    """Return ``(clean text, encoding name)`` for the bytes of a file, or raise ``UnreadableFile``.

    >>> decode("Quận ủy Hải Châu\\r\\n".encode("utf-16"))
    ('Quận ủy Hải Châu\\n', 'utf-16-le')
    >>> decode(b"Qu\\xe2\\xf2n u\\xd2y Ha\\xd2i Ch\\xe2u")
    ('Quận ủy Hải Châu', 'cp1258')
    >>> decode("Quận ủy Hải Châu họp bàn\\0 về chính quyền điện tử".encode())
    ('Quận ủy Hải Châu họp bàn về chính quyền điện tử', 'utf-8')
    >>> decode(b"Gr\\xfc\\xdfe aus M\\xfcnchen")
    Traceback (most recent call last):
    archive.ingest.reader.UnreadableFile: not valid UTF-8, UTF-16 or Windows-1258 text
    """
    encoding = _guess_encoding(data)
    try:
        text = clean(data.decode(encoding))
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise UnreadableFile(_UNDECODABLE) from None
        if b"\0" in data:  # no legacy code page writes NULs in text
            raise UnreadableFile("binary file") from None
        text, encoding = _decode_legacy(data), "cp1258"
    if _CONTROL.search(text):  # most files have none: one scan, not a count and a substitution
        if len(_CONTROL.findall(text)) * 20 > len(text):
            raise UnreadableFile("binary file")
        # A few stray control characters (NULs from a broken editor or download) are noise, not content.
        text = _CONTROL.sub("", text)
    if not text or text.isspace():
        raise UnreadableFile("only whitespace")
    return text, encoding


def _guess_encoding(data):
    """Return the codec to try: UTF-16 by its BOM or NUL pattern, else UTF-8 with or without BOM."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    if b"\0" not in data:
        return "utf-8"
    # Without a BOM, UTF-16 shows as NULs in the high byte of every ASCII character,
    # so at one parity only; text has no NULs and binary has them anywhere.
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd * 4 >= len(data) // 2 and even * 20 <= odd:
        return "utf-16-le"
    if even * 4 >= len(data) // 2 and odd * 20 <= even:
        return "utf-16-be"
    return "utf-8"  # binary, unless it decodes: then the NULs are stray ones that ``decode`` drops


def _decode_legacy(data):
    """Return ``data`` decoded as Windows-1258 and cleaned, if the result reads as Vietnamese."""
    # cp1258 decodes almost any bytes, so a result that is not Vietnamese is a wrong guess.
    try:
        text = clean(data.decode("cp1258"))
    except UnicodeDecodeError:
        raise UnreadableFile(_UNDECODABLE) from None
    if not _looks_vietnamese(text):
        raise UnreadableFile(_UNDECODABLE)
    return text


def _looks_vietnamese(text):
    """Tell whether text is mostly letters and its non-ASCII letters are Vietnamese ones.

    >>> _looks_vietnamese("Quận ủy Hải Châu"), _looks_vietnamese("Grüße aus München"), _looks_vietnamese("±µ¶·¸¹º")
    (True, False, False)
    """
    visible = [char for char in text if not char.isspace()]
    letters = sum(char.isalpha() for char in visible)
    vietnamese = sum(char in _VIETNAMESE_LETTERS for char in visible if not char.isascii())
    # Punctuation such as “…” is common in cp1258 text; other symbols and stray marks are not.
    foreign = sum(
        not char.isascii() and char not in _VIETNAMESE_LETTERS and not unicodedata.category(char).startswith("P")
        for char in visible
    )
    return letters * 2 >= len(visible) and vietnamese > 0 and foreign * 20 <= vietnamese


def _read_bytes(path, max_bytes):
    """Return the bytes of the regular file ``path``, checking its size before reading any of it."""
    try:
        # O_NONBLOCK so that a FIFO named like an article fails at once instead of waiting for a writer.
        with open(path, "rb", opener=lambda name, flags: os.open(name, flags | _NONBLOCK)) as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise UnreadableFile("not a regular file")
            if info.st_size > max_bytes:
                raise UnreadableFile(f"larger than {max_bytes} bytes")
            if info.st_size == 0:
                raise UnreadableFile("empty file")
            # Reading no more than fstat reported keeps memory bounded even if the file grows meanwhile.
            data = file.read(info.st_size)
    except OSError as error:
        raise UnreadableFile(_os_reason(error)) from None
    return data


def _os_reason(error):
    """Return the short reason of an OS error, such as "permission denied"."""
    return (error.strerror or str(error)).lower()


def _source_root(folder):
    """Return the resolved path of a source folder, or raise ``SourceDirError`` if there is none."""
    root = pathlib.Path(folder).resolve()
    if not root.exists():
        raise SourceDirError(f"source folder not found: {folder}")
    if not root.is_dir():
        raise SourceDirError(f"source folder is not a folder: {folder}")
    return root


def _walk(root, folder, prefix):
    """Yield the articles under ``folder`` in name order, each subfolder's where its name sorts.

    A stack of listings, not recursion, so that folders nested a thousand deep are
    walked like any other; a folder or name that cannot be used is a SkippedFile.
    """
    listings = [(_listing(root, folder, prefix), prefix)]
    while listings:
        entries, prefix = listings[-1]
        entry = next(entries, None)
        if entry is None:
            listings.pop()
            continue
        found = entry if isinstance(entry, SkippedFile) else _found(root, entry, prefix)
        if isinstance(found, str):
            listings.append((_listing(root, entry.path, found), found))
        elif found is not None:
            yield found


def _listing(root, folder, prefix):
    """Return an iterator over the entries of ``folder`` in name order, or over one SkippedFile when it cannot be listed."""
    try:
        with os.scandir(folder) as scan:
            return iter(sorted(scan, key=lambda entry: entry.name))
    except OSError as error:
        return iter([SkippedFile(prefix.rstrip("/") or str(root), _os_reason(error))])


def _found(root, entry, prefix):
    """Return what one folder entry is: a SourceFile, a SkippedFile, a subfolder's prefix to walk, or None to ignore."""
    if entry.name.startswith((".", "~", "#")):
        return None
    relpath = prefix + entry.name
    if not _is_utf8(entry.name):
        # The name could not be stored, printed or linked to; the bytes are shown as U+FFFD.
        return SkippedFile(os.fsencode(relpath).decode("utf-8", "replace"), "file name is not valid UTF-8")
    try:
        is_dir = entry.is_dir()
    except OSError as error:  # a symlink loop, for one
        return SkippedFile(relpath, _os_reason(error))
    if not is_dir and not entry.name.lower().endswith(ARTICLE_SUFFIXES):
        return None
    if entry.is_symlink():
        if not pathlib.Path(os.path.realpath(entry.path)).is_relative_to(root):
            return SkippedFile(relpath, "symlink leaves the source folder")
        if is_dir:
            return None
    return relpath + "/" if is_dir else SourceFile(root, entry.path, relpath)


def _is_utf8(name):
    """Tell whether a file name decoded by the OS came from valid UTF-8 bytes (others hold lone surrogates).

    >>> _is_utf8("Hải Châu.txt"), _is_utf8(os.fsdecode(b"caf\\xe9.txt"))
    (True, False)
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
