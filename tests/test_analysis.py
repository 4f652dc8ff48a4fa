"""One normalisation path: the schema's analyzers, the bulk writer's index terms and query plans agree word for word."""

import unicodedata

import pytest

from archive.engine.analysis import folded_analyzer, pair_analyzer, word_analyzer
from archive.engine.plan import plan_query
from archive.query.syntax import parse
from archive.text.vietnamese import clean, exact_form, fold, folded_form, index_terms, spelling_term

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
    words, pairs, folded = index_terms(clean(text))
    assert analysed(word_analyzer(), clean(text)) == words
    assert analysed(pair_analyzer(), clean(text)) == pairs
    assert analysed(folded_analyzer(), clean(text)) == folded == [term.partition("|")[0] for term in words]


@pytest.mark.parametrize("text", TEXTS)
def test_queries_look_up_the_forms_the_index_holds(text):
    query = parse(text)
    words, _, _ = index_terms(clean(text))
    # Abbreviations add the words of their other spellings to the plan; the typed words are all there.
    assert {term.partition("|")[0] for term in words} <= set(plan_query(query).terms)
    assert [spelling_term(folded_form(word), exact_form(word)) for word in query.words] == words


@pytest.mark.parametrize(("typed", "pairs"), [
    ("trò trả thù người yêu", {"tro_tra", "tra_thu", "thu_nguoi", "nguoi_yeu"}),
    ("người yêu kind:article", {"nguoi_yeu"}),
    ("bão place:huế lũ lụt", {"lu_lut"}),
    ('"hà nội" mưa to', {"ha_noi", "noi_mua", "mua_to"}),
])
def test_the_neighbour_bonus_pairs_the_words_of_each_run_and_never_a_filter(typed, pairs):
    bonus = plan_query(parse(typed).searched).bonus
    assert {leaf.text for leaf in bonus if leaf.fieldname == "content_pairs"} == pairs


@pytest.mark.parametrize("repeat", [1, 20, 200])
def test_a_long_text_folds_as_its_characters_fold_one_by_one(repeat):
    # Past a few hundred characters the text is folded as an array of code points: the same letters must come out,
    # characters past the table (emoji, CJK) and lone surrogates kept as they are.
    text = " ".join(TEXTS) + " 🌧 東京 \udcff Ǆ ẞ" * repeat
    assert fold(text) == "".join(fold(character) for character in text)
