"""Bylines: who wrote an article, read from the signature lines news pages print.

A byline is a short name: two to five capitalised syllables, possibly two names
joined by "-", "–", "," or "và", possibly a "(Theo AFP)" credit. It stands on
its own line ("HOÀNG PHƯƠNG", "Hồng Hạnh"), after a label ("Tác giả: ...",
"Bài và ảnh: ...") or a role ("Phóng viên ...", "Nhóm phóng viên: ..."), inside
a meta line with the date ("05/02/2024 | Tác giả: Lê Tân | Lượt xem: 12"), or in
capitals in parentheses at the end of a paragraph ("... đề ra. (ĐẶNG NỞ)").
All-caps names are printed in their natural case.
"""

import re

MAX_NAME_LENGTH = 60
# Label, names, photo credit and source credit fit in far less; a longer line is running text, and
# searching every paragraph of a page for a credit at its end was a third of the extraction time.
MAX_BYLINE_LENGTH = 200
# After these labels anything short is a name; after the others it must look like one.
_TRUSTED_LABELS = r"tác giả|author|người viết|nhóm tác giả"
_LABELS = (
    r"bài và ảnh|bài, ảnh|ảnh và bài|bài|by|bởi|thực hiện|nhóm phóng viên|nhóm pv|phóng viên|pv|nhà báo"
    r"|biên tập viên|btv|cộng tác viên|ctv"
)
_LABEL = re.compile(
    rf"^(?:(?P<trusted>{_TRUSTED_LABELS})|(?P<label>{_LABELS}))\.?(?:\s*[:：]\s*|\s+)(?P<name>\S.*)$", re.IGNORECASE
)
# A labelled name inside a longer meta line: "... | Tác giả: Lê Tân | ...", "Đăng ngày ... bởi Lê Tân".
_LABEL_INSIDE = re.compile(
    rf"(?:(?:^|[|•·]|\s[-–—])\s*(?i:{_TRUSTED_LABELS}|người đăng)\s*[:：]|\s(?i:bởi))\s+(?P<name>[^|•·]+?)\s*(?=$|[|•·]|\s[-–—]\s)"
)
# The photographer credited beside the writer: "Bài: Võ Thạnh | Ảnh: Phạm Giang", "VŨ ANH - Ảnh: THANH TÂM".
_PHOTO_CREDIT = re.compile(r"(?<=\S)\s*[-–|•·,;]\s*(?i:ảnh|video|đồ họa|đồ hoạ|clip)\s*[:：]\s*[^|:]{2,60}$")
_META_SEPARATOR = re.compile(r"\s*[|•·]\s*")
_NAME_WORD = re.compile(r"^[^\W\d_a-zđ][^\W\d_]*\.?$")
_CREDIT = re.compile(r"\s*\((?:theo|nguồn|ảnh|tổng hợp|t/h)\b[^)]*\)\s*$", re.IGNORECASE)
_SIGNATURE = re.compile(r"\(\s*(?P<name>[^\W\d_a-zđ][^()\d]{2,40}?)\s*\)\s*[./]*\s*$")
_PEOPLE_SEPARATOR = re.compile(r"\s+[-–—]\s+|,\s*|\s+(?i:và)\s+")
# Phrases, not words: "Thanh Tâm" and "Hà Thu" are names though "Thanh Niên" and "Hà Nội" are not.
_NOT_NAMES = frozenset(
    "ubnd,hđnd,mttq,ttxvn,vnexpress,tuổi trẻ,thanh niên,dân trí,hà nội,đà nẵng,việt nam,tp hcm,tp. hcm"
    ",hồ chí minh,tp hồ chí minh,thanh hóa,thanh hoá,quận,huyện,phường,xã,tỉnh,thành phố,ban,hội,đảng".split(",")
)
# Words a name never starts with, though pages print them capitalised on short lines:
# credits ("Theo AFP"), widgets ("Gửi Bình Luận"), labels and section names.
_NOT_FIRST_WORDS = frozenset(
    "theo nguồn ảnh video bài tin tags tag từ xem chia gửi trang đọc lên in đánh bạn chuyên mục các"
    " những thời kinh giáo pháp thể sức khoa du đời góc ngày cập đăng thứ chủ tổng liên sự lịch".split()
)
# How many lines from the end a standalone byline may stand (after footers are gone).
TAIL_LINES = 3


def is_name(text):
    """Tell whether ``text`` reads as a person's name (or two), not a sentence or a heading.

    >>> [is_name(s) for s in ["Hồng Hạnh", "HOÀNG PHƯƠNG", "Quỳnh Nguyễn - Phan Dương", "Tin khác", "Hà Nội", "Theo AFP"]]
    [True, True, True, False, False, False]
    >>> is_name("Cháo ếch")
    False
    """
    if not 3 <= len(text) <= MAX_NAME_LENGTH or text.lower() in _NOT_NAMES:
        return False
    for person in _PEOPLE_SEPARATOR.split(text):
        words = person.split()
        if not 2 <= len(words) <= 5 or not all(_NAME_WORD.match(word) and word[0].isupper() for word in words):
            return False
        if person.lower() in _NOT_NAMES or words[0].lower() in _NOT_NAMES | _NOT_FIRST_WORDS:
            return False
    return True


def natural_case(name):
    """Return ``name`` title-cased if it is printed all in capitals, else unchanged.

    >>> natural_case("ĐẶNG NỞ"), natural_case("Hồng Duy"), natural_case("LÊ TÂN VÀ HÀ THU")
    ('Đặng Nở', 'Hồng Duy', 'Lê Tân và Hà Thu')
    """
    if not name.isupper():
        return name
    return " ".join("và" if word == "VÀ" else word.title() for word in name.split(" "))


def byline(line):
    """Return the author named by a whole line, or None if the line is not a byline.

    >>> [byline(s) for s in ["HOÀNG PHƯƠNG", "(ĐẶNG NỞ)", "Tác giả: Trần Văn A", "Vũ Anh (Theo AFP)", "Hội nghị kết thúc."]]
    ['Hoàng Phương', 'Đặng Nở', 'Trần Văn A', 'Vũ Anh (Theo AFP)', None]
    >>> [byline(s) for s in ["Phóng viên Lê Tân", "Nhóm phóng viên: Lê Tân, Hà Thu", "Bài và ảnh: HÀ THU", "Theo AFP"]]
    ['Lê Tân', 'Lê Tân, Hà Thu', 'Hà Thu', None]
    >>> byline("Bài: Võ Thạnh | Ảnh: Phạm Giang"), byline("VŨ ANH - Ảnh: THANH TÂM")
    ('Võ Thạnh', 'Vũ Anh')
    """
    line = line.strip()
    if len(line) > MAX_BYLINE_LENGTH:
        return None
    photo = _PHOTO_CREDIT.search(line)
    if photo and not re.search(r"(?i:\bbài)$", line[: photo.start()]):  # "Bài, ảnh: ..." is one label
        line = line[: photo.start()]
    label = _LABEL.match(line)
    if label and label.group("trusted") and re.search(r"[:：]", line[: label.start("name")]):
        name = label.group("name").strip().rstrip(".")
        short = len(name) <= MAX_NAME_LENGTH and not re.search(r"[.!?]\s|://", name)
        return natural_case(name) if short else None
    core = (label.group("name") if label else line).strip().rstrip(".")
    if core.startswith("(") and core.endswith(")"):
        core = core[1:-1].strip()
    credit = _CREDIT.search(core)
    bare = core[: credit.start()] if credit else core
    if is_name(bare):
        return natural_case(bare) + (core[credit.start() :] if credit else "")
    return None


def meta_byline(line):
    """Return ``(author, rest of the line)`` for a meta line that names its author beside other items, else None.

    >>> meta_byline("05/02/2024 08:15 | Tác giả: Lê Tân | Lượt xem: 12")
    ('Lê Tân', '05/02/2024 08:15 | Lượt xem: 12')
    >>> meta_byline("Đăng ngày 05/02/2024 bởi Lê Tân"), meta_byline("Lê Tân | 05/02/2024")
    (('Lê Tân', 'Đăng ngày 05/02/2024'), ('Lê Tân', '05/02/2024'))
    """
    if len(line) > 2 * MAX_NAME_LENGTH + 40:
        return None
    inside = _LABEL_INSIDE.search(line)
    if inside and 0 < inside.start() and is_name(inside.group("name")):
        rest = (line[: inside.start()] + " " + line[inside.end() :]).strip(" |•·-–—")
        return natural_case(inside.group("name")), " ".join(re.sub(r"[|•·]\s*(?=[|•·])", "", rest).split())
    parts = _META_SEPARATOR.split(line)
    for index, part in enumerate(parts):
        name = byline(part) if len(parts) > 1 else None
        if name:
            return name, " | ".join(parts[:index] + parts[index + 1 :])
    return None


def signature(paragraph):
    """Return the capitalised name a paragraph ends with in parentheses, or None.

    >>> signature("... đã đề ra. (ĐẶNG NỞ)"), signature("Hội nghị Ban Chấp hành (Mở rộng)")
    ('Đặng Nở', None)
    """
    match = _SIGNATURE.search(paragraph)
    if match and match.group("name").isupper() and is_name(match.group("name")):
        return natural_case(match.group("name"))
    return None


def find_author(paragraphs):
    """Return the author of an article from its paragraphs (boilerplate removed), or None.

    A byline on one of the last lines wins; otherwise the first paragraph-final
    signature, since glued pages put the main article first.

    >>> find_author(["Đoạn một. (ĐẶNG NỞ)", "Đoạn hai. (MẪU ĐƠN)"]), find_author(["Đoạn một.", "Hồng Hạnh"])
    ('Đặng Nở', 'Hồng Hạnh')
    """
    for paragraph in reversed(paragraphs[-TAIL_LINES:]):
        name = byline(paragraph)
        if name:
            return name
    for paragraph in paragraphs:
        name = signature(paragraph)
        if name:
            return name
    return None
