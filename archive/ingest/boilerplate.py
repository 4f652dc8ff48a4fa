"""Boilerplate: the page furniture scraped along with an article (widgets, counters, footers).

Two kinds exist. Single lines that are never article text (view counters,
font-size and print widgets, QR codes, share buttons, lone punctuation) are
dropped wherever they stand. Footer headings ("Tin khác", "Tiện ích thông tin")
start a block of links to other pages; everything from there on is dropped,
but only in the second half of a page, so that a menu at the top never costs
the article its text.
"""

import re

_LINE_PATTERNS = [
    r"(?:số lượng )?lượt xem\s*:?\s*[\d.,]*",
    r"views?(?: count)?\s*:?\s*[\d.,]*",
    r"(?:cỡ chữ|màu chữ|font size|in bài|print)\b.*",
    r"qr[ -]?code\b.*",
    r"mã qr\b.*",
    r"(?:chia sẻ|share|bình luận|comment|like|tweet|gửi email|email|in trang|lưu bài|"
    r"facebook|twitter|zalo|youtube|fanpage|tiktok|instagram|linkedin)\s*:?\s*\(?\d*\)?",
    r"(?:chia sẻ|share)\s*:?(?:\s*(?:facebook|zalo|twitter|email|messenger|linkedin|telegram)\b[\s,]*)+",
    r"(?:ý kiến bạn đọc|ý kiến của bạn|gửi ý kiến|gửi bình luận|viết bình luận|ý kiến)\s*(?:\(\d+\))?",
    r"(?:đánh giá bài viết|gửi cho bạn bè|gửi bài viết|in bài viết|bản in|lưu lại|theo dõi)",
    r"(?:tags?|từ khóa|từ khoá)\s*:.*",
    r"title|image|ảnh|photo|video|menu|trang chủ|home|tìm kiếm|search",
    r"thời tiết(?: các vùng)?|weather",
    r"\(?\s*gmt\s*\+\s*7\s*\)?",
    r"top\s*\^?|lên đầu trang|về đầu trang|back to top",
]
BOILERPLATE_LINE = re.compile(r"^(?:" + "|".join(_LINE_PATTERNS) + r")\s*$", re.IGNORECASE)
# No letter and no digit at all: "; . . ." trailers, "***", "|".
PUNCTUATION_ONLY = re.compile(r"^[\W_]*$")
FOOTER_HEADING = re.compile(
    r"^(?:tiện ích thông tin|nguồn tin|tin khác|các tin khác|tin liên quan|bài viết liên quan|"
    r"tin cùng chuyên mục|tin mới|tin mới nhất|tin đọc nhiều|xem thêm|đọc thêm|"
    r"chúng tôi trên mạng xã hội|theo dõi chúng tôi|kết nối với chúng tôi|liên kết website|"
    r"bản quyền|copyright)\b.{0,40}$",
    re.IGNORECASE,
)
# Links to other articles with their date glued on: "Con tin được phóng thích(20/07/2004)".
RELATED_LINK = re.compile(r"^.{3,160}\S\(\d{1,2}/\d{1,2}/\d{4}\)$")
SOURCE_LINE = re.compile(r"^nguồn\s*:\s*\S.{0,80}$", re.IGNORECASE)


def is_boilerplate(line):
    """Tell whether a stripped line is page furniture rather than article text.

    >>> [is_boilerplate(s) for s in ["Số lượng lượt xem: 811", "View count: 55", "Cỡ chữ Màu chữ image", ";"]]
    [True, True, True, True]
    >>> [is_boilerplate(s) for s in ["QR Code Fanpage", "Tin khác", "Quận 9 họp bàn", "Hồng Hạnh"]]
    [True, True, False, False]
    >>> [is_boilerplate(s) for s in ["Chia sẻ: Facebook Zalo", "Ý kiến bạn đọc", "Bình luận (0)", "Tags: Gaza, Hamas"]]
    [True, True, True, True]
    """
    return bool(
        PUNCTUATION_ONLY.match(line)
        or BOILERPLATE_LINE.match(line)
        or FOOTER_HEADING.match(line)
        or SOURCE_LINE.match(line)
        or RELATED_LINK.match(line)
    )


def footer_start(lines):
    """Return the index of the first footer heading in the second half of ``lines``, or ``len(lines)``.

    >>> footer_start(["Tiêu đề", "Đoạn một.", "Đoạn hai.", "Hoàng Tùng", "Tin khác", "Bài khác"])
    4
    """
    for index in range(len(lines) // 2, len(lines)):
        if FOOTER_HEADING.match(lines[index]):
            return index
    return len(lines)
