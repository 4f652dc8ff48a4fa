"""Snippets, highlighting and spellings found in text: query words marked in place, accents and offsets intact."""

import pytest

from archive.query.snippets import SNIPPET_WORDS, highlight, snippet
from archive.query.suggest import written_as
from archive.text.vietnamese import word_hits

FILLER = "Người dân đi làm sớm vì trời mưa to. " * 300


def test_snippet_is_cut_around_query_words_deep_in_a_long_article():
    text = FILLER + "Ủy ban quận Hải Châu công bố kế hoạch mới. " + FILLER
    shown = snippet(text, {"hai", "chau"})
    assert "<mark>Hải Châu</mark>" in shown
    assert shown.startswith("… ") and shown.endswith("…")
    assert abs(len(shown.split()) - SNIPPET_WORDS) <= 4


def test_snippet_prefers_the_window_holding_most_distinct_query_words():
    text = "Hải Phòng có mưa. " + FILLER + "Quận Hải Châu ở Đà Nẵng. " + FILLER
    shown = snippet(text, {"hai", "chau"})
    assert "<mark>Hải Châu</mark> ở Đà Nẵng" in shown and "Phòng" not in shown


def test_snippet_without_query_words_opens_the_text():
    shown = snippet("Một bài ngắn về thời tiết.", {"chau"})
    assert shown == "Một bài ngắn về thời tiết."


def test_words_inside_numbers_and_longer_words_are_not_marked():
    assert highlight("Chi 3.589,625 tỷ cho 3 quận, Châu Á và châu", {"3", "chau", "a"}) == (
        "Chi 3.589,625 tỷ cho <mark>3</mark> quận, <mark>Châu Á</mark> và <mark>châu</mark>")


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
