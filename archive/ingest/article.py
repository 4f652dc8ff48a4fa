"""The Article: what the extractor makes of one file, and what the index stores."""

import dataclasses
import datetime

from slugify import slugify

from archive.text.vietnamese import fold

SLUG_MAX_LENGTH = 80


@dataclasses.dataclass
class Article:
    """One news article, with its text split into lead and body paragraphs."""

    path: str
    title: str
    body: str
    lead: str = ""
    date: datetime.datetime | None = None
    author: str | None = None
    places: list[str] = dataclasses.field(default_factory=list)
    tags: list[str] = dataclasses.field(default_factory=list)
    source: str | None = None
    markdown: bool = False
    # "article", or "listing", "tag" or "profile" for pages that only list other articles (archive.ingest.kinds).
    kind: str = "article"
    # The likeness signature of the text (archive.ingest.likeness), made when the file is read for indexing.
    likeness: bytes = dataclasses.field(default=b"", repr=False)

    def to_dict(self):
        """Return the article as JSON-ready data, with the date in ISO 8601."""
        data = dataclasses.asdict(self)
        del data["likeness"]
        data["date"] = self.date.isoformat() if self.date else None
        return data


def slug_for(title):
    """Return the URL slug of a title, with Vietnamese letters folded the Vietnamese way.

    >>> slug_for("Đà Nẵng: Quận ủy Hải Châu họp bàn về chính quyền điện tử")
    'da-nang-quan-uy-hai-chau-hop-ban-ve-chinh-quyen-dien-tu'
    >>> slug_for("!!!")
    'bai-viet'
    """
    return slugify(fold(title), max_length=SLUG_MAX_LENGTH, word_boundary=True) or "bai-viet"
