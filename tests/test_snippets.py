"""Snippets, highlighting and spellings found in text: query words marked in place, accents and offsets intact."""

import pytest

from archive.query.snippets import SNIPPET_WORDS, any_spelling, bracketed, highlight, marks_of, snippet
from archive.query.suggest import written_as
from archive.text.vietnamese import word_hits

FILLER = "Người dân đi làm sớm vì trời mưa to. " * 300


def test_snippet_is_cut_around_query_words_deep_in_a_long_article():
    text = FILLER + "Ủy ban quận Hải Châu công bố kế hoạch mới. " + FILLER
    shown = snippet(text, any_spelling(["hai", "chau"]))
    assert "<mark>Hải Châu</mark>" in shown
    assert shown.startswith("… ") and shown.endswith("…")
    assert abs(len(shown.split()) - SNIPPET_WORDS) <= 4


def test_snippet_prefers_the_window_holding_most_distinct_query_words():
    text = "Hải Phòng có mưa. " + FILLER + "Quận Hải Châu ở Đà Nẵng. " + FILLER
    shown = snippet(text, any_spelling(["hai", "chau"]))
    assert "<mark>Hải Châu</mark> ở Đà Nẵng" in shown and "Phòng" not in shown


def test_snippet_without_query_words_opens_the_text():
    shown = snippet("Một bài ngắn về thời tiết.", any_spelling(["chau"]))
    assert shown == "Một bài ngắn về thời tiết."


def test_words_inside_numbers_and_longer_words_are_not_marked():
    assert highlight("Chi 3.589,625 tỷ cho 3 quận, Châu Á và châu", any_spelling(["3", "chau", "a"])) == (
        "Chi 3.589,625 tỷ cho <mark>3</mark> quận, <mark>Châu Á</mark> và <mark>châu</mark>")


@pytest.mark.parametrize("text, readings, marked", [
    # A word typed with accents: its spelling marked, the others that match accent-free marked as near.
    ("Cơn bão số 3, báo số 3 và bảo hiểm", [("bão", "số", "3")],
     'Cơn <mark>bão số 3</mark>, <mark class="near">báo</mark> <mark>số 3</mark> và <mark class="near">bảo</mark> hiểm'),
    # Tone placement and case are not another spelling.
    ("HOÀ BÌNH, Hòa bình, hoa binh", [("hòa", "bình")],
     '<mark>HOÀ BÌNH</mark>, <mark>Hòa bình</mark>, <mark class="near">hoa binh</mark>'),
    # The reading of an unaccented word is its spelling.
    ("Bán hàng và bạn hàng", [("bạn", "hàng")], '<mark class="near">Bán</mark> <mark>hàng</mark> và <mark>bạn hàng</mark>'),
    # A word no reading spells (a filter's, say) is marked in every spelling.
    ("Quận Hải Châu", [], "Quận <mark>Hải Châu</mark>"),
])
def test_the_spelling_meant_is_marked_and_the_others_marked_as_near(text, readings, marked):
    words = sorted({"bao", "so", "3", "hoa", "binh", "ban", "hang", "hai", "chau"})
    assert highlight(text, marks_of(words, readings)) == marked


def test_the_snippet_window_prefers_the_spelling_meant():
    text = "Báo chí đưa tin. " + FILLER + "Cơn bão đổ bộ đêm qua. " + FILLER
    shown = snippet(text, marks_of(["bao"], [("bão",)]))
    assert "<mark>bão</mark> đổ bộ" in shown and "Báo" not in shown


def test_the_terminal_brackets_the_spelling_meant_alone():
    assert bracketed(highlight("bão & báo", marks_of(["bao"], [("bão",)]))) == "[bão] &amp; báo"


def test_word_hits_fall_back_to_words_when_lowercase_changes_length():
    text = "İstanbul và Hải Châu"
    assert [text[start:end] for start, end, _ in word_hits(text, {"hai", "chau"})] == ["Hải", "Châu"]


@pytest.mark.parametrize("texts, written", [
    (["Hải, Châu. HẢI CHÂU! Hải Châu; Hai cháu"], "Hải Châu"),
    (["Hải Phòng và Châu Đốc"], None),
    (["hai châu", "Hải châu"], "Hải châu"),
])
def test_a_reading_is_written_as_the_texts_write_its_run(texts, written):
    assert written_as(texts, ["hải", "châu"]) == written
