"""Parsed queries turned into Whoosh queries over the exact, folded and bigram fields."""

from whoosh import query as wq

from archive.abbreviations import match_at
from archive.vietnamese import bigram, exact_form, folded_form, is_folded

TITLE_BOOST = 3.0
# An accented word also matches its exact spelling, which scores above the folded match.
EXACT_BOOST = 2.0
ADJACENCY_BOOST = 2.0
FIELD_TARGETS = {"author": "author_folded", "place": "place_folded", "source": "source_folded"}


def _text_query(words, exact_field, folded_field, boost=1.0):
    """Match ``words`` in sequence without accents; each accented word spelt exactly adds to the score."""
    folded = [folded_form(word) for word in words]
    if len(words) == 1:
        match = wq.Term(folded_field, folded[0], boost=boost)
    else:
        match = wq.Phrase(folded_field, folded, boost=boost)
    accented = [exact_form(word) for word in words if not is_folded(word)]
    if not exact_field or not accented:
        return match
    bonus = [wq.Term(exact_field, word, boost=boost * EXACT_BOOST) for word in accented]
    return wq.AndMaybe(match, bonus[0] if len(bonus) == 1 else wq.Or(bonus))


def _anywhere(words):
    """Match ``words`` in sequence in the title or the text."""
    return wq.Or([
        _text_query(words, "title_exact", "title_folded", TITLE_BOOST),
        _text_query(words, "content_exact", "content_folded"),
    ])


def clause_query(clause):
    """Return the Whoosh query of one clause, ignoring its negation."""
    if clause.field == "title":
        return _text_query(clause.words, "title_exact", "title_folded")
    if clause.field in FIELD_TARGETS:
        return _text_query(clause.words, None, FIELD_TARGETS[clause.field])
    return _anywhere(clause.words)


def _plain_words(group):
    """Return the words of a group that is one required clause on all fields, else None."""
    if len(group) == 1 and not group[0].negated and not group[0].field:
        return [folded_form(word) for word in group[0].words]
    return None


def _abbreviation_at(groups, i):
    """Return ``(groups used, query)`` when the plain groups from ``i`` on spell an abbreviation, else ``(0, None)``."""
    words, ends = [], {}
    for j in range(i, len(groups)):
        plain = _plain_words(groups[j])
        if plain is None:
            break
        words += plain
        ends[len(words)] = j - i + 1
    length, spellings = match_at(words, 0) if words else (0, [])
    if length not in ends:
        return 0, None
    return ends[length], wq.Or([_anywhere(list(spelling)) for spelling in spellings])


def required_queries(parsed):
    """Return one query per required unit, where a run of words that spells an abbreviation is one unit."""
    required, groups, i = [], parsed.groups, 0
    while i < len(groups):
        used, query = _abbreviation_at(groups, i)
        if used:
            required.append(query)
            i += used
            continue
        group = groups[i]
        if not group[0].negated:
            required.append(wq.Or([clause_query(c) for c in group]) if len(group) > 1 else clause_query(group[0]))
        i += 1
    return required


def adjacency_query(parsed):
    """Return optional bigram terms that lift documents where the query's words stand side by side."""
    words = [folded_form(word) for word in parsed.words]
    pairs = {bigram(a, b) for a, b in zip(words, words[1:])}
    return wq.Or([wq.Term("content_bigrams", pair, boost=ADJACENCY_BOOST) for pair in sorted(pairs)])


def excluded_query(parsed):
    """Return the union of the negated clauses, or None."""
    negated = [clause_query(c) for group in parsed.groups for c in group if c.negated]
    return wq.Or(negated) if negated else None


def date_query(parsed):
    """Return the date range filter of the query, or None."""
    if parsed.date_from is None and parsed.date_to is None:
        return None
    return wq.DateRange("date", parsed.date_from, parsed.date_to)


def compile_query(parsed, loose=False):
    """Return the Whoosh query for a parsed query: all units required, or any of them when ``loose``."""
    units = required_queries(parsed)
    if not units:
        main = wq.Every()
    elif len(units) == 1:
        main = units[0]
    else:
        main = wq.Or(units) if loose else wq.And(units)
    if len(parsed.words) > 1:
        main = wq.AndMaybe(main, adjacency_query(parsed))
    filters = [f for f in (date_query(parsed),) if f is not None]
    if filters:
        main = wq.And([main, *filters])
    excluded = excluded_query(parsed)
    return wq.AndNot(main, excluded) if excluded is not None else main
