"""Page kinds: whether a file is an article, or a listing, tag or profile page scraped along with the articles.

Portals print pages that are not articles: a section's front, a tag or topic
page, an author's profile. Hiding one of them costs little, but hiding an article
loses it, so a page is an article unless its address or its shape says otherwise.

* The address, when the file gives one, names tag and profile pages by a path
  segment (``/tag/``, ``/chu-de/``, ``/tac-gia/``), and a section's front by
  holding no article slug (``https://site.vn/the-gioi``).
* The shape: a list of dated entries (headlines with a time or date line
  beside them, or "Headline (12/02/2024)") with no article body, only short
  teasers between the entries; or a run of bare clock times and "5' trước"
  (video lengths, a news feed). A page labelled "Tag: ..." or "Chủ đề: ..."
  counts as a list with headlines alone.
* Words only name the kind of a page whose shape is already a list: a label or
  title such as "Tag:", "Tác giả:" or "Bài viết của" never hides an article.
"""

import re
import urllib.parse

from archive.ingest.dates import RELATED_LINK, dateline_date
from archive.ingest.roles import is_heading, is_prose

ARTICLE, LISTING, TAG, PROFILE = "article", "listing", "tag", "profile"
KINDS = (ARTICLE, LISTING, TAG, PROFILE)

_ADDRESS_KINDS = [
    (re.compile(r"/(?:tag|tags|chu-de|tu-khoa|topic|keyword)(?:/|-\d)|/tag-\d", re.IGNORECASE), TAG),
    (re.compile(r"/(?:tac-gia|author|authors|profile)(?:/|-\d)", re.IGNORECASE), PROFILE),
]
_LABEL_KINDS = [
    (re.compile(r"^(?:tag|tags|từ khóa|từ khoá|chủ đề)\s*[:：]", re.IGNORECASE), TAG),
    (re.compile(r"^(?:bài viết của|hồ sơ tác giả)\s|^tác giả\s*[:：]", re.IGNORECASE), PROFILE),
    (re.compile(r"^tin (?:tức|nhanh|mới)\b.*\b(?:mới nhất|hôm nay|24h)\b", re.IGNORECASE), LISTING),
]
# Clock times and video lengths ("03:13"), not inside dates or scores like "2-1"; and "5' trước", "2 giờ trước".
_TIMESTAMP = re.compile(r"(?<![\d:/.,])\d{1,2}:\d{2}(?![\d:])")
_RELATIVE_TIME = re.compile(r"(?<!\d)\d{1,2}(?:'|′| phút| giờ) trước\b", re.IGNORECASE)
_STAMP_LINE = re.compile(rf"^\W*(?:{_TIMESTAMP.pattern}|{_RELATIVE_TIME.pattern})\W*$", re.IGNORECASE)
# A section's name in an address: lowercase words joined by hyphens ("thoi-su", "tin-tuc-24h"), no article id.
_SECTION_SLUG = re.compile(r"^(?!.*\d{4})[a-z0-9]+(?:-[a-z0-9]+){0,2}$")
# A list shows at least this many entries; bare times count from this many in a row.
MIN_ENTRIES = 6
MIN_RUN = 3
# An article's body: a run of running text longer than a teaser.
TEASER_CHARS = 320
MAX_PROSE_CHARS = 1500
# Lines from the top where a "Tag: ..." label may stand above the list.
HEADER_LINES = 3


def page_kind(title, paragraphs, url=None):
    """Return the kind of a page from its address, else from its shape, named by its title or label lines.

    >>> page_kind("Lady GaGa", ["Video nổi bật 01:27 01:07 03:13 05:34 04:19 02:37 Tải ứng dụng Liên hệ"])
    'listing'
    >>> page_kind("Lady GaGa", ["..."], url="https://video.vnexpress.net/lady-gaga/tag-264256-1.html")
    'tag'
    >>> page_kind("Hà Nội tiêm vắc-xin", ["Hà Nội triển khai tiêm vắc-xin cho trẻ em.", "Tác giả: Minh Anh"])
    'article'
    """
    named = address_kind(url) if url else None
    if named:
        return named
    labelled = next((kind for pattern, kind in _LABEL_KINDS
                     for line in [title, *paragraphs[:HEADER_LINES]] if pattern.search(line)), None)
    return (labelled or LISTING) if _reads_as_listing(paragraphs, labelled is not None) else ARTICLE


def address_kind(url):
    """Return the kind a page's address names (tag, profile, or listing for a section's front), else None.

    >>> [address_kind(u) for u in ["https://vnexpress.net/tag/bao-so-3-12", "https://vnexpress.net/the-gioi",
    ...                           "https://vnexpress.net/chay-nha-ba-tang-o-sai-gon-4699060.html",
    ...                           "https://vi.wikipedia.org/wiki/H%C3%A0_N%E1%BB%99i", "https://site.vn/doc.asp?id=12"]]
    ['tag', 'listing', None, None, None]
    """
    for pattern, kind in _ADDRESS_KINDS:
        if pattern.search(url):
            return kind
    parts = urllib.parse.urlsplit(url.strip())
    segments = [segment.rsplit(".", 1)[0] for segment in parts.path.split("/") if segment]
    # A page picked by its query string ("reader.asp?id=12") or named in other words ("wiki/Hà_Nội") is no section.
    if parts.query or not all(_SECTION_SLUG.match(segment) for segment in segments):
        return None
    return LISTING


def _reads_as_listing(paragraphs, labelled):
    """Tell whether paragraphs are a list of entries rather than an article: bare times, or dated entries without a body.

    Headlines alone count as entries on a labelled page ("Tag: ..."); elsewhere they may be photo captions.
    """
    if _bare_times("\n".join(paragraphs)) >= MIN_ENTRIES:
        return True
    entries = [i for i, line in enumerate(paragraphs) if _is_entry(paragraphs, i, labelled)]
    if len(entries) < MIN_ENTRIES:
        return False
    text = [i for i, line in enumerate(paragraphs) if _is_text(line)]
    if sum(len(paragraphs[i]) for i in text) > MAX_PROSE_CHARS or _longest_run(paragraphs, text) > TEASER_CHARS:
        return False
    # Teasers stand between the entries; an article's lead stands before a list of related headlines.
    return sum(1 for i in text if i > entries[1]) * 2 >= len(text)


def _bare_times(text):
    """Return how many times in ``text`` stand three or more in a row with nothing but spaces between them
    (a list of video lengths), or say "5' trước"; a pair is a time range ("07:00 12:00"), not a list.

    >>> _bare_times("01:27 01:07 03:13 lúc 14:00, 5' trước, từ 07:00 12:00")
    4
    """
    in_rows, run, end = 0, 0, None
    for stamp in _TIMESTAMP.finditer(text):
        run = run + 1 if end is not None and not text[end : stamp.start()].strip() else 1
        in_rows += (run == MIN_RUN) * MIN_RUN + (run > MIN_RUN)
        end = stamp.end()
    return in_rows + len(_RELATIVE_TIME.findall(text))


def _is_entry(paragraphs, i, labelled):
    """Tell whether line ``i`` marks one entry of a list: a dated headline, a time or date beside a headline,
    or on a labelled page a headline alone.

    A time without a headline beside it is an update of a live report, not an entry.
    """
    line = paragraphs[i]
    if RELATED_LINK.search(line):
        return True
    if _STAMP_LINE.match(line) or (len(line) <= 40 and dateline_date(line) is not None):
        return any(_is_headline(paragraphs[j]) for j in (i - 1, i + 1) if 0 <= j < len(paragraphs))
    return labelled and _is_headline(line)


def _is_headline(line):
    """Tell whether a line reads as another article's headline: a heading of four words or more, not a list item."""
    return is_heading(line) and len(line.split()) >= 4 and not line.startswith(("-", "•", "–"))


def _is_text(line):
    """Tell whether a line is running text: a paragraph, or a sentence that ends like one."""
    return is_prose(line) or (len(line.split()) >= 8 and line.rstrip("\"”’)").endswith((".", "!", "?", "…")))


def _longest_run(paragraphs, text):
    """Return the most characters of running text standing on consecutive lines."""
    longest = run = 0
    previous = None
    for i in text:
        run = (run if previous == i - 1 else 0) + len(paragraphs[i])
        longest, previous = max(longest, run), i
    return longest
