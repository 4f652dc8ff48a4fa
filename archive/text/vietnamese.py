"""Vietnamese text normalisation: plain functions shared by indexing and querying.

Nothing here depends on Whoosh, so another engine can index the same canonical
forms. Three levels exist:

* ``clean`` makes text canonical for display: NFC, entities decoded, zero-width
  characters and non-breaking spaces gone, ``\\n`` line endings.
* ``exact_form`` is the index form of one word with accents kept: lowercase, with
  the tone mark placed in the traditional style (``hòa``, ``thủy``, ``khỏe``)
  whatever the placement typed.
* ``folded_form`` drops every accent and maps ``đ`` to ``d``, so that an unaccented
  query finds every accented spelling.
"""

import functools
import html
import re
import unicodedata

import numpy

# Regular expressions, not str.translate with a dict: translate looks up every character.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u2007\u202f\u3000]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# What str.isalnum accepts: a word character that is not the underscore.
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = frozenset("aăâeêioôơuưy")
_MODIFIED_VOWELS = frozenset("ăâêôơư")

# Numbers keep their separators ("3.589,625"); otherwise a token is a run of
# letters and digits, so "TP.HCM" -> "TP", "HCM" and "HIV/AIDS.Dự" -> three words.
TOKEN_PATTERN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")


def clean(text):
    """Return display text in canonical form: NFC, no invisible characters, plain line breaks.

    >>> clean("Qu\\u1eadn&nbsp;9\\u200b &amp; H\\u1ea3i Ch\\u00e2u\\r\\n") == "Quận 9 & Hải Châu\\n"
    True
    >>> clean(unicodedata.normalize("NFD", "Đà Nẵng")) == "Đà Nẵng"
    True
    """
    text = html.unescape(text) if "&" in text else text
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    return _LINE_BREAKS.sub("\n", text)


def place_tone(word):
    """Return ``word`` with its tone mark on the vowel the traditional style puts it on.

    >>> [place_tone(w) for w in ["hoà", "thuỷ", "khoẻ", "Quận", "uỷ", "HOÀ"]]
    ['hòa', 'thủy', 'khỏe', 'Quận', 'ủy', 'HÒA']
    >>> [place_tone(w) for w in ["hoàn", "thuyền", "ngoại", "quý", "giữa", "gì", "covid"]]
    ['hoàn', 'thuyền', 'ngoại', 'quý', 'giữa', 'gì', 'covid']
    """
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    target = _tone_position(bare.lower())
    if target is None:
        return word
    return unicodedata.normalize("NFC", bare[: target + 1] + tones[0] + bare[target + 1 :])


def _tone_position(syllable):
    """Return the index of the vowel that carries the tone in ``syllable``, or None if it is not Vietnamese."""
    start = 0
    if syllable[:2] in ("qu", "gi") and syllable[2:3] in _VOWELS:
        start = 2
    vowels = [i for i in range(start, len(syllable)) if syllable[i] in _VOWELS]
    if not vowels or vowels[-1] - vowels[0] + 1 != len(vowels):
        return None
    modified = [i for i in vowels if syllable[i] in _MODIFIED_VOWELS]
    if modified:
        return modified[-1]
    if len(vowels) == 1:
        return vowels[0]
    if vowels[-1] < len(syllable) - 1:
        return vowels[-1]
    return vowels[len(vowels) // 2] if len(vowels) == 3 else vowels[0]


def _build_fold_table():
    """Map every precomposed Latin letter with marks to its bare letter, and đ to d.

    A list indexed by code point, which ``str.translate`` reads faster than a dict;
    it runs through general punctuation, so that only rarer characters miss it.
    """
    table = list(range(0x2100))
    table[ord("đ")], table[ord("Đ")] = ord("d"), ord("D")
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = ord(base)
    return table


_FOLD_TABLE = _build_fold_table()
_FOLD_CODES = numpy.array(_FOLD_TABLE, numpy.uint32)
# Past this length, mapping the code points as an array beats ``str.translate``, which looks each one up in
# turn: five times over for an article of 4,000 characters (the two cross at about 300).
_FOLD_AS_ARRAY = 512


def fold(text):
    """Return ``text`` without accents, with đ mapped to d (case is kept).

    >>> fold("Đà Nẵng, Quận ủy, THỪA THIÊN HUẾ")
    'Da Nang, Quan uy, THUA THIEN HUE'
    >>> fold("Hà Nội 🌧 " * 60) == "Ha Noi 🌧 " * 60
    True
    """
    if len(text) < _FOLD_AS_ARRAY:
        return text.translate(_FOLD_TABLE)
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), numpy.uint32)
    folded = numpy.where(codes < len(_FOLD_CODES), _FOLD_CODES[numpy.minimum(codes, len(_FOLD_CODES) - 1)], codes)
    return folded.tobytes().decode("utf-32-le", "surrogatepass")


@functools.lru_cache(maxsize=500_000)
def exact_form(word):
    """Return the accented index form of one word: lowercase, traditional tone placement.

    >>> exact_form("Uỷ"), exact_form("ủy"), exact_form("HOÀ")
    ('ủy', 'ủy', 'hòa')
    """
    return place_tone(word.lower()) if not word.isascii() else word.lower()


@functools.lru_cache(maxsize=500_000)
def folded_form(word):
    """Return the accent-free index form of one word.

    >>> folded_form("ĐẮK LẮK")
    'dak lak'
    """
    return fold(word.lower())


def tokens(text):
    """Yield ``(word, start, end)`` for each word of ``text``, offsets into ``text``.

    >>> [w for w, _, _ in tokens("TP.HCM chi 3.589,625 tỷ cho HIV/AIDS.Dự án Covid-19 ở Quận 9")]
    ['TP', 'HCM', 'chi', '3.589,625', 'tỷ', 'cho', 'HIV', 'AIDS', 'Dự', 'án', 'Covid', '19', 'ở', 'Quận', '9']
    """
    for match in TOKEN_PATTERN.finditer(text):
        yield match.group(), match.start(), match.end()


def word_hits(text, folded_words):
    """Return ``(start, end, folded form)`` of every word of ``text`` whose folded form is in ``folded_words``, in order.

    The words are looked for in the folded text with ``str.find``, which is many
    times faster than splitting a whole article into words. A letter whose
    lowercase is longer would shift the offsets, so such a text is split instead.

    >>> word_hits("Hải Châu, hai châu; chạy 3.5", {"hai", "chau", "3"})
    [(0, 3, 'hai'), (4, 8, 'chau'), (10, 13, 'hai'), (14, 18, 'chau')]
    """
    folded = fold(text.lower())
    if len(folded) != len(text):
        found = (match.span() for match in TOKEN_PATTERN.finditer(text))
        return [(start, end, key) for start, end in found if (key := folded_form(text[start:end])) in folded_words]
    hits = []
    for word in folded_words:
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            if _whole_word(folded, start, end):
                hits.append((start, end, word))
            start = folded.find(word, start + 1)
    return sorted(hits)


def _whole_word(text, start, end):
    """Tell whether ``text[start:end]`` is one whole word as ``tokens`` splits them, not part of one."""
    before, after = text[start - 1 : start] if start else "", text[end : end + 1]
    if before.isalnum() or after.isalnum():
        return False
    # Numbers keep their separators: "3" is not a word of "3.5".
    return not (text[start].isdigit() and before in ".," and text[start - 2 : start - 1].isdigit()
                or text[end - 1].isdigit() and after in ".," and text[end + 1 : end + 2].isdigit())


def next_to(text, first, second):
    """Tell whether two spans of ``text`` are neighbouring words, with nothing but spaces and punctuation between.

    >>> next_to("Hải, Châu 9", (0, 3), (5, 9)), next_to("Hải Châu 9", (0, 3), (9, 10))
    (True, False)
    """
    return _LETTER_OR_DIGIT.search(text, first[1], second[0]) is None


def exact_words(text):
    """Return the exact index forms of the words of ``text``, NFD or NFC alike.

    >>> exact_words("Quận Hải Châu")
    ['quận', 'hải', 'châu']
    """
    return [exact_form(word) for word, _, _ in tokens(clean(text))]


def folded_words(text):
    """Return the folded index forms of the words of ``text``.

    >>> folded_words("Đà Nẵng, TP.HCM")
    ['da', 'nang', 'tp', 'hcm']
    """
    return [folded_form(word) for word, _, _ in tokens(clean(text))]


def bigram(first, second):
    """Return the form of two neighbouring words in an index term.

    >>> bigram("hai", "chau")
    'hai_chau'
    """
    return f"{first}_{second}"


# Separates the folded form of an index term from its exact form.
SPELLING_MARK = "|"


def spelling_term(folded, exact):
    """Return the index term of a word or pair: its folded form, then its exact form when that carries accents.

    Terms sort by folded form, so the spellings of one folded form are one run of the
    term dictionary, read by prefix.

    >>> spelling_term("hai_chau", "hải_châu"), spelling_term("tp", "tp")
    ('hai_chau|hải_châu', 'tp|')
    """
    return f"{folded}{SPELLING_MARK}{'' if exact == folded else exact}"


def spelling_of(term):
    """Return ``(folded, exact)`` of an index term made by ``spelling_term``.

    >>> spelling_of("hai_chau|hải_châu"), spelling_of("tp|")
    (('hai_chau', 'hải_châu'), ('tp', 'tp'))
    """
    folded, _, exact = term.partition(SPELLING_MARK)
    return folded, exact or folded


def index_terms(text):
    """Return the index terms of the words and of the neighbouring word pairs of clean ``text``, and its folded
    words, tokenizing once.

    >>> index_terms("Quận uỷ ở TP.HCM")  # doctest: +NORMALIZE_WHITESPACE
    (['quan|quận', 'uy|ủy', 'o|ở', 'tp|', 'hcm|'], ['quan_uy|quận_ủy', 'uy_o|ủy_ở', 'o_tp|ở_tp', 'tp_hcm|'],
     ['quan', 'uy', 'o', 'tp', 'hcm'])
    """
    exact = [exact_form(word) for word in TOKEN_PATTERN.findall(text)]
    folded = [folded_form(word) for word in exact]
    pairs = zip(folded, folded[1:], exact, exact[1:])
    return ([spelling_term(f, e) for f, e in zip(folded, exact)],
            [spelling_term(bigram(f1, f2), bigram(e1, e2)) for f1, f2, e1, e2 in pairs], folded)


def is_folded(word):
    """Tell whether ``word`` carries no accent at all, so it may stand for any accented spelling.

    >>> is_folded("hai"), is_folded("hải"), is_folded("đi")
    (True, False, False)
    """
    return fold(word) == word
