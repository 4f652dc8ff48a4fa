"""Churn: index size after cycles of adding and removing files, and server memory over many one-file commits.

Run from the project root (not part of CI):

    python bench/churn.py --corpus ../shared/corpus --articles 3000 --cycles 3 --commits 1000

A random sample (``--seed``) of the corpus is copied; ``--articles`` of them are
indexed, then each cycle adds ``--articles / 3`` new files (one reindex) and removes
as many of the oldest (another reindex). The churned index's size is compared
with a fresh build of the same files. Then ``archive serve`` (one process) is
started on that index and, ``--commits`` times, one file is added and reindexed
and a results page requested, while the server's memory is read from /proc.
"""

import argparse
import os
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from archive import settings
from archive.query.search import Archive
from archive.upkeep.build import build
from archive.upkeep.options import BuildOptions
from archive.upkeep.reindex import reindex
from quality import META, ROOT, choose, stage


def folder_mb(path):
    """Return the megabytes the files directly in ``path`` take."""
    return sum(entry.stat().st_size for entry in os.scandir(path) if entry.is_file()) / 2**20


def memory_mb(pid):
    """Return ``(resident, anonymous)`` megabytes of process ``pid``."""
    fields = dict(line.split(":", 1) for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["RssAnon"].split()[0]) / 1024


def churn(work, rows, articles, cycles, max_bytes):
    """Index ``articles`` files, then add and remove a third as many per cycle; return the sizes and timings."""
    source, index_dir, pool = work / "source", work / "index", work / "pool"
    stage_rows, step = rows[: articles + cycles * (articles // 3)], articles // 3
    present = [row["path"] for row in stage_rows[:articles]]
    started = time.perf_counter()
    build([source], index_dir, BuildOptions(max_bytes=max_bytes))
    print(f"built {articles} articles in {time.perf_counter() - started:.0f}s: {folder_mb(index_dir):.1f} MB", flush=True)
    for cycle in range(cycles):
        new = [row["path"] for row in stage_rows[articles + cycle * step: articles + (cycle + 1) * step]]
        for path in new:
            (source / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(pool / path, source / path)
        added = reindex([source], index_dir, BuildOptions(max_bytes=max_bytes))
        for path in present[:step]:
            (source / path).unlink()
        present = present[step:] + new
        removed = reindex([source], index_dir, BuildOptions(max_bytes=max_bytes))
        print(f"cycle {cycle + 1}: +{len(added.added)} in {added.seconds:.1f}s, -{len(removed.removed)} in "
              f"{removed.seconds:.1f}s: {folder_mb(index_dir):.1f} MB in {len(os.listdir(index_dir))} files", flush=True)
    build([source], work / "fresh", BuildOptions(max_bytes=max_bytes))
    return folder_mb(index_dir), folder_mb(work / "fresh"), Archive(index_dir).count()


def serve_and_commit(work, commits, max_bytes):
    """Serve the churned index in one process; add a file, reindex and search ``commits`` times; return memory samples."""
    source, index_dir = work / "source", work / "index"
    port = 18000 + os.getpid() % 1000
    env = os.environ | {"ARCHIVE_INDEX_DIR": str(index_dir), "ARCHIVE_SOURCE_DIRS": str(source)}
    server = subprocess.Popen([sys.executable, "-c", "from archive.cli import main; main()", "serve", "--port", str(port),
                               "--processes", "1"], env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/search?q=th%C3%A0nh+ph%E1%BB%91"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=30).read()
                break
            except OSError:
                time.sleep(0.2)
        samples = []
        for commit in range(commits + 1):
            if commit % (commits // 10 or 1) == 0:
                samples.append((commit, *memory_mb(server.pid)))
                print(f"commit {commit}: RSS {samples[-1][1]:.0f} MB, anonymous {samples[-1][2]:.0f} MB", flush=True)
            if commit < commits:
                (source / "churn" / f"{commit:05}.txt").parent.mkdir(exist_ok=True)
                (source / "churn" / f"{commit:05}.txt").write_text(
                    f"Thành phố họp bàn lần {commit}\n\nThành phố bàn về đề án số {commit}.\n", encoding="utf-8")
                reindex([source], index_dir, BuildOptions(max_bytes=max_bytes))
                urllib.request.urlopen(url, timeout=30).read()
    finally:
        server.terminate()
        server.wait()
    return samples


def main():
    """Parse the flags, stage the sample, churn the index, then measure the server over many commits."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--meta", help=f"metadata file (default {META} next to the corpus)")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    corpus = pathlib.Path(args.corpus)
    meta = pathlib.Path(args.meta) if args.meta else corpus / META
    max_bytes = settings.load().max_file_bytes
    step = args.articles // 3
    rows = choose(meta, None)
    rows = random.Random(args.seed).sample(rows, args.articles + args.cycles * step)
    work = pathlib.Path(tempfile.mkdtemp(prefix="churn-"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    print(f"commit {commit.strip()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    try:
        stage(corpus, rows[: args.articles], work / "source")
        stage(corpus, rows[args.articles:], work / "pool")
        churned, fresh, count = churn(work, rows, args.articles, args.cycles, max_bytes)
        print(f"\nafter {args.cycles} cycles: {count} articles, {churned:.1f} MB; fresh build {fresh:.1f} MB; "
              f"ratio {churned / fresh:.2f} (goal <= 1.2)", flush=True)
        samples = serve_and_commit(work, args.commits, max_bytes)
        growth = samples[-1][2] - samples[1][2] if len(samples) > 1 else 0
        print(f"server anonymous memory over {args.commits} one-file commits: {samples[0][2]:.0f} MB at the start, "
              f"{samples[1][2]:.0f} MB after {samples[1][0]}, {samples[-1][2]:.0f} MB at the end: growth {growth:+.0f} MB "
              f"(goal <= 50); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
