"""Extraction takes linear time on any input: random and pathological long lines, within a budget per megabyte."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.ingest.extract import extract, first_sentence
from archive.ingest.headline import RUN_ON_MIN_LENGTH
from archive.ingest.reader import UnreadableFile, decode

# Seconds per megabyte of text, and for any input however small: a quadratic pattern
# blows far past this (a 40,000-character line once took 22 s), linear work stays well under.
SECONDS_PER_MB = 2.0
SECONDS_AT_LEAST = 0.5
# Pieces that the extraction rules look for: marks, capitals, dates, bylines, tags, quotes, spaces.
PIECES = [".", "!", "…", " ", "\t", "a", "A", "Đ", "đ", "ệ", "1", "9", "/", "-", "–", ":", "(", ")", "\"", "“",
          "'", "#", "*", "|", ",", ";", "TP.", "Q. ", "ThS.", "(NLĐ)", "Ngày ", "Thứ năm, ", "17/01/2019",
          "20:50", "PV", "Theo ", "Tác giả: ", "QR CODE: ", "Tin khác", "http://", "www.", "=", "+", "QUFB"]
MODES = ["page", "header", "markdown"]


def _document(line, mode):
    """Return ``line`` as a whole file of the given shape: a scraped page, a "Key: value" dump, or Markdown."""
    if mode == "header":
        return f"Title: {line}\nSummary: {line}\nContent: {line}\n"
    if mode == "markdown":
        return f"---\ntitle: {line[:50]}\n---\n\n# {line}\n\n{line}\n"
    return line


def _assert_linear(text, markdown=False):
    """Decode and extract ``text`` and fail when it takes longer than its size allows."""
    started = time.perf_counter()
    try:
        extract(decode(text.encode())[0], "long.md" if markdown else "long.txt", markdown=markdown)
    except UnreadableFile:
        pass  # skipped with a reason is an answer too; it must come as quickly
    seconds = time.perf_counter() - started
    budget = SECONDS_AT_LEAST + SECONDS_PER_MB * len(text.encode()) / 1e6
    assert seconds < budget, f"{seconds:.2f} s for {len(text):,} characters"


runs = st.tuples(st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join),
                 st.integers(min_value=1, max_value=40_000))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(runs, min_size=1, max_size=3), st.sampled_from(MODES))
def test_long_pathological_lines_extract_in_linear_time(parts, mode):
    line = "".join(piece * count for piece, count in parts)[:200_000]
    _assert_linear(_document(line, mode), markdown=mode == "markdown")


@settings(max_examples=40, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=5_000), st.sampled_from(MODES))
def test_random_text_extracts_in_linear_time(text, mode):
    text = text * max(1, 50_000 // len(text))
    _assert_linear(_document(text, mode), markdown=mode == "markdown")


def test_five_megabyte_line_without_spaces_extracts_in_seconds():
    started = time.perf_counter()
    article = extract("x" * 5_000_000, "long.txt")
    assert time.perf_counter() - started < 5
    assert article.title == "x" * RUN_ON_MIN_LENGTH + "…"


def test_base64_image_in_a_markdown_note_is_quick():
    note = "Ảnh chụp hiện trường\n\n![ảnh](data:image/png;base64," + "iVBORw0KGgo" * 2_000 + ")\n"
    started = time.perf_counter()
    article = extract(note, "note.md", markdown=True)
    assert time.perf_counter() - started < 1
    assert article.title == "Ảnh chụp hiện trường"


def test_first_sentence_still_reads_abbreviations_and_marks():
    assert first_sentence("Xin chào!! Sau đó mọi người về") == "Xin chào!!"
    assert first_sentence("TP. Hồ Chí Minh mưa lớn. Sau đó trời tạnh") == "TP. Hồ Chí Minh mưa lớn."
