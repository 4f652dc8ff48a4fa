"""The README documents every setting and every command."""

import pathlib

import pytest

from archive.cli import main
from archive.settings import SETTINGS

README = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_setting_is_documented(setting):
    assert f"`{setting.name}`" in README


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_is_documented(name):
    assert f"`archive {name}" in README


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_has_help_with_example(name):
    assert "Example:" in main.commands[name].help
