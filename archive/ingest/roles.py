"""Line roles: what each line of a scraped page is, judged from its own shape and labels.

A page is read line by line, and each line gets one role from evidence that does
not depend on where a site prints it: widgets and counters, breadcrumbs, datelines,
bylines (with or without a label or a role), photo captions, headings (short,
capitalised, not ended like a sentence or by a "(NAME)" signature) and running text. The headline is then
picked among the headings by their neighbours (``archive.ingest.headline``); a
line with another role is never a title.
"""

import dataclasses
import datetime
import enum
import re

from archive.ingest.boilerplate import is_boilerplate
from archive.ingest.bylines import byline, meta_byline, signature
from archive.ingest.dates import dateline_date

PROSE_MIN_LENGTH = 200
HEADING_MAX_LENGTH = 200
CAPTION_MAX_LENGTH = 250
# A capital letter: a letter that is not one of the lowercase letters Vietnamese text uses ("ấy" is not capitalised).
CAPITAL = r"[^\W\d_a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]"
# A headline starts with a capital or a digit, possibly after a bullet or an opening quote
# ("' Vua ' săn mồi"); a lowercase start is allowed for brand names like "iPhone".
_HEADING_START = re.compile(rf"^(?:[•\-–]\s*)?[\"“‘'«(\[]?\s*(?:\d|[^\W\d_](?=\S*[A-ZĐ])|{CAPITAL})")
_BREADCRUMB = re.compile(r"^(?:(?:trang chủ|home)\s*[»>›/|]|(?:[^»>›]{1,40}\s[»>›]\s){2})", re.IGNORECASE)
# "Ảnh: TTXVN" alone, or a short sentence closed by its photo credit: "Quang cảnh hội nghị. (Ảnh: AFP)".
_CAPTION = re.compile(
    r"(?:^|[.!?…]\s*\(?)\s*(?:ảnh|nguồn ảnh|video|clip|đồ họa|đồ hoạ|infographic)\s*:\s*[^.:()]{1,50}\)?\.?$",
    re.IGNORECASE,
)


class Role(enum.Enum):
    """What a line of a scraped page is."""

    WIDGET = "widget"
    NAVIGATION = "navigation"
    DATELINE = "dateline"
    BYLINE = "byline"
    CAPTION = "caption"
    HEADING = "heading"
    TEXT = "text"


# Lines that tell who and when: the headline stands right above or right below them.
META_ROLES = frozenset({Role.DATELINE, Role.BYLINE})


@dataclasses.dataclass(frozen=True)
class Line:
    """One stripped line of a page with its role, and the date or author it states."""

    text: str
    role: Role
    date: datetime.datetime | None = None
    author: str | None = None

    @property
    def anchors_headline(self):
        """Tell whether the headline is to be looked for beside this line: a dateline, or a byline with a label."""
        return self.role is Role.DATELINE or (self.role is Role.BYLINE and self.text.strip("() .") != self.author)


def classify(text):
    """Return the Line for one stripped line of a page, its role judged from the line alone.

    >>> [classify(s).role.value for s in ["Trang chủ » Tin tức", "Tác giả: Lê Tân", "2024-02-05 08:15", "Ảnh: TTXVN"]]
    ['navigation', 'byline', 'dateline', 'caption']
    >>> line = classify("05/02/2024 | Tác giả: Lê Tân | Lượt xem: 12")
    >>> line.role.value, line.date.day, line.author
    ('dateline', 5, 'Lê Tân')
    """
    if is_boilerplate(text):
        return Line(text, Role.WIDGET)
    if _BREADCRUMB.match(text) and len(text) <= HEADING_MAX_LENGTH:
        return Line(text, Role.NAVIGATION)
    author = byline(text)
    if author:
        return Line(text, Role.BYLINE, author=author)
    meta = meta_byline(text)
    date = dateline_date(meta[1] if meta else text)
    if date is not None:
        return Line(text, Role.DATELINE, date=date, author=meta[0] if meta else None)
    # Without a date beside it, a labelled name counts only among widgets: "Tác giả: X | Lượt xem: 12".
    if meta and (not meta[1] or is_boilerplate(meta[1])):
        return Line(text, Role.BYLINE, author=meta[0])
    if is_caption(text):
        return Line(text, Role.CAPTION)
    if is_heading(text) and not signature(text):
        return Line(text, Role.HEADING)
    return Line(text, Role.TEXT)


def is_caption(line):
    """Tell whether a line is a photo caption or credit rather than article text.

    >>> [is_caption(s) for s in ["Ảnh: TTXVN", "Quang cảnh hội nghị. (Ảnh: AFP)", "Ông Trump phát biểu. Ảnh: Reuters"]]
    [True, True, True]
    >>> is_caption("Ảnh hưởng của bão số 3 rất lớn"), is_caption("Theo ông A, dự án sẽ xong vào năm sau.")
    (False, False)
    """
    return len(line) <= CAPTION_MAX_LENGTH and bool(_CAPTION.search(line))


def is_heading(line):
    """Tell whether a line can be a headline: capitalised, short, not ending like a sentence or a label.

    Headlines may hold several sentences ("'Cha, mẹ! Con đã về' – Đây là ...") but never end with a full stop.

    >>> [is_heading(s) for s in ["Quận 9 họp bàn", "thời tiết các vùng", "iPhone 8 ra mắt", "Hà Nội:", "' Vua ' săn mồi", "Hội nghị kết thúc."]]
    [True, False, True, False, True, False]
    """
    if len(line) > HEADING_MAX_LENGTH or line.endswith((":", ",", ";")) or is_prose(line):
        return False
    if line.endswith(".") and not line.endswith(".."):
        return False
    return bool(_HEADING_START.match(line))


def is_prose(line):
    """Tell whether a line is running text (a paragraph) rather than a heading.

    >>> is_prose("Quận 9 họp bàn"), is_prose("Hội nghị diễn ra. " * 15)
    (False, True)
    """
    return len(line) >= PROSE_MIN_LENGTH or (len(line.split()) >= 20 and line.endswith((".", ";", ":", "?", "!", "…")))
