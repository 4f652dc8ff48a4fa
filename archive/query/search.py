"""The search API the CLI and the web use: a typed query in, a SearchPage out."""

import heapq
import time

from archive.engine.index import Searchers, open_index
from archive.engine.plan import plan_query
from archive.engine.ranking import Ranker
from archive.query.facets import count_facets
from archive.query.model import Query
from archive.query.results import SearchPage, full_text, hit_from, public_article
from archive.query.snippets import snippet
from archive.query.suggest import alternatives, suggestion
from archive.query.syntax import parse

MAX_LIMIT = 100
RELATED_TERMS = 12


def clamp(value, low, high):
    """Return ``value`` moved into ``[low, high]``."""
    return max(low, min(high, value))


class Archive:
    """An opened index: search it, read its articles, find related ones. Safe to share between threads.

    Close it (or use it in a ``with`` block) to close its index files.
    """

    def __init__(self, index_dir):
        """Open the index in ``index_dir``, or raise IndexMissing (IndexOutdated for another format version)."""
        self.index_dir = index_dir
        self._searchers = Searchers(open_index(index_dir))

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
        ranker = Ranker(searcher)
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
        suggested = suggestion(ranker, parsed, plan, [full_text(fields) for fields in shown])
        return SearchPage(
            query=text, parsed=parsed, total=len(matched), page=page, limit=limit, sort=sort, hits=hits,
            facets=count_facets(ranker, matched),
            suggestion=suggested.text if suggested else None,
            readings=alternatives(ranker, parsed, plan, matched),
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
        results = searcher.more_like(docnum, "content_words", text=full_text(fields), top=limit, numterms=RELATED_TERMS)
        return [hit_from(hit.fields(), hit.score) for hit in results]
