"""Whoosh analyzers built from the plain functions of ``archive.text.vietnamese``.

Each analyzer is a tokenizer composed with small filters. They are the schema's
record of how each field is analysed, and Whoosh runs them over small fields
(titles, authors, places). The content fields and queries skip the per-token
objects for speed: the bulk writer files ``vietnamese.index_terms`` and query
plans call ``exact_form``/``folded_form`` word by word, the very functions these
filters call, and ``tests/test_analysis.py`` holds all three paths equal.
"""

from whoosh.analysis import Filter, Token, Tokenizer

from archive.text.vietnamese import bigram, exact_form, folded_form, tokens


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


class ExactFilter(Filter):
    """Lowercase each accented word and unify its tone placement; drop unaccented words, whose folded form serves."""

    def __call__(self, stream):
        """Rewrite each accented token's text to its exact index form."""
        for token in stream:
            token.text = exact_form(token.text)
            if not token.text.isascii():
                yield token


class FoldFilter(Filter):
    """Lowercase each word and strip its accents."""

    def __call__(self, stream):
        """Rewrite each token's text to its folded index form."""
        for token in stream:
            token.text = folded_form(token.text)
            yield token


class BigramFilter(Filter):
    """Replace words by pairs of adjacent words, so adjacency can be scored without positions."""

    def __call__(self, stream):
        """Yield one token per pair of neighbouring words, positioned at the first."""
        previous = None
        for token in stream:
            word = token.text
            if previous is not None:
                token.text = bigram(previous, word)
                yield token
            previous = word


def exact_analyzer():
    """Return the analyzer of accent-keeping fields."""
    return VietnameseTokenizer() | ExactFilter()


def folded_analyzer():
    """Return the analyzer of accent-free fields."""
    return VietnameseTokenizer() | FoldFilter()


def bigram_analyzer():
    """Return the analyzer of the accent-free syllable-pair field."""
    return VietnameseTokenizer() | FoldFilter() | BigramFilter()
