"""Settings are checked once at start-up: a bad value is a clear error naming the setting, never a traceback."""

import pytest

from archive import settings
from archive.cli import main


@pytest.mark.parametrize("raw, expected", [
    ("8388608", 8388608), ("8MB", 8 * 1024**2), ("8 MiB", 8 * 1024**2), ("512k", 512 * 1024), ("1G", 1024**3),
])
def test_sizes_read_with_or_without_units(raw, expected):
    assert settings.load({"ARCHIVE_MAX_FILE_BYTES": raw}).max_file_bytes == expected


@pytest.mark.parametrize("name, raw", [
    ("ARCHIVE_MAX_FILE_BYTES", "lots"), ("ARCHIVE_MAX_FILE_BYTES", "0"), ("ARCHIVE_MAX_FILE_BYTES", "-5MB"),
    ("ARCHIVE_ADMIN_SECRET", "   "), ("ARCHIVE_SOURCE_DIRS", ":::"), ("ARCHIVE_INDEX_DIR", "  "),
])
def test_bad_values_name_the_setting_and_the_value(name, raw):
    with pytest.raises(settings.SettingError) as error:
        settings.load({name: raw})
    assert name in str(error.value) and repr(raw) in str(error.value)


def test_unset_and_empty_values_take_the_defaults():
    loaded = settings.load({"ARCHIVE_INDEX_DIR": ""})
    assert (loaded.source_dirs, loaded.index_dir, loaded.admin_secret) == (("seeds",), "index", None)


@pytest.mark.parametrize("command", [["index"], ["reindex"], ["search", "hai chau"], ["inspect", "x.txt"]])
def test_commands_report_a_bad_setting_without_a_traceback(runner, monkeypatch, command):
    monkeypatch.setenv("ARCHIVE_MAX_FILE_BYTES", "8 megabytes")
    result = runner.invoke(main, command)
    assert result.exit_code == 1
    assert "ARCHIVE_MAX_FILE_BYTES='8 megabytes'" in result.output
    assert "Traceback" not in result.output


def test_a_size_with_a_unit_works_end_to_end(runner, monkeypatch, source_dir):
    monkeypatch.setenv("ARCHIVE_MAX_FILE_BYTES", "1k")
    result = runner.invoke(main, ["index"])
    assert result.exit_code == 0
    assert "larger than 1024 bytes" in result.output


def test_the_web_app_refuses_a_blank_admin_secret(index_dir):
    from web import create_app

    with pytest.raises(settings.SettingError, match="ARCHIVE_ADMIN_SECRET"):
        create_app({"ARCHIVE_INDEX_DIR": str(index_dir), "ARCHIVE_ADMIN_SECRET": " \t "})


def test_the_web_app_reads_each_setting_once_from_its_config_or_else_the_environment(index_dir, monkeypatch):
    from web import create_app

    monkeypatch.setenv("ARCHIVE_MAX_FILE_BYTES", "lots")
    # The value the app is given replaces the environment's, which is not read at all.
    app = create_app({"ARCHIVE_INDEX_DIR": str(index_dir), "ARCHIVE_MAX_FILE_BYTES": "2MB"})
    assert app.config["ARCHIVE_MAX_FILE_BYTES"] == 2 * 1024**2
    with pytest.raises(settings.SettingError, match="ARCHIVE_MAX_FILE_BYTES='lots'"):
        create_app({"ARCHIVE_INDEX_DIR": str(index_dir)})
