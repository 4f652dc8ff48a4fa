"""Interface text in Vietnamese (the default) and English, chosen by the ``lang`` parameter."""

import datetime

from flask import request

DEFAULT_LANG = "vi"

MESSAGES = {
    "vi": {
        "site_name": "Kho tin tức",
        "tagline": "Tìm và đọc tin tức địa phương Việt Nam, có dấu hay không dấu.",
        "skip": "Bỏ qua, đến nội dung chính",
        "search_label": "Tìm trong kho tin",
        "search_placeholder": "Ví dụ: hai chau, \"chính quyền điện tử\"",
        "search_button": "Tìm",
        "archive_size": "Kho lưu trữ có {count} bài viết.",
        "newest": "Bài mới nhất",
        "results_count": "{total} kết quả ({ms} ms)",
        "page_of": "trang {page}/{pages}",
        "did_you_mean": "Có phải bạn muốn tìm:",
        "read_as": "Xếp trước các bài viết:",
        "loose": "Không bài nào có đủ mọi từ; đây là các bài có một số từ.",
        "no_results": "Không tìm thấy bài nào cho “{q}”.",
        "tips_title": "Gợi ý",
        "tip_fewer": "Thử bớt từ, hoặc dùng từ chung hơn.",
        "tip_spelling": "Kiểm tra chính tả; gõ không dấu cũng được.",
        "tip_filters": "Bỏ bớt bộ lọc địa danh, năm, nguồn hay tác giả.",
        "sort_by": "Sắp xếp",
        "sort_relevance": "Phù hợp nhất",
        "sort_date": "Mới nhất",
        "narrow": "Thu hẹp kết quả",
        "facet_place": "Địa danh",
        "facet_year": "Năm",
        "facet_source": "Nguồn",
        "facet_author": "Tác giả",
        "remove_filter": "bỏ lọc",
        "pagination": "Phân trang",
        "previous": "Trang trước",
        "next": "Trang sau",
        "page_n": "Trang {page}",
        "results": "Kết quả",
        "no_date": "không rõ ngày",
        "by": "Tác giả:",
        "places": "Địa danh:",
        "source": "Nguồn:",
        "published": "Ngày đăng:",
        "back_to_results": "← Quay lại kết quả tìm “{q}”",
        "related": "Bài liên quan",
        "feed": "Theo dõi chủ đề này (Atom)",
        "feed_title": "Kho tin tức: {q}",
        "opensearch_description": "Tìm trong kho tin tức Việt Nam",
        "language": "English",
        "language_code": "en",
        "error_400": "Yêu cầu không hợp lệ",
        "error_404": "Không tìm thấy trang",
        "error_404_text": "Không có bài viết hay trang nào ở địa chỉ này. Hãy thử tìm kiếm.",
        "error_405": "Phương thức không được hỗ trợ",
        "error_500": "Đã có lỗi xảy ra",
        "error_500_text": "Máy chủ gặp sự cố. Vui lòng thử lại sau.",
        "error_503": "Kho tin đang được chuẩn bị",
        "error_503_text": "Chỉ mục tìm kiếm chưa có. Hãy chạy “archive index”, rồi tải lại trang.",
        "home": "Trang chủ",
    },
    "en": {
        "site_name": "News archive",
        "tagline": "Search and read Vietnamese local news, with or without accents.",
        "skip": "Skip to main content",
        "search_label": "Search the archive",
        "search_placeholder": "For example: hai chau, \"chính quyền điện tử\"",
        "search_button": "Search",
        "archive_size": "The archive holds {count} articles.",
        "newest": "Newest articles",
        "results_count": "{total} results ({ms} ms)",
        "page_of": "page {page} of {pages}",
        "did_you_mean": "Did you mean:",
        "read_as": "Ranked first as:",
        "loose": "No article has every word; showing articles with some of them.",
        "no_results": "No articles found for “{q}”.",
        "tips_title": "Suggestions",
        "tip_fewer": "Try fewer or more general words.",
        "tip_spelling": "Check the spelling; typing without accents works too.",
        "tip_filters": "Remove some place, year, source or author filters.",
        "sort_by": "Sort by",
        "sort_relevance": "Relevance",
        "sort_date": "Newest",
        "narrow": "Narrow the results",
        "facet_place": "Place",
        "facet_year": "Year",
        "facet_source": "Source",
        "facet_author": "Author",
        "remove_filter": "remove filter",
        "pagination": "Pagination",
        "previous": "Previous page",
        "next": "Next page",
        "page_n": "Page {page}",
        "results": "Results",
        "no_date": "undated",
        "by": "Author:",
        "places": "Places:",
        "source": "Source:",
        "published": "Published:",
        "back_to_results": "← Back to the results for “{q}”",
        "related": "Related articles",
        "feed": "Follow this topic (Atom)",
        "feed_title": "News archive: {q}",
        "opensearch_description": "Search the Vietnamese news archive",
        "language": "Tiếng Việt",
        "language_code": "vi",
        "error_400": "Bad request",
        "error_404": "Page not found",
        "error_404_text": "There is no article or page at this address. Try a search.",
        "error_405": "Method not allowed",
        "error_500": "Something went wrong",
        "error_500_text": "The server ran into a problem. Please try again later.",
        "error_503": "The archive is being prepared",
        "error_503_text": "There is no search index yet. Run “archive index”, then reload this page.",
        "home": "Home",
    },
}
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def current_lang():
    """Return the language asked for by the ``lang`` parameter, Vietnamese unless English is asked for."""
    lang = request.args.get("lang", DEFAULT_LANG)
    return lang if lang in MESSAGES else DEFAULT_LANG


def translate(key, **values):
    """Return the interface text ``key`` in the current language, filled with ``values``."""
    return MESSAGES[current_lang()][key].format(**values)


def format_date(iso):
    """Return an ISO date as people read it in the current language, or None.

    The date is shown as a day: the time in the index is often a guess.
    """
    if not iso:
        return None
    day = datetime.date.fromisoformat(iso[:10])
    if current_lang() == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
