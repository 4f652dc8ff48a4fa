"""Speed: build, memory, index size and query latency of this archive against SQLite FTS5 and plain Whoosh.

Run from the project root (not part of CI):

    python bench/speed.py --articles 10000

N articles are sampled and copied as bench/quality.py does. Each system is built in
its own process, so its peak memory is that build's alone; every build time includes
reading and extracting the files. The same five-word title spans are searched in
each, the web results page is loaded by 8 clients, and our incremental reindex is
timed. See bench/README.md for the details.
"""

import argparse
import collections
import http.client
import itertools
import json
import multiprocessing
import os
import pathlib
import random
import re
import resource
import shutil
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse

from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import AndGroup, MultifieldParser

from archive import settings
from archive.ingest.extract import load_all
from archive.upkeep.build import build
from archive.upkeep.options import BuildOptions
from archive.ingest.reader import SkippedFile, UnreadableFile, decode, discover
from archive.upkeep.reindex import reindex
from archive.query.search import Archive
from archive.text.vietnamese import clean, folded_words
from quality import META, ROOT, choose, quoted, stage  # the same sampling and quoting as the quality benchmark

SYSTEMS = ("ours", "fts5", "tantivy", "whoosh", "whoosh2")
INDEXES = {"ours": "ours", "fts5": "fts5.db", "tantivy": "tantivy", "whoosh": "whoosh", "whoosh2": "whoosh2"}
TANTIVY_HEAP = 512 * 2**20  # the writer memory, split among its threads
TOP, WORDS, WARMUP, CLIENTS, NEW_FILES = 10, 5, 20, 8, 100
WEB_SECONDS, WARM_SECONDS, WEB_MAX_REQUESTS, SEARCHABLE_WAIT = 20.0, 5.0, 20000, 120.0
WHOOSH_MEMORY_MB = 256  # the writer memory our indexer used when this benchmark was written
_EDGE_PUNCT = re.compile(r"^\W+|\W+$")


_NUMBER = re.compile(r"\d+")
# Where one sentence of a body line ends and the next begins.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def distinct_copy(text, donor, copy, rng):
    """Return article text made distinct for copy number ``copy``: body paragraphs shuffled, every other sentence
    taken from ``donor`` (another article's text), numbers changed.

    The first sentence of each of the first three lines (headline, dateline and sapo
    in most layouts) stays, so the copy still extracts a title and a date. Every other
    sentence after them comes from another story, so the archive's near-duplicate
    detection does not put the copy in one group with its original, and the numbers
    of the body shift by ``copy`` per digit: the vocabulary, the posting lists and the
    stories grow as an archive's do.

    >>> distinct_copy("Tiêu đề\\nNgày 1\\nSapo\\nCâu 12. Câu 34.", "Khác\\nKhác 5.", 1, random.Random(0))
    'Tiêu đề\\nNgày 1\\nSapo\\nCâu 23. Khác 6.'
    >>> distinct_copy("A\\nB. Hai.\\n\\nMột.\\n\\nBa.", "Khác\\nKhác.", 1, random.Random(1))
    'A\\nB. Hai.\\n\\n\\nKhác.\\nMột.'
    """
    lines = text.split("\n")
    head, body = lines[:3], lines[3:]
    rng.shuffle(body)
    borrowed = itertools.cycle([sentence for line in donor.split("\n")[1:] for sentence in _SENTENCE_END.split(line)
                                if sentence.strip()] or [""])
    turn = itertools.count()  # over the whole text, so that lines of one sentence take turns too

    def mixed(line, kept):
        """Return the line with its sentences after the first ``kept`` taking turns with borrowed ones."""
        sentences = _SENTENCE_END.split(line)
        return " ".join(sentence if number < kept or not sentence.strip() or next(turn) % 2 == 0
                        else next(borrowed) or sentence for number, sentence in enumerate(sentences))

    opening = [mixed(line, 1) for line in head]
    shifted = [_NUMBER.sub(lambda m: "".join(str((int(d) + copy) % 10) for d in m.group()), mixed(line, 0))
               for line in body]
    return "\n".join(opening + shifted)


def read_article(path):
    """Return the decoded text of a corpus file, or None when it cannot be read."""
    try:
        return decode(path.read_bytes())[0]
    except (OSError, UnreadableFile):
        return None


def stage_copies(source, rows, copies, seed):
    """Write ``copies - 1`` distinct copies of every staged file under ``copy-K/``, in UTF-8; return how many.

    Copy K of a file borrows from the file K places before it in ``rows`` (the first
    files from the last ones), so every file is read once.
    """
    rng, written = random.Random(seed), 0
    before = collections.deque((read_article(source / row["path"]) for row in rows[len(rows) - copies + 1:]),
                               maxlen=copies - 1)
    for row in rows:
        text = read_article(source / row["path"])
        for copy in range(1, copies) if text is not None else ():
            donor = before[-copy] if copy <= len(before) else None
            target = source / f"copy-{copy}" / row["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(distinct_copy(text, donor or "", copy, rng), encoding="utf-8")
            written += 1
        before.append(text)
    return written


def extract_folder(source, max_bytes):
    """Return ``{path: (title, lead + body)}`` of every article of the files under ``source`` the reader and extractor accept.

    A file of several briefs gives one article each (``000.txt#2``), as our index holds them.
    """
    texts = {}
    for found in discover([source]):
        articles = found if isinstance(found, SkippedFile) else load_all(found, max_bytes)
        if not isinstance(articles, SkippedFile):
            texts |= {article.path: (article.title, f"{article.lead}\n{article.body}") for article in articles}
    return texts


def build_fts5(texts, target):
    """Index title and lead + body in FTS5 (unicode61, diacritics removed), optimised to one segment."""
    db = sqlite3.connect(target)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body,"
               " tokenize = 'unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", ((path, *text) for path, text in texts.items()))
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    db.close()


def build_whoosh(texts, target, procs):
    """Index title (stored) and lead + body (not stored) with StandardAnalyzer, BM25F, in ``procs`` processes."""
    schema = Schema(path=ID(stored=True, unique=True), title=TEXT(analyzer=StandardAnalyzer(), stored=True),
                    body=TEXT(analyzer=StandardAnalyzer()))
    target.mkdir()
    writer = whoosh_index.create_in(target, schema).writer(procs=procs, multisegment=procs > 1,
                                                           limitmb=WHOOSH_MEMORY_MB)
    with writer:
        for path, (title, body) in texts.items():
            writer.add_document(path=path, title=title, body=body)


def tantivy_index(target, create=False):
    """Return a Tantivy index in ``target`` (title and lead + body, both stored), with its accent-free analyzer.

    Tantivy is imported here, so the other systems run without it installed.
    """
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="folded")
    builder.add_text_field("body", stored=True, tokenizer_name="folded")
    if create:
        target.mkdir()
    ix = tantivy.Index(builder.build(), path=str(target))
    # The simple tokenizer splits on non-alphanumerics; ascii_fold strips accents and folds đ to d.
    ix.register_tokenizer("folded", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                          .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())
    return ix


def build_tantivy(texts, target):
    """Index title and lead + body in Tantivy with two writer threads, merged as its writer merges by itself."""
    import tantivy

    writer = tantivy_index(target, create=True).writer(heap_size=TANTIVY_HEAP, num_threads=2)
    for path, (title, body) in texts.items():
        writer.add_document(tantivy.Document(path=path, title=title, body=body))
    writer.commit()
    writer.wait_merging_threads()


def tree_memory_kb(root):
    """Return the proportional set size in kB of process ``root`` and every process descended from it.

    PSS divides each shared page among the processes that map it, so forked
    workers are not counted twice for the pages they share with their parent.
    """
    parents = {}
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = set(), [root]
    while frontier:
        pid = frontier.pop()
        tree.add(pid)
        frontier.extend(child for child, parent in parents.items() if parent == pid)
    total = 0
    for pid in tree:
        try:
            total += int(re.search(r"^Pss:\s+(\d+)", pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text(), re.M).group(1))
        except (OSError, AttributeError):
            continue
    return total


class PeakMemory(threading.Thread):
    """Samples the memory of this process and its descendants twice a second, keeping the highest sum."""

    def __init__(self):
        """Prepare to sample this process's tree."""
        super().__init__(daemon=True)
        self.peak_kb, self.stopped = 0, threading.Event()

    def run(self):
        """Sample until stopped."""
        while not self.stopped.wait(0.5):
            self.peak_kb = max(self.peak_kb, tree_memory_kb(os.getpid()))


def build_child(system, source, target, max_bytes, pipe):
    """Build one system in this fresh process and send back wall seconds (reading included) and peak memory."""
    sampler = PeakMemory()
    sampler.start()
    started, extra = time.perf_counter(), {}
    if system == "ours":
        # Reads and extracts the files itself, as `archive index` does.
        build([source], target, BuildOptions(max_bytes=max_bytes))
    else:
        texts = extract_folder(source, max_bytes)
        extra["extract"] = time.perf_counter() - started
        if system == "fts5":
            build_fts5(texts, target)
        elif system == "tantivy":
            build_tantivy(texts, target)
        else:
            build_whoosh(texts, target, procs=2 if system == "whoosh2" else 1)
    seconds = time.perf_counter() - started
    sampler.stopped.set()
    # VmHWM, not RUSAGE_SELF: ru_maxrss keeps the high-water mark of the parent this process was forked from.
    status = pathlib.Path("/proc/self/status").read_text()
    own_kb = int(re.search(r"^VmHWM:\s+(\d+)", status, re.M).group(1))
    largest_kb = max(own_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    # Worker processes (ours, Whoosh procs=2) count together: the peak of their sum, sampled.
    pipe.send({"seconds": seconds, "memory": max(sampler.peak_kb, largest_kb) / 1024, "largest": largest_kb / 1024,
               **extra})


def disk_mb(path):
    """Return the disk usage of a file or folder in MB, as du counts it."""
    return sum(p.stat().st_blocks for p in [path, *path.rglob("*")] if p.is_file()) * 512 / 2**20


def in_child(name, target, *args):
    """Run ``target(*args, pipe)`` in a fresh spawned process and return what it sends down the pipe."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=target, args=(*args, sender))
    child.start()
    sender.close()
    try:
        result = receiver.recv()
    except EOFError:
        raise SystemExit(f"{name}: the child process failed (exit code {child.join() or child.exitcode})")
    child.join()
    return result


def build_system(system, work, max_bytes):
    """Build ``system`` in a spawned subprocess and return its build measurements."""
    target = work / INDEXES[system]
    result = in_child(system, build_child, system, work / "source", target, max_bytes)
    result["size"] = disk_mb(target)
    print(f"{system}: built in {result['seconds']:.1f}s, peak memory {result['memory']:.0f} MB (largest process "
          f"{result['largest']:.0f} MB), {result['size']:.0f} MB",
          flush=True)
    return result


def make_queries(rows, texts, count, seed):
    """Return up to ``count`` five-word spans of real titles (the metadata title, else the extracted one)."""
    rng = random.Random(seed)
    spans = []
    for row in rows:
        if row["path"] in texts:
            title = clean(row.get("title") or "") or texts[row["path"]][0]
            words = [w for w in (_EDGE_PUNCT.sub("", w) for w in title.split()) if w]
            if len(words) >= WORDS:
                start = rng.randrange(len(words) - WORDS + 1)
                spans.append(" ".join(words[start:start + WORDS]))
    return rng.sample(spans, min(count, len(spans)))


def searchers(work, systems, texts):
    """Return ``{system: function(query) -> [(title, snippet)]}`` that fetch the top 10, as a results page does."""
    runs = {}
    if "ours" in systems:
        archive = Archive(work / "ours")
        runs["ours"] = lambda q: [(hit.title, hit.snippet) for hit in archive.search(q, limit=TOP).hits]
    if "fts5" in systems:
        db = sqlite3.connect(work / "fts5.db")
        sql = ("SELECT title, snippet(docs, 2, '<b>', '</b>', '…', 24) FROM docs"
               " WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?")
        runs["fts5"] = lambda q: db.execute(sql, (quoted(q.split()), TOP)).fetchall()
    if "tantivy" in systems:
        runs["tantivy"] = tantivy_search(work / "tantivy")
    for name in ("whoosh", "whoosh2"):
        if name in systems:
            ix = whoosh_index.open_dir(work / name)
            searcher, parser = ix.searcher(), MultifieldParser(["title", "body"], ix.schema, group=AndGroup)
            # The body is not stored: its text comes from memory, like a document store beside the index.
            runs[name] = lambda q, s=searcher, p=parser: [
                (hit["title"], hit.highlights("body", text=texts[hit["path"]][1]))
                for hit in s.search(p.parse(quoted(q.split())), limit=TOP)]
    return runs


def tantivy_search(target):
    """Return a function that runs a query in Tantivy: every word required, top 10, titles and body snippets."""
    import tantivy

    ix = tantivy_index(target)
    searcher = ix.searcher()

    def run(q):
        """Return the top hits of ``q`` with their titles and snippets."""
        query = ix.parse_query(quoted(q.split()), ["title", "body"], conjunction_by_default=True)
        snippets = tantivy.SnippetGenerator.create(searcher, query, ix.schema, "body")
        hits = [searcher.doc(address) for _, address in searcher.search(query, TOP).hits]
        return [(hit["title"][0], snippets.snippet_from_doc(hit).to_html()) for hit in hits]

    return run


def percentiles(seconds):
    """Return p50, p95 and mean of a list of durations, in milliseconds."""
    ms = sorted(1000 * s for s in seconds)
    cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return {"p50": cuts[49], "p95": cuts[94], "mean": statistics.fmean(ms)}


def holds_span(title, query):
    """Tell whether ``title`` holds the words of ``query`` in a row, accents and case aside.

    >>> holds_span("Bão Nanmadol tràn vào Philippines", "nanmadol tran vao"), holds_span("Bão số 3", "bão số 4")
    (True, False)
    """
    words, held = folded_words(query), folded_words(title)
    return any(held[start : start + len(words)] == words for start in range(len(held) - len(words) + 1))


def time_queries(run, queries):
    """Warm ``run`` up, then time each query once; return latency percentiles and the share of queries
    whose top ten hold a title with the query's span (the title it was taken from, or a twin's)."""
    for query in queries[:WARMUP]:
        run(query)
    durations, found = [], 0
    for query in queries:
        started = time.perf_counter()
        hits = run(query)
        durations.append(time.perf_counter() - started)
        found += any(holds_span(title, query) for title, _ in hits)
    return percentiles(durations) | {"found": 100 * found / max(1, len(queries))}


def serve(index_dir, source, port):
    """Serve our web app on loopback as `archive serve` does, one process per core (runs in its own process)."""
    import logging

    import web

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # queueing shows in the latencies instead
    os.environ |= {"ARCHIVE_INDEX_DIR": str(index_dir), "ARCHIVE_SOURCE_DIRS": str(source)}
    web.serve("127.0.0.1", port, processes=os.cpu_count() or 1)


def get(connection, query):
    """Request the results page of ``query`` and return the HTTP status."""
    connection.request("GET", "/search?" + urllib.parse.urlencode({"q": query}))
    response = connection.getresponse()
    response.read()
    return response.status


def load_pages(port, queries, seconds):
    """Request /search pages from 8 client threads for ``seconds``; return durations, failures and elapsed time."""
    durations, errors, counter = [], [], itertools.count()
    started = time.perf_counter()

    def client():
        """Request result pages on one keep-alive connection until the time or the request budget runs out."""
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() - started < seconds and (n := next(counter)) < WEB_MAX_REQUESTS:
            sent = time.perf_counter()
            try:
                status = get(connection, queries[n % len(queries)])
            except (OSError, http.client.HTTPException) as error:
                status, connection = error, http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            durations.append(time.perf_counter() - sent)
            if status != 200:
                errors.append(status)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return durations, errors, time.perf_counter() - started


def web_load(work, queries):
    """Start our app on a free loopback port, warm every server process, then load /search with 8 clients."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    server = context.Process(target=serve, args=(work / "ours", work / "source", port), daemon=True)
    server.start()
    try:
        for _ in range(300):  # up to a minute for the server to listen
            try:
                get(http.client.HTTPConnection("127.0.0.1", port, timeout=30), queries[0])
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"web: the server on port {port} never answered (exit code {server.exitcode})")
        # The warm-up uses the same 8 clients, so that every server process and thread has opened the index.
        load_pages(port, queries[::-1], WARM_SECONDS)
        durations, errors, elapsed = load_pages(port, queries, WEB_SECONDS)
    finally:
        server.terminate()
        server.join()
    return {"requests": len(durations), "rps": len(durations) / elapsed, "errors": len(errors),
            **percentiles(durations)}


def incremental(work, new_titles, max_bytes, pipe):
    """Time a no-change reindex, then adding the new files until a search finds one of them (in a fresh process).

    A fresh process, as `archive reindex` runs: the benchmark's own holds every
    article's text, which the garbage collector walks again and again while a
    reindex allocates.
    """
    archive, index_dir, source = Archive(work / "ours"), work / "ours", work / "source"
    started = time.perf_counter()
    unchanged = reindex([source], index_dir, BuildOptions(max_bytes=max_bytes))
    result = {"nochange": time.perf_counter() - started, "nochange_changed": unchanged.changed}
    shutil.copytree(work / "new", source, dirs_exist_ok=True)
    started = time.perf_counter()
    report = reindex([source], index_dir, BuildOptions(max_bytes=max_bytes))
    result |= {"reindex": time.perf_counter() - started, "added": len(report.added), "searchable": None}
    while time.perf_counter() - started < SEARCHABLE_WAIT and result["searchable"] is None:
        for path, title in list(new_titles.items())[:5]:
            # Every match, near-duplicates too: a new file may repeat a story the archive holds, and the
            # results page then lists the story once, as the article that came first.
            if any(hit.path == path for hit in archive.every_hit(title, cap=TOP)):
                result["searchable"] = time.perf_counter() - started
                break
        else:
            time.sleep(0.1)
    pipe.send(result)


def ratio(ours, baseline, key):
    """Return ours[key] / baseline[key], or None when either is missing."""
    return ours[key] / baseline[key] if key in ours and baseline.get(key) else None


def verdict(name, value, limit, unit):
    """Return one goal line: met, or missed and by how much."""
    if value is None:
        return f"- {name}: n/a"
    state = "met" if value <= limit else f"MISSED by {value / limit - 1:.0%}"
    return f"- {name}: {value:.2f}{unit} (goal ≤ {limit}{unit}) -> {state}"


def code_version():
    """Return the short commit of the checkout, flagged when archive/ or web/ has uncommitted changes."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "archive", "web"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    return commit.stdout.strip() + (" (archive/ or web/ modified)" if dirty else "")


def save_json(path, version, n, builds, latency, web, incr):
    """Write the run's figures as JSON, for bench/scale.py to gather."""
    figures = {"commit": version, "articles": n, "load": os.getloadavg(), "builds": builds, "latency": latency,
               "web": web, "incremental": incr}
    pathlib.Path(path).write_text(json.dumps(figures, indent=1), encoding="utf-8")


def report(version, n, queries, builds, latency, web, incr):
    """Print the Markdown table, the web and incremental lines, and the goals' verdicts."""
    print(f"\ncommit {version} at the start; N = {n} articles; "
          f"{len(queries)} queries of {WORDS} title words, all required, top {TOP}; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| system | build s (read+extract included) | of which read+extract s | peak memory MB | index MB "
          "| query p50 ms | p95 ms | mean ms | found % |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for system, built in builds.items():
        lat = latency.get(system, {})
        extract = f"{built['extract']:.1f}" if "extract" in built else "interleaved"
        cells = [f"{lat[k]:.1f}" if k in lat else "-" for k in ("p50", "p95", "mean", "found")]
        print(f"| {system} | {built['seconds']:.1f} | {extract} | {built['memory']:.0f} | {built['size']:.0f} | "
              + " | ".join(cells) + " |")

    ours, fts, tantivy = latency.get("ours", {}), latency.get("fts5", {}), latency.get("tantivy", {})
    goals = [("build ours / whoosh2", ratio(builds.get("ours", {}), builds.get("whoosh2", {}), "seconds"), 0.6, "×"),
             ("peak memory ours GB", builds["ours"]["memory"] / 1024 if "ours" in builds else None, 1.5, ""),
             ("query p50 ours / fts5", ratio(ours, fts, "p50"), 2, "×"),
             ("query p95 ours / fts5", ratio(ours, fts, "p95"), 2, "×"),
             ("web p95 ms (n/a when a request failed)", web["p95"] if web and not web["errors"] else None, 150, ""),
             ("no-change reindex s", incr and incr["nochange"], 5, ""),
             (f"{NEW_FILES} new files searchable s", incr and incr["searchable"], 15, ""),
             ("index size ours / fts5", ratio(builds.get("ours", {}), builds.get("fts5", {}), "size"), 1.0, "×"),
             ("build ours / fts5", ratio(builds.get("ours", {}), builds.get("fts5", {}), "seconds"), 1.0, "×"),
             ("query p50 ours / tantivy", ratio(ours, tantivy, "p50"), 3, "×"),
             ("query p95 ours / fts5 (scale goal)", ratio(ours, fts, "p95"), 0.25, "×")]
    if web:
        print(f"\nweb /search, {CLIENTS} clients, {WEB_SECONDS:.0f}s on loopback: {web['requests']} requests, "
              f"{web['rps']:.1f} req/s, p50 {web['p50']:.0f} ms, p95 {web['p95']:.0f} ms, {web['errors']} errors")
    if incr:
        found = f"{incr['searchable']:.2f}s" if incr["searchable"] is not None else "not found"
        print(f"incremental: no-change reindex {incr['nochange']:.2f}s (changed: {incr['nochange_changed']}); "
              f"{NEW_FILES} new files: reindex {incr['reindex']:.2f}s ({incr['added']} added), searchable after {found}")
    print("\nGoals (measured at this N; the issue's goals are for the full corpus):")
    print("\n".join(verdict(*goal) for goal in goals))


def main():
    """Parse the flags, stage the sample, build each system, time queries, the web and reindexing, and report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"),
                        help="extracted corpus folder, the .tar.xz, or a folder holding it (default ../shared/corpus)")
    parser.add_argument("--meta", help=f"metadata file (default {META} next to the corpus, else ../shared/corpus)")
    parser.add_argument("-n", "--articles", type=int, help="number of articles N (default all)")
    parser.add_argument("--queries", type=int, default=500, help="number of queries (default 500)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated subset of {','.join(SYSTEMS)}")
    parser.add_argument("--workdir", help="work folder (default: a temporary one, removed unless --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--skip-web", action="store_true", help="skip the web load test")
    parser.add_argument("--skip-reindex", action="store_true", help="skip the incremental reindex timings")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--copies", type=int, default=1,
                        help="stage the sample this many times, each copy made distinct (default 1: the sample alone)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    systems = [s for s in SYSTEMS if s in args.systems.split(",")]
    corpus = pathlib.Path(args.corpus)
    meta = pathlib.Path(args.meta) if args.meta else next(
        p for p in (corpus / META, corpus.parent / META, ROOT.parent / "shared" / "corpus" / META) if p.exists())
    max_bytes = settings.load().max_file_bytes
    work = pathlib.Path(args.workdir or tempfile.mkdtemp(prefix="speed-"))
    for name in ("source", "new", *INDEXES.values()):
        path = work / name
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    version = code_version()  # taken now: others may commit while the benchmark runs
    print(f"commit {version}; work folder: {work}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    try:
        everything = choose(meta, None)
        rows = everything[:args.articles]
        # New files for the incremental step: corpus files outside the sample, else copies of sampled ones.
        extra = everything[len(rows):len(rows) + NEW_FILES]
        started = time.perf_counter()
        stage(corpus, rows + extra, work / "source")
        for row in extra:
            (work / "new" / row["path"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(work / "source" / row["path"], work / "new" / row["path"])
        for row in rows[:NEW_FILES - len(extra)]:
            (work / "new" / "copies" / row["path"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / "source" / row["path"], work / "new" / "copies" / row["path"])
        copied = stage_copies(work / "source", rows, args.copies, args.seed)
        print(f"staged {len(rows)} + {copied} copies + {NEW_FILES} new files in "
              f"{time.perf_counter() - started:.0f}s", flush=True)
        builds = {system: build_system(system, work, max_bytes) for system in systems}
        texts = extract_folder(work / "source", max_bytes)
        queries = make_queries(rows, texts, args.queries, args.seed)
        latency = {}
        for system, run in searchers(work, systems, texts).items():
            latency[system] = time_queries(run, queries)
            print(f"{system}: query p50 {latency[system]['p50']:.1f} ms, p95 {latency[system]['p95']:.1f} ms",
                  flush=True)
        web = None if args.skip_web or "ours" not in systems else web_load(work, queries)
        new_titles = {path: title for path, (title, _) in extract_folder(work / "new", max_bytes).items() if title}
        incr = None if args.skip_reindex or "ours" not in systems else in_child(
            "reindex", incremental, work, new_titles, max_bytes)
        report(version, len(rows) + copied, queries, builds, latency, web, incr)
        if args.json:
            save_json(args.json, version, len(rows) + copied, builds, latency, web, incr)
    finally:
        if not (args.keep or args.workdir):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
