"""Regenerate ``archive/ingest/data/gazetteer.tsv`` from the ``vietnamadminunits`` package's data.

Usage: python -m archive.ingest.gazetteer_update [--db PATH] [--out PATH]

The package (MIT licence, Tran Ngoc Minh Hieu) ships a SQLite file with
Vietnam's administrative units twice: the 63 provinces with their districts and
wards in force until the 2025 reform (``admin_units_legacy``) and the 34
provinces with their wards after it (``admin_units``). Only the unit names are
copied, one row per level, type and name, with the eras the unit exists in.
The package need not be importable (its parsers pull in shapely and geopy):
``pip download --no-deps vietnamadminunits`` and ``--db`` pointing into the
unpacked wheel will do.
"""

import argparse
import collections
import importlib.metadata
import pathlib
import sqlite3

OUT = pathlib.Path(__file__).with_name("data") / "gazetteer.tsv"
DB = "vietnamadminunits/data/dataset.db"
# Units dissolved before the package's snapshot that news from 2005 on still names.
HISTORIC = [
    ("province", "Tỉnh", "Hà Tây"),
    ("province", "Tỉnh", "Thừa Thiên Huế"),
    ("district", "Huyện", "Từ Liêm"),
    ("district", "Quận", "2"),
    ("district", "Quận", "9"),
    ("district", "Quận", "Thủ Đức"),
    ("district", "Thị xã", "Hà Đông"),
    ("district", "Huyện", "Hoành Bồ"),
]
_QUERIES = {
    "legacy": [
        ("province", "SELECT DISTINCT substr(province, 1, length(province) - length(provinceShort) - 1), provinceShort"
                     " FROM admin_units_legacy"),
        ("district", "SELECT DISTINCT districtType, districtShort FROM admin_units_legacy"),
        ("ward", "SELECT DISTINCT wardType, wardShort FROM admin_units_legacy WHERE wardType IS NOT NULL"),
    ],
    "2025": [
        ("province", "SELECT DISTINCT substr(province, 1, length(province) - length(provinceShort) - 1), provinceShort"
                     " FROM admin_units"),
        ("ward", "SELECT DISTINCT wardType, wardShort FROM admin_units"),
    ],
}


def read_units(db):
    """Return ``{(level, type, name): set of eras}`` from the package's SQLite file."""
    units = collections.defaultdict(set)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        for era, queries in _QUERIES.items():
            for level, sql in queries:
                for kind, name in connection.execute(sql):
                    # Numbered units keep their type in the short name ("Phường 12").
                    units[(level, kind, name.removeprefix(f"{kind} "))].add(era)
    for unit in HISTORIC:
        units[unit].add("historic")
    return units


def write(units, out):
    """Write the units as a sorted TSV with a header line."""
    rows = sorted(f"{level}\t{kind}\t{name}\t{','.join(sorted(eras))}" for (level, kind, name), eras in units.items())
    out.write_text("level\ttype\tname\teras\n" + "\n".join(rows) + "\n", encoding="utf-8")


def main(argv=None):
    """Parse arguments, read the package's data and write the gazetteer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="the package's dataset.db (default: from the installed package)")
    parser.add_argument("--out", default=str(OUT), help="where to write the TSV")
    args = parser.parse_args(argv)
    db = args.db or importlib.metadata.distribution("vietnamadminunits").locate_file(DB)
    units = read_units(db)
    write(units, pathlib.Path(args.out))
    print(f"{len(units)} units written to {args.out}")


if __name__ == "__main__":
    main()
