"""The query language people type, parsed into a Query value without any engine.

All words are required by default. ``"quoted words"`` must stand together, ``OR``
offers alternatives, ``-word`` excludes, ``title:``, ``author:``, ``place:`` and
``source:`` look in one field, and ``date:2019`` or ``date:2018-01..2019-06``
limits the dates. Nothing typed makes parsing fail: what cannot be understood is
read as words, or dropped with a warning. ``Query.text`` prints a query back in
this language.
"""

import functools
import re

from archive.query.model import FIELDS, Clause, DateRange, Query
from archive.text.vietnamese import clean, tokens

MAX_QUERY_CHARS = 500
_PIECE = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))')
_DATE = re.compile(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?")


def parse(text):
    """Parse a typed query into required groups of alternative clauses.

    >>> q = parse('hai chau OR "Hải Châu" -covid place:"Quận 9" date:2019')
    >>> [[(c.words, c.field, c.negated) for c in g] for g in q.groups]
    [[(('hai',), None, False)], [(('chau',), None, False), (('Hải', 'Châu'), None, False)], [(('covid',), None, True)], [(('Quận', '9'), 'place', False)]]
    >>> q.date_from.isoformat(), q.date_to.isoformat()
    ('2019-01-01T00:00:00', '2019-12-31T23:59:59')
    >>> parse(q.text) == q
    True
    >>> parse('"unbalanced OR').groups
    ((Clause(words=('unbalanced', 'OR'), field=None, negated=False, quoted=True),),)
    """
    groups, dates, warnings = [], None, []
    pending_or = False
    for match in _PIECE.finditer(clean(text)[:MAX_QUERY_CHARS]):
        negated, field, quoted, bare = match.groups()
        raw = quoted if quoted is not None else bare
        if field and field.lower() == "date":
            dates = _date_range(raw)
            if dates is None:
                warnings.append(f"Ngày không hợp lệ: {raw}")
            continue
        if field and field.lower() not in FIELDS:
            raw = f"{field}:{raw}"
            field = None
        if quoted is None and not negated and not field and raw == "OR":
            pending_or = bool(groups)
            continue
        words = tuple(word for word, _, _ in tokens(raw))
        if not words:
            continue
        # Several words in one piece (covid-19, TP.HCM) must stand together, as quoted words must.
        clause = Clause(words, field.lower() if field else None, bool(negated), quoted is not None or len(words) > 1)
        if pending_or and not clause.negated and not groups[-1][-1].negated:
            groups[-1] = (*groups[-1], clause)
        else:
            groups.append((clause,))
        pending_or = False
    return Query(tuple(groups), dates, tuple(warnings))


@functools.lru_cache(maxsize=4096)
def filter_clause(field, value):
    """Return the filter clause that narrows a query to articles whose ``field`` is ``value``.

    Kept for the facet values that recur from page to page: a results page makes a link of some thirty.

    >>> filter_clause("place", "Quận Hải Châu").text
    'place:"Quận Hải Châu"'
    """
    return Clause(tuple(word for word, _, _ in tokens(clean(value))), field=field)


def date_range(start, end):
    """Return the DateRange from ``start`` to ``end`` (years, year-months or days, either may be empty), or None.

    Raises ValueError when an end is not a date, or the range ends before it starts.

    >>> date_range("2018", "2019-6"), date_range("", "")
    (DateRange(start='2018', end='2019-06'), None)
    """
    dates = DateRange(_date_end(start.strip()), _date_end(end.strip()))
    if dates.first is None and dates.last is None:
        return None
    if dates.first and dates.last and dates.first > dates.last:
        raise ValueError(f"{start} is after {end}")
    return dates


def _date_range(value):
    """Return the DateRange of ``2019``, ``2019-03``, ``2018-01..2019-06`` or an open range, or None when invalid.

    >>> _date_range("2018-1..2019-06"), _date_range("2019-13"), _date_range("..")
    (DateRange(start='2018-01', end='2019-06'), None, None)
    """
    start, separator, end = value.partition("..")
    try:
        dates = DateRange(_date_end(start), _date_end(end if separator else start))
        # Reading both ends checks them (no month 13, no 31 April); a range open at both ends limits nothing.
        if dates.first is None and dates.last is None:
            return None
    except ValueError:
        return None
    return dates


def _date_end(value):
    """Return one end of a date range with two-digit months and days, None when open; raise ValueError when invalid."""
    if not value:
        return None
    if not _DATE.fullmatch(value):
        raise ValueError(value)
    return "-".join(part if len(part) == 4 else part.zfill(2) for part in value.split("-"))
