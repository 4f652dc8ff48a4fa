"""Time the CSV export of 10,000 rows (``/search.csv``) through the real Flask app on an existing index.

Usage: python bench/export.py --index /path/to/full-index [--queries 3] [--seed 14]

Queries: the whole archive, newest first, and ``--queries`` title words drawn with
``--seed`` from the index's own titles among those that match at least 10,000
articles, in relevance order. Each export is read to the end as a client would.
"""

import argparse
import csv
import io
import os
import random
import resource
import time

from archive.query.search import EXPORT_CAP, Archive
from web import create_app


def candidate_words(archive, seed, wanted):
    """Return up to ``wanted`` title words, drawn with ``seed``, each matching at least EXPORT_CAP articles."""
    titles = [hit.title for hit in archive.every_hit("", sort="date", cap=5000)]
    words = sorted({word.lower() for title in titles for word in title.split() if word.isalpha() and len(word) > 2})
    random.Random(seed).shuffle(words)
    chosen = []
    for word in words:
        if archive.search(word, limit=1).total >= EXPORT_CAP:
            chosen.append(word)
            if len(chosen) == wanted:
                break
    return chosen


def timed_export(client, q, sort):
    """Return ``(rows, bytes, seconds to first chunk, seconds to the end)`` of one CSV export."""
    started = time.perf_counter()
    response = client.get("/search.csv", query_string={"q": q, "sort": sort}, buffered=False)
    chunks = iter(response.response)
    first = next(chunks)
    first_at = time.perf_counter() - started
    body = first + b"".join(chunks)
    total = time.perf_counter() - started
    response.close()
    rows = sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1
    return rows, len(body), first_at, total


def main():
    """Run the export benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--queries", type=int, default=3)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    archive = Archive(args.index)
    client = create_app({"ARCHIVE_INDEX_DIR": args.index}).test_client()
    runs = [("", "date")] + [(word, "relevance") for word in candidate_words(archive, args.seed, args.queries)]
    print(f"index: {archive.count()} articles; load average before: {os.getloadavg()}")
    print("| query | sort | matches | rows | MB | first chunk s | whole export s | rows/s |")
    print("|---|---|---|---|---|---|---|---|")
    for q, sort in runs:
        matches = archive.search(q, limit=1).total
        rows, size, first_at, total = timed_export(client, q, sort)
        print(f"| {q or '(whole archive)'} | {sort} | {matches} | {rows} | {size / 1e6:.1f} | {first_at:.2f} | {total:.2f} | {rows / total:.0f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB; load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
