"""The search API the CLI and the web use: a typed query in, a SearchPage out."""

import dataclasses
import heapq
import threading
import time

import numpy
from whoosh import index as whoosh_index

from archive.engine.plan import plan_query
from archive.query.syntax import parse
from archive.engine.ranking import Ranker, largest
from archive.engine.schema import split_places
from archive.query.snippets import snippet
from archive.engine.storage import open_mapped
from archive.query.suggest import alternatives, suggestion

MAX_LIMIT = 100
FACETS = {"place": "places", "year": "year", "source": "source", "author": "author"}
FACETS_SHOWN = 10
RELATED_TERMS = 12
_FOLDED_FIELDS = {"title_folded", "title_words", "content_words", "author_folded", "place_folded", "source_folded"}


class IndexMissing(Exception):
    """The index folder holds no index: build one with ``archive index``."""


@dataclasses.dataclass
class Hit:
    """One article in a result list."""

    path: str
    slug: str
    title: str
    date: str | None
    score: float
    snippet: str
    author: str | None
    places: list
    source: str | None


@dataclasses.dataclass
class SearchPage:
    """One page of results for a query, with facets, a spelling suggestion and the readings of unaccented words."""

    query: str
    total: int
    page: int
    limit: int
    sort: str
    hits: list
    facets: dict
    suggestion: str | None = None
    readings: list = dataclasses.field(default_factory=list)
    loose: bool = False
    terms: list = dataclasses.field(default_factory=list)
    warnings: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    @property
    def pages(self):
        """Return the number of result pages."""
        return max(1, -(-self.total // self.limit))

    def to_dict(self):
        """Return the page in the JSON shape shared by the CLI and the API."""
        return dataclasses.asdict(self) | {"pages": self.pages}


def full_text(fields, with_title=True):
    """Return an article's stored title, lead and body as one text."""
    parts = [fields["title"]] if with_title else []
    return "\n".join([*parts, fields.get("lead", ""), fields.get("body", "")])


PUBLIC_FIELDS = ("slug", "path", "title", "lead", "body", "markdown", "author", "source")


def public_article(fields):
    """Return an article's stored fields as JSON-ready data, without internal ones."""
    date = fields.get("date")
    return {name: fields.get(name, "") for name in PUBLIC_FIELDS} | {
        "markdown": bool(fields.get("markdown")),
        "author": fields.get("author"),
        "source": fields.get("source"),
        "date": date.isoformat() if date else None,
        "places": split_places(fields.get("places", "")),
    }


_HIT_FIELDS = ("path", "slug", "title", "date", "author", "places", "source")


def _hit(fields, score=0.0, text_snippet=""):
    """Return a Hit built from an article's stored fields."""
    article = public_article(fields)
    return Hit(**{name: article[name] for name in _HIT_FIELDS}, score=round(float(score), 4), snippet=text_snippet)


def _folded_terms(plan):
    """Return the accent-free words a plan looks for, sorted; word pairs count as their words."""
    words = set()
    for query in plan.scored_queries():
        for field, term in query.iter_all_terms():
            term = term.decode() if isinstance(term, bytes) else term
            if field in _FOLDED_FIELDS:
                words.add(term)
            elif field == "content_pairs":
                words.update(term.split("_"))
    return sorted(words)


def _facets(ranker, docnums):
    """Count the place, year, source and author of every matching article (an array of document numbers)."""
    facets = {}
    for name, column in FACETS.items():
        codes, values = ranker.coded(column)
        tally = numpy.bincount(codes[docnums], minlength=len(values))
        if name == "place":
            owners, members, values = ranker.members(column, split_places)
            tally = numpy.bincount(members, weights=tally[owners], minlength=len(values))
        facets[name] = _most_common(tally, values)
    return facets


def _most_common(tally, values):
    """Return facet entries for the values counted most in ``tally``, blanks left out, ties in the order of ``values``."""
    counted = numpy.flatnonzero(tally)
    # Two more than shown, for the blank values ("" and the year 0) that are left out.
    order = counted[largest(tally[counted], FACETS_SHOWN + 2)].tolist()
    shown = [code for code in order if values[code] not in ("", 0)][:FACETS_SHOWN]
    return [{"value": str(values[code]), "count": int(tally[code])} for code in shown]


def clamp(value, low, high):
    """Return ``value`` moved into ``[low, high]``."""
    return max(low, min(high, value))


class Archive:
    """An opened index: search it, read its articles, find related ones. Safe to share between threads."""

    def __init__(self, index_dir):
        """Open the index in ``index_dir``, or raise IndexMissing."""
        self.index_dir = index_dir
        try:
            if not whoosh_index.exists_in(index_dir):
                raise IndexMissing(f"No index in {index_dir}: build one with `archive index`.")
            self._index = open_mapped(index_dir)
        except (OSError, whoosh_index.IndexError) as error:
            raise IndexMissing(f"The index in {index_dir} cannot be opened: {error}") from error
        self._local = threading.local()
        # Every searcher opened, whichever thread uses it, so that close() can close their files.
        self._opened, self._lock = set(), threading.Lock()

    def searcher(self):
        """Return this thread's searcher, refreshed to the newest committed index."""
        current = getattr(self._local, "searcher", None)
        if current is None or not current.up_to_date():
            if current is not None:
                # A new searcher, not refresh(): Whoosh-Reloaded 2.7.5's refresh() reuses old segment
                # readers, so it misses deletions and brings back segments a merge or rebuild removed.
                self._retire(current)
            current = self._index.searcher()
            with self._lock:
                self._opened.add(current)
        self._local.searcher = current
        return current

    def _retire(self, searcher):
        """Close a searcher this archive opened."""
        with self._lock:
            self._opened.discard(searcher)
        searcher.close()

    def close(self):
        """Close every searcher this archive opened, and with them the index files."""
        for searcher in list(self._opened):
            self._retire(searcher)

    def __del__(self):
        """Close the index files when the archive is dropped, as the segment files stay open until then."""
        if hasattr(self, "_opened"):
            self.close()

    def count(self):
        """Return the number of articles in the index."""
        return self.searcher().doc_count()

    def search(self, text, page=1, limit=10, sort="relevance"):
        """Run a typed query and return the requested page of results."""
        started = time.perf_counter()
        searcher = self.searcher()
        limit, page = clamp(limit, 1, MAX_LIMIT), max(1, page)
        sort = "date" if sort == "date" else "relevance"
        parsed = parse(text)
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
        terms = _folded_terms(plan)
        shown = [searcher.stored_fields(docnum) | {"score": score} for docnum, score in ranked[(page - 1) * limit :]]
        hits = [_hit(fields, fields["score"], snippet(full_text(fields, with_title=False), set(terms)))
                for fields in shown]
        return SearchPage(
            query=text, total=len(matched), page=page, limit=limit, sort=sort, hits=hits,
            facets=_facets(ranker, matched),
            suggestion=suggestion(ranker, parsed, plan, [full_text(fields) for fields in shown]),
            readings=alternatives(ranker, parsed, plan, matched),
            loose=loose, terms=terms, warnings=parsed.warnings,
            seconds=round(time.perf_counter() - started, 4),
        )

    def article(self, slug):
        """Return the public fields of the article with this slug, or None."""
        fields = self.searcher().document(slug=slug)
        return public_article(fields) if fields else None

    def terms(self, text):
        """Return the folded terms a query matches, the words its snippets mark."""
        return _folded_terms(plan_query(parse(text)))

    def related(self, slug, limit=5):
        """Return articles whose key words resemble those of the article with this slug."""
        searcher = self.searcher()
        docnum = searcher.document_number(slug=slug)
        if docnum is None:
            return []
        fields = searcher.stored_fields(docnum)
        results = searcher.more_like(docnum, "content_words", text=full_text(fields), top=limit, numterms=RELATED_TERMS)
        return [_hit(hit.fields(), hit.score) for hit in results]
