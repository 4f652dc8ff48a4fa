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

from archive.engine.postings import IndexLists
from archive.engine.spellings import PAIRS, Spellings, as_typed, reading_leaves, readings
from archive.text.vietnamese import exact_form, is_folded

K1 = 1.2
B = 0.75
_SCORED_FIELDS = {"title_folded", "title_words", "author_folded", "place_folded", "source_folded"}


def present(values, members):
    """Return a mask of which of the ascending ``values`` are in the ascending array ``members``.

    A few values against a long list are looked up by binary search; otherwise the
    members are marked in a table indexed by number. Both beat NumPy's ``isin``, which
    sorts the two arrays together.
    """
    if not len(values) or not len(members):
        return numpy.zeros(len(values), bool)
    if len(values) * 16 < len(members):
        return members[numpy.searchsorted(members, values).clip(max=len(members) - 1)] == values
    table = numpy.zeros(max(values[-1], members[-1]) + 1, bool)
    table[members] = True
    return table[values]


def largest(values, count):
    """Return the positions of the ``count`` largest of ``values``, largest first, equal values in position order."""
    positions = numpy.arange(len(values))
    if len(values) > count:
        # Only the values from the count-th largest up are sorted.
        cutoff = numpy.partition(values, len(values) - count)[len(values) - count]
        positions = positions[values >= cutoff]
    return positions[numpy.lexsort((positions, -values[positions]))][:count]


def intersect(sets):
    """Return the document numbers present in every one of ``sets`` (ascending arrays)."""
    sets = sorted(sets, key=len)
    found = sets[0]
    for other in sets[1:]:
        found = found[present(found, other)]
    return found


class Ranker:
    """Ranks plans against one searcher, reading its lists through ``cache`` (a ``postings.RecentLists``)."""

    def __init__(self, searcher, cache):
        """Prepare to rank against ``searcher``."""
        self.searcher = searcher
        self.leaves = list(searcher.reader().leaf_readers())
        self.total = max(1, searcher.doc_count_all())
        self._lists = IndexLists(self.leaves, cache)
        # The reading of each run of words asked for: ranking, readings and suggestions all ask.
        self._readings = {}

    def postings(self, leaf):
        """Return read-only ``(docnums, frequencies)`` arrays of a term or spellings leaf over every segment."""
        if isinstance(leaf, Spellings):
            return self._lists.spelt(leaf.fieldname, leaf.text, leaf.forms(self._lists))
        return self._lists.postings(leaf.fieldname, leaf.text)

    @property
    def spellings(self):
        """Return what reads the spellings the index holds for a folded word or pair, with their article counts."""
        return self._lists

    def docset(self, query):
        """Return the ascending array of document numbers that match ``query``."""
        if isinstance(query, Spellings) or isinstance(query, wq.Term) and query.fieldname in _SCORED_FIELDS:
            return self.postings(query)[0]
        if isinstance(query, wq.And):
            return intersect([self.docset(sub) for sub in query.subqueries])
        if isinstance(query, wq.Or):
            return numpy.unique(numpy.concatenate([self.docset(sub) for sub in query.subqueries]))
        return numpy.array(sorted(self.searcher.docs_for_query(query)), numpy.int64)

    def matches(self, plan):
        """Return the ascending array of documents a plan matches."""
        if plan.required:
            found = intersect([self.docset(q) for q in plan.required])
        else:
            found = numpy.arange(self.searcher.doc_count_all())
            found = found[~numpy.isin(found, numpy.fromiter(self._deleted(), numpy.int64))]
        if plan.excluded is not None and len(found):
            found = found[~present(found, self.docset(plan.excluded))]
        return found

    def _deleted(self):
        """Yield the numbers of deleted documents."""
        for segment, offset in self.leaves:
            yield from (docnum + offset for docnum in segment.deleted_docs_set)

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
        # Each term's frequencies spread over every document number, read back for ``docs``: a scatter
        # and a gather, where a binary search of every document in the postings cost far more.
        spread = numpy.zeros(self.searcher.doc_count_all(), numpy.float32)
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
            spread[ids] = frequencies
            tf = spread[docs]
            spread[ids] = 0
            scores += boost * idf * tf * (K1 + 1) / (tf + saturation[field])
        return scores

    def readings(self, plan):
        """Return the reading of each run of the plan's words: typed accents kept, the archive's commonest elsewhere."""
        return [self.reading(run) for run in plan.runs]

    def reading(self, run):
        """Return the exact forms of the spelling the archive uses most for a run of typed words, typed accents kept.

        The run is cut into the longest stretches that some article holds whole (as
        neighbours, in any spelling the typed accents allow); each stretch is spelt as
        most of the articles holding it spell it. Words no stretch covers are read pair
        by pair (``spellings.readings``).
        """
        key = tuple(run)
        if key not in self._readings:
            self._readings[key] = self._read(run)
        return self._readings[key]

    def _read(self, run):
        """Return the reading of a run, as ``reading`` describes it."""
        if all(not is_folded(word) for word in run):
            return tuple(exact_form(word) for word in run)
        words, spelt = list(readings(self.spellings, run)[0]), set()
        for first, last, docs in self._stretches(run):
            chosen = self._commonest([as_typed(list(pair)) for pair in zip(run[first:last], run[first + 1 : last + 1])],
                                     docs)
            for position, word in enumerate(chosen or (), first):
                if position not in spelt:
                    words[position] = word
                    spelt.add(position)
        return tuple(words)

    def _stretches(self, run):
        """Return ``(first word, last word, articles)`` of the longest stretches of a run that articles hold whole."""
        found, first, docs = [], 0, None
        for i, pair in enumerate(zip(run, run[1:])):
            held = self.postings(as_typed(list(pair)))[0]
            joined = held if docs is None else intersect([docs, held])
            if len(joined):
                docs = joined
                continue
            if docs is not None:
                found.append((first, i, docs))
            # The next stretch starts with this pair, when some article holds it.
            first, docs = (i, held) if len(held) else (i + 1, None)
        if docs is not None:
            found.append((first, len(run) - 1, docs))
        return found

    def _commonest(self, pairs, docs):
        """Return the words of the spelling of a chain of pair leaves that most of ``docs`` hold, or None."""
        options = []
        for leaf in pairs:
            counts = self.spellings.spellings(PAIRS, leaf.text)
            options.append([(exact, self._lists.spelt(PAIRS, leaf.text, (exact,))[0])
                            for exact in sorted(leaf.forms(self._lists), key=lambda form: -counts[form])])
        if math.prod(map(len, options)) > 2**62:
            return None
        # Each article's spelling of each pair, as a number: the commonest of those it holds.
        keys = numpy.zeros(len(docs), numpy.int64)
        for spelt in options:
            code = numpy.zeros(len(docs), numpy.int64)
            for number in reversed(range(len(spelt))):
                code[present(docs, spelt[number][1])] = number
            keys = keys * len(spelt) + code
        values, counts = numpy.unique(keys, return_counts=True)
        for key in values[numpy.argsort(-counts, kind="stable")].tolist():
            chosen = []
            for spelt in reversed(options):
                key, number = divmod(key, len(spelt))
                chosen.insert(0, spelt[number][0].split("_"))
            if all(a[1] == b[0] for a, b in zip(chosen, chosen[1:])):
                return [pair[0] for pair in chosen] + [chosen[-1][1]]
        return None

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
        scores, ties in document order.
        """
        scores = self.scores(plan, docs)
        held = self.held(plan, docs)
        # One step of ``held`` outweighs any score, so the order is by held spellings, then by score.
        step = float(scores.max(initial=0)) + 1
        order = largest(held * step + scores, count)
        return list(zip(docs[order].tolist(), scores[order].tolist()))

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
        """Return ``(owners, members, names)`` of a column of ``split``-able values, as ``IndexLists.members`` gives them."""
        return self._lists.members(field, split)

    def term_names(self, field, name):
        """Return the set of ``name(term)`` over every term of the indexed field ``field``."""
        return self._lists.term_names(field, name)

    def column_array(self, field, convert):
        """Return every document's ``convert``-ed value in the column ``field``, as an integer array."""
        return self._lists.column_array(field, convert)
