"""The Whoosh schema: every field, and why it exists."""

import collections

from whoosh.columns import FixedBytesColumn, NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.system import pack_uint

from archive.engine.analysis import folded_analyzer, pair_analyzer, word_analyzer
from archive.engine.codec import ArchiveCodec

# Memory for sorting postings before they spill to disk, per writer.
WRITER_MEMORY_MB = 512
# The column that holds each document's manifest record (archive.upkeep.manifest).
RECORD_FIELD = "record"
# The column of each document's likeness signature (archive.ingest.likeness), and its near-duplicate group's id.
LIKENESS_FIELD = "likeness"
# A likeness signature's size: 128 values of 2 bytes. A document without one holds zeros.
LIKENESS_BYTES = 256
GROUP_FIELD = "group"
# Separates the values of a multi-valued facet column (places).
FACET_SEPARATOR = "\x1f"


class TermsField(TEXT):
    """A text field that also takes a document's index terms as a ready list, skipping per-token objects.

    The indexer computes the terms with the same functions the field's analyzer
    runs, once per document instead of once per field.
    """

    def index(self, value, **kwargs):
        """Return ``(term bytes, frequency, weight, encoded postings)`` for each distinct term."""
        if isinstance(value, str):
            return super().index(value, **kwargs)
        return _postings(value, self.format)


def _postings(terms, posting_format):
    """Encode a document's list of terms the way ``posting_format`` stores them."""
    boost = posting_format.field_boost
    if posting_format.supports("positions"):
        where = collections.defaultdict(list)
        for position, term in enumerate(terms):
            where[term].append(position)
        return [(t.encode(), len(p), len(p) * boost, posting_format.encode(p)) for t, p in where.items()]
    return [(t.encode(), n, n * boost, pack_uint(n)) for t, n in collections.Counter(terms).items()]


def writer_options():
    """Return the keyword arguments every index writer of the archive is opened with.

    Segments stay separate files, not one compound file: Whoosh-Reloaded 2.7.5 copies
    every part of a compound file it opens into memory (a BytesIO over the mapped
    file), so each searcher held a copy of the whole index.
    """
    return {"codec": ArchiveCodec(), "limitmb": WRITER_MEMORY_MB, "compound": False}


def split_places(value):
    """Return the place names held in one value of the ``places`` column.

    >>> split_places("Quận 9" + FACET_SEPARATOR + "Phường Quang Trung"), split_places("")
    (['Quận 9', 'Phường Quang Trung'], [])
    """
    return value.split(FACET_SEPARATOR) if value else []


def build_schema():
    """Return the schema of the archive's index."""
    return Schema(
        # Identity: one document per file, addressed by its source folder and relative path.
        key=ID(unique=True, stored=True),
        path=ID(stored=True),
        slug=ID(unique=True, stored=True),
        # Display: stored as extracted, shown on result and article pages.
        title=STORED,
        lead=STORED,
        body=STORED,
        markdown=STORED,
        # Matching: the title alone, so `title:` works, with positions for its phrases.
        title_folded=TEXT(analyzer=folded_analyzer(), phrase=True),
        # Ranking: the title's words again, frequencies only, for the bonus of query words in the
        # title: read on every query, and arrays read far faster than positional blocks.
        title_words=TermsField(analyzer=folded_analyzer(), phrase=False),
        # Matching and ranking: title, lead and body, as the spelling of each word and of each pair of
        # neighbouring words. A term holds the folded form and then the exact one, so an accent-free word
        # finds all its spellings as one run of the term dictionary, and a typed accent finds its own.
        # None keeps positions: reading positions was most of a query's time, and a phrase matches as
        # the pairs of its neighbouring words instead.
        content_words=TermsField(analyzer=word_analyzer(), phrase=False),
        content_pairs=TermsField(analyzer=pair_analyzer(), phrase=False),
        # Matching: the same words folded, so that a word typed without accents reads one list, not one per
        # spelling joined at every query; ranking still reads its spellings' counts from content_words.
        content_folded=TermsField(analyzer=folded_analyzer(), phrase=False),
        # Filters: `author:` and `place:` match accent-free words of their names.
        author_folded=TEXT(analyzer=folded_analyzer(), phrase=True),
        place_folded=TEXT(analyzer=folded_analyzer(), phrase=True),
        source_folded=TEXT(analyzer=folded_analyzer(), phrase=True),
        # Sorting and date ranges; `year` is the facet column of the date.
        # Undated articles hold 0 in both columns, so they sort after every dated one.
        date=DATETIME(stored=True, sortable=NumericColumn("Q", default=0)),
        year=NUMERIC(sortable=True, signed=False, default=0),
        # Facet columns hold the display value, so counting needs no stored-field reads.
        author=ID(stored=True, sortable=True),
        places=ID(stored=True, sortable=True),
        source=ID(stored=True, sortable=True),
        # Page kind (article, listing, tag, profile): a term to filter on and a column to count.
        kind=ID(stored=True, sortable=True),
        # Near-duplicates: the group's id as a term, to list a group, and a column, to show each group once.
        **{GROUP_FIELD: ID(stored=True, sortable=True)},
        # Upkeep: what the article was made from, and its likeness signature, which reindexing groups new articles
        # with, both read back without touching stored text; signatures of one size, so a segment's are one block.
        **{RECORD_FIELD: COLUMN(VarBytesColumn()), LIKENESS_FIELD: COLUMN(FixedBytesColumn(LIKENESS_BYTES))},
    )
