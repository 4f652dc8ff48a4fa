"""Page kinds as a filter: articles, or the listing, tag and profile pages scraped along with them."""

import pytest

from archive import Archive, build, parse
from tests.test_kinds import TAG_PAGE


@pytest.fixture
def archive(source_dir, index_dir):
    """Return an archive of the seeds plus one tag page."""
    (source_dir / "tag.txt").write_text(TAG_PAGE, encoding="utf-8")
    build([source_dir], index_dir, max_bytes=1_000_000)
    with Archive(index_dir) as opened:
        yield opened


def paths(page):
    """Return the paths of a result page's hits."""
    return [hit.path for hit in page.hits]


def test_a_kind_filter_keeps_or_drops_tag_pages(archive):
    assert paths(archive.search("tai nạn kind:tag")) == ["tag.txt"]
    assert "tag.txt" not in paths(archive.search("tai nạn -kind:tag", limit=100))
    assert archive.search("kind:article").total + 1 == archive.search("").total


def test_the_kind_filter_is_a_removable_chip(archive):
    query = parse("tin kind:tag")
    assert [clause.text for clause in query.filters] == ["kind:tag"]
    assert query.without(query.filters[0]).text == "tin"


def test_when_no_article_has_every_word_the_filters_still_hold(archive):
    page = archive.search("tai nạn hội nghị kind:article")
    assert page.loose and page.total and "tag.txt" not in paths(page)
    assert archive.search("tai nạn kind:tag").hits and not archive.search("xe máy quận kind:profile").total
