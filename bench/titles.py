"""Title, date and author accuracy of the extractor on the shared corpus, and its throughput.

Usage: python bench/titles.py CORPUS_DIR META.jsonl.gz [--limit N] [--sample SEED] [--mismatches K]

Every file listed in the metadata is read with ``archive.ingest.reader`` and extracted
with ``archive.ingest.extract``. A title matches exactly when both sides agree after
clean + casefold + whitespace collapse, and loosely when one contains the other.
Files whose metadata has no title are counted but not scored. Dates and authors
are scored on vims, the only part that has them.

Some metadata titles are not titles, and a third figure ("shape") also accepts
the two shapes they demonstrably take, each counted on its own:

* glued: the metadata title is the file's first line, which glues the headline (or
  the lead's first sentence) to the text after it, and that text is the extracted
  lead: the metadata title is the extracted title, then an optional news agency tag
  ("(NLĐ) -"), then the start of the extracted lead (vntc titles are first lines);
* cut at a dash: the extracted title is the metadata title followed by " - " and
  more words (the vims metadata cuts titles at their first dash: "Cao tốc Cam Lộ"
  for "Cao tốc Cam Lộ - La Sơn").
"""

import argparse
import collections
import datetime
import gzip
import json
import pathlib
import random
import re
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from archive.ingest.extract import load  # noqa: E402
from archive.ingest.reader import SkippedFile, SourceFile  # noqa: E402
from archive.text.vietnamese import clean  # noqa: E402

MAX_BYTES = 8 * 1024 * 1024
# The metadata prints vims dates as "Thứ tư, 7/2/2024, 23:41 (GMT+7)"; read them independently of the extractor.
META_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}),?\s+(\d{1,2}):(\d{2})")
# The tag a news agency prints between a headline and its text, as ``norm`` leaves it: "(nlđ) - ".
AGENCY_TAG = re.compile(r"^\(\w{2,6}\)\s*[-–—:]?\s*")


def norm(text):
    """Return ``text`` cleaned, casefolded and with whitespace collapsed, for comparison."""
    return " ".join(clean(text or "").casefold().split())


def meta_date(value):
    """Return the datetime the metadata gives, or None for "N/A" and the like."""
    match = META_DATE.search(value or "")
    if not match:
        return None
    day, month, year, hour, minute = map(int, match.groups())
    return datetime.datetime(year, month, day, hour, minute)


def shape(expected, got, lead):
    """Return which shape of metadata title explains a disagreement ("glued", "dash"), or None; all arguments normed.

    >>> shape("hai vụ trộm lớn (nlđ)- lúc 6 giờ, bà q. thức dậy", "hai vụ trộm lớn", "lúc 6 giờ, bà q. thức dậy.")
    'glued'
    >>> shape("khởi tố tài xế trên cao tốc cam lộ", "khởi tố tài xế trên cao tốc cam lộ - la sơn", ""), shape("a b", "a", "c")
    ('dash', None)
    """
    if got and expected.startswith(got):
        rest = AGENCY_TAG.sub("", expected[len(got) :].strip())
        if rest and lead.startswith(rest):
            return "glued"
    if got.startswith(expected + " - ") or got.startswith(expected + " – "):
        return "dash"
    return None


def read_meta(path):
    """Return the metadata rows of the corpus."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def run(corpus, rows, mismatches):
    """Extract every row's file and return per-dataset counters plus examples of title mismatches."""
    counts = collections.defaultdict(collections.Counter)
    examples = collections.defaultdict(list)
    root = pathlib.Path(corpus)
    for row in rows:
        stats = counts[row["dataset"]]
        stats["files"] += 1
        source = SourceFile(root, str(root / row["path"]), row["path"])
        article = load(source, MAX_BYTES)
        if isinstance(article, SkippedFile):
            stats["skipped"] += 1
            continue
        expected, got = norm(row.get("title")), norm(article.title)
        if expected:
            stats["titled"] += 1
            stats["exact"] += got == expected
            loose = bool(got) and (got in expected or expected in got)
            stats["loose"] += loose
            explained = None if got == expected else shape(expected, got, norm(article.lead))
            stats["shape"] += got == expected or explained is not None
            stats[f"shape_{explained}"] += explained is not None
            if not loose and len(examples[row["dataset"]]) < mismatches:
                examples[row["dataset"]].append((row["path"], row["title"], article.title))
        if row["dataset"] == "vims":
            want = meta_date(row.get("date"))
            stats["dated"] += want is not None
            stats["date_ok"] += want is not None and article.date == want
            stats["date_extra"] += want is None and article.date is not None
            author = norm(row.get("author"))
            stats["authored"] += bool(author)
            stats["author_ok"] += bool(author) and norm(article.author) == author
            stats["author_extra"] += not author and article.author is not None
    return counts, examples


def percent(part, whole):
    """Return ``part / whole`` as a percentage string."""
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def report(counts, seconds):
    """Print the accuracy table and throughput."""
    total = collections.Counter()
    print(f"{'dataset':<10}{'files':>8}{'skipped':>8}{'titled':>8}{'exact':>8}{'loose':>8}{'shape':>8}"
          f"{'glued':>8}{'dash':>8}")
    for name in [*sorted(counts), "all"]:
        stats = total if name == "all" else counts[name]
        if name != "all":
            total.update(stats)
        print(f"{name:<10}{stats['files']:>8}{stats['skipped']:>8}{stats['titled']:>8}"
              f"{percent(stats['exact'], stats['titled']):>8}{percent(stats['loose'], stats['titled']):>8}"
              f"{percent(stats['shape'], stats['titled']):>8}{stats['shape_glued']:>8}{stats['shape_dash']:>8}")
    vims = counts.get("vims")
    if vims:
        print(f"vims date:   {percent(vims['date_ok'], vims['dated'])} of {vims['dated']} dated files correct; "
              f"{vims['date_extra']} dates found where the metadata has none")
        print(f"vims author: {percent(vims['author_ok'], vims['authored'])} of {vims['authored']} bylined files correct; "
              f"{vims['author_extra']} authors found where the metadata has none")
    print(f"throughput: {total['files'] / seconds:.0f} files/s ({total['files']} files in {seconds:.1f} s)")


def main(argv=None):
    """Parse arguments, run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="folder the corpus was extracted to")
    parser.add_argument("meta", help="vi-news-meta.jsonl.gz")
    parser.add_argument("--limit", type=int, help="score only N files")
    parser.add_argument("--sample", type=int, metavar="SEED", help="pick the files at random with this seed")
    parser.add_argument("--mismatches", type=int, default=0, metavar="K", help="print K title mismatches per dataset")
    args = parser.parse_args(argv)
    rows = read_meta(args.meta)
    if args.sample is not None:
        random.Random(args.sample).shuffle(rows)
    if args.limit:
        rows = rows[: args.limit]
    started = time.perf_counter()
    counts, examples = run(args.corpus, rows, args.mismatches)
    report(counts, time.perf_counter() - started)
    for name, items in sorted(examples.items()):
        print(f"\n# {name} title mismatches")
        for path, expected, got in items:
            print(f"{path}\n  meta: {expected!r}\n  got:  {got!r}")


if __name__ == "__main__":
    main()
