"""Search behaviour on a real index built in tmp_path from the seeds and crafted articles."""

import shutil
import unicodedata

import pytest

from archive.upkeep.build import build
from archive import Archive, IndexMissing
from tests.conftest import DATA


@pytest.fixture
def archive(source_dir, index_dir):
    """Return an Archive over the seeds plus the crafted search articles."""
    shutil.copytree(DATA / "search", source_dir / "search")
    build([source_dir], index_dir)
    return Archive(index_dir)


def titles(page):
    """Return the titles of a result page, best first."""
    return [hit.title for hit in page.hits]


HAI_CHAU = "Quận Hải Châu xây dựng chính quyền điện tử đạt chuẩn mức 1 vào năm 2019"


@pytest.mark.parametrize("query", ["hai chau", "Hải Châu", "HẢI CHÂU", unicodedata.normalize("NFD", "Hải Châu"), "hải châu"])
def test_hai_chau_found_however_typed(archive, query):
    # Seed 000 holds two briefs about Hải Châu: both come first.
    assert HAI_CHAU in titles(archive.search(query))[:2]


@pytest.mark.parametrize("query", ["quận ủy thanh khê", "quận uỷ thanh khê", "quan uy thanh khe", "Hòa chung", "hoà chung"])
def test_tone_placement_old_and_new_match(archive, query):
    assert titles(archive.search(query)) == ["Quận uỷ Thanh Khê tổng kết công tác năm"]


@pytest.mark.parametrize("query", ["da nang", "Đà Nẵng", "ĐÀ NẴNG", "đà nẵng"])
def test_d_folds_to_d(archive, query):
    assert titles(archive.search(query))[0] == "Đà Nẵng đón lượng khách kỷ lục dịp lễ"


def test_accented_query_ranks_exact_spelling_first(archive):
    found = titles(archive.search("bàn"))
    assert found[0] == "Chiếc bàn gỗ lim của làng nghề"
    assert "Giá lúa gạo tăng, nông dân phấn khởi" in found
    assert "Những người bạn nhỏ của thư viện" in found


def test_accented_query_without_exact_match_finds_folded(archive):
    assert titles(archive.search("bản gỗ"))[0] == "Chiếc bàn gỗ lim của làng nghề"


@pytest.mark.parametrize("query", ["chính quyền điện tử", "chinh quyen dien tu"])
def test_adjacent_syllables_rank_first(archive, query):
    found = titles(archive.search(query))
    assert found[0] == HAI_CHAU
    assert "Điện lực tư vấn tiết kiệm điện cho hộ gia đình" in found


def test_quoted_phrase_requires_adjacency(archive):
    assert titles(archive.search('"chinh quyen dien tu"')) == [HAI_CHAU]


def test_or_and_exclusion(archive):
    assert set(titles(archive.search('bàn OR "thư viện"'))[:2]) == {
        "Chiếc bàn gỗ lim của làng nghề", "Những người bạn nhỏ của thư viện"}
    assert "Chiếc bàn gỗ lim của làng nghề" not in titles(archive.search("ban -go"))


@pytest.mark.parametrize("query, expected", [
    ("title:metro", ["TP.HCM khởi công tuyến metro số 2"]),
    ('author:"minh anh"', ["Hà Nội tiêm vắc-xin Covid-19 cho trẻ em"]),
    ('place:"hoan kiem"', ["Hà Nội tiêm vắc-xin Covid-19 cho trẻ em"]),
])
def test_field_filters(archive, query, expected):
    assert titles(archive.search(query)) == expected


@pytest.mark.parametrize("query, years", [
    ("date:2019", {2019}),
    ("date:2023-03", {2023}),
    ("date:2021..2022", {2021, 2022}),
])
def test_date_ranges(archive, query, years):
    page = archive.search(query)
    assert page.total >= 1
    assert {int(hit.date[:4]) for hit in page.hits} == years


def test_sort_by_date_is_newest_first(archive):
    dates = [hit.date for hit in archive.search("quận", sort="date").hits if hit.date]
    assert len(dates) >= 2
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("query, read_as", [
    ('"quận 9', '"quận 9"'), ("OR", ""), ("-", ""), ("metro OR", "metro"), ("title:", "title"),
    ("date:abc", ""), ("*metro*", "metro"), ("((", ""), ("metro " + "x" * 5000, "metro " + "x" * 494),
])
def test_broken_queries_are_answered_as_their_readable_part(archive, query, read_as):
    page = archive.search(query)
    assert page.query == query
    assert (page.total, [h.slug for h in page.hits]) == (
        archive.search(read_as).total, [h.slug for h in archive.search(read_as).hits])


def test_every_word_missing_together_offers_looser_results(archive):
    page = archive.search("metro lim")
    assert page.loose is True
    assert set(titles(page)) >= {"TP.HCM khởi công tuyến metro số 2", "Chiếc bàn gỗ lim của làng nghề"}


@pytest.mark.parametrize("query", ["hai chau", "Hải Châu"])
def test_snippets_highlight_original_accented_text(archive, query):
    snippet = archive.search(query).hits[0].snippet
    assert "<mark>Hải Châu</mark>" in snippet


def test_snippets_are_escaped(archive, source_dir, index_dir):
    (source_dir / "xss.txt").write_text("Bài viết có thẻ script lạ ở giữa nội dung\n\nNội dung <script>alert(1)</script> Hải Châu", encoding="utf-8")
    build([source_dir], index_dir)
    snippet = archive.search("noi dung").hits[0].snippet
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet


def test_facets_count_places_years_sources_authors_kinds(archive):
    facets = archive.search("quận").facets
    assert set(facets) == {"place", "year", "source", "author", "kind"}
    places = {f["value"]: f["count"] for f in facets["place"]}
    assert places.get("Quận Hải Châu", 0) >= 1
    assert all(f["count"] >= 1 for values in facets.values() for f in values)


def test_unaccented_query_suggests_accented_spelling(archive):
    assert archive.search("hai chau").suggestion == "Hải Châu"


def test_misspelled_query_suggests_archive_word(archive):
    assert archive.search("metrro").suggestion == "metro"


def test_accented_query_gets_no_suggestion(archive):
    assert archive.search("Hải Châu").suggestion is None


@pytest.mark.parametrize("query, expected", [
    ("UBND", {"UBND tỉnh Quảng Nam họp phiên thường kỳ", "Ủy ban nhân dân phường Hòa Minh tiếp công dân"}),
    ("ủy ban nhân dân", {"UBND tỉnh Quảng Nam họp phiên thường kỳ", "Ủy ban nhân dân phường Hòa Minh tiếp công dân"}),
    ("HĐND", {"Ủy ban nhân dân phường Hòa Minh tiếp công dân"}),
    ("TP.HCM", {"TP.HCM khởi công tuyến metro số 2", "Thành phố Hồ Chí Minh mở rộng không gian đi bộ"}),
    ("TP HCM", {"TP.HCM khởi công tuyến metro số 2", "Thành phố Hồ Chí Minh mở rộng không gian đi bộ"}),
    ("thành phố hồ chí minh", {"TP.HCM khởi công tuyến metro số 2", "Thành phố Hồ Chí Minh mở rộng không gian đi bộ"}),
    ("bảo hiểm y tế", {"UBND tỉnh Quảng Nam họp phiên thường kỳ"}),
    ("BHYT", {"UBND tỉnh Quảng Nam họp phiên thường kỳ"}),
])
def test_abbreviations_match_expansions(archive, query, expected):
    assert expected <= set(titles(archive.search(query)))


def test_related_articles_exclude_the_article_itself(archive):
    slug = archive.search("hai chau").hits[0].slug
    related = archive.related(slug)
    assert related
    assert slug not in [hit.slug for hit in related]


def test_article_lookup_by_slug(archive):
    hit = archive.search("metro").hits[0]
    assert archive.article(hit.slug)["title"] == hit.title
    assert archive.article("no-such-slug") is None


def test_paging_and_limits_are_clamped(archive):
    page = archive.search("quận", page=-3, limit=10**9)
    assert page.page == 1
    assert page.limit == 100
    assert archive.search("quận", page=999).hits == []


def test_missing_index_is_reported(tmp_path):
    with pytest.raises(IndexMissing):
        Archive(tmp_path / "nothing-here")


def test_json_shape(archive):
    data = archive.search("hai chau").to_dict()
    assert {"query", "total", "page", "suggestion", "hits", "facets"} <= set(data)
    assert set(data["hits"][0]) >= {"path", "slug", "title", "date", "score", "snippet"}
    assert {hit["path"] for hit in data["hits"][:2]} == {"000_3ff03f6642ae21e6.txt", "000_3ff03f6642ae21e6.txt#2"}


@pytest.mark.parametrize("query", ["-covid", "-hai chau", "-hà nội", "covid -vaccine"])
def test_command_line_query_may_start_with_a_minus(runner, query):
    import json

    from archive.cli import main

    assert runner.invoke(main, ["index"]).exit_code == 0
    result = runner.invoke(main, ["search", query, "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["query"] == query
    assert runner.invoke(main, ["search", "--limit", "x", "-covid"]).exit_code == 2  # its own options still count


@pytest.mark.parametrize("query", ["ban", "da nang", "năm", "nam", "cho", "của người", "thanh pho"])
def test_pages_of_one_hit_follow_the_ranking_of_every_match(archive, query):
    # One long page ranks every match; a page of one hit ranks only those that can come first.
    whole = archive.search(query, limit=100)
    paged = [hit.path for page in range(1, whole.groups + 1) for hit in archive.search(query, page=page, limit=1).hits]
    assert whole.groups > 3 and whole.groups < 100
    assert paged == [hit.path for hit in whole.hits]
