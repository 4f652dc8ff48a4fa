"""Interface text in Vietnamese (the default) and English, chosen by the ``lang`` parameter."""

import dataclasses
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
        "sort_oldest": "Cũ nhất",
        "per_page": "Mỗi trang",
        "per_page_n": "{count} kết quả mỗi trang",
        "page_first": "Trang đầu",
        "page_previous": "Trang trước",
        "page_page": "Trang {page}",
        "page_next": "Trang sau",
        "page_last": "Trang cuối, trang {page}",
        "page_first_short": "« Đầu",
        "page_previous_short": "‹ Trước",
        "page_page_short": "{page}",
        "page_next_short": "Sau ›",
        "page_last_short": "Cuối »",
        "past_end": "Không có trang {page}: kết quả chỉ có {pages} trang.",
        "go_last_page": "Đến trang cuối (trang {page})",
        "filter_results": "Lọc kết quả",
        "active_filters": "{count} bộ lọc",
        "active_filters_title": "Bộ lọc đang dùng",
        "chip_place": "Địa danh",
        "chip_author": "Tác giả",
        "chip_source": "Nguồn",
        "chip_title": "Tiêu đề",
        "chip_kind": "Loại trang",
        "chip_date": "Thời gian",
        "remove_chip": "Bỏ lọc {field}: {value}",
        "clear_all": "Bỏ mọi bộ lọc",
        "dates_between": "{start} đến {end}",
        "dates_from": "từ {start}",
        "dates_until": "đến {end}",
        "dates_title": "Thời gian",
        "date_from": "Từ",
        "date_to": "Đến",
        "date_hint": "Năm (2019) hoặc năm-tháng (2019-03); để trống một ô là không giới hạn.",
        "date_invalid": "Ngày không hợp lệ: hãy gõ năm (2019) hoặc năm-tháng (2019-03), ngày bắt đầu không sau ngày kết thúc.",
        "date_apply": "Lọc theo thời gian",
        "facet_more": "Xem mọi {facet}",
        "facet_month": "Tháng",
        "folder_source": "thư mục {folder}",
        "export": "Tải toàn bộ kết quả (tối đa {cap} bài):",
        "cite_title": "Trích dẫn",
        "cite_accessed": "truy cập ngày {date}",
        "permalink": "Địa chỉ cố định:",
        "browse": "Duyệt kho lưu trữ",
        "browse_intro": "Mọi bài viết trong kho, theo năm và tháng đăng, và theo địa danh.",
        "browse_by_month": "Theo tháng",
        "browse_by_place": "Theo địa danh",
        "browse_all_places": "Xem mọi địa danh",
        "browse_undated": "{count} tin không rõ ngày đăng.",
        "browse_stories": "Đó là {count} tin khác nhau; bảng dưới đây đếm mỗi tin một lần, dù được đăng bao nhiêu lần.",
        "month_n": "Tháng {month}",
        "year": "Năm",
        "total": "Cả năm",
        "facet_page_title": "{facet}: mọi giá trị",
        "facet_page_for": "cho “{q}”",
        "facet_page_whole": "trong cả kho",
        "facet_values_count": "{count} giá trị",
        "back_to_search": "← Quay lại kết quả",
        "narrow": "Thu hẹp kết quả",
        "facet_place": "Địa danh",
        "facet_year": "Năm",
        "facet_source": "Nguồn",
        "facet_author": "Tác giả",
        "facet_kind": "Loại trang",
        "kind_article": "Bài viết",
        "kind_tag": "Trang thẻ",
        "kind_listing": "Trang danh sách",
        "kind_profile": "Trang tác giả",
        "remove_filter": "bỏ lọc",
        "pagination": "Phân trang",
        "results": "Kết quả",
        "no_date": "không rõ ngày",
        "by": "Tác giả:",
        "places": "Địa danh:",
        "source": "Nguồn:",
        "published": "Ngày đăng:",
        "back_to_results": "← Quay lại kết quả tìm “{q}”",
        "related": "Bài liên quan",
        "results_folded": "{groups} kết quả, đã gộp {hidden} bài tương tự ({ms} ms)",
        "similar_one": "1 bài tương tự",
        "similar_many": "{count} bài tương tự",
        "similar_label": "{similar} với “{title}”",
        "similar_term": "Cùng tin:",
        "similar_heading": "Các bản đăng của một tin",
        "similar_intro": "{count} bài có nội dung gần như trùng nhau: cùng một tin, đăng nhiều lần hoặc ở nhiều nơi. Kết quả tìm kiếm chỉ hiện một bài trong số này.",
        "similar_current": "bài bạn đang xem",
        "similar_back": "← Quay lại bài “{title}”",
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
        "sort_oldest": "Oldest",
        "per_page": "Per page",
        "per_page_n": "{count} results per page",
        "page_first": "First page",
        "page_previous": "Previous page",
        "page_page": "Page {page}",
        "page_next": "Next page",
        "page_last": "Last page, page {page}",
        "page_first_short": "« First",
        "page_previous_short": "‹ Previous",
        "page_page_short": "{page}",
        "page_next_short": "Next ›",
        "page_last_short": "Last »",
        "past_end": "There is no page {page}: the results fill {pages} pages.",
        "go_last_page": "Go to the last page (page {page})",
        "filter_results": "Filter results",
        "active_filters": "{count} active",
        "active_filters_title": "Active filters",
        "chip_place": "Place",
        "chip_author": "Author",
        "chip_kind": "Page kind",
        "chip_source": "Source",
        "chip_title": "Title",
        "chip_date": "Dates",
        "remove_chip": "Remove the {field} filter: {value}",
        "clear_all": "Clear all filters",
        "dates_between": "{start} to {end}",
        "dates_from": "from {start}",
        "dates_until": "until {end}",
        "dates_title": "Dates",
        "date_from": "From",
        "date_to": "To",
        "date_hint": "A year (2019) or a year and month (2019-03); leave a box empty for no limit.",
        "date_invalid": "Not a date: type a year (2019) or a year and month (2019-03), the start no later than the end.",
        "date_apply": "Filter by date",
        "facet_more": "Every {facet}",
        "facet_month": "Month",
        "folder_source": "folder {folder}",
        "export": "Download every result (up to {cap} articles):",
        "cite_title": "Cite",
        "cite_accessed": "accessed {date}",
        "permalink": "Permalink:",
        "browse": "Browse the archive",
        "browse_intro": "Every article in the archive, by year and month of publication, and by place.",
        "browse_by_month": "By month",
        "browse_by_place": "By place",
        "browse_all_places": "Every place",
        "browse_undated": "{count} stories have no date.",
        "browse_stories": "They tell {count} distinct stories, and the tables below count each once, however often it was filed.",
        "month_n": "Month {month}",
        "year": "Year",
        "total": "Whole year",
        "facet_page_title": "{facet}: every value",
        "facet_page_for": "for “{q}”",
        "facet_page_whole": "in the whole archive",
        "facet_values_count": "{count} values",
        "back_to_search": "← Back to the results",
        "narrow": "Narrow the results",
        "facet_place": "Place",
        "facet_year": "Year",
        "facet_source": "Source",
        "facet_author": "Author",
        "facet_kind": "Page kind",
        "kind_article": "Articles",
        "kind_tag": "Tag pages",
        "kind_listing": "Listing pages",
        "kind_profile": "Author pages",
        "remove_filter": "remove filter",
        "pagination": "Pagination",
        "results": "Results",
        "no_date": "undated",
        "by": "Author:",
        "places": "Places:",
        "source": "Source:",
        "published": "Published:",
        "back_to_results": "← Back to the results for “{q}”",
        "related": "Related articles",
        "results_folded": "{groups} results, {hidden} similar folded in ({ms} ms)",
        "similar_one": "1 similar article",
        "similar_many": "{count} similar articles",
        "similar_label": "{similar} to “{title}”",
        "similar_term": "Same story:",
        "similar_heading": "One story, filed more than once",
        "similar_intro": "{count} articles with nearly the same text: one story, filed more than once or in more than one place. Search results show only one of them.",
        "similar_current": "the article you were reading",
        "similar_back": "← Back to “{title}”",
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
    # A results page asks in every link, and werkzeug's ``get`` of an absent parameter raises and catches an error.
    lang = request.args["lang"] if "lang" in request.args else DEFAULT_LANG
    return lang if lang in MESSAGES else DEFAULT_LANG


@dataclasses.dataclass(frozen=True)
class Language:
    """One interface language: its texts, and how it writes numbers and dates."""

    code: str

    def text(self, key, **values):
        """Return the interface text ``key``, filled with ``values``."""
        return MESSAGES[self.code][key].format(**values)

    def number(self, count):
        """Return a whole number with its thousands grouped as the language writes them (140.520, 140,520)."""
        grouped = f"{count:,}"
        return grouped if self.code == "en" else grouped.replace(",", ".")

    def date(self, iso):
        """Return an ISO date as people read it in the language, or None.

        The date is shown as a day: the time in the index is often a guess.
        """
        if not iso:
            return None
        day = datetime.date.fromisoformat(iso[:10])
        if self.code == "en":
            return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
        return f"{day.day:02d}/{day.month:02d}/{day.year}"


LANGUAGES = {code: Language(code) for code in MESSAGES}


def current_language():
    """Return the interface language of the current request."""
    return LANGUAGES[current_lang()]


def translate(key, **values):
    """Return the interface text ``key`` in the current language, filled with ``values``."""
    return current_language().text(key, **values)
