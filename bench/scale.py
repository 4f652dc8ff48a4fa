"""Scale curve: bench/speed.py at several archive sizes, one table and one PNG of how each cost grows.

Run from the project root (not part of CI; needs matplotlib, and tantivy for that system):

    python bench/scale.py --sizes 35000,70000,140520,140520x4 --png bench/scale.png

A size is N articles of the corpus, or ``NxK``: the N articles and K - 1 copies of
each made distinct (bench/speed.py ``--copies``), so 140520x4 is the corpus four
times over. Each size runs bench/speed.py in its own process with ``--json``; this
script gathers the figures, prints them as Markdown with the growth ratios of the
largest size against the one before, and plots them.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

BENCH = pathlib.Path(__file__).resolve().parent
# (label, where the figure lives in a run's JSON: section, key), per system where the section is per system.
FIGURES = [("build s", "builds", "seconds"), ("peak build memory MB", "builds", "memory"),
           ("index MB", "builds", "size"), ("query p50 ms", "latency", "p50"), ("query p95 ms", "latency", "p95")]
OURS_ONLY = [("web p95 ms", "web", "p95"), ("no-change reindex s", "incremental", "nochange"),
             ("100 new files searchable s", "incremental", "searchable")]


def parse_size(text):
    """Return ``(articles, copies)`` of a size such as ``35000`` or ``140520x4``.

    >>> parse_size("35000"), parse_size("140520x4")
    ((35000, 1), (140520, 4))
    """
    articles, _, copies = text.partition("x")
    return int(articles), int(copies or 1)


def run_size(size, args, work):
    """Run bench/speed.py at one size and return its figures, or those of an earlier run kept in ``work``."""
    articles, copies = parse_size(size)
    out = work / f"{size}.json"
    if out.exists():
        return json.loads(out.read_text(encoding="utf-8"))
    command = [sys.executable, str(BENCH / "speed.py"), "-n", str(articles), "--copies", str(copies),
               "--systems", args.systems, "--queries", str(args.queries), "--json", str(out)]
    if args.corpus:
        command += ["--corpus", args.corpus]
    if args.meta:
        command += ["--meta", args.meta]
    subprocess.run(command, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def value(run, system, section, key):
    """Return one figure of one system in a run, or None where it was not measured."""
    part = run.get(section) or {}
    part = part.get(system, {}) if section in ("builds", "latency") else (part if system == "ours" else {})
    return part.get(key)


def table(runs, systems):
    """Print the figures per size and system as Markdown, with the largest size's growth over the one before."""
    sizes = list(runs)
    print("| figure | system | " + " | ".join(f"{runs[s]['articles']:,}" for s in sizes) + " | growth, last step |")
    print("|---|---|" + "---:|" * (len(sizes) + 1))
    for label, section, key in FIGURES + OURS_ONLY:
        for system in systems if (label, section, key) in FIGURES else ["ours"]:
            cells = [value(runs[s], system, section, key) for s in sizes]
            growth = (f"{cells[-1] / cells[-2]:.2f}× for {runs[sizes[-1]]['articles'] / runs[sizes[-2]]['articles']:.1f}×"
                      " the articles" if len(cells) > 1 and cells[-1] and cells[-2] else "-")
            print(f"| {label} | {system} | " + " | ".join("-" if c is None else f"{c:,.1f}" for c in cells)
                  + f" | {growth} |")


def plot(runs, systems, png):
    """Draw every figure against the archive's size, one line per system, into ``png``."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    panels = FIGURES + OURS_ONLY
    figure, axes = pyplot.subplots(2, 4, figsize=(18, 8))
    sizes = [run["articles"] for run in runs.values()]
    for axis, (label, section, key) in zip(axes.flat, panels):
        for system in systems if (label, section, key) in FIGURES else ["ours"]:
            points = [(n, value(run, system, section, key)) for n, run in zip(sizes, runs.values())]
            points = [(n, v) for n, v in points if v is not None]
            if points:
                axis.plot(*zip(*points), marker="o", label=system)
        axis.set_title(label)
        axis.set_xlabel("articles")
        axis.grid(True, alpha=0.3)
        axis.legend()
    for axis in list(axes.flat)[len(panels):]:
        axis.set_visible(False)
    loads = ", ".join(f"{run['load'][0]:.2f}" for run in runs.values())
    figure.suptitle(f"bench/speed.py at each size, commit {next(iter(runs.values()))['commit']}; load average {loads}")
    figure.tight_layout()
    figure.savefig(png, dpi=80)


def main():
    """Run bench/speed.py at each size, print the table and draw the plot."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="35000,70000,140520,140520x4", help="comma-separated sizes, N or NxK")
    parser.add_argument("--systems", default="ours,fts5,tantivy", help="systems bench/speed.py builds")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--corpus", help="passed on to bench/speed.py")
    parser.add_argument("--meta", help="passed on to bench/speed.py")
    parser.add_argument("--runs", help="keep each size's figures here as SIZE.json, and reuse those already kept"
                                       " (default: a temporary folder), so sizes can run one at a time")
    parser.add_argument("--png", default=str(BENCH / "scale.png"), help="where to draw the plot")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scale-") as work:
        kept = pathlib.Path(args.runs or work)
        kept.mkdir(parents=True, exist_ok=True)
        runs = {size: run_size(size, args, kept) for size in args.sizes.split(",")}
    systems = args.systems.split(",")
    print(f"\nload average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    table(runs, systems)
    plot(runs, systems, args.png)
    print(f"\nplot: {args.png}")


if __name__ == "__main__":
    main()
