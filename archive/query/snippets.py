"""Query-word highlighting in the original text, accents intact, HTML-escaped.

What to mark is ``{folded word: the exact spellings the query means}``: the
spelling typed for a word typed with accents, the reading's spelling for one typed
without. Those are marked ``<mark>``; the other spellings of the same folded word,
which match accent-free, are marked ``<mark class="near">``. An empty set of
spellings means every spelling.
"""

import html
import itertools
import re

from archive.text.vietnamese import TOKEN_PATTERN, exact_form, folded_form, next_to, word_hits

SNIPPET_WORDS = 36
# Characters per word of Vietnamese news, the space after it included (some 4,000 characters hold 1,075 words).
# The best window is chosen by its width in characters, so that only its surroundings are split into words.
WORD_CHARS = 4
_NEAR = re.compile(r'<mark class="near">(.*?)</mark>')


def any_spelling(words):
    """Return the marks of folded words in whatever spelling.

    >>> any_spelling(["hai"])
    {'hai': frozenset()}
    """
    return dict.fromkeys(words, frozenset())


def marks_of(words, readings):
    """Return the marks of a query's folded words, each word of a reading meaning its own spelling.

    >>> marks_of(["bao", "so", "3"], [("bão", "số", "3")])["bao"]
    frozenset({'bão'})
    """
    marks = {word: set() for word in words}
    for reading in readings:
        for exact in reading:
            marks.setdefault(folded_form(exact), set()).add(exact)
    return {word: frozenset(spellings) for word, spellings in marks.items()}


def _hits(text, marks):
    """Return ``(start, end, folded word, meant)`` of every query word of ``text``: whether it is spelt as meant."""
    return [(start, end, key, not marks[key] or exact_form(text[start:end]) in marks[key])
            for start, end, key in word_hits(text, marks)]


def _merge_adjacent(text, hits):
    """Return ``(start, end, meant)`` spans, neighbours separated only by spaces and alike in meaning joined into one.

    So "Hải Châu" is marked as one run.
    """
    merged = []
    for start, end, _, meant in hits:
        if merged and merged[-1][2] == meant and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end, meant)
        else:
            merged.append((start, end, meant))
    return merged


def highlight(text, marks):
    """Return ``text`` HTML-escaped, with each query word wrapped in ``<mark>`` (``class="near"`` where not spelt as meant).

    >>> highlight("Quận Hải Châu <b>", any_spelling(["hai", "chau"]))
    'Quận <mark>Hải Châu</mark> &lt;b&gt;'
    >>> highlight("bão, báo", {"bao": frozenset({"bão"})})
    '<mark>bão</mark>, <mark class="near">báo</mark>'
    """
    return _render(text, _merge_adjacent(text, _hits(text, marks)), 0, len(text))


def _render(text, spans, start, end):
    """Return ``text[start:end]`` escaped, with the given spans marked."""
    out, cursor = [], start
    for span_start, span_end, meant in spans:
        if span_end <= start or span_start >= end:
            continue
        out.append(html.escape(text[cursor:span_start]))
        tag = "<mark>" if meant else '<mark class="near">'
        out.append(f"{tag}{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def bracketed(marked):
    """Return highlighted text for a terminal: the spellings meant in brackets, other spellings as they are.

    >>> bracketed('<mark>bão</mark> số 3, <mark class="near">báo</mark>')
    '[bão] số 3, báo'
    """
    return _NEAR.sub(r"\1", marked).replace("<mark>", "[").replace("</mark>", "]")


def snippet(text, marks, size=SNIPPET_WORDS):
    """Return the window of about ``size`` words of ``text`` that holds the most distinct query words, highlighted.

    >>> snippet("Một hai ba. Quận Hải Châu có mưa.", any_spelling(["hai", "chau"]), size=4)
    '… Quận <mark>Hải Châu</mark> có…'
    >>> snippet("Một hai ba. Quận Hải Châu có mưa to.", any_spelling(["chau"]), size=3)
    '… <mark>Châu</mark> có mưa…'
    """
    hits = _hits(text, marks)
    anchor = _best_window(text, hits, size * WORD_CHARS)
    lead = size // 4
    # The words before the window's first query word are split from a stretch wide enough for the lead;
    # a word the cut at the stretch's start went through is left out.
    low = max(0, anchor - size * WORD_CHARS)
    stretch = [match.span() for match in TOKEN_PATTERN.finditer(text, low, anchor)][bool(low) :]
    before = stretch[max(0, len(stretch) - lead) :]
    # The rest of the window is split word by word, one word more than it needs, to tell whether the text ends first.
    wanted = size - len(before)
    after = [match.span() for match in itertools.islice(TOKEN_PATTERN.finditer(text, anchor), wanted + 1)]
    words = before + after[:wanted]
    if not words:
        return ""
    start = 0 if not low and len(before) == len(stretch) else words[0][0]
    end = len(text) if len(after) <= wanted else words[-1][1]
    body = _render(text, _merge_adjacent(text, hits), start, end).strip()
    return ("… " if start else "") + body + ("…" if end < len(text) else "")


def _best_window(text, hits, width):
    """Return where the query word starts that opens the ``width`` characters with the most distinct query words.

    Words spelt as meant count first, then any spelling; ties go to the window with
    the most neighbouring pairs of query words; with no query word at all, the
    window opens the text.
    """
    # Whether each hit follows the one before it with nothing but spaces and punctuation between.
    follows = [False] + [next_to(text, before, after) for before, after in zip(hits, hits[1:])]
    numbers = {}
    words = [numbers.setdefault(word, len(numbers)) for _, _, word, _ in hits]
    # How many hits of each word the window holds, and how many of them are spelt as meant.
    held, held_meant = [0] * len(numbers), [0] * len(numbers)
    distinct = distinct_meant = adjacent = left = 0
    best, best_score = 0, (0, 0, 0)
    for right, (start, _, _, meant) in enumerate(hits):
        word = words[right]
        distinct += not held[word]
        held[word] += 1
        if meant:
            distinct_meant += not held_meant[word]
            held_meant[word] += 1
        adjacent += right > left and follows[right]
        while start - hits[left][0] >= width:
            gone = words[left]
            held[gone] -= 1
            distinct -= not held[gone]
            if hits[left][3]:
                held_meant[gone] -= 1
                distinct_meant -= not held_meant[gone]
            adjacent -= follows[left + 1]
            left += 1
        score = (distinct_meant, distinct, adjacent)
        if score > best_score:
            best, best_score = hits[left][0], score
    return best
