"""The ``archive`` command: each subcommand parses its arguments, calls the library once, and prints."""

import contextlib
import json
import os
import sys

import click

from archive import settings
from archive.ingest.extract import load_all
from archive.upkeep.build import build
from archive.upkeep.failures import IndexWriteError
from archive.upkeep.options import BuildOptions
from archive.ingest.reader import SkippedFile, SourceDirError, source_file
from archive.engine.index import IndexMissing
from archive.query.search import SORTS, Archive
from archive.query.snippets import bracketed


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """A searchable archive of Vietnamese news articles.

    Example: archive index && archive search "hai chau"
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON line per file: an object, or a list of objects for a file of several briefs.")
def inspect(files, as_json):
    """Print the article(s) extracted from each FILE.

    Example: archive inspect seeds/000_3ff03f6642ae21e6.txt --json
    """
    max_bytes = configured().max_file_bytes
    read = 0
    for path in files:
        result = load_all(source_file(path), max_bytes)
        if isinstance(result, SkippedFile):
            click.echo(f"skipped {path}: {result.reason}", err=True)
            continue
        read += 1
        if as_json:
            data = [article.to_dict() for article in result]
            click.echo(json.dumps(data if len(data) > 1 else data[0], ensure_ascii=False))
        else:
            click.echo("\n".join(format_article(article) for article in result))
    if read == 0:
        sys.exit(1)


def format_article(article):
    """Return an article as readable plain text for the terminal."""
    lines = [
        article.title,
        f"date: {article.date.isoformat() if article.date else '-'}",
        f"author: {article.author or '-'}",
        f"places: {', '.join(article.places) or '-'}",
        "",
        article.lead,
        "",
        article.body,
        "",
    ]
    return "\n".join(lines)


def fail(message):
    """Print a user-facing error on stderr and exit non-zero, without a traceback."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def configured(**overrides):
    """Return the checked settings, with the command line's ``overrides`` that were given; exit on a bad value."""
    try:
        return settings.load().replace(**{name: value for name, value in overrides.items() if value})
    except settings.SettingError as error:
        fail(str(error))


def source_option(command):
    """Add the --source and --index options shared by the indexing commands."""
    command = click.option("--index", "index_dir", type=click.Path(file_okay=False),
                           help="Index folder (default: ARCHIVE_INDEX_DIR or index/).")(command)
    return click.option("--source", "sources", multiple=True, type=click.Path(file_okay=False),
                        help="Folder of article files; repeat for several (default: ARCHIVE_SOURCE_DIRS or seeds/).")(command)


@contextlib.contextmanager
def progress_bar(label):
    """Yield a progress callback that draws a bar on a terminal (None elsewhere); the bar closes however the work ends."""
    if not sys.stderr.isatty():
        yield None
        return
    bars = []

    def update(done, total):
        """Advance the bar to ``done`` of ``total``, opening it at the first call, when the total is known."""
        if not bars:
            bars.append(click.progressbar(length=total, label=label, file=sys.stderr, show_eta=True))
        bars[0].update(done - bars[0].pos)

    try:
        yield update
    finally:
        if bars:
            bars[0].render_finish()


def print_skipped(skipped):
    """List skipped files and their reasons on stderr."""
    for item in skipped:
        click.echo(f"skipped {item.path}: {item.reason}", err=True)


@main.command()
@source_option
def index(sources, index_dir):
    """Build the index from scratch over the source folders.

    Example: archive index --source seeds --index index
    """
    chosen = configured(source_dirs=sources, index_dir=index_dir)
    try:
        with progress_bar("Indexing") as progress:
            options = BuildOptions(max_bytes=chosen.max_file_bytes)
            report = build(chosen.source_dirs, chosen.index_dir, options, progress)
    except (SourceDirError, IndexWriteError) as error:
        fail(str(error))
    print_skipped(report.skipped)
    click.echo(f"Indexed {report.indexed} articles, skipped {len(report.skipped)} files, in {report.seconds:.1f} s.")


@main.command()
@source_option
@click.option("--full", is_flag=True, help="Rebuild from scratch and swap the new index in when complete.")
@click.option("--wait", default=60.0, show_default=True, type=click.FloatRange(0),
              help="Seconds to wait while another reindex holds the index.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary, not each file.")
def reindex(sources, index_dir, full, wait, quiet):
    """Update the index with new, changed, moved and deleted files.

    Example: archive reindex --source seeds --index index
    """
    from archive.upkeep.locking import IndexBusy
    from archive.upkeep.reindex import reindex as run_reindex

    chosen = configured(source_dirs=sources, index_dir=index_dir)
    try:
        with progress_bar("Reindexing") as progress:
            report = run_reindex(chosen.source_dirs, chosen.index_dir,
                                 BuildOptions(max_bytes=chosen.max_file_bytes, wait=wait), full=full, progress=progress)
    except (SourceDirError, IndexBusy, IndexWriteError) as error:
        fail(str(error))
    if not quiet:
        click.echo(format_changes(report), nl=False)
    print_skipped(report.skipped)
    for item in report.kept:
        click.echo(f"kept {item.path}: {item.reason}", err=True)
    click.echo(f"Reindexed in {report.seconds:.1f} s: {report.summary()}.")


def format_changes(report):
    """Return one line per added, updated, moved or removed file."""
    lines = [f"added {path}" for path in report.added] + [f"updated {path}" for path in report.updated]
    lines += [f"moved {old} -> {new}" for old, new in report.moved] + [f"removed {path}" for path in report.removed]
    return "".join(line + "\n" for line in lines)


@main.command()
@source_option
@click.option("--interval", default=2.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds between two looks at the source folders.")
@click.option("--quiet-period", "quiet", default=1.0, show_default=True, type=click.FloatRange(0),
              help="Seconds without changes before a burst of changes is reindexed.")
def watch(sources, index_dir, interval, quiet):
    """Reindex whenever files are added, changed or deleted, until Ctrl-C.

    Example: archive watch --source seeds --interval 2
    """
    import signal

    watcher = watcher_for(configured(source_dirs=sources, index_dir=index_dir), interval=interval, quiet=quiet)
    signal.signal(signal.SIGTERM, lambda signum, frame: watcher.stop.set())
    click.echo(f"Watching {', '.join(map(str, watcher.source_dirs))}; Ctrl-C stops.", err=True)
    try:
        watcher.run()
    except KeyboardInterrupt:
        pass
    click.echo("Stopped watching.", err=True)


def watcher_for(chosen, **timing):
    """Return a watcher of the ``chosen`` settings' folders that prints what each reindex did, and each error."""
    from archive.upkeep.watch import Watcher

    return Watcher(chosen.source_dirs, chosen.index_dir, BuildOptions(max_bytes=chosen.max_file_bytes),
                   on_report=print_watch_report, on_error=lambda message: click.echo(f"Error: {message}", err=True),
                   **timing)


def print_watch_report(report):
    """Print what one reindex of the watcher did, when it did something."""
    import time

    if report.changed or report.kept or report.skipped:
        click.echo(format_changes(report), nl=False)
        print_skipped(report.skipped)
        click.echo(f"{time.strftime('%H:%M:%S')} reindexed in {report.seconds:.1f} s: {report.summary()}.")


# A query may start with "-" ("-vaccine", "-hà nội"): only the command's own long options are options, so
# not even -h, which would read "-hà nội" as a request for help.
@main.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="Results per page.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Page of results.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True,
              help="Order by relevance, newest first (date) or oldest first.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help="Index folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def search(query, limit, page, sort, index_dir, as_json):
    """Search the archive and print the results.

    Example: archive search "hai chau" --limit 5
    """
    try:
        chosen = configured(index_dir=index_dir)
        with Archive(chosen.index_dir, chosen.cache_bytes) as archive:
            result = archive.search(query, page=page, limit=limit, sort=sort)
    except IndexMissing as error:
        fail(str(error))
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(format_results(result))


def format_results(result):
    """Return a result page as readable plain text for the terminal."""
    lines = []
    if result.loose:
        lines.append("No article has every word; showing articles with some of them.")
    hidden = result.total - result.groups
    folded = f", not counting {hidden} similar article{'s' * (hidden != 1)}" if hidden else ""
    lines.append(f"{result.groups} results{folded} ({result.seconds * 1000:.0f} ms), page {result.page} of {result.pages}")
    if result.suggestion:
        lines.append(f"Did you mean: {result.suggestion}")
    if result.readings:
        used, *others = (f"{reading['text']} ({reading['count']})" for reading in result.readings)
        lines.append(f"Ranked first as: {used}; also: {' · '.join(others)}")
    for hit in result.hits:
        similar = f"  (+{hit.similar} similar)" if hit.similar else ""
        lines += ["", f"{hit.title}  [{hit.date or 'no date'}]  /a/{hit.slug}{similar}", f"  {hit.path}",
                  "  " + bracketed(hit.snippet)]
    return "\n".join(lines)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--debug", is_flag=True, help="Use Flask's debugger and reloader instead of waitress.")
@click.option("--watch", "watch_sources", is_flag=True, help="Also reindex whenever source files change.")
@click.option("--processes", default=os.cpu_count() or 1, show_default="one per core", type=click.IntRange(1, 64),
              help="Server processes sharing the port.")
def serve(host, port, debug, watch_sources, processes):
    """Serve the web site, building the index from the sources first when there is none.

    Example: archive serve --port 8080 --watch
    """
    import web  # here, not at the top, so the library only imports Flask when the site is served

    chosen = configured()
    # Under Flask's reloader only the serving child watches, not the parent that restarts it.
    if watch_sources and (not debug or os.environ.get("WERKZEUG_RUN_MAIN") == "true"):
        watcher_for(chosen).start()
    try:
        web.serve(host, port, debug, processes)
    except (SourceDirError, IndexWriteError) as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot serve on {host}:{port}: {error.strerror or error}")
