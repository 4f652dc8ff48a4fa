"""Run a query plan over whole posting lists: match with set operations, score with BM25.

Whoosh scores a query by walking a tree of matchers one posting at a time in
Python. Here each term's postings are read once as a dictionary, the required
parts are combined with set operations, and only the matching documents are
scored, so the time goes into C-level set and dictionary work.
"""

import collections
import heapq
import math

from whoosh import query as wq

from archive.postings import column_values, field_lengths, segment_postings

K1 = 1.2
B = 0.75
_SCORED_FIELDS = {"content_folded", "content_exact", "content_bigrams", "title_folded",
                  "author_folded", "place_folded", "source_folded"}


class Ranker:
    """Ranks plans against one searcher, reading each term's postings at most once."""

    def __init__(self, searcher):
        """Prepare to rank against ``searcher``."""
        self.searcher = searcher
        self.leaves = list(searcher.reader().leaf_readers())
        self.total = max(1, searcher.doc_count_all())
        self._postings, self._lists = {}, {}

    def postings(self, field, text):
        """Return ``{docnum: term frequency}`` of one term over every segment."""
        key = (field, text)
        if key not in self._postings:
            merged = {}
            for segment, offset in self.leaves:
                merged.update(segment_postings(segment, field, text, base=offset))
            self._postings[key] = merged
        return self._postings[key]

    def docset(self, query):
        """Return the set of document numbers that match ``query``."""
        if isinstance(query, wq.Term) and query.fieldname in _SCORED_FIELDS:
            return set(self.postings(query.fieldname, query.text))
        if isinstance(query, wq.And):
            sets = sorted((self.docset(sub) for sub in query.subqueries), key=len)
            return sets[0].intersection(*sets[1:]) if sets else set()
        if isinstance(query, wq.Or):
            return set().union(*(self.docset(sub) for sub in query.subqueries))
        return set(self.searcher.docs_for_query(query))

    def matches(self, plan):
        """Return the documents a plan matches."""
        if not plan.required:
            found = set(range(self.searcher.doc_count_all())) - set(self._deleted())
        else:
            sets = sorted((self.docset(q) for q in plan.required), key=len)
            found = sets[0].intersection(*sets[1:])
        if plan.excluded is not None and found:
            found -= self.docset(plan.excluded)
        return found

    def _deleted(self):
        """Yield the numbers of deleted documents."""
        for segment, offset in self.leaves:
            yield from (docnum + offset for docnum in segment.deleted_docs_set)

    def scores(self, plan, docs):
        """Return the BM25 score of every document in ``docs`` for the plan's words and bonuses."""
        boosts = collections.Counter()
        for query in plan.scored_queries():
            for leaf in query.leaves():
                if isinstance(leaf, wq.Term) and leaf.fieldname in _SCORED_FIELDS:
                    boosts[leaf.fieldname, leaf.text] += leaf.boost
        scores = dict.fromkeys(docs, 0.0)
        for (field, text), boost in boosts.items():
            postings = self.postings(field, text)
            if not postings:
                continue
            idf = math.log(1 + (self.total - len(postings) + 0.5) / (len(postings) + 0.5))
            lengths = self.lengths(field)
            norm = K1 / (self.searcher.reader().field_length(field) / self.total or 1)
            for docnum in postings.keys() & scores.keys():
                tf = postings[docnum]
                scores[docnum] += boost * idf * tf * (K1 + 1) / (tf + K1 * (1 - B) + norm * B * lengths[docnum])
        return scores

    def lengths(self, field):
        """Return every document's length in ``field``, indexed by document number."""
        return self._concatenated(field_lengths, field)

    def column(self, field):
        """Return every document's value in the column ``field``, indexed by document number."""
        return self._concatenated(column_values, field)

    def _concatenated(self, per_segment, field):
        """Return the per-segment lists of ``per_segment(segment, field)`` joined in document order, once per ranker."""
        key = (per_segment, field)
        if key not in self._lists:
            joined = []
            for segment, _ in self.leaves:
                joined += per_segment(segment, field)
            self._lists[key] = joined
        return self._lists[key]


def best(scores, count):
    """Return the ``count`` best-scored document numbers, ties broken by document order."""
    return heapq.nsmallest(count, scores, key=lambda docnum: (-scores[docnum], docnum))
