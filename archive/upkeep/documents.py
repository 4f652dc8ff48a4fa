"""An article as the index's fields, and back: what a build or a reindex writes for each document."""

from archive.engine.schema import FACET_SEPARATOR, GROUP_FIELD, LIKENESS_FIELD, RECORD_FIELD, split_places
from archive.ingest.article import Article
from archive.ingest.likeness import article_signature
from archive.text.vietnamese import index_terms


def content_of(article):
    """Return the text an article is matched on: its title, lead and body."""
    return "\n".join(part for part in (article.title, article.lead, article.body) if part)


def document(article, key, slug, group):
    """Return the Whoosh fields of one article, in the near-duplicate group ``group``."""
    words, pairs, folded = index_terms(content_of(article))
    source = article.source or ""
    fields = {
        "key": key,
        "path": article.path,
        "slug": slug,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "markdown": article.markdown,
        "title_folded": article.title,
        "title_words": article.title,
        "content_words": words,
        "content_pairs": pairs,
        "content_folded": folded,
        "author_folded": article.author or "",
        "place_folded": "\n".join(article.places),
        "source_folded": source,
        "author": article.author or "",
        "places": FACET_SEPARATOR.join(article.places),
        "source": source,
        "kind": article.kind,
        GROUP_FIELD: group,
        LIKENESS_FIELD: article.likeness,
    }
    if article.date:
        fields["date"] = article.date
        fields["year"] = article.date.year
    return {name: value for name, value in fields.items() if value not in ("", [], b"")}


def recorded_document(item):
    """Return the Whoosh fields of ``(article, key, slug, manifest record bytes, group)``, the items a build writes."""
    article, key, slug, record, group = item
    return document(article, key, slug, group) | {RECORD_FIELD: record}


def stored_article(fields):
    """Return the Article an index stored, so that it can be indexed again without its file."""
    article = Article(
        path=fields["path"], title=fields["title"], body=fields.get("body", ""), lead=fields.get("lead", ""),
        date=fields.get("date"), author=fields.get("author"), places=split_places(fields.get("places", "")),
        source=fields.get("source"), markdown=bool(fields.get("markdown", False)),
        kind=fields.get("kind", "article"),
    )
    article.likeness = article_signature(article)
    return article
