"""Typed accents: short ambiguous queries, false corrections and accent restoration, against FTS5 and plain Whoosh.

Run from the project root (not part of CI):

    python bench/accents.py --articles 20000 --jobs 2

The sample, the staging and the three indexes are those of bench/quality.py (and a
``--workdir`` it kept is reused). On the extracted text of the sample:

- ambiguous forms: accent-free words and pairs of neighbouring words (one and two
  syllables) with at least two accented spellings held by at least 5 articles each,
  ``--forms`` of each length sampled with ``--seed``;
- accented P@10: each of the two most frequent accented spellings is queried; a hit
  is relevant when it holds exactly that spelling (as neighbours, for pairs); for
  pairs also over the spellings whose two words both carry accents (*marked*), since
  a word typed without accents is read the way the archive reads it;
- unaccented P@10: the accent-free form is queried; relevant = its most frequent spelling
  (any of them, when several are held by equally many articles);
- false corrections: the share of those accented queries that get a suggestion;
- accent restoration: ``--spans`` five-word spans of article bodies, typed without
  accents; the share of words that the suggestion spells as the article did (the
  typed words count when there is no suggestion). Spans come from indexed articles
  and, so that the archive cannot copy the spelling of the very article, from as
  many articles that follow the sample and are not indexed (none when the sample is the whole corpus);
- known-item MRR@10 per variant, with the title spans of bench/quality.py, and in brackets
  with a hit on a twin of the target counted as the target (``quality.twins``); only
  pages the archive lists as articles are targets (``quality.known_items``).
"""

import argparse
import collections
import os
import pathlib
import random
import subprocess
import tempfile

import quality
from archive import settings
from archive.text.vietnamese import exact_form, fold, folded_form, tokens
from archive.upkeep.documents import content_of

MIN_ARTICLES = 5
SPAN = 5
TOP = quality.TOP


def spelled(words):
    """Return the exact spelling of a run of words, the key articles and queries are compared by.

    >>> spelled(["Hoà", "BÌNH"])
    'hòa bình'
    """
    return " ".join(exact_form(word) for word in words)


def runs(text):
    """Return the exact words and neighbouring pairs of ``text`` as one set of spellings."""
    words = [exact_form(word) for word, _, _ in tokens(text)]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


def spelling_counts(texts):
    """Return ``{spelling: articles holding it}`` over every word and neighbouring pair of ``texts``."""
    counts = collections.Counter()
    for text in texts:
        counts.update(runs(text))
    return counts


def ambiguous_forms(counts, syllables):
    """Return ``{folded form: [spellings, most frequent first]}`` for forms of ``syllables`` words with two common accented spellings."""
    forms = collections.defaultdict(list)
    for spelling, count in counts.items():
        words = spelling.split(" ")
        if len(words) == syllables and all(word.isalpha() for word in words):
            forms[folded_form(spelling)].append((-count, spelling))
    chosen = {}
    for folded, spellings in forms.items():
        accented = [s for c, s in spellings if s != folded and -c >= MIN_ARTICLES]
        if len(accented) >= 2:
            chosen[folded] = [s for _, s in sorted(spellings)]
    return chosen


def commonest(spellings, counts):
    """Return the spellings held by the most articles: one, or all of those that tie.

    >>> commonest(["giải a", "giải á", "giai a"], {"giải a": 7, "giải á": 7, "giai a": 2})
    ('giải a', 'giải á')
    """
    most = max(counts[s] for s in spellings)
    return tuple(s for s in spellings if counts[s] == most)


def short_queries(counts, count, rng):
    """Return ``{kind: [(query, relevant spellings)]}`` for sampled one- and two-syllable ambiguous forms."""
    queries = collections.defaultdict(list)
    for syllables in (1, 2):
        forms = ambiguous_forms(counts, syllables)
        print(f"{len(forms)} ambiguous {syllables}-syllable forms")
        for folded in rng.sample(sorted(forms), min(count, len(forms))):
            accented = [s for s in forms[folded] if s != folded][:2]
            queries[f"accented {syllables}"] += [(s, (s,)) for s in accented]
            if syllables == 2:
                # A word typed without accents is read the archive's way, so these alone promise the whole spelling.
                queries["accented 2 marked"] += [(s, (s,)) for s in accented if all(fold(w) != w for w in s.split())]
            # When spellings tie for the most articles, either is the archive's commonest.
            queries[f"unaccented {syllables}"].append((folded, commonest(forms[folded], counts)))
    return queries


def body_spans(articles, count, rng):
    """Return up to ``count`` five-word spans of article bodies, one per article, within a sentence, holding an accented word."""
    spans = []
    for path in rng.sample(sorted(articles), len(articles)):
        if len(spans) == count:
            break
        body = articles[path].body
        found = list(tokens(body))
        starts = [i for i in range(len(found) - SPAN + 1) if _plain_run(body, found[i : i + SPAN])]
        if starts:
            start = rng.choice(starts)
            spans.append([word for word, _, _ in found[start : start + SPAN]])
    return spans


def _plain_run(text, run):
    """Tell whether a run of tokens is words separated by spaces alone, one of them accented."""
    words = [word for word, _, _ in run]
    spaced = all(text[a[2] : b[1]].isspace() for a, b in zip(run, run[1:]))
    return spaced and all(word.isalpha() for word in words) and any(fold(word) != word for word in words)


def holders(articles, spellings):
    """Return ``{spelling: set of paths}`` of the articles holding each of ``spellings``."""
    held = collections.defaultdict(set)
    for path, article in articles.items():
        for spelling in runs(content_of(article)) & spellings:
            held[spelling].add(path)
    return held


def ours_answer(query):
    """Return ``(paths of our top ten, suggestion)`` for ``query``."""
    page = quality.opened().search(query, limit=TOP)
    return [hit.path for hit in page.hits], page.suggestion


def answers(system, run, texts, pool):
    """Return ``[(paths, suggestion)]`` for each query of ``texts`` in one system."""
    if system == "ours":
        return pool.map(ours_answer, texts, 4) if pool else list(map(ours_answer, texts))
    return [(run(text), None) for text in texts]


def precision(found, relevant):
    """Return P@10 of a list of paths for a set of relevant ones."""
    return len(set(found) & relevant) / max(1, min(TOP, len(relevant)))


def held_any(held, spellings):
    """Return the paths of the articles holding any of ``spellings``."""
    return set().union(*(held[spelling] for spelling in spellings))


def restored(span, suggestion):
    """Return how many words of a span the suggestion (or, without one, the typed words) spells as the article did."""
    typed = suggestion.split() if suggestion else [fold(word).lower() for word in span]
    return sum(exact_form(a) == exact_form(b) for a, b in zip(typed, span))


def measure(system, run, queries, spans, held, pool):
    """Return ``{figure: value}`` of one system."""
    figures = {}
    for kind, pairs in queries.items():
        got = answers(system, run, [q for q, _ in pairs], pool)
        figures[f"{kind} P@10"] = sum(precision(found, held_any(held, spellings))
                                      for (found, _), (_, spellings) in zip(got, pairs)) / len(pairs)
        if kind in ("accented 1", "accented 2") and system == "ours":
            figures[f"false corrections {kind.split()[1]}"] = sum(s is not None for _, s in got) / len(pairs)
    for name, chosen in spans.items():
        if not chosen:
            continue
        got = answers(system, run, [" ".join(fold(w).lower() for w in span) for span in chosen], pool)
        figures[name] = sum(restored(span, s) for span, (_, s) in zip(chosen, got)) / (SPAN * len(chosen))
    return figures


FIGURES = ("accented 1 P@10", "accented 2 P@10", "accented 2 marked P@10", "unaccented 1 P@10", "unaccented 2 P@10",
           "false corrections 1", "false corrections 2", "restoration indexed", "restoration unseen")


def report(figures, known, version):
    """Print one Markdown table of every figure and system."""
    print(f"\ncommit {version}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    columns = [*FIGURES, *(f"{v} MRR@10 (twins)" for v in quality.VARIANTS)]
    print("| system | " + " | ".join(columns) + " |")
    print("|---" * (1 + len(columns)) + "|")
    for system in figures:
        cells = [f"{figures[system][f]:.3f}" if f in figures[system] else "-" for f in FIGURES]
        cells += [f"{known[system][v].strict.mrr:.3f} ({known[system][v].twins.mrr:.3f})" for v in quality.VARIANTS]
        print(f"| {system} | " + " | ".join(cells) + " |")


def main():
    """Build (or reuse) the three indexes of a sample, and print every accent figure for each system."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(quality.ROOT.parent / "shared" / "corpus"),
                        help="extracted corpus folder, or the .tar.xz, or a folder holding it")
    parser.add_argument("--meta", help=f"metadata file (default {quality.META} next to the corpus)")
    parser.add_argument("--articles", type=int, default=2000, help="number of articles to index (N)")
    parser.add_argument("--forms", type=int, default=150, help="ambiguous forms sampled per length")
    parser.add_argument("--spans", type=int, default=300, help="body spans for accent restoration")
    parser.add_argument("--known", type=int, default=500, help="known-item queries per variant")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=1, help="processes that run our queries")
    parser.add_argument("--workdir", help="keep (or reuse) the copied files and indexes here, as bench/quality.py does")
    parser.add_argument("--systems", type=quality.chosen_systems, default=quality.SYSTEMS,
                        help="systems to build and query, comma-separated (default all: ours,fts5,whoosh-standard)")
    args = parser.parse_args()
    version = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=quality.ROOT,
                             capture_output=True, text=True).stdout.strip()
    corpus = pathlib.Path(args.corpus)
    meta = pathlib.Path(args.meta) if args.meta else quality.meta_next_to(corpus)
    every = quality.choose(meta, args.articles + args.spans)
    rows, unseen_rows = every[: args.articles], every[args.articles :]
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="accents-") as tmp:
        work = pathlib.Path(args.workdir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        articles, _ = quality.build_all(work, corpus, rows, settings.load().max_file_bytes, args.systems)
        queries = short_queries(spelling_counts(map(content_of, articles.values())), args.forms, rng)
        if not (work / "unseen").exists():
            quality.stage(corpus, unseen_rows, work / "unseen")
        unseen = quality.extract_all(work / "unseen", unseen_rows, settings.load().max_file_bytes)
        spans = {"restoration indexed": body_spans(articles, args.spans, rng),
                 "restoration unseen": body_spans(unseen, args.spans, rng)}
        held = holders(articles, {r for pairs in queries.values() for _, spellings in pairs for r in spellings})
        known_queries, same = quality.known_items(work / "ours", rows, articles, args.known, 6, args.seed)
        runs_of = quality.searchers(work, args.systems)
        quality.open_archive(work / "ours")
        pool = quality.pool(args.jobs, work / "ours")
        figures, known = {}, {}
        for system in args.systems:
            figures[system] = measure(system, runs_of[system], queries, spans, held, pool)
            known[system] = quality.evaluate(runs_of[system], known_queries, pool if system == "ours" else None, same)
            print(f"{system}: {figures[system]}", flush=True)
        if pool:
            pool.close()
        print(", ".join(f"{kind}: {len(pairs)} queries" for kind, pairs in queries.items())
              + f"; {len(spans['restoration unseen'])} body spans of each kind; {len(known_queries['exact'])} known-item queries per variant")
        report(figures, known, version)


if __name__ == "__main__":
    main()
