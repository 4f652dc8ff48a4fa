"""Places: the administrative units an article names ("Quận Hải Châu", "Phường Quang Trung", "Quận 9").

A mention is a unit word followed by a name: capitalised syllables (possibly
joined by a dash, "Bà Rịa - Vũng Tàu"), or a number. The name stops at the first
lowercase word, so "Quận ủy Hải Châu" (the district party committee) and "xã
hội" (society) are not mentions. Every mention is then checked against the
gazetteer (``archive.ingest.gazetteer``): the longest run of its syllables that
names a real unit is kept, under the unit's canonical name, and anything else
(a person after "quận", a foreign city, a word glued on by the layout) is dropped,
and so is a unit followed by the name of a foreign country ("TP Đông Hưng, Trung Quốc").
"""

import collections
import re

from archive.ingest.gazetteer import Gazetteer
from archive.ingest.roles import CAPITAL

MAX_PLACES = 10
MAX_NAME_SYLLABLES = 5

_UNITS = {
    "thành phố": "Thành phố",
    "thị trấn": "Thị trấn",
    "thị xã": "Thị xã",
    "quận": "Quận",
    "huyện": "Huyện",
    "phường": "Phường",
    "xã": "Xã",
    "tỉnh": "Tỉnh",
    "đặc khu": "Đặc khu",
    "tp": "Thành phố",
}
_UNIT = r"(?<![\w])(?P<unit>(?i:thành phố|thị trấn|thị xã|đặc khu|quận|huyện|phường|xã|tỉnh|tp\.?))"
_SYLLABLE = CAPITAL + r"[^\W_]*"
_JOIN = r"(?:[ \t]+|[ \t]*[-–][ \t]*)"
PLACE = re.compile(
    _UNIT + rf"[ \t]*(?P<name>\d{{1,2}}\b|{_SYLLABLE}(?:{_JOIN}{_SYLLABLE}){{0,{MAX_NAME_SYLLABLES - 1}}})"
    r"|(?<![\w.])(?P<glued>(?i:tphcm))(?!\w)",
)
# Where a mention may start, looked for in the lowercased text: a case-sensitive list of words is
# scanned by its first letters, many times faster than ``PLACE`` trying every position of an article.
_MENTION_START = re.compile(r"thành phố|thị trấn|thị xã|đặc khu|quận|huyện|phường|xã|tỉnh|tp")


# A unit named after a foreign country is abroad, however Vietnamese its name: "TP Đông Hưng, Trung Quốc".
_ABROAD = re.compile(
    r"[ \t]*[,(–-]?[ \t]*(?:(?:tỉnh|bang|thuộc|của|ở|nước)[ \t]+)?(?:Trung Quốc|Đài Loan|Hàn Quốc|Triều Tiên|Nhật Bản|"
    r"Thái Lan|Lào|Campuchia|Myanmar|Malaysia|Indonesia|Philippines|Singapore|Ấn Độ|Pakistan|Nga|Ukraine|Mỹ|Hoa Kỳ|"
    r"Canada|Australia|Úc|Anh|Pháp|Đức|Italy|Ý|Tây Ban Nha|Syria|Iraq|Iran|Israel|Afghanistan)\b"
)


def find_places(text, limit=MAX_PLACES, gazetteer=None):
    """Return the distinct real units named in ``text``, canonically named, most mentioned first, at most ``limit``.

    >>> find_places("Quận ủy Hải Châu họp. UBND quận Hải Châu và phường Thạch Thang; Quận 9, quận Hải Châu.")
    ['Quận Hải Châu', 'Phường Thạch Thang', 'Quận 9']
    >>> find_places("TP.HCM, TP HCM, Thành phố Hồ Chí Minh; tỉnh Bà Rịa - Vũng Tàu; thành phố New York")
    ['Thành phố Hồ Chí Minh', 'Tỉnh Bà Rịa - Vũng Tàu']
    >>> find_places("văn hóa - xã hội, Huyện ủy Hương Khê, Thành phố 4 an, Chủ tịch UBND quận Trần Văn Bảy")
    []
    """
    gazetteer = gazetteer or Gazetteer.default()
    counts = collections.Counter()
    for match in _mentions(text):
        place = _canonical(gazetteer, match)
        if place is not None and not _ABROAD.match(text, match.end()):
            counts[place] += 1
    # Counter keeps first-seen order among equal counts, so ties go to the earlier mention.
    return [place for place, _ in counts.most_common(limit)]


def _mentions(text):
    """Yield the matches of ``PLACE`` in ``text``, as ``PLACE.finditer`` would, trying it only where a unit word starts.

    >>> [m.group() for m in _mentions("Quận ủy Hải Châu, UBND quận Hải Châu và TPHCM")]
    ['quận Hải Châu', 'TPHCM']
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lowercase is longer would shift the offsets
        yield from PLACE.finditer(text)
        return
    start = _MENTION_START.search(lowered)
    while start is not None:
        match = PLACE.match(text, start.start())
        if match:
            yield match
        start = _MENTION_START.search(lowered, match.end() if match else start.start() + 1)


def _canonical(gazetteer, match):
    """Return the canonical name of the unit a match names, or None when no real unit is named."""
    if match.group("glued"):
        return gazetteer.canonical("Thành phố", ["HCM"])[0]
    unit = _UNITS[match.group("unit").lower().rstrip(".")]
    found = gazetteer.canonical(unit, re.sub(r"[-–]", " ", match.group("name")).split())
    return found[0] if found else None
