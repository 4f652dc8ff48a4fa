"""The Whoosh schema: every field, and why it exists."""

from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema

from archive.analysis import bigram_analyzer, exact_analyzer, folded_analyzer

# Separates the values of a multi-valued facet column (places).
FACET_SEPARATOR = "\x1f"


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
        # Matching: the title alone, so `title:` works and title hits weigh more.
        title_exact=TEXT(analyzer=exact_analyzer(), phrase=True),
        title_folded=TEXT(analyzer=folded_analyzer(), phrase=True),
        # Matching: title, lead and body, with accents, without, and as syllable pairs.
        content_exact=TEXT(analyzer=exact_analyzer(), phrase=True),
        content_folded=TEXT(analyzer=folded_analyzer(), phrase=True),
        content_bigrams=TEXT(analyzer=bigram_analyzer(), phrase=False),
        # Filters: `author:` and `place:` match accent-free words of their names.
        author_folded=TEXT(analyzer=folded_analyzer(), phrase=True),
        place_folded=TEXT(analyzer=folded_analyzer(), phrase=True),
        source_folded=TEXT(analyzer=folded_analyzer(), phrase=True),
        # Sorting and date ranges; `year` is the facet column of the date.
        date=DATETIME(stored=True, sortable=True),
        year=NUMERIC(sortable=True, signed=False),
        # Facet columns hold the display value, so counting needs no stored-field reads.
        author=ID(stored=True, sortable=True),
        places=ID(stored=True, sortable=True),
        source=ID(stored=True, sortable=True),
    )
