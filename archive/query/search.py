"""The search API the CLI and the web use: a typed query in, a SearchPage out."""

import heapq
import time

from archive.engine.index import Searchers, open_index
from archive.engine.plan import plan_query
from archive.engine.postings import RecentLists
from archive.engine.ranking import Ranker
from archive.query.facets import count_facets
from archive.query.model import Query
from archive.query.results import SearchPage, full_text, hit_from, public_article
from archive.query.snippets import snippet
from archive.query.suggest import TEXTS_READ, is_new_spelling, misspelled, spelling_in
from archive.query.syntax import parse
from archive.settings import CACHE_BYTES
from archive.text.vietnamese import is_folded

MAX_LIMIT = 100
RELATED_TERMS = 12
MAX_SUGGESTED_WORDS = 8


def _suggestion(ranker, parsed, shown):
    """Return the query with an accented or corrected spelling that finds something, or None; filters are kept."""
    words = parsed.keyword_words
    if not words or len(words) > MAX_SUGGESTED_WORDS:
        return None
    fixed = misspelled(ranker.searcher, words)
    if fixed == words and not any(map(is_folded, words)):
        return None
    if fixed != words:
        plan = plan_query(parsed.respelled(fixed))
        best_fixed = ranker.ranked(plan, ranker.matches(plan), TEXTS_READ)
        shown = [ranker.searcher.stored_fields(docnum) for docnum, _ in best_fixed]
    spelling, together = spelling_in([full_text(fields) for fields in shown], fixed)
    if not spelling or not is_new_spelling(spelling, words):
        return None
    suggestion = parsed.respelled(spelling)
    # A spelling read as one run in a hit finds that hit; one pieced together from words is checked.
    if together or len(ranker.matches(plan_query(suggestion))):
        return suggestion
    return None


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
        self._lists = RecentLists(cache_bytes)
        self._searchers = Searchers(open_index(index_dir),
                                    opened=lambda searcher: self._lists.retain(searcher.reader().leaf_readers()))

    def searcher(self):
        """Return this thread's searcher, refreshed to the newest committed index."""
        return self._searchers.current()

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
        """Return the number of articles in the index."""
        return self.searcher().doc_count()

    def search(self, query, page=1, limit=10, sort="relevance"):
        """Run a query, as typed text or as a Query value, and return the requested page of results."""
        started = time.perf_counter()
        searcher = self.searcher()
        limit, page = clamp(limit, 1, MAX_LIMIT), max(1, page)
        sort = "date" if sort == "date" else "relevance"
        text, parsed = (query.text, query) if isinstance(query, Query) else (query, parse(query))
        ranker = Ranker(searcher, self._lists)
        plan = plan_query(parsed)
        matched = ranker.matches(plan)
        loose = False
        if not len(matched):
            looser = plan_query(parsed, loose=True)
            if looser.required != plan.required:
                plan, loose = looser, True
                matched = ranker.matches(plan)
        if sort == "date" or parsed.is_empty:
            dates = ranker.column("date")
            newest = heapq.nlargest(page * limit, matched.tolist(), key=lambda docnum: (dates[docnum], -docnum))
            ranked = [(docnum, 0.0) for docnum in newest]
        else:
            ranked = ranker.ranked(plan, matched, page * limit)
        shown = [searcher.stored_fields(docnum) | {"score": score} for docnum, score in ranked[(page - 1) * limit :]]
        hits = [hit_from(fields, fields["score"], snippet(full_text(fields, with_title=False), set(plan.terms)))
                for fields in shown]
        suggestion = _suggestion(ranker, parsed, shown)
        return SearchPage(
            query=text, parsed=parsed, total=len(matched), page=page, limit=limit, sort=sort, hits=hits,
            facets=count_facets(ranker, matched),
            suggestion=suggestion.text if suggestion else None,
            loose=loose, terms=plan.terms, warnings=list(parsed.warnings),
            seconds=round(time.perf_counter() - started, 4),
        )

    def article(self, slug):
        """Return the public fields of the article with this slug, or None."""
        fields = self.searcher().document(slug=slug)
        return public_article(fields) if fields else None

    def terms(self, query):
        """Return the folded terms a Query matches, the words its snippets mark."""
        return plan_query(query).terms

    def related(self, slug, limit=5):
        """Return articles whose key words resemble those of the article with this slug."""
        searcher = self.searcher()
        docnum = searcher.document_number(slug=slug)
        if docnum is None:
            return []
        fields = searcher.stored_fields(docnum)
        results = searcher.more_like(docnum, "content_folded", text=full_text(fields), top=limit, numterms=RELATED_TERMS)
        return [hit_from(hit.fields(), hit.score) for hit in results]
