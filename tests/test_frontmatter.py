"""Front matter: YAML read with the safe loader, and hand-written headers that are not YAML read line by line."""

import pytest

from archive.ingest.frontmatter import split_front_matter


@pytest.mark.parametrize("front, expected", [
    # YAML proper: quoted values with colons, dates, block lists and folded text.
    ('title: "Quận 9: kỷ niệm 25 năm"\ndate: 2022-01-01\ntags:\n  - lễ hội\n  - "2022"',
     {"title": "Quận 9: kỷ niệm 25 năm", "date": "2022-01-01", "tags": ["lễ hội", "2022"]}),
    ("Tiêu đề: Lũ ở Hoà Vang\nTác giả: Lê Tân\nsapo: >\n  Nước lên\n  nhanh.",
     {"title": "Lũ ở Hoà Vang", "author": "Lê Tân", "summary": "Nước lên nhanh."}),
    # Not YAML: an unquoted second colon; read line by line, as notes are written.
    ("title: Quận 9: kỷ niệm\nauthor: Lan", {"title": "Quận 9: kỷ niệm", "author": "Lan"}),
    # A YAML bomb: aliases of aliases are not article fields and cost nothing.
    ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ntags: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ntitle: Bom",
     {"title": "Bom"}),
    ("- just\n- a list", {}),
    ("title: ~\nauthor: null\ndate: n/a", {}),
])
def test_front_matter_is_read_as_yaml_or_line_by_line(front, expected):
    fields, rest = split_front_matter(f"---\n{front}\n---\nThân bài.\n")
    assert (fields, rest) == (expected, "Thân bài.\n")
