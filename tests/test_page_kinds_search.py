"""Page kinds in searches: articles by default everywhere, the listing, tag and profile pages on asking, counted in a facet."""

import shutil

import pytest

from archive import Archive, build, parse
from tests.conftest import DATA
from tests.test_kinds import TAG_PAGE


@pytest.fixture
def archive(source_dir, index_dir):
    """Return an archive of the seeds, an article about a road accident and a tag page that lists it."""
    (source_dir / "tag.txt").write_text(TAG_PAGE, encoding="utf-8")
    shutil.copy(DATA / "kinds" / "accident.txt", source_dir / "accident.txt")
    build([source_dir], index_dir)
    with Archive(index_dir) as opened:
        yield opened


def paths(hits):
    """Return the paths of hits."""
    return [hit.path for hit in hits]


def test_a_default_search_hides_the_tag_page_that_a_kind_search_shows(archive):
    assert paths(archive.search("tai nạn kind:tag").hits) == ["tag.txt"]
    for query in ("tai nạn giao thông", "tai nan giao thong", "xe khách"):
        assert paths(archive.search(query).hits) == ["accident.txt"], query
    assert "tag.txt" not in paths(archive.search("-kind:tag", limit=100).hits)
    assert paths(archive.search("xe -kind:article").hits) == ["tag.txt"]


def test_the_kind_facet_counts_the_hidden_pages_too(archive):
    articles = archive.search("xe")
    assert articles.facets["kind"] == [{"value": "article", "count": articles.total}, {"value": "tag", "count": 1}]
    # With a kind chosen, the facet still counts every kind, so that a person can switch back.
    assert archive.search("xe kind:tag").facets["kind"] == articles.facets["kind"]
    assert archive.facet("xe kind:tag", "kind") == articles.facets["kind"]
    # The other facets count what the results hold.
    assert sum(entry["count"] for entry in archive.search("kind:tag").facets["year"]) == 1


def test_counts_exports_feeds_and_related_reading_hold_articles_only(archive):
    everything = archive.search("", limit=100)
    assert archive.count() == everything.total == archive.search("kind:article").total
    assert archive.count() + 1 == archive.search("kind:article OR kind:tag").total
    assert "tag.txt" not in paths(everything.hits)
    assert "tag.txt" not in paths(archive.every_hit("xe"))
    assert "tag.txt" not in paths(hit for hit, _, _ in archive.newest("", limit=100))
    assert "tag.txt" in paths(archive.every_hit("kind:tag"))
    slugs = [hit.slug for hit in everything.hits]
    assert all("tag.txt" not in paths(archive.related(slug, limit=100)) for slug in slugs)


def test_the_kind_filter_is_a_removable_chip(archive):
    query = parse("tin kind:tag")
    assert [clause.text for clause in query.filters] == ["kind:tag"]
    assert query.without(query.filters[0]).text == "tin"


def test_kind_words_are_never_marked_in_snippets(archive):
    assert archive.search("xe kind:tag").terms == ["xe"]


def test_when_no_article_has_every_word_the_filters_still_hold(archive):
    page = archive.search("tai nạn hội nghị kind:article")
    assert page.loose and page.total and "tag.txt" not in paths(page.hits)
    assert archive.search("tai nạn kind:tag").hits and not archive.search("xe máy quận kind:profile").total
