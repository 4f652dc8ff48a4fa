"""Known-item search quality: this archive against SQLite FTS5 and plain Whoosh, on the shared corpus.

Run from the project root (not part of CI):

    python bench/quality.py --articles 20000 --queries 1000

The first N articles are taken round-robin across the datasets of the metadata file
(vntc, baomoi, vietnews, vims) and, inside a dataset, round-robin across its
sub-folders (the vntc topics), each in metadata order, so the sample mixes kinds.
The chosen files are copied (or extracted from the .tar.xz) into a temporary source
folder under their corpus paths. Our index is built by ``archive.upkeep.build.build``
over that folder; FTS5 and Whoosh get the same ``archive.ingest.extract`` title, lead and body.
A query is a span of up to ``--words`` title words (the metadata title, else the
extracted one), typed four ways; the target must come back in the top ten.
"""

import argparse
import dataclasses
import functools
import gzip
import itertools
import json
import multiprocessing
import pathlib
import random
import re
import shutil
import sqlite3
import tarfile
import tempfile
import time
import unicodedata
from collections import defaultdict

from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import MultifieldParser

from archive import settings
from archive.ingest.extract import load_all
from archive.upkeep.build import build
from archive.upkeep.options import BuildOptions
from archive.ingest.reader import SkippedFile, SourceFile
from archive.query.model import Query
from archive.query.search import Archive
from archive.text.vietnamese import clean, fold, folded_words

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARBALL = "vi-news-raw.tar.xz"
META = "vi-news-meta.jsonl.gz"
VARIANTS = ("exact", "unaccented", "nfd", "other-tone")
SYSTEMS = ("ours", "fts5", "whoosh-standard")
TOP = 10
_EDGE_PUNCT = re.compile(r"^\W+|\W+$")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# oa, oe, uy ending an open syllable are where old and new tone placement differ (qu- is a consonant).
_SWAPPABLE = re.compile(r"^[bcdđghklmnprstvx]*(oa|oe|uy)$")


def other_tone(word):
    """Return ``word`` with its tone mark moved to the other vowel of a final oa/oe/uy, else ``word``.

    >>> [other_tone(w) for w in ["hòa", "hoà", "Thủy", "khoẻ", "ủy", "hoàn", "quý", "hoa"]]
    ['hoà', 'hòa', 'Thuỷ', 'khỏe', 'uỷ', 'hoàn', 'quý', 'hoa']
    """
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    if len(tones) != 1 or not _SWAPPABLE.match(bare.lower()):
        return word
    tone_at = decomposed.index(tones[0]) - 1
    target = len(bare) - 1 if tone_at == len(bare) - 2 else len(bare) - 2
    return unicodedata.normalize("NFC", bare[: target + 1] + tones[0] + bare[target + 1 :])


def variant(query, name):
    """Return the query as typed in one variant: exact, unaccented, NFD or the other tone placement."""
    if name == "unaccented":
        return fold(query).lower()
    if name == "nfd":
        return unicodedata.normalize("NFD", query)
    if name == "other-tone":
        return " ".join(other_tone(word) for word in query.split())
    return query


def interleave(groups):
    """Return the items of several lists taken round-robin, in order."""
    return [item for row in itertools.zip_longest(*groups) for item in row if item is not None]


def choose(meta_path, count):
    """Return the first ``count`` metadata rows, round-robin across datasets and their sub-folders."""
    datasets = defaultdict(lambda: defaultdict(list))
    with gzip.open(meta_path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            datasets[row["dataset"]][row["path"].rsplit("/", 1)[0]].append(row)
    per_dataset = [interleave(list(folders.values())) for folders in datasets.values()]
    return interleave(per_dataset)[:count]


def stage(corpus, rows, source):
    """Copy the chosen files, from the corpus folder or its tarball, into ``source`` under their corpus paths."""
    corpus = pathlib.Path(corpus)
    if corpus.is_dir() and not (corpus / "vntc").is_dir() and (corpus / TARBALL).exists():
        corpus = corpus / TARBALL
    wanted = {row["path"] for row in rows}
    if corpus.is_dir():
        for path in wanted:
            (source / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus / path, source / path)
        return
    with tarfile.open(corpus, "r:xz") as tar:
        for member in tar:
            if member.isfile() and member.name in wanted:
                (source / member.name).parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as data, open(source / member.name, "wb") as out:
                    shutil.copyfileobj(data, out)


def extract_all(source, rows, max_bytes):
    """Return ``{path: Article}`` of every article of the chosen files the reader and extractor accept.

    A file of several briefs gives one article each (``000.txt#2``), as our index holds them.
    """
    articles = {}
    for row in rows:
        found = load_all(SourceFile(source, str(source / row["path"]), row["path"]), max_bytes)
        if not isinstance(found, SkippedFile):
            articles |= {article.path: article for article in found}
    return articles


def build_fts5(articles, db_path):
    """Index title and lead + body in an FTS5 table with diacritics removed; return the connection."""
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body,"
               " tokenize = 'unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                   [(p, a.title, f"{a.lead}\n{a.body}") for p, a in articles.items()])
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    return db


def build_whoosh(articles, folder):
    """Index title and lead + body with Whoosh's StandardAnalyzer; return the index."""
    schema = Schema(path=ID(stored=True, unique=True), title=TEXT(analyzer=StandardAnalyzer()),
                    body=TEXT(analyzer=StandardAnalyzer()))
    folder.mkdir()
    ix = whoosh_index.create_in(folder, schema)
    with ix.writer(limitmb=256) as writer:
        for path, article in articles.items():
            writer.add_document(path=path, title=article.title, body=f"{article.lead}\n{article.body}")
    return ix


def quoted(words, quote='"'):
    """Return each word in double quotes, quotes inside a word dropped, joined by spaces (AND in both engines)."""
    return " ".join(f'{quote}{word.replace(quote, " ")}{quote}' for word in words)


_ARCHIVE = []


def open_archive(index_dir):
    """Open our index once in this process (a worker of the --jobs pool, or the main one)."""
    _ARCHIVE[:] = [Archive(index_dir)]


def opened():
    """Return the archive ``open_archive`` opened in this process."""
    return _ARCHIVE[0]


def pool(jobs, index_dir):
    """Return a pool of ``jobs`` processes that each open our index, or None for one job."""
    return multiprocessing.Pool(jobs, open_archive, (index_dir,)) if jobs > 1 else None


def ours(query):
    """Return the paths of our top ten for ``query``, searched the way the CLI and the web do."""
    return [hit.path for hit in opened().search(query, limit=TOP).hits]


def searchers(work, systems=SYSTEMS):
    """Return ``{system: function(query) -> list of paths}`` for the chosen systems, whose indexes are in ``work``."""
    runs = {"ours": ours}
    if "fts5" in systems:
        db = sqlite3.connect(work / "fts.db")
        fts_sql = "SELECT path FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?"
        runs["fts5"] = lambda q: [row[0] for row in db.execute(fts_sql, (quoted(q.split()), TOP))]
    if "whoosh-standard" in systems:
        ix = whoosh_index.open_dir(work / "whoosh")
        parser, whoosh_searcher = MultifieldParser(["title", "body"], ix.schema), ix.searcher()
        runs["whoosh-standard"] = lambda q: [hit["path"] for hit in whoosh_searcher.search(
            parser.parse(quoted(q.split())), limit=TOP)]
    return runs


def chosen_systems(text):
    """Return the systems a ``--systems`` value names, ours always first.

    >>> chosen_systems("ours"), chosen_systems("fts5,ours")
    (('ours',), ('ours', 'fts5'))
    """
    names = set(text.split(","))
    unknown = names - set(SYSTEMS)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown systems: {', '.join(sorted(unknown))} (choose from {', '.join(SYSTEMS)})")
    return tuple(system for system in SYSTEMS if system in names | {"ours"})


def timed(run, query):
    """Return ``(paths found, seconds taken)`` for one query."""
    started = time.perf_counter()
    return run(query), time.perf_counter() - started


def make_queries(rows, articles, count, words, seed):
    """Return ``{variant: [(path, query)]}``: title spans, sampled with a fixed seed, per variant."""
    rng = random.Random(seed)
    known, from_meta = [], 0
    for row in rows:
        if row["path"] not in articles:
            continue
        title = clean(row.get("title") or "") or articles[row["path"]].title
        from_meta += bool(row.get("title"))
        tokens = [w for w in (_EDGE_PUNCT.sub("", w) for w in title.split()) if w]
        if len(tokens) >= 3:
            start = rng.randrange(max(1, len(tokens) - words + 1))
            known.append((row["path"], " ".join(tokens[start : start + words])))
    print(f"{len(known)} usable titles ({from_meta} articles titled by the metadata, the rest by extraction)")
    sample = rng.sample(known, min(count, len(known)))
    toned = [k for k in known if variant(k[1], "other-tone") != k[1]]
    queries = {name: [(p, variant(q, name)) for p, q in sample] for name in VARIANTS[:3]}
    queries["other-tone"] = [(p, variant(q, "other-tone")) for p, q in rng.sample(toned, min(count, len(toned)))]
    return queries


def twins(articles, grouped):
    """Return ``{path: paths of the articles that stand for the same story}``, each path among its own twins.

    The corpus holds some stories twice under two paths (a re-crawl, a copy in another
    folder); a query for one cannot tell it from its twin, so a hit on either is the story
    asked for. Twins are articles with the same title, lead and body, and the articles of
    one near-duplicate group in ``grouped`` (``{path: group}``): our results show a group
    once, as its best-placed article, with a link to the others.
    """
    texts, groups = defaultdict(set), defaultdict(set)
    for path, article in articles.items():
        texts[article.title, article.lead, article.body].add(path)
    for path, group in grouped.items():
        if group:  # an index without groups names none: its articles are no twins of each other
            groups[group].add(path)
    return {path: texts[article.title, article.lead, article.body] | groups.get(grouped.get(path), set())
            for path, article in articles.items()}


def listed(index_dir):
    """Return ``{path: near-duplicate group}`` of the pages our archive lists as articles (the other kinds hidden)."""
    with Archive(index_dir) as archive:
        return {hit.path: hit.group for hit in archive.every_hit(Query(), sort="date", cap=archive.count())}


def known_items(index_dir, rows, articles, count, words, seed):
    """Return ``(queries, twins)``: ``make_queries`` over the pages our index lists as articles, and their ``twins``.

    A page our archive hides as a tag page, listing or profile is no known item to look for.
    """
    grouped = listed(index_dir)
    targets = {path: article for path, article in articles.items() if path in grouped}
    same = twins(articles, grouped)
    print(f"{len(articles) - len(targets)} extracted pages are not articles to us and are not targets; "
          f"{sum(len(paths) > 1 for paths in same.values())} articles have a twin"
          " (the same title, lead and body, or the same near-duplicate group)")
    return make_queries(rows, targets, count, words, seed), same


def first_rank(found, wanted):
    """Return the 1-based rank of the first path of ``found`` among ``wanted``, or None."""
    return next((rank for rank, path in enumerate(found, 1) if path in wanted), None)


@dataclasses.dataclass
class Ranks:
    """The target's 1-based rank per query, None past the tenth, and the figures made of them."""

    ranks: list

    @property
    def mrr(self):
        """Return MRR@10.

        >>> Ranks([1, 2, None, 4]).mrr
        0.4375
        """
        return sum(1 / r for r in self.ranks if r) / max(1, len(self.ranks))

    @property
    def recall(self):
        """Return recall@10: the share of queries whose target is in the top ten.

        >>> Ranks([1, 2, None, 4]).recall
        0.75
        """
        return sum(1 for r in self.ranks if r) / max(1, len(self.ranks))


@dataclasses.dataclass
class Scores:
    """One system's known-item answers for one variant: strict, and with a hit on a twin of the target counted."""

    strict: Ranks
    twins: Ranks
    firsts: list  # the first hit per query (None when nothing came back)
    seconds: float  # per query


def evaluate(run, queries, pool=None, same=None):
    """Return ``{variant: Scores}`` of one system; a hit on a twin of the target (``same``, from ``twins``) counts in the twins figures."""
    scores = {}
    for name, pairs in queries.items():
        texts = [query for _, query in pairs]
        answers = pool.map(functools.partial(timed, run), texts, 4) if pool else [timed(run, q) for q in texts]
        ranks = [first_rank(found, {path}) for (path, _), (found, _) in zip(pairs, answers)]
        twin_ranks = [first_rank(found, (same or {}).get(path, {path})) for (path, _), (found, _) in zip(pairs, answers)]
        scores[name] = Scores(Ranks(ranks), Ranks(twin_ranks), [found[0] if found else None for found, _ in answers],
                              sum(t for _, t in answers) / max(1, len(pairs)))
    return scores


def report(results, queries, build_seconds, articles):
    """Print the Markdown table and whether the goals hold."""
    print(f"\n{len(articles)} articles indexed; queries per variant: "
          + ", ".join(f"{v} {len(queries[v])}" for v in VARIANTS))
    print("\n| system | build s | " + " | ".join(f"{v} MRR@10 | {v} twins MRR@10 | {v} R@10 | {v} twins R@10"
                                               for v in VARIANTS) + " | ms/query |")
    print("|---" * (3 + 4 * len(VARIANTS)) + "|")
    for system in results:
        cells = [f"{got.strict.mrr:.3f} | {got.twins.mrr:.3f} | {got.strict.recall:.3f} | {got.twins.recall:.3f}"
                 for got in (results[system][v] for v in VARIANTS)]
        ms = 1000 * sum(results[system][v].seconds for v in VARIANTS) / len(VARIANTS)
        print(f"| {system} | {build_seconds[system]:.0f} | " + " | ".join(cells) + f" | {ms:.1f} |")
    # The goals hold on the twins figures: a query cannot tell a story from its twin.
    ours, others = results["ours"], [system for system in results if system != "ours"]
    for v in VARIANTS if others else ():
        best = max(results[s][v].twins.mrr for s in others)
        best_recall = max(results[s][v].twins.recall for s in others)
        mrr, recall = ours[v].twins.mrr, ours[v].twins.recall
        print(f"- {v}: ours twins MRR {mrr:.3f} vs best other {best:.3f} -> {'OK' if mrr >= best else 'MISS'};"
              f" twins recall {recall:.3f} vs {best_recall:.3f} -> {'OK' if recall >= best_recall else 'MISS'}")
    ratio = ours["unaccented"].twins.mrr / max(ours["exact"].twins.mrr, 1e-9)
    print(f"- ours unaccented MRR / exact MRR = {ratio:.3f} -> {'OK' if ratio >= 0.95 else 'MISS'} (goal >= 0.95)")


def diagnose(results, queries, articles, count, same):
    """Print, per variant, why ours misses the target at rank 1, and queries where ours ranks it below FTS5.

    A miss is counted as a twin (an identical or near-duplicate article ranks first, which the
    twins figures count as found), a namesake (an article with the same title but another text
    ranks first), or other. Ranks here count twins.
    """
    for v in VARIANTS:
        mine = results["ours"][v]
        kinds = defaultdict(int)
        for (path, _), top in zip(queries[v], mine.firsts):
            if top != path:
                kinds["twin" if top in same[path] else
                      "namesake" if top and articles[top].title == articles[path].title else "other"] += 1
        fts_ranks = results["fts5"][v].twins.ranks if "fts5" in results else [None] * len(queries[v])
        worse = [(path, query, rank, fts, top)
                 for (path, query), rank, fts, top in zip(queries[v], mine.twins.ranks, fts_ranks, mine.firsts)
                 if fts and (rank is None or rank > fts)]
        print(f"\n{v}: ours misses rank 1 for {sum(kinds.values())} of {len(queries[v])} queries "
              f"({', '.join(f'{kind} {n}' for kind, n in sorted(kinds.items()))}); "
              f"ranks the target and its twins below FTS5 for {len(worse)}")
        for path, query, rank, fts, top in worse[:count]:
            print(f"  {query!r}: ours {rank or '>10'}, fts5 {fts} | target {path}: {articles[path].title!r}"
                  f" | ours #1 {top}: {articles[top].title if top else '-'!r}")


def build_all(work, corpus, rows, max_bytes, systems=SYSTEMS):
    """Stage the files and build the chosen systems' indexes in ``work``, reusing those a kept workdir already holds."""
    timings = work / "build-seconds.json"
    seconds = json.loads(timings.read_text()) if timings.exists() else {}
    if not (work / "source").exists():
        stage(corpus, rows, work / "source")
    started = time.perf_counter()
    articles = extract_all(work / "source", rows, max_bytes)
    print(f"read + extracted {len(articles)} articles in {time.perf_counter() - started:.0f}s (FTS5/Whoosh input)")
    steps = {
        "ours": (work / "ours", lambda path: build([work / "source"], path, BuildOptions(max_bytes=max_bytes))),
        "fts5": (work / "fts.db", lambda path: build_fts5(articles, path).close()),
        "whoosh-standard": (work / "whoosh", lambda path: build_whoosh(articles, path)),
    }
    for system in systems:
        path, make = steps[system]
        if system not in seconds or not path.exists():
            started = time.perf_counter()
            make(path)
            seconds[system] = time.perf_counter() - started
            timings.write_text(json.dumps(seconds))
        print(f"{system}: built in {seconds[system]:.0f}s")
    return articles, seconds


def title_agreement(rows, articles):
    """Print, per dataset, how often the extracted title and the metadata title hold one another's words."""
    counts = defaultdict(lambda: [0, 0])
    for row in rows:
        if row.get("title") and row["path"] in articles:
            wanted, got = (" ".join(folded_words(t)) for t in (row["title"], articles[row["path"]].title))
            counts[row["dataset"]][0] += bool(got) and (wanted in got or got in wanted)
            counts[row["dataset"]][1] += 1
    print("extracted title agrees with the metadata title (one holds the other): "
          + ", ".join(f"{d} {agree}/{total} ({agree / total:.1%})" for d, (agree, total) in sorted(counts.items())))


def meta_next_to(corpus):
    """Return the metadata file next to the corpus, or in the shared corpus folder, or None."""
    return next((p for p in (corpus / META, corpus.parent / META, ROOT.parent / "shared" / "corpus" / META)
                 if p.exists()), None)


def main():
    """Parse the flags, build the three indexes on the same articles, and report known-item quality."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"),
                        help="extracted corpus folder, or the .tar.xz, or a folder holding it (default ../shared/corpus)")
    parser.add_argument("--meta", help=f"metadata file (default {META} next to the corpus, else ../shared/corpus)")
    parser.add_argument("--articles", type=int, default=2000, help="number of articles to index (N)")
    parser.add_argument("--queries", type=int, default=1000, help="queries per variant")
    parser.add_argument("--words", type=int, default=6, help="longest title span used as a query")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--examples", type=int, default=8, help="failing queries to show per variant")
    parser.add_argument("--jobs", type=int, default=1, help="processes that run our queries")
    parser.add_argument("--workdir", help="keep the copied files and indexes here and reuse them on the next run"
                                          " with the same --articles (default: a temporary folder)")
    parser.add_argument("--systems", type=chosen_systems, default=SYSTEMS,
                        help="systems to build and query, comma-separated (default all: ours,fts5,whoosh-standard)")
    args = parser.parse_args()
    corpus = pathlib.Path(args.corpus)
    meta = pathlib.Path(args.meta) if args.meta else meta_next_to(corpus)
    rows = choose(meta, args.articles)
    print(f"{len(rows)} articles: " + ", ".join(f"{k} {len(list(g))}" for k, g in
                                               itertools.groupby(sorted(r["dataset"] for r in rows))))
    with tempfile.TemporaryDirectory(prefix="quality-") as tmp:
        work = pathlib.Path(args.workdir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        articles, seconds = build_all(work, corpus, rows, settings.load().max_file_bytes, args.systems)
        title_agreement(rows, articles)
        queries, same = known_items(work / "ours", rows, articles, args.queries, args.words, args.seed)
        runs = searchers(work, args.systems)
        open_archive(work / "ours")
        results = {}
        # Our searches are the slow ones; the other engines answer in milliseconds.
        workers = pool(args.jobs, work / "ours")
        for system in args.systems:
            started = time.perf_counter()
            results[system] = evaluate(runs[system], queries, workers if system == "ours" else None, same)
            print(f"{system}: queries run in {time.perf_counter() - started:.0f}s")
        if workers:
            workers.close()
        report(results, queries, seconds, articles)
        diagnose(results, queries, articles, args.examples, same)


if __name__ == "__main__":
    main()
