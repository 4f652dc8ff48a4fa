"""Run a query plan over whole posting lists: match with array operations, score with BM25.

Whoosh scores a query by walking a tree of matchers one posting at a time in
Python. Here each term's postings are read once as NumPy arrays of document
numbers (ascending) and frequencies; the required parts are intersected, and
only the matching documents are scored, all in vectorised operations.
"""

import collections
import math

import numpy
from whoosh import query as wq

from archive.engine.arrays import intersect, present, union, weights_at
from archive.engine.postings import IndexLists
from archive.engine.spellings import FOLDED_WORDS, READINGS_KEPT, WORDS, Spellings, reading_leaves, readings

K1 = 1.2
B = 0.75
_SCORED_FIELDS = {"title_folded", "title_words", "author_folded", "place_folded", "source_folded"}


def largest(values, count):
    """Return the positions of the ``count`` largest of ``values``, largest first, equal values in position order."""
    positions = numpy.arange(len(values))
    if len(values) > count:
        # Only the values from the count-th largest up are sorted.
        positions = positions[values >= nth_largest(values, count)]
    return positions[numpy.lexsort((positions, -values[positions]))][:count]


def nth_largest(values, count):
    """Return the ``count``-th largest of ``values``, or minus infinity when there are no more than ``count``.

    >>> int(nth_largest(numpy.array([3, 9, 1, 9]), 2)), nth_largest(numpy.array([3, 9]), 5)
    (9, -inf)
    """
    if len(values) <= count:
        return -math.inf
    return numpy.partition(values, len(values) - count)[len(values) - count]


class Ranker:
    """One search's view of the index: ranks plans against one searcher and reads the articles it stores.

    Posting lists and columns are read through ``cache`` (a ``postings.RecentLists``).
    Above the engine, documents are only numbers and dictionaries of stored fields.
    """

    def __init__(self, searcher, cache):
        """Prepare to rank against ``searcher``."""
        self.searcher = searcher
        self.leaves = list(searcher.reader().leaf_readers())
        self.total = max(1, searcher.doc_count_all())
        self._lists = IndexLists(self.leaves, cache)
        # The reading of each run of words asked for: ranking, readings and suggestions all ask.
        self._readings = {}
        # The documents matching each set of required parts joined so far (``_intersection``).
        self._joined = {}
        # The plan and documents ranked last, with the spellings each document holds (``_held``).
        self._held_last = None

    def postings(self, leaf):
        """Return read-only ``(docnums, frequencies)`` arrays of a term or spellings leaf over every segment.

        A word in any spelling is its folded word's list, which the index keeps whole.
        """
        if isinstance(leaf, Spellings):
            if leaf.fieldname == WORDS and leaf.pattern == (None,):
                return self._lists.postings(FOLDED_WORDS, leaf.text)
            return self._lists.spelt(leaf.fieldname, leaf.text, leaf.forms(self._lists))
        return self._lists.postings(leaf.fieldname, leaf.text)

    @property
    def spellings(self):
        """Return what reads the spellings the index holds for a folded word or pair, with their article counts."""
        return self._lists

    def docset(self, query):
        """Return the ascending array of document numbers that match ``query``."""
        if isinstance(query, (Spellings, wq.Term)):
            # A filter's term (a page kind, a place) is read as a whole list too: walking its
            # matcher costs a Python call per document, and the article kind holds nearly all.
            return self.postings(query)[0]
        if isinstance(query, wq.And):
            return intersect([self.docset(sub) for sub in query.subqueries])
        if isinstance(query, wq.Or):
            sets = [self.docset(sub) for sub in query.subqueries]
            return union(sets, [numpy.ones(len(found)) for found in sets])[0]
        return numpy.array(sorted(self.searcher.docs_for_query(query)), numpy.int64)

    def matches(self, plan):
        """Return the ascending array of documents a plan matches."""
        if plan.required:
            found = self._intersection(plan.required)
        else:
            found = numpy.flatnonzero(self._lists.live())
        if plan.excluded is not None and len(found):
            found = found[~present(found, self.docset(plan.excluded))]
        return found

    def _intersection(self, queries):
        """Return the documents that every one of ``queries`` matches, joined from the smallest set up.

        Each step is kept by the parts it joined: the matches of every page kind, which the
        kind facet counts, are then a step of the results' own, whose page-kind filter,
        holding nearly every document, comes last.
        """
        parts = sorted(((self.docset(query), query) for query in queries), key=lambda part: len(part[0]))
        found, joined = parts[0][0], frozenset([parts[0][1]])
        for docs, query in parts[1:]:
            joined |= {query}
            if joined not in self._joined:
                self._joined[joined] = found[present(found, docs)]
            found = self._joined[joined]
        return found

    def scores(self, plan, docs):
        """Return the BM25 score of each document of the array ``docs`` for the plan's words and bonuses."""
        boosts, leaves = collections.Counter(), {}
        for query in plan.scored_queries():
            for leaf in query.leaves():
                if isinstance(leaf, Spellings) or isinstance(leaf, wq.Term) and leaf.fieldname in _SCORED_FIELDS:
                    key = leaf.key if isinstance(leaf, Spellings) else (leaf.fieldname, leaf.text)
                    boosts[key] += leaf.boost
                    leaves.setdefault(key, leaf)
        scores = numpy.zeros(len(docs))
        saturation = {}
        for key, boost in boosts.items():
            field = key[0]
            ids, frequencies = self.postings(leaves[key])
            if not len(ids) or not len(docs):
                continue
            if field not in saturation:
                norm = K1 / (self.searcher.reader().field_length(field) / self.total or 1)
                saturation[field] = K1 * (1 - B) + norm * B * self.lengths(field)[docs]
            idf = math.log(1 + (self.total - len(ids) + 0.5) / (len(ids) + 0.5))
            tf = weights_at(docs, ids, frequencies)
            scores += boost * idf * tf * (K1 + 1) / (tf + saturation[field])
        return scores

    def readings(self, plan):
        """Return the reading of each run of the plan's words: typed accents kept, the archive's commonest elsewhere."""
        return [self.reading(run) for run in plan.runs]

    def reading(self, run):
        """Return the exact forms of the likeliest spelling of a run of typed words, typed accents kept.

        The likeliest is judged by how the archive's articles go on from each word,
        pair and longer run of the spelling (``spellings.readings``).
        """
        return self.likeliest(run)[0]

    def likeliest(self, run):
        """Return the ``READINGS_KEPT`` likeliest readings of a run, best first, read once per ranker."""
        key = tuple(run)
        if key not in self._readings:
            self._readings[key] = readings(self.spellings, run, READINGS_KEPT)
        return self._readings[key]

    def held(self, plan, docs):
        """Return how many words and neighbouring pairs of the plan's readings each document of ``docs`` holds."""
        counts = numpy.zeros(len(docs), numpy.int64)
        for reading in self.readings(plan):
            for leaf in reading_leaves(reading):
                counts += present(docs, self.postings(leaf)[0])
        return counts

    def ranked(self, plan, docs, count):
        """Return ``(docnum, BM25 score)`` of the ``count`` best of the ascending array ``docs``.

        Documents holding more of the readings' spellings come first, then the higher
        scores, ties in document order. Only the documents holding at least as many
        spellings as the ``count``-th best can rank, so only they are scored.
        """
        held = self._held(plan, docs)
        contenders = numpy.flatnonzero(held >= nth_largest(held, count))
        scores = self.scores(plan, docs[contenders])
        # One step of ``held`` outweighs any score, so the order is by held spellings, then by score.
        step = float(scores.max(initial=0)) + 1
        order = largest(held[contenders] * step + scores, count)
        return list(zip(docs[contenders[order]].tolist(), scores[order].tolist()))

    def _held(self, plan, docs):
        """Return ``held(plan, docs)``, worked out once: a page that asks for more of the same matches, to fill
        up with groups, ranks them again."""
        if self._held_last is None or self._held_last[0] is not plan or self._held_last[1] is not docs:
            self._held_last = (plan, docs, self.held(plan, docs))
        return self._held_last[2]

    def count(self):
        """Return the number of live articles."""
        return self.searcher.doc_count()

    def stored(self, docnum):
        """Return the stored fields of the document ``docnum``."""
        return self.searcher.stored_fields(docnum)

    def stored_with(self, field, value):
        """Return the stored fields of every live document whose indexed ``field`` holds the term ``value``."""
        return list(self.searcher.documents(**{field: value}))

    def holds(self, field):
        """Tell whether the index's schema has the field ``field``."""
        return field in self.searcher.schema

    def find(self, field, value):
        """Return the number of the live document whose unique ``field`` is ``value``, or None."""
        return self.searcher.document_number(**{field: value})

    def similar(self, docnum, text, count, terms, within=None):
        """Return ``(stored fields, score)`` of the ``count`` documents that best match ``terms`` key words of ``text``.

        The key words are the content words of ``text`` that are most distinctive
        of the document ``docnum``, which is left out; ``within``, a part of a plan,
        keeps only the documents it matches.
        """
        found = self.searcher.more_like(docnum, "content_words", text=text, top=count, numterms=terms, filter=within)
        return [(hit.fields(), hit.score) for hit in found]

    def lengths(self, field):
        """Return every document's length in ``field``, as an array indexed by document number."""
        return self._lists.lengths(field)

    def column(self, field):
        """Return every document's value in the column ``field``, as a list indexed by document number."""
        return self._lists.column(field)

    def coded(self, field):
        """Return ``(codes, values)`` of the column ``field``: each document's value as an index into ``values``."""
        return self._lists.coded(field)

    def tallied(self, field):
        """Return ``(codes, counts)`` of the column ``field``, as ``IndexLists.tallied`` gives them."""
        return self._lists.tallied(field)

    def members(self, field, split):
        """Return ``(starts, members, names)`` of a column of ``split``-able values, as ``IndexLists.members`` gives them."""
        return self._lists.members(field, split)

    def term_names(self, field, name):
        """Return the set of ``name(term)`` over every term of the indexed field ``field``."""
        return self._lists.term_names(field, name)

    def column_array(self, field, convert):
        """Return every document's ``convert``-ed value in the column ``field``, as an integer array."""
        return self._lists.column_array(field, convert)
