"""Query values turned into Whoosh queries: accent-free matching, plus bonuses that rank.

Every query has two parts. The *required* part decides which articles match: the
accent-free words of each clause (a phrase where the words must stand together)
in the title-and-text field, or in the field a filter names. The *bonus* part
only adds to the score, and is evaluated for matching articles alone: words in
the title, accented words spelt exactly as typed, and neighbouring query words
that stand side by side in the text. Keeping the matcher tree this flat is what
keeps Whoosh fast.
"""

import dataclasses

from whoosh import query as wq

from archive.text.abbreviations import match_at
from archive.text.vietnamese import bigram, exact_form, folded_form, is_folded

TITLE_BOOST = 3.0
EXACT_BOOST = 2.0
ADJACENCY_BOOST = 2.0
FIELD_TARGETS = {"title": "title_folded", "author": "author_folded", "place": "place_folded", "source": "source_folded"}


def _sequence(field, folded):
    """Match folded words standing together in ``field``: a term for one word, else a phrase.

    In the text, a phrase is every pair of its neighbouring words; small fields keep positions.
    """
    if len(folded) == 1:
        return wq.Term(field, folded[0])
    if field == "content_folded":
        return wq.And([wq.Term("content_bigrams", bigram(a, b)) for a, b in zip(folded, folded[1:])])
    return wq.Phrase(field, folded)


def clause_query(clause):
    """Return the required query of one clause, ignoring its negation."""
    field = FIELD_TARGETS.get(clause.field, "content_folded")
    return _sequence(field, [folded_form(word) for word in clause.words])


def clause_bonus(clause):
    """Return the score-only terms of one clause: its words in the title, its accented words spelt exactly."""
    if clause.field not in (None, "title"):
        return []
    bonus = [wq.Term("content_exact", exact_form(word), boost=EXACT_BOOST)
             for word in clause.words if not is_folded(word)]
    if clause.field is None:
        bonus += [wq.Term("title_words", folded_form(word), boost=TITLE_BOOST) for word in clause.words]
    return bonus


def _plain_words(group):
    """Return the folded words of a group that is one required clause on all fields, else None."""
    if len(group) == 1 and not group[0].negated and not group[0].field:
        return [folded_form(word) for word in group[0].words]
    return None


def _abbreviation_at(groups, i):
    """Return ``(groups used, spellings)`` when the plain groups from ``i`` on spell an abbreviation, else ``(0, [])``."""
    words, ends = [], {}
    for j in range(i, len(groups)):
        plain = _plain_words(groups[j])
        if plain is None:
            break
        words += plain
        ends[len(words)] = j - i + 1
    length, spellings = match_at(words, 0) if words else (0, [])
    if length not in ends:
        return 0, []
    return ends[length], spellings


def required_queries(parsed):
    """Return one query per required unit, where a run of words that spells an abbreviation is one unit,
    and the accent-free words those units look for."""
    required, words, groups, i = [], set(), parsed.groups, 0
    while i < len(groups):
        used, spellings = _abbreviation_at(groups, i)
        if used:
            required.append(wq.Or([_sequence("content_folded", list(spelling)) for spelling in spellings]))
            words.update(word for spelling in spellings for word in spelling)
            i += used
            continue
        group = groups[i]
        if not group[0].negated:
            alternatives = [clause_query(c) for c in group]
            required.append(wq.Or(alternatives) if len(alternatives) > 1 else alternatives[0])
            words.update(folded_form(word) for clause in group for word in clause.words)
        i += 1
    return required, words


def bonus_queries(parsed):
    """Return the score-only terms of the whole query, adjacent word pairs included."""
    bonus = [term for group in parsed.groups for c in group if not c.negated for term in clause_bonus(c)]
    words = [folded_form(word) for word in parsed.words]
    pairs = sorted({bigram(a, b) for a, b in zip(words, words[1:])})
    return bonus + [wq.Term("content_bigrams", pair, boost=ADJACENCY_BOOST) for pair in pairs]


def excluded_query(parsed):
    """Return the union of the negated clauses, or None."""
    negated = [clause_query(c) for group in parsed.groups for c in group if c.negated]
    return wq.Or(negated) if negated else None


def date_query(parsed):
    """Return the date range filter of the query, or None."""
    if parsed.date_from is None and parsed.date_to is None:
        return None
    return wq.DateRange("date", parsed.date_from, parsed.date_to)


@dataclasses.dataclass
class Plan:
    """A query split into what must match, what only adds to the score, and what must not match,
    with the accent-free words it looks for, which snippets and article pages mark."""

    required: list
    bonus: list
    excluded: object = None
    terms: list = dataclasses.field(default_factory=list)

    def scored_queries(self):
        """Return the queries whose terms rank and mark matches: the required ones and the bonuses."""
        return self.required + self.bonus


def plan_query(parsed, loose=False):
    """Return the plan of a parsed Query: all units required, or any of them when ``loose``."""
    units, words = required_queries(parsed)
    if loose and len(units) > 1:
        units = [wq.Or(units)]
    date = date_query(parsed)
    if date is not None:
        units.append(date)
    return Plan(units, bonus_queries(parsed), excluded_query(parsed), sorted(words))

