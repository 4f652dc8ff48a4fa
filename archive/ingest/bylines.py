"""Bylines: who wrote an article, read from the signature lines news pages end with.

A byline is a short name: two to six capitalised syllables, possibly two names
joined by "-" or ",", possibly a "(Theo AFP)" credit. It stands on its own line
("HOÀNG PHƯƠNG", "Hồng Hạnh"), after a label ("Tác giả: ..."), or in capitals
in parentheses at the end of a paragraph ("... đề ra. (ĐẶNG NỞ)"). All-caps
names are printed in their natural case.
"""

import re

MAX_NAME_LENGTH = 60
_LABEL = re.compile(r"^(?P<label>tác giả|author|người viết|bài(?: và ảnh)?|bài, ảnh|by)\s*[:：]?\s+(?P<name>.+)$", re.IGNORECASE)
# After these labels anything short is a name; after "Bài"/"By" it must look like one.
_TRUSTED_LABELS = frozenset({"tác giả", "author", "người viết"})
_NAME_WORD = re.compile(r"^[^\W\d_a-zđ][^\W\d_]*\.?$")
_CREDIT = re.compile(r"\s*\((?:theo|nguồn|ảnh|tổng hợp|t/h)\b[^)]*\)\s*$", re.IGNORECASE)
_SIGNATURE = re.compile(r"\(\s*(?P<name>[^\W\d_a-zđ][^()\d]{2,40}?)\s*\)\s*[./]*\s*$")
_NOT_NAMES = frozenset(
    "ubnd hđnd mttq ttxvn vnexpress tuổi trẻ thanh niên dân trí hà nội đà nẵng việt nam tp hcm"
    " hồ chí minh quận huyện phường xã tỉnh thành phố ban hội đảng".split()
)
# How many lines from the end a standalone byline may stand (after footers are gone).
TAIL_LINES = 3


def is_name(text):
    """Tell whether ``text`` reads as a person's name (or two), not a sentence or a heading.

    >>> [is_name(s) for s in ["Hồng Hạnh", "HOÀNG PHƯƠNG", "Quỳnh Nguyễn - Phan Dương", "Tin khác", "Hà Nội"]]
    [True, True, True, False, False]
    """
    if not 3 <= len(text) <= MAX_NAME_LENGTH or text.lower() in _NOT_NAMES:
        return False
    people = [part.strip() for part in re.split(r"\s+[-–]\s+|,\s*|\s+và\s+", text)]
    for person in people:
        words = person.split()
        if not 2 <= len(words) <= 5 or not all(_NAME_WORD.match(word) for word in words):
            return False
        if person.lower() in _NOT_NAMES or words[0].lower() in _NOT_NAMES:
            return False
    return True


def natural_case(name):
    """Return ``name`` title-cased if it is printed all in capitals, else unchanged.

    >>> natural_case("ĐẶNG NỞ"), natural_case("Hồng Duy")
    ('Đặng Nở', 'Hồng Duy')
    """
    return name.title() if name.isupper() else name


def byline(line):
    """Return the author named by a whole line, or None if the line is not a byline.

    >>> [byline(s) for s in ["HOÀNG PHƯƠNG", "(ĐẶNG NỞ)", "Tác giả: Trần Văn A", "Vũ Anh (Theo AFP)", "Hội nghị kết thúc."]]
    ['Hoàng Phương', 'Đặng Nở', 'Trần Văn A', 'Vũ Anh (Theo AFP)', None]
    """
    line = line.strip()
    label = _LABEL.match(line)
    if label and label.group("label").lower() in _TRUSTED_LABELS:
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
