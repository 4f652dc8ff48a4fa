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
accents, or with its tone marks placed another way, still matches.
"""

import zlib

import numpy
from datasketch import MinHash

from archive.text.vietnamese import TOKEN_PATTERN, fold

# Words per shingle: long enough that two different stories on one topic share few runs,
# short enough that a changed word spoils only a few of a story's shingles.
SHINGLE_WORDS = 5
PERMUTATIONS = 128
# datasketch's 32-bit scheme, whose values are cut to their lowest 16 bits.
SCHEME = "affine32"
_DTYPE = numpy.uint16
# One MinHash whose permutations every signature copies, instead of drawing them for each article.
_TEMPLATE = MinHash(num_perm=PERMUTATIONS, hashfunc=zlib.crc32, scheme=SCHEME)


def shingles(text):
    """Return the distinct runs of ``SHINGLE_WORDS`` folded words of ``text``; a shorter text is one shingle.

    >>> sorted(shingles("Đà Nẵng mưa to, TP.HCM nắng"))
    [b'da nang mua to tp', b'mua to tp hcm nang', b'nang mua to tp hcm']
    >>> shingles("Hải Châu"), shingles("")
    ({b'hai chau'}, set())
    """
    # Folded whole, then split: the same words as ``folded_words`` gives, for half its time on clean text.
    words = TOKEN_PATTERN.findall(fold(text.lower()))
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text):
    """Return the likeness signature of ``text`` as bytes, or empty bytes for a text without words.

    >>> len(signature("Quận ủy Hải Châu họp bàn về chính quyền điện tử")), signature(" ... ")
    (256, b'')
    """
    found = shingles(text)
    if not found:
        return b""
    minhash = _TEMPLATE.copy()
    minhash.update_batch(found)
    return (minhash.hashvalues & 0xFFFF).astype(_DTYPE).tobytes()


def article_signature(article):
    """Return the likeness signature of an Article: of its lead and body, which two filings of a story share."""
    return signature("\n".join((article.lead, article.body)))


def values(signature_bytes):
    """Return the minimum hashes of one signature as an array, or of many joined end to end as rows of a matrix."""
    found = numpy.frombuffer(signature_bytes, _DTYPE)
    return found if len(found) <= PERMUTATIONS else found.reshape(-1, PERMUTATIONS)


def similarity(first, second):
    """Return the estimated Jaccard similarity of two texts' shingles from their signatures (arrays of values).

    >>> a = values(signature("Mưa lớn làm ngập nhiều tuyến đường ở quận Hải Châu chiều qua"))
    >>> b = values(signature("Mưa lớn làm ngập nhiều tuyến đường ở quận Hải Châu chiều nay"))
    >>> 0.6 < similarity(a, b) < 1.0, similarity(a, a)
    (True, 1.0)
    """
    return float(numpy.count_nonzero(first == second)) / len(first)
