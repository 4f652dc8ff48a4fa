"""A searchable archive of Vietnamese news articles: the library's public API.

``build`` and ``reindex`` keep an index in step with folders of articles, as
``BuildOptions`` say;
``Archive`` searches and reads it; ``parse`` turns typed text into a ``Query``.
The layers below are ``text`` (normalisation), ``ingest`` (files to articles),
``engine`` (the only package that knows Whoosh), ``query`` (syntax, search,
snippets, suggestions) and ``upkeep`` (builds, reindexing, locking, watching).
"""

from archive.engine.index import IndexMissing, IndexOutdated
from archive.ingest.reader import SkippedFile, SourceDirError
from archive.query.model import Clause, DateRange, Query
from archive.query.search import Archive
from archive.query.syntax import filter_clause, parse
from archive.settings import SettingError
from archive.upkeep.build import build
from archive.upkeep.locking import IndexBusy
from archive.upkeep.options import BuildOptions
from archive.upkeep.reindex import reindex

__all__ = ["Archive", "BuildOptions", "Clause", "DateRange", "IndexBusy", "IndexMissing", "IndexOutdated", "Query",
           "SettingError", "SkippedFile", "SourceDirError", "build", "filter_clause", "parse", "reindex"]
