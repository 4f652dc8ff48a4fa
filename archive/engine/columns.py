"""Single documents and whole columns of an open index, read for the layers above the engine by number or key.

Columns are read segment by segment: Whoosh-Reloaded 2.7.5's ``MultiReader.column_reader``
misnumbers the documents of every segment after the first.
"""

from archive.engine.postings import live_documents


def document_number(searcher, key):
    """Return the number of the live document whose unique key is ``key``, or None."""
    return searcher.document_number(key=key)


def stored_fields(searcher, docnum):
    """Return the stored fields of the document ``docnum``."""
    return searcher.stored_fields(docnum)


def segment_columns(searcher, *fields):
    """Return ``(offset, live, readers)`` for each segment, in document order.

    ``offset`` is the number of the segment's first document, ``live`` a boolean
    array of which of its documents are not deleted, and ``readers`` one reader of
    each column of ``fields``, indexed by the segment's own document numbers.
    """
    found = []
    for leaf, offset in searcher.reader().leaf_readers():
        found.append((offset, live_documents(leaf), [leaf.column_reader(field) for field in fields]))
    return found


def column_value(searcher, docnum, field):
    """Return the value of the document ``docnum`` in the column ``field``, read from the one segment that holds it."""
    for leaf, offset in searcher.reader().leaf_readers():
        if offset <= docnum < offset + leaf.doc_count_all():
            return leaf.column_reader(field)[docnum - offset]
    raise KeyError(docnum)
