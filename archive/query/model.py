"""The Query value: what a typed query asks for, as clauses, filters and a date range that print back as query text.

A query is parsed once (``archive.query.syntax.parse``). Everything after that
works on this value: the engine plans it, the search returns it with the
results, and the web builds facet links, removable filters and suggestions by
changing it and printing it back, never by editing the typed string.
"""

import calendar
import dataclasses
import datetime
import functools

from archive.text.vietnamese import folded_form

FIELDS = ("title", "author", "place", "source", "kind")
# Filters narrow a query to one field's value, and are shown as removable chips.
FILTER_FIELDS = ("place", "author", "source", "title", "kind")
# Queries find articles only, unless they name a page kind themselves (kind:tag, -kind:article).
KIND_FIELD, DEFAULT_KIND = "kind", "article"


@dataclasses.dataclass(frozen=True)
class Clause:
    """Words that must appear together (one word, or a phrase), optionally in one field, optionally excluded."""

    words: tuple
    field: str | None = None
    negated: bool = False
    quoted: bool = False

    @functools.cached_property
    def key(self):
        """Return what the clause matches, the same for every spelling, case and tone placement of its words."""
        return self.field, self.negated, tuple(folded_form(word) for word in self.words)

    @property
    def is_filter(self):
        """Tell whether the clause narrows the query to a field's value."""
        return self.field in FILTER_FIELDS and not self.negated

    @property
    def is_keyword(self):
        """Tell whether the clause asks for words the query is about: positive, and not a filter."""
        return not self.negated and not self.is_filter

    @property
    def value(self):
        """Return the clause's words as one string, as a filter chip shows them."""
        return " ".join(self.words)

    @functools.cached_property
    def text(self):
        """Return the clause in the query language, worked out once: a results page prints each clause in many links.

        >>> Clause(("Quận", "9"), field="place").text, Clause(("covid",), negated=True).text
        ('place:"Quận 9"', '-covid')
        """
        body = f'"{self.value}"' if self.quoted or len(self.words) > 1 or self.value == "OR" else self.value
        return ("-" if self.negated else "") + (f"{self.field}:" if self.field else "") + body

    def respelled(self, words):
        """Return the clause with its words replaced by ``words``."""
        return dataclasses.replace(self, words=tuple(words))


# The clause a query that names no page kind is limited by.
ARTICLES_ONLY = Clause((DEFAULT_KIND,), field=KIND_FIELD)


@dataclasses.dataclass(frozen=True)
class DateRange:
    """A range of publication dates, each end a year, a year-month or a day (``2019``, ``2019-03``), or open."""

    start: str | None = None
    end: str | None = None

    @classmethod
    def year(cls, year):
        """Return the range of one whole year."""
        return cls(str(year), str(year))

    @property
    def text(self):
        """Return the range in the query language.

        >>> DateRange("2019", "2019").text, DateRange("2018-01", None).text
        ('date:2019', 'date:2018-01..')
        """
        if self.start == self.end:
            return f"date:{self.start}"
        return f"date:{self.start or ''}..{self.end or ''}"

    @property
    def first(self):
        """Return the first moment of the range, or None when it is open at the start."""
        return _bound(self.start, first=True)

    @property
    def last(self):
        """Return the last moment of the range, or None when it is open at the end."""
        return _bound(self.end, first=False)


def _bound(value, first):
    """Return the first or last moment of ``2019``, ``2019-03`` or ``2019-03-05``, or None for an open end."""
    if not value:
        return None
    year, month, day = (list(map(int, value.split("-"))) + [None, None])[:3]
    if first:
        return datetime.datetime(year, month or 1, day or 1)
    month = month or 12
    day = day or calendar.monthrange(year, month)[1]
    return datetime.datetime(year, month, day, 23, 59, 59)


@dataclasses.dataclass(frozen=True)
class Query:
    """A query: required groups of alternative clauses, an optional date range, and what parsing had to drop."""

    groups: tuple = ()
    dates: DateRange | None = None
    warnings: tuple = ()

    @property
    def words(self):
        """Return every positive word of the query, in order."""
        return [word for group in self.groups for clause in group if not clause.negated for word in clause.words]

    @property
    def is_empty(self):
        """Tell whether the query asks for nothing but, perhaps, a date range."""
        return not self.groups

    @property
    def date_from(self):
        """Return the first moment of the date range, or None."""
        return self.dates.first if self.dates else None

    @property
    def date_to(self):
        """Return the last moment of the date range, or None."""
        return self.dates.last if self.dates else None

    @property
    def text(self):
        """Return the whole query in the query language; parsing it gives this query back."""
        parts = [" OR ".join(clause.text for clause in group) for group in self.groups]
        return " ".join(parts + ([self.dates.text] if self.dates else []))

    @property
    def filters(self):
        """Return the clauses that narrow the query to one field's value, in order."""
        return [group[0] for group in self.groups if len(group) == 1 and group[0].is_filter]

    @property
    def keywords(self):
        """Return the query without its filters and date range."""
        return Query(tuple(group for group in self.groups if not (len(group) == 1 and group[0].is_filter)))

    @property
    def only_filters(self):
        """Return the query's filters alone, without its keywords and date range."""
        return Query(tuple((clause,) for clause in self.filters))

    @property
    def names_kind(self):
        """Tell whether a clause of the query asks for, or excludes, a page kind."""
        return any(clause.field == KIND_FIELD for group in self.groups for clause in group)

    @property
    def searched(self):
        """Return the query as the archive runs it: limited to articles unless it names a page kind.

        >>> from archive.query.syntax import parse
        >>> parse("hà nội").searched.text, parse("hà nội kind:tag").searched.text
        ('hà nội kind:article', 'hà nội kind:tag')
        """
        return self if self.names_kind else self.with_clause(ARTICLES_ONLY)

    def without_field(self, field):
        """Return the query without the groups that hold a clause on ``field``.

        >>> from archive.query.syntax import parse
        >>> parse("bão kind:tag OR kind:listing -kind:profile").without_field("kind").text
        'bão'
        """
        kept = tuple(group for group in self.groups if all(clause.field != field for clause in group))
        return Query(kept, self.dates)

    def has(self, clause):
        """Tell whether the query holds a one-clause group that matches what ``clause`` matches."""
        return any(len(group) == 1 and group[0].key == clause.key for group in self.groups)

    def with_clause(self, clause):
        """Return the query with ``clause`` added as a required group, unless it holds it already."""
        if self.has(clause):
            return self
        return Query((*self.groups, (clause,)), self.dates)

    def without(self, clause):
        """Return the query without the one-clause groups that match what ``clause`` matches."""
        kept = tuple(group for group in self.groups if not (len(group) == 1 and group[0].key == clause.key))
        return Query(kept, self.dates)

    def with_dates(self, dates):
        """Return the query limited to ``dates``, or without a date range when it is None."""
        return Query(self.groups, dates)

    def respelled(self, words):
        """Return the query with its keyword words replaced in order by ``words``; filters, quotes, operators kept.

        >>> from archive.query.syntax import parse
        >>> parse('quan uy -covid place:"hai chau"').respelled(["quận", "ủy"]).text
        'quận ủy -covid place:"hai chau"'
        """
        spellings = iter(words)
        groups = tuple(tuple(clause.respelled([next(spellings) for _ in clause.words])
                             if clause.is_keyword else clause
                             for clause in group) for group in self.groups)
        return Query(groups, self.dates)
