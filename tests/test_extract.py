"""Extraction: raw Vietnamese pages in, titles, dates, bylines, places and clean paragraphs out."""

import datetime

import pytest

from archive.ingest.boilerplate import is_boilerplate
from archive.ingest.bylines import byline, find_author
from archive.ingest.dates import dateline_date, parse_date
from archive.ingest.extract import extract, extract_all, load, load_all
from archive.ingest.places import find_places
from archive.ingest.reader import SkippedFile, source_file

from conftest import DATA, SEEDS

ARTICLES = DATA / "articles"
BODY = (
    "Chiều 14/1, UBND Quận 9 tổ chức hội nghị triển khai nhiệm vụ phát triển kinh tế, xã hội năm 2019 "
    "với sự tham dự của lãnh đạo các phòng ban và 13 phường trên địa bàn quận."
)


def at(*parts):
    """Return a datetime from its parts, to keep the tables short."""
    return datetime.datetime(*parts)


@pytest.mark.parametrize(
    "text, title",
    [
        # The headline right before the dateline wins over the widgets above it.
        ("thời tiết các vùng\nHà Nội\nĐà Nẵng\nHoạt động từ các đơn vị\nPhường Quang Trung sơ kết giữa nhiệm kỳ\n"
         "Ngày đăng 15/03/2023 | 19:52\n" + BODY, "Phường Quang Trung sơ kết giữa nhiệm kỳ"),
        ("title\n\nQuận 9 họp bàn cải cách hành chính\nThứ năm, 17/01/2019, 20:50 CH\nCỡ chữ Màu chữ image\n" + BODY,
         "Quận 9 họp bàn cải cách hành chính"),
        # Without a dateline: short menu lines lead to more short lines, the headline leads to text.
        ("Trang chủ\nTin tức\nSự kiện\nQuận Hải Châu xây dựng chính quyền điện tử đạt chuẩn mức 1\n" + BODY,
         "Quận Hải Châu xây dựng chính quyền điện tử đạt chuẩn mức 1"),
        ("Mua sắm với bé\n" + BODY, "Mua sắm với bé"),
        ("Nghèo!\n" + BODY, "Nghèo!"),
        ("' Vua ' săn mồi đáng sợ nhất trên mặt đất\n\n" + BODY, "' Vua ' săn mồi đáng sợ nhất trên mặt đất"),
        ("'Cha, mẹ! Con đã về' – câu nói cha mẹ mong chờ nhất\n" + BODY, "'Cha, mẹ! Con đã về' – câu nói cha mẹ mong chờ nhất"),
        ("iPhone 8 ra mắt tại Việt Nam\n" + BODY, "iPhone 8 ra mắt tại Việt Nam"),
        # The headline printed twice by the scraper is one title, not a paragraph.
        ("Quận 9 họp bàn cải cách\n\nQuận 9 họp bàn cải cách\n" + BODY, "Quận 9 họp bàn cải cách"),
        # Title and sapo glued on one line, split at the agency tag.
        ("Các bệnh viện đều quá tải (NLĐ) - " + BODY, "Các bệnh viện đều quá tải"),
        ("Thi HS giỏi thực hành thí nghiệm lớp 8 (NLĐ- " + BODY, "Thi HS giỏi thực hành thí nghiệm lớp 8"),
        # No headline at the top: the QR code footer names the article.
        ("Print Thứ Sáu, 22/09/2023 18:15 Gốc\n" + BODY + "\nHoàng Tùng\nTiện ích thông tin\nQR Code\n"
         "QR CODE: Quận 9 triển khai nhiệm vụ năm 2019\nTin khác", "Quận 9 triển khai nhiệm vụ năm 2019"),
        # No headline anywhere: the first sentence, whole and with the mark it ends with.
        ("6 tháng đầu năm, tình hình của quận ổn định. Tổng giá trị sản xuất tăng 15,5%. " + BODY,
         "6 tháng đầu năm, tình hình của quận ổn định."),
        (BODY, BODY),
        # A headline glued to its text ends where a word that only opens sentences starts the text.
        ("Tăng giá xăng ở các tỉnh vùng xa Các công ty kinh doanh xăng dầu đã đồng loạt điều chỉnh tăng giá bán xăng "
         "ở các tỉnh vùng sâu, vùng xa trước tình hình giá thế giới biến động mạnh.", "Tăng giá xăng ở các tỉnh vùng xa"),
        ("Real Madrid sa thải HLV Luxemburgo Ông Luxemburgo Sau kết quả tồi tệ thời gian qua, Real Madrid đã quyết định "
         "sa thải huấn luyện viên người Brazil.", "Real Madrid sa thải HLV Luxemburgo"),
        ("Theo nguồn tin riêng của báo, cuối tháng này, TAND tỉnh Bà Rịa - Vũng Tàu sẽ xét xử vụ án lừa đảo chiếm đoạt "
         "tài sản của nhiều người dân.", "Theo nguồn tin riêng của báo, cuối tháng này, TAND tỉnh Bà Rịa - Vũng Tàu sẽ "
         "xét xử vụ án lừa đảo chiếm đoạt tài sản của nhiều người dân."),
        ("TP. Hồ Chí Minh có mưa lớn. " + BODY, "TP. Hồ Chí Minh có mưa lớn."),
        # A sentence that ends with a full stop is text, not a headline; the title made of it keeps the stop.
        ("Hội nghị đã kết thúc tốt đẹp.\n" + BODY, "Hội nghị đã kết thúc tốt đẹp."),
    ],
)
def test_title(text, title):
    """The title is the real headline, never a widget, a menu entry or a dateline."""
    assert extract(text, "a.txt").title == title


TEXT_1 = ("Sáng 5-2, UBND phường Hòa Cường Bắc, quận Hải Châu ra mắt tuyến phố văn minh trên đường Núi Thành với sự "
          "tham gia của 120 hộ dân và các tổ dân phố.")
TEXT_2 = ("Các hộ dân ký cam kết giữ vệ sinh, không lấn chiếm vỉa hè và trồng thêm cây xanh; ban điều hành tổ dân phố "
          "sẽ kiểm tra hằng tháng.")
HEADLINE = "Phường Hòa Cường Bắc ra mắt tuyến phố văn minh"
PLACES = ["Phường Hòa Cường Bắc", "Quận Hải Châu"]


@pytest.mark.parametrize(
    "family, page, date, author",
    [
        ("label above the dateline",
         ["Trang chủ » Tin tức » Xã hội", HEADLINE, "Tác giả: Lê Tân", "2024-02-05 08:15", TEXT_1, TEXT_2,
          "Chia sẻ: Facebook Zalo", "Tin liên quan", "Quận Sơn Trà khởi công cầu mới qua sông Hàn"],
         at(2024, 2, 5, 8, 15), "Lê Tân"),
        ("name in capitals in parentheses, then widgets",
         ["Thời sự", "Xã hội", "Kinh tế", HEADLINE, "Thứ hai, 05/02/2024 - 08:15", TEXT_1, TEXT_2 + " (THANH LAN)",
          "Chia sẻ: Facebook Zalo", "Ý kiến bạn đọc"], at(2024, 2, 5, 8, 15), "Thanh Lan"),
        ("name alone, then counters and print links",
         [HEADLINE, "Cập nhật: 05-02-2024 08:15 SA", TEXT_1, TEXT_2, "Thanh Tùng", "Số lượt xem: 1234", "In bài viết"],
         at(2024, 2, 5, 8, 15), "Thanh Tùng"),
        ("role before the name above the dateline",
         [HEADLINE, "Phóng viên Hà Thu", "Thứ hai, ngày 5 tháng 2 năm 2024", TEXT_1, TEXT_2, "Nguồn: TTXVN"],
         at(2024, 2, 5), "Hà Thu"),
        ("dateline above the headline, photo captions, Bài và ảnh",
         ["Xã hội", "08:15 05/02/2024", HEADLINE, TEXT_1, "Người dân ký cam kết. Ảnh: TTXVN", TEXT_2,
          "Bài và ảnh: MINH QUÂN", "Gửi bình luận"], at(2024, 2, 5, 8, 15), "Minh Quân"),
        ("two authors",
         ["Trang chủ / Tin tức / Xã hội", HEADLINE, "05.02.2024 | 08:15", TEXT_1, TEXT_2, "Thành Nguyễn – Trần Đạt"],
         at(2024, 2, 5, 8, 15), "Thành Nguyễn – Trần Đạt"),
        ("name with a credit and a tags line",
         [HEADLINE, "Thứ hai, 5/2/2024, 08:15 (GMT+7)", TEXT_1, TEXT_2, "Vũ Anh (Theo TTXVN)", "Tags: đô thị, văn minh"],
         at(2024, 2, 5, 8, 15), "Vũ Anh (Theo TTXVN)"),
        ("name in capitals under the headline",
         ["XÃ HỘI", HEADLINE, "LÊ TÂN", "08h15 ngày 5/2/2024", TEXT_1, TEXT_2, "Theo TTXVN", "Bình luận (0)"],
         at(2024, 2, 5, 8, 15), "Lê Tân"),
        ("one meta line",
         ["Thời sự", "Xã hội", "Trang chủ > Tin tức > Xã hội", HEADLINE, "05/02/2024 - 08:15 | Tác giả: Hà Thu | Lượt xem: 532",
          TEXT_1, TEXT_2], at(2024, 2, 5, 8, 15), "Hà Thu"),
        ("byline then source, comment widgets",
         [HEADLINE, "Ngày đăng: ngày 5 tháng 2, năm 2024 lúc 08:15", TEXT_1, TEXT_2, "Tác giả: Thanh Tùng", "Theo TTXVN",
          "Ý kiến bạn đọc", "Gửi ý kiến"], at(2024, 2, 5, 8, 15), "Thanh Tùng"),
        ("the only dateline in the footer",
         ["Xã hội › Đô thị", HEADLINE, TEXT_1, TEXT_2, "LÊ TÂN - HÀ THU", "Cập nhật lúc 2024-02-05T08:15:00+07:00"],
         at(2024, 2, 5, 8, 15), "Lê Tân - Hà Thu"),
        ("writer and photographer on one line",
         [HEADLINE, "Bài: Minh Quân | Ảnh: Thanh Tùng", "05/02/2024 08:15", TEXT_1, TEXT_2, "Tags: đô thị"],
         at(2024, 2, 5, 8, 15), "Minh Quân"),
    ],
)
def test_layout_families(family, page, date, author):
    """Whole pages in each layout family give the headline, dateline, byline and places, whatever the order."""
    article = extract("\n".join(page), "a.txt")
    assert (article.title, article.date, article.author, article.places) == (HEADLINE, date, author, PLACES), family
    assert article.lead == TEXT_1, family


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Ngày đăng 15/03/2023 | 19:52  | View count: 55", at(2023, 3, 15, 19, 52)),
        ("Thứ năm, 17/01/2019, 20:50 CH", at(2019, 1, 17, 20, 50)),
        ("Thứ năm, 17/01/2019, 08:50 CH", at(2019, 1, 17, 20, 50)),
        ("Thứ năm, 17/01/2019, 12:10 SA", at(2019, 1, 17, 0, 10)),
        ("Thứ năm, 17/01/2019, 09:10 SA", at(2019, 1, 17, 9, 10)),
        ("Print Thứ Sáu, 22/09/2023 18:15 Gốc", at(2023, 9, 22, 18, 15)),
        ("Chủ nhật, 18/2/2024, 15:50 (GMT+7)", at(2024, 2, 18, 15, 50)),
        ("ngày 5 tháng 2 năm 2024", at(2024, 2, 5)),
        ("Thứ Hai, ngày 5 tháng 2 năm 2024 lúc 8:15", at(2024, 2, 5, 8, 15)),
        ("2024-02-05 08:15", at(2024, 2, 5, 8, 15)),
        ("2024-02-05T08:15:30", at(2024, 2, 5, 8, 15, 30)),
        ("05-02-2024", at(2024, 2, 5)),
        ("Cập nhật: 08:15 | 05.02.2024", at(2024, 2, 5, 8, 15)),
        ("15:50 ngày 18/2/2024", at(2024, 2, 18, 15, 50)),
        ("29/02/2024", at(2024, 2, 29)),
        # No year: the day of an event, not a publication date.
        ("Sáng 12-9", None),
        ("Chiều 14/1", None),
        ("Ngày 15/3 | 19:52", None),
        # Out of range: rejected, never guessed.
        ("31/02/2024", None),
        ("29/02/2023", None),
        ("12/13/2024", None),
        ("17/01/2019 25:10", at(2019, 1, 17)),
        ("2024-13-05", None),
        ("05/02/0024", None),
    ],
)
def test_parse_date(line, expected):
    """Every dateline shape gives a naive datetime; year-less and impossible dates give None."""
    assert parse_date(line) == expected


@pytest.mark.parametrize(
    "line, is_dateline",
    [
        ("Thứ năm, 17/01/2019, 20:50 CH", True),
        ("Print Thứ Sáu, 22/09/2023 18:15 Gốc", True),
        ("Kết quả xổ số điện toán Vietlott ngày 6/2/2017 tại Hà Nội", False),
        ("Theo tinh thần Chỉ thị 21 ngày 1/11/2017 của Thành ủy về trật tự xây dựng.", False),
        ("Con tin Philippines đã được phóng thích(20/07/2004)", False),
    ],
)
def test_dateline(line, is_dateline):
    """A dateline is a date with a few words around it; a sentence or a related link merely mentions one."""
    assert (dateline_date(line) is not None) == is_dateline


def test_date_prefers_the_header():
    """A dateline in the header beats a date in the body, and dates in sentences are ignored."""
    text = "Quận 9 họp bàn\nThứ năm, 17/01/2019, 20:50 CH\nTheo Chỉ thị 21 ngày 1/11/2017 của Thành ủy.\nCập nhật 20/01/2019"
    assert extract(text, "a.txt").date == at(2019, 1, 17, 20, 50)


def test_year_less_dates_give_no_date():
    """A page whose only dates lack a year has no publication date."""
    assert extract("Quận 9 họp bàn\nSáng 12-9, quận họp. Chiều 14/1, quận họp tiếp.", "a.txt").date is None


@pytest.mark.parametrize(
    "line, author",
    [
        ("HOÀNG PHƯƠNG", "Hoàng Phương"),
        ("Hồng Hạnh", "Hồng Hạnh"),
        ("(ĐẶNG NỞ)", "Đặng Nở"),
        ("Tác giả: Nguyễn Văn An", "Nguyễn Văn An"),
        ("Author: Hồng Duy", "Hồng Duy"),
        ("Bài và ảnh: HƯƠNG HUYỀN", "Hương Huyền"),
        ("Quỳnh Nguyễn - Phan Dương", "Quỳnh Nguyễn - Phan Dương"),
        ("Vũ Anh (Theo AFP)", "Vũ Anh (Theo AFP)"),
        ("Hội nghị kết thúc tốt đẹp.", None),
        ("Các cá nhân được khen thưởng", None),
        ("Tin khác", None),
        ("Hà Nội", None),
        ("Bài 3: Nghi án của đội tuyển", None),
        ("Tác giả: Bài viết này được tổng hợp từ nhiều nguồn. Xin cảm ơn các bạn đã theo dõi chuyên mục", None),
        ("Nguyễn Văn An Trần Thị Bình Lê Văn Cường Phạm Thị Dung", None),
    ],
)
def test_byline(line, author):
    """Bylines are short names printed in their natural case; sentences and headings are not bylines."""
    assert byline(line) == author


def test_author_is_the_first_signature_of_a_glued_page():
    """When two articles are glued, the signature of the first (the titled one) is the author."""
    assert find_author(["Đoạn một. (ĐẶNG NỞ)", "Sáng 12-9, ...", "Đoạn hai. (MẪU ĐƠN)", ";"]) == "Đặng Nở"


@pytest.mark.parametrize(
    "text, places",
    [
        ("Quận ủy Hải Châu họp. UBND quận Hải Châu và Phường Quang Trung.", ["Quận Hải Châu", "Phường Quang Trung"]),
        ("UBND Quận 9 và phường 12 họp; Quận 9 báo cáo.", ["Quận 9", "Phường 12"]),
        ("Quận Lê Chân, quận Lê Chân và huyện Hòa Vang.", ["Quận Lê Chân", "Huyện Hòa Vang"]),
        ("thị xã Sơn Tây, Thị trấn Phùng, tỉnh Cà Mau, Thành phố Hồ Chí Minh",
         ["Thị xã Sơn Tây", "Thị trấn Phùng", "Tỉnh Cà Mau", "Thành phố Hồ Chí Minh"]),
        ("xã Yên Thắng, huyện Ý Yên", ["Xã Yên Thắng", "Huyện Ý Yên"]),
        ("văn hóa - xã hội; Huyện ủy Hương Khê; lãnh đạo quận tới dự; thị xã tới dự", []),
        ("Chủ tịch UBND quận Trần Văn Bảy; Chương trình Thành phố 4 an", []),
        # One place however it is cased or its tones are placed.
        ("huyện Hoà Vang; Huyện Hòa Vang; QUẬN HẢI CHÂU", ["Huyện Hòa Vang", "Quận Hải Châu"]),
        # Aliases fold into the canonical name.
        ("TP.HCM, TP HCM, TPHCM, Thành phố HCM, TP. Hồ Chí Minh", ["Thành phố Hồ Chí Minh"]),
        ("tỉnh Thừa Thiên - Huế; tỉnh Đăk Lăk; tỉnh Thanh Hoá", ["Tỉnh Thừa Thiên Huế", "Tỉnh Đắk Lắk", "Tỉnh Thanh Hóa"]),
        # Words glued on by the layout or a person's name after the unit are cut off.
        ("Quận Cầu Giấy Phạm Ngọc; Tỉnh Cà Mau Tô Quốc; Thành phố Hạ Long Ảnh; Bí thư Thành ủy TP.HCM Nguyễn Thiện Nhân",
         ["Quận Cầu Giấy", "Tỉnh Cà Mau", "Thành phố Hạ Long", "Thành phố Hồ Chí Minh"]),
        ("tỉnh Bà Rịa - Vũng Tàu; TP Phan Rang - Tháp Chàm", ["Tỉnh Bà Rịa - Vũng Tàu", "Thành phố Phan Rang - Tháp Chàm"]),
        # Not units: a cut name, a person, a word, foreign cities and provinces.
        ("Thành phố H; Huyện Anh; Xã Mọi; Thành phố Lê Hồng Sơn; thành phố New York; tỉnh Idlib; quận Mễ Chi", []),
        # A unit with a Vietnamese name abroad is not a Vietnamese unit.
        ("bến Biên Mậu, TP Đông Hưng, Trung Quốc; huyện Đông Hưng, Thái Bình", ["Huyện Đông Hưng"]),
        # A city and its province are two units; a unit that changed type is named as it is now.
        ("TP Thái Bình, tỉnh Thái Bình; thị xã Hạ Long", ["Thành phố Thái Bình", "Tỉnh Thái Bình", "Thành phố Hạ Long"]),
        # Units of the 2025 reform and units dissolved earlier are both known.
        ("Đặc khu Phú Quốc; phường Sài Gòn; tỉnh Hà Tây; Quận 9", ["Đặc khu Phú Quốc", "Phường Sài Gòn", "Tỉnh Hà Tây", "Quận 9"]),
        # A unit word inside another ("xã" of "thị xã") is tried only when the longer one names nothing.
        ("thị xã Sơn Tây; thị xã mới; THỊ XÃ SƠN TÂY", ["Thị xã Sơn Tây"]),
        # A letter whose lowercase is longer ("İ") shifts no mention.
        ("İstanbul và TP.HCM, quận Hải Châu", ["Thành phố Hồ Chí Minh", "Quận Hải Châu"]),
    ],
)
def test_places(text, places):
    """Places are real units under their canonical names, deduplicated, most mentioned first."""
    assert find_places(text) == places


def test_places_are_capped():
    """At most ten places are kept."""
    text = ", ".join(f"Phường {number}" for number in range(1, 16))
    assert len(find_places(text)) == 10


@pytest.mark.parametrize(
    "line, boilerplate",
    [
        ("Số lượng lượt xem: 811", True),
        ("View count: 55", True),
        ("Lượt xem", True),
        ("Cỡ chữ Màu chữ image", True),
        ("Print Thứ Sáu, 22/09/2023 18:15 Gốc", True),
        ("QR Code", True),
        ("QR Code Fanpage", True),
        ("Mã QR Code truy cập vào Fanpage Cổng tin tức Thành phố Hải Phòng", True),
        ("Tiện ích thông tin", True),
        ("Nguồn tin", True),
        ("Tin khác", True),
        ("Chúng tôi trên Mạng Xã hội", True),
        ("Facebook", True),
        ("Chia sẻ", True),
        (";", True),
        (".", True),
        ("title", True),
        ("thời tiết các vùng", True),
        ("Con tin Philippines đã được phóng thích(20/07/2004)", True),
        ("Hoàng Tùng", False),
        ("Các tập thể được khen thưởng", False),
        ("Tin khác nhau về số liệu khiến người dân hoang mang trong nhiều ngày qua.", False),
    ],
)
def test_boilerplate_lines(line, boilerplate):
    """Widgets, counters, QR codes, footers and lone punctuation are boilerplate; article text is not."""
    assert is_boilerplate(line) == boilerplate


def test_boilerplate_is_removed_and_captions_stay():
    """The body keeps captions as short paragraphs and loses widgets, footers and punctuation trailers."""
    text = ("title\nQuận 9 họp bàn cải cách hành chính\nThứ năm, 17/01/2019, 20:50 CH\nCỡ chữ Màu chữ image\n"
            f"{BODY}\nĐồng chí Trần Văn Bảy phát biểu tại Hội nghị.\n{BODY}\nCác tập thể được khen thưởng\n{BODY}\nSố lượng lượt xem: 811\n"
            "HOÀNG PHƯƠNG\nTin khác\nQuận 7 họp bàn\n;\n.")
    article = extract(text, "a.txt")
    assert article.lead == BODY
    assert article.body.split("\n\n") == [
        "Đồng chí Trần Văn Bảy phát biểu tại Hội nghị.", BODY, "Các tập thể được khen thưởng", BODY]
    assert article.author == "Hoàng Phương"


@pytest.mark.parametrize(
    "text, title, lead",
    [
        # A headline glued to the text it heads is the title, and the lead starts after it.
        ("Tăng giá xăng ở các tỉnh vùng xa Các công ty kinh doanh xăng dầu đã đồng loạt điều chỉnh tăng giá bán xăng "
         "ở các tỉnh vùng sâu, vùng xa trước tình hình giá thế giới biến động mạnh.",
         "Tăng giá xăng ở các tỉnh vùng xa",
         "Các công ty kinh doanh xăng dầu đã đồng loạt điều chỉnh tăng giá bán xăng ở các tỉnh vùng sâu, vùng xa trước "
         "tình hình giá thế giới biến động mạnh."),
        # A page whose only text is its first sentence keeps it as the lead too.
        (BODY, BODY, BODY),
    ],
)
def test_lead_does_not_repeat_the_title(text, title, lead):
    """The lead never starts with a glued copy of the headline, and never loses text that is not in the title."""
    article = extract(text, "a.txt")
    assert (article.title, article.lead) == (title, lead)


# Pages without a headline, of the shape agency feeds and old archives give: the title is their first sentence.
LONG_SAPO = ("Lệnh cấm xuất khẩu thịt bò của nước Anh, được ban hành từ năm 1996 nhằm ngăn chặn nguy cơ lây bệnh bò "
             "điên sang các nước châu Âu, đã chính thức được dỡ bỏ.")
OVERLONG = ("Sau các điểm tái phát dịch cúm gia cầm tại hai huyện Gò Công Đông và Gò Công Tây trong tuần qua, ngày 6/7, "
            "hiện tượng gà chết hàng loạt lại xảy ra tại trại gà của ông Nguyễn Văn Lâm ở ấp Điền Mỹ, xã Long Bình Điền, "
            "huyện Chợ Gạo, một trong những trại lớn nhất tỉnh.")


@pytest.mark.parametrize(
    "text, title, lead",
    [
        # A sentence that fits a heading line stays whole: cut at 120 characters it lost its verb.
        (LONG_SAPO + "\n" + BODY, LONG_SAPO, BODY),
        # The marks a sentence ends with are part of it: a teaser's ellipsis, a question, a full stop.
        ("Nhìn thấy anh rể tương lai đi cùng chị gái, tôi chết lặng khi nhận ra người đó chính là...\n" + BODY,
         "Nhìn thấy anh rể tương lai đi cùng chị gái, tôi chết lặng khi nhận ra người đó chính là...", BODY),
        ("Vì sao giá xăng tăng mạnh trong tháng này? Các chuyên gia giải thích nguyên nhân từ thị trường thế giới.\n"
         + BODY, "Vì sao giá xăng tăng mạnh trong tháng này?", "Các chuyên gia giải thích nguyên nhân từ thị trường thế giới."),
        # An ellipsis followed by a quoted lowercase word does not end the sentence.
        ("Nhiều gia đình cho con làm chuyện... “ấy” ngay trong nhà, một khảo sát mới cho biết. Đoạn sau.\n" + BODY,
         "Nhiều gia đình cho con làm chuyện... “ấy” ngay trong nhà, một khảo sát mới cho biết.", "Đoạn sau."),
        # Too long for a heading line: its opening is the title, cut at a clause break and marked, and the lead
        # keeps the whole paragraph (a lead that repeated a cut title once began "Điền, huyện Chợ Gạo").
        (OVERLONG, OVERLONG[: OVERLONG.index(", hiện tượng")] + "…", OVERLONG),
        # A headline followed by a quotation on the same line: the lead starts at the quote.
        ("Đến thời... công trái rong! “Ai công trái, bán đi...”. Tiếng rao vang trên đường ven hồ Trúc Bạch, Hà Nội.",
         "Đến thời... công trái rong!", "“Ai công trái, bán đi...”. Tiếng rao vang trên đường ven hồ Trúc Bạch, Hà Nội."),
    ],
)
def test_title_from_the_first_sentence(text, title, lead):
    """A page without a headline is titled by its first sentence, whole, and its lead does not repeat it."""
    article = extract(text, "a.txt")
    assert (article.title, article.lead) == (title, lead)


def test_a_cut_title_keeps_the_places_it_cut():
    """A title cut inside a name does not split the place between title and lead: the whole name is found."""
    assert "Xã Long Bình Điền" in extract(OVERLONG, "a.txt").places


def test_lead_skips_a_glued_headline():
    """A headline of another article under the title is not the lead; the first sentence-like paragraph is."""
    article = extract("Quận 9 họp bàn cải cách hành chính năm nay\nHơn 500 hộ nghèo được vay vốn\n" + BODY, "a.txt")
    assert (article.lead, article.body) == (BODY, "Hơn 500 hộ nghèo được vay vốn")


SEED_EXPECTATIONS = [
    ("000_3ff03f6642ae21e6.txt", "Quận Hải Châu xây dựng chính quyền điện tử đạt chuẩn mức 1 vào năm 2019", None, "Đặng Nở"),
    ("001_43ec9208da8b7315.txt",
     "6 tháng đầu năm, tình hình các mặt công tác của quận cơ bản ổn định, đạt được những kết quả tích cực.",
     None, "Hồng Hạnh"),
    ("002_18c0cf6a5e024732.txt",
     "Quang Trung sơ kết giữa nhiệm kỳ Đại hội Đảng bộ phường lần thứ XIV nhiệm kỳ 2020 - 2025",
     at(2023, 3, 15, 19, 52), "Hoàng Phương"),
    ("003_b2fe966c03df9d48.txt",
     "Quận 9: Tập trung giải pháp thực hiện tốt chủ đề năm 2019 “Năm đột phá cải cách hành chính và thực hiện "
     "Nghị quyết 54 của Quốc hội”", at(2019, 1, 17, 20, 50), None),
    ("004_356611e0d6a31a8b.txt",
     "Quận Lê Chân: Thu ngân sách 9 tháng đầu năm ước đạt 641,769 tỷ đồng, bằng 69,79% kế hoạch thành phố giao",
     at(2023, 9, 22, 18, 15), "Hoàng Tùng"),
]


@pytest.mark.parametrize("name, title, date, author", SEED_EXPECTATIONS)
def test_seed(name, title, date, author):
    """Each seed gives its headline, dateline and byline."""
    article = load(source_file(SEEDS / name), 1 << 20)
    assert (article.title, article.date, article.author) == (title, date, author)


def test_seed_body_is_clean():
    """Seed bodies end with article text: no trailers, counters, bylines or footers."""
    ends = {
        "000_3ff03f6642ae21e6.txt": "(ĐẶNG NỞ)",
        "002_18c0cf6a5e024732.txt": "khen thưởng./.",
        "003_b2fe966c03df9d48.txt": "cho người dân.",
        "004_356611e0d6a31a8b.txt": "an toàn xã hội…",
    }
    for name, end in ends.items():
        assert load(source_file(SEEDS / name), 1 << 20).body.endswith(end), name


def test_seed_places():
    """Seed places are the units the articles are about, with persons and slogans left out."""
    places = {name: load(source_file(SEEDS / name), 1 << 20).places for name, *_ in SEED_EXPECTATIONS}
    assert places["000_3ff03f6642ae21e6.txt"] == ["Quận Hải Châu"]
    assert places["001_43ec9208da8b7315.txt"] == ["Quận Cẩm Lệ"]
    assert places["002_18c0cf6a5e024732.txt"] == ["Phường Quang Trung"]
    assert places["003_b2fe966c03df9d48.txt"] == ["Quận 9", "Thành phố Hồ Chí Minh"]
    assert places["004_356611e0d6a31a8b.txt"] == ["Quận Lê Chân", "Phường Vĩnh Niệm"]


def test_seed_of_two_briefs_is_two_articles():
    """Seed 000 holds two briefs closed by their own bylines: two articles, the second at ``#2``."""
    first, second = load_all(source_file(SEEDS / "000_3ff03f6642ae21e6.txt"), 1 << 20)
    assert (first.path, first.author) == ("000_3ff03f6642ae21e6.txt", "Đặng Nở")
    assert (second.path, second.author) == ("000_3ff03f6642ae21e6.txt#2", "Mẫu Đơn")
    assert second.title.startswith("Sáng 12-9, Ban đại diện Hội đồng Ngân hàng Chính sách xã hội quận Hải Châu")
    assert "(MẪU ĐƠN)" not in first.body and "(ĐẶNG NỞ)" not in second.body
    assert second.places == ["Quận Hải Châu"]


@pytest.mark.parametrize(
    "text, authors",
    [
        # A byline followed only by short lines, a link list or a caption ends the one article.
        (f"Quận 9 họp bàn\n{BODY}\nHOÀNG PHƯƠNG\nQuận 7 họp bàn\nQuận 8 khởi công cầu", ["Hoàng Phương"]),
        (f"Quận 9 họp bàn\n{BODY} (HOÀNG PHƯƠNG)\n{BODY}", ["Hoàng Phương"]),
        # Running text closed by a byline of its own after the first byline is a second brief.
        (f"Quận 9 họp bàn\n{BODY} (HOÀNG PHƯƠNG)\n{BODY}\nHỒNG HẠNH", ["Hoàng Phương", "Hồng Hạnh"]),
        # Names in mixed case between paragraphs (forum replies, lists of people) do not split a page.
        (f"Quận 9 họp bàn\n{BODY}\nHồng Hạnh\n{BODY}\nThu Hà", ["Thu Hà"]),
        (f"Quận 9 họp bàn\n{BODY}\nTác giả: Lê Tân\nQuận 7 sơ kết\n{BODY} (MẪU ĐƠN)\n{BODY} (THU HÀ)",
         ["Lê Tân", "Mẫu Đơn", "Thu Hà"]),
    ],
)
def test_briefs_split_only_at_bylines_followed_by_a_brief(text, authors):
    """Each brief is one article with its own author; the second one's heading is its title."""
    articles = extract_all(text, "a.txt")
    assert [article.author for article in articles] == authors
    assert [article.path for article in articles] == ["a.txt"] + [f"a.txt#{n}" for n in range(2, len(authors) + 1)]
    if len(authors) == 3:
        assert articles[1].title == "Quận 7 sơ kết"


def test_markdown_front_matter():
    """Front matter gives title, date, author, tags and source; the body keeps its Markdown."""
    article = load(source_file(ARTICLES / "front-matter.md"), 1 << 20)
    assert article.markdown is True
    assert article.title == "Phường Hòa Cường Bắc ra mắt mô hình tuyến phố văn minh"
    assert article.date == at(2024, 2, 5, 8, 15)
    assert (article.author, article.tags, article.source) == ("Lê Minh", ["đô thị", "văn minh"], "Cổng thông tin quận Hải Châu")
    assert article.lead == "Sáng 5-2, UBND **phường Hòa Cường Bắc** ra mắt mô hình tuyến phố văn minh."
    assert article.body == "## Kết quả\n\n- 120 hộ dân ký cam kết\n- 3 tổ dân phố tham gia"


def test_markdown_title_from_heading():
    """Without front matter the first ``#`` heading is the title, and it leaves the body."""
    article = load(source_file(ARTICLES / "heading-only.md"), 1 << 20)
    assert article.title == "Quận Sơn Trà khởi công cầu mới"
    assert "# Quận Sơn Trà" not in article.body
    assert article.places == ["Quận Sơn Trà", "Huyện Hòa Vang"]


def test_key_value_header():
    """A "Key: value" dump gives its fields; the site suffix leaves the title; the repeated summary is the lead only."""
    article = load(source_file(ARTICLES / "vims-header.txt"), 1 << 20)
    assert article.title == "Chen chân giành manh chiếu cầu may"
    assert (article.date, article.author, article.source) == (at(2024, 2, 18, 15, 50), "Hồng Duy", "VnExpress")
    assert article.tags == ["lễ hội", "Nam Định"]
    assert article.lead == "Hàng nghìn người chen chân giành manh chiếu cầu may ở huyện Ý Yên."
    assert article.body == "Lễ hội diễn ra từ sáng sớm tại xã Yên Thắng.\n\nBan tổ chức bố trí lực lượng giữ trật tự."


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Máy bay lần đầu ra nước ngoài - VnExpress Kinh doanh", "Máy bay lần đầu ra nước ngoài"),
        ("Giá vàng tăng mạnh | Báo Thanh Niên", "Giá vàng tăng mạnh"),
        ("Tiệc giàu - tiệc khó", "Tiệc giàu - tiệc khó"),
        ("Hamas - Israel", "Hamas - Israel"),
    ],
)
def test_site_suffix(title, expected):
    """Only a suffix naming a news site is stripped; a dash inside the headline stays."""
    assert extract(f"Title: {title}\nSource: VnExpress\nContent: {BODY}", "a.txt").title == expected


def test_utf16_title_and_sapo_on_one_line():
    """A UTF-16 VNTC page with title and sapo glued splits into title and lead."""
    article = load(source_file(ARTICLES / "utf16-nld.txt"), 1 << 20)
    assert article.title == "Các bệnh viện đều quá tải"
    assert article.lead.startswith("Hiện nay, các bệnh viện")
    assert article.places == ["Tỉnh Cà Mau"]


def test_unreadable_file_is_skipped_with_reason():
    """A file the reader refuses becomes a SkippedFile named by its relative path, with the reason."""
    result = load(source_file(ARTICLES / "blank.txt"), 1 << 20)
    assert isinstance(result, SkippedFile)
    assert (result.path, result.reason) == ("blank.txt", "only whitespace")


def test_extract_keeps_the_path_and_handles_empty_text():
    """An empty page still gives an Article, with the path recorded as given."""
    article = extract("", "sub/a.txt")
    assert (article.path, article.title, article.lead, article.body) == ("sub/a.txt", "", "", "")
