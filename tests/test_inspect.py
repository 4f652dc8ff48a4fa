"""The ``archive inspect`` command: JSON shape, skipped files on stderr, exit codes."""

import json

import pytest
from click.testing import CliRunner

from archive.cli import main

from conftest import DATA

FIELDS = {"path", "title", "date", "author", "places", "lead", "body", "tags", "source", "markdown", "kind"}


@pytest.fixture
def cli():
    """Return a runner that keeps stderr apart from stdout."""
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click 8.2 always keeps them apart
        return CliRunner()


def test_inspect_json_shape(cli, source_dir):
    """One JSON line per file, a list for a file of two briefs, with every Article field and an ISO date."""
    seeds = sorted(source_dir.glob("*.txt"))
    result = cli.invoke(main, ["inspect", "--json", *map(str, seeds)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(seeds) == 5
    briefs = lines[0]
    assert [brief["path"] for brief in briefs] == ["000_3ff03f6642ae21e6.txt", "000_3ff03f6642ae21e6.txt#2"]
    assert [brief["author"] for brief in briefs] == ["Đặng Nở", "Mẫu Đơn"]
    objects = [*briefs, *lines[1:]]
    assert all(set(obj) == FIELDS for obj in objects)
    by_name = {obj["path"]: obj for obj in objects}
    seed = by_name["002_18c0cf6a5e024732.txt"]
    assert seed["title"] == "Quang Trung sơ kết giữa nhiệm kỳ Đại hội Đảng bộ phường lần thứ XIV nhiệm kỳ 2020 - 2025"
    assert (seed["date"], seed["author"], seed["places"]) == ("2023-03-15T19:52:00", "Hoàng Phương", ["Phường Quang Trung"])
    assert seed["lead"].startswith("Chiều ngày 15/3, Đảng ủy phường Quang Trung")
    assert seed["lead"] not in seed["body"]
    assert by_name["000_3ff03f6642ae21e6.txt"]["date"] is None


def test_inspect_plain_text(cli, source_dir):
    """Without --json the article prints as title, date, author and places lines, then the text."""
    result = cli.invoke(main, ["inspect", str(source_dir / "004_356611e0d6a31a8b.txt")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Quận Lê Chân: Thu ngân sách 9 tháng đầu năm")
    assert lines[1:4] == ["date: 2023-09-22T18:15:00", "author: Hoàng Tùng", "places: Quận Lê Chân, Phường Vĩnh Niệm"]


def test_inspect_markdown(cli):
    """A Markdown file reports its front matter fields and markdown=true."""
    result = cli.invoke(main, ["inspect", "--json", str(DATA / "articles" / "front-matter.md")])
    assert result.exit_code == 0
    article = json.loads(result.stdout)
    assert (article["markdown"], article["date"], article["tags"]) == (True, "2024-02-05T08:15:00", ["đô thị", "văn minh"])


def test_inspect_skips_bad_files_and_goes_on(cli, source_dir, monkeypatch):
    """A bad file is reported on stderr with its reason; the good ones still print and the exit code is 0."""
    monkeypatch.chdir(DATA / "articles")
    result = cli.invoke(main, ["inspect", "--json", "blank.txt", str(source_dir / "001_43ec9208da8b7315.txt")])
    assert result.exit_code == 0
    assert "skipped blank.txt: only whitespace" in result.stderr
    assert json.loads(result.stdout)["author"] == "Hồng Hạnh"


@pytest.mark.parametrize("names", [["blank.txt"], ["blank.txt", "binary.txt"]])
def test_inspect_fails_when_nothing_is_readable(cli, names, monkeypatch):
    """Only unreadable files: every reason on stderr, nothing on stdout, a non-zero exit code."""
    monkeypatch.chdir(DATA / "articles")
    result = cli.invoke(main, ["inspect", *names])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [f"skipped {name}" for name in names]


def test_inspect_missing_file(cli, tmp_path):
    """A file that does not exist is skipped with a reason, never a traceback."""
    result = cli.invoke(main, ["inspect", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "nope.txt" in result.stderr
