"""Places: the administrative units an article names ("Quận Hải Châu", "Phường Quang Trung", "Quận 9").

A place is a unit word followed by a name: capitalised syllables, or a number.
The name stops at the first lowercase word, so "Quận ủy Hải Châu" (the district
party committee) and "xã hội" (society) are not places.
"""

import collections
import re

from archive.text.vietnamese import exact_words

MAX_PLACES = 10
MAX_NAME_SYLLABLES = 4

_UNITS = {
    "thành phố": "Thành phố",
    "thị trấn": "Thị trấn",
    "thị xã": "Thị xã",
    "quận": "Quận",
    "huyện": "Huyện",
    "phường": "Phường",
    "xã": "Xã",
    "tỉnh": "Tỉnh",
    "tp": "Thành phố",
}
# Capitalised words that follow a unit word without being a name: "Huyện Ủy", "Tỉnh Đoàn".
_NOT_NAMES = frozenset({"ủy", "uỷ", "đoàn", "đội", "hội", "ubnd", "hđnd", "mttq", "đảng"})
# Only urban districts and wards are numbered ("Quận 9", "Phường 12"); "thành phố 4 an" is a slogan.
_NUMBERED = frozenset({"Quận", "Phường"})
# "Chủ tịch UBND quận Trần Văn Bảy": a person, recognisable by the middle name Văn or Thị.
_MIDDLE_NAMES = frozenset({"Văn", "Thị"})
_UNIT = r"(?<![\w])(?P<unit>(?i:thành phố|thị trấn|thị xã|quận|huyện|phường|xã|tỉnh|tp\.?))"
_SYLLABLE = r"[^\W\d_a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ][^\W_]*"
PLACE = re.compile(
    _UNIT + rf"[ \t]*(?P<name>\d{{1,2}}\b|{_SYLLABLE}(?:[ \t]+{_SYLLABLE}){{0,{MAX_NAME_SYLLABLES - 1}}})",
)


def find_places(text, limit=MAX_PLACES):
    """Return the distinct places named in ``text``, most mentioned first, at most ``limit``.

    >>> find_places("Quận ủy Hải Châu họp. UBND quận Hải Châu và phường Quang Trung; Quận 9, quận Hải Châu.")
    ['Quận Hải Châu', 'Phường Quang Trung', 'Quận 9']
    >>> find_places("văn hóa - xã hội, Huyện ủy Hương Khê, Thành phố 4 an, Chủ tịch UBND quận Trần Văn Bảy")
    []
    """
    counts = collections.Counter()
    names = {}
    for match in PLACE.finditer(text):
        place = _normalise(match.group("unit"), match.group("name"))
        if place is None:
            continue
        key = " ".join(exact_words(place))
        counts[key] += 1
        names.setdefault(key, place)
    order = {key: position for position, key in enumerate(names)}
    ranked = sorted(counts, key=lambda key: (-counts[key], order[key]))
    return [names[key] for key in ranked[:limit]]


def _normalise(unit, name):
    """Return "Unit Name" with the unit capitalised, or None when the name is not a place name."""
    shouting = unit.isupper() and unit.lower().rstrip(".") != "tp"
    unit = _UNITS[unit.lower().rstrip(".")]
    # A heading in capitals ("QUẬN HẢI CHÂU") names the place in its natural case.
    words = [word.title() for word in name.split()] if shouting else name.split()
    if (words[0].isdigit() and unit not in _NUMBERED) or (len(words) >= 3 and words[1] in _MIDDLE_NAMES):
        return None
    kept = []
    for word in words:
        if word.lower() in _NOT_NAMES or (kept and word.lower() in _UNITS):
            break
        kept.append(word)
    if not kept:
        return None
    return f"{unit} {' '.join(kept)}"
