"""Tiered merges: segments grouped by size, each group rewritten as one segment with its postings moved as arrays.

Each commit ends with ``commit``: the segments are sorted into tiers a factor
``Tiers.factor`` apart by their live articles, and whenever a tier holds
``factor`` segments its smallest ones are merged into one of the next
tier (``Tiers.plan``). Every tier then holds fewer than ``factor``
segments, so an archive of N articles has at most
``(factor - 1) * (1 + log_factor(N / base))`` segments (``Tiers.bound``) whatever
the sizes of the batches added, and each article is rewritten once per tier it
climbs. How much a commit may merge grows with what it wrote (``Tiers.budget``):
a reindex of a few files never rewrites the large segments, and the merges it
leaves wait for a run adding many files. A bulk build, which wrote every
article, ends instead with ``settle``: one segment per worker process.

Whoosh's own merge (``add_reader``) passes every posting through its pool one
Python call at a time and sorts them all again. ``merge_segments`` reads the
segments' terms together in term order instead, so each term's postings come
grouped and in document order. The frequency fields, which hold most
postings, are read a run of dictionary blocks at a time from every segment,
their keys merged as they are and their postings decoded, renumbered and
written with array operations; the small positional fields (titles, names,
dates, keys) are walked posting by posting.
"""

import array
import bisect
import collections
import dataclasses
import heapq
import itertools
import math
import operator

import numpy
from whoosh.reading import SegmentReader

from archive.engine.codec import reordered, stores_arrays
from archive.engine.keys import key_of
from archive.engine.schema import writer_options
from archive.engine.segments import BulkSegmentWriter, abandon
from archive.engine.storage import open_mapped

# A segment is rewritten without its deleted articles once they pass this share of it, which
# bounds the space they hold to a fifth of the index however long it churns.
MAX_DELETED_SHARE = 0.2
# A bulk build's last segment may hold the few articles past an even share of the files (a file of many briefs):
# one under this share of the segment it would join is left alone, not rewritten with it.
TAIL_SHARE = 0.05


@dataclasses.dataclass(frozen=True)
class Tiers:
    """The merge policy's sizes: how segments are sorted into tiers, and how much one commit may merge."""

    # Tier t holds the segments of base * factor**t live articles up to factor times that;
    # tier 0 every segment under base * factor.
    base: int = 1000
    factor: int = 4
    # A commit of large_commit articles or more may merge ratio times as many, a smaller one floor:
    # a merge rewrites a few hundred articles a second, so a small reindex stays within seconds.
    large_commit: int = 1000
    ratio: int = 100
    floor: int = 500
    # Bytes of a frequency field's packed postings (one at least per posting) a merge gathers before it
    # writes them: bounds its memory.
    run_bytes: int = 4_000_000

    def tier(self, live):
        """Return the tier of a segment holding ``live`` articles.

        >>> [Tiers().tier(n) for n in (0, 3999, 4000, 15999, 16000, 250_000)]
        [0, 0, 1, 1, 2, 3]
        """
        return int(math.log(live / self.base, self.factor) + 1e-9) if live >= self.base * self.factor else 0

    def bound(self, articles):
        """Return the most segments these tiers leave in an index of ``articles`` articles.

        >>> Tiers().bound(140_520), Tiers().bound(560_000)
        (12, 15)
        """
        return (self.factor - 1) * (1 + max(0, math.floor(math.log(max(articles, 1) / self.base, self.factor))))

    def budget(self, written):
        """Return how many live articles a commit that wrote ``written`` articles may merge.

        >>> Tiers().budget(100), Tiers().budget(2000), Tiers().budget(math.inf)
        (500, 200000, inf)
        """
        return self.ratio * written if written >= self.large_commit else self.floor

    def plan(self, sizes, budget=math.inf):
        """Return the groups of segments to merge, each a sorted list of positions in ``sizes``, ``(live, all)`` counts.

        Tiers are settled from the lowest up: while a tier holds ``factor``
        segments, its ``factor`` smallest become one, which joins a higher tier
        and may be taken in there (it is still one merge: each article is written
        once). A merge of more than ``budget`` live articles is left for later. A
        segment whose deleted articles pass ``MAX_DELETED_SHARE`` is rewritten on
        its own when no merge takes it. Segments with no live article are in no
        group: the caller drops them.

        >>> Tiers().plan([(10, 10), (12, 12), (11, 11), (9000, 9000), (13, 13)])
        [[0, 1, 2, 4]]
        >>> Tiers().plan([(10, 10)] * 4, budget=39), Tiers().plan([(70, 100), (10, 10)])
        ([], [[0]])
        """
        units = [(live, [position]) for position, (live, _) in enumerate(sizes) if live > 0]
        for level in itertools.count():
            if all(self.tier(live) < level for live, _ in units):
                break
            while True:
                members = sorted((unit for unit in units if self.tier(unit[0]) == level), key=lambda unit: unit[0])
                chosen = members[: self.factor]
                size = sum(live for live, _ in chosen)
                if len(chosen) < self.factor or size > budget:
                    break
                units = [unit for unit in units if all(unit is not taken for taken in chosen)]
                units.append((size, sorted(itertools.chain.from_iterable(group for _, group in chosen))))
        groups = [group for _, group in units if len(group) > 1]
        groups += [group for live, group in units if len(group) == 1 and live <= budget
                   and sizes[group[0]][1] - live > MAX_DELETED_SHARE * sizes[group[0]][1]]
        return sorted(groups)


def commit(writer, tiers, written=0, pool=None):
    """Commit ``writer``, then merge what ``tiers`` call for, with one write of the table of contents.

    ``written`` is how many articles this commit added, which sets how many it
    may merge; the merges run in the worker processes of ``pool`` when one is given.
    """
    _commit_merged(writer, lambda sizes: tiers.plan(sizes, tiers.budget(written)), tiers.run_bytes, pool)


def settle(ix, tiers, parts=1, pool=None):
    """Merge the segments of a bulk build into ``parts`` of about as many articles each, merged at once in ``pool``.

    A bulk build wrote every article, so each is rewritten once here, as the
    tiers' merges would rewrite most of them; a query then looks each term up in
    ``parts`` segments (one per worker) instead of the dozen the tiers leave.
    """
    writer = ix.writer(**writer_options())
    try:
        _commit_merged(writer, lambda sizes: even_groups([live for live, _ in sizes], parts), tiers.run_bytes, pool)
    except BaseException:
        abandon(writer, ix)
        raise


def even_groups(sizes, parts):
    """Return the groups of neighbouring positions in ``sizes`` (live articles) that cut them into at most ``parts``
    runs of about as many articles, leaving out runs of one segment, which need no merge, and runs that would
    rewrite one segment to take in a few articles (under ``TAIL_SHARE`` of it), which the tiers merge later.

    >>> even_groups([10, 10, 10, 10, 5], 2), even_groups([10, 10, 10], 1), even_groups([9, 1], 2)
    ([[0, 1], [2, 3, 4]], [[0, 1, 2]], [])
    >>> even_groups([5000, 5000, 2], 2), even_groups([5000, 5000, 2], 1)
    ([], [[0, 1, 2]])
    """
    total, groups, done = sum(sizes), [[] for _ in range(parts)], 0
    for position, size in enumerate(sizes):
        # A segment joins the run its middle article falls in.
        groups[min(parts - 1, int((done + size / 2) * parts / max(1, total)))].append(position)
        done += size
    return [group for group in groups if _adds_enough([sizes[position] for position in group])]


def _adds_enough(sizes):
    """Tell whether merging segments of ``sizes`` articles adds at least ``TAIL_SHARE`` of the largest to it."""
    return len(sizes) > 1 and sum(sizes) - max(sizes) >= TAIL_SHARE * max(sizes)


def _commit_merged(writer, plan, run_bytes, pool):
    """Commit ``writer`` with the groups of its live segments that ``plan(sizes)`` gives each merged into one,
    ``sizes`` being their ``(live, all)`` counts; the merges run in ``pool`` when one is given."""
    if writer._added:
        segments = [*writer.segments, writer._finalize_segment()]
    else:
        writer._close_segment()
        segments = list(writer.segments)
    live = [segment for segment in segments if segment.doc_count() > 0]
    groups = plan([(segment.doc_count(), segment.doc_count_all()) for segment in live])
    merged = {position for group in groups for position in group}
    kept = [segment for position, segment in enumerate(live) if position not in merged]
    merges = [[live[position] for position in group] for group in groups]
    run = map if pool is None else pool.map
    fresh = run(merge_in, [writer.storage.folder] * len(merges), [writer.schema] * len(merges), merges,
                [run_bytes] * len(merges))
    writer._commit_toc(kept + list(fresh))
    writer._finish()


def merge_in(index_dir, schema, segments, run_bytes):
    """Merge ``segments`` of the index in ``index_dir`` into one new segment and return it; runs in any process."""
    return merge_segments(open_mapped(index_dir), schema, segments, run_bytes)


def merge_segments(ix, schema, segments, run_bytes):
    """Write the live articles of ``segments``, in order, as one new segment of ``ix`` and return it.

    The segment joins the index when a table of contents lists it in place of
    ``segments``. Terms are read from all the segments at once in term order,
    so a merge holds one run of about ``run_bytes`` bytes of postings at a time, however large it is, and
    lets go of the pages of ``ix``'s mapped files it has read after each run and each field.
    """
    readers = [SegmentReader(ix.storage, schema, segment) for segment in segments]
    writer = BulkSegmentWriter(ix)
    writer.schema = schema
    try:
        renumber = Renumbering([_copy_documents(writer, reader) for reader in readers])
        ix.storage.release()
        indexed = set().union(*(reader.indexed_field_names() for reader in readers))
        for fieldname in sorted(name for name in indexed if name in schema):
            if stores_arrays(writer.codec, schema[fieldname].format):
                _merge_arrays(writer.fieldwriter, fieldname, readers, renumber, run_bytes, ix.storage.release)
            else:
                terms = heapq.merge(*(_terms_of(reader, fieldname, part) for part, reader in enumerate(readers)))
                writer.fieldwriter.add_terms(schema, _merged_blocks(fieldname, terms, readers, renumber))
            ix.storage.release()
        return writer._finalize_segment()
    except BaseException:
        writer._close_segment()
        raise
    finally:
        for reader in readers:
            reader.close()


def _copy_documents(writer, reader):
    """Copy the stored fields, lengths and columns of the live articles of ``reader``; return their new numbers.

    The array holds, for each old document number, the new one, or -1 for a deleted article.
    """
    start = writer.docnum
    renumbered = writer.write_per_doc(set(writer.schema.names()), reader)
    if renumbered is None:
        return numpy.arange(start, writer.docnum, dtype=numpy.int64)
    numbers = numpy.full(reader.doc_count_all(), -1, numpy.int64)
    numbers[numpy.fromiter(renumbered, numpy.int64, len(renumbered))] = list(renumbered.values())
    return numbers


class Renumbering:
    """The new document number of every old one, segment by segment; -1 for a deleted article."""

    def __init__(self, numbers):
        """Hold ``numbers``, one array per merged segment, indexed by the old document number."""
        self.table = numpy.concatenate([numpy.empty(0, numpy.int64), *numbers])
        self.offsets = numpy.cumsum([0] + [len(part) for part in numbers[:-1]])

    def __call__(self, parts, docnums):
        """Return the new numbers of ``docnums``, each one's segment given by ``parts``."""
        return self.table[self.offsets[parts] + docnums]


def _terms_of(reader, fieldname, part):
    """Yield ``(term bytes, part, term info)`` of every term of a field a segment keeps in Whoosh's blocks, in order."""
    for (name, term), info in reader._terms.items_from(fieldname, b""):
        if name != fieldname:
            return
        yield term, part, info


def _merge_arrays(fieldwriter, fieldname, readers, renumber, run_bytes, release):
    """Write a frequency field of the merged segments, a run of terms of about ``run_bytes`` bytes of postings at a time,
    calling ``release`` after each.

    Each run is read from every segment at once, renumbered and written with array
    operations, its terms kept as dictionary keys; within a term, postings stay in
    segment order, which is document order.
    """
    cursors = [_cursor(reader, fieldname) for reader in readers]
    for cut in [*_cuts(cursors, run_bytes), None]:
        _write_run(fieldwriter, fieldname, [cursor.take_until(cut) for cursor in cursors], renumber)
        release()


def _cuts(cursors, run_bytes):
    """Return the keys that cut the segments' merged terms into runs of about ``run_bytes`` bytes of postings."""
    cuts, gathered = [], 0
    for head, size in sorted(itertools.chain.from_iterable(cursor.sizes() for cursor in cursors)):
        if gathered >= run_bytes:
            cuts.append(head)
            gathered = 0
        gathered += size
    return cuts


def _write_run(fieldwriter, fieldname, runs, renumber):
    """Write the terms of one run, ``_Terms`` of each segment, renumbered, without the postings of deleted
    articles and the terms only they held."""
    keys = [key for run in runs for key in run.keys]
    if not keys:
        return
    parts = numpy.repeat(numpy.arange(len(runs)), [len(run.keys) for run in runs])
    counts = numpy.concatenate([run.counts for run in runs])
    # A stable sort: the segments holding one term stay in their order.
    order = numpy.array(sorted(range(len(keys)), key=keys.__getitem__), numpy.int64)
    ids, weights, starts = reordered(numpy.concatenate([run.ids for run in runs]),
                                     numpy.concatenate([run.weights for run in runs]),
                                     numpy.concatenate([[0], numpy.cumsum(counts)]), order)
    counts = numpy.diff(starts)
    ids = renumber(numpy.repeat(parts[order], counts), ids)
    ordered = [keys[i] for i in order]
    first = numpy.fromiter(itertools.chain([True], map(operator.ne, ordered[1:], ordered)), bool, len(ordered))
    owners = numpy.repeat(numpy.cumsum(first) - 1, counts)
    live = ids >= 0
    held = numpy.bincount(owners[live], minlength=int(first.sum()))
    if held.any():
        fieldwriter.add_keyed_arrays(fieldname, list(itertools.compress(itertools.compress(ordered, first), held > 0)),
                                     ids[live], weights[live], numpy.concatenate([[0], numpy.cumsum(held[held > 0])]))


# The terms of a run in one segment, in key order: their keys and article counts, and their postings one after another.
_Terms = collections.namedtuple("_Terms", "keys counts ids weights")


def _cursor(reader, fieldname):
    """Return what reads a segment's terms of a frequency field in key order, a run at a time."""
    terms = reader._terms
    if fieldname in getattr(terms, "dictionary", {}):
        return _DictionaryCursor(terms, terms.dictionary.fields[fieldname])
    return _WalkedCursor(reader, fieldname)


class _DictionaryCursor:
    """A segment's terms of a frequency field read from its sorted dictionary, a block at a time."""

    def __init__(self, terms, field):
        """Read ``field``, the FieldTerms of one field, through the terms reader ``terms``."""
        self.terms, self.field, self.block = terms, field, 0
        # The terms of the last block read that a run left for the next: keys, counts, and the bounds of their
        # postings (one more than the keys: each term's postings end where the next one's start).
        self.left = [], [], []

    def sizes(self):
        """Return ``(first key, bytes of postings)`` of each block."""
        return self.field.block_sizes()

    def take_until(self, cut):
        """Return the ``_Terms`` of the next keys before ``cut``, or of all the others when ``cut`` is None."""
        keys, counts, bounds = self.left
        while self.block < self.field.blocks and (cut is None or self.field.head(self.block) < cut):
            block_keys, block_counts, block_bounds = self.field.block_entries(self.block)
            keys.extend(block_keys)
            counts.extend(block_counts)
            bounds.extend(block_bounds[1:] if bounds else block_bounds)
            self.block += 1
        taken = len(keys) if cut is None else bisect.bisect_left(keys, cut)
        self.left = keys[taken:], counts[taken:], bounds[taken:]
        if not taken:
            return _Terms([], numpy.zeros(0, numpy.int64), numpy.zeros(0, numpy.int64), numpy.zeros(0, numpy.float32))
        ids, weights = self.terms.read_run(counts[:taken], bounds[: taken + 1])
        return _Terms(keys[:taken], numpy.array(counts[:taken], numpy.int64), ids, weights)


class _WalkedCursor:
    """A segment's terms of a frequency field kept in Whoosh's block format, walked posting by posting."""

    def __init__(self, reader, fieldname):
        """Read every term of ``fieldname`` in ``reader``, sorted by key."""
        walked = sorted((key_of(term), _walked(reader, fieldname, term, info))
                        for term, _, info in _terms_of(reader, fieldname, 0))
        self.keys = [key for key, _ in walked]
        self.lists = [lists for _, lists in walked]

    def sizes(self):
        """Return no block sizes: these terms are few, and read whole."""
        return []

    def take_until(self, cut):
        """Return the ``_Terms`` of the next keys before ``cut``, or of all the others when ``cut`` is None."""
        taken = len(self.keys) if cut is None else bisect.bisect_left(self.keys, cut)
        keys, lists = self.keys[:taken], self.lists[:taken]
        self.keys, self.lists = self.keys[taken:], self.lists[taken:]
        ids = [numpy.frombuffer(numbers, numpy.uint32) for numbers, _ in lists]
        weights = [numpy.frombuffer(frequencies, numpy.float32) for _, frequencies in lists]
        return _Terms(keys, numpy.array([len(numbers) for numbers in ids], numpy.int64),
                      numpy.concatenate([numpy.zeros(0, numpy.int64), *ids]),
                      numpy.concatenate([numpy.zeros(0, numpy.float32), *weights]))


def _merged_blocks(fieldname, terms, readers, renumber):
    """Yield ``(field, term, docnums, weights, values)`` of a field in Whoosh's block format, live articles only.

    ``terms`` are ``(term, segment, term info)`` in term and segment order.
    """
    for term, entries in itertools.groupby(terms, key=operator.itemgetter(0)):
        ids, weights, values = [], [], []
        for _, part, info in entries:
            for docnum, weight, value in _block_postings(readers[part], fieldname, term, info):
                number = int(renumber(part, docnum))
                if number >= 0:
                    ids.append(number)
                    weights.append(weight)
                    values.append(value)
        if ids:
            yield fieldname, term, ids, weights, values


def _walked(reader, fieldname, term, info):
    """Return ``(docnums, weights)`` arrays of a term a segment holds in Whoosh's block format."""
    ids, weights = array.array("I"), array.array("f")
    for docnum, weight, _ in _block_postings(reader, fieldname, term, info):
        ids.append(docnum)
        weights.append(weight)
    return ids, weights


def _block_postings(reader, fieldname, term, info):
    """Yield ``(docnum, weight, encoded value)`` of every posting of a term a segment holds in Whoosh's block format."""
    matcher = reader.codec().postings_reader(reader._terms._postfile, info, reader.schema[fieldname].format,
                                             term=(fieldname, term))
    while matcher.is_active():
        yield matcher.id(), matcher.weight(), matcher.value()
        matcher.next()


class BatchWriter:
    """Writes changes to an index in atomic commits of about ``size`` documents, each followed by the merges it calls for.

    A commit comes only between two calls of ``wrote``, so the caller decides which
    documents always go in together (all the briefs of one file).
    """

    def __init__(self, ix, size, tiers):
        """Open the first writer on ``ix``; commits merge as ``tiers`` say."""
        self.ix, self.size, self.tiers, self.count, self.dirty = ix, size, tiers, 0, False
        self.writer = ix.writer(**writer_options())

    def delete(self, key):
        """Delete the document of ``key`` in the current batch."""
        self.writer.delete_by_term("key", key)
        self.dirty = True

    def update(self, fields):
        """Add the document of ``fields``, in place of any document with the same key."""
        self.writer.update_document(**fields)
        self.dirty = True

    def wrote(self, documents):
        """Count ``documents`` more written, committing the batch when it is full."""
        before, self.count = self.count, self.count + documents
        # Each commit may merge as much as the whole run has written so far, so a large run's last small
        # commit still does the merges its batches called for.
        if self.count // self.size > before // self.size:
            commit(self.writer, self.tiers, written=self.count)
            self.writer, self.dirty = self.ix.writer(**writer_options()), False

    def commit(self):
        """Commit the last batch, or drop the writer when it holds no change."""
        if self.dirty:
            commit(self.writer, self.tiers, written=self.count)
        else:
            self.writer.cancel()

    def cancel(self):
        """Drop the uncommitted batch and the files it wrote."""
        abandon(self.writer, self.ix)
