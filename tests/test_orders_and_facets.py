"""The library's research helpers on a real index: oldest first, every value of a facet, months, sources, feeds, export."""

import json
import shutil

import pytest

from archive.cli import main
from archive.query.search import Archive
from archive.query.syntax import date_range, parse
from archive.upkeep.build import build
from tests.conftest import DATA


@pytest.fixture
def archive(source_dir, index_dir):
    """Return an Archive over the seeds, the crafted search articles, and one seed filed again in another folder."""
    shutil.copytree(DATA / "search", source_dir / "search")
    (source_dir / "copies").mkdir()
    shutil.copy(source_dir / "003_b2fe966c03df9d48.txt", source_dir / "copies" / "again.txt")
    (source_dir / "outlet.md").write_text("---\ntitle: Bài của một tờ báo\nsource: Báo Đà Nẵng\ndate: 2018-07-02\n---\n\nNội dung.\n")
    build([source_dir], index_dir)
    with Archive(index_dir) as opened:
        yield opened


def test_oldest_first_puts_undated_articles_last(archive):
    hits = archive.search("", sort="oldest", limit=100).hits
    dates = [hit.date for hit in hits]
    dated = [date for date in dates if date]
    assert dated == sorted(dated) and dated[0].startswith("2018-07-02")
    assert dates[len(dated):] == [None] * (len(dates) - len(dated)) and len(dated) < len(dates)


def test_newest_first_and_oldest_first_are_reverse_orders_of_dated_hits(archive):
    newest = [hit.date for hit in archive.search("", sort="date", limit=100).hits if hit.date]
    oldest = [hit.date for hit in archive.search("", sort="oldest", limit=100).hits if hit.date]
    assert newest == oldest[::-1]


def test_years_come_in_year_order_all_of_them(archive):
    years = [entry["value"] for entry in archive.search("").facets["year"]]
    assert years == sorted(years, reverse=True) and {"2018", "2019", "2022"} <= set(years)


def test_every_value_of_a_facet(archive):
    shown = archive.search("").facets["place"]
    every = archive.facet("", "place")
    assert shown == every[:len(shown)] and len(every) >= len(shown)
    counts = [entry["count"] for entry in every]
    assert counts == sorted(counts, reverse=True)
    # Seed 000's two briefs both name the district.
    assert {"value": "Quận Hải Châu", "count": 2} in archive.facet(parse("hai chau"), "place")


def test_months_count_dated_articles(archive):
    months = {entry["value"]: entry["count"] for entry in archive.facet("", "month")}
    assert months["2018-07"] == 1 and months["2022-05"] == 1
    assert list(months) == sorted(months, reverse=True)
    assert sum(months.values()) == sum(1 for hit in archive.search("", limit=100).hits if hit.date)


def test_sources_say_whether_they_name_a_folder(archive):
    sources = {entry["value"]: entry["folder"] for entry in archive.facet("", "source")}
    assert sources == {"source": True, "search": True, "copies": True, "Báo Đà Nẵng": False}
    assert archive.source_folders() == {"source", "search", "copies"}


def test_feed_dates_undated_articles_by_their_entry_and_lists_a_story_once(archive):
    entries = archive.newest("", limit=100)
    titles = [hit.title for hit, _, _ in entries]
    assert len(titles) == len(set(titles))
    assert archive.search("", limit=100).total == len(titles) + 1
    undated = [(hit, when) for hit, when, entered in entries if entered]
    assert undated and all(hit.date is None and when.year >= 2025 for hit, when in undated)
    moments = [when for _, when, _ in entries]
    assert moments == sorted(moments, reverse=True)


def test_every_hit_gives_the_whole_result_set_in_order(archive):
    every = list(archive.every_hit("", sort="date"))
    assert len(every) == archive.search("").total
    # The export keeps near-duplicates, which the results page folds into the first of their group.
    first_of_groups, groups = [], set()
    for hit in every:
        if hit.group not in groups:
            groups.add(hit.group)
            first_of_groups.append(hit.slug)
    assert len(first_of_groups) < len(every)
    assert first_of_groups[:10] == [hit.slug for hit in archive.search("", sort="date").hits]
    assert [hit.slug for hit in archive.every_hit("", sort="date", cap=3)] == [hit.slug for hit in every[:3]]


@pytest.mark.parametrize("start, end, text", [
    ("2019", "", "date:2019.."), ("", "2020-6", "date:..2020-06"), ("2018-01", "2019-06", "date:2018-01..2019-06"),
    ("2019", "2019", "date:2019"), (" 2019-3 ", "", "date:2019-03.."),
])
def test_date_range_from_the_two_boxes(start, end, text):
    assert date_range(start, end).text == text


@pytest.mark.parametrize("start, end", [("2019-13", ""), ("năm ngoái", ""), ("2020", "2019"), ("", "2019/03")])
def test_date_range_refuses_what_is_not_a_range(start, end):
    with pytest.raises(ValueError):
        date_range(start, end)


def test_command_line_sorts_oldest_first(runner):
    assert runner.invoke(main, ["index"]).exit_code == 0
    result = runner.invoke(main, ["search", "quan", "--sort", "oldest", "--json"])
    dates = [hit["date"] for hit in json.loads(result.output)["hits"]]
    assert result.exit_code == 0 and dates[0] == "2019-01-17T20:50:00" and dates == sorted(dates, key=lambda d: d or "~")
