"""Query-word highlighting in the original text, accents intact, HTML-escaped."""

import bisect
import html

from archive.text.vietnamese import TOKEN_PATTERN, next_to, word_hits

SNIPPET_WORDS = 36
# Characters per word of Vietnamese news, the space after it included (some 4,000 characters hold 1,075 words).
# The best window is chosen by its width in characters, so that only its surroundings are split into words.
WORD_CHARS = 4


def _merge_adjacent(text, spans):
    """Join spans separated only by spaces, so "Hải Châu" is marked as one run."""
    merged = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def highlight(text, folded_terms):
    """Return ``text`` HTML-escaped, with each query word wrapped in ``<mark>``.

    >>> highlight("Quận Hải Châu <b>", {"hai", "chau"})
    'Quận <mark>Hải Châu</mark> &lt;b&gt;'
    """
    spans = [(start, end) for start, end, _ in word_hits(text, folded_terms)]
    return _render(text, _merge_adjacent(text, spans), 0, len(text))


def _render(text, spans, start, end):
    """Return ``text[start:end]`` escaped, with the given spans marked."""
    out, cursor = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        out.append(html.escape(text[cursor:span_start]))
        out.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def snippet(text, folded_terms, size=SNIPPET_WORDS):
    """Return the window of about ``size`` words of ``text`` that holds the most distinct query words, highlighted.

    >>> snippet("Một hai ba. Quận Hải Châu có mưa.", {"hai", "chau"}, size=4)
    '… Quận <mark>Hải Châu</mark> có…'
    """
    hits = word_hits(text, folded_terms)
    anchor = _best_window(text, hits, size * WORD_CHARS)
    # Split only around the window, with room for a quarter of it before its first query word.
    low, high = max(0, anchor - size * WORD_CHARS), anchor + 4 * size * WORD_CHARS
    words = [match.span() for match in TOKEN_PATTERN.finditer(text, low, high)]
    # A word the cut went through is left out.
    words = words[bool(low) : len(words) - (high < len(text))]
    if not words:
        return ""
    first = max(0, bisect.bisect_left(words, (anchor, anchor)) - size // 4)
    last = min(first + size, len(words)) - 1
    start = 0 if first == 0 and not low else words[first][0]
    end = len(text) if last == len(words) - 1 and high >= len(text) else words[last][1]
    spans = _merge_adjacent(text, [(span_start, span_end) for span_start, span_end, _ in hits])
    body = _render(text, spans, start, end).strip()
    return ("… " if start else "") + body + ("…" if end < len(text) else "")


def _best_window(text, hits, width):
    """Return where the query word starts that opens the ``width`` characters with the most distinct query words.

    Ties go to the window with the most neighbouring pairs of query words; with
    no query word at all, the window opens the text.
    """
    counts, adjacent = {}, 0
    best, best_score, left = 0, (0, 0), 0
    for right, (start, _, key) in enumerate(hits):
        counts[key] = counts.get(key, 0) + 1
        if right > left and next_to(text, hits[right - 1], hits[right]):
            adjacent += 1
        while start - hits[left][0] >= width:
            gone = hits[left][2]
            counts[gone] -= 1
            if not counts[gone]:
                del counts[gone]
            if next_to(text, hits[left], hits[left + 1]):
                adjacent -= 1
            left += 1
        score = (len(counts), adjacent)
        if score > best_score:
            best, best_score = hits[left][0], score
    return best
