"""The archive's settings: one table of name, default and help, read from the environment."""

import dataclasses
import os


@dataclasses.dataclass(frozen=True)
class Setting:
    """One setting, named as its environment variable."""

    name: str
    default: str
    help: str


SETTINGS = [
    Setting("ARCHIVE_SOURCE_DIRS", "seeds", "Folders of article files, separated by os.pathsep."),
    Setting("ARCHIVE_INDEX_DIR", "index", "Folder that holds the Whoosh index."),
    Setting("ARCHIVE_MAX_FILE_BYTES", str(8 * 1024 * 1024), "Files larger than this many bytes are skipped."),
    Setting("ARCHIVE_ADMIN_SECRET", "", "Secret that admin actions (POST /admin/reindex) require; empty disables them."),
]


def get(name):
    """Return the value of setting ``name``: the environment's if set, else the default."""
    for setting in SETTINGS:
        if setting.name == name:
            return os.environ.get(name) or setting.default
    raise KeyError(name)


def source_dirs(value=None):
    """Return the source folders of ``value`` (os.pathsep-separated, or a list), by default the configured ones."""
    value = get("ARCHIVE_SOURCE_DIRS") if value is None else value
    return [part for part in value.split(os.pathsep) if part] if isinstance(value, str) else list(value)
