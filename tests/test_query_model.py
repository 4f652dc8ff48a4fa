"""The Query value: parsed once, changed as a value, printed back as query text that parses to the same query."""

import pytest

from archive.query.model import DateRange
from archive.query.syntax import filter_clause, parse


@pytest.mark.parametrize("typed, printed", [
    ("hai chau", "hai chau"),
    ('"Hải Châu"  OR   "Hải Phòng" -covid', '"Hải Châu" OR "Hải Phòng" -covid'),
    ('place:"Quận 9" author:Lan date:2019-3', 'place:"Quận 9" author:Lan date:2019-03'),
    ("covid-19 TP.HCM", '"covid 19" "TP HCM"'),
    ("date:..2020 metro", "metro date:..2020"),
    ('"OR" lụt', '"OR" lụt'),
    ("foo:bar", '"foo bar"'),
])
def test_queries_print_back_and_parse_to_the_same_query(typed, printed):
    query = parse(typed)
    assert query.text == printed
    assert parse(query.text) == query


@pytest.mark.parametrize("typed", ['place:"Quận Hải Châu"', 'place:"quận hải châu"', 'place:"QUAN HAI CHAU"'])
def test_a_filter_is_found_and_removed_whatever_its_spelling(typed):
    query = parse(f"lũ lụt {typed} date:2020")
    facet = filter_clause("place", "Quận Hải Châu")
    assert query.has(facet)
    assert query.without(facet).text == "lũ lụt date:2020"
    assert query.with_clause(facet) == query


def test_filters_and_keywords_are_told_apart():
    query = parse('bão số 3 OR lũ -covid source:"Tuổi Trẻ" place:"Đà Nẵng" date:2020')
    assert [clause.text for clause in query.filters] == ['source:"Tuổi Trẻ"', 'place:"Đà Nẵng"']
    assert query.keywords.text == "bão số 3 OR lũ -covid"


def test_dates_change_as_a_value():
    query = parse("metro date:2019-03")
    assert query.dates == DateRange("2019-03", "2019-03")
    assert query.with_dates(DateRange.year(2019)).text == "metro date:2019"
    assert query.with_dates(None).text == "metro"
    assert query.with_dates(DateRange("2018", "2019-06")).date_to.isoformat() == "2019-06-30T23:59:59"


@pytest.mark.parametrize("value", ["2019-13", "2019-02-30", "19", "2019..abc", ".."])
def test_impossible_dates_are_dropped_with_a_warning(value):
    query = parse(f"metro date:{value}")
    assert query.dates is None and query.warnings and query.text == "metro"
