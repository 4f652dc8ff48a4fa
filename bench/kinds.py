"""Page kinds on corpus files: precision and recall of the detector against kinds labelled by hand.

Usage: python bench/kinds.py CORPUS_DIR META.jsonl.gz [--sample N] [--seed SEED] [--random K]
       [--labels TSV] [--show] [--jobs J]

N files (20,000) are drawn from the metadata rows with the seed and every one is
extracted as a build would. The labelled set is the first K files of that draw
(160, a random sample) plus every file the detector calls a listing, tag or
profile page; the labels (path, kind, note) live in a TSV file read by hand.
``--show`` prints the files of the labelled set that have no label yet, with
the start of their text, to be read and labelled. Otherwise it prints, for the
random files and for all labelled files, each kind's precision and recall.
"""

import argparse
import collections
import concurrent.futures
import gzip
import json
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from archive import settings  # noqa: E402
from archive.ingest.extract import load  # noqa: E402
from archive.ingest.kinds import ARTICLE, KINDS  # noqa: E402
from archive.ingest.reader import SkippedFile, SourceFile, read_text  # noqa: E402

LABELS = pathlib.Path(__file__).resolve().parent / "data" / "kinds-labels.tsv"
MAX_BYTES = settings.load().max_file_bytes
PREVIEW_LINES = 14
PREVIEW_CHARS = 110


def detected_kind(root, path):
    """Return ``(path, kind)`` of one corpus file as the extractor judges it, the kind None when it is skipped."""
    article = load(SourceFile(root, str(root / path), path), MAX_BYTES)
    return path, None if isinstance(article, SkippedFile) else article.kind


def read_labels(table):
    """Return ``{path: kind}`` from a labels TSV (path, kind, note; lines starting with ``#`` are comments)."""
    if not table.exists():
        return {}
    labels = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, kind = line.split("\t")[:2]
            if kind not in KINDS:
                raise SystemExit(f"{table}: unknown kind {kind!r} for {path}")
            labels[path] = kind
    return labels


def preview(root, path, kind):
    """Return the start of a file's text with its size and the detector's kind, for labelling by hand."""
    text = read_text(SourceFile(root, str(root / path), path), MAX_BYTES)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    shown = "\n".join(f"    | {line[:PREVIEW_CHARS]}" for line in lines[:PREVIEW_LINES])
    return f"{path}\tdetected={kind}\t{len(text)} chars, {len(lines)} lines\n{shown}"


def scores(pairs):
    """Return ``{kind: (precision, recall, detected, labelled)}`` over ``(label, detected)`` pairs."""
    table = {}
    for kind in KINDS:
        hits = sum(1 for label, found in pairs if label == kind and found == kind)
        detected = sum(1 for _, found in pairs if found == kind)
        labelled = sum(1 for label, _ in pairs if label == kind)
        table[kind] = (hits / detected if detected else None, hits / labelled if labelled else None, detected, labelled)
    return table


def print_scores(title, pairs):
    """Print a Markdown table of each kind's precision and recall over ``(label, detected)`` pairs."""
    print(f"\n{title} ({len(pairs)} files)\n\n| kind | labelled | detected | precision | recall |\n|---|---|---|---|---|")
    for kind, (precision, recall, detected, labelled) in scores(pairs).items():
        shown = [f"{value:.3f}" if value is not None else "-" for value in (precision, recall)]
        print(f"| {kind} | {labelled} | {detected} | {shown[0]} | {shown[1]} |")
    lost = sum(1 for label, found in pairs if label == ARTICLE and found != ARTICLE)
    print(f"\narticles hidden by mistake: {lost}")


def main(argv=None):
    """Parse arguments, judge the sample and print either the files to label or the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("meta")
    parser.add_argument("--sample", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--random", type=int, default=160)
    parser.add_argument("--labels", type=pathlib.Path, default=LABELS)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    root = pathlib.Path(args.corpus)
    with gzip.open(args.meta, "rt", encoding="utf-8") as lines:
        paths = [json.loads(line)["path"] for line in lines]
    drawn = random.Random(args.seed).sample(paths, args.sample)
    with concurrent.futures.ProcessPoolExecutor(args.jobs) as pool:
        kinds = dict(pool.map(detected_kind, [root] * len(drawn), drawn, chunksize=200))
    counted = collections.Counter(kinds.values())
    print(f"{args.sample} files drawn with seed {args.seed}: " + ", ".join(f"{k} {counted[k]}" for k in (*KINDS, None)))
    flagged = [path for path in drawn if kinds[path] not in (ARTICLE, None)]
    randoms = [path for path in drawn[: args.random] if kinds[path] is not None]
    labels = read_labels(args.labels)
    if args.show:
        for path in dict.fromkeys(randoms + flagged):
            if path not in labels:
                print(preview(root, path, kinds[path]))
        return
    missing = [path for path in dict.fromkeys(randoms + flagged) if path not in labels]
    if missing:
        print(f"{len(missing)} files of the labelled set have no label yet (run with --show): {missing[:5]}")
    print_scores(f"Random files, the first {args.random} of the draw", [(labels[p], kinds[p]) for p in randoms if p in labels])
    labelled = [path for path in labels if path in kinds and kinds[path] is not None]
    print_scores("Every labelled file in the draw (random files, and every page any detector version flagged)",
                 [(labels[p], kinds[p]) for p in labelled])
    for path in labelled:
        if labels[path] != kinds[path]:
            print(f"  wrong: {path} labelled {labels[path]}, detected {kinds[path]}")


if __name__ == "__main__":
    main()
