"""Full index builds: source folders in, a complete Whoosh index swapped into place."""

import dataclasses
import os
import pathlib
import shutil
import time

from whoosh import index as whoosh_index

from archive.article import slug_for
from archive.extract import load
from archive.reader import SkippedFile, discover
from archive.schema import FACET_SEPARATOR, build_schema
from archive.vietnamese import index_terms

WRITER_MEMORY_MB = 256


@dataclasses.dataclass
class BuildReport:
    """What a build did: how many articles went in, which files were skipped and why, how long it took."""

    indexed: int = 0
    skipped: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0


def document_key(source):
    """Return the unique key of a source file: its folder and its path inside it."""
    return f"{source.root.as_posix()}//{source.relpath}"


def unique_slug(title, taken):
    """Return the slug of ``title``, numbered when another article already has it, and reserve it.

    >>> taken = set()
    >>> unique_slug("Hải Châu", taken), unique_slug("Hải Châu", taken)
    ('hai-chau', 'hai-chau-2')
    """
    base = slug_for(title)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def document(article, key, slug):
    """Return the Whoosh fields of one article."""
    content = "\n".join(part for part in (article.title, article.lead, article.body) if part)
    exact, folded, pairs = index_terms(content)
    source = article.source or ""
    fields = {
        "key": key,
        "path": article.path,
        "slug": slug,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "markdown": article.markdown,
        "title_exact": article.title,
        "title_folded": article.title,
        "content_exact": exact,
        "content_folded": folded,
        "content_bigrams": pairs,
        "author_folded": article.author or "",
        "place_folded": "\n".join(article.places),
        "source_folded": source,
        "author": article.author or "",
        "places": FACET_SEPARATOR.join(article.places),
        "source": source,
    }
    if article.date:
        fields["date"] = article.date
        fields["year"] = article.date.year
    return {name: value for name, value in fields.items() if value not in ("", [])}


def source_name(source):
    """Return the publisher name used when an article names none: its top folder, else its source folder."""
    parts = source.relpath.split("/")
    return parts[0] if len(parts) > 1 else source.root.name


def build(source_dirs, index_dir, max_bytes, progress=None):
    """Index every article under ``source_dirs`` into a new index that replaces ``index_dir`` when complete."""
    started = time.monotonic()
    report = BuildReport()
    sources = []
    for found in discover(source_dirs):
        if isinstance(found, SkippedFile):
            report.skipped.append(found)
        else:
            sources.append(found)
    index_dir = pathlib.Path(index_dir)
    staging = index_dir.with_name(f".{index_dir.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    ix = whoosh_index.create_in(staging, build_schema())
    taken = set()
    with ix.writer(limitmb=WRITER_MEMORY_MB) as writer:
        for done, source in enumerate(sources, 1):
            article = load(source, max_bytes)
            if isinstance(article, SkippedFile):
                report.skipped.append(article)
            else:
                article.source = article.source or source_name(source)
                writer.add_document(**document(article, document_key(source), unique_slug(article.title, taken)))
                report.indexed += 1
            if progress:
                progress(done, len(sources))
    swap_in(staging, index_dir)
    report.seconds = time.monotonic() - started
    return report


def swap_in(staging, index_dir):
    """Replace ``index_dir`` by the finished ``staging`` folder, so readers never see a half-built index."""
    retired = index_dir.with_name(f".{index_dir.name}.retired-{os.getpid()}")
    if index_dir.exists():
        keep = [entry for entry in index_dir.iterdir() if entry.name == "README.md"]
        for entry in keep:
            shutil.copy2(entry, staging / entry.name)
        index_dir.rename(retired)
    staging.rename(index_dir)
    shutil.rmtree(retired, ignore_errors=True)
