"""Near-duplicate groups: articles whose likeness signatures say they are one story, and the id each group is known by.

Two articles are linked when their estimated Jaccard similarity
(``archive.ingest.likeness``) reaches ``THRESHOLD``; candidates come from the
band index of ``archive.upkeep.bands``, so an article is compared with the few
that share a band of its signature, never with every other. A group is
everything linked together, directly or through others, and its id is a hash
of the smallest document key in it. Both depend only on which articles the
index holds, never on the order they were read in, so a full build and any
sequence of reindexing runs give the same groups: a new file joins the group it
resembles, and a group whose smallest member leaves takes the id of the next
one. Briefs of one file are never linked to each other: they are different
stories that share a page.
"""

import hashlib

from archive.engine.columns import column_value, document_number, stored_fields
from archive.engine.schema import RECORD_FIELD
from archive.engine.merging import BatchWriter
from archive.ingest.likeness import similarity, values
from archive.upkeep.bands import BandIndex, signature_keys
from archive.upkeep.documents import document, stored_article

# The estimated share of shingles two articles must hold in common to be one story.
THRESHOLD = 0.8


def group_id(key):
    """Return the id of the group whose smallest document key is ``key``: short, stable, and free of local paths.

    >>> group_id("/data//a.txt"), len(group_id("/data//b.txt"))
    ('bb79d90ce4a1', 12)
    """
    return hashlib.blake2b(key.encode(), digest_size=6).hexdigest()


def file_of(key):
    """Return the key of the file a brief's document key belongs to.

    >>> file_of("/src//a.txt#2"), file_of("/src//a.txt")
    ('/src//a.txt', '/src//a.txt')
    """
    head, mark, part = key.rpartition("#")
    return head if mark and part.isdigit() else key


class Groups:
    """The near-duplicate groups of a set of articles, each given by key and likeness signature, and taken out by key.

    >>> from archive.ingest.likeness import signature
    >>> story = ("Mưa lớn kéo dài từ đêm qua làm ngập nhiều tuyến đường ở quận Hải Châu, thành phố Đà Nẵng. "
    ...          "Giao thông ùn tắc suốt buổi sáng; lực lượng chức năng đã có mặt để phân luồng, hỗ trợ người dân.")
    >>> groups = Groups()
    >>> groups.add("r//b.txt", signature(story)) == group_id("r//b.txt")
    True
    >>> groups.add("r//a.txt", signature(story + " Hôm nay")) == groups.groups()["r//b.txt"] == group_id("r//a.txt")
    True
    >>> groups.remove("r//a.txt"); groups.groups() == {"r//b.txt": group_id("r//b.txt")}
    True
    """

    def __init__(self, threshold=THRESHOLD):
        """Start with no articles; ``threshold`` is the similarity that links two of them."""
        self.threshold = threshold
        self._bands = BandIndex()
        # The number of each article's signature in ``_signed``, -1 for an article without one.
        self._numbers = {}
        # ``(key, signature bytes)`` by number, None once the article is taken out.
        self._signed = []
        # The articles each linked article is linked to.
        self._links = {}

    def add(self, key, signature):
        """Add (or replace) the article at ``key`` with its ``signature`` (bytes); return its group's id as it stands now."""
        self.remove(key)
        self._numbers[key] = -1
        if signature:
            found = values(signature)
            keys = signature_keys(found)
            for number in self._bands.matches(keys).tolist():
                held = self._signed[number]
                if held and file_of(held[0]) != file_of(key) and similarity(found, values(held[1])) >= self.threshold:
                    self._links.setdefault(key, set()).add(held[0])
                    self._links.setdefault(held[0], set()).add(key)
            self._numbers[key] = len(self._signed)
            self._bands.add(len(self._signed), keys)
            self._signed.append((key, signature))
        return group_id(min(self._group(key)))

    def remove(self, key):
        """Take the article at ``key`` out of its group, if the groups hold it."""
        for other in self._links.pop(key, ()):
            self._links[other].discard(key)
            if not self._links[other]:
                del self._links[other]
        number = self._numbers.pop(key, -1)
        if number >= 0:
            self._signed[number] = None

    def groups(self):
        """Return ``{key: group id}`` for every article."""
        found = {}
        for key in self._numbers:
            if key not in found:
                members = self._group(key)
                found.update(dict.fromkeys(members, group_id(min(members))))
        return found

    def _group(self, key):
        """Return the keys of every article linked to ``key``, directly or through others, itself included."""
        members, waiting = {key}, [key]
        while waiting:
            for other in self._links.get(waiting.pop(), set()) - members:
                members.add(other)
                waiting.append(other)
        return members


def regrouped(groups, written):
    """Return ``{key: group id}`` for the articles of ``groups`` whose id differs from the one ``written`` with them."""
    return {key: group for key, group in groups.groups().items() if written.get(key) != group}


class Grouped:
    """A bulk writer's front that puts each article in its near-duplicate group as it stands when it is added."""

    def __init__(self, writer, groups, written):
        """Add to ``writer``, grouping in ``groups`` and noting each key's group in ``written``."""
        self.writer, self.groups, self.written = writer, groups, written

    def add(self, item):
        """Add ``(article, key, slug, record bytes)`` in the group its likeness gives it now."""
        article, key = item[:2]
        self.written[key] = self.groups.add(key, article.likeness)
        self.writer.add((*item, self.written[key]))


def regroup(ix, changed, tiers):
    """Rewrite the documents of ``ix`` whose near-duplicate group changed (``{key: group id}``), in one commit.

    The commit merges segments as ``tiers`` say. A group's id can change after its
    members are written: when a member with a smaller key arrives, the smallest one
    leaves, or an article links two groups.
    """
    if not changed:
        return
    batch = BatchWriter(ix, len(changed), tiers)
    try:
        with ix.searcher() as searcher:
            for key, group in changed.items():
                docnum = document_number(searcher, key)
                fields = stored_fields(searcher, docnum)
                record = column_value(searcher, docnum, RECORD_FIELD)
                batch.update(document(stored_article(fields), key, fields["slug"], group) | {RECORD_FIELD: record})
        batch.commit()
    except BaseException:
        batch.cancel()
        raise
