"""Text -> Article: find the title, date, author, places, lead and body of one news page.

Three shapes of input are handled:

* scraped pages: the headline is the heading line right before the dateline, or
  else the first heading at the top (navigation lines above it are short and
  lead to more short lines, not to text); pages without one take the title from
  a "QR CODE: ..." footer or from their first sentence;
* dumps with a "Key: value" header (Title, Published Date, Author, Summary, Content);
* Markdown, with optional front matter; the body keeps its Markdown source.

The lead is the page's summary (sapo) if it has one, else its first paragraph;
the body is every other paragraph, joined by blank lines, and never repeats the lead.
"""

import re

from archive.ingest.article import Article
from archive.ingest.boilerplate import footer_start, is_boilerplate
from archive.ingest.bylines import byline, find_author
from archive.ingest.dates import dateline_date, find_date, parse_date
from archive.ingest.frontmatter import split_front_matter, split_header
from archive.ingest.places import find_places
from archive.ingest.reader import SkippedFile, UnreadableFile, read_text

TITLE_MAX_LENGTH = 120
HEADING_MAX_LENGTH = 200
PROSE_MIN_LENGTH = 200
HEADER_ITEMS = 12
# Headlines run to seven syllables or more; shorter lines at the top are only
# trusted as the headline when text or a dateline follows them directly.
HEADLINE_MIN_WORDS = 7

_QR_TITLE = re.compile(r"^QR[ -]?CODE\s*:\s*(?P<title>\S.*)$", re.IGNORECASE)
# A headline starts with a capital or a digit, possibly after a bullet or an opening quote
# ("' Vua ' săn mồi"); a lowercase start is allowed for brand names like "iPhone".
_HEADING_START = re.compile(r"^(?:[•\-–]\s*)?[\"“‘'«(\[]?\s*(?:\d|[^\W\d_](?=\S*[A-ZĐ])|[^\W\d_a-zđ])")
# A sentence ends at a run of full stops, then spaces, then a capital. Each run is tried once, from its
# first mark: a pattern free to start anywhere in a long run (or to take the word before it) is quadratic.
_SENTENCE_BREAK = re.compile(r"(?<![.!?…])(?P<marks>[.!?…]+)[\"”’)]?\s+(?=[\"“‘(]?[^\W\d_a-zđ])")
# The word a run of marks ends, found from its start only (each start is a space or the text's start).
_LAST_WORD = re.compile(r"(?<!\S)\S*\Z")
# Scraped "title + sapo" lines: the news agency tag "(NLĐ)-" ends the headline.
_AGENCY_TAG = re.compile(r"\s*\((?:NLĐO?|TTO|TTXVN|VNA|TN|PLO|DT|VOV|QĐND|CAND|SGGP|GD&TĐ)(?:\)\s*[-–—:]?|\s*[-–—])\s*")
_ABBREVIATIONS = frozenset({"ThS", "Th", "Ts", "Bs", "Ks", "Gs", "Mr", "Mrs", "Ms", "Dr", "St", "Tp", "Tx"})
_SITE_SUFFIX = re.compile(r"\s+[-–|]\s+(?P<site>[^-–|]+)$")
_SITES = ("vnexpress", "tuổi trẻ", "thanh niên", "dân trí", "vietnamnet", "báo ", "zing", "vtc news", "vov", "tin tức")


def load(source, max_bytes):
    """Return the Article read from ``source``, or a SkippedFile with the reason it cannot be read."""
    try:
        text = read_text(source, max_bytes)
    except UnreadableFile as error:
        return SkippedFile(source.relpath, str(error))
    return extract(text, source.relpath, markdown=source.markdown)


def extract(text, path, markdown=False):
    """Return the Article found in clean ``text``; ``path`` is recorded as is.

    >>> article = extract("Quận 9 họp bàn cải cách hành chính năm 2019\\nThứ năm, 17/01/2019, 20:50 CH\\n"
    ...                   "Chiều 14/1, UBND Quận 9 tổ chức hội nghị.\\nĐoạn hai.\\nHOÀNG PHƯƠNG", "a.txt")
    >>> article.title, article.date.isoformat(), article.author, article.places, article.lead, article.body
    ('Quận 9 họp bàn cải cách hành chính năm 2019', '2019-01-17T20:50:00', 'Hoàng Phương', ['Quận 9'], 'Chiều 14/1, UBND Quận 9 tổ chức hội nghị.', 'Đoạn hai.')
    """
    if markdown:
        return _extract_markdown(text, path)
    fields, rest = split_header(text)
    if fields.get("title") or fields.get("content") is not None:
        return _extract_fields(fields, rest, path)
    return _extract_page(text, path)


def _extract_page(text, path):
    """Extract a scraped page: headline, dateline, paragraphs and byline from plain lines."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    found = find_date(lines)
    date = found[1] if found else None
    qr_title = next((m.group("title") for m in map(_QR_TITLE.match, lines) if m), None)
    lines = lines[: footer_start(lines)]
    items = _dedupe([(line, dateline_date(line) is not None) for line in lines if not is_boilerplate(line)])
    title, start, lead = _find_title(items)
    paragraphs = [line for line, is_date in items[start:] if not is_date]
    if lead:
        paragraphs[0:1] = [lead]
    if title is None:
        title = _clean_title(qr_title) if qr_title else first_sentence(paragraphs[0] if paragraphs else "")
    paragraphs = [p for p in paragraphs if p.casefold() != title.casefold()]
    author = find_author(paragraphs)
    if author and paragraphs and byline(paragraphs[-1]) == author:
        paragraphs.pop()
    return _article(path, title, paragraphs, date=date, author=author)


def _extract_fields(fields, rest, path):
    """Extract a dump with a "Key: value" header; the header wins over guesses from the text."""
    paragraphs = [line.strip() for line in rest.split("\n") if line.strip() and not is_boilerplate(line.strip())]
    summary = fields.get("summary", "")
    if summary and paragraphs and paragraphs[0].startswith(summary) and len(paragraphs[0]) > len(summary):
        # Dumps often repeat the summary at the start of the content, glued to the next sentence.
        paragraphs[0] = paragraphs[0][len(summary) :].strip()
    if summary:
        paragraphs = [summary] + [p for p in paragraphs if p != summary]
    title = strip_site_suffix(fields.get("title", ""), fields.get("source"))
    title = title or first_sentence(paragraphs[0] if paragraphs else "")
    date = parse_date(fields.get("date", "")) or (find_date(paragraphs[:HEADER_ITEMS]) or (None, None))[1]
    author = fields.get("author") or find_author(paragraphs)
    return _article(path, title, paragraphs, lambda paragraph: True, date=date, author=author,
                    tags=fields.get("tags", []), source=fields.get("source"))


def _extract_markdown(text, path):
    """Extract a Markdown file: front matter fields, else the first ``#`` heading; the body stays Markdown."""
    fields, rest = split_front_matter(text)
    blocks = [block.strip() for block in re.split(r"\n\s*\n", rest) if block.strip()]
    title = fields.get("title")
    if title and blocks and re.match(r"#\s", blocks[0]) and blocks[0].lstrip("#").strip() == title:
        blocks.pop(0)
    if not title:
        heading = next((b for b in blocks if re.match(r"#\s", b)), None) or next((b for b in blocks if re.match(r"#{1,6}\s", b)), None)
        if heading:
            blocks.remove(heading)
            title = heading.lstrip("#").strip().split("\n")[0]
    prose = [b for b in blocks if not b.startswith("#")]
    title = title or first_sentence(prose[0] if prose else "")
    date = parse_date(fields.get("date", "")) or (find_date(blocks[:HEADER_ITEMS]) or (None, None))[1]
    author = fields.get("author") or find_author(blocks)
    if "summary" in fields:
        blocks.insert(0, fields["summary"])
    return _article(path, title, blocks, lambda block: not block.startswith("#"), date=date, author=author,
                    tags=fields.get("tags", []), source=fields.get("source"), markdown=True)


def _article(path, title, paragraphs, is_lead=None, **fields):
    """Assemble the Article: the first paragraph that ``is_lead`` accepts is the lead; places come from all the text."""
    is_lead = is_lead or _reads_as_text
    position = next((i for i, p in enumerate(paragraphs) if is_lead(p)), 0)
    lead = paragraphs[position] if paragraphs else ""
    body = "\n\n".join(paragraphs[:position] + paragraphs[position + 1 :])
    places = find_places("\n".join([title, lead, body]))
    return Article(path=path, title=title, body=body, lead=lead, places=places, **fields)


def _reads_as_text(paragraph):
    """Tell whether a paragraph is running text, not a headline of another article or a subheading."""
    return is_prose(paragraph) or paragraph.rstrip("\"”’)").endswith((".", "!", "?", "…"))


def _dedupe(items):
    """Drop lines that repeat the line before them (scrapers often print the headline twice)."""
    kept = []
    for item in items:
        if not kept or kept[-1][0].casefold() != item[0].casefold():
            kept.append(item)
    return kept


def _find_title(items):
    """Return ``(title or None, index where the article text starts, lead replacing the first paragraph)``.

    Only the header is searched: the lines above the first paragraph of running text.
    """
    head = items[:HEADER_ITEMS]
    end = next((i for i, (line, is_date) in enumerate(head) if not is_date and is_prose(line)), len(head))
    for index in range(1, end):
        if head[index][1] and not head[index - 1][1] and is_heading(head[index - 1][0]):
            return _clean_title(head[index - 1][0]), index, None
    for index in range(end):
        line, is_date = head[index]
        following = head[index + 1] if index + 1 < len(head) else None
        if not is_date and is_heading(line) and (
            len(line.split()) >= HEADLINE_MIN_WORDS or following is None or following[1] or _is_text(following[0])
        ):
            return _clean_title(line), index + 1, None
    if end < len(head) and end <= 1:
        split = split_title(head[end][0])
        if split:
            return split[0], end, split[1]
    return None, 0, None


def _is_text(line):
    """Tell whether a line reads as text (a sapo or paragraph) rather than one more menu entry or headline."""
    return is_prose(line) or len(line.split()) >= 20 or not is_heading(line)


def is_heading(line):
    """Tell whether a line can be a headline: capitalised, short, not ending like a sentence or a label.

    Headlines may hold several sentences ("'Cha, mẹ! Con đã về' – Đây là ...") but never end with a full stop.

    >>> [is_heading(s) for s in ["Quận 9 họp bàn", "thời tiết các vùng", "iPhone 8 ra mắt", "Hà Nội:", "' Vua ' săn mồi", "Hội nghị kết thúc."]]
    [True, False, True, False, True, False]
    """
    if len(line) > HEADING_MAX_LENGTH or line.endswith((":", ",", ";")):
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


def split_title(line):
    """Return ``(title, sapo)`` when a scraped line glues the headline to its summary, else None.

    >>> split_title("Các bệnh viện đều quá tải (NLĐ) - Hiện nay, các bệnh viện trong tỉnh Cà Mau đều quá tải.")
    ('Các bệnh viện đều quá tải', 'Hiện nay, các bệnh viện trong tỉnh Cà Mau đều quá tải.')
    """
    tag = _AGENCY_TAG.search(line, 0, HEADING_MAX_LENGTH)
    if tag and 2 <= len(line[: tag.start()].split()) and is_heading(line[: tag.start()].strip()):
        return line[: tag.start()].strip(), line[tag.end() :].strip()
    return None


def first_sentence(paragraph, limit=TITLE_MAX_LENGTH):
    """Return the first sentence of ``paragraph``, cut at a word boundary to ``limit`` characters.

    >>> first_sentence("6 tháng đầu năm, tình hình ổn định. Tổng giá trị sản xuất tăng 15,5%.")
    '6 tháng đầu năm, tình hình ổn định'
    >>> first_sentence("TP. Hồ Chí Minh có mưa lớn kéo dài nhiều giờ liền ở khắp các quận huyện", limit=40)
    'TP. Hồ Chí Minh có mưa lớn kéo dài nhiều'
    """
    sentence, searched = paragraph.strip(), 0
    for match in _SENTENCE_BREAK.finditer(sentence):
        # The word with all the marks but the last: "TP" of "TP. Hồ", "chào!" of "chào!! Sau".
        word = _LAST_WORD.search(sentence, searched, match.end("marks") - 1).group()
        if not _is_abbreviation(word):
            sentence = sentence[: match.end("marks")]
            break
        searched = match.end()
    if len(sentence) > limit:
        cut = sentence.rfind(" ", 0, limit + 1)
        sentence = sentence[: cut if cut > 0 else limit]
    return sentence.rstrip(" .,;:-–—")


def _is_abbreviation(word):
    """Tell whether a word before a full stop is an abbreviation ("TP.", "Q.", "ThS.") rather than a sentence end."""
    word = word.strip("\"“(")
    return (word.isupper() and len(word) <= 4) or word in _ABBREVIATIONS


def _clean_title(title):
    """Return a headline without a "QR CODE:" label or surrounding quotes and spaces."""
    match = _QR_TITLE.match(title)
    return (match.group("title") if match else title).strip()


def strip_site_suffix(title, source=None):
    """Return ``title`` without a trailing " - Site name" when the suffix names the source or a news site.

    >>> strip_site_suffix("Máy bay lần đầu ra nước ngoài - VnExpress Kinh doanh", "VnExpress")
    'Máy bay lần đầu ra nước ngoài'
    >>> strip_site_suffix("Tiệc giàu - tiệc khó", "VnExpress")
    'Tiệc giàu - tiệc khó'
    """
    match = _SITE_SUFFIX.search(title)
    if not match or len(title[: match.start()].split()) < 2:
        return title.strip()
    site = match.group("site").strip().casefold()
    names = [*_SITES, *([source.casefold()] if source else [])]
    if any(site.startswith(name) for name in names):
        return title[: match.start()].strip()
    return title.strip()
