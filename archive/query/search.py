"""The search API the CLI and the web use: a typed query in, a SearchPage out."""

import dataclasses
import heapq
import time

from archive.engine.index import Searchers, open_index
from archive.engine.plan import clause_query, plan_query
from archive.engine.postings import RecentLists
from archive.engine.ranking import Ranker
from archive.query.arrivals import UNDATED, newest_stories
from archive.query.collapse import Collapser
from archive.query.facets import EVERY_KIND_FACETS, count_facets, facet_values, source_folders
from archive.query.model import ARTICLES_ONLY, KIND_FIELD, Query
from archive.query.results import SearchPage, full_text, hit_from, public_article
from archive.query.snippets import marks_of, snippet
from archive.query.suggest import alternatives, suggestion
from archive.query.syntax import parse
from archive.settings import CACHE_BYTES

MAX_LIMIT = 100
SORTS = ("relevance", "date", "oldest")
# The most hits one export gives: the whole result set of nearly every query, in seconds.
EXPORT_CAP = 10_000
RELATED_TERMS = 12


def _parsed(query):
    """Return ``(text, Query)`` of a query given as typed text or as a Query value."""
    return (query.text, query) if isinstance(query, Query) else (query, parse(query))


def _hit(fields, score, marks):
    """Return the Hit of an article's stored fields, its snippet marking the query's words as ``marks`` says."""
    return hit_from(fields, score, snippet(full_text(fields, with_title=False), marks))


def _marks(ranker, plan):
    """Return what the snippets of a plan mark: its words, spelt as typed or as the archive reads them."""
    return marks_of(plan.terms, ranker.readings(plan))


def clamp(value, low, high):
    """Return ``value`` moved into ``[low, high]``."""
    return max(low, min(high, value))


class Archive:
    """An opened index: search it, read its articles, find related ones. Safe to share between threads.

    Close it (or use it in a ``with`` block) to close its index files.
    """

    def __init__(self, index_dir, cache_bytes=CACHE_BYTES):
        """Open the index in ``index_dir``, or raise IndexMissing (IndexOutdated for another format version).

        Up to ``cache_bytes`` of the lists searches read are kept, shared by every thread's searcher.
        """
        self.index_dir = index_dir
        self.cache = RecentLists(cache_bytes)
        self._searchers = Searchers(open_index(index_dir), self.cache)

    def _ranker(self):
        """Return a Ranker over this thread's searcher, refreshed to the newest committed index."""
        return Ranker(self._searchers.current(), self.cache)

    def close(self):
        """Close every searcher this archive opened, and with them the index files."""
        self._searchers.close()

    def __enter__(self):
        """Return the archive itself, to be closed at the end of the block."""
        return self

    def __exit__(self, *exc_info):
        """Close the archive's index files."""
        self.close()

    def count(self):
        """Return the number of articles in the index, the pages of other kinds left out."""
        return len(self._matches(Query())[2])

    def search(self, query, page=1, limit=10, sort="relevance"):
        """Run a query, as typed text or as a Query value, and return the requested page of results."""
        started = time.perf_counter()
        limit, page = clamp(limit, 1, MAX_LIMIT), max(1, page)
        sort = sort if sort in SORTS else "relevance"
        text, parsed = _parsed(query)
        ranker, plan, matched, loose = self._matches(parsed)
        every_kind = self._every_kind(ranker, parsed, loose)
        groups = Collapser(ranker)
        ranked = self._leaders(ranker, plan, matched, page * limit, sort, parsed, groups)[(page - 1) * limit :]
        shown = [ranker.stored(docnum) | {"score": score} for docnum, score in ranked]
        marks = _marks(ranker, plan)
        hits = [dataclasses.replace(_hit(fields, fields["score"], marks), similar=groups.similar(docnum))
                for fields, (docnum, _) in zip(shown, ranked)]
        suggested = suggestion(ranker, parsed, plan, [full_text(fields) for fields in shown], len(matched))
        return SearchPage(
            query=text, parsed=parsed, total=len(matched), groups=groups.count(matched), page=page, limit=limit,
            sort=sort, hits=hits,
            facets=count_facets(ranker, groups, matched, every_kind),
            suggestion=suggested.text if suggested else None,
            readings=alternatives(ranker, parsed, plan, matched),
            loose=loose, terms=plan.terms, warnings=list(parsed.warnings),
            seconds=round(time.perf_counter() - started, 4),
        )

    def every_hit(self, query, sort="relevance", cap=EXPORT_CAP):
        """Yield the first ``cap`` hits of a query in ``sort`` order, snippets included, reading them as they go.

        Every matching article is given, near-duplicates too: each hit names its group.
        """
        parsed = _parsed(query)[1]
        ranker, plan, matched, _ = self._matches(parsed)
        marks = _marks(ranker, plan)
        for docnum, score in self._ordered(ranker, plan, matched, cap, sort, parsed):
            yield _hit(ranker.stored(docnum), score, marks)

    def newest(self, query, limit=10):
        """Return the newest ``limit`` matches as ``(Hit, when, entered)``, each story once, for feeds.

        An undated article is dated ``when`` it entered the archive (``entered`` is then True).
        """
        ranker, plan, matched, _ = self._matches(_parsed(query)[1])
        marks = _marks(ranker, plan)
        return [(_hit(ranker.stored(arrival.docnum), 0.0, marks), arrival.when, arrival.entered)
                for arrival in newest_stories(ranker, matched, limit)]

    def facet(self, query, name):
        """Return every value of the facet ``name`` among a query's matches, with counts, most common first."""
        parsed = _parsed(query)[1]
        ranker, _, matched, loose = self._matches(parsed)
        docnums = self._every_kind(ranker, parsed, loose) if name in EVERY_KIND_FACETS else matched
        return facet_values(ranker, Collapser(ranker), docnums, name)

    def source_folders(self):
        """Return the folder names given as the source of articles that name no publisher."""
        return source_folders(self._ranker())

    def _matches(self, parsed):
        """Return ``(ranker, plan, matched, loose)``; when no article has every word, the plan that finds some.

        Only articles match, unless the query names a page kind itself.
        """
        ranker = self._ranker()
        searched = parsed.searched
        plan = plan_query(searched)
        matched = ranker.matches(plan)
        if not len(matched):
            looser = plan_query(searched, loose=True)
            if looser.required != plan.required:
                return ranker, looser, ranker.matches(looser), True
        return ranker, plan, matched, False

    def _leaders(self, ranker, plan, matched, count, sort, parsed, groups):
        """Return ``(docnum, score)`` of the first ``count`` groups of matches in ``sort`` order, one article each.

        Each group is stood for by its first article in that order. The matches are
        ordered a few more at a time until enough groups show, as most have one article.
        """
        wanted = count
        while True:
            ordered = self._ordered(ranker, plan, matched, wanted, sort, parsed)
            leaders = groups.leaders(ordered)
            if len(leaders) >= count or len(ordered) == len(matched):
                return leaders[:count]
            wanted *= 4

    @staticmethod
    def _every_kind(ranker, parsed, loose):
        """Return the matches of a query whatever their page kind, as loose as its results: what the kind facet counts."""
        return ranker.matches(plan_query(parsed.without_field(KIND_FIELD), loose=loose))

    @staticmethod
    def _ordered(ranker, plan, matched, count, sort, parsed):
        """Return ``(docnum, score)`` of the first ``count`` matches: best first, newest first or oldest first.

        Undated articles come last in both date orders.
        """
        if sort == "relevance" and not parsed.is_empty:
            return ranker.ranked(plan, matched, count)
        dates = ranker.column("date")
        if sort == "oldest":
            chosen = heapq.nsmallest(count, matched.tolist(), key=lambda docnum: (dates[docnum] == UNDATED, dates[docnum], docnum))
        else:
            chosen = heapq.nlargest(count, matched.tolist(), key=lambda docnum: (dates[docnum], -docnum))
        return [(docnum, 0.0) for docnum in chosen]

    def article(self, slug):
        """Return the public fields of the article with this slug, or None."""
        ranker = self._ranker()
        docnum = ranker.find("slug", slug)
        return public_article(ranker.stored(docnum)) if docnum is not None else None

    def marks(self, query):
        """Return what a Query's snippets and article pages mark: ``{folded word: exact spellings meant}``."""
        return _marks(self._ranker(), plan_query(query))

    def similar_count(self, slug):
        """Return how many other articles the near-duplicate group of the article with this slug holds (0 without one)."""
        ranker = self._ranker()
        docnum = ranker.find("slug", slug)
        return 0 if docnum is None else Collapser(ranker).similar(docnum)

    def similar(self, slug):
        """Return the articles of the near-duplicate group of the article with this slug, itself included, newest first.

        Returns an empty list when no article has this slug.
        """
        ranker = self._ranker()
        docnum = ranker.find("slug", slug)
        if docnum is None:
            return []
        members = sorted((hit_from(found) for found in ranker.stored_with("group", ranker.stored(docnum)["group"])),
                         key=lambda hit: hit.path)
        return sorted(members, key=lambda hit: hit.date or "", reverse=True)

    def related(self, slug, limit=5):
        """Return articles whose key words resemble those of the article with this slug."""
        ranker = self._ranker()
        docnum = ranker.find("slug", slug)
        if docnum is None:
            return []
        # Related reading holds articles only, filtered as every search that names no page kind is.
        similar = ranker.similar(docnum, full_text(ranker.stored(docnum)), limit, RELATED_TERMS,
                                 within=clause_query(ARTICLES_ONLY))
        return [hit_from(fields, score) for fields, score in similar]
