"""One normalisation path: the schema's analyzers, the bulk writer's index terms and query plans agree word for word."""

import unicodedata

import pytest

from archive.engine.analysis import bigram_analyzer, exact_analyzer, folded_analyzer
from archive.engine.plan import plan_query
from archive.query.syntax import parse
from archive.text.vietnamese import clean, exact_form, folded_form, index_terms

TEXTS = [
    "Quận uỷ Hải Châu ở TP.HCM",
    "UBND thành phố chi 3.589,625 tỷ cho HIV/AIDS.Dự án Covid-19",
    unicodedata.normalize("NFD", "Hoà Vang, Thuỷ Nguyên và khoẻ mạnh"),
    "ĐẮK LẮK: giá vàng SJC tăng 2% trong tuần",
    "metro line 1 opens in 2024",
    "Bão số 3 (Yagi) đổ bộ Quảng Ninh – Hải Phòng",
]


def analysed(analyzer, text):
    """Return the terms ``analyzer`` makes of ``text``."""
    return [token.text for token in analyzer(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_every_analyzer_files_the_terms_the_bulk_writer_files(text):
    exact, folded, pairs = index_terms(clean(text))
    assert analysed(exact_analyzer(), clean(text)) == exact
    assert analysed(folded_analyzer(), clean(text)) == folded
    assert analysed(bigram_analyzer(), clean(text)) == pairs


@pytest.mark.parametrize("text", TEXTS)
def test_queries_look_up_the_forms_the_index_holds(text):
    query = parse(text)
    exact, folded, _ = index_terms(clean(text))
    # Abbreviations add the words of their other spellings to the plan; the typed words are all there.
    assert set(folded) <= set(plan_query(query).terms)
    assert {folded_form(word) for word in query.words} == set(folded)
    assert [exact_form(word) for word in query.words if not exact_form(word).isascii()] == exact
