"""Spellings: words and pairs of neighbouring words matched by folded form or exact form, and the archive's readings.

The index holds each word and each pair of neighbouring words once per spelling,
under a term that starts with its folded form (``archive.text.vietnamese.spelling_term``).
An accent-free word or pair stands for every spelling the term dictionary holds
for it; a word typed with accents stands for its own spelling. Where a query word
carries no accent, the likeliest spelling of that run of words is its *reading*:
a chain model of how the archive's articles go on from each word, pair and longer
run of spellings, smoothed from the longest history down to the words alone.
"""

import math

from whoosh import query as wq

from archive.engine.arrays import intersect
from archive.text.vietnamese import bigram, exact_form, folded_form, is_folded

WORDS, PAIRS, FOLDED_WORDS = "content_words", "content_pairs", "content_folded"
# Readings kept at each step of the search through a run of words.
BEAM = 16
# Readings of a run kept once read: the one that ranks, and the others a page offers.
READINGS_KEPT = 4
# How many articles' worth of weight, at least, the chance after a shorter history carries against the
# articles holding a longer one; past that, a share of as many as hold it (``narrowed``).
SMOOTHING = 10
# The share after the word before: small, so that a pair alone still reads as the archive most often spells it
# (on 3,340 ambiguous pairs at 20,000 articles, as at no share; a share of 1 changes 1.7% of them).
PAIR_SHARE = 0.05
# The share after the pairs of a longer run, which the articles holding them hold only now and then.
RUN_SHARE = 1.0


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


def words_written(postings):
    """Return how many words the articles hold in all, the scale that makes a word's count its chance anywhere."""
    return max(1, sum(segment.field_length(WORDS) for segment in postings.segments))


def pair_articles(postings, first, second):
    """Return the ascending document numbers of the articles holding two exact forms as neighbours."""
    return postings.spelt(PAIRS, bigram(folded_form(first), folded_form(second)), (bigram(first, second),))[0]


def narrowed(going_on, holding, shorter, share):
    """Return the chance of a word after a history held by ``holding`` articles, ``going_on`` of them with this word.

    It is their share smoothed towards ``shorter``, the chance after the history one
    shorter, which weighs as ``SMOOTHING`` articles or as ``share`` of those holding
    the history, whichever is more. Text the archive has not seen goes on in ways it
    has never seen, so however many articles hold a history, a word they never add
    keeps part of its shorter chance: half, at a share of 1.

    >>> [round(narrowed(0, 1000, 0.01, share), 5) for share in (0, 0.05, 1)], narrowed(0, 0, 0.01, 1)
    ([0.0001, 0.00048, 0.005], 0.01)
    """
    weight = max(SMOOTHING, share * holding)
    return (going_on + weight * shorter) / (holding + weight)


def chance_after(postings, reading, exact, count, total):
    """Return ``(chance, chains)`` of the exact form ``exact`` (held by ``count`` articles) after a reading.

    ``reading`` is ``(words, chains)``: the exact forms so far, each with the articles
    holding it, and ``chains[k]`` the articles holding the last ``k + 1`` pairs of
    neighbours of the run; ``total`` is how many words the articles hold in all. The
    chance starts as the word's share of all words written (one per article holding
    it); each longer history then narrows it to the share of the articles holding
    that history (the word before, then one pair, two, ...) which go on with this
    word, smoothed towards the chance after the history one shorter (``narrowed``,
    by ``PAIR_SHARE`` after the word before, ``RUN_SHARE`` after longer runs). A
    run the archive has never seen still reads by its pairs and its words. The
    chains returned are those of the reading grown by this word, up to the longest
    that some article holds.
    """
    words, chains = reading
    chance = (count + 0.5) / total
    if not words:
        return chance, ()
    last, last_count = words[-1]
    held = pair_count(postings, last, exact)
    chance = narrowed(held, last_count, chance, PAIR_SHARE)
    if not held:
        return chance, ()
    grown = [pair_articles(postings, last, exact)]
    for chain in chains:
        joined = intersect([chain, grown[0]])
        chance = narrowed(len(joined), len(chain), chance, RUN_SHARE)
        if not len(joined):
            break
        grown.append(joined)
    return chance, tuple(grown)


def best_readings(postings, slots, limit=1):
    """Return the ``limit`` best readings (tuples of exact words) of a run of word slots, best first.

    Each slot maps the exact forms a word may take to ``(articles holding it, cost)``;
    a reading scores the log of its chance, word by word (``chance_after``), less
    the costs of its words. A beam keeps the best readings at each word. Slots of
    one form each make one reading, which needs no chance worked out.
    """
    if all(len(slot) == 1 for slot in slots):
        return [tuple(exact for slot in slots for exact in slot)]
    total = words_written(postings)
    beam = [((), (), 0.0)]
    for slot in slots:
        grown = []
        for words, chains, score in beam:
            for exact, (count, cost) in slot.items():
                chance, longer = chance_after(postings, (words, chains), exact, count, total)
                grown.append((words + ((exact, count),), longer, score - cost + math.log(chance)))
        beam = sorted(grown, key=lambda reading: (-reading[2], reading[0]))[:BEAM]
    return [tuple(exact for exact, _ in words) for words, _, _ in beam[:limit]]


def readings(postings, words, limit=1):
    """Return the ``limit`` most likely exact readings of a run of typed words, each a tuple of exact forms."""
    slots = [{exact: (count, 0.0) for exact, count in choices(postings, word).items()} for word in words]
    return best_readings(postings, slots, limit)


def reading_leaves(reading):
    """Return the exact leaves of a reading: each of its words and each pair of neighbours."""
    return [exactly([word]) for word in reading] + [exactly(pair) for pair in zip(reading, reading[1:])]
