""""Did you mean": accented or corrected spellings taken from the archive's own text."""

import collections
import itertools

from archive.text.vietnamese import exact_form, folded_form, next_to, word_hits

# How many of the best hits are read for the spellings they use.
TEXTS_READ = 20
# Corrections keep the first two letters: without a word graph Whoosh compares every
# term that shares the prefix, and two letters keep that to a few hundred terms.
CORRECTION_PREFIX = 2


def misspelled(searcher, words):
    """Return ``words`` with each one the archive never uses replaced by its closest known word."""
    reader = searcher.reader()
    corrector = searcher.corrector("content_folded")
    fixed = []
    for word in words:
        folded = folded_form(word)
        if len(folded) > CORRECTION_PREFIX and reader.doc_frequency("content_folded", folded) == 0:
            candidates = corrector.suggest(folded, limit=1, maxdist=2, prefix=CORRECTION_PREFIX)
            fixed.append(candidates[0] if candidates else word)
        else:
            fixed.append(word)
    return fixed


def spelling_in(texts, words):
    """Return the most common spelling of ``words`` in ``texts`` as a list of words, and whether it was one run.

    >>> spelling_in(["Quận Hải Châu họp. Ở Hải Châu, hai người"], ["hai", "chau"])
    (['Hải', 'Châu'], True)
    >>> spelling_in(["Châu Á", "ngày thứ hai"], ["hai", "chau"])
    (['hai', 'Châu'], False)
    >>> spelling_in([], ["hai"])
    (None, False)
    """
    if not texts:
        return None, False
    target = [folded_form(word) for word in words]
    runs, singles = collections.Counter(), collections.Counter()
    for text in texts:
        hits = word_hits(text, set(target))
        for i, (start, end, _) in enumerate(hits):
            singles[text[start:end]] += 1
            run = hits[i : i + len(target)]
            if [key for _, _, key in run] == target and all(next_to(text, a, b) for a, b in itertools.pairwise(run)):
                runs[tuple(text[run_start:run_end] for run_start, run_end, _ in run)] += 1
    if runs:
        return list(runs.most_common(1)[0][0]), True
    best = {}
    for word, _ in singles.most_common():
        best.setdefault(folded_form(word), word)
    return [best.get(key, word) for key, word in zip(target, words)], False


def is_new_spelling(spelling, words):
    """Tell whether a spelling (a list of words) spells the typed words differently, not merely in another case."""
    return [exact_form(w) for w in spelling] != [exact_form(w) for w in words]
