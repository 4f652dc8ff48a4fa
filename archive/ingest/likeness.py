"""The likeness signature of an article: a MinHash of the word shingles of its text, to find near-duplicates.

Two articles whose texts share most runs of ``SHINGLE_WORDS`` words are the same
story filed twice, give or take a corrected word, a byline or a footer. The share
of shingles they hold in common (their Jaccard similarity) is estimated by the
share of equal values in their signatures (``similarity``), which the
``datasketch`` library computes: ``PERMUTATIONS`` independent minimum hashes,
each kept to its lowest 16 bits (b-bit MinHash): two different values agree by
chance once in 65,536 times, which moves no estimate that matters, and a
signature takes 256 bytes instead of 512.
Words are compared accent-free and in lowercase, so a story retyped without
accents, or with its tone marks placed another way, still matches. A text of
fewer than ``MIN_WORDS`` words gets no signature: two short texts alike (a
caption, a stub, a standard notice) are not one story for that.
"""

import zlib

import numpy
from datasketch import MinHash

from archive.text.vietnamese import TOKEN_PATTERN, fold

# Words per shingle: long enough that two different stories on one topic share few runs,
# short enough that a changed word spoils only a few of a story's shingles.
SHINGLE_WORDS = 5
PERMUTATIONS = 128
# Words a text needs for a signature: a sentence or two of news.
MIN_WORDS = 25
# datasketch's 32-bit scheme, whose values are cut to their lowest 16 bits.
SCHEME = "affine32"
_DTYPE = numpy.uint16
# One MinHash whose permutations every signature copies, instead of drawing them for each article.
_TEMPLATE = MinHash(num_perm=PERMUTATIONS, hashfunc=zlib.crc32, scheme=SCHEME)


def shingles(words):
    """Return the distinct runs of ``SHINGLE_WORDS`` of ``words``, as bytes; fewer words make one shingle.

    >>> sorted(shingles(words_of("Đà Nẵng mưa to, TP.HCM nắng")))
    [b'da nang mua to tp', b'mua to tp hcm nang', b'nang mua to tp hcm']
    >>> shingles(["hai", "chau"]), shingles([])
    ({b'hai chau'}, set())
    """
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def words_of(text):
    """Return the folded words of clean ``text``.

    >>> words_of("Quận uỷ TP.HCM")
    ['quan', 'uy', 'tp', 'hcm']
    """
    # Folded whole, then split: the same words as ``folded_words`` gives, for half its time on clean text.
    return TOKEN_PATTERN.findall(fold(text.lower()))


def signature(text):
    """Return the likeness signature of ``text`` as bytes, or empty bytes for a text of fewer than ``MIN_WORDS`` words.

    >>> story = ("Mưa lớn kéo dài từ đêm qua làm ngập nhiều tuyến đường ở quận Hải Châu, thành phố Đà Nẵng. "
    ...          "Giao thông ùn tắc suốt buổi sáng; lực lượng chức năng đã có mặt để phân luồng, hỗ trợ người dân.")
    >>> len(signature(story)), signature("Quận ủy Hải Châu họp bàn về chính quyền điện tử")
    (256, b'')
    """
    words = words_of(text)
    if len(words) < MIN_WORDS:
        return b""
    found = shingles(words)
    minhash = _TEMPLATE.copy()
    minhash.update_batch(found)
    return (minhash.hashvalues & 0xFFFF).astype(_DTYPE).tobytes()


def article_signature(article):
    """Return the likeness signature of an Article: of its lead and body, which two filings of a story share."""
    return signature("\n".join((article.lead, article.body)))


def values(signature_bytes):
    """Return the minimum hashes of a signature (or of several joined end to end) as an array."""
    return numpy.frombuffer(signature_bytes, _DTYPE)


def similarity(first, second):
    """Return the estimated Jaccard similarity of two texts' shingles from their signatures (arrays of values).

    >>> story = ("Mưa lớn kéo dài từ đêm qua làm ngập nhiều tuyến đường ở quận Hải Châu, thành phố Đà Nẵng. "
    ...          "Giao thông ùn tắc suốt buổi sáng; lực lượng chức năng đã có mặt để phân luồng, hỗ trợ người dân.")
    >>> a, b = values(signature(story)), values(signature(story.replace("đêm qua", "chiều qua")))
    >>> 0.6 < similarity(a, b) < 1.0, similarity(a, a)
    (True, 1.0)
    """
    return float(numpy.count_nonzero(first == second)) / len(first)
