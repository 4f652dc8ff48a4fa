"""The newest articles of a query for feeds: undated ones dated by when they entered the archive, each story once."""

import dataclasses
import datetime
import heapq

import numpy

from archive.engine.schema import GROUP_FIELD
from archive.text.vietnamese import folded_form
from archive.engine.records import Record
from archive.engine.schema import RECORD_FIELD

# The date column's default, held by undated articles.
UNDATED = datetime.datetime.min
_EPOCH = datetime.datetime(1970, 1, 1)


@dataclasses.dataclass(frozen=True)
class Arrival:
    """A docnum with the moment a feed dates it by, and whether that is when it entered the archive."""

    docnum: int
    when: datetime.datetime
    entered: bool


def entered_ns(record):
    """Return when a manifest record says its file was read into the archive, in nanoseconds since 1970 (0 when unknown).

    >>> entered_ns(Record("r//a.txt", 1, 2, "", "a", "A", seen_ns=5).to_bytes()), entered_ns(b"")
    (5, 0)
    """
    return Record.from_bytes(record).seen_ns if record else 0


def newest_arrivals(ranker, matched):
    """Yield the ``matched`` docnums as Arrivals, newest first; undated ones come at the moment they entered."""
    dates = ranker.column("date")
    dated = [docnum for docnum in matched.tolist() if dates[docnum] != UNDATED]
    dated.sort(key=lambda docnum: (dates[docnum], -docnum), reverse=True)
    undated = numpy.setdiff1d(matched, numpy.array(dated, numpy.int64), assume_unique=True)
    entered = numpy.zeros(len(undated), numpy.int64)
    if len(undated) and ranker.holds(RECORD_FIELD):
        entered = ranker.column_array(RECORD_FIELD, entered_ns)[undated]
    order = numpy.argsort(-entered, kind="stable").tolist()
    yield from heapq.merge(
        (Arrival(docnum, dates[docnum], False) for docnum in dated),
        (Arrival(int(undated[i]), _EPOCH + datetime.timedelta(microseconds=int(entered[i]) // 1000), True)
         for i in order),
        key=lambda arrival: arrival.when, reverse=True)


def newest_stories(ranker, matched, count):
    """Return up to ``count`` Arrivals of the ``matched`` docnums, newest first, each story once.

    A story is one near-duplicate group, and also one title on one day: a brief
    filed twice is too short for its copies to be told apart by their text.
    """
    codes = ranker.tallied(GROUP_FIELD)[0]
    seen, stories = set(), []
    for arrival in newest_arrivals(ranker, matched):
        keys = {story_key(ranker.stored(arrival.docnum)), ("group", int(codes[arrival.docnum]))}
        if not keys & seen:
            seen.update(keys)
            stories.append(arrival)
            if len(stories) == count:
                break
    return stories


def story_key(fields):
    """Return what makes two stored articles the same story in a feed: the title, accent-free, and the day.

    >>> story_key({"title": "Hải Châu họp"}) == story_key({"title": "hai chau  HOP", "date": None}), story_key({})
    (True, ('', None))
    """
    date = fields.get("date")
    return " ".join(folded_form(fields.get("title", "")).split()), date.date() if date else None
