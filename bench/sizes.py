"""Sizes: where an index's bytes are, by kind of file and, for the term dictionary and postings, by field.

Run from the project root on a built index (not part of CI):

    python bench/sizes.py INDEX_DIR

Files are grouped by what they hold (term dictionary, postings, stored fields,
field lengths, columns); each indexed field shows its terms, the bytes of its
term texts, its postings, and the share of its terms held by one article only.
"""

import argparse
import collections
import itertools
import pathlib
import re

from whoosh.codec.whoosh3 import W3TermsReader

from archive.engine.index import open_index

_KINDS = (("term dictionary", re.compile(r"\.(trm|dic)$")), ("postings", re.compile(r"\.(pst|pos)$")),
          ("stored fields", re.compile(r"\._stored\.col$")), ("field lengths", re.compile(r"_len\.col$")),
          ("columns", re.compile(r"\.col$")))


def kind_of(name):
    """Return what an index file holds, judged by its name.

    >>> kind_of("MAIN_x.trm"), kind_of("MAIN_x._stored.col"), kind_of("MAIN_x.places.col"), kind_of("_MAIN_1.toc")
    ('term dictionary', 'stored fields', 'columns', 'other')
    """
    return next((kind for kind, pattern in _KINDS if pattern.search(name)), "other")


def file_bytes(folder):
    """Return ``{kind: bytes}`` of the files of an index folder."""
    sizes = collections.Counter()
    for path in pathlib.Path(folder).iterdir():
        sizes[kind_of(path.name)] += path.stat().st_size
    return sizes


def field_stats(ix):
    """Return ``{field: Counter(terms, text bytes, postings, single, dictionary bytes, postings bytes)}`` over every
    segment of ``ix``; the byte counts are known for the fields of the sorted dictionary only."""
    stats = collections.defaultdict(collections.Counter)
    with ix.searcher() as searcher:
        for segment, _ in searcher.reader().leaf_readers():
            terms = segment._terms
            listed = terms.dictionary.fields if hasattr(terms, "dictionary") else {}
            for name, field in listed.items():
                stats[name]["dictionary bytes"] += field.end - field.block_at[0]
                stats[name]["postings bytes"] += field.bases[-1] - field.bases[0]
                count(stats[name], field.from_term(b""), lambda entry: entry.df)
            # Whoosh's own table only: the reader's items() would make a term info of every dictionary term,
            # decoding its postings, for terms counted above already.
            for name, items in itertools.groupby(W3TermsReader.items(terms), key=lambda item: item[0][0]):
                count(stats[name], ((term, info) for (_, term), info in items), lambda info: info.doc_frequency())
    return stats


def count(found, items, df):
    """Add the terms ``items`` (``(term bytes, entry)``) to the Counter ``found``, reading counts with ``df``."""
    for term, entry in items:
        documents = df(entry)
        found["terms"] += 1
        found["text bytes"] += len(term)
        found["postings"] += documents
        found["single"] += documents == 1


def main():
    """Print the bytes of each kind of file, then the terms of each field."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", help="an index folder")
    args = parser.parse_args()
    sizes = file_bytes(args.index)
    total = sum(sizes.values())
    print("| file kind | MB | share |\n|---|---|---|")
    for kind, size in sizes.most_common():
        print(f"| {kind} | {size / 2**20:.1f} | {size / total:.0%} |")
    print(f"| all | {total / 2**20:.1f} | |\n")
    print("| field | terms | text MB | postings | held by one article | dictionary MB | postings MB |")
    print("|---|---|---|---|---|---|---|")
    for field, found in sorted(field_stats(open_index(args.index)).items(), key=lambda item: -item[1]["terms"]):
        sizes = [f"{found[part] / 2**20:.1f}" if found[part] else "" for part in ("dictionary bytes", "postings bytes")]
        print(f"| {field} | {found['terms']:,} | {found['text bytes'] / 2**20:.1f} | {found['postings']:,} "
              f"| {found['single'] / found['terms']:.0%} | {' | '.join(sizes)} |")


if __name__ == "__main__":
    main()
