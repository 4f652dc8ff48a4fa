"""Publication dates: find and parse the date shapes Vietnamese news sites print.

A date needs a four-digit year to count: "Sáng 12-9" or "Chiều 14/1" tell the day
of an event, not when the article was published. Every date is range-checked
by ``datetime`` itself, so "31/02/2024" is rejected rather than guessed. Times
are read as 24-hour clock unless followed by CH/PM (afternoon) or SA/AM.
"""

import datetime
import re

_TIME = r"(?P<hour>\d{1,2})\s*(?::|h|giờ)\s*(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*(?P<half>CH|SA|PM|AM|ch|sa|pm|am)\b)?"
_DMY = r"(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>\d{4})"
_YMD = r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
_WORDS = r"ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s*(?:,\s*|\s+)năm\s+(?P<year>\d{4})"
# The time may follow the date ("15/03/2023 | 19:52", "17/01/2019, 20:50 CH") or come
# first ("08:15 05/02/2024", "15:50 ngày 18/2/2024"); a few separator characters apart.
_GAP = r"[\s,|\-–—T]*(?:lúc\s+)?"
_SHAPES = [
    re.compile(rf"\b{date}(?!\d)(?:{_GAP}{_TIME})?", re.IGNORECASE) for date in (_YMD, _DMY, _WORDS)
] + [
    re.compile(rf"\b{_TIME}{_GAP}(?:ngày\s+)?{date}\b", re.IGNORECASE) for date in (_DMY, _YMD)
]
_WORD = re.compile(r"[^\W\d_]+")
_NOT_WORDS = re.compile(r"\b(?:GMT|UTC)\b|\b\d+\b")
# A dateline may carry a few words of its own ("Thứ năm", "Ngày đăng", "Print ... Gốc",
# "View count"), but a line with more is a sentence that merely mentions a date.
MAX_DATELINE_WORDS = 6
MAX_DATELINE_LENGTH = 100
# "Con tin được phóng thích(20/07/2004)": a link to another article, dated in brackets.
RELATED_LINK = re.compile(r"[^\W\d_?!\"”'’]?[\w?!\"”'’]\s?\(\d{1,2}/\d{1,2}/\d{4}\)\s*$")
MIN_YEAR, MAX_YEAR = 1900, 2100


def parse_date(text):
    """Return the first valid date (with its time, if printed) in ``text`` as a naive datetime, or None.

    >>> parse_date("Ngày đăng 15/03/2023 | 19:52  | View count: 55")
    datetime.datetime(2023, 3, 15, 19, 52)
    >>> parse_date("Thứ năm, 17/01/2019, 08:50 CH")
    datetime.datetime(2019, 1, 17, 20, 50)
    >>> parse_date("ngày 5 tháng 2 năm 2024"), parse_date("Sáng 12-9"), parse_date("31/02/2024")
    (datetime.datetime(2024, 2, 5, 0, 0), None, None)
    """
    found = _first_match(text)
    return found[0] if found else None


def _first_match(text):
    """Return ``(datetime, match)`` for the earliest valid date in ``text``, or None."""
    best = None
    for shape in _SHAPES:
        for match in shape.finditer(text):
            value = _to_datetime(match)
            if value is not None:
                if best is None or match.start() < best[1].start():
                    best = (value, match)
                break
    return best


def _to_datetime(match):
    """Build the datetime a match describes, or None when a field is out of range."""
    parts = match.groupdict()
    year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        day_only = datetime.datetime(year, month, day)
    except ValueError:
        return None
    hour = minute = second = 0
    if parts.get("hour") is not None:
        hour, minute = int(parts["hour"]), int(parts["minute"])
        second = int(parts["second"] or 0)
        half = (parts.get("half") or "").upper()
        if half in ("CH", "PM") and hour < 12:
            hour += 12
        elif half in ("SA", "AM") and hour == 12:
            hour = 0
    try:
        return day_only.replace(hour=hour, minute=minute, second=second)
    except ValueError:
        # A garbled time ("25:10") does not spoil a valid date.
        return day_only


def dateline_date(line):
    """Return the date of ``line`` if the line is a dateline (a date plus a few words), else None.

    >>> dateline_date("Print Thứ Sáu, 22/09/2023 18:15 Gốc")
    datetime.datetime(2023, 9, 22, 18, 15)
    >>> dateline_date("Chỉ thị 21 ngày 1/11/2017 của Thành ủy về trật tự xây dựng, an toàn lao động") is None
    True
    """
    if len(line) > MAX_DATELINE_LENGTH or RELATED_LINK.search(line):
        return None
    found = _first_match(line)
    if found is None:
        return None
    value, match = found
    rest = _NOT_WORDS.sub(" ", line[: match.start()] + " " + line[match.end() :])
    if len(_WORD.findall(rest)) > MAX_DATELINE_WORDS:
        return None
    return value


def find_date(lines):
    """Return ``(index, datetime)`` of the publication dateline among ``lines``, or None.

    Lines are searched from the top, so a dateline in the header beats one in
    the footer (some portals print it only there).

    >>> find_date(["Quận 9 họp", "Thứ năm, 17/01/2019, 20:50 CH", "Chiều 14/1, UBND Quận 9 họp."])
    (1, datetime.datetime(2019, 1, 17, 20, 50))
    """
    for index, line in enumerate(lines):
        value = dateline_date(line)
        if value is not None:
            return index, value
    return None
