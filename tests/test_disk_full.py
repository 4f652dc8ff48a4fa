"""A full disk: a clear error, the index as of its last commit, no leftovers, and recovery once space is freed.

The disk is real: a small tmpfs mounted in a private mount namespace (``unshare``),
which needs no privileges where user namespaces are enabled, as they are on Linux
by default.
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys

from archive.engine.index import FORMAT_FILE
from archive.query.search import Archive
from tests.conftest import SEEDS

ROOT = pathlib.Path(__file__).resolve().parent.parent
DISK_BYTES = 2 * 1024 * 1024


def cli(*args):
    """Run ``archive ARGS`` and return ``(exit code, stderr)``."""
    done = subprocess.run([sys.executable, "-c", "from archive.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True, timeout=300)
    return done.returncode, done.stderr


def leftovers(index_dir):
    """Return the files in ``index_dir`` that its newest table of contents does not use."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(index_dir)
    used = {f"_MAIN_{ix.latest_generation()}.toc", "MAIN_WRITELOCK", FORMAT_FILE}
    prefixes = tuple(f"{segment.segment_id()}." for segment in ix._segments())
    return sorted(name for name in os.listdir(index_dir) if name not in used and not name.startswith(prefixes))


def many_articles(folder, count):
    """Write ``count`` articles of their own words into ``folder``."""
    folder.mkdir(parents=True)
    for number in range(count):
        words = " ".join(f"từ{number}x{word}" for word in range(300))
        (folder / f"{number:04}.txt").write_text(
            f"Bài số {number} về đề án {number}\nThứ năm, 17/01/2019, 20:50\nChiều 14/1, {words}.\n", encoding="utf-8")


def fill_and_recover(work):
    """In a private mount namespace: index onto a small disk until it is full, then free space; record what happened."""
    disk, source, steps = work / "disk", work / "source", {}
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(disk)], check=True)
    shutil.copytree(SEEDS, source)
    many_articles(source / "many", 400)
    steps["first build"] = cli("index", "--source", source, "--index", disk / "index")
    steps["first build leaves"] = [name for name in os.listdir(disk) if name != ".index.lock"]  # the lock stays
    shutil.rmtree(source / "many")
    steps["small build"] = cli("index", "--source", source, "--index", disk / "index")
    many_articles(source / "many", 400)
    steps["reindex"] = cli("reindex", "--source", source, "--index", disk / "index")
    steps["count after"] = Archive(disk / "index").count()
    steps["leftovers"] = leftovers(disk / "index")
    subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
    steps["reindex with space"] = cli("reindex", "--source", source, "--index", disk / "index")
    steps["count at last"] = Archive(disk / "index").count()
    steps["leftovers at last"] = leftovers(disk / "index")
    (work / "steps.json").write_text(json.dumps(steps))


def test_full_disk_gives_a_clear_error_keeps_the_index_and_recovers(tmp_path):
    code = f"import pathlib, tests.test_disk_full as t; t.fill_and_recover(pathlib.Path({str(tmp_path)!r}))"
    subprocess.run(["unshare", "--map-root-user", "--mount", sys.executable, "-c", code], cwd=ROOT, check=True,
                   timeout=600)
    steps = json.loads((tmp_path / "steps.json").read_text())
    full = "no space left on device. The index is as of its last commit; free some space and run again."
    for step in ("first build", "reindex"):
        code, err = steps[step]
        assert code == 1 and full in err and "Traceback" not in err, err
    assert steps["first build leaves"] == []
    # The five seed files hold six articles: seed 000 is two briefs.
    assert steps["small build"][0] == 0
    assert (steps["count after"], steps["leftovers"]) == (6, [])
    assert steps["reindex with space"][0] == 0
    assert (steps["count at last"], steps["leftovers at last"]) == (406, [])
