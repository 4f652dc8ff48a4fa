"""Segments: how many an index holds, and what reindexing costs, over a year of weekly batches of new articles.

Run from the project root (not part of CI):

    python bench/segments.py --articles 20000 --weeks 52 --weekly 2000

A random sample (``--seed``) of ``--articles`` corpus articles is built into an
index; then each week ``--weekly`` new articles are added and reindexed: corpus
articles outside the sample while there are some, then distinct copies of
corpus articles (bench/speed.py ``distinct_copy``: other paths, shuffled
paragraphs, every other sentence from another article, shifted digits). After
each reindex it prints the segment count, the reindex's seconds, the index's
megabytes and the load average. At the end ``--small-runs`` reindexes of
``--small`` new files are timed, and
``--checks`` added articles are looked up by their titles (a known-item check).

With ``--plan-only`` nothing is indexed: the same schedule runs through the
merge plan alone (``archive.engine.merging.Tiers.plan``), the first build
taken as segments of ``BuildOptions().segment_docs``, which gives the segment counts and the
articles merged at sizes too large to build here.
"""

import argparse
import math
import os
import pathlib
import random
import shutil
import subprocess
import tempfile
import time

from whoosh import index as whoosh_index

from archive import BuildOptions, settings
from archive.ingest.extract import load
from archive.ingest.reader import SkippedFile, discover
from archive.query.search import Archive
from archive.upkeep.build import build
from archive.upkeep.reindex import reindex
from churn import folder_mb
from quality import META, ROOT, choose, stage
from speed import distinct_copy, read_article


def load_average():
    """Return the load averages as one string."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class NewArticles:
    """Hands out batches of articles the index has not seen: unused corpus files first, then distinct copies."""

    def __init__(self, corpus, rows, seed):
        """Draw from ``rows`` of ``corpus``, in order; copies are made with a generator seeded by ``seed``."""
        self.corpus, self.rows, self.rng = pathlib.Path(corpus), rows, random.Random(seed)
        self.next, self.copies = 0, 0

    def stage(self, count, folder, originals):
        """Write ``count`` new articles under ``folder``; copies are made of ``originals`` once ``rows`` run out."""
        fresh = self.rows[self.next:self.next + count]
        self.next += len(fresh)
        stage(self.corpus, fresh, folder)
        for _ in range(count - len(fresh)):
            number, copy = self.copies % len(originals), 1 + self.copies // len(originals)
            row = originals[number]
            self.copies += 1
            text = read_article(self.corpus / row["path"])
            if text is None:
                continue
            # As in speed.stage_copies: copy K borrows from the original K places before.
            donor = read_article(self.corpus / originals[(number - copy) % len(originals)]["path"])
            target = folder / f"copy-{copy}" / row["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(distinct_copy(text, donor or "", copy, self.rng), encoding="utf-8")


def segment_sizes(index_dir):
    """Return the live article counts of the index's segments, largest first."""
    return sorted((segment.doc_count() for segment in whoosh_index.open_dir(index_dir)._segments()), reverse=True)


def known_items(source, index_dir, folders, count, seed, max_bytes):
    """Look up ``count`` articles of ``folders`` by their titles; return ``(found in the top 10, looked up)``."""
    files = [found for found in discover([source]) if not isinstance(found, SkippedFile)
             and found.relpath.split("/", 1)[0] in folders]
    archive, found, asked = Archive(index_dir), 0, 0
    for source_file in random.Random(seed).sample(files, min(count, len(files))):
        article = load(source_file, max_bytes)
        if isinstance(article, SkippedFile) or not article.title:
            continue
        asked += 1
        # Every match, near-duplicates too: the results page lists a group once, as the article that came first.
        hits = archive.every_hit(article.title, cap=10)
        found += any(hit.path.split("#", 1)[0] == source_file.relpath for hit in hits)
    return found, asked


def plan_only(articles, weeks, weekly):
    """Print, week by week, the segments and the articles merged that the merge plan gives for the schedule."""
    tiers, segment_docs = BuildOptions().tiers, BuildOptions().segment_docs

    def settled(sizes, written):
        """Return the live sizes after the merges planned for a commit of ``written`` articles, and how many were merged."""
        groups = tiers.plan([(size, size) for size in sizes], tiers.budget(written))
        merged = {position for group in groups for position in group}
        kept = [size for position, size in enumerate(sizes) if position not in merged]
        return kept + [sum(sizes[position] for position in group) for group in groups], sum(map(sizes.__getitem__, merged))

    full, rest = divmod(articles, segment_docs)
    sizes, merged = settled([segment_docs] * full + [rest] * bool(rest), math.inf)
    print(f"build of {articles}: {len(sizes)} segments after merging {merged} articles\n")
    print("| week | articles | segments | articles merged | segment sizes |\n|---:|---:|---:|---:|---|")
    total, most = 0, 0
    for week in range(1, weeks + 1):
        sizes, merged = settled(sizes + [weekly], weekly)
        total, most = total + merged, max(most, len(sizes))
        print(f"| {week} | {sum(sizes)} | {len(sizes)} | {merged} | {sorted(sizes, reverse=True)} |")
    print(f"\nmost segments at any week: {most}; articles merged in all: {total} ({total / (weeks * weekly):.2f} per added)")


def main():
    """Build the sample, reindex a batch a week, then time small reindexes and check that articles are found."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--meta", help=f"metadata file (default {META} next to the corpus)")
    parser.add_argument("--articles", type=int, default=20000, help="articles in the first build")
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--weekly", type=int, default=2000, help="new articles per weekly reindex")
    parser.add_argument("--small", type=int, default=100, help="new files per small reindex at the end")
    parser.add_argument("--small-runs", type=int, default=3)
    parser.add_argument("--checks", type=int, default=40, help="added articles looked up by title at the end")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--plan-only", action="store_true", help="run the schedule through the merge plan alone")
    args = parser.parse_args()
    if args.plan_only:
        plan_only(args.articles, args.weeks, args.weekly)
        return
    corpus = pathlib.Path(args.corpus)
    meta = pathlib.Path(args.meta) if args.meta else corpus / META
    max_bytes = settings.load().max_file_bytes
    rows = choose(meta, None)
    random.Random(args.seed).shuffle(rows)
    first, later = rows[:args.articles], rows[args.articles:]
    work = pathlib.Path(tempfile.mkdtemp(prefix="segments-"))
    source, index_dir = work / "source", work / "index"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    print(f"commit {commit.strip()}; load average {load_average()}", flush=True)
    try:
        stage(corpus, first, source / "base")
        started = time.perf_counter()
        built = build([source], index_dir, BuildOptions(max_bytes=max_bytes))
        print(f"built {built.indexed} articles in {time.perf_counter() - started:.1f}s: {segment_sizes(index_dir)}, "
              f"{folder_mb(index_dir):.0f} MB; load average {load_average()}\n", flush=True)
        print("| week | articles | segments | reindex s | index MB | load average | segment sizes |")
        print("|---:|---:|---:|---:|---:|---|---|")
        new, weeks, most = NewArticles(corpus, later, args.seed), [], 0
        for week in range(1, args.weeks + 1):
            folder = f"week-{week:02}"
            new.stage(args.weekly, source / folder, first)
            report = reindex([source], index_dir, BuildOptions(max_bytes=max_bytes))
            sizes = segment_sizes(index_dir)
            most = max(most, len(sizes))
            weeks.append(folder)
            print(f"| {week} | {sum(sizes)} | {len(sizes)} | {report.seconds:.1f} | {folder_mb(index_dir):.0f} | "
                  f"{load_average()} | {sizes} |", flush=True)
        print(f"\nmost segments at any week: {most}")
        for run in range(1, args.small_runs + 1):
            new.stage(args.small, source / f"small-{run}", first)
            report = reindex([source], index_dir, BuildOptions(max_bytes=max_bytes))
            print(f"small reindex {run}: {len(report.added)} files in {report.seconds:.2f}s, "
                  f"{len(segment_sizes(index_dir))} segments; load average {load_average()}", flush=True)
        found, asked = known_items(source, index_dir, set(weeks), args.checks, args.seed, max_bytes)
        print(f"known items: {found} of {asked} added articles found by their titles in the top 10; "
              f"{Archive(index_dir).count()} articles; load average {load_average()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
