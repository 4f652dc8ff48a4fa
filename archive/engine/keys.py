"""Dictionary keys of spelling terms: the exact form written as the accents it adds to the folded form.

A spelling term holds a word or pair twice, folded and exact (``hai_chau|hải_châu``),
and the exact form was most of a term's bytes. Every Vietnamese accented letter
folds to one unaccented letter, so the exact form is the folded one with a few
letters replaced: the key keeps the folded form and the mark, then two bytes per
replaced letter, how many letters it skips and which accented letter it is. An
exact form that is not the folded one letter for letter (a letter of another
script, a very long word) is kept whole after ``WHOLE``. Keys of one folded form
still start with the folded form and the mark, so its spellings stay one run of
the dictionary; the writer sorts by key. A query looks a term up in every segment,
so keys are kept for the terms used last.

>>> key_of("hai_chau|hải_châu".encode()), term_of(key_of("hai_chau|hải_châu".encode())).decode()
(b'hai_chau|\\x01\\x18\\x04\\x03', 'hai_chau|hải_châu')
"""

import functools

from archive.text.vietnamese import SPELLING_MARK, fold

# Every lowercase accented letter of Vietnamese, numbered from 1 in code point order.
LETTERS = sorted("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
_CODES = {letter: code for code, letter in enumerate(LETTERS, 1)}
_MARK = SPELLING_MARK.encode()
# Leads an exact form kept whole; no skip is this large.
WHOLE = 0xFF
_MAX_SKIP = 0xFE


@functools.lru_cache(maxsize=1 << 16)
def key_of(term):
    """Return the dictionary key of a term (bytes): a spelling term's exact form as replaced letters, others as they are.

    >>> key_of(b"tp|"), key_of(b"hcm"), key_of("a|ω".encode())
    (b'tp|', b'hcm', b'a|\\xff\\xcf\\x89')
    """
    folded, mark, exact = term.partition(_MARK)
    if not mark or not exact:
        return term
    letters, replaced = folded.decode(), exact.decode()
    if len(letters) != len(replaced):
        return folded + mark + bytes([WHOLE]) + exact
    coded, last = bytearray(), -1
    for position, (plain, letter) in enumerate(zip(letters, replaced)):
        if plain == letter:
            continue
        code = _CODES.get(letter)
        if code is None or fold(letter) != plain or position - last - 1 > _MAX_SKIP:
            return folded + mark + bytes([WHOLE]) + exact
        coded += bytes([position - last - 1, code])
        last = position
    return folded + mark + bytes(coded)


def term_of(key):
    """Return the term a dictionary key stands for.

    >>> term_of(b"tp|"), term_of(b"a|\\xff\\xcf\\x89").decode()
    (b'tp|', 'a|ω')
    """
    folded, mark, coded = key.partition(_MARK)
    if not mark or not coded:
        return key
    if coded[0] == WHOLE:
        return folded + mark + coded[1:]
    letters, position = list(folded.decode()), -1
    for skip, code in zip(coded[::2], coded[1::2]):
        position += skip + 1
        letters[position] = LETTERS[code - 1]
    return folded + mark + "".join(letters).encode()
