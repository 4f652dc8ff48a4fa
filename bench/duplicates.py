"""Near-duplicate groups on a random sample of the corpus: how many, how big, how right, and what they cost.

Run from the project root (not part of CI):

    python bench/duplicates.py --corpus /path/to/extracted/corpus --files 20000 --workdir /tmp/dups

``--files`` corpus files are drawn at random with ``--seed`` and copied under their
corpus paths; the archive indexes them with ``archive.upkeep.build.build``. The
script prints the build's speed and the index's size, the number of groups and
their sizes, the recall of the groups against articles whose bodies are exactly
the same, and writes ``--pairs`` random groups (two members each, side by side)
to ``pairs.md`` in the work folder, to be read by hand for the precision. With
``--baseline TREE`` (a checkout of another commit), the same files are also
indexed by that tree's code in a subprocess, for the build's speed and the
index's size without grouping. See bench/README.md.
"""

import argparse
import collections
import itertools
import json
import os
import pathlib
import random
import shutil
import subprocess
import sys
import time

from archive import settings
from archive.ingest.likeness import shingles, words_of
from archive.ingest.reader import SkippedFile, discover
from archive.query.search import Archive
from archive.text.vietnamese import fold
from archive.upkeep.build import build
from archive.upkeep.options import BuildOptions

MAX_BYTES = settings.load().max_file_bytes
# An exact duplicate needs a body of this many words: shorter bodies (a caption, a headline list) say little.
EXACT_MIN_WORDS = 30
SIZE_BINS = ((2, 2), (3, 3), (4, 5), (6, 10), (11, 50), (51, None))
# A baseline tree older than BuildOptions took the size limit as a keyword.
_BUILD = ("import sys, time; from archive.upkeep.build import build\n"
          "try:\n    from archive.upkeep.options import BuildOptions; a, k = (BuildOptions(max_bytes=8 << 20),), {}\n"
          "except ImportError:\n    a, k = (), {'max_bytes': 8 << 20}\n"
          "t = time.monotonic(); r = build([sys.argv[1]], sys.argv[2], *a, **k); print(r.indexed, time.monotonic() - t)")


def load_average():
    """Return the machine's load averages as printed with every figure."""
    return " ".join(pathlib.Path("/proc/loadavg").read_text().split()[:3])


def stage(corpus, files, seed, source):
    """Copy a seeded random sample of ``files`` corpus files into ``source`` under their corpus paths; return them."""
    found = sorted(item.relpath for item in discover(corpus) if not isinstance(item, SkippedFile))
    chosen = random.Random(seed).sample(found, min(files, len(found)))
    if not source.exists():
        for relpath in chosen:
            (source / relpath).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pathlib.Path(corpus) / relpath, source / relpath)
    return chosen


def folder_mb(folder):
    """Return the size of the files under ``folder`` in MB."""
    return sum(path.stat().st_size for path in pathlib.Path(folder).rglob("*") if path.is_file()) / 2**20


def timed_build(source, index, tree=None):
    """Build an index of ``source`` into ``index`` (by the code of ``tree`` when given); return (articles, seconds)."""
    shutil.rmtree(index, ignore_errors=True)
    if tree is None:
        started = time.monotonic()
        report = build([source], index, BuildOptions(max_bytes=MAX_BYTES))
        return report.indexed, time.monotonic() - started
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run([sys.executable, "-c", _BUILD, str(source), str(index)], env=env, cwd=tree,
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), float(out[1])


def exact_body(body):
    """Return what makes two bodies exactly the same text: their words, accent-free and lowercase."""
    return " ".join(fold(body.lower()).split())


def size_table(groups):
    """Return Markdown rows of how many groups of two or more articles fall in each size bin."""
    sizes = collections.Counter(len(members) for members in groups.values() if len(members) > 1)
    rows = []
    for low, high in SIZE_BINS:
        count = sum(n for size, n in sizes.items() if size >= low and (high is None or size <= high))
        rows.append(f"| {low}{'' if high == low else '+' if high is None else f'-{high}'} | {count} |")
    return rows


def pairs_text(archive, groups, count, rng):
    """Return Markdown showing two random members of ``count`` random groups side by side, with their Jaccard."""
    chosen = rng.sample(sorted(key for key, members in groups.items() if len(members) > 1), count)
    lines = []
    for number, group in enumerate(chosen, 1):
        first, second = rng.sample(groups[group], 2)
        texts = [archive.article(hit.slug) for hit in (first, second)]
        a, b = (shingles(words_of("\n".join((text["lead"], text["body"])))) for text in texts)
        lines += [f"## {number}. group {group}: {len(groups[group])} articles, shingle Jaccard "
                  f"{len(a & b) / max(1, len(a | b)):.2f}", ""]
        for hit, text in zip((first, second), texts):
            lines += [f"- `{hit.path}` {hit.date or 'no date'}: **{hit.title}**",
                      f"  {' '.join((text['lead'] + ' ' + text['body']).split())[:400]}"]
        lines.append("")
    return "\n".join(lines)


def main():
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True, help="the extracted corpus folder")
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1313)
    parser.add_argument("--pairs", type=int, default=60, help="groups written out for the hand check")
    parser.add_argument("--workdir", type=pathlib.Path, required=True)
    parser.add_argument("--baseline", type=pathlib.Path, help="a source tree of another commit, to compare the build with")
    args = parser.parse_args()
    source, index = args.workdir / "source", args.workdir / "index"
    chosen = stage(args.corpus, args.files, args.seed, source)
    print(f"{len(chosen)} files, seed {args.seed}")
    if args.baseline:
        articles, seconds = timed_build(source, args.workdir / "baseline-index", args.baseline)
        print(f"baseline build: {articles} articles, {seconds:.1f} s, {len(chosen) / seconds:.0f} files/s, "
              f"index {folder_mb(args.workdir / 'baseline-index'):.1f} MB (load {load_average()})")
    articles, seconds = timed_build(source, index)
    print(f"build: {articles} articles, {seconds:.1f} s, {len(chosen) / seconds:.0f} files/s, "
          f"index {folder_mb(index):.1f} MB (load {load_average()})")
    with Archive(index) as archive:
        hits = list(archive.every_hit("", cap=10**9))
        groups = collections.defaultdict(list)
        for hit in hits:
            groups[hit.group].append(hit)
        grouped = [members for members in groups.values() if len(members) > 1]
        print(f"{len(hits)} articles in {len(groups)} groups; {len(grouped)} groups of two or more hold "
              f"{sum(map(len, grouped))} articles; largest {max(map(len, groups.values()))}")
        print("| size | groups |\n|---|---|\n" + "\n".join(size_table(groups)))
        # Recall: articles of different files whose bodies are exactly the same words should share a group.
        same = collections.defaultdict(list)
        for hit in hits:
            body = archive.article(hit.slug)["body"]
            if len(body.split()) >= EXACT_MIN_WORDS:
                same[exact_body(body)].append(hit)
        pairs = [(a, b) for members in same.values() for a, b in itertools.combinations(members, 2)
                 if a.path.split("#")[0] != b.path.split("#")[0]]
        together = sum(a.group == b.group for a, b in pairs)
        print(f"exact-duplicate bodies: {len(pairs)} pairs of different files, {together} in one group, "
              f"recall {together / max(1, len(pairs)):.3f}")
        (args.workdir / "pairs.md").write_text(pairs_text(archive, groups, min(args.pairs, len(grouped)),
                                                          random.Random(args.seed)), encoding="utf-8")
        print(f"hand check: {args.workdir / 'pairs.md'}")
        print(json.dumps({"load": load_average()}))


if __name__ == "__main__":
    main()
