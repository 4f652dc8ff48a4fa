"""Near-duplicate groups on a real index: one result per story, kept right through reindexing, shown on the web."""

import csv
import io
import re
import shutil

import pytest

from archive.engine.schema import LIKENESS_BYTES
from archive.ingest.likeness import signature
from archive.query.search import Archive
from archive.upkeep.build import build
from archive.upkeep.grouping import Groups, group_id
from archive.upkeep.reindex import reindex
from tests.conftest import DATA
from web import create_app

# A story, the same story filed again (another headline and byline, a corrected figure, a word changed),
# and another story on the same topic, in the same district, with many of the same words.
FILES = {path.name: path.read_text(encoding="utf-8") for path in sorted((DATA / "duplicates").glob("*.txt"))}
STORY, COPY = (FILES[name].splitlines()[2] for name in ("b-first.txt", "c-again.txt"))


def page(title, day, text, byline):
    """Return the text of a scraped page: headline, dateline, body and byline."""
    return f"{title}\n{day}/03/2024\n{text}\n({byline})\n"


@pytest.fixture
def folder(tmp_path):
    """Return a source folder holding a story, a near-duplicate of it, and another story on the same topic."""
    folder = tmp_path / "news"
    shutil.copytree(DATA / "duplicates", folder)
    return folder


def hits_by_path(index_dir, query="chinh trang"):
    """Return ``(SearchPage, {path: Hit})`` of a search of the index."""
    with Archive(index_dir) as archive:
        result = archive.search(query)
    return result, {hit.path: hit for hit in result.hits}


def every_group(index_dir):
    """Return ``{path: group id}`` of every article, near-duplicates included."""
    with Archive(index_dir) as archive:
        return {hit.path: hit.group for hit in archive.every_hit("")}


def test_near_duplicates_show_once_with_one_similar_and_other_stories_stay_apart(folder, index_dir):
    build([folder], index_dir)
    result, hits = hits_by_path(index_dir)
    assert (result.total, result.groups, result.pages) == (3, 2, 1)
    assert set(hits) == {"b-first.txt", "d-other.txt"} and hits["b-first.txt"].similar == 1
    assert hits["d-other.txt"].similar == 0
    groups = every_group(index_dir)
    assert groups["b-first.txt"] == groups["c-again.txt"] == group_id(f"{folder.resolve().as_posix()}//b-first.txt")
    assert groups["d-other.txt"] != groups["b-first.txt"]


def test_the_best_ranked_copy_stands_for_its_group(folder, index_dir):
    build([folder], index_dir)
    # Only the copy's headline holds "15 tuyến đường", so it ranks first and stands for the group.
    _, hits = hits_by_path(index_dir, "15 tuyen duong")
    assert "c-again.txt" in hits and "b-first.txt" not in hits and hits["c-again.txt"].similar == 1


def test_reindexing_a_third_copy_joins_the_group_and_removing_the_shown_one_promotes_another(folder, index_dir):
    build([folder], index_dir)
    before = every_group(index_dir)
    (folder / "e-third.txt").write_text(page("Hải Châu: 120 tỷ đồng chỉnh trang đô thị", 13, COPY + " (Theo báo Đà Nẵng)",
                                             "THANH LAN"), encoding="utf-8")
    reindex([folder], index_dir)
    _, hits = hits_by_path(index_dir)
    assert hits["b-first.txt"].similar == 2 and every_group(index_dir)["e-third.txt"] == before["b-first.txt"]
    (folder / "b-first.txt").unlink()
    reindex([folder], index_dir)
    result, hits = hits_by_path(index_dir)
    assert "b-first.txt" not in hits and result.groups == 2
    shown = [hits[path] for path in ("c-again.txt", "e-third.txt") if path in hits]
    assert len(shown) == 1 and shown[0].similar == 1
    # The group is now known by its smallest remaining member.
    groups = every_group(index_dir)
    assert groups["c-again.txt"] == groups["e-third.txt"] == group_id(f"{folder.resolve().as_posix()}//c-again.txt")


@pytest.mark.parametrize("first, later", [
    (["c-again.txt", "d-other.txt"], ["b-first.txt"]),   # the smallest key arrives last: the group takes its id
    (["b-first.txt", "d-other.txt"], ["c-again.txt"]),
    (["d-other.txt"], ["b-first.txt", "c-again.txt"]),
])
def test_groups_never_depend_on_the_order_files_arrived_in(folder, tmp_path, first, later):
    build([folder], tmp_path / "whole")
    arriving = tmp_path / "arriving"
    arriving.mkdir()
    for name in first:
        (arriving / name).write_text(FILES[name], encoding="utf-8")
    reindex([arriving], tmp_path / "step")
    for name in later:
        (arriving / name).write_text(FILES[name], encoding="utf-8")
    reindex([arriving], tmp_path / "step")
    whole, step = every_group(tmp_path / "whole"), every_group(tmp_path / "step")
    # Ids hash the smallest key, which names the source folder: compare which articles share a group.
    assert (whole["b-first.txt"] == whole["c-again.txt"] != whole["d-other.txt"]
            and step["b-first.txt"] == step["c-again.txt"] != step["d-other.txt"])
    assert step["b-first.txt"] == group_id(f"{arriving.resolve().as_posix()}//b-first.txt")


def test_a_signature_fills_its_column_and_a_text_without_words_has_none():
    assert len(signature(STORY)) == LIKENESS_BYTES and signature("…  -- ") == b""


def test_briefs_of_one_file_are_never_grouped_with_each_other():
    groups = Groups()
    groups.add("/news//page.txt", signature(STORY))
    groups.add("/news//page.txt#2", signature(STORY))
    groups.add("/news//copy.txt", signature(COPY))
    found = groups.groups()
    assert found["/news//page.txt"] == found["/news//page.txt#2"] == found["/news//copy.txt"]  # linked through the copy
    groups.remove("/news//copy.txt")
    found = groups.groups()
    assert found["/news//page.txt"] != found["/news//page.txt#2"]
    alone = Groups()
    alone.add("/news//page.txt", signature(STORY))
    assert alone.add("/news//page.txt#2", signature(STORY)) == group_id("/news//page.txt#2")


def test_facets_count_each_story_once(folder, index_dir):
    build([folder], index_dir)
    with Archive(index_dir) as archive:
        days = {entry["value"]: entry["count"] for entry in archive.facet("", "month")}
        places = {entry["value"]: entry["count"] for entry in archive.facet("", "place")}
    assert days == {"2024-03": 2} and places["Quận Hải Châu"] == 2


@pytest.fixture
def client(folder, index_dir):
    """Return a test client of the web app over the index of ``folder``."""
    build([folder], index_dir)
    app = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(index_dir), "ARCHIVE_SOURCE_DIRS": str(folder)})
    return app.test_client()


@pytest.mark.parametrize("lang, summary, similar", [
    ("vi", "2 kết quả, đã gộp 1 bài tương tự", "1 bài tương tự"),
    ("en", "2 results, 1 similar folded in", "1 similar article"),
])
def test_results_page_counts_what_it_shows_and_links_the_group(client, lang, summary, similar):
    html = client.get("/search", query_string={"q": "chinh trang", "lang": lang}).get_data(as_text=True)
    assert summary in html
    links = re.findall(r'<a class="similar" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert len(links) == 1 and links[0][1] == similar
    group = client.get(links[0][0]).get_data(as_text=True)
    assert "Hải Châu chỉnh trang đô thị năm 2024" in group and "Quận Hải Châu chỉnh trang 15 tuyến đường" in group
    assert "Hải Châu bàn chỉnh trang đô thị ven sông" not in group


def test_home_and_feed_list_each_group_once_and_export_keeps_every_article(client):
    home = client.get("/").get_data(as_text=True)
    newest = re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", home)
    assert len(newest) == 2 and "Hải Châu bàn chỉnh trang đô thị ven sông" in newest
    assert home.count('class="similar"') == 1
    feed = client.get("/search.atom", query_string={"q": "chinh trang"}).get_data(as_text=True)
    assert feed.count("<entry>") == 2
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv", query_string={"q": "chinh trang"}).get_data(as_text=True))))
    groups = {row["path"]: row["group"] for row in rows}
    assert len(rows) == 3 and groups["b-first.txt"] == groups["c-again.txt"] != groups["d-other.txt"]


@pytest.mark.parametrize("lang, stories", [
    ("vi", "Đó là 2 tin khác nhau"),
    ("en", "They tell 2 distinct stories"),
])
def test_browse_page_counts_each_story_once_and_says_so(client, lang, stories):
    html = client.get("/browse", query_string={"lang": lang}).get_data(as_text=True)
    assert stories in html
    assert re.search(r'aria-label="[^"]*2024: 2"', html)


def test_article_page_links_its_group_and_an_unknown_slug_has_none(client):
    slug = client.get("/api/search", query_string={"q": "chinh trang"}).get_json()["hits"]
    shown = next(hit for hit in slug if hit["similar"])
    html = client.get(f"/a/{shown['slug']}").get_data(as_text=True)
    assert f'href="/a/{shown["slug"]}/similar"' in html
    assert client.get("/a/no-such-article/similar").status_code == 404
