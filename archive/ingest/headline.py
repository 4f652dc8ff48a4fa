"""Headlines: which heading line of a scraped page is its title, and titles made from text.

The header of a page is the run of lines above its first paragraph of running
text. Datelines and bylines in it form clusters; a cluster holding a dateline or
a labelled byline (a bare name may be a photo caption) places the headline: the heading
right above the cluster ("Tiêu đề", "Tác giả: ...", "05/02/2024"), or right below
one when what stands above is only a short section name ("Thế giới",
"07/02/2024", "Tiêu đề"). Without a cluster, short menu lines lead to more short
lines and the headline leads to text. Lines with any other role are never titles.
"""

import re

from archive.ingest.roles import CAPITAL, HEADING_MAX_LENGTH, META_ROLES, Role, is_heading, is_prose

# A title made from a sentence keeps the whole sentence up to the length of a heading line: cut mid-clause,
# it loses its verb ("Lệnh cấm ... đã chính thức" for "... đã chính thức được dỡ bỏ.").
TITLE_MAX_LENGTH = HEADING_MAX_LENGTH
# A first "sentence" longer than this may be a headline glued to its text (``_run_on_headline``); one too
# long for a title is cut to this length.
RUN_ON_MIN_LENGTH = 120
HEADER_ITEMS = 12
# Headlines run to seven syllables or more; shorter lines at the top are only
# trusted as the headline when text or a dateline follows them directly.
HEADLINE_MIN_WORDS = 7

_QR_TITLE = re.compile(r"^QR[ -]?CODE\s*:\s*(?P<title>\S.*)$", re.IGNORECASE)
# A sentence ends at a run of full stops, then spaces, then a capital. Each run is tried once, from its
# first mark: a pattern free to start anywhere in a long run (or to take the word before it) is quadratic.
_SENTENCE_BREAK = re.compile(rf"(?<![.!?…])(?P<marks>[.!?…]+)[\"”’)]?\s+(?=[\"“‘(]?{CAPITAL})")
# The word a run of marks ends, found from its start only (each start is a space or the text's start).
_LAST_WORD = re.compile(r"(?<!\S)\S*\Z")
# Scraped "title + sapo" lines: the news agency tag "(NLĐ)-" ends the headline.
_AGENCY_TAG = re.compile(r"\s*\((?:NLĐO?|TTO|TTXVN|VNA|TN|PLO|DT|VOV|QĐND|CAND|SGGP|GD&TĐ)(?:\)\s*[-–—:]?|\s*[-–—])\s*")
_ABBREVIATIONS = frozenset({"ThS", "Th", "Ts", "Bs", "Ks", "Gs", "Mr", "Mrs", "Ms", "Dr", "St", "Tp", "Tx"})
# Words that, capitalised inside a line, open a new sentence: where a headline glued to its text ends.
_SENTENCE_OPENERS = frozenset(
    "Các Những Theo Sau Trong Khi Ông Bà Chiều Sáng Tối Trưa Đêm Hôm Tại Vào Hiện Mới Nhiều Cùng Để Dù Nếu Do Vì Tuy"
    " Đây Đó Trước".split()
)
RUN_ON_MIN_WORDS, RUN_ON_MAX_WORDS = 4, 30
# After these an opener is part of a name: "tỉnh Bà Rịa", "tại Bà Chiểu".
_BEFORE_NAMES = frozenset("tỉnh huyện quận xã phường thành phố tp tp. thị trấn tại ở của và với cho từ đến về".split())


def find_title(page):
    """Return ``(title or None, index where the article text starts, lead replacing the first paragraph)``.

    ``page`` is a list of classified Lines; only its header is searched.
    """
    head = page[:HEADER_ITEMS]
    end = next((i for i, line in enumerate(head) if line.role is Role.TEXT and is_prose(line.text)), len(head))
    found = _beside_meta(head, end)
    if found is not None:
        return _clean_title(head[found].text), found + 1, None
    for index in range(end):
        line = head[index]
        following = head[index + 1] if index + 1 < len(head) else None
        # A page's first line is its headline even when it reads like a name ("Bệnh Rubella"), unless labelled.
        first = index == 0 and line.role is Role.BYLINE and not line.anchors_headline
        if (line.role is Role.HEADING or first) and (
            len(line.text.split()) >= HEADLINE_MIN_WORDS or following is None or _leads_to_text(following)
        ):
            return _clean_title(line.text), index + 1, None
    if end < len(head) and end <= 1:
        split = split_title(head[end].text)
        if split:
            return split[0], end, split[1]
    return None, 0, None


def _beside_meta(head, end):
    """Return the index of the heading standing right above or below the first cluster of meta lines, or None."""
    index = 0
    while index <= min(end, len(head) - 1):
        if head[index].role not in META_ROLES:
            index += 1
            continue
        last = index
        while last + 1 < len(head) and head[last + 1].role in META_ROLES:
            last += 1
        if not any(line.anchors_headline for line in head[index : last + 1]):
            # A bare name may be a photo caption or a subheading: the layout's order decides instead.
            index = last + 1
            continue
        above = index - 1 if index > 0 and head[index - 1].role is Role.HEADING else None
        below = last + 1 if last + 1 < len(head) and head[last + 1].role is Role.HEADING else None
        if above is not None and below is not None:
            # A section name above the dateline is short; the headline below it is not.
            return below if _words(head[above]) < min(HEADLINE_MIN_WORDS, _words(head[below])) else above
        if above is not None:
            return above
        if below is not None and (below + 1 >= len(head) or _leads_to_text(head[below + 1])):
            return below
        index = last + 1
    return None


def _words(line):
    """Return how many words a line holds."""
    return len(line.text.split())


def _leads_to_text(line):
    """Tell whether a line following a heading shows it is the headline: a dateline, byline or text."""
    text = line.text
    return line.role in META_ROLES or line.role in (Role.TEXT, Role.CAPTION) or len(text.split()) >= 20 or is_prose(text)


def split_title(line):
    """Return ``(title, sapo)`` when a scraped line glues the headline to its summary, else None.

    >>> split_title("Các bệnh viện đều quá tải (NLĐ) - Hiện nay, các bệnh viện trong tỉnh Cà Mau đều quá tải.")
    ('Các bệnh viện đều quá tải', 'Hiện nay, các bệnh viện trong tỉnh Cà Mau đều quá tải.')
    """
    tag = _AGENCY_TAG.search(line, 0, 200)
    if tag and 2 <= len(line[: tag.start()].split()) and is_heading(line[: tag.start()].strip()):
        return line[: tag.start()].strip(), line[tag.end() :].strip()
    return None


def qr_title(lines):
    """Return the title a "QR CODE: ..." footer line gives, or None."""
    return next((m.group("title").strip() for m in map(_QR_TITLE.match, lines) if m), None)


def first_sentence(paragraph, limit=TITLE_MAX_LENGTH):
    """Return the first sentence of ``paragraph``, cut at a word boundary to ``limit`` characters.

    The sentence keeps the marks it ends with, as printed ("...", "?", "."); a cut drops the comma or dash left at it.

    >>> first_sentence("6 tháng đầu năm, tình hình ổn định. Tổng giá trị sản xuất tăng 15,5%.")
    '6 tháng đầu năm, tình hình ổn định.'
    >>> first_sentence("Nhìn thấy anh rể tương lai, tôi tái mặt khi nhận ra người đó chính là...")
    'Nhìn thấy anh rể tương lai, tôi tái mặt khi nhận ra người đó chính là...'
    >>> first_sentence("TP. Hồ Chí Minh có mưa lớn kéo dài nhiều giờ liền, ở khắp các quận huyện", limit=50)
    'TP. Hồ Chí Minh có mưa lớn kéo dài nhiều giờ liền…'
    >>> first_sentence("... Giờ nhà giàu có bao nhiêu đi nữa. Con vẫn nhớ mẹ.")
    'Giờ nhà giàu có bao nhiêu đi nữa.'
    """
    # Marks before the first word (a paragraph that goes on from an ellipsis) open no sentence.
    sentence, searched = paragraph.strip().lstrip(".…!?,;:-–— "), 0
    for match in _SENTENCE_BREAK.finditer(sentence):
        # The word with all the marks but the last: "TP" of "TP. Hồ", "chào!" of "chào!! Sau".
        word = _LAST_WORD.search(sentence, searched, match.end("marks") - 1).group()
        if not _is_abbreviation(word):
            sentence = sentence[: match.end("marks")]
            break
        searched = match.end()
    if len(sentence) > RUN_ON_MIN_LENGTH:
        sentence = _run_on_headline(sentence)
    if len(sentence) > limit:
        # Too long for a heading line, it is no headline: its opening, of a headline's length, stands for it.
        sentence = _shortened(sentence, min(limit, RUN_ON_MIN_LENGTH))
    return sentence.rstrip(" ,;:-–—")


def _shortened(sentence, limit):
    """Return a sentence too long for a title cut to ``limit`` characters, at its last clause break if it has one.

    The cut is marked with "…": a title that ends mid-sentence says so, and is never taken for a whole headline
    that a lead repeats (which would cut the lead in the middle of a name: "xã Long Bình" | "Điền, huyện ...").

    >>> _shortened("Gà chết tại hộ ông Lâm ở ấp Điền Mỹ, xã Long Bình Điền, huyện Chợ Gạo", 55)
    'Gà chết tại hộ ông Lâm ở ấp Điền Mỹ, xã Long Bình Điền…'
    """
    head = sentence[: limit + 1]
    clause = max(head.rfind(mark) for mark in (", ", "; ", " - ", " – "))
    cut = clause if clause > limit // 2 else head.rfind(" ")
    return sentence[: cut if cut > 0 else limit].rstrip(" ,;:-–—") + "…"


def _run_on_headline(sentence):
    """Return the headline a too long first "sentence" starts with when a scraper glued it to the text, else the sentence.

    The text then starts with a capitalised word that only ever opens a sentence
    ("Các", "Theo", "Chiều"), right after the headline's last word.

    >>> _run_on_headline("Tăng giá xăng ở các tỉnh vùng xa Các công ty kinh doanh xăng dầu đã đồng loạt điều chỉnh tăng giá")
    'Tăng giá xăng ở các tỉnh vùng xa'
    """
    words = sentence.split(" ")
    for index in range(RUN_ON_MIN_WORDS, min(len(words), RUN_ON_MAX_WORDS)):
        previous = words[index - 1]
        if words[index] in _SENTENCE_OPENERS and not previous.endswith((",", ":", "-", "–")) and \
                previous.lower() not in _BEFORE_NAMES:
            return " ".join(words[:index])
    return sentence


def _is_abbreviation(word):
    """Tell whether a word before a full stop is an abbreviation ("TP.", "Q.", "ThS.") rather than a sentence end."""
    word = word.strip("\"“(")
    return (word.isupper() and len(word) <= 4) or word in _ABBREVIATIONS


def _clean_title(title):
    """Return a headline without a "QR CODE:" label or surrounding spaces."""
    match = _QR_TITLE.match(title)
    return (match.group("title") if match else title).strip()
