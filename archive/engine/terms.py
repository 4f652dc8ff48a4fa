"""The term dictionary of the frequency fields: sorted terms in prefix-coded blocks, found through a sparse index.

Whoosh-Reloaded 2.7.5 keeps each term in a hash file as a record of about ninety
bytes (the key, a 35-byte term info, a hash slot and an ordering slot). Every
distinct spelling of a pair of neighbouring words is a term, most of them held by
one article, so on this archive that was the largest part of the index. Here the
terms of a field are sorted and cut into blocks of ``BLOCK_TERMS``; a block keeps
each term after the first as the length of the prefix it shares with the one
before and the rest of its bytes, with its article count and the end of its
postings in the postings file, in the narrowest whole-byte width the block needs.
The first term of every block goes in a sparse index that a binary search reads,
so a lookup decodes one block, and the spellings of a folded form, which share
its prefix, are one run of terms read in order.

File layout: the blocks of each field, then per field its head terms, their end
offsets, the start of each block and the start of each block's postings (each
array in the narrowest width that holds it), then a JSON table of the fields,
its length and ``MAGIC``.
"""

import bisect
import collections
import json
import struct

import numpy

from archive.engine.binary import FORMATS, WIDTHS, DamagedFile, layout, packed, width_codes

MAGIC = b"ARCHDIC1"
BLOCK_TERMS = 16
# Every this many block heads, one is kept in memory for the first steps of a lookup.
TOP_STRIDE = 16
# Shared prefixes are measured over at most this many leading bytes: longer ones cost a few suffix bytes.
PREFIX_BYTES = 48
_TRAILER = struct.Struct("<Q8s")

# A term's article count and where its postings run in the postings file.
Entry = collections.namedtuple("Entry", "df start end")


def shared_prefixes(terms):
    """Return how many leading bytes each term shares with the one before it (0 for the first), up to ``PREFIX_BYTES``.

    >>> shared_prefixes([b"hai_chau|", b"hai_chau|hx", b"hai_s", b"x"]).tolist()
    [0, 9, 4, 0]
    """
    if not terms:
        return numpy.zeros(0, numpy.int64)
    padded = numpy.frombuffer(b"".join(term[:PREFIX_BYTES].ljust(PREFIX_BYTES, b"\0") for term in terms), numpy.uint8)
    padded = padded.reshape(len(terms), PREFIX_BYTES)
    differ = numpy.concatenate([padded[1:] != padded[:-1], numpy.ones((len(terms) - 1, 1), bool)], axis=1)
    lengths = numpy.fromiter(map(len, terms), numpy.int64, len(terms))
    shared = numpy.minimum(differ.argmax(axis=1), numpy.minimum(lengths[1:], lengths[:-1]))
    return numpy.concatenate([[0], shared])


def _sliced(values, codes):
    """Return the little-endian bytes of ``values`` in each width that ``codes`` use, to cut blocks from."""
    return {code: packed(values, WIDTHS[code]) for code in set(codes.tolist())}


def encode_blocks(terms, dfs, ends):
    """Return ``(block bytes, heads)`` of a field's sorted terms cut into blocks of ``BLOCK_TERMS``.

    A block holds its terms after the first, each as the length of the prefix it
    shares with the term before and the rest of its bytes; then every term's
    article count and where its postings end, counted from the block's first
    term's postings, in ``ends``. Each part takes the narrowest width it needs.
    """
    count = len(terms)
    if not count:
        return [], []
    firsts = numpy.arange(0, count, BLOCK_TERMS)
    block_of = numpy.arange(count) // BLOCK_TERMS
    prefixes = shared_prefixes(terms)
    suffixes = [term[cut:] for term, cut in zip(terms, prefixes.tolist())]
    lengths = numpy.fromiter(map(len, suffixes), numpy.int64, count)
    lengths[firsts] = 0  # heads live in the sparse index
    relative = numpy.asarray(ends, numpy.int64) - numpy.concatenate([[0], ends])[firsts][block_of]
    length_codes, df_codes, end_codes = (width_codes(numpy.maximum.reduceat(values, firsts)) for values in (
        lengths, numpy.asarray(dfs, numpy.int64), relative))
    length_bytes, df_bytes, end_bytes = (_sliced(values, codes) for values, codes in (
        (lengths, length_codes), (dfs, df_codes), (relative, end_codes)))
    prefix_bytes = numpy.minimum(prefixes, 255).astype(numpy.uint8).tobytes()
    blob = b"".join(suffixes[i] for i in range(count) if i % BLOCK_TERMS)
    blob_at = numpy.concatenate([[0], numpy.cumsum(lengths)]).tolist()
    blocks = []
    for first, length_code, df_code, end_code in zip(firsts.tolist(), length_codes.tolist(), df_codes.tolist(),
                                                     end_codes.tolist()):
        last = min(first + BLOCK_TERMS, count)
        lw, dw, ew = WIDTHS[length_code], WIDTHS[df_code], WIDTHS[end_code]
        blocks.append(b"".join([bytes([last - first, length_code | df_code << 2 | end_code << 4]),
                                prefix_bytes[first + 1 : last], length_bytes[length_code][(first + 1) * lw : last * lw],
                                blob[blob_at[first + 1] : blob_at[last]], df_bytes[df_code][first * dw : last * dw],
                                end_bytes[end_code][first * ew : last * ew]]))
    return blocks, [terms[first] for first in firsts.tolist()]


def _terms_of(data, head, until=None):
    """Return ``(terms, where the counts start, how many, count width, end width)`` of a block that starts with ``head``,
    its terms read only up to the first at or after ``until`` when one is given."""
    count, codes = data[0], data[1]
    suffix_width, df_width, end_width = WIDTHS[codes & 3], WIDTHS[codes >> 2 & 3], WIDTHS[codes >> 4 & 3]
    at = 2 + count - 1
    lengths = layout(count - 1, suffix_width).unpack_from(data, at)
    counts_at = at + (count - 1) * suffix_width + sum(lengths)
    at += (count - 1) * suffix_width
    terms, term = [head], head
    for cut, length in zip(data[2 : 2 + count - 1], lengths):
        if until is not None and term >= until:
            break
        term = term[:cut] + data[at : at + length]
        at += length
        terms.append(term)
    return terms, counts_at, count, df_width, end_width


class DictionaryWriter:
    """Writes the term dictionary of a segment's frequency fields, one field after another, to an open file.

    A field may come in several parts (a merge writes its postings a run at a
    time): each part's terms follow the last part's, and its postings follow theirs.
    """

    def __init__(self, file):
        """Write to ``file``, a Whoosh structured file opened for writing."""
        self.file, self.fields = file, {}
        self._open = None

    def add_field(self, name, terms, dfs, starts, postings_base):
        """Add sorted ``terms`` (bytes) of a field, their article counts, and ``starts`` (one more than the terms)
        of their postings, counted from ``postings_base`` in the postings file; the next part of the same field
        may follow."""
        if self._open is not None and self._open.name != name:
            self._finish_field()
        if name in self.fields:
            raise ValueError(f"the terms of {name} were written already, and then another field's")
        starts = postings_base + numpy.asarray(starts, numpy.int64)
        if self._open is None:
            self._open = _FieldParts(name, int(starts[0]), self.file.tell())
        self.file.write(self._open.add(terms, dfs, starts[1:]))

    def _finish_field(self):
        """Write the last block of the field being written, then its heads and arrays, and list it."""
        field, self._open = self._open, None
        self.file.write(field.add([], [], [], last=True))
        table = {"terms": field.count, "heads": self.file.tell()}
        self.file.write(b"".join(field.heads))
        for part, values in (("head_ends", numpy.cumsum([0] + [len(head) for head in field.heads])),
                             ("blocks", numpy.array(field.block_at + [table["heads"]])),
                             ("bases", numpy.array(field.bases + [field.end]))):
            width = WIDTHS[int(width_codes(values[-1:])[0])]
            table[part] = [self.file.tell(), width]
            self.file.write(packed(values, width))
        self.fields[field.name] = table

    def close(self):
        """Write the table of fields and the trailer, and close the file."""
        if self._open is not None:
            self._finish_field()
        at = self.file.tell()
        self.file.write(json.dumps(self.fields).encode("ascii"))
        self.file.write(_TRAILER.pack(self.file.tell() - at, MAGIC))
        self.file.close()


class _FieldParts:
    """The field a DictionaryWriter is writing: its blocks so far, and the terms that do not fill a block yet."""

    def __init__(self, name, start, at):
        """Start the field ``name``, its postings at ``start`` in the postings file and its blocks at ``at`` in the dictionary."""
        self.name, self.end, self.at, self.count = name, start, at, 0
        self.heads, self.block_at, self.bases = [], [], []
        self.terms, self.dfs, self.ends = [], numpy.zeros(0, numpy.int64), numpy.zeros(0, numpy.int64)
        self.last_term = None

    def add(self, terms, dfs, ends, last=False):
        """Return the bytes of the whole blocks that ``terms`` (with the ones kept back) fill, all of them when ``last``.

        ``ends`` are where each term's postings end in the postings file; a term's start is the end of the one before.
        """
        if terms and self.last_term is not None and terms[0] <= self.last_term:
            raise ValueError(f"the terms of {self.name} must come in order, each part's after the last part's")
        self.last_term = terms[-1] if terms else self.last_term
        self.terms = self.terms + terms if self.terms else terms
        self.dfs = numpy.concatenate([self.dfs, numpy.asarray(dfs, numpy.int64)])
        self.ends = numpy.concatenate([self.ends, numpy.asarray(ends, numpy.int64)])
        whole = len(self.terms) if last else len(self.terms) // BLOCK_TERMS * BLOCK_TERMS
        if not whole:
            return b""
        blocks, heads = encode_blocks(self.terms[:whole], self.dfs[:whole], self.ends[:whole] - self.end)
        starts = numpy.concatenate([[self.end], self.ends[: whole - 1]])
        self.bases += starts[::BLOCK_TERMS].tolist()
        self.block_at += numpy.cumsum([self.at] + [len(block) for block in blocks[:-1]]).tolist()
        self.heads += heads
        self.at += sum(map(len, blocks))
        self.count += whole
        self.end = int(self.ends[whole - 1])
        self.terms, self.dfs, self.ends = self.terms[whole:], self.dfs[whole:], self.ends[whole:]
        return b"".join(blocks)


class FieldTerms:
    """One field's terms in a dictionary file: looked up by binary search of the block heads, then one block."""

    def __init__(self, data, table, name, array):
        """Read the field described by ``table`` from the bytes ``data`` of the file ``name``, its arrays
        viewed with ``array(offset, count, width)``."""
        self.data, self.count = data, table["terms"]
        blocks = -(-self.count // BLOCK_TERMS)
        try:
            # Views of the file, not lists: a list costs some 36 bytes a block in every process.
            self.head_ends, self.block_at, self.bases = (
                array(table[part][0], blocks + 1, table[part][1]) for part in ("head_ends", "blocks", "bases"))
        except (ValueError, TypeError, KeyError, IndexError) as error:
            raise DamagedFile(f"{name}: the sparse index of a field is cut short ({error})") from error
        self.heads_at = table["heads"]
        # Where the field's part of the file ends: after its blocks, heads and the three arrays.
        self.end = table["bases"][0] + (blocks + 1) * table["bases"][1]
        self._top = None
        if self.block_at and self.block_at[-1] > table["heads"] or self.heads_at + self.head_ends[-1] > len(data):
            raise DamagedFile(f"{name}: a field's blocks run past its sparse index")
        self.blocks = blocks

    def head(self, block):
        """Return the first term of a block."""
        return self.data[self.heads_at + self.head_ends[block] : self.heads_at + self.head_ends[block + 1]]

    def block_of(self, term):
        """Return the number of the block where ``term`` is or would be, -1 before the first.

        A list of every ``TOP_STRIDE``-th head, made on first use, narrows the search
        to a few heads, read from the file by a binary search written out here:
        calling a method per probe cost more than the probes.
        """
        if self._top is None:
            self._top = [self.head(number) for number in range(0, self.blocks, TOP_STRIDE)]
        top = bisect.bisect_right(self._top, term)
        if not top:
            return -1
        data, at, ends = self.data, self.heads_at, self.head_ends
        low = (top - 1) * TOP_STRIDE + 1
        high = min(low - 1 + TOP_STRIDE, self.blocks)
        while low < high:
            middle = (low + high) // 2
            if term < data[at + ends[middle] : at + ends[middle + 1]]:
                high = middle
            else:
                low = middle + 1
        return low - 1

    def find(self, term):
        """Return the Entry of ``term``, or None when the field does not hold it."""
        number = self.block_of(term)
        if number < 0:
            return None
        data = self.data[self.block_at[number] : self.block_at[number + 1]]
        terms, at, count, df_width, end_width = _terms_of(data, self.head(number), until=term)
        if terms[-1] != term:
            return None
        index = len(terms) - 1
        ends_at = at + count * df_width
        ends = layout(1 + bool(index), end_width).unpack_from(data, ends_at + (index - bool(index)) * end_width)
        base = self.bases[number]
        return Entry(layout(1, df_width).unpack_from(data, at + index * df_width)[0], base + ends[0] * bool(index),
                     base + ends[-1])

    def starting(self, prefix):
        """Yield ``(term, Entry)`` of every term that starts with ``prefix``, in order."""
        return self.from_term(prefix, prefix)

    def from_term(self, start, prefix=b""):
        """Yield ``(term, Entry)`` of every term from ``start`` on, in order, until one does not start with ``prefix``.

        Entries are made only for the terms yielded: a run of spellings is a few terms of a block.
        """
        for number, data, decoded in self._blocks(start):
            dfs = bounds = None
            for index, term in enumerate(decoded[0]):
                if term < start:
                    continue
                if not term.startswith(prefix):
                    return
                if dfs is None:
                    dfs, bounds = self._counts(number, data, decoded)
                yield term, Entry(dfs[index], bounds[index], bounds[index + 1])

    def block_entries(self, number):
        """Return ``(terms, article counts, bounds)`` of one block: its postings run from ``bounds[i]`` to
        ``bounds[i + 1]`` in the postings file."""
        data = self.data[self.block_at[number] : self.block_at[number + 1]]
        decoded = _terms_of(data, self.head(number))
        return (decoded[0], *self._counts(number, data, decoded))

    def block_sizes(self):
        """Return ``(first term, bytes of postings)`` of every block, in order."""
        return [(self.head(number), self.bases[number + 1] - self.bases[number]) for number in range(self.blocks)]

    def _counts(self, number, data, decoded):
        """Return the article counts and the postings' bounds of the terms of a block, ``decoded`` by ``_terms_of``."""
        _, at, count, df_width, end_width = decoded
        base = self.bases[number]
        ends = layout(count, end_width).unpack_from(data, at + count * df_width)
        return layout(count, df_width).unpack_from(data, at), [base, *(base + end for end in ends)]

    def keys_from(self, start):
        """Yield every term from ``start`` on, in order, without their entries."""
        for _, _, (terms, *_) in self._blocks(start):
            yield from (term for term in terms if term >= start)

    def _blocks(self, start):
        """Yield ``(number, bytes, decoded terms and layout)`` of the block holding ``start`` and of every later one."""
        for number in range(max(0, self.block_of(start)), self.blocks):
            data = self.data[self.block_at[number] : self.block_at[number + 1]]
            yield number, data, _terms_of(data, self.head(number))


class Dictionary:
    """A segment's dictionary file of frequency fields, read from a memory map."""

    def __init__(self, data, name):
        """Read the dictionary held in the bytes ``data`` of the file ``name``; raise DamagedFile when it is not one."""
        if len(data) < _TRAILER.size:
            raise DamagedFile(f"{name}: too short for a term dictionary ({len(data)} bytes)")
        length, magic = _TRAILER.unpack(data[len(data) - _TRAILER.size :])
        if magic != MAGIC or length > len(data) - _TRAILER.size:
            raise DamagedFile(f"{name}: not a term dictionary of this format, or cut short")
        try:
            tables = json.loads(bytes(data[len(data) - _TRAILER.size - length : len(data) - _TRAILER.size]))
        except ValueError as error:
            raise DamagedFile(f"{name}: its table of fields cannot be read ({error})") from error
        self._file, self._views = memoryview(data), []
        try:
            self.fields = {field: FieldTerms(data, table, name, self._array) for field, table in tables.items()}
        except DamagedFile:
            self.close()
            raise

    def _array(self, offset, count, width):
        """Return a view of ``count`` integers of ``width`` bytes at ``offset``; raise DamagedFile past the end."""
        if offset < 0 or offset + count * width > len(self._file) or width not in FORMATS:
            raise DamagedFile(f"an array of {count} runs past the end of the dictionary")
        view = self._file[offset : offset + count * width].cast(FORMATS[width])
        self._views.append(view)
        return view

    def close(self):
        """Let go of the views of the file, so that its memory map can be closed."""
        for view in self._views:
            view.release()
        self._views = []
        self._file.release()

    def __contains__(self, field):
        """Tell whether the dictionary holds the terms of ``field``."""
        return field in self.fields

    def find(self, field, term):
        """Return the Entry of ``term`` in ``field``, or None."""
        return self.fields[field].find(term)
