"""The query language people type, parsed into plain clauses without any engine.

All words are required by default. ``"quoted words"`` must stand together, ``OR``
offers alternatives, ``-word`` excludes, ``title:``, ``author:``, ``place:`` and
``source:`` look in one field, and ``date:2019`` or ``date:2018-01..2019-06``
limits the dates. Nothing typed makes parsing fail: what cannot be understood is
read as words, or dropped with a warning.
"""

import calendar
import dataclasses
import datetime
import re

from archive.text.vietnamese import clean, tokens

FIELDS = ("title", "author", "place", "source")
MAX_QUERY_CHARS = 500
_PIECE = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))')
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


@dataclasses.dataclass
class Clause:
    """Words that must appear together (one word, or a phrase), optionally in one field."""

    words: list
    field: str | None = None
    negated: bool = False
    quoted: bool = False


@dataclasses.dataclass
class ParsedQuery:
    """A query as a list of required groups, each group a list of alternative clauses."""

    groups: list = dataclasses.field(default_factory=list)
    date_from: datetime.datetime | None = None
    date_to: datetime.datetime | None = None
    warnings: list = dataclasses.field(default_factory=list)

    @property
    def words(self):
        """Return every positive word of the query, in order."""
        return [word for group in self.groups for clause in group if not clause.negated for word in clause.words]

    @property
    def is_empty(self):
        """Tell whether the query asks for nothing but, perhaps, a date range."""
        return not self.groups


def parse(text):
    """Parse a typed query into required groups of alternative clauses.

    >>> q = parse('hai chau OR "Hải Châu" -covid place:"Quận 9" date:2019')
    >>> [[(c.words, c.field, c.negated) for c in g] for g in q.groups]
    [[(['hai'], None, False)], [(['chau'], None, False), (['Hải', 'Châu'], None, False)], [(['covid'], None, True)], [(['Quận', '9'], 'place', False)]]
    >>> q.date_from.isoformat(), q.date_to.isoformat()
    ('2019-01-01T00:00:00', '2019-12-31T23:59:59')
    >>> parse('"unbalanced OR').groups
    [[Clause(words=['unbalanced', 'OR'], field=None, negated=False, quoted=True)]]
    """
    query = ParsedQuery()
    text = clean(text)[:MAX_QUERY_CHARS]
    pending_or = False
    for match in _PIECE.finditer(text):
        negated, field, quoted, bare = match.groups()
        raw = quoted if quoted is not None else bare
        if field and field.lower() == "date":
            _apply_date(query, raw)
            continue
        if field and field.lower() not in FIELDS:
            raw = f"{field}:{raw}"
            field = None
        if quoted is None and not negated and not field and raw == "OR":
            pending_or = bool(query.groups)
            continue
        words = [word for word, _, _ in tokens(raw)]
        if not words:
            continue
        clause = Clause(words, field.lower() if field else None, bool(negated), quoted is not None)
        if pending_or and not clause.negated and not query.groups[-1][-1].negated:
            query.groups[-1].append(clause)
        else:
            query.groups.append([clause])
        pending_or = False
    return query


def _apply_date(query, value):
    """Set the query's date range from ``2019``, ``2019-03``, ``2018-01..2019-06`` or open ranges."""
    start, _, end = value.partition("..")
    if not _:
        end = start
    try:
        query.date_from = _date_bound(start, first=True)
        query.date_to = _date_bound(end, first=False)
    except ValueError:
        query.warnings.append(f"Ngày không hợp lệ: {value}")


def _date_bound(value, first):
    """Return the first or last moment of a year, month or day, or None for an open end."""
    if not value:
        return None
    match = _DATE.match(value)
    if not match:
        raise ValueError(value)
    year, month, day = (int(part) if part else None for part in match.groups())
    if first:
        return datetime.datetime(year, month or 1, day or 1)
    month = month or 12
    day = day or calendar.monthrange(year, month)[1]
    return datetime.datetime(year, month, day, 23, 59, 59)
