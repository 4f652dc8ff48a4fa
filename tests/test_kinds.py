"""Page kinds: tag, listing and profile pages told from articles by address and shape, and indexed with their kind."""

import pytest

from archive.engine.index import open_index
from archive.ingest.extract import extract
from archive.upkeep.build import build
from tests.conftest import DATA, SEEDS
from tests.test_extract import BODY

ARTICLE = ("Quận Sơn Trà khởi công cầu mới\nThứ ba, 06/02/2024, 09:00\n"
           "Sáng 6-2, UBND quận Sơn Trà khởi công cầu mới qua sông Hàn, dài 450 mét, dự kiến xong sau hai năm.\n")
HEADLINES = [
    "Xe khách lật trên đèo Bảo Lộc, nhiều người bị thương", "Tai nạn liên hoàn trên cao tốc Dầu Giây - Phan Thiết",
    "Xe tải tông sập nhà dân ở Bình Dương lúc rạng sáng", "Ôtô con lao xuống mương sau khi va chạm xe máy",
    "Tài xế say rượu gây tai nạn rồi bỏ chạy khỏi hiện trường", "Va chạm giữa xe máy và xe buýt tại nút giao An Sương",
    "Cháy nhà ba tầng ở quận 12, một người tử vong",
]
TEASER = "Vụ việc xảy ra lúc rạng sáng, lực lượng chức năng đã có mặt để điều tiết giao thông và đưa người bị thương đi cấp cứu."
# A tag page as portals print it: a label, then headlines each with its time and date.
TAG_PAGE = DATA.joinpath("kinds", "tag-page.txt").read_text(encoding="utf-8")
VIDEO_DUMP = ("Title: Lady GaGa\nSource: VnExpress\nLink: https://video.vnexpress.net/lady-gaga/tag-264256-1.html\n"
              "Content: Video nổi bật 01:27 01:07 03:13 05:34 04:19 02:37 Tải ứng dụng Liên hệ Điện thoại")


def lines(*parts):
    """Return a page made of ``parts``, one per line."""
    return "\n".join(parts)


NOT_ARTICLES = [
    (TAG_PAGE, "tag"),
    (TAG_PAGE.replace("Tag: tai nạn giao thông", "Giao thông"), "listing"),
    (VIDEO_DUMP, "tag"),
    (VIDEO_DUMP.replace("/lady-gaga/tag-264256-1.html", "/giai-tri"), "listing"),
    (VIDEO_DUMP.replace("https://video.vnexpress.net/lady-gaga/tag-264256-1.html", "about:blank"), "listing"),
    ("Title: Tin Thế giới, thời sự quốc tế\nSource: VnExpress\nLink: https://vnexpress.net/the-gioi\nContent: " + BODY,
     "listing"),
    ("Title: Lê Tân\nLink: https://baox.vn/tac-gia/le-tan-12.html\nContent: " + BODY, "profile"),
    ("Title: Bão số 3\nLink: https://baox.vn/chu-de/bao-so-3-2057\nContent: " + BODY, "tag"),
    # A topic page with headlines only: its label says it is a list.
    (lines("Chủ đề: Bão số 3", *HEADLINES), "tag"),
    (lines("Tác giả: Lê Tân", *[f"{headline}(1{day}/02/2024)" for day, headline in enumerate(HEADLINES)]), "profile"),
    # A news feed: each headline with a teaser and how long ago it came in.
    (lines("Tin mới", *[part for headline in HEADLINES for part in (headline, f"{len(headline) % 50 + 1}' trước", TEASER)]),
     "listing"),
    (lines("Tag: tai nạn", *[part for day, headline in enumerate(HEADLINES) for part in (headline, f"0{day}:15 1{day}/02/2024",
                                                                                        TEASER)]), "tag"),
]
ARTICLES = [
    (DATA.joinpath("search", "covid.txt").read_text(encoding="utf-8"), "article"),
    (lines("Hà Nội tiêm vắc-xin cho trẻ", "Tác giả: Minh Anh", "05/02/2024 08:15",
           "Hà Nội triển khai tiêm vắc-xin cho trẻ em từ 5 đến 11 tuổi, theo kế hoạch của Sở Y tế."), "article"),
    (lines("Đà Nẵng khởi công cầu mới", "Từ khóa: cầu, Đà Nẵng, giao thông", BODY), "article"),
    (lines("Chủ đề: giao thông", "Đà Nẵng khởi công cầu mới", "Thứ ba, 06/02/2024, 09:00", BODY, BODY), "article"),
    ("Title: Tin tức Vaccine Covid-19 mới nhất hôm nay\nSource: VnExpress\nContent: " + BODY, "article"),
    ("Title: Bài viết của Lê Tân\nSource: Báo X\nContent: " + BODY, "article"),
    ("Title: Hội nghị ASEAN\nLink: https://baox.vn/su-kien/hoi-nghi-cap-cao-asean-lan-thu-40-123456.html\nContent: " + BODY,
     "article"),
    # A short article followed by a list of related headlines, each with its date.
    (lines("Đêm thời trang áo dài tại Mỹ Sơn", "Lần đầu tiên khu đền tháp Mỹ Sơn được chọn làm sân khấu cho một đêm áo dài.",
           *[f"{headline}(2{day}/03/2005)" for day, headline in enumerate(HEADLINES)]), "article"),
    # A photo story: a lead, then a caption under each photo.
    (lines("Rộn ràng chào đón giao thừa", BODY, *HEADLINES, "Hái lộc đầu xuân ở chùa Ngọc Hoàng"), "article"),
    # A recipe: ingredient lines, then the steps.
    (lines("Cá hồi hấp gừng", "Nguyên liệu:", "- Cá hồi Fillet: 180gr", "- Hành lá: 10gr", "- Dầu mè: 5gr",
           "- Nước lèo gà: 100ml", "- Gừng: 10gr", "- Ớt sừng: 10gr", "Thực hiện:", BODY), "article"),
    # Results and schedules: many clock times, each with a fixture beside it.
    ("Kết quả bóng đá hôm nay 30/5\nVietnamnet cập nhật kết quả các trận đấu đêm qua.\n"
     + " ".join(f"Ngoại hạng Anh: 2{hour}:00 - 29/5: Đội A{hour} 0-0 Đội B{hour}" for hour in range(4))
     + " " + " ".join(f"La Liga: 0{hour}:30 - 30/5: Đội C{hour} 2-1 Đội D{hour}" for hour in range(4)), "article"),
    # A power-cut schedule: a time range on each row.
    ("Lịch cắt điện Hà Nội ngày 27/5\nHầu hết các quận nằm trong danh sách cắt điện theo kế hoạch.\n"
     + " ".join(f"{n} Hoàn Kiếm 0{n}:00 1{n}:30 Từ số nhà {n}0 phố Hai Bà Trưng. Hình thức cắt điện: KẾ HOẠCH" for n in range(1, 9)),
     "article"),
    (lines("Lịch truyền hình trực tiếp bóng đá", *[f"Việt Nam – Đội {n} (17 giờ 30 ngày 2{n}–11, VTV3)" for n in range(8)]),
     "article"),
    (lines("Quận 9 họp bàn cải cách hành chính", "Thứ năm, 17/01/2019, 20:50", BODY + " Hội nghị bắt đầu lúc 14:00.", BODY,
           "HOÀNG PHƯƠNG"), "article"),
    (SEEDS.joinpath("002_18c0cf6a5e024732.txt").read_text(encoding="utf-8"), "article"),
    # A live report: short updates, each under the time it came in.
    (lines("Trực tiếp: Việt Nam gặp Thái Lan", *[part for minute in range(10, 50, 5) for part in (
        f"20:{minute}", f"Phút {minute}, tuyển Việt Nam tổ chức thêm một đợt tấn công bên cánh trái nhưng chưa thành bàn.")]),
     "article"),
]


@pytest.mark.parametrize("text, kind", NOT_ARTICLES + ARTICLES)
def test_page_kind(text, kind):
    """Pages are articles unless their address or their shape (a list of entries without a body) says otherwise."""
    assert extract(text, "a.txt").kind == kind


def test_a_tag_page_is_indexed_with_its_kind(tmp_path, index_dir):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "tag.txt").write_text(TAG_PAGE, encoding="utf-8")
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    build([folder], index_dir)
    with open_index(index_dir).searcher() as searcher:
        kinds = {fields["path"]: fields["kind"] for fields in searcher.all_stored_fields()}
        tagged = [searcher.stored_fields(docnum)["path"] for docnum in searcher.document_numbers(kind="tag")]
        column = searcher.reader().column_reader("kind")
        counted = sorted(column[docnum] for docnum in range(searcher.doc_count_all()))
    assert kinds == {"tag.txt": "tag", "article.txt": "article"}
    assert tagged == ["tag.txt"]
    assert counted == ["article", "tag"]
