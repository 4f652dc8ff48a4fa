"""Text -> Articles: find the title, date, author, places, kind, lead and body of each article of a news page.

Three shapes of input are handled:

* scraped pages: every line gets a role (``archive.ingest.roles``), the headline
  is the heading beside the datelines and bylines or the first one that leads to
  text (``archive.ingest.headline``); pages without one take the title from a
  "QR CODE: ..." footer or from their first sentence. The byline is one of the
  last lines, else one in the header, else a paragraph's closing signature. A page
  of briefs, each closed by its own byline, gives one article per brief
  (``archive.ingest.briefs``);
* dumps with a "Key: value" header (Title, Published Date, Author, Summary, Content);
* Markdown, with optional front matter; the body keeps its Markdown source.

The lead is the page's summary (sapo) if it has one, else its first paragraph;
the body is every other paragraph, joined by blank lines, and never repeats the lead.
Every article also gets its page's kind (``archive.ingest.kinds``).
"""

import re

from archive.ingest.article import Article
from archive.ingest.boilerplate import footer_start, is_boilerplate
from archive.ingest.briefs import brief_path, split_briefs
from archive.ingest.bylines import TAIL_LINES, find_author
from archive.ingest.dates import find_date, parse_date
from archive.ingest.frontmatter import split_front_matter, split_header
from archive.ingest.headline import HEADER_ITEMS, find_title, first_sentence, qr_title
from archive.ingest.kinds import page_kind
from archive.ingest.places import find_places
from archive.ingest.reader import SkippedFile, UnreadableFile, read_text
from archive.ingest.roles import Role, classify, is_caption, is_prose

# Lines that are about the article, not part of it.
_NOT_PARAGRAPHS = frozenset({Role.DATELINE, Role.BYLINE, Role.NAVIGATION})
# Tried once per run of spaces, from its start: from every space of a long run it was quadratic.
_SITE_SUFFIX = re.compile(r"(?<!\s)\s+[-–|]\s+(?P<site>[^-–|]+)$")
_SITES = ("vnexpress", "tuổi trẻ", "thanh niên", "dân trí", "vietnamnet", "báo ", "zing", "vtc news", "vov", "tin tức")


def load(source, max_bytes):
    """Return the first Article read from ``source``, or a SkippedFile with the reason it cannot be read."""
    found = load_all(source, max_bytes)
    return found if isinstance(found, SkippedFile) else found[0]


def load_all(source, max_bytes):
    """Return the Articles read from ``source`` (several when it holds several briefs), or a SkippedFile.

    A file whose text holds no title and no body (only a date, a byline or front
    matter) is skipped with that reason: there is nothing to find or to show.
    """
    try:
        text = read_text(source, max_bytes)
    except UnreadableFile as error:
        return SkippedFile(source.relpath, str(error))
    articles = [article for article in extract_all(text, source.relpath, markdown=source.markdown)
                if article.title or article.lead or article.body]
    return articles or SkippedFile(source.relpath, "holds no article text, only a date, byline or header")


def extract(text, path, markdown=False):
    """Return the (first) Article found in clean ``text``; ``path`` is recorded as is.

    >>> article = extract("Quận 9 họp bàn cải cách hành chính năm 2019\\nThứ năm, 17/01/2019, 20:50 CH\\n"
    ...                   "Chiều 14/1, UBND Quận 9 tổ chức hội nghị.\\nĐoạn hai.\\nHOÀNG PHƯƠNG", "a.txt")
    >>> article.title, article.date.isoformat(), article.author, article.places, article.lead, article.body
    ('Quận 9 họp bàn cải cách hành chính năm 2019', '2019-01-17T20:50:00', 'Hoàng Phương', ['Quận 9'], 'Chiều 14/1, UBND Quận 9 tổ chức hội nghị.', 'Đoạn hai.')
    """
    return extract_all(text, path, markdown)[0]


def extract_all(text, path, markdown=False):
    """Return the Articles found in clean ``text``: one, or one per brief of a scraped page."""
    if markdown:
        return [_extract_markdown(text, path)]
    fields, rest = split_header(text)
    if fields.get("title") or fields.get("content") is not None:
        return [_extract_fields(fields, rest, path)]
    return _extract_page(text, path)


def _extract_page(text, path):
    """Extract a scraped page: each line gets a role, then headline, dateline, bylines and briefs are read off."""
    everything = [line.strip() for line in text.split("\n") if line.strip()]
    lines = everything[: footer_start(everything)]
    page = _dedupe([line for line in map(classify, lines) if line.role is not Role.WIDGET])
    date = next((line.date for line in page if line.date), None)
    if date is None:  # no line of the page is a dateline: any date the text gives, footer included
        found = find_date(everything)
        date = found[1] if found else None
    title, start, lead = find_title(page)
    # Listing pages are judged whole, "Tag: ..." label included: their datelines and headlines give them away.
    kind = page_kind(title or "", lines)
    articles = []
    for number, (begin, end) in enumerate(split_briefs(page, start), 1):
        brief = page[begin:end]
        if number > 1:
            title, lead = None, None
            if len(brief) > 1 and brief[0].role is Role.HEADING and brief[1].role is Role.TEXT:
                title, brief = brief[0].text, brief[1:]
        paragraphs = [line.text for line in brief if line.role not in _NOT_PARAGRAPHS]
        if lead:
            paragraphs[0:1] = [lead]
        if title is None:
            title = (qr_title(everything) if number == 1 else None) or first_sentence(paragraphs[0] if paragraphs else "")
        folded_title = title.casefold()
        # A paragraph that is the title is not repeated under it, unless it is all the text there is.
        paragraphs = [p for p in paragraphs if p.casefold() != folded_title] or paragraphs
        # The first brief's header bylines stand before it: search from the page's top.
        author = _page_author(page[: end] if number == 1 else brief, start if number == 1 else 0)
        articles.append(_article(brief_path(path, number), title, paragraphs, kind=kind, date=date, author=author))
    return articles


def _page_author(page, start):
    """Return the byline of a page: one of its last lines, else one in its header, else a paragraph's signature."""
    tail = [line for line in page[start:] if line.role is not Role.NAVIGATION][-TAIL_LINES:]
    for line in reversed(tail):
        if line.author:
            return line.author
    # Header bylines stand next to the headline (at ``start - 1``): nearest first, below before above.
    # A bare name counts only beside a dateline; elsewhere in the header it may be a photo caption.
    near = sorted(range(max(0, start - 3), min(len(page), start + 3)), key=lambda i: (abs(i - start + 1), i < start))
    for index in near:
        line = page[index]
        beside = page[max(0, index - 1) : index + 2]
        if line.author and (line.anchors_headline or any(other.role is Role.DATELINE for other in beside)):
            return line.author
    return find_author([line.text for line in page[start:] if line.role is Role.TEXT])


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
    kind = page_kind(title, paragraphs, fields.get("url"))
    return _article(path, title, paragraphs, lambda paragraph: True, kind=kind, date=date, author=author,
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


def _article(path, title, paragraphs, is_lead=None, kind=None, **fields):
    """Assemble the Article: the first paragraph that ``is_lead`` accepts is the lead; places come from all the text.

    Unless the caller judged the whole page, the kind is judged from the title and paragraphs.
    """
    is_lead = is_lead or _reads_as_text
    position = next((i for i, p in enumerate(paragraphs) if is_lead(p)), 0)
    lead = _without_title(paragraphs[position], title) if paragraphs else ""
    body = "\n\n".join(paragraphs[:position] + paragraphs[position + 1 :])
    places = find_places("\n".join([title, lead, body]))
    kind = kind or page_kind(title, paragraphs)
    return Article(path=path, title=title, body=body, lead=lead, places=places, kind=kind, **fields)


def _without_title(lead, title):
    """Return the lead without the headline a scraper glued to its start ("Tiêu đề Chiều 5-2, ..."), else the lead.

    Only a whole headline followed by a new sentence goes; a title cut out of the lead's first sentence stays in it.

    >>> _without_title("Rót trà kiểu Trung Quốc Trong ảnh là 6 người đang rót trà.", "Rót trà kiểu Trung Quốc")
    'Trong ảnh là 6 người đang rót trà.'
    >>> _without_title("Sáng 5-2, quận họp. Đoạn hai.", "Sáng 5-2, quận họp")
    'Sáng 5-2, quận họp. Đoạn hai.'
    >>> _without_title("Đến thời... công trái rong! “Ai công trái, bán đi...”. Tiếng rao vang.", "Đến thời... công trái rong!")
    '“Ai công trái, bán đi...”. Tiếng rao vang.'
    """
    rest = lead[len(title) :] if title and lead.casefold().startswith(title.casefold()) else ""
    # The new sentence may open with a quote or a bracket: "Tiêu đề! “Lời dẫn” ...".
    return rest.strip() if rest[:1].isspace() and rest.strip().lstrip("\"“‘'(«[")[:1].isupper() else lead


def _reads_as_text(paragraph):
    """Tell whether a paragraph is running text, not a headline of another article or a subheading."""
    if is_caption(paragraph):
        return False
    return is_prose(paragraph) or paragraph.rstrip("\"”’)").endswith((".", "!", "?", "…"))


def _dedupe(lines):
    """Drop lines that repeat the line before them (scrapers often print the headline twice)."""
    kept, previous = [], None
    for line in lines:
        folded = line.text.casefold()
        if folded != previous:
            kept.append(line)
        previous = folded
    return kept


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
