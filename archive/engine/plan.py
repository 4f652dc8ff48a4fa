"""Query values turned into Whoosh queries: accent-free matching, spellings that rank, and bonuses.

Every query has three parts. The *required* part decides which articles match: the
accent-free words of each clause (a phrase where the words must stand together)
in the title-and-text field, or in the field a filter names; a quoted phrase keeps
the accents it was typed with. The *readings* rank first: articles holding more of
the query's words and neighbouring pairs in the spelling typed (or, for a word typed
without accents, in the spelling the archive uses most there) come before the
others. The *bonus* part only adds to the score, and is evaluated for matching
articles alone: words in the title, and neighbouring query words that stand side
by side in the text, spelt with the accents typed. Keeping the matcher tree this flat is what keeps Whoosh fast.
"""

import dataclasses

from whoosh import query as wq

from archive.engine.spellings import any_spelling, as_typed
from archive.text.abbreviations import match_at
from archive.text.vietnamese import folded_form

TITLE_BOOST = 3.0
ADJACENCY_BOOST = 2.0
FIELD_TARGETS = {"title": "title_folded", "author": "author_folded", "place": "place_folded", "source": "source_folded",
                 "kind": "kind"}
# Fields whose values are labels rather than words of the text: snippets and article pages never mark them.
UNMARKED_FIELDS = ("kind",)


def _sequence(words, field=None, spelling=any_spelling):
    """Match words standing together in ``field`` (the text when None), spelt as ``spelling`` allows.

    In the text, a phrase is every pair of its neighbouring words; small fields keep positions.
    """
    if field is not None:
        folded = [folded_form(word) for word in words]
        return wq.Term(field, folded[0]) if len(folded) == 1 else wq.Phrase(field, folded)
    if len(words) == 1:
        return spelling(words)
    return wq.And([spelling(list(pair)) for pair in zip(words, words[1:])])


def clause_query(clause):
    """Return the required query of one clause, ignoring its negation; a quoted phrase keeps its typed accents."""
    return _sequence(clause.words, FIELD_TARGETS.get(clause.field), as_typed if clause.quoted else any_spelling)


def clause_bonus(clause):
    """Return the score-only terms of one clause: its words in the title."""
    if clause.field is not None:
        return []
    return [wq.Term("title_words", folded_form(word), boost=TITLE_BOOST) for word in clause.words]


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
            required.append(wq.Or([_sequence(list(spelling)) for spelling in spellings]))
            words.update(word for spelling in spellings for word in spelling)
            i += used
            continue
        group = groups[i]
        if not group[0].negated:
            alternatives = [clause_query(c) for c in group]
            required.append(wq.Or(alternatives) if len(alternatives) > 1 else alternatives[0])
            words.update(folded_form(word) for clause in group if clause.field not in UNMARKED_FIELDS for word in clause.words)
        i += 1
    return required, words


def bonus_queries(parsed, typed_runs):
    """Return the score-only terms of the whole query, with the pairs of neighbours of each of ``typed_runs``
    (the query's ``runs``) spelt with the accents typed.

    A filter ends a run, so its value never pairs with a word typed for the text.
    """
    bonus = [term for group in parsed.groups for c in group if not c.negated for term in clause_bonus(c)]
    pairs = {as_typed([a, b], boost=ADJACENCY_BOOST) for run in typed_runs for a, b in zip(run, run[1:])}
    return bonus + sorted(pairs, key=lambda leaf: leaf.text)


def runs(parsed):
    """Return the runs of neighbouring words typed for the text: positive clauses with no field, one per group.

    A group of alternatives, a negated clause or a filter ends a run.
    """
    found, current = [], []
    for group in parsed.groups:
        clause = group[0]
        if len(group) == 1 and clause.is_keyword:
            current += clause.words
            continue
        if current:
            found.append(current)
        current = []
    return found + [current] if current else found


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
    """A query split into what must match, what only adds to the score, and what must not match, with the
    accent-free words it looks for (which snippets and article pages mark) and its runs of typed words."""

    required: list
    bonus: list
    excluded: object = None
    terms: list = dataclasses.field(default_factory=list)
    runs: list = dataclasses.field(default_factory=list)

    def scored_queries(self):
        """Return the queries whose terms rank and mark matches: the required ones and the bonuses."""
        return self.required + self.bonus


def plan_query(parsed, loose=False):
    """Return the plan of a parsed Query: all units required, or when ``loose`` any of its words, filters still required."""
    if loose:
        units, words = required_queries(parsed.keywords)
        filters, filter_words = required_queries(parsed.only_filters)
        units = ([wq.Or(units)] if len(units) > 1 else units) + filters
        words |= filter_words
    else:
        units, words = required_queries(parsed)
    date = date_query(parsed)
    if date is not None:
        units.append(date)
    typed_runs = runs(parsed)
    return Plan(units, bonus_queries(parsed, typed_runs), excluded_query(parsed), sorted(words), typed_runs)

