"""How a build or reindex runs: one value holding its limits and sizes, handed down from the caller.

The defaults suit a small server of two cores; a caller (the command line, the
web app, a test or a benchmark) changes only what it needs, for example
``BuildOptions(max_bytes=settings.max_file_bytes)``, and every step of the run
reads its own part of the same value.
"""

import dataclasses
import os

from archive.engine.merging import Tiers
from archive.settings import MAX_FILE_BYTES


@dataclasses.dataclass(frozen=True)
class BuildOptions:
    """The limits and sizes of one build or reindex.

    >>> BuildOptions(max_bytes=1000).segment_size(5_001)
    2501
    """

    # Files larger than this are skipped.
    max_bytes: int = MAX_FILE_BYTES
    # Seconds to wait for another writer of the same index before giving up with IndexBusy.
    wait: float = 60.0
    # Worker processes of a large build: one per core.
    workers: int = os.cpu_count() or 1
    # Fewer files than this are read and indexed in the building process: a worker costs a second to start.
    parallel_from: int = 1000
    # Files a worker reads per task; with four tasks in flight, this bounds the memory read ahead.
    batch_files: int = 64
    # Articles per segment of a bulk build: a worker writing one holds about 500 MB at its peak.
    # Fewer segments mean fewer term lookups per query and fewer files open per searcher.
    segment_docs: int = 10000
    # Documents an incremental reindex writes per atomic commit.
    commit_docs: int = 2000
    # How segments are merged after each commit (``archive.engine.merging``).
    tiers: Tiers = Tiers()

    def segment_size(self, documents):
        """Return how many of ``documents`` go in each segment of a bulk build.

        ``segment_docs``, unless that leaves a worker idle: a build of 5,000 articles
        on two workers is then written as two segments at once, not one by one worker.
        """
        return max(1, min(self.segment_docs, -(-documents // self.workers)))

    def parallel(self, files):
        """Tell whether a build of ``files`` files is worth worker processes."""
        return files >= self.parallel_from
