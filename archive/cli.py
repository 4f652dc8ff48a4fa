"""The ``archive`` command: each subcommand parses its arguments, calls the library once, and prints."""

import json
import sys

import click

from archive import settings
from archive.extract import load
from archive.reader import SkippedFile, source_file


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """A searchable archive of Vietnamese news articles.

    Example: archive index && archive search "hai chau"
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file.")
def inspect(files, as_json):
    """Print the article extracted from each FILE.

    Example: archive inspect seeds/000_3ff03f6642ae21e6.txt --json
    """
    max_bytes = int(settings.get("ARCHIVE_MAX_FILE_BYTES"))
    read = 0
    for path in files:
        result = load(source_file(path), max_bytes)
        if isinstance(result, SkippedFile):
            click.echo(f"skipped {path}: {result.reason}", err=True)
            continue
        read += 1
        if as_json:
            click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            click.echo(format_article(result))
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
