""""Did you mean" and the readings of a query: accent restoration and spelling repair from the archive's own text.

Each typed word may become any spelling the archive holds of its folded form, or,
when the archive hardly knows that form, the spellings of a known word one or two
letters away. The whole run of words is then read at once, by how the archive's
articles go on from each word and run of spellings (``archive.engine.spellings``),
so the words of a query choose one another, not the words of whichever articles rank first.
"""

import collections
import itertools
import string

from archive.engine.plan import plan_query
from archive.engine.arrays import intersect
from archive.engine.spellings import best_readings, choices, held_by, reading_leaves
from archive.text.vietnamese import exact_form, folded_form, is_folded, next_to, word_hits

# A typed word or pair held by this many articles is a spelling the archive knows.
ENOUGH = 3
MAX_SUGGESTED_WORDS = 8
# What moving away from what was typed costs, in the units of the log of a reading's chance.
ACCENT_CHANGE_COST = 1.0
REPAIR_COST = 2.0
UNKNOWN_COST = 6.0
# Longer words are left as typed: the edits of a word grow with its length (squared, for two letters).
MAX_REPAIRED_LETTERS = 16
MAX_TWICE_REPAIRED_LETTERS = 8
_LETTERS = string.ascii_lowercase


def edits(word):
    """Return the words one deletion, swap, replacement or insertion of a letter away from ``word``.

    >>> sorted(w for w in edits("ab") if len(w) < 2)
    ['a', 'b']
    >>> {"ba", "abc", "xb"} <= edits("ab")
    True
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
            | {a + c + b for a, b in splits for c in _LETTERS}) - {word}


def repairs(vocabulary, folded, unknown):
    """Return the known folded words closest to a rare one: one letter away, else, for a short unknown word, two."""
    if len(folded) > MAX_REPAIRED_LETTERS:
        return set()
    near = edits(folded)
    found = near & vocabulary
    if not found and unknown and len(folded) <= MAX_TWICE_REPAIRED_LETTERS:
        for word in near:
            found |= edits(word) & vocabulary
    return found


def slot(postings, word):
    """Return ``{exact form: (articles holding it, cost)}`` of what one typed word may become.

    What was typed costs nothing unless no article holds it; another accent on a word
    typed with accents, and a repaired word, cost more.
    """
    typed = exact_form(word)
    counts = choices(postings, folded_form(word))
    held = counts.get(typed, 0)
    options = {exact: (n, 0.0 if is_folded(word) else ACCENT_CHANGE_COST) for exact, n in counts.items()}
    options[typed] = (held, UNKNOWN_COST if held == 0 else 0.0)
    if not known(postings, word) and len(folded_form(word)) > 2 and folded_form(word).isalpha():
        for near in repairs(postings.vocabulary(), folded_form(word), unknown=not counts):
            for exact, n in choices(postings, near).items():
                options.setdefault(exact, (n, REPAIR_COST))
    return options


def known(postings, word):
    """Tell whether enough articles hold a typed word in some spelling, so that it is not to be repaired."""
    return sum(choices(postings, folded_form(word)).values()) >= ENOUGH


def holds_as_typed(postings, words):
    """Tell whether every typed word, and every pair of neighbours, is held as typed by enough articles."""
    return (all(held_by(postings, [word]) >= ENOUGH for word in words)
            and all(held_by(postings, pair) >= ENOUGH for pair in zip(words, words[1:])))


def best_spelling(postings, words):
    """Return the exact forms of the likeliest spelling of a run of typed words."""
    slots = [slot(postings, word) for word in words]
    return best_readings(postings, slots)[0]


def written_as(texts, reading):
    """Return how ``texts`` most often write a reading (a list of exact forms) as one run, or None.

    >>> written_as(["Quận Hải Châu họp. Ở hải châu, hai cháu"], ["hải", "châu"])
    'Hải Châu'
    >>> written_as(["Châu Á"], ["hải", "châu"]) is None
    True
    """
    target = [folded_form(word) for word in reading]
    found = collections.Counter()
    for text in texts:
        hits = word_hits(text, set(target))
        for i in range(len(hits) - len(target) + 1):
            run = hits[i : i + len(target)]
            words = [text[start:end] for start, end, _ in run]
            if [exact_form(w) for w in words] == list(reading) and all(
                    next_to(text, a, b) for a, b in itertools.pairwise(run)):
                found[" ".join(words)] += 1
    return found.most_common(1)[0][0] if found else None


def in_case_of(typed, exact):
    """Return an exact form written in the case of the word typed.

    >>> in_case_of("HAI", "hải"), in_case_of("Chau", "châu"), in_case_of("ban", "bạn")
    ('HẢI', 'Châu', 'bạn')
    """
    if typed.isupper() and len(typed) > 1:
        return exact.upper()
    return exact[:1].upper() + exact[1:] if typed[:1].isupper() else exact


def respelled(parsed, runs):
    """Return the query with the words of its runs replaced in order by those of ``runs``, all else kept."""
    respelt = iter(word for run in runs for word in run)
    return parsed.respelled([next(respelt) if len(group) == 1 else word
                             for group in parsed.groups for clause in group if clause.is_keyword
                             for word in clause.words])


def suggestion(ranker, parsed, plan, texts, found):
    """Return the Query respelt as the archive would spell it, or None when it holds the spelling typed.

    ``texts`` are the texts of the hits shown, which give the respelt words their case;
    ``found`` is how many articles the query found. Matching is accent-free, so a
    respelling that only restores accents finds the very articles the query found
    (looser results included); one that repairs a word must find articles holding
    all of its words.
    """
    if not plan.runs or sum(map(len, plan.runs)) > MAX_SUGGESTED_WORDS:
        return None
    postings = ranker.spellings
    if all(holds_as_typed(postings, run) for run in plan.runs):
        return None
    best = [ranker.reading(run) if all(is_folded(word) and known(postings, word) for word in run)
            else best_spelling(postings, run) for run in plan.runs]
    if [list(reading) for reading in best] == [[exact_form(w) for w in run] for run in plan.runs]:
        return None
    runs = []
    for run, reading in zip(plan.runs, best):
        written = written_as(texts, reading)
        runs.append(written.split() if written else [in_case_of(t, e) for t, e in zip(run, reading)])
    respelt = respelled(parsed, runs)
    if list(map(folded_form, respelt.words)) != list(map(folded_form, parsed.words)):
        found = len(ranker.matches(plan_query(respelt.searched)))
    return respelt if found else None


def alternatives(ranker, parsed, plan, matched):
    """Return the readings of a one-run query that leaves words unaccented: the one used first, then the others.

    Each is ``{"text", "query", "count", "used"}``: the run's spelling, the whole
    query spelt so, and how many of the matching articles hold that spelling.
    """
    if len(plan.runs) != 1:
        return []
    run = plan.runs[0]
    if all(len(choices(ranker.spellings, word)) < 2 for word in run):
        return []
    found = []
    for i, reading in enumerate(ranker.likeliest(run)):
        held = intersect([matched, *(ranker.postings(leaf)[0] for leaf in reading_leaves(reading))])
        if i and not len(held):
            continue
        words = [in_case_of(t, e) for t, e in zip(run, reading)]
        found.append({"text": " ".join(words), "query": respelled(parsed, [words]).text,
                      "count": int(len(held)), "used": not i})
    return found if len(found) > 1 else []
