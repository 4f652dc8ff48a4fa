"""The gazetteer: Vietnam's administrative units, before and after the 2025 reform, under canonical names.

The list lives in ``data/gazetteer.tsv``, generated from the ``vietnamadminunits``
package by ``python -m archive.ingest.gazetteer_update``: provinces, districts
and wards of the 63-province map in force until 2025, the 34 provinces and their
wards after it, and a few units dissolved earlier that older news still names.
A mention is looked up by its level (a "Quận" is a district, a "Phường" a ward,
a "Thành phố" a province or a district) and its name, compared word by word in
the index's exact form, so tone placement and case do not matter.
"""

import collections
import functools
import pathlib

from archive.text.vietnamese import exact_words

TABLE = pathlib.Path(__file__).with_name("data") / "gazetteer.tsv"
KEY_CACHE_SIZE = 50_000
# The levels a unit word can name, most likely first.
LEVELS = {
    "Tỉnh": ("province",),
    "Thành phố": ("province", "district"),
    "Quận": ("district",),
    "Huyện": ("district",),
    "Thị xã": ("district",),
    "Phường": ("ward",),
    "Xã": ("ward",),
    "Thị trấn": ("ward",),
    "Đặc khu": ("ward",),
}
# Other names of units, by level: what newspapers write instead of the official name.
ALIASES = {
    ("province", "hcm"): "Hồ Chí Minh",
    ("province", "hcmc"): "Hồ Chí Minh",
    ("province", "sài gòn"): "Hồ Chí Minh",
    ("province", "hn"): "Hà Nội",
    ("province", "thừa thiên"): "Thừa Thiên Huế",
    ("province", "đăk lăk"): "Đắk Lắk",
    ("province", "đắc lắc"): "Đắk Lắk",
    ("province", "đắk lăk"): "Đắk Lắk",
    ("province", "đăk nông"): "Đắk Nông",
    ("province", "đắc nông"): "Đắk Nông",
}


class Gazetteer:
    """Administrative units by level and name key, with the types each name is found under."""

    def __init__(self, rows):
        """Index ``(level, type, name)`` rows."""
        self._types = collections.defaultdict(dict)
        for level, kind, name in rows:
            self._types[(level, key(name))][kind] = name
        self.longest = max((len(name.split()) for _, _, name in rows), default=1)
        # Articles name the same few units again and again; normalising each name once saves a tenth of extraction.
        self._key = functools.lru_cache(maxsize=KEY_CACHE_SIZE)(key)

    @classmethod
    @functools.cache
    def default(cls):
        """Return the gazetteer read from the shipped table (read once per process)."""
        with TABLE.open(encoding="utf-8") as lines:
            next(lines)
            return cls([tuple(line.rstrip("\n").split("\t")[:3]) for line in lines if line.strip()])

    def canonical(self, unit, words):
        """Return ``(canonical name, words used)`` for a unit word and the words after it, or None.

        The longest run of ``words`` naming a unit wins; a province or district found
        only under another type takes that type ("thị xã Hạ Long" is now "Thành phố Hạ Long").

        >>> g = Gazetteer([("district", "Quận", "Cầu Giấy"), ("province", "Thành phố", "Hồ Chí Minh"),
        ...                ("province", "Tỉnh", "Thái Bình"), ("district", "Thành phố", "Thái Bình")])
        >>> g.canonical("Quận", ["Cầu", "Giấy", "Phạm", "Ngọc"]), g.canonical("Thành phố", ["HCM"])
        (('Quận Cầu Giấy', 2), ('Thành phố Hồ Chí Minh', 1))
        >>> g.canonical("Thành phố", ["Thái", "Bình"]), g.canonical("Huyện", ["Cầu", "Giấy"])
        (('Thành phố Thái Bình', 2), ('Quận Cầu Giấy', 2))
        >>> g.canonical("Thành phố", ["H"]) is None
        True
        """
        for size in range(min(len(words), self.longest), 0, -1):
            found = self._lookup(unit, self._key(" ".join(words[:size])))
            if found:
                return found, size
        return None

    def _lookup(self, unit, name_key):
        """Return the canonical name for a unit word and a name key, or None: its own type first, at any level."""
        candidates = []
        for level in LEVELS.get(unit, ()):
            alias = ALIASES.get((level, name_key))
            types = self._types.get((level, key(alias) if alias else name_key))
            if types and unit in types:
                return f"{unit} {types[unit]}"
            # Numbers name a unit only under its own type: "Thành phố 4 an" is a slogan, not Quận 4.
            # Ward names repeat across the country, so "xã X" is never taken for the only "Phường X".
            if types and len(types) == 1 and not name_key.isdigit() and level != "ward":
                candidates.extend(f"{kind} {name}" for kind, name in types.items())
        return candidates[0] if candidates else None


def key(name):
    """Return the lookup key of a unit name: its words in exact form, hyphens and case aside.

    >>> key("Bà Rịa - Vũng Tàu"), key("HOÀ VANG")
    ('bà rịa vũng tàu', 'hòa vang')
    """
    return " ".join(exact_words(name))
