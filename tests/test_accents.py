"""Typed accents mean what they say: exact spellings rank first, unaccented words read as the archive reads,
and "did you mean" restores accents without ever correcting a spelling the archive holds."""

import collections
import html
import re
import urllib.parse

import pytest

from click.testing import CliRunner

from archive.cli import main
from archive.query.search import Archive
from archive.text.vietnamese import exact_form, exact_words
from archive.upkeep.build import build
from web import create_app

ARTICLES = {
    "sieu-bao-1": ("Siêu bão Haiyan đổ bộ miền Trung", "Siêu bão mạnh nhất năm. Bão số 3 gây mưa lớn ven biển."),
    "sieu-bao-2": ("Siêu bão tiến vào biển Đông", "Cơ quan khí tượng cảnh báo siêu bão tiến vào biển Đông."),
    "bao-so-3-a": ("Bão số 3 suy yếu thành áp thấp", "Bão số 3 đã suy yếu, người dân trở về nhà."),
    "bao-so-3-b": ("Ngư dân thiệt hại sau bão số 3", "Ngư dân chịu thiệt hại nặng sau bão số 3."),
    "bao-chi-1": ("Báo chí cách mạng Việt Nam", "Ngày báo chí cách mạng, các tòa soạn báo gặp mặt."),
    "bao-chi-2": ("Đọc báo mỗi sáng", "Thói quen đọc báo giấy vẫn còn ở nhiều gia đình."),
    "bao-chi-3": ("Báo số 3 ra mắt bạn đọc", "Tờ báo in màu, mừng ngày thành lập."),
    "bao-hiem": ("Bảo hiểm y tế cho học sinh", "Học sinh được bảo hiểm y tế miễn phí."),
    "bao-ve": ("Bảo vệ rừng đầu nguồn", "Lực lượng bảo vệ rừng tuần tra thường xuyên."),
    "bao-gom": ("Lễ hội bao gồm nhiều hoạt động", "Lễ hội bao gồm hội chợ và văn nghệ."),
    "sieu-mau": ("Siêu mẫu trình diễn thời trang", "Siêu mẫu xuất hiện, bao nhiêu khán giả đến xem."),
    "sieu-giau": ("Giới siêu giàu đầu tư bất động sản", "Giới siêu giàu mua biệt thự, báo chí đưa tin."),
    "ban-hang-1": ("Bán hàng trực tuyến tăng mạnh", "Các cửa hàng bán hàng qua mạng dịp Tết."),
    "ban-hang-2": ("Kỹ năng bán hàng cho nhân viên", "Nhân viên bán hàng và bạn bè được tập huấn."),
    "ban-hang-3": ("Phụ nữ bán hàng rong trên phố", "Nhiều phụ nữ bán hàng rong kiếm sống."),
    "ban-hang-4": ("Bán hàng đa cấp bị phạt", "Công ty bán hàng đa cấp trái phép bị phạt."),
    "ban-hang-5": ("Tìm bạn hàng mới cho nông sản", "Doanh nghiệp tìm bạn hàng mới ở châu Âu."),
    "ban-hang-6": ("Bạn hàng truyền thống của Việt Nam", "Nhật Bản là bạn hàng lớn của Việt Nam."),
    "ban-hang-7": ("Giữ chân bạn hàng lâu năm", "Tiểu thương giữ chân bạn hàng bằng chữ tín."),
    "hoa-binh-1": ("Hòa bình cho khu vực", "Các bên cam kết gìn giữ hòa bình."),
    "hoa-binh-2": ("Hoà bình và phát triển", "Hoà bình là khát vọng chung."),
    "hoa-binh-3": ("HÒA BÌNH LẬP LẠI", "Ngày hòa bình lập lại trên quê hương."),
    "hoa-binh-4": ("Hoa bình yên nở rộ", "Vườn hoa bình yên bên bờ sông."),
    "covid": ("Covid lan nhanh ở đô thị", "Dịch covid lan nhanh, covid khiến nhiều người nhập viện."),
    "zalo": ("Ứng dụng zalo được ưa chuộng", "Người dân dùng zalo để nhắn tin."),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Return a folder holding ``source/`` with the crafted articles and ``index/`` built over them, once per module."""
    root = tmp_path_factory.mktemp("accents")
    source = root / "source"
    source.mkdir()
    for name, (title, body) in ARTICLES.items():
        (source / f"{name}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    build([source], root / "index")
    return root


@pytest.fixture(scope="module")
def archive(built):
    """Return an Archive over the crafted articles."""
    with Archive(built / "index") as opened:
        yield opened


def names(page):
    """Return the file names, without extension, of a page's hits, best first."""
    return [hit.path.removesuffix(".txt") for hit in page.hits]


def holding(spelling):
    """Return the names of the crafted articles that hold ``spelling`` (one word or a run) exactly."""
    wanted = exact_words(spelling)
    found = set()
    for name, (title, body) in ARTICLES.items():
        words = exact_words(f"{title}\n{body}")
        if any(words[i : i + len(wanted)] == wanted for i in range(len(words))):
            found.add(name)
    return found


def spelt(text):
    """Return a query text with each word in its exact form, so that case and tone placement compare equal."""
    return " ".join(exact_form(word) for word in text.split())


@pytest.mark.parametrize("query", ["bão", "báo", "bảo", "siêu bão", "bán hàng", "bạn hàng", "bão số 3"])
def test_articles_holding_the_typed_spelling_rank_above_all_others(archive, query):
    found = names(archive.search(query, limit=50))
    exact = holding(query)
    assert exact, "the crafted articles hold every spelling queried"
    assert set(found[: len(exact)]) == exact


@pytest.mark.parametrize("query, everything", [("bão", "bao"), ("siêu bão", "sieu bao"), ("bạn hàng", "ban hang")])
def test_accent_free_matches_follow_so_nothing_is_lost(archive, query, everything):
    typed, unaccented = archive.search(query, limit=50), archive.search(everything, limit=50)
    assert typed.total == unaccented.total > len(holding(query))
    assert set(names(typed)) == set(names(unaccented))


def test_siu_bao_finds_the_typhoons_not_models_or_newspapers(archive):
    assert set(names(archive.search("siêu bão"))[:2]) == {"sieu-bao-1", "sieu-bao-2"}


@pytest.mark.parametrize("query, first, others", [
    ("ban hang", "bán hàng", ["bạn hàng"]),
    ("sieu bao", "siêu bão", []),
])
def test_unaccented_queries_rank_the_archive_s_commonest_spelling_first_and_offer_the_others(
        archive, query, first, others):
    page = archive.search(query, limit=50)
    assert set(names(page)[: len(holding(first))]) == holding(first)
    if others:
        assert [spelt(r["text"]) for r in page.readings] == [first, *others]
        assert [r["used"] for r in page.readings] == [True] + [False] * len(others)
        assert [r["count"] for r in page.readings] == [len(holding(r["text"])) for r in page.readings]
    else:
        assert page.readings == []


@pytest.mark.parametrize("query", ["hòa bình", "hoà bình", "HOÀ BÌNH", "Hòa Bình", "hOà BìNh"])
def test_tone_placement_and_case_are_the_same_spelling(archive, query):
    page = archive.search(query, limit=50)
    assert set(names(page)[:3]) == {"hoa-binh-1", "hoa-binh-2", "hoa-binh-3"}
    assert names(page)[3:] == ["hoa-binh-4"]
    assert page.suggestion is None


@pytest.mark.parametrize("query, matched", [
    ('"bão số 3"', {"sieu-bao-1", "bao-so-3-a", "bao-so-3-b"}),
    ('"bao so 3"', {"sieu-bao-1", "bao-so-3-a", "bao-so-3-b", "bao-chi-3"}),
    ('"bạn hàng"', {"ban-hang-5", "ban-hang-6", "ban-hang-7"}),
])
def test_quoted_phrases_match_the_accents_typed_and_none_when_typed_without(archive, query, matched):
    assert set(names(archive.search(query, limit=50))) == matched


@pytest.mark.parametrize("query", ["bão số 3", '"bão số 3"', "siêu bão", "bán hàng", "bạn hàng", "báo chí",
                                   "hòa bình", "hoà bình"])
def test_no_suggestion_for_a_spelling_the_archive_holds(archive, query):
    assert archive.search(query).suggestion is None


@pytest.mark.parametrize("query, suggested", [
    ("sieu bao", "siêu bão"),
    ("ban hang", "bán hàng"),
    ("bao so 3", "bão số 3"),
    ("bảo số 3", "bão số 3"),
    ("covit", "covid"),
    ("bann hàng", "bán hàng"),
])
def test_suggestion_restores_accents_and_repairs_spelling_from_the_archive(archive, query, suggested):
    suggestion = archive.search(query).suggestion
    assert suggestion is not None and spelt(suggestion) == suggested


@pytest.mark.parametrize("query, suggested", [
    ('ban hang title:"trực tuyến"', 'bán hàng title:"trực tuyến"'),
    ("sieu bao -mẫu", "siêu bão -mẫu"),
    ('"bao so 3" -ngư', '"bão số 3" -ngư'),
])
def test_suggestion_keeps_filters_quotes_and_operators(archive, query, suggested):
    assert spelt(archive.search(query).suggestion) == suggested


def test_no_suggestion_that_finds_nothing(archive):
    assert archive.search("covit").suggestion is not None
    page = archive.search("covit zalo")
    assert page.loose and page.suggestion is None


@pytest.mark.parametrize("query, suggested", [("sieu bao zalo", "siêu bão zalo"), ("ban hang covid", "bán hàng covid")])
def test_restored_accents_are_offered_with_looser_results_since_they_find_the_same_articles(archive, query, suggested):
    page = archive.search(query, limit=50)
    assert page.loose and spelt(page.suggestion) == suggested
    assert set(names(archive.search(page.suggestion, limit=50))) == set(names(page))


def test_results_page_says_which_reading_ranks_first_and_links_the_others_with_filters_kept(built):
    app = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(built / "index"),
                      "ARCHIVE_SOURCE_DIRS": str(built / "source")})
    page = app.test_client().get("/search", query_string={"q": "ban hang -rong"}).get_data(as_text=True)
    readings = re.search(r'<p class="readings">(.*?)</p>', page, re.S).group(1)
    assert re.search(r"<strong>bán hàng</strong> \(3\)", readings)
    link = re.search(r'<a href="([^"]+)">bạn hàng</a> \(3\)', readings).group(1)
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(link)).query)["q"] == ["bạn hàng -rong"]


def test_cli_says_which_reading_ranks_first(built):
    result = CliRunner().invoke(main, ["search", "ban hang", "--index", str(built / "index")])
    assert result.exit_code == 0
    assert "Ranked first as: bán hàng (4); also: bạn hàng (3)" in result.output.splitlines()


@pytest.mark.parametrize("query, meant, near", [
    ("bão", {"bão"}, {"báo", "bảo", "bao"}),
    ("báo", {"báo"}, {"bão", "bảo", "bao"}),
    ("bạn hàng", {"bạn", "hàng"}, {"bán", "bản"}),
    ("ban hang", {"bán", "hàng"}, {"bạn", "bản"}),
])
def test_snippets_mark_the_spelling_typed_or_read_and_the_others_as_near(archive, query, meant, near):
    marked = collections.defaultdict(set)
    for hit in archive.search(query, limit=50).hits:
        for tag, words in re.findall(r"<mark( class=\"near\")?>(.*?)</mark>", hit.snippet):
            marked[bool(tag)].update(exact_form(word) for word in words.split())
    assert marked[False] == meant
    assert marked[True] and marked[True] <= near


def test_article_page_marks_the_spelling_typed(built):
    app = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(built / "index"),
                      "ARCHIVE_SOURCE_DIRS": str(built / "source")})
    client = app.test_client()
    slug = next(hit.slug for hit in Archive(built / "index").search("siêu giàu").hits)
    page = client.get(f"/a/{slug}", query_string={"q": "báo"}).get_data(as_text=True)
    assert "<mark>báo</mark> chí" in page
    page = client.get(f"/a/{slug}", query_string={"q": "bão"}).get_data(as_text=True)
    assert '<mark class="near">báo</mark> chí' in page and "<mark>báo" not in page


def test_an_article_opening_on_an_ellipsis_is_titled_and_leaves_the_suggestion_working(source_dir, index_dir):
    (source_dir / "untitled.txt").write_text(
        "... Giờ nhà giàu có bao nhiêu đi nữa, con cũng bất lực khi nói về mẹ.\n"
        "Một đời mẹ thân cò lặn lội, chưa một lần con thấy mẹ thảnh thơi.\n", encoding="utf-8")
    build([source_dir], index_dir)
    with Archive(index_dir) as archive:
        page = archive.search("me than co")
    assert [hit.title for hit in page.hits] == ["Giờ nhà giàu có bao nhiêu đi nữa, con cũng bất lực khi nói về mẹ."]
    assert [hit.path for hit in page.hits] == ["untitled.txt"]
    assert spelt(page.suggestion) == "mẹ thân cò"


def test_a_run_the_archive_often_writes_is_not_ruled_out_by_a_word_its_articles_never_add(tmp_path):
    # "bảo vệ" is in many articles and "vệ sinh" in a few others, but none holds the three words;
    # "bảo về" and "về sinh" are rare. Unseen text goes on in unseen ways, so the common run still reads first.
    articles = {f"bao-ve-{i}": f"Tin số {i}\n\nLực lượng bảo vệ tuần tra đêm thứ {i}." for i in range(60)}
    for i in range(3):
        articles[f"ve-sinh-{i}"] = f"Phường sạch số {i}\n\nRa quân vệ sinh đường phố lần {i}."
        articles[f"bao-ve-nha-{i}"] = f"Thư nhà số {i}\n\nMẹ nhắn bảo về nhà ăn tết lần {i}."
        articles[f"ve-que-{i}"] = f"Hồi hương số {i}\n\nGia đình trở về sinh sống ở quê lần {i}."
    source = tmp_path / "source"
    source.mkdir()
    for name, text in articles.items():
        (source / f"{name}.txt").write_text(f"{text}\n", encoding="utf-8")
    build([source], tmp_path / "index")
    with Archive(tmp_path / "index") as opened:
        assert spelt(opened.search("bao ve sinh").suggestion) == "bảo vệ sinh"
