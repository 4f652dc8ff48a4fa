"""The archive's settings: one typed table of name, type, default and help, read from the environment once.

Each setting is named as its environment variable. ``load`` reads them all,
checks every value against its type, and raises ``SettingError`` naming the
setting and the value, so a bad value stops the program at start-up with a
clear message instead of a traceback deep inside a request.
"""

import dataclasses
import os
import re

_SIZE = re.compile(r"(\d+)\s*([kmgt]?i?b?)", re.IGNORECASE)
_SIZE_FACTORS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
# Per process: the posting list of a common word over 140,000 articles takes about 1.1 MB, and 500 searches
# of five title words there read some 500 MB of lists, most of them again and again.
CACHE_BYTES = 512 * 1024**2
# Files larger than this are skipped unless ARCHIVE_MAX_FILE_BYTES says otherwise.
MAX_FILE_BYTES = 8 * 1024**2


class SettingError(ValueError):
    """A setting whose value cannot be used; the message names the setting and the value."""


def folders(value):
    """Return a tuple of folders from an os.pathsep-separated string, or from a list.

    >>> folders(os.pathsep.join(["seeds", "", "more"]))
    ('seeds', 'more')
    """
    parts = value.split(os.pathsep) if isinstance(value, str) else [str(part) for part in value]
    found = tuple(part for part in parts if part)
    if not found:
        raise ValueError("names no folder")
    return found


def folder(value):
    """Return one folder name, which must not be blank."""
    if not str(value).strip():
        raise ValueError("names no folder")
    return str(value)


def byte_size(value):
    """Return a positive number of bytes from ``8388608``, ``8MB``, ``8 MiB`` or ``512k``.

    >>> byte_size("8MB"), byte_size("512 k"), byte_size(1000)
    (8388608, 524288, 1000)
    """
    match = _SIZE.fullmatch(str(value).strip())
    if not match:
        raise ValueError("is not a size in bytes (for example 8388608 or 8MB)")
    size = int(match.group(1)) * _SIZE_FACTORS[match.group(2)[:1].lower()]
    if size <= 0:
        raise ValueError("must be more than 0 bytes")
    return size


def secret(value):
    """Return a secret, or None for an empty one; a secret of only white space is refused."""
    if not value:
        return None
    if not str(value).strip():
        raise ValueError("is only white space: set a real secret, or leave it empty to disable admin actions")
    return str(value)


@dataclasses.dataclass(frozen=True)
class Setting:
    """One setting: its environment variable, the function that reads a value, the default, and help."""

    name: str
    read: object
    default: object
    help: str
    attribute: str


SETTINGS = (
    Setting("ARCHIVE_SOURCE_DIRS", folders, "seeds", "Folders of article files, separated by os.pathsep.",
            "source_dirs"),
    Setting("ARCHIVE_INDEX_DIR", folder, "index", "Folder that holds the Whoosh index.", "index_dir"),
    Setting("ARCHIVE_MAX_FILE_BYTES", byte_size, MAX_FILE_BYTES,
            "Files larger than this are skipped (bytes, or with a unit: 8MB, 512k).", "max_file_bytes"),
    Setting("ARCHIVE_CACHE_BYTES", byte_size, CACHE_BYTES,
            "Posting lists and columns each server process keeps for recent searches, at most (bytes, or 512MB).",
            "cache_bytes"),
    Setting("ARCHIVE_ADMIN_SECRET", secret, "",
            "Secret that admin actions (POST /admin/reindex) require; empty disables them.", "admin_secret"),
)


@dataclasses.dataclass(frozen=True)
class Settings:
    """Every setting's checked value."""

    source_dirs: tuple
    index_dir: str
    max_file_bytes: int
    cache_bytes: int
    admin_secret: str | None

    def replace(self, **changes):
        """Return these settings with some values changed, each checked as the environment's would be."""
        by_attribute = {setting.attribute: setting for setting in SETTINGS}
        return dataclasses.replace(self, **{name: _checked(by_attribute[name], value) for name, value in changes.items()})

    def as_config(self):
        """Return the settings keyed by their environment names, as the web app's config holds them."""
        return {setting.name: getattr(self, setting.attribute) for setting in SETTINGS}


def _checked(setting, value):
    """Return ``value`` read by ``setting``, or raise SettingError naming both."""
    try:
        return setting.read(value)
    except ValueError as error:
        raise SettingError(f"{setting.name}={value!r} {error}.") from None


def load(values=None):
    """Return the settings from ``values`` (by default the environment), defaults filling the unset ones.

    >>> load({"ARCHIVE_MAX_FILE_BYTES": "2MB"}).max_file_bytes
    2097152
    >>> load({"ARCHIVE_MAX_FILE_BYTES": "lots"})
    Traceback (most recent call last):
    archive.settings.SettingError: ARCHIVE_MAX_FILE_BYTES='lots' is not a size in bytes (for example 8388608 or 8MB).
    """
    values = os.environ if values is None else values
    return Settings(**{setting.attribute: _checked(setting, _given(values, setting)) for setting in SETTINGS})


def _given(values, setting):
    """Return the value ``values`` holds for ``setting``, or its default when it is unset or empty."""
    value = values.get(setting.name)
    return setting.default if value is None or value == "" else value
