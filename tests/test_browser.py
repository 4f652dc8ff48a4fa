"""The site in a real browser: Playwright drives the system Chromium against a real server, and axe-core checks it."""

import contextlib
import csv
import io
import json
import pathlib
import shutil
import threading

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import DATA

HAI_CHAU = "Quận Hải Châu xây dựng chính quyền điện tử đạt chuẩn mức 1 vào năm 2019"
ARTIFACTS = pathlib.Path(__file__).resolve().parent.parent / "test-artifacts"
# axe-core from the npm registry, installed by .ci/run (npm ci in tests/axe).
AXE = pathlib.Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Return a headless Chromium shared by the module's tests."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def serving(app):
    """Serve ``app`` on a free local port in a thread while the block runs, giving its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def live_url(app):
    """Serve ``app`` on a free local port in a thread, and return its base URL."""
    with serving(app) as url:
        yield url


@pytest.fixture
def page(browser):
    """Return a fresh page that records JavaScript errors, console messages and dialogs."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.events = []
    tab.on("dialog", lambda dialog: (tab.events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.on("pageerror", lambda error: tab.events.append(f"error: {error}"))
    yield tab
    context.close()


def screenshot(page, name):
    """Keep a full-page screenshot of the page under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def axe_violations(page):
    """Return axe-core's violations on the page as shown now, in light and in dark mode, as ``id: targets`` lines."""
    assert AXE.exists(), "axe-core is missing: run `npm ci --prefix tests/axe` (.ci/run does)"
    found = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        # Evaluated through the DevTools protocol, so the page's Content-Security-Policy does not block it.
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE.read_text())
        violations = page.evaluate("axe.run(document).then(result => result.violations)")
        found += [f"{scheme} {v['id']}: {[node['target'] for node in v['nodes']]}" for v in violations]
    page.emulate_media(color_scheme="light")
    return found


def looked_at(page, name):
    """Check the page with axe-core, in light and dark mode, and keep a screenshot of it."""
    assert axe_violations(page) == []
    screenshot(page, name)


@pytest.fixture
def desk_url(source_dir, index_dir):
    """Serve an app over the seeds, the web articles and the research desk's articles; return its base URL."""
    from archive.upkeep.build import build
    from web import create_app

    shutil.copytree(DATA / "web", source_dir / "web")
    shutil.copytree(DATA / "desk", source_dir / "desk")
    build([source_dir], index_dir)
    with serving(create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(index_dir)})) as url:
        yield url


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def tab(request, browser):
    """Return a fresh page at a desktop (1280 px) or a phone (390 px) width, ``tab.width`` telling which."""
    context = browser.new_context(viewport={"width": request.param, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.width = request.param
    page.events = []
    page.on("pageerror", lambda error: page.events.append(f"error: {error}"))
    yield page
    assert page.events == []
    context.close()


def open_filters(page):
    """Open the filters disclosure on a phone, as a person taps it; on a wide screen the filters are always shown."""
    summary = page.locator(".filters > summary")
    if page.width < 800:
        expect(summary).to_be_visible()
        assert summary.bounding_box()["y"] < 400
        expect(page.locator(".facets")).to_be_hidden()
        summary.click()
    else:
        expect(summary).to_be_hidden()
    expect(page.locator(".facets")).to_be_visible()


def remove_the_chip(page, label, shot, words):
    """Check that the page shows one chip, reading ``Field: value`` as ``label``, look at it, then remove it
    with its link as a person would; the query keeps ``words``."""
    chips = page.locator(".chip")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text(label)
    looked_at(page, shot)
    chips.first.get_by_role("link", name=f"Bỏ lọc {label}").click()
    expect(page.locator(".chip")).to_have_count(0)
    expect(page.locator("#q")).to_have_value(words)


def test_search_from_home_read_article_and_come_back(page, live_url):
    page.goto(live_url)
    assert page.evaluate("document.activeElement.id") == "q"
    looked_at(page, "home")
    page.keyboard.type("hai chau")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=hai+chau")
    # Seed 000 holds two briefs about Hải Châu; the one with this headline is among the first hits.
    first = page.locator(".hit").filter(has=page.locator("h2 a", has_text=HAI_CHAU)).first
    expect(first.locator("h2 a")).to_have_text(HAI_CHAU)
    expect(first.locator(".snippet mark").first).to_have_text("Hải Châu")
    looked_at(page, "results")
    first.locator("h2 a").click()
    expect(page.locator("h1")).to_have_text(HAI_CHAU)
    # Seed 000's first brief names Hải Châu in its lead; its body is the brief's other paragraphs.
    expect(page.locator(".lead mark").first).to_have_text("Hải Châu")
    looked_at(page, "article")
    page.go_back()
    page.wait_for_url("**/search?q=hai+chau")
    expect(page.locator(".hit h2 a", has_text=HAI_CHAU)).to_have_count(1)


def test_facet_narrows_the_results(page, live_url):
    page.goto(f"{live_url}/search?q=quan")
    before = page.locator(".hit").count()
    page.locator("#facet-place ~ ul a", has_text="Quận Lê Chân").click()
    page.wait_for_url("**place:*")
    hits = page.locator(".hit")
    expect(hits).to_have_count(1)
    expect(hits.first.locator(".places")).to_contain_text("Quận Lê Chân")
    assert before > 1
    expect(page.locator("#q")).to_have_value('quan place:"Quận Lê Chân"')


@pytest.mark.parametrize("path", ["web/hostile.txt", "web/hostile.md"])
def test_script_in_an_article_never_runs(page, live_url, path, client):
    hits = client.get("/api/search?limit=100").get_json()["hits"]
    slug = next(hit["slug"] for hit in hits if hit["path"] == path)
    page.goto(f"{live_url}/a/{slug}")
    page.mouse.move(300, 300)
    page.get_by_text("liên kết").first.click()
    page.wait_for_load_state()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.events == []
    assert page.locator("script").count() == 0 and page.locator("main img").count() == 0


def test_plain_article_shows_markup_as_text(page, live_url, client):
    hits = client.get("/api/search?limit=100").get_json()["hits"]
    slug = next(hit["slug"] for hit in hits if hit["path"] == "web/hostile.txt")
    page.goto(f"{live_url}/a/{slug}")
    expect(page.locator("h1")).to_contain_text('<script>window.pwned = "title"</script>')


def test_keyboard_reaches_skip_link_then_search(page, live_url):
    page.goto(f"{live_url}/search?q=hai+chau")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_readable_on_a_phone_without_javascript(browser, live_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=False)
    phone = context.new_page()
    phone.goto(live_url)
    phone.fill("#q", "chính quyền điện tử")
    phone.press("#q", "Enter")
    phone.wait_for_url("**/search?q=*")
    expect(phone.locator(".hit h2 a").first).to_have_text(HAI_CHAU)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "results-phone")
    context.close()


def test_filters_show_as_chips_that_remove_them(tab, desk_url):
    tab.goto(f"{desk_url}/search?q=quan")
    open_filters(tab)
    tab.locator("#facet-place ~ ul a", has_text="Quận 9").click()
    tab.wait_for_url("**place:*")
    expect(tab.locator(".filters > summary")).to_contain_text("(1 bộ lọc)")
    remove_the_chip(tab, "Địa danh: Quận 9", f"chips-{tab.width}", "quan")


def test_clear_all_keeps_the_words(tab, desk_url):
    tab.goto(f"{desk_url}/search?q=quan&lang=en")
    open_filters(tab)
    tab.fill("#date-from", "2018")
    tab.fill("#date-to", "2020")
    tab.get_by_role("button", name="Filter by date").click()
    expect(tab.locator(".chip")).to_contain_text(["Dates: 2018 to 2020"])
    open_filters(tab)
    tab.locator("#facet-place ~ ul a", has_text="Quận 9").click()
    expect(tab.locator(".chip")).to_have_count(2)
    looked_at(tab, f"chips-two-{tab.width}")
    tab.get_by_role("link", name="Clear all filters").click()
    expect(tab.locator(".chip")).to_have_count(0)
    expect(tab.locator("#q")).to_have_value("quan")


def test_date_boxes_narrow_to_a_range_and_explain_a_bad_date(tab, desk_url):
    tab.goto(f"{desk_url}/search?q=quan")
    open_filters(tab)
    tab.get_by_label("Từ").fill("2019")
    tab.get_by_label("Đến").fill("2020-06")
    tab.get_by_label("Đến").press("Enter")
    expect(tab.locator("#q")).to_have_value("quan date:2019..2020-06")
    dates = tab.locator(".hit time").evaluate_all("nodes => nodes.map(node => node.getAttribute('datetime'))")
    assert dates and all("2019-01-01" <= date <= "2020-06-30" for date in dates)
    open_filters(tab)
    expect(tab.get_by_label("Từ")).to_have_value("2019")
    looked_at(tab, f"dates-{tab.width}")
    tab.get_by_label("Từ").fill("2019-13")
    tab.get_by_role("button", name="Lọc theo thời gian").click()
    expect(tab.get_by_role("alert")).to_contain_text("Ngày không hợp lệ")
    expect(tab.get_by_label("Từ")).to_have_value("2019-13")
    looked_at(tab, f"dates-error-{tab.width}")


def test_sorting_oldest_first(tab, desk_url):
    tab.goto(f"{desk_url}/search?q=quan&lang=en")
    tab.get_by_role("link", name="Oldest").click()
    expect(tab.locator(".sort [aria-current]")).to_have_text("Oldest")
    dates = tab.locator(".hit time[datetime]").evaluate_all("nodes => nodes.map(node => node.getAttribute('datetime'))")
    assert len(dates) >= 3 and dates == sorted(dates)
    looked_at(tab, f"sort-oldest-{tab.width}")
    tab.get_by_role("link", name="Newest").click()
    dates = tab.locator(".hit time[datetime]").evaluate_all("nodes => nodes.map(node => node.getAttribute('datetime'))")
    assert dates == sorted(dates, reverse=True)


def test_year_facet_reads_in_year_order(tab, desk_url):
    tab.goto(f"{desk_url}/search?q=quan")
    open_filters(tab)
    years = tab.locator("#facet-year ~ ul a > span:first-child").all_inner_texts()
    assert len(years) >= 4 and years == sorted(years, reverse=True)


def test_paging_first_last_and_past_the_end(tab, desk_url):
    tab.goto(f"{desk_url}/search?q=quan&limit=1")
    total = int(tab.locator(".summary").inner_text().split()[0])
    tab.get_by_role("link", name=f"Trang cuối, trang {total}").click()
    expect(tab.locator(".pagination [aria-current]")).to_have_text(str(total))
    looked_at(tab, f"paging-last-{tab.width}")
    tab.get_by_role("link", name="Trang trước").click()
    expect(tab.locator(".pagination [aria-current]")).to_have_text(str(total - 1))
    tab.get_by_role("link", name="Trang đầu").click()
    expect(tab.locator(".pagination [aria-current]")).to_have_text("1")
    assert tab.evaluate("document.documentElement.scrollWidth") <= tab.width
    tab.goto(f"{desk_url}/search?q=quan&limit=1&page=99")
    expect(tab.locator(".past-end h2")).to_have_text(f"Không có trang 99: kết quả chỉ có {total} trang.")
    looked_at(tab, f"paging-past-end-{tab.width}")
    tab.get_by_role("link", name=f"Đến trang cuối (trang {total})").click()
    expect(tab.locator(".hit")).to_have_count(1)


def test_page_size_choice(tab, desk_url):
    tab.goto(f"{desk_url}/search?q=quan&limit=1&lang=en")
    assert tab.locator(".hit").count() == 1
    tab.get_by_role("link", name="25 results per page").click()
    expect(tab.locator(".limits [aria-current]")).to_have_text("25")
    assert tab.locator(".hit").count() > 1
    looked_at(tab, f"page-size-{tab.width}")
    tab.fill("#q", "cải cách")
    tab.press("#q", "Enter")
    expect(tab.locator(".limits [aria-current]")).to_have_text("25")


def test_export_downloads_the_whole_result_set(tab, desk_url):
    tab.goto(f"{desk_url}/search?q=quan&limit=1")
    total = int(tab.locator(".summary").inner_text().split()[0])
    looked_at(tab, f"export-links-{tab.width}")
    with tab.expect_download() as csv_download:
        tab.get_by_role("link", name="CSV").click()
    rows = list(csv.DictReader(io.StringIO(pathlib.Path(csv_download.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == total and rows[0]["permalink"].startswith(desk_url + "/a/")
    with tab.expect_download() as json_download:
        tab.get_by_role("link", name="JSON").click()
    data = json.loads(pathlib.Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert [row["path"] for row in data["rows"]] == [row["path"] for row in rows]


def test_article_citation_and_its_print_style(tab, desk_url):
    tab.goto(f"{desk_url}/search?q=hai+chau&lang=en")
    tab.locator(".hit h2 a", has_text=HAI_CHAU).click()
    citation = tab.locator(".citation")
    expect(citation.get_by_role("heading")).to_have_text("Cite")
    expect(citation).to_contain_text(f"“{HAI_CHAU}”")
    expect(citation).to_contain_text("accessed ")
    permalink = citation.get_by_role("link").get_attribute("href")
    assert permalink.startswith(desk_url + "/a/quan-hai-chau")
    expect(tab.locator(".print-source")).to_be_hidden()
    looked_at(tab, f"citation-{tab.width}")
    tab.emulate_media(media="print")
    expect(tab.locator(".print-source")).to_have_text(f"News archive · {permalink}")
    expect(tab.locator(".site-header")).to_be_hidden()
    screenshot(tab, f"citation-print-{tab.width}")
    tab.emulate_media(media="screen")


def test_every_value_of_a_facet(tab, desk_url):
    tab.goto(f"{desk_url}/search?q=cải+cách")
    open_filters(tab)
    expect(tab.locator("#facet-place ~ ul li")).to_have_count(10)
    tab.get_by_role("link", name="Xem mọi địa danh").click()
    expect(tab.locator("h1")).to_have_text("Địa danh: mọi giá trị")
    values = tab.locator(".facet-page li")
    assert values.count() > 10
    looked_at(tab, f"facet-more-{tab.width}")
    tab.get_by_role("link", name="Quận Đống Đa 1").click()
    expect(tab.locator(".chip")).to_contain_text(["Địa danh: Quận Đống Đa"])
    expect(tab.locator(".hit")).to_have_count(1)


def test_sources_say_folder_or_outlet(tab, desk_url):
    tab.goto(f"{desk_url}/search?q=hai+chau&lang=en")
    open_filters(tab)
    sources = tab.locator("#facet-source ~ ul a > span:first-child").all_inner_texts()
    assert set(sources) == {"folder source", "folder desk", "Báo Đà Nẵng"}
    expect(tab.locator(".hit .source").first).to_have_text("folder source")


def test_browse_by_month_and_place_from_home(tab, desk_url):
    tab.goto(desk_url)
    tab.locator("main").get_by_role("link", name="Duyệt kho lưu trữ").click()
    expect(tab.locator("h1")).to_have_text("Duyệt kho lưu trữ")
    assert tab.evaluate("document.documentElement.scrollWidth") <= tab.width
    looked_at(tab, f"browse-{tab.width}")
    tab.get_by_role("link", name="Tháng 3 2021: 1").click()
    expect(tab.locator(".chip")).to_contain_text(["Thời gian: 2021-03"])
    expect(tab.locator(".hit h2")).to_contain_text(["Giao ban công tác cải cách hành chính"])
    tab.go_back()
    tab.get_by_role("link", name="Xem mọi địa danh").click()
    expect(tab.locator(".summary")).to_contain_text("trong cả kho")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_new_control_works_without_javascript(browser, desk_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    phone = context.new_page()
    phone.goto(f"{desk_url}/search?q=quan&limit=1")
    if width < 800:
        phone.locator(".filters > summary").click()
    phone.fill("#date-from", "2019")
    phone.press("#date-from", "Enter")
    expect(phone.locator(".chip")).to_contain_text(["Thời gian: từ 2019"])
    phone.get_by_role("link", name="Cũ nhất").click()
    phone.get_by_role("link", name="Trang sau").click()
    expect(phone.locator(".pagination [aria-current]")).to_have_text("2")
    phone.get_by_role("link", name="50 kết quả mỗi trang").click()
    expect(phone.locator(".limits [aria-current]")).to_have_text("50")
    phone.get_by_role("link", name="Bỏ mọi bộ lọc").click()
    expect(phone.locator("#q")).to_have_value("quan")
    screenshot(phone, f"no-javascript-{width}")
    context.close()


@pytest.fixture
def kinds_url(kinds_app):
    """Serve an app over the seeds, an article about a road accident and a tag page listing it; return its base URL."""
    with serving(kinds_app) as url:
        yield url


def test_the_kind_facet_shows_hidden_tag_pages_and_the_chip_hides_them_again(tab, kinds_url):
    article, tag_page = "Xe khách lật trên đèo Bảo Lộc", "Xe khách lật trên đèo Bảo Lộc, nhiều người bị thương"
    tab.goto(f"{kinds_url}/search?q=tai+n%E1%BA%A1n")
    expect(tab.locator(".hit h2 a")).to_have_text([article])
    open_filters(tab)
    kinds = tab.locator("#facet-kind ~ ul")
    expect(kinds.locator("[aria-current]")).to_contain_text("Bài viết")
    looked_at(tab, f"kind-facet-{tab.width}")
    kinds.get_by_role("link", name="Trang thẻ 1").click()
    tab.wait_for_url("**kind*")
    expect(tab.locator(".hit h2 a")).to_have_text([tag_page])
    expect(tab.locator("#q")).to_have_value("tai nạn kind:tag")
    remove_the_chip(tab, "Loại trang: Trang thẻ", f"kind-chip-{tab.width}", "tai nạn")
    expect(tab.locator(".hit h2 a")).to_have_text([article])


def test_the_kind_facet_in_english(tab, kinds_url):
    tab.goto(f"{kinds_url}/search?q=xe&lang=en")
    open_filters(tab)
    tab.locator("#facet-kind ~ ul").get_by_role("link", name="Tag pages 1").click()
    expect(tab.locator(".chip").first).to_contain_text("Page kind: Tag pages")
    expect(tab.locator("#facet-kind")).to_have_text("Page kind")
    looked_at(tab, f"kind-chip-en-{tab.width}")


@pytest.fixture
def duplicates_url(tmp_path):
    """Serve an app over a story, a near-duplicate of it and another story on the same topic; return its base URL."""
    from archive.upkeep.build import build
    from web import create_app

    shutil.copytree(DATA / "duplicates", tmp_path / "news")
    build([tmp_path / "news"], tmp_path / "index")
    with serving(create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(tmp_path / "index")})) as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_similar_articles_link_lists_the_whole_group(browser, duplicates_url, width, javascript):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    tab = context.new_page()
    tab.goto(f"{duplicates_url}/search?q=chinh+trang")
    expect(tab.locator(".summary")).to_contain_text("2 kết quả, đã gộp 1 bài tương tự")
    expect(tab.locator(".hit")).to_have_count(2)
    similar = tab.get_by_role("link", name="1 bài tương tự với “Hải Châu chỉnh trang đô thị năm 2024”")
    expect(similar).to_be_visible()
    expect(similar).to_have_text("1 bài tương tự")
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    if javascript:
        looked_at(tab, f"similar-results-{width}")
    similar.click()
    expect(tab.locator("h1")).to_have_text("Các bản đăng của một tin")
    expect(tab.locator(".similar-group h2")).to_contain_text(
        ["Hải Châu chỉnh trang đô thị năm 2024", "Quận Hải Châu chỉnh trang 15 tuyến đường"])
    expect(tab.locator(".similar-group [aria-current=page]")).to_have_text("Hải Châu chỉnh trang đô thị năm 2024")
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    if javascript:
        looked_at(tab, f"similar-group-{width}")
    tab.get_by_role("link", name="Quận Hải Châu chỉnh trang 15 tuyến đường").click()
    expect(tab.locator("h1")).to_have_text("Quận Hải Châu chỉnh trang 15 tuyến đường")
    expect(tab.locator(".article-meta a.similar")).to_have_text("1 bài tương tự")
    context.close()
