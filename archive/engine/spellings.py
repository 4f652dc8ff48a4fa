"""Spellings: words and pairs of neighbouring words matched by folded form or exact form, and the archive's readings.

The index holds each word and each pair of neighbouring words once per spelling,
under a term that starts with its folded form (``archive.text.vietnamese.spelling_term``).
An accent-free word or pair stands for every spelling the term dictionary holds
for it; a word typed with accents stands for its own spelling. Where a query word
carries no accent, the spelling the archive uses most for that run of words, judged
by how many articles hold each pair of neighbouring spellings, is its *reading*.
"""

import math

from whoosh import query as wq

from archive.text.vietnamese import bigram, exact_form, folded_form, is_folded

WORDS, PAIRS = "content_words", "content_pairs"
# Readings kept at each step of the search through a run of words.
BEAM = 8
# Word counts only break ties between readings whose pairs are equally common.
WORD_WEIGHT = 0.1


class Spellings(wq.Term):
    """The articles holding a word, or a pair of neighbouring words, in one of the spellings a pattern allows.

    ``text`` is the folded form (of both words, for a pair); ``pattern`` holds, word by
    word, the exact form required, or None where any spelling will do.
    """

    def __init__(self, field, folded, pattern, boost=1.0):
        """Match the folded words ``folded`` in ``field``, spelt as ``pattern`` requires."""
        super().__init__(field, "_".join(folded), boost=boost)
        self.pattern = tuple(pattern)

    def __eq__(self, other):
        """Tell whether two leaves match and weigh alike."""
        return super().__eq__(other) and self.pattern == other.pattern

    def __hash__(self):
        """Hash by field, folded form, pattern and boost."""
        return hash((self.fieldname, self.text, self.pattern, self.boost))

    def __repr__(self):
        """Show field, folded form and pattern."""
        return f"Spellings({self.fieldname!r}, {self.text!r}, {self.pattern!r}, boost={self.boost})"

    @property
    def key(self):
        """Return what identifies the articles this leaf matches, whatever its boost."""
        return self.fieldname, self.text, self.pattern

    def allows(self, exact):
        """Tell whether an exact form of the folded words (joined as a pair is) fits the pattern."""
        return all(want is None or want == got for want, got in zip(self.pattern, exact.split("_")))

    def forms(self, postings):
        """Return the exact forms, sorted, of every spelling the index holds that fits the pattern.

        A pattern that fixes every word is its one form, looked up without reading the others.
        """
        if None not in self.pattern:
            return ("_".join(self.pattern),)
        return tuple(exact for exact in sorted(postings.spellings(self.fieldname, self.text)) if self.allows(exact))


def any_spelling(words, boost=1.0):
    """Return the leaf of a word, or of a pair of neighbouring words, in any spelling."""
    return Spellings(WORDS if len(words) == 1 else PAIRS, [folded_form(w) for w in words], [None] * len(words), boost)


def as_typed(words, boost=1.0):
    """Return the leaf of a word or pair spelt with the accents typed, any spelling where none was typed."""
    pattern = [None if is_folded(word) else exact_form(word) for word in words]
    return Spellings(WORDS if len(words) == 1 else PAIRS, [folded_form(w) for w in words], pattern, boost)


def exactly(words):
    """Return the leaf of a word or pair in exactly this spelling (case and tone placement aside)."""
    pattern = [exact_form(word) for word in words]
    return Spellings(WORDS if len(words) == 1 else PAIRS, [folded_form(w) for w in words], pattern)


def choices(postings, word):
    """Return ``{exact form: articles holding it}`` of the spellings a typed word may stand for.

    A word typed with accents stands for itself alone; an unaccented word for every
    spelling the archive holds of it, or for itself when it holds none.
    """
    if not is_folded(word):
        exact = exact_form(word)
        return {exact: postings.spellings(WORDS, folded_form(exact)).get(exact, 0)}
    return postings.spellings(WORDS, folded_form(word)) or {word.lower(): 0}


def pair_count(postings, first, second):
    """Return how many articles hold two exact forms as neighbours, among the spellings of their folded pair."""
    return postings.spellings(PAIRS, bigram(folded_form(first), folded_form(second))).get(bigram(first, second), 0)


def held_by(postings, words):
    """Return how many articles hold a word, or a pair of neighbours, in exactly this spelling.

    One term is looked up alone, which costs less than reading every spelling of its folded form.
    """
    return len(postings.spelt(WORDS if len(words) == 1 else PAIRS, "_".join(folded_form(w) for w in words),
                              ("_".join(exact_form(w) for w in words),))[0])


def best_readings(postings, slots, limit=1):
    """Return the ``limit`` best ``(exact words, score)`` for a run of word slots, best first.

    Each slot maps the exact forms a word may take to a prior score; a reading scores
    its priors plus, for each pair of neighbours, the log of the articles holding it.
    """
    beam = [((), 0.0)]
    for slot in slots:
        grown = [(words + (exact,), score + prior + (math.log1p(pair_count(postings, words[-1], exact)) if words else 0))
                 for words, score in beam for exact, prior in slot.items()]
        beam = sorted(grown, key=lambda reading: (-reading[1], reading[0]))[:BEAM]
    return beam[:limit]


def word_priors(counts):
    """Return the prior score of each spelling of a slot from the articles holding it."""
    return {exact: WORD_WEIGHT * math.log1p(count) for exact, count in counts.items()}


def readings(postings, words, limit=1):
    """Return the ``limit`` most likely exact readings of a run of typed words, each a tuple of exact forms."""
    slots = [word_priors(choices(postings, word)) for word in words]
    return [reading for reading, _ in best_readings(postings, slots, limit)]


def reading_leaves(reading):
    """Return the exact leaves of a reading: each of its words and each pair of neighbours."""
    return [exactly([word]) for word in reading] + [exactly(pair) for pair in zip(reading, reading[1:])]
