"""Title, date and author accuracy on page layouts the extractor was not written for.

Usage: python bench/layouts.py CORPUS_DIR META.jsonl.gz [--per-family N] [--seed SEED] [--failures K]

Real vims articles (title, date and byline known from the metadata) are wrapped
in layout families modelled on the conventions of Vietnamese portals and
newspapers: breadcrumbs, bylines above or below the text, in capitals or in
parentheses, after a label or a role, two authors, widgets and footers after
the byline, photo captions between paragraphs, and every date shape the date
module reads. Each family draws its own seeded sample of articles and renders
each one with its own seeded choices, then the page goes through
``archive.ingest.extract.extract`` as an unseen file would.

An article is eligible when its metadata title, date and a person's name as
author (two to five capitalised syllables before any "(Theo ...)" credit) are all
present. A title is right when it equals the metadata title (clean + casefold),
a date when it equals the printed date and time, an author when the names
(credits and separators aside) equal the printed names.
"""

import argparse
import collections
import gzip
import json
import pathlib
import random
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from bench.titles import meta_date, norm  # noqa: E402
from archive.ingest.extract import extract  # noqa: E402
from archive.ingest.frontmatter import split_header  # noqa: E402
from archive.ingest.reader import read_text, SourceFile  # noqa: E402
from bench.layout_families import FAMILIES, HELD_OUT, Story  # noqa: E402

MAX_BYTES = 8 * 1024 * 1024
_CREDIT = re.compile(r"\s*(?:\((?:theo|ảnh|nguồn|tổng hợp)\b.*|(?<=\S)Ảnh:.*)$", re.IGNORECASE)
_PERSON = re.compile(r"^(?:[^\W\d_a-zđ][^\W\d_]*\s+){1,4}[^\W\d_a-zđ][^\W\d_]*$")
_SENTENCE_END = re.compile(r"(?<=[.!?…”\"])\s+(?=[\"“]?[^\W\d_a-zđ])")
_SEPARATORS = re.compile(r"\s*(?:[-–—,&]|\bvà\b)\s*")


def person(author):
    """Return the name an author field gives before any credit, or None when it is not a person's name."""
    name = _CREDIT.sub("", author or "").strip()
    credit = re.match(r"(?i:theo|nguồn|ảnh|video)\b|.*tổng hợp", name)
    return name if _PERSON.match(name) and not credit else None


def paragraphs_of(content, rng):
    """Split a one-line article body into paragraphs of one to four sentences."""
    sentences = [s for s in _SENTENCE_END.split(content.strip()) if s]
    paragraphs = []
    while sentences:
        take = rng.randint(1, 4)
        paragraphs.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    return paragraphs


def stories(corpus, rows):
    """Return the eligible vims articles as Story values, in metadata order."""
    root = pathlib.Path(corpus)
    found = []
    for row in rows:
        name, date = person(row.get("author")), meta_date(row.get("date"))
        if row.get("dataset") != "vims" or not (row.get("title") and name and date):
            continue
        text = read_text(SourceFile(root, str(root / row["path"]), row["path"]), MAX_BYTES)
        # The metadata's summary is cut off mid-word, so the first paragraph is the only lead.
        _, content = split_header(text)
        if len(content) < 200:
            continue
        credit = re.search(r"\((theo [^)]*)\)", row["author"], re.IGNORECASE)
        found.append(Story(row["path"], row["title"], date, name, credit.group(1) if credit else "", content))
    return found


def names(author):
    """Return the set of names an author string holds, credits and separators aside, for comparison."""
    name = _CREDIT.sub("", author or "")
    return frozenset(part for part in (norm(p) for p in _SEPARATORS.split(name)) if part)


def score(family, story, rng, pool):
    """Render one story in one family and return ``(field -> right?, page, article, expected)``."""
    others = rng.sample(pool, 8)
    page, expected = family.render(story, paragraphs_of(story.content, rng), rng, [o for o in others if o is not story])
    article = extract(page, story.path)
    right = {
        "title": norm(article.title) == norm(expected.title),
        "date": article.date == expected.date,
        "author": names(article.author) == names(expected.author),
    }
    return right, page, article, expected


def main(argv=None):
    """Parse arguments, run every family and print the table per family and field."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="folder the corpus was extracted to")
    parser.add_argument("meta", help="vi-news-meta.jsonl.gz")
    parser.add_argument("--per-family", type=int, default=120, metavar="N", help="articles per family")
    parser.add_argument("--seed", type=int, default=13, help="seed of the samplers")
    parser.add_argument("--failures", type=int, default=0, metavar="K", help="print K failures per family and field")
    args = parser.parse_args(argv)
    with gzip.open(args.meta, "rt", encoding="utf-8") as lines:
        pool = stories(args.corpus, [json.loads(line) for line in lines])
    print(f"{len(pool)} eligible articles; {args.per_family} per family, seed {args.seed}")
    print(f"{'family':<24}{'n':>5}{'title':>8}{'date':>8}{'author':>8}")
    total = collections.Counter()
    failures = []
    for family in [*FAMILIES, *HELD_OUT]:
        if family is HELD_OUT[0]:
            n = total["n"]
            print(f"{'all':<24}{n:>5}" + "".join(f"{total[f] / n:>8.3f}" for f in ("title", "date", "author")))
            print("written last, as a check (see bench/README.md):")
            total = collections.Counter()
        rng = random.Random(f"{args.seed}:{family.name}")
        sample = rng.sample(pool, min(args.per_family, len(pool)))
        counts = collections.Counter()
        shown = collections.Counter()
        for story in sample:
            right, page, article, expected = score(family, story, rng, pool)
            counts.update(field for field, ok in right.items() if ok)
            for field, ok in right.items():
                if not ok and shown[field] < args.failures:
                    shown[field] += 1
                    failures.append((family.name, field, getattr(expected, field), getattr(article, field), page))
        total.update(counts)
        total["n"] += len(sample)
        n = len(sample)
        print(f"{family.name:<24}{n:>5}" + "".join(f"{counts[f] / n:>8.3f}" for f in ("title", "date", "author")))
    n = total["n"]
    print(f"{'written last':<24}{n:>5}" + "".join(f"{total[f] / n:>8.3f}" for f in ("title", "date", "author")))
    for name, field, want, got, page in failures:
        print(f"\n# {name} {field}: want {want!r} got {got!r}\n" + "\n".join(page.split("\n")[:14]))


if __name__ == "__main__":
    main()
