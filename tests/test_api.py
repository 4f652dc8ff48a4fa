"""The JSON API, the health check, the Atom feed and the OpenSearch description."""

import xml.etree.ElementTree as ET

import pytest

from web import create_app

HAI_CHAU = "Quận Hải Châu xây dựng chính quyền điện tử đạt chuẩn mức 1 vào năm 2019"
ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def test_search_has_the_shape_design_fixes(client):
    data = client.get("/api/search?q=hai+chau").get_json()
    assert {"query", "total", "page", "suggestion", "hits", "facets"} <= set(data)
    assert (data["query"], data["page"]) == ("hai chau", 1)
    # Seed 000 holds two briefs about Hải Châu, one hit each.
    hit = next(hit for hit in data["hits"] if hit["title"] == HAI_CHAU)
    assert {"path", "slug", "title", "date", "score", "snippet"} <= set(hit)
    assert hit["path"] == "000_3ff03f6642ae21e6.txt"
    assert {other["path"] for other in data["hits"]} >= {"000_3ff03f6642ae21e6.txt", "000_3ff03f6642ae21e6.txt#2"}
    assert "<mark>Hải Châu</mark>" in hit["snippet"]
    assert data["facets"]["place"] == [{"value": "Quận Hải Châu", "count": 2}]


def test_search_pages_and_sorts(client):
    first = client.get("/api/search?q=quan&limit=2&sort=date").get_json()
    second = client.get("/api/search?q=quan&limit=2&page=2&sort=date").get_json()
    assert (first["limit"], second["page"], first["sort"]) == (2, 2, "date")
    assert not {h["slug"] for h in first["hits"]} & {h["slug"] for h in second["hits"]}


def test_empty_query_lists_every_article(client):
    assert client.get("/api/search").get_json()["total"] == 8


def test_year_facet_leaves_out_undated_articles(client):
    years = client.get("/api/search").get_json()["facets"]["year"]
    assert years and all(len(item["value"]) == 4 for item in years)


def test_limit_is_clamped(client):
    assert client.get("/api/search?q=quan&limit=1000000000").get_json()["limit"] == 100


@pytest.mark.parametrize("query, message", [
    ("page=-1", "'page' must be at least 1."),
    ("page=x", "'page' must be a whole number."),
    ("page=501", "'page' must be at most 500."),
    ("limit=0", "'limit' must be at least 1."),
    ("sort=score", "'sort' must be one of 'relevance', 'date', 'oldest'."),
    ("q=" + "x" * 1001, "'q' must be at most 1000 characters."),
])
def test_bad_parameters_are_400_json(client, query, message):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400
    assert response.get_json() == {"error": message, "status": 400}


def test_article_json_has_public_fields_only(client):
    slug = client.get("/api/search?q=hai+chau").get_json()["hits"][0]["slug"]
    data = client.get(f"/api/articles/{slug}").get_json()
    assert data["title"] == HAI_CHAU
    assert data["places"] == ["Quận Hải Châu"]
    assert data["author"] == "Đặng Nở"
    assert data["markdown"] is False
    assert "key" not in data
    assert all({"slug", "title", "date"} == set(item) for item in data["related"])


def test_markdown_article_json_keeps_markdown_and_iso_date(client):
    hits = client.get("/api/search?q=title:markdown").get_json()["hits"]
    data = client.get(f"/api/articles/{hits[0]['slug']}").get_json()
    assert (data["markdown"], data["date"], data["author"]) == (True, "2020-05-04T00:00:00", "Nguyễn Văn Thử")


def test_unknown_article_and_route_are_404_json(client):
    for url in ["/api/articles/khong-co", "/api/khong-co"]:
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_json() == {"error": "Not Found", "status": 404}


def test_wrong_method_is_405_json(client):
    response = client.post("/api/search")
    assert (response.status_code, response.get_json()["status"]) == (405, 405)


def test_missing_index_is_503_json(index_dir):
    client = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(index_dir)}).test_client()
    search = client.get("/api/search?q=a")
    assert search.status_code == 503
    assert search.get_json()["status"] == 503
    assert client.get("/api/articles/x").status_code == 503
    health = client.get("/healthz")
    assert (health.status_code, health.get_json()["status"]) == (503, "unavailable")


def test_healthz_reports_the_archive_size(client):
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok", "articles": 8})


def test_atom_feed_lists_matching_articles_newest_first(client):
    response = client.get("/search.atom?q=quan")
    assert response.content_type == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    published = [entry.find(f"{ATOM}published").text for entry in entries if entry.find(f"{ATOM}published") is not None]
    assert published == ["2023-09-22T18:15:00Z", "2023-03-15T19:52:00Z", "2020-05-04T00:00:00Z", "2019-01-17T20:50:00Z"]
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.find(f"{ATOM}title").text == "Kho tin tức: quan"
    assert entries[0].find(f"{ATOM}link").get("href").startswith("http://localhost/a/")


def test_atom_feed_stays_valid_xml_for_hostile_queries(client):
    feed = ET.fromstring(client.get("/search.atom", query_string={"q": '<b>&"\x01 le chan'}).data)
    assert feed.find(f"{ATOM}title").text == 'Kho tin tức: <b>&" le chan'
    summaries = feed.findall(f"{ATOM}entry/{ATOM}summary")
    assert {summary.get("type") for summary in summaries} == {"html"}
    assert any("<mark>Lê Chân</mark>" in summary.text for summary in summaries)


def test_atom_feed_and_pages_stay_valid_xml_when_an_article_holds_form_feeds(source_dir, index_dir):
    from archive.upkeep.build import build
    from web import create_app

    (source_dir / "ff.txt").write_text("Cầu Rồng\x0cphun lửa\x0bcuối tuần\nThứ bảy, 02/09/2023, 21:00\n"
                                       "Tối 2/9, cầu Rồng\x0cphun lửa và\x0bnước phục vụ du khách.\n", encoding="utf-8")
    build([source_dir], index_dir)
    client = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(index_dir)}).test_client()
    feed = ET.fromstring(client.get("/search.atom?q=cau+rong").data)
    assert "Cầu Rồng phun lửa cuối tuần" in [title.text for title in feed.iter(f"{ATOM}title")]
    page = client.get("/search?q=cau+rong").get_data(as_text=True)
    assert "\x0c" not in page and "\x0b" not in page and "Cầu Rồng phun lửa cuối tuần" in page


def test_opensearch_description_points_at_search(client):
    response = client.get("/opensearch.xml")
    assert response.content_type == "application/opensearchdescription+xml; charset=utf-8"
    description = ET.fromstring(response.data)
    templates = {url.get("type"): url.get("template") for url in description.findall(f"{OPENSEARCH}Url")}
    assert templates["text/html"] == "http://localhost/search?q={searchTerms}"
    assert templates["application/atom+xml"] == "http://localhost/search.atom?q={searchTerms}"
    assert 'rel="search" type="application/opensearchdescription+xml"' in client.get("/").get_data(as_text=True)
