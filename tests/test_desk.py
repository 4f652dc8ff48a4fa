"""The research desk through Flask's test client: chips, dates, sorting, paging, sizes, export, citation, facets, browse."""

import csv
import datetime
import html
import io
import json
import re
import shutil
import urllib.parse

import pytest

from archive.upkeep.build import build
from tests.conftest import DATA
from web import create_app

HAI_CHAU = "Quận Hải Châu xây dựng chính quyền điện tử đạt chuẩn mức 1 vào năm 2019"


@pytest.fixture
def client(source_dir, index_dir):
    """Return a test client over the seeds, the crafted web articles and the research desk's articles."""
    shutil.copytree(DATA / "web", source_dir / "web")
    shutil.copytree(DATA / "desk", source_dir / "desk")
    build([source_dir], index_dir)
    return create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(index_dir)}).test_client()


def text(response):
    """Return a response body as text."""
    return response.get_data(as_text=True)


def q_of(href):
    """Return the decoded ``q`` of a link as it appears in a page."""
    return urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(href)).query).get("q", [""])[0]


def chips(page):
    """Return ``(field, value, q of the remove link)`` of every chip on a results page."""
    found = re.findall(r'<li class="chip"><span class="chip-field">([^<]+):</span> <span class="chip-value">([^<]+)</span>\s*'
                       r'<a href="([^"]+)"', page)
    return [(field, html.unescape(value), q_of(href)) for field, value, href in found]


@pytest.mark.parametrize("lang, place, dates, clear", [("vi", "Địa danh", "Thời gian", "Bỏ mọi bộ lọc"),
                                                        ("en", "Place", "Dates", "Clear all filters")])
def test_chips_show_each_filter_with_a_remove_link(client, lang, place, dates, clear):
    page = text(client.get("/search", query_string={"q": 'quan place:"Quận 9" date:2018..2019', "lang": lang}))
    assert chips(page) == [(place, "Quận 9", "quan date:2018..2019"), (dates, "2018 " + ("đến" if lang == "vi" else "to") + " 2019",
                                                                       'quan place:"Quận 9"')]
    clear_all = re.search(r'<li class="clear-all"><a href="([^"]+)">([^<]+)</a>', page)
    assert (q_of(clear_all.group(1)), clear_all.group(2)) == ("quan", clear)


def test_clear_all_of_a_query_made_only_of_filters_goes_home(client):
    page = text(client.get("/search", query_string={"q": 'place:"Quận 9" date:2019'}))
    assert '<li class="clear-all"><a href="/">' in page


@pytest.mark.parametrize("lang, summary", [("vi", "Lọc kết quả <span class=\"filter-count\">(2 bộ lọc)</span>"),
                                           ("en", "Filter results <span class=\"filter-count\">(2 active)</span>")])
def test_filters_sit_in_a_disclosure_that_counts_them(client, lang, summary):
    page = text(client.get("/search", query_string={"q": 'quan place:"Quận Hải Châu" author:"Đặng Nở"', "lang": lang}))
    assert f"<summary>{summary}</summary>" in page
    assert page.index('<details class="filters">') < page.index('class="hits"') and "<script" not in page


@pytest.mark.parametrize("typed, q", [
    ({"from": "2019", "to": "2020"}, "quan date:2019..2020"),
    ({"from": "2019-3", "to": ""}, "quan date:2019-03.."),
    ({"from": "", "to": "2021-06"}, "quan date:..2021-06"),
    ({"from": "2019", "to": "2019"}, "quan date:2019"),
    ({"from": "", "to": ""}, "quan"),
])
def test_date_boxes_write_the_date_filter(client, typed, q):
    response = client.get("/search", query_string={"q": "quan date:2023", "sort": "oldest"} | typed)
    assert response.status_code == 302
    assert q_of(response.headers["Location"]) == q and "sort=oldest" in response.headers["Location"]


@pytest.mark.parametrize("lang, message", [("vi", "Ngày không hợp lệ"), ("en", "Not a date")])
def test_a_bad_date_is_explained_and_the_typed_text_kept(client, lang, message):
    response = client.get("/search", query_string={"q": "quan", "from": "2019-13", "to": "<b>", "lang": lang})
    page = text(response)
    assert response.status_code == 400
    assert message in page and 'value="2019-13"' in page and 'value="&lt;b&gt;"' in page
    assert 'aria-invalid="true"' in page and HAI_CHAU in page


def test_date_boxes_show_the_current_range(client):
    page = text(client.get("/search", query_string={"q": "quan date:2018-01..2020"}))
    assert re.search(r'id="date-from" name="from"[^>]*value="2018-01"', page)
    assert re.search(r'id="date-to" name="to"[^>]*value="2020"', page)


@pytest.mark.parametrize("sort, label", [("relevance", "Phù hợp nhất"), ("date", "Mới nhất"), ("oldest", "Cũ nhất")])
def test_three_orders_are_offered_and_the_current_one_marked(client, sort, label):
    page = text(client.get("/search", query_string={"q": "quan", "sort": sort}))
    assert f'<strong aria-current="true">{label}</strong>' in page
    assert page.count('class="sort"') == 1 and len(re.findall(r'<nav class="sort".*?</nav>', page, re.S)[0].split("<a ")) == 3


def test_oldest_first_lists_dated_hits_in_date_order(client):
    page = text(client.get("/search", query_string={"q": "quan", "sort": "oldest", "limit": 100}))
    dates = re.findall(r'<time datetime="([\d-]+)">', page)
    assert dates == sorted(dates) and dates[0] == "2018-07-02"


def test_year_facet_lists_every_year_in_year_order(client):
    page = text(client.get("/search", query_string={"q": "quan"}))
    years = re.findall(r'date:(\d{4})"?[^>]*><span>\d{4}</span> <span class="count">', html.unescape(page))
    assert years == sorted(years, reverse=True) and len(years) >= 4


def pagination(page):
    """Return the ``(aria-label, text)`` of each entry of the paging bar."""
    bar = re.search(r'<nav class="pagination"[^>]*>(.*?)</nav>', page, re.S).group(1)
    return [(label, shown) for label, shown in re.findall(r'aria-label="([^"]+)">([^<]+)<', bar)]


def test_paging_offers_first_previous_window_next_and_last(client):
    total = client.get("/api/search?q=quan&limit=1").get_json()["total"]
    first = pagination(text(client.get("/search?q=quan&limit=1")))
    assert first[0] == ("Trang 1", "1") and first[-2:] == [("Trang sau", "Sau ›"), (f"Trang cuối, trang {total}", "Cuối »")]
    assert total >= 7
    middle = pagination(text(client.get("/search?q=quan&limit=1&page=4&lang=en")))
    assert [label for label, _ in middle] == ["First page", "Previous page", "Page 2", "Page 3", "Page 4", "Page 5", "Page 6",
                                              "Next page", f"Last page, page {total}"]
    last = pagination(text(client.get(f"/search?q=quan&limit=1&page={total}")))
    assert last[-1] == (f"Trang {total}", str(total)) and last[0] == ("Trang đầu", "« Đầu")


def test_a_page_past_the_end_links_to_the_last_page(client):
    total = client.get("/api/search?q=quan&limit=2").get_json()["total"]
    last = -(-total // 2)
    response = client.get("/search?q=quan&limit=2&page=99")
    page = text(response)
    assert response.status_code == 404
    assert f"Không có trang 99: kết quả chỉ có {last} trang." in page
    assert f'href="/search?q=quan&amp;page={last}&amp;limit=2">Đến trang cuối (trang {last})</a>' in page
    assert "trang 99/" not in page and 'class="hits"' not in page


def test_the_api_refuses_a_page_past_the_end(client):
    response = client.get("/api/search?q=quan&page=99")
    assert response.status_code == 400
    assert response.get_json() == {"error": "'page' must be at most 1 for this query.", "status": 400}
    assert client.get("/api/search?q=zzzqqq&page=1").status_code == 200


def test_page_sizes_are_offered_and_keep_the_first_hit_in_view(client):
    page = text(client.get("/search?q=quan&limit=1&page=3"))
    sizes = re.search(r'<nav class="limits".*?</nav>', page, re.S).group(0)
    assert '<strong aria-current="true">' not in sizes
    assert 'href="/search?q=quan" aria-label="10 kết quả mỗi trang">10</a>' in sizes
    assert 'href="/search?q=quan&amp;limit=100" aria-label="100 kết quả mỗi trang">100</a>' in sizes
    page = text(client.get("/search?q=quan&limit=25"))
    assert '<strong aria-current="true">25</strong>' in page and 'name="limit" value="25"' in page


def export_links(page):
    """Return the export links of a results page by format."""
    return {name: html.unescape(href) for href, name in re.findall(r'<a href="(/search\.(?:csv|json)[^"]*)"[^>]*>(\w+)</a>', page)}


def test_every_results_page_links_its_whole_result_set(client):
    page = text(client.get("/search", query_string={"q": 'quan place:"Quận 9"', "sort": "oldest", "page": 1}))
    links = export_links(page)
    assert set(links) == {"CSV", "JSON"}
    assert all(q_of(url) == 'quan place:"Quận 9"' and "sort=oldest" in url for url in links.values())
    assert "tối đa 10.000 bài" in page


def test_csv_export_has_every_hit_with_the_documented_columns(client):
    response = client.get("/search.csv", query_string={"q": "quan", "sort": "date"})
    rows = list(csv.DictReader(io.StringIO(text(response))))
    total = client.get("/api/search?q=quan").get_json()["total"]
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    assert list(rows[0]) == ["title", "date", "author", "places", "source", "path", "permalink", "snippet", "group"]
    assert len(rows) == total == int(response.headers["X-Result-Total"]) == int(response.headers["X-Export-Rows"])
    dates = [row["date"] for row in rows if row["date"]]
    assert dates == sorted(dates, reverse=True)
    hai_chau = next(row for row in rows if row["title"] == HAI_CHAU)
    assert hai_chau["places"] == "Quận Hải Châu" and hai_chau["permalink"].startswith("http://localhost/a/quan-hai-chau")
    assert "<mark>" not in hai_chau["snippet"] and "Hải Châu" in hai_chau["snippet"]


def test_csv_export_never_starts_a_cell_with_a_formula(client):
    rows = list(csv.DictReader(io.StringIO(text(client.get("/search.csv", query_string={"q": "tin"})))))
    titles = [row["title"] for row in rows]
    assert "'=HYPERLINK(\"http://example.invalid\") Bản tin có nguồn báo" in titles


def test_json_export_streams_the_same_rows(client):
    response = client.get("/search.json", query_string={"q": "quan", "sort": "oldest"})
    data = json.loads(text(response))
    csv_rows = list(csv.DictReader(io.StringIO(text(client.get("/search.csv", query_string={"q": "quan", "sort": "oldest"})))))
    assert (data["query"], data["sort"], data["cap"], data["total"]) == ("quan", "oldest", 10_000, len(csv_rows))
    assert [row["path"] for row in data["rows"]] == [row["path"] for row in csv_rows]
    assert isinstance(data["rows"][0]["places"], list)


def test_export_checks_its_parameters(client):
    response = client.get("/search.csv?q=quan&sort=random")
    assert response.status_code == 400


def test_article_offers_a_citation_with_permalink_and_date_accessed(client):
    slug = client.get("/api/search?q=hai+chau").get_json()["hits"][0]["slug"]
    page = text(client.get(f"/a/{slug}?lang=en"))
    citation = re.search(r'<section class="citation".*?</section>', page, re.S).group(0)
    today = datetime.date.today()
    assert "Đặng Nở." in citation and f"“{HAI_CHAU}”" in citation
    assert f'<a href="http://localhost/a/{slug}">http://localhost/a/{slug}</a>' in citation
    assert f"accessed {today.day} " in citation and str(today.year) in citation
    assert f'<p class="print-only print-source">News archive · http://localhost/a/{slug}</p>' in page


def test_citation_names_the_outlet_when_the_article_does(client):
    slug = next(hit["slug"] for hit in client.get("/api/search?q=tin&limit=100").get_json()["hits"] if hit["path"] == "desk/outlet.md")
    page = text(client.get(f"/a/{slug}"))
    assert "<i>Báo Đà Nẵng</i>, 02/07/2018." in page and "<dd>Báo Đà Nẵng</dd>" in page
    seed = text(client.get("/a/" + client.get("/api/search?q=hai+chau").get_json()["hits"][0]["slug"]))
    assert "<dd>thư mục source</dd>" in seed and "<i>" not in seed.split('class="cite-text"')[1].split("</p>")[0]
    assert 'Kho tin tức: <a href="http://localhost/a/' in seed


def test_sources_are_labelled_folders_or_outlets(client):
    page = text(client.get("/search", query_string={"q": "hai chau"}))
    facet = re.search(r'id="facet-source".*?</ul>', page, re.S).group(0)
    assert "<span>thư mục source</span>" in facet and "<span>Báo Đà Nẵng</span>" in facet
    assert '<span class="source folder">thư mục source</span>' in page
    source = client.get("/api/search?q=hai+chau").get_json()["facets"]["source"]
    assert {(entry["value"], entry["folder"]) for entry in source} == {("source", True), ("desk", True), ("Báo Đà Nẵng", False)}


def test_a_long_facet_links_to_every_value(client):
    page = text(client.get("/search", query_string={"q": "cải cách"}))
    more = re.search(r'<p class="more"><a href="([^"]+)">Xem mọi địa danh</a>', page)
    assert more and q_of(more.group(1)) == "cải cách"
    every = text(client.get(html.unescape(more.group(1))))
    values = re.findall(r'<span>([^<]+)</span> <span class="count">(\d+)</span>', every)
    assert len(values) > 10 and ("Quận Đống Đa", "1") in values and "Địa danh: mọi giá trị" in every
    link = re.search(r'<a href="([^"]+)"><span>Quận Đống Đa</span>', every).group(1)
    assert q_of(link) == 'cải cách place:"Quận Đống Đa"'


@pytest.mark.parametrize("url, status", [("/search/facets/nothing", 404), ("/search/facets/place?page=99", 404),
                                         ("/search/facets/place?page=-1", 400), ("/search/facets/month?lang=en", 200)])
def test_facet_pages_refuse_what_does_not_exist(client, url, status):
    assert client.get(url).status_code == status


def test_browse_counts_the_archive_by_month_and_place(client):
    home = text(client.get("/?lang=en"))
    assert '<a href="/browse?lang=en">Browse the archive</a>' in home
    page = text(client.get("/browse"))
    assert '<a href="/search?q=date:2021-03" aria-label="Tháng 3 2021: 1">1</a>' in page
    assert '<a href="/search?q=date:2021" aria-label="2021: 1">1</a>' in page
    assert re.search(r'\d+ tin không rõ ngày đăng\.', page)
    assert '<a href="/search?q=place:%22Qu%E1%BA%ADn+H%E1%BA%A3i+Ch%C3%A2u%22"><span>Quận Hải Châu</span>' in page
    assert '<a href="/search/facets/place">Xem mọi địa danh</a>' in page
    years = re.findall(r'<th scope="row">(\d{4})</th>', page)
    assert years == sorted(years, reverse=True)


def test_a_month_link_shows_that_months_articles(client):
    page = text(client.get("/search?q=date:2021-03"))
    assert "Giao ban công tác cải cách hành chính" in page and chips(page) == [("Thời gian", "2021-03", "")]
