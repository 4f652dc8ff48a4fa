"""What a search returns: hits, and pages of them in the JSON shape shared by the CLI and the API."""

import dataclasses

from archive.engine.schema import split_places
from archive.query.model import Query


@dataclasses.dataclass
class Hit:
    """One article in a result list."""

    path: str
    slug: str
    title: str
    date: str | None
    score: float
    snippet: str
    author: str | None
    places: list
    source: str | None
    # The near-duplicate group the article is in, and how many other articles the archive holds in it.
    group: str = ""
    similar: int = 0


@dataclasses.dataclass
class SearchPage:
    """One page of results for a query, with facets, a spelling suggestion, readings, and the parsed Query itself."""

    query: str
    parsed: Query
    # How many articles match, and how many near-duplicate groups they make: the page lists one article per group.
    total: int
    groups: int
    page: int
    limit: int
    sort: str
    hits: list
    facets: dict
    suggestion: str | None = None
    # The readings of words typed without accents: the one ranked first, then the others, with counts.
    readings: list = dataclasses.field(default_factory=list)
    loose: bool = False
    terms: list = dataclasses.field(default_factory=list)
    warnings: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    @property
    def pages(self):
        """Return the number of result pages, one article per group."""
        return max(1, -(-self.groups // self.limit))

    def to_dict(self):
        """Return the page in the JSON shape shared by the CLI and the API."""
        shown = {field.name: getattr(self, field.name) for field in dataclasses.fields(self) if field.name != "parsed"}
        return {name: [dataclasses.asdict(hit) for hit in value] if name == "hits" else value
                for name, value in shown.items()} | {"pages": self.pages}


def full_text(fields, with_title=True):
    """Return an article's stored title, lead and body as one text; an article may have no title.

    >>> full_text({"title": "Bão số 3", "body": "Mưa to."}).split("\\n"), full_text({"lead": "Sáng nay"}).split("\\n")
    (['Bão số 3', '', 'Mưa to.'], ['', 'Sáng nay', ''])
    """
    parts = [fields.get("title", "")] if with_title else []
    return "\n".join([*parts, fields.get("lead", ""), fields.get("body", "")])


PUBLIC_FIELDS = ("slug", "path", "title", "lead", "body", "markdown", "author", "source", "group")


def public_article(fields):
    """Return an article's stored fields as JSON-ready data, without internal ones."""
    date = fields.get("date")
    return {name: fields.get(name, "") for name in PUBLIC_FIELDS} | {
        "markdown": bool(fields.get("markdown")),
        "author": fields.get("author"),
        "source": fields.get("source"),
        "date": date.isoformat() if date else None,
        "places": split_places(fields.get("places", "")),
    }


HIT_FIELDS = ("path", "slug", "title", "date", "author", "places", "source", "group")


def hit_from(fields, score=0.0, text_snippet=""):
    """Return a Hit built from an article's stored fields."""
    article = public_article(fields)
    return Hit(**{name: article[name] for name in HIT_FIELDS}, score=round(float(score), 4), snippet=text_snippet)


