"""Query-word highlighting in the original text, accents intact, HTML-escaped."""

import html

from archive.vietnamese import folded_spans

SNIPPET_WORDS = 36


def _marked_spans(text, folded_terms):
    """Return ``(start, end)`` offsets of the words of ``text`` whose folded form is a query term."""
    spans, keys = folded_spans(text)
    return [span for span, key in zip(spans, keys) if key in folded_terms]


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
    return _render(text, _merge_adjacent(text, _marked_spans(text, folded_terms)), 0, len(text))


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
    words, keys = folded_spans(text)
    if not words:
        return ""
    hits = [i for i, key in enumerate(keys) if key in folded_terms]
    first = _best_window([keys[i] for i in hits], hits, size)
    last = min(first + size, len(words)) - 1
    start = 0 if first == 0 else words[first][0]
    end = len(text) if last == len(words) - 1 else words[last][1]
    spans = _merge_adjacent(text, [words[i] for i in hits])
    body = _render(text, spans, start, end).strip()
    return ("… " if start else "") + body + ("…" if end < len(text) else "")


def _best_window(keys, hits, size):
    """Return the index of the first word of the window with the most distinct hit words, then the most adjacent pairs.

    ``hits`` are the word indices of the query words, ``keys`` their folded forms.
    """
    counts, adjacent = {}, 0
    best, best_score, left = 0, (0, 0), 0
    for right, position in enumerate(hits):
        counts[keys[right]] = counts.get(keys[right], 0) + 1
        if right > left and hits[right - 1] == position - 1:
            adjacent += 1
        while position - hits[left] >= size:
            counts[keys[left]] -= 1
            if not counts[keys[left]]:
                del counts[keys[left]]
            if hits[left + 1] == hits[left] + 1:
                adjacent -= 1
            left += 1
        score = (len(counts), adjacent)
        if score > best_score:
            best, best_score = max(0, hits[left] - size // 4), score
    return best
