"""The near-duplicate groups an index holds, taken into a reindex's ``Groups`` only where its changes touch them.

Adding every stored article to a ``Groups`` one by one took several seconds on a
large archive, for a reindex that adds a hundred files. Instead the stored
signatures are read as one matrix and put in a band index (``archive.upkeep.bands``)
in one merge, so the stored articles a new one may resemble are found by binary
search. A group an added, changed or removed article touches is taken whole into
``Groups``, where its links are worked out again; groups nothing touches keep
their ids unread.
Groups are linked sets, and no article outside a group is linked to one inside,
so the groups worked out over the touched ones are the archive's groups.
"""

import numpy

from archive.engine.columns import document_number, segment_columns
from archive.engine.records import Record
from archive.engine.schema import GROUP_FIELD, LIKENESS_FIELD, RECORD_FIELD
from archive.ingest.likeness import PERMUTATIONS, values
from archive.upkeep.bands import BandIndex, band_keys, signature_keys
from archive.upkeep.grouping import Groups


class StoredGroups:
    """The groups of the index a ``searcher`` reads, with ``groups`` and ``written`` for the articles a reindex touches.

    ``written`` holds the group id each touched article is written with: as
    stored, for one the run has not rewritten, or as the run wrote it.
    """

    def __init__(self, searcher):
        """Read the signatures and group ids of every live article ``searcher`` holds."""
        self.searcher, self.groups, self.written = searcher, Groups(), {}
        signatures, group_ids, self._leaves = [], [], []
        for offset, live, (likeness, group, records) in segment_columns(
                searcher, LIKENESS_FIELD, GROUP_FIELD, RECORD_FIELD):
            signatures.append(values(b"".join(likeness)).reshape(len(live), PERMUTATIONS))
            group_ids.extend(value if keep else "" for value, keep in zip(group, live))
            self._leaves.append((records, offset, len(live)))
        self._values = numpy.concatenate(signatures) if signatures else numpy.zeros((0, PERMUTATIONS), numpy.uint16)
        # Each article's group as a number, and the articles of each group (deleted ones under "", number 0).
        self._names, self._codes = numpy.unique(numpy.array(["", *group_ids], dtype=object), return_inverse=True)
        self._codes = self._codes[1:]
        self._by_group = numpy.argsort(self._codes, kind="stable")
        self._starts = numpy.searchsorted(self._codes[self._by_group], numpy.arange(len(self._names) + 1))
        # Articles without a signature hold zeros there, and resemble nothing.
        signed = numpy.flatnonzero(self._values.any(axis=1) & (self._codes != 0))
        self._bands = BandIndex()
        self._bands.extend(signed, band_keys(self._values[signed]))
        self._loaded = set()

    def add(self, key, signature):
        """Put the article at ``key`` (new or changed) in its group; return the group id to write it with."""
        self._touch(key)
        if signature:
            found = values(signature)
            for docnum in self._bands.matches(signature_keys(found)).tolist():
                self._load(self._codes[docnum])
        self.written[key] = self.groups.add(key, signature)
        return self.written[key]

    def remove(self, key):
        """Take the article at ``key`` out of its group."""
        self._touch(key)
        self.groups.remove(key)
        self.written.pop(key, None)

    def _touch(self, key):
        """Take the stored group of the article at ``key``, if the index holds it, into ``groups``."""
        docnum = document_number(self.searcher, key)
        if docnum is not None:
            self._load(self._codes[docnum])

    def _load(self, code):
        """Take every stored member of the group numbered ``code`` into ``groups``, once, with its stored id."""
        if not code or code in self._loaded:
            return
        self._loaded.add(code)
        for docnum in self._by_group[self._starts[code] : self._starts[code + 1]].tolist():
            key = self._key_at(docnum)
            self.written[key] = self._names[code]
            self.groups.add(key, self._values[docnum].tobytes() if self._values[docnum].any() else b"")

    def _key_at(self, docnum):
        """Return the document key of a stored article, from its manifest record."""
        for records, offset, count in self._leaves:
            if offset <= docnum < offset + count:
                return Record.from_bytes(records[docnum - offset]).key
        raise KeyError(docnum)
