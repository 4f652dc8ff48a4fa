"""The HTML pages through Flask's test client: every route, every error, and hostile input."""

import html
import re
import shutil
import socket
import time
import urllib.parse

import pytest
from flask import url_for

import web
from archive.cli import main
from web import create_app
from web.links import search_url
from web.params import SearchParams

HAI_CHAU = "Quận Hải Châu xây dựng chính quyền điện tử đạt chuẩn mức 1 vào năm 2019"
HAI_CHAU_SLUG = "quan-hai-chau-xay-dung-chinh-quyen-dien-tu-dat-chuan-muc-1-vao-nam-2019"


def text(response):
    """Return a response body as text."""
    return response.get_data(as_text=True)


def slug_of(client, path):
    """Return the slug of the indexed article that came from ``path``."""
    hits = client.get("/api/search?q=&limit=100").get_json()["hits"]
    return next(hit["slug"] for hit in hits if hit["path"] == path)


def test_home_has_focused_search_box_size_and_newest(client):
    page = text(client.get("/"))
    assert '<html lang="vi">' in page
    assert 'name="q"' in page and "autofocus" in page
    assert "Kho lưu trữ có 8 bài viết." in page
    newest = re.findall(r'<time datetime="([\d-]+)">', page)
    assert newest == sorted(newest, reverse=True) and newest[0] == "2023-09-22"
    assert "không rõ ngày" not in page


def test_english_interface_on_request(client):
    page = text(client.get("/?lang=en"))
    assert '<html lang="en">' in page
    assert "The archive holds 8 articles." in page
    assert '<input type="hidden" name="lang" value="en">' in page


def test_results_show_hit_highlight_count_and_facets(client):
    page = text(client.get("/search?q=hai+chau"))
    assert re.findall(r'<li class="hit">\s*<h2><a [^>]+>([^<]+)</a>', page)[0] == HAI_CHAU
    assert "<mark>Hải Châu</mark>" in page
    assert "kết quả (" in page
    assert "/search?q=hai+chau+place:%22Qu%E1%BA%ADn+H%E1%BA%A3i+Ch%C3%A2u%22" in page
    assert f'href="/a/{HAI_CHAU_SLUG}?q=hai+chau"' in page


def test_facet_link_narrows_and_can_be_removed(client):
    narrowed = text(client.get('/search?q=quan+place:"Quận Hải Châu"'))
    assert HAI_CHAU in narrowed
    assert "Quận Lê Chân" not in narrowed.split('class="hits"')[1].split("</ol>")[0]
    assert 'aria-current="true"><span>Quận Hải Châu</span>' in narrowed
    assert 'href="/search?q=quan"' in narrowed


def test_year_facet_offers_only_real_years(client):
    page = text(client.get("/search?q=an+toàn"))
    assert "date:2020" in page
    assert "4294967295" not in page


def test_sort_and_pagination_keep_the_query(client):
    first = text(client.get("/search?q=quan&limit=1"))
    assert 'href="/search?q=quan&amp;page=2&amp;limit=1" rel="next"' in first
    assert 'href="/search?q=quan&amp;sort=date&amp;limit=1"' in first
    second = text(client.get("/search?q=quan&limit=1&page=2&sort=date"))
    assert 'aria-current="page"' in second and 'rel="prev"' in second


def test_did_you_mean_links_to_the_suggestion(client):
    page = text(client.get("/search?q=hai+chau"))
    assert 'Có phải bạn muốn tìm:\n      <a href="/search?q=H%E1%BA%A3i+Ch%C3%A2u">Hải Châu</a>' in page


def test_no_results_page_gives_tips(client):
    response = client.get("/search?q=zzzqqq")
    assert response.status_code == 200
    assert "Không tìm thấy bài nào cho “zzzqqq”." in text(response)
    assert "gõ không dấu cũng được" in text(response)


def test_loose_results_when_no_article_has_every_word(client):
    page = text(client.get("/search?q=hai+chau+zzzqqq"))
    assert "Không bài nào có đủ mọi từ" in page
    assert HAI_CHAU in page


def test_empty_query_goes_home(client):
    response = client.get("/search?q=+&lang=en")
    assert response.status_code == 302
    assert response.headers["Location"] == "/?lang=en"


def test_article_page_shows_fields_paragraphs_highlight_and_related(client):
    page = text(client.get(f"/a/{HAI_CHAU_SLUG}?q=hai+chau"))
    assert f"<h1>{HAI_CHAU}</h1>" in page
    assert "<dd>Đặng Nở</dd>" in page and "<dd>Quận Hải Châu</dd>" in page
    assert page.count("<p>") >= 3
    assert "<mark>Hải Châu</mark>" in page
    assert '<a href="/search?q=hai+chau">← Quay lại kết quả tìm “hai chau”</a>' in page
    assert 'id="related-title"' in page


def test_article_without_query_marks_nothing(client):
    page = text(client.get(f"/a/{HAI_CHAU_SLUG}"))
    assert "<mark>" not in page
    assert "Quay lại" not in page


def test_markdown_article_is_rendered_and_sanitised(client):
    page = text(client.get(f"/a/{slug_of(client, 'web/hostile.md')}?q=an+toàn"))
    assert "<strong>quan trọng</strong>" in page
    assert "<li>Mục một</li>" in page
    assert "<mark>an toàn</mark>" in page
    for hostile in ("<script", "onerror", "javascript:", "onmouseover", "style="):
        assert hostile not in page


def test_plain_article_escapes_html(client):
    page = text(client.get(f"/a/{slug_of(client, 'web/hostile.txt')}"))
    assert "&lt;script&gt;window.pwned" in page
    assert "&lt;img src=x onerror=" in page
    assert "<script" not in page and "<img" not in page


def test_unknown_article_is_a_friendly_404(client):
    response = client.get("/a/khong-co-bai-nay?lang=en")
    assert response.status_code == 404
    assert "Page not found" in text(response) and '<html lang="en">' in text(response)


def test_unknown_route_and_wrong_method(client):
    assert client.get("/khong-co").status_code == 404
    assert client.post("/search?q=a").status_code == 405


@pytest.mark.parametrize("url", [
    "/search?q=<script>alert(1)</script>",
    '/search?q="><img src=x onerror=alert(1)>',
    "/a/x?q=<script>alert(1)</script>",
])
def test_query_is_escaped_everywhere(client, url):
    page = text(client.get(url))
    assert "<script>alert" not in page and "<img src=x" not in page


def test_security_headers_on_every_response(client):
    for url in ["/", "/search?q=a", "/a/none", "/api/search?q=a", "/static/style.css"]:
        with client.get(url) as response:
            headers = response.headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", [
    "/static/../setup.cfg", "/static/%2e%2e/setup.cfg", "/static/..%2fsetup.cfg",
    "/a/..%2f..%2fsetup.cfg", "/a/%2e%2e", "/static//etc/passwd", "/seeds/000_3ff03f6642ae21e6.txt",
])
def test_no_url_reads_files(client, url):
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 404
    assert "install_requires" not in text(response) and "root:" not in text(response)


@pytest.mark.parametrize("params, status", [
    ({"page": "-1"}, 400), ({"page": "0"}, 400), ({"page": "abc"}, 400), ({"page": "1000000000"}, 400),
    ({"page": "1e9"}, 400), ({"sort": "random"}, 400), ({"q": "a" * 10_000}, 400), ({"limit": "0"}, 400),
    ({"limit": "1000000000"}, 200), ({"limit": "9" * 40}, 200), ({"q": "*a*"}, 200), ({"q": "*a* " * 200}, 200),
    ({"q": "a\x00b\x1b"}, 200), ({"q": "(((" * 300}, 200),
])
def test_hostile_parameters_get_400_or_are_clamped_quickly(client, params, status):
    started = time.perf_counter()
    response = client.get("/search", query_string={"q": "quan"} | params)
    assert response.status_code == status
    assert time.perf_counter() - started < 2
    assert "Traceback" not in text(response)


def test_bad_parameter_page_explains(client):
    page = text(client.get("/search?q=a&page=-1"))
    assert "Yêu cầu không hợp lệ" in page and "&#39;page&#39; must be at least 1." in page


def test_missing_index_gives_friendly_503_until_built(tmp_path, source_dir):
    from archive.upkeep.build import build

    index = tmp_path / "later"
    client = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(index)}).test_client()
    response = client.get("/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Kho tin đang được chuẩn bị" in text(response)
    build([source_dir], index)
    assert client.get("/").status_code == 200


def test_index_folder_swapped_in_is_picked_up_without_restart(client, source_dir, index_dir, tmp_path):
    from archive.upkeep.build import build

    assert client.get("/healthz").get_json()["articles"] == 8
    (source_dir / "web" / "hostile.md").unlink()
    build([source_dir], tmp_path / "fresh")
    shutil.rmtree(index_dir)
    (tmp_path / "fresh").rename(index_dir)
    assert client.get("/healthz").get_json()["articles"] == 7


def test_unexpected_error_is_a_500_page_without_traceback(index_dir):
    app = create_app({"ARCHIVE_INDEX_DIR": str(index_dir)})
    app.add_url_rule("/boom", view_func=lambda: 1 / 0)
    app.logger.disabled = True
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in text(response) and "ZeroDivisionError" not in text(response)


def test_language_switch_keeps_the_page(client):
    page = text(client.get("/search?q=hai+chau"))
    assert 'href="/search?q=hai+chau&amp;lang=en" hreflang="en"' in page
    english = text(client.get("/search?q=hai+chau&lang=en"))
    assert 'href="/search?q=hai+chau" hreflang="vi"' in english


def test_config_comes_from_environment_then_test_config(monkeypatch):
    monkeypatch.setenv("ARCHIVE_INDEX_DIR", "from-env")
    assert create_app().config["ARCHIVE_INDEX_DIR"] == "from-env"
    assert create_app({"ARCHIVE_INDEX_DIR": "from-test"}).config["ARCHIVE_INDEX_DIR"] == "from-test"


def test_serve_debug_uses_flask_reloader(monkeypatch, source_dir, index_dir):
    monkeypatch.setenv("ARCHIVE_SOURCE_DIRS", str(source_dir))
    monkeypatch.setenv("ARCHIVE_INDEX_DIR", str(index_dir))
    calls = []
    monkeypatch.setattr("flask.Flask.run", lambda self, **options: calls.append(options))
    web.serve("0.0.0.0", 9000, debug=True)
    assert calls == [{"host": "0.0.0.0", "port": 9000, "debug": True, "use_reloader": True}]


def test_serve_command_passes_its_options(runner, monkeypatch):
    calls = []
    monkeypatch.setattr("web.serve", lambda *options: calls.append(options))
    result = runner.invoke(main, ["serve", "--host", "0.0.0.0", "--port", "9001", "--debug", "--processes", "3"])
    assert result.exit_code == 0
    assert calls == [("0.0.0.0", 9001, True, 3)]


def test_both_languages_have_every_interface_text():
    from web.i18n import MESSAGES

    assert MESSAGES["vi"].keys() == MESSAGES["en"].keys()


def test_serve_on_a_busy_port_says_so_without_a_traceback(runner):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = runner.invoke(main, ["serve", "--port", str(taken.getsockname()[1])])
    assert result.exit_code == 1
    assert "cannot serve on 127.0.0.1:" in result.output
    assert "Traceback" not in result.output


def result_links(page):
    """Return the decoded query of every results link on a page, facet and suggestion links included."""
    return [urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(href)).query).get("q", [""])[0]
            for href in re.findall(r'href="(/search\?[^"]+)"', page)]


def test_a_month_filter_is_not_mistaken_for_its_year(client):
    links = result_links(text(client.get("/search", query_string={"q": "an toàn date:2020-05"})))
    assert "an toàn date:2020" in links
    assert not any("-05" in q.replace("date:2020-05", "") for q in links)


@pytest.mark.parametrize("typed", ['place:"Quận Hải Châu"', 'place:"quận hải châu"', 'place:"QUẬN HAI CHAU"'])
def test_facet_removal_keeps_the_other_filters(client, typed):
    links = result_links(text(client.get("/search", query_string={"q": f'quan {typed} author:"Đặng Nở"'})))
    assert 'quan author:"Đặng Nở"' in links


def test_suggestion_keeps_the_filters_as_typed(client):
    page = text(client.get("/search", query_string={"q": 'quan uy place:"Quận Hải Châu"'}))
    suggestion = re.search(r'class="suggestion">[^<]*<a href="([^"]+)"', page).group(1)
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(html.unescape(suggestion)).query)["q"][0]
    assert q.lower() == 'quận ủy place:"quận hải châu"' and q.endswith('place:"Quận Hải Châu"')


@pytest.mark.parametrize("lang", ["", "en"])
@pytest.mark.parametrize("q", ['place:"Quận Hải Châu" bão', "a&b=c #1 +x / y?z", 'sort:"" 100% \'ok\' ~!*()'])
def test_search_links_are_written_as_url_for_writes_them(app, q, lang):
    # Search links are built from the endpoint's path and a query string, not by url_for each time.
    args = {"lang": lang} if lang else {}
    with app.test_request_context("/search", query_string=args):
        params = SearchParams(q=q, page=3, limit=25, sort="date")
        written = url_for("pages.search", q=q, sort="date", limit=25, **args)
        assert search_url(params, page=1) == written
        assert search_url(params, "export.csv", ("q", "sort")) == url_for("export.csv", q=q, sort="date", **args)
        assert search_url(SearchParams(q=q)) == url_for("pages.search", q=q, **args)


@pytest.mark.parametrize("lang, day, summary", [("", "22/09/2023", "Kho lưu trữ có 8 bài viết."),
                                                ("en", "22 September 2023", "The archive holds 8 articles.")])
def test_each_language_writes_dates_and_numbers_its_own_way(client, lang, day, summary):
    page = text(client.get("/" + (f"?lang={lang}" if lang else "")))
    assert summary in page
    assert re.search(rf'<time datetime="2023-09-22">{day}</time>', page)


def test_language_groups_thousands_its_own_way():
    from web.i18n import LANGUAGES

    assert (LANGUAGES["vi"].number(140520), LANGUAGES["en"].number(140520)) == ("140.520", "140,520")
    assert LANGUAGES["en"].date("") is None
