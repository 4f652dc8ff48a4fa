"""Shared fixtures: real folders and a real index on tmp_path, a CLI runner."""

import pathlib
import shutil

import pytest
from click.testing import CliRunner

SEEDS = pathlib.Path(__file__).resolve().parent.parent / "seeds"
DATA = pathlib.Path(__file__).resolve().parent / "data"


@pytest.fixture
def source_dir(tmp_path):
    """Return a source folder holding a copy of the seed articles."""
    folder = tmp_path / "source"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def index_dir(tmp_path):
    """Return a folder for the index, not yet created."""
    return tmp_path / "index"


@pytest.fixture
def runner(monkeypatch, source_dir, index_dir):
    """Return a CLI runner whose settings point at the temporary source and index."""
    monkeypatch.setenv("ARCHIVE_SOURCE_DIRS", str(source_dir))
    monkeypatch.setenv("ARCHIVE_INDEX_DIR", str(index_dir))
    return CliRunner()


@pytest.fixture
def app(source_dir, index_dir):
    """Return the web app over an index built from the seeds plus the crafted web articles."""
    from archive.upkeep.build import build
    from web import create_app

    shutil.copytree(DATA / "web", source_dir / "web")
    build([source_dir], index_dir)
    return create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(index_dir), "ARCHIVE_SOURCE_DIRS": str(source_dir)})


@pytest.fixture
def kinds_app(source_dir, index_dir):
    """Return the web app over the seeds, an article about a road accident and a tag page listing it."""
    from archive.upkeep.build import build
    from web import create_app

    shutil.copytree(DATA / "kinds", source_dir / "kinds")
    build([source_dir], index_dir)
    return create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(index_dir)})


@pytest.fixture
def client(app):
    """Return a Flask test client for ``app``."""
    return app.test_client()


@pytest.fixture
def deep_folder(tmp_path):
    """Return a function that nests ``depth`` folders named "d" under a folder, all removed afterwards.

    One level at a time both ways: mkdir(parents=True) and pytest's own clean-up recurse,
    and Python's recursion limit is about 1,000 frames.
    """
    made = []

    def nest(parent, depth):
        """Create ``parent``/d/d/... ``depth`` folders deep and return the deepest."""
        for _ in range(depth):
            parent = parent / "d"
            parent.mkdir()
            made.append(parent)
        return parent

    yield nest
    for folder in reversed(made):
        for entry in folder.iterdir():
            if not entry.is_dir():
                entry.unlink()
        folder.rmdir()
