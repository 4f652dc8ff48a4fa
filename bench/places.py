"""Places on corpus articles: how many facet values are real units under their canonical names.

Usage: python bench/places.py CORPUS_DIR META.jsonl.gz [--articles N] [--seed SEED] [--mentions K]
       [--gazetteer TSV]

N articles (20,000) are drawn at random with the seed, extracted, and every
place value is looked up in the gazetteer table (by default the shipped
``archive/ingest/data/gazetteer.tsv``): a value counts as found when it is
exactly "Type Name" of a unit there. Shares are given over distinct values and
over article-value pairs. Then K mentions (100) are drawn at random from all
mentions in the sample and printed with their context, to be judged by hand.
"""

import argparse
import collections
import gzip
import json
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from archive.ingest.extract import load  # noqa: E402
from archive.ingest.places import PLACE, find_places  # noqa: E402
from archive.ingest.reader import SkippedFile, SourceFile  # noqa: E402

TABLE = pathlib.Path(__file__).resolve().parent.parent / "archive" / "ingest" / "data" / "gazetteer.tsv"
CONTEXT = 50


def canonical_names(table):
    """Return the set of "Type Name" strings the gazetteer table holds."""
    with open(table, encoding="utf-8") as lines:
        next(lines)
        return {" ".join(line.split("\t")[1:3]) for line in lines if line.strip()}


def mentions(article):
    """Yield ``(value, context)`` for every place mention in an article's text."""
    text = "\n".join([article.title, article.lead, article.body])
    for match in PLACE.finditer(text):
        values = find_places(match.group(0))
        if values:
            start, end = max(0, match.start() - CONTEXT), match.end() + CONTEXT
            yield values[0], text[start:end].replace("\n", " ")


def main(argv=None):
    """Parse arguments, extract the sample and print the shares and the mentions to judge."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("meta")
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--mentions", type=int, default=100)
    parser.add_argument("--gazetteer", default=str(TABLE))
    args = parser.parse_args(argv)
    names = canonical_names(args.gazetteer)
    with gzip.open(args.meta, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    rng = random.Random(args.seed)
    root = pathlib.Path(args.corpus)
    values = collections.Counter()
    found = []
    for row in rng.sample(rows, args.articles):
        article = load(SourceFile(root, str(root / row["path"]), row["path"]), 8 << 20)
        if isinstance(article, SkippedFile):
            continue
        values.update(article.places)
        found.extend((row["path"], value, context) for value, context in mentions(article))
    real = sum(1 for value in values if value in names)
    pairs = sum(values.values())
    real_pairs = sum(count for value, count in values.items() if value in names)
    print(f"{args.articles} articles, {len(values)} distinct place values, {pairs} article-place pairs")
    print(f"distinct values in the gazetteer: {real / len(values):.1%}; pairs: {real_pairs / pairs:.1%}")
    print("most common values not in the gazetteer:",
          ", ".join(f"{v} ({c})" for v, c in values.most_common() if v not in names)[:600])
    print(f"\n{args.mentions} random mentions (of {len(found)}), to judge by hand:")
    for number, (path, value, context) in enumerate(rng.sample(found, min(args.mentions, len(found))), 1):
        print(f"{number:3}. {value!r:40} {path}\n     …{context}…")


if __name__ == "__main__":
    main()
