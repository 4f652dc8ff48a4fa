"""Whoosh analyzers built from the plain functions of ``archive.text.vietnamese``.

Each analyzer is a tokenizer composed with small filters. They are the schema's
record of how each field is analysed, and Whoosh runs them over small fields
(titles, authors, places). The content fields and queries skip the per-token
objects for speed: the bulk writer files ``vietnamese.index_terms`` and query
plans call ``exact_form``/``folded_form``/``spelling_term`` word by word, the very
functions these filters call, and ``tests/test_analysis.py`` holds all three paths equal.
"""

from whoosh.analysis import Filter, Token, Tokenizer

from archive.text.vietnamese import bigram, exact_form, folded_form, spelling_term, tokens


class VietnameseTokenizer(Tokenizer):
    """Split clean text into words with ``archive.text.vietnamese.tokens``, keeping offsets."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, mode="", **kwargs):
        """Yield one reused Token per word of ``value``."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (word, start, end) in enumerate(tokens(value), start_pos):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class FoldFilter(Filter):
    """Lowercase each word and strip its accents."""

    def __call__(self, stream):
        """Rewrite each token's text to its folded index form."""
        for token in stream:
            token.text = folded_form(token.text)
            yield token


class SpellingFilter(Filter):
    """Replace each word, or each pair of neighbouring words, by its spelling term: folded form, then exact form."""

    def __init__(self, pairs=False):
        """Make terms of single words, or of pairs of neighbouring words when ``pairs``."""
        self.pairs = pairs

    def __call__(self, stream):
        """Yield one token per word, or per pair positioned at its first word."""
        previous = None
        for token in stream:
            exact = exact_form(token.text)
            if not self.pairs:
                token.text = spelling_term(folded_form(exact), exact)
                yield token
            elif previous is not None:
                token.text = spelling_term(bigram(folded_form(previous), folded_form(exact)), bigram(previous, exact))
                yield token
            previous = exact


def folded_analyzer():
    """Return the analyzer of accent-free fields."""
    return VietnameseTokenizer() | FoldFilter()


def word_analyzer():
    """Return the analyzer of the field of every word's spelling."""
    return VietnameseTokenizer() | SpellingFilter()


def pair_analyzer():
    """Return the analyzer of the field of every pair of neighbouring words' spelling."""
    return VietnameseTokenizer() | SpellingFilter(pairs=True)
