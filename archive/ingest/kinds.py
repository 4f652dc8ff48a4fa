"""Page kinds: whether a file is an article, or a listing, tag or profile page scraped along with the articles.

Portals print pages that are not articles: a section's front ("Tin tức 24h mới
nhất"), a tag or topic page ("Tag: tai nạn giao thông", ``/chu-de/...``), an
author's profile (``/tac-gia/...``). They hold many short headline-like lines and
timestamps and little running text. A page's address, when its header gives one,
names tag and profile pages outright; otherwise the title and the shape of the
text decide.
"""

import re

from archive.ingest.roles import is_heading, is_prose

ARTICLE, LISTING, TAG, PROFILE = "article", "listing", "tag", "profile"
KINDS = (ARTICLE, LISTING, TAG, PROFILE)

_URL_KINDS = [
    (re.compile(r"/(?:tag|tags|chu-de|tu-khoa|topic|event|su-kien)(?:/|-\d)|/tag-\d", re.IGNORECASE), TAG),
    (re.compile(r"/(?:tac-gia|author|authors|nguoi-viet|profile|ho-so)(?:/|-\d)", re.IGNORECASE), PROFILE),
]
_TITLE_KINDS = [
    (re.compile(r"^(?:tag|tags|từ khóa|từ khoá|chủ đề)\s*[:：]", re.IGNORECASE), TAG),
    (re.compile(r"^(?:(?:bài viết của|hồ sơ tác giả)\s+\S+(?:\s+\S+){0,4}|tác giả\s*[:：].{0,60})$", re.IGNORECASE), PROFILE),
    (re.compile(r"^tin (?:tức|nhanh|mới)\b.*\b(?:mới nhất|hôm nay|24h)\b", re.IGNORECASE), LISTING),
]
# Clock times and video lengths ("03:13") in a page's text, not inside dates or scores like "2-1".
_TIMESTAMP = re.compile(r"(?<![\d:/.,])\d{1,2}:\d{2}(?![\d:])")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?(?=\s|$)")
# A listing shows at least this many headlines or timestamps, and more of them than sentences of text.
MIN_ITEMS = 6
# Running text a listing may hold: a timestamped one (a schedule, a feed) some, a list of headlines
# little, since short articles are often followed by a list of related headlines.
MAX_PROSE_CHARS = 1500
MAX_HEADLINE_LIST_PROSE = 400
# Lines from the top where a "Tag: ..." label may stand above the list.
HEADER_LINES = 3


def page_kind(title, paragraphs, url=None):
    """Return the kind of a page from its address, its title and its lines (a label line near the top counts too).

    >>> page_kind("Lady GaGa", ["Video nổi bật 01:27 01:07 03:13 05:34 04:19 02:37 Tải ứng dụng Liên hệ"])
    'listing'
    >>> page_kind("Lady GaGa", ["..."], url="https://video.vnexpress.net/lady-gaga/tag-264256-1.html")
    'tag'
    >>> page_kind("Quận 9 họp bàn", ["Chiều 14/1, UBND Quận 9 tổ chức hội nghị lúc 14:00.", "Đoạn hai."])
    'article'
    """
    for pattern, kind in _URL_KINDS:
        if url and pattern.search(url):
            return kind
    for pattern, kind in _TITLE_KINDS:
        # A "Tag: ..." label may stand above the list; a title's wording only counts in the title.
        lines = [title, *paragraphs[:HEADER_LINES]] if kind != LISTING else [title]
        if any(pattern.search(line) for line in lines):
            return kind
    return LISTING if _reads_as_listing(paragraphs) else ARTICLE


def _reads_as_listing(paragraphs):
    """Tell whether paragraphs are mostly headlines and timestamps rather than running text."""
    prose = sum(len(p) for p in paragraphs if is_prose(p))
    if prose > MAX_PROSE_CHARS:
        return False
    text = "\n".join(paragraphs)
    sentences = len(_SENTENCE_END.findall(text))
    stamps = len(_TIMESTAMP.findall(text))
    headlines = sum(1 for p in paragraphs if is_heading(p) and len(p.split()) >= 4)
    if stamps >= MIN_ITEMS and stamps > sentences:
        return True
    return prose <= MAX_HEADLINE_LIST_PROSE and headlines >= MIN_ITEMS and headlines > sentences
