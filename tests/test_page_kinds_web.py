"""The page-kind facet and chip through Flask's test client: hidden pages counted, shown on a click, in both languages."""

import html
import re

import pytest

from tests.test_desk import chips, q_of, text


@pytest.fixture
def client(kinds_app):
    """Return a test client over the seeds, an article about a road accident and a tag page listing it."""
    return kinds_app.test_client()


def kind_facet(page):
    """Return ``(label, count or "(bỏ lọc)", q of its link or None)`` of each entry of the page-kind facet, or None."""
    found = re.search(r'<section class="facet" aria-labelledby="facet-kind">(.*?)</section>', page, re.S)
    if not found:
        return None
    entries = []
    for href, label, tail in re.findall(r'<(?:a|span)(?: class="active")?(?: href="([^"]+)")?[^>]*><span>([^<]+)</span> <span class="(?:count|remove)">([^<]+)',
                                        found.group(1)):
        entries.append((html.unescape(label), tail, q_of(href) if href else None))
    return entries


def titles(page):
    """Return the titles of the hits on a results page."""
    return [html.unescape(title) for title in re.findall(r'<li class="hit">\s*<h2><a href="[^"]+">([^<]+)</a>', page)]


@pytest.mark.parametrize("lang, facet, article, tag", [("vi", "Loại trang", "Bài viết", "Trang thẻ"),
                                                       ("en", "Page kind", "Articles", "Tag pages")])
def test_the_kind_facet_counts_hidden_pages_and_links_to_them(client, lang, facet, article, tag):
    page = text(client.get("/search", query_string={"q": "tai nạn", "lang": lang}))
    assert titles(page) == ["Xe khách lật trên đèo Bảo Lộc"]
    assert f'<h3 id="facet-kind">{facet}</h3>' in page
    assert kind_facet(page) == [(article, "1", None), (tag, "1", "tai nạn kind:tag")]


@pytest.mark.parametrize("lang, field, tag, article", [("vi", "Loại trang", "Trang thẻ", "Bài viết"),
                                                       ("en", "Page kind", "Tag pages", "Articles")])
def test_a_chosen_kind_is_a_chip_and_the_facet_switches_back(client, lang, field, tag, article):
    page = text(client.get("/search", query_string={"q": "tai nạn kind:tag", "lang": lang}))
    assert titles(page) == ["Xe khách lật trên đèo Bảo Lộc, nhiều người bị thương"]
    assert chips(page) == [(field, tag, "tai nạn")]
    remove = "(bỏ lọc)" if lang == "vi" else "(remove filter)"
    assert kind_facet(page) == [(article, "1", "tai nạn"), (tag, remove, "tai nạn")]


def test_the_kind_facet_stays_away_when_nothing_is_hidden(client):
    assert kind_facet(text(client.get("/search", query_string={"q": "hai chau"}))) is None


def test_home_feed_and_exports_leave_the_tag_page_out(client):
    tag_title = "Xe khách lật trên đèo Bảo Lộc, nhiều người bị thương"
    home = text(client.get("/"))
    count = int(re.search(r"Kho lưu trữ có ([\d.]+) bài viết", home).group(1).replace(".", ""))
    assert count == client.get("/api/search").get_json()["total"] == client.get("/healthz").get_json()["articles"]
    assert tag_title not in home
    assert tag_title not in text(client.get("/search.atom", query_string={"q": "xe"}))
    assert tag_title not in text(client.get("/search.csv", query_string={"q": "xe"}))
    assert tag_title in text(client.get("/search.csv", query_string={"q": "xe kind:tag"}))
    assert f"Kho lưu trữ có {count} bài viết." in text(client.get("/browse"))


def test_every_kind_page_names_the_kinds(client):
    page = text(client.get("/search/facets/kind", query_string={"q": "xe"}))
    assert ">Bài viết<" in page and ">Trang thẻ<" in page
