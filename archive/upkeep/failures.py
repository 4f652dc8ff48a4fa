"""What a build or reindex that cannot write its index says: one error that names the folder and what to do.

The index itself needs no repair: each commit is atomic, so a run that fails
(ENOSPC, EIO, a read-only disk) leaves it as of its last commit, and what the run
wrote is removed by the writers (``archive.engine.segments.abandon``).
"""

import contextlib
import errno

from archive.ingest.reader import SourceDirError


class IndexWriteError(Exception):
    """The index could not be written (a full disk, for one); it stays as of its last commit."""


@contextlib.contextmanager
def writing(index_dir):
    """Turn an OS error raised while writing ``index_dir`` into an IndexWriteError that says what to do."""
    try:
        yield
    except SourceDirError:
        raise
    except OSError as error:
        hint = "free some space and run again" if error.errno in (errno.ENOSPC, errno.EDQUOT) else "run again"
        raise IndexWriteError(f"cannot write the index in {index_dir}: {(error.strerror or str(error)).lower()}. "
                              f"The index is as of its last commit; {hint}.") from error
