"""How bulk builds cut the index into Whoosh segments: memory-sized pieces, written apart and committed together.

Whoosh sorts a segment's postings in memory and, past its memory limit, pickles
them to temporary runs and merges those back: on a whole archive that spilling
was most of a build's time. A bulk build therefore writes a new segment every
so many articles (the build's ``segment_docs``), its postings grouped by term in memory,
and commits all of them at once with one write of the table of contents, so
readers still switch from the old index to the new one in a single step.

Which segments are merged afterwards, and how, is ``archive.engine.merging``.
"""

import array
import collections
import concurrent.futures
import itertools

import numpy
from whoosh import columns
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from archive.engine.codec import stores_arrays
from archive.engine.keys import key_of
from archive.engine.postings import segment_lengths
from archive.engine.schema import writer_options
from archive.engine.storage import remove_leftovers

# Segments handed to worker processes and not yet written, at most: each holds its articles in memory.
# Writing a segment takes longer than reading one, so both workers may be writing at once.
SEGMENTS_AHEAD = 2




class TermGroups:
    """A posting pool that files each posting under its term as it arrives, compactly, instead of sorting them all.

    Whoosh's pool keeps every posting as a tuple and sorts them all, which was a
    large part of a build and most of its memory. Documents are numbered in the
    order they are added, so each term's postings arrive in order: they are kept
    as arrays per term, and only the terms are sorted.

    The content fields come as whole lists of a document's terms (``add_list``):
    those are counted and numbered a document at a time, kept in three flat
    arrays per field, and grouped by term with one sort when the segment is written.
    """

    def __init__(self):
        """Start with no postings."""
        self._terms, self._values = {}, {}
        # Per listed field: {term: number}, and the term numbers, documents and frequencies of its postings.
        self._numbers, self._lists = collections.defaultdict(dict), {}

    def add(self, posting):
        """Keep one ``(field, term bytes, docnum, weight, value)`` posting."""
        fieldname, btext, docnum, weight, value = posting
        term = self._terms.get((fieldname, btext))
        if term is None:
            term = self._terms[fieldname, btext] = (array.array("I"), array.array("d"), [])
        term[0].append(docnum)
        term[1].append(weight)
        # Most values are a small encoded frequency: one shared bytes object each.
        term[2].append(self._values.setdefault(value, value))

    def add_list(self, fieldname, docnum, terms):
        """Keep the postings of one document's list of terms in a frequency field; return the list's length."""
        counts = collections.Counter(terms)
        numbers = self._numbers[fieldname]
        numbered, docnums, frequencies = self._lists.setdefault(
            fieldname, (array.array("I"), array.array("I"), array.array("f")))
        numbered.extend([numbers.setdefault(term, len(numbers)) for term in counts])
        docnums.extend(itertools.repeat(docnum, len(counts)))
        frequencies.extend(counts.values())
        return len(terms)

    def write(self, fieldwriter, schema):
        """Write every term with its postings through ``fieldwriter``, one field after another."""
        for fieldname in sorted({field for field, _ in self._terms} | set(self._lists)):
            if fieldname in self._lists:
                fieldwriter.add_keyed_arrays(fieldname, *self._sorted_list(fieldname))
            else:
                fieldwriter.add_terms(schema, self._field_terms(fieldname))

    def _field_terms(self, fieldname):
        """Yield ``(field, term bytes, docnums, weights, values)`` for every term of one field, sorted by term."""
        for key in sorted(key for key in self._terms if key[0] == fieldname):
            yield (*key, *self._terms.pop(key))

    def _sorted_list(self, fieldname):
        """Return ``(keys, docnums, frequencies, starts)`` of a listed field, grouped by term in the order of the
        terms' dictionary keys (``archive.engine.keys``), which the dictionary is written in."""
        names = self._numbers.pop(fieldname)
        numbered, docnums, frequencies = (numpy.frombuffer(data, data.typecode) for data in self._lists.pop(fieldname))
        # The terms in the order they were numbered, so that a term's number is its place here.
        keys = [key_of(term.encode()) for term in names]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        rank = numpy.empty(len(keys), numpy.int64)
        rank[order] = numpy.arange(len(keys))
        # A stable sort: within a term, documents stay in the order they were added.
        ranked = rank[numbered]
        by_term = numpy.argsort(ranked, kind="stable")
        starts = numpy.concatenate([[0], numpy.cumsum(numpy.bincount(ranked, minlength=len(keys)))])
        return [keys[number] for number in order], docnums[by_term], frequencies[by_term], starts

    def cleanup(self):
        """Let go of the postings."""
        self._terms.clear()
        self._numbers.clear()
        self._lists.clear()


class BulkSegmentWriter(SegmentWriter):
    """Whoosh's segment writer, keeping its postings in ``TermGroups``: a bulk segment fits in memory.

    The content fields' term lists skip Whoosh's loop over postings: the pool
    takes each list whole, and their lengths go to the per-document writer.
    """

    def __init__(self, ix):
        """Open a writer for one new segment of ``ix``; the bulk writer holds the index's lock."""
        super().__init__(ix, _lk=False, **writer_options())
        self.pool = TermGroups()

    def add_document(self, **fields):
        """Add one document, its lists of frequency terms filed by the pool in one call each."""
        lists = {name: fields.pop(name) for name in list(fields)
                 if isinstance(fields[name], list) and stores_arrays(self.codec, self.schema[name].format)}
        super().add_document(**fields)
        # Whoosh has finished the document, but its per-document writer still points at it.
        for name, terms in lists.items():
            length = self.pool.add_list(name, self.docnum - 1, terms)
            self.perdocwriter.add_field(name, self.schema[name], None, length)

    def write_per_doc(self, fieldnames, reader):
        """Copy the stored fields, lengths and columns of the live documents of the segment ``reader``, as Whoosh's
        own does (the schema keeps no term vectors), each field's lengths read once for the whole segment, not
        document by document; return Whoosh's map of old to new numbers, None when nothing was deleted."""
        schema, perdoc = self.schema, self.perdocwriter
        docmap = {} if reader.has_deletions() else None
        names = sorted(fieldnames)
        lengths = {name: segment_lengths(reader, name).astype(int).tolist() for name in names}
        values = {name: _raw_column(reader, name, schema[name].column_type) for name in names
                  if schema[name].column_type and reader.has_column(name)}
        for docnum, stored in reader.iter_docs():
            if docmap is not None:
                docmap[docnum] = self.docnum
            perdoc.start_doc(self.docnum)
            for name in names:
                perdoc.add_field(name, schema[name], stored.get(name), lengths[name][docnum])
                if name in values:
                    perdoc.add_column_value(name, schema[name].column_type, values[name][docnum])
            perdoc.finish_doc()
            self.docnum += 1
        return docmap

    def _flush_segment(self):
        """Write the segment's per-document files, then its terms from the pool."""
        self.perdocwriter.close()
        self.pool.write(self.fieldwriter, self.schema)
        self.fieldwriter.close()


def _raw_column(reader, name, column_type):
    """Return the reader of a segment's column of ``name`` as its values are stored, not as they read translated."""
    column = reader.column_reader(name, column_type)
    return column.raw_column() if isinstance(column, columns.TranslatingColumnReader) else column


def write_segment(index_dir, schema, make_fields, items):
    """Write ``items``, each made into fields by ``make_fields``, as one new segment of the index in ``index_dir``.

    Returns the segment, which joins the index when the bulk writer commits; in
    a large build this runs in a worker process.
    """
    writer = BulkSegmentWriter(whoosh_index.open_dir(index_dir))
    writer.schema = schema
    try:
        for number, item in enumerate(items):
            # Its stored fields go to disk as it is added, so the item need not stay in memory.
            items[number] = None
            writer.add_document(**make_fields(item))
    except BaseException:
        writer._close_segment()
        raise
    # Not _finish(): every writer of the index shares one temporary folder, which the main writer removes.
    return writer._finalize_segment()


class BulkWriter:
    """Adds many documents as several segments and commits them together in place of the old ones.

    Documents come as items that ``make_fields``, a module-level function, turns
    into fields; a segment's items are written by ``write_segment``, in ``pool``
    when one is given, while the next segment's are gathered. It drives
    Whoosh-Reloaded 2.7.5's segment writers the way its own multiprocess writer
    does (segments written apart, then one write of the table of contents).
    """

    def __init__(self, ix, schema, make_fields, segment_docs, pool=None):
        """Open a writer on ``ix`` that replaces its documents by ``schema``'s, ``segment_docs`` to a segment."""
        self.ix, self.schema, self.make_fields, self.pool = ix, schema, make_fields, pool
        self.segment_docs = segment_docs
        self.main = ix.writer(**writer_options())
        self.main.schema = schema
        self.gathered, self.writing = [], []

    def add(self, item):
        """Add the document made from ``item``, writing a segment whenever enough are gathered."""
        self.gathered.append(item)
        if len(self.gathered) == self.segment_docs:
            self._write_gathered()

    def _write_gathered(self):
        """Write the gathered items as a segment, in the pool when there is one."""
        task = (self.ix.storage.folder, self.schema, self.make_fields, self.gathered)
        self.gathered = []
        if self.pool is None:
            written = concurrent.futures.Future()
            written.set_result(write_segment(*task))
        else:
            # Each segment not yet written holds its articles in memory: wait until one is.
            unfinished = [written for written in self.writing if not written.done()]
            if len(unfinished) >= SEGMENTS_AHEAD:
                concurrent.futures.wait(unfinished, return_when=concurrent.futures.FIRST_COMPLETED)
            written = self.pool.submit(write_segment, *task)
        self.writing.append(written)

    def commit(self):
        """Make every written segment part of the index in one atomic write of its table of contents."""
        if self.gathered:
            self._write_gathered()
        finished = [written.result() for written in self.writing]
        self.main._close_segment()
        self.main._commit_toc(finished)
        self.main._finish()

    def cancel(self):
        """Abandon every segment written so far and remove their files; the index stays as it was."""
        for written in self.writing:
            written.cancel()
        concurrent.futures.wait(self.writing)
        abandon(self.main, self.ix)


def abandon(writer, ix):
    """Cancel the Whoosh ``writer`` of ``ix`` and remove every file it wrote, also after it failed half way."""
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - the error being handled is the one to report
        # A writer whose commit failed (a full disk) cannot always close its files: it still lets go of the lock.
        if writer.writelock is not None:
            writer.writelock.release()
    finally:
        remove_leftovers(ix)

