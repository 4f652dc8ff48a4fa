"""Header fields: YAML front matter in Markdown, and "Key: value" headers in scraped dumps.

Front matter is read with PyYAML's safe loader. Notes written by hand are often
not valid YAML ("title: Quận 9: kỷ niệm"), so a block YAML refuses is read line
by line instead: one ``key: value`` per line, lists as ``[a, b]``, ``a, b`` or
``- a`` lines. Keys are mapped to the Article's field names, so "Published
Date", "Ngày đăng" and "date" all become ``date``.
"""

import datetime
import re

import yaml

_KEYS = {
    "title": "title",
    "tiêu đề": "title",
    "date": "date",
    "published": "date",
    "published date": "date",
    "publish date": "date",
    "ngày": "date",
    "ngày đăng": "date",
    "ngày xuất bản": "date",
    "author": "author",
    "authors": "author",
    "tác giả": "author",
    "by": "author",
    "tags": "tags",
    "tag": "tags",
    "keywords": "tags",
    "từ khóa": "tags",
    "từ khoá": "tags",
    "source": "source",
    "nguồn": "source",
    "link": "url",
    "url": "url",
    "summary": "summary",
    "description": "summary",
    "sapo": "summary",
    "tóm tắt": "summary",
    "content": "content",
    "nội dung": "content",
}
_FIELD = re.compile(r"^(?P<key>[^\W\d_][\w ]{0,20}?)\s*:\s?(?P<value>.*)$")
# The C loader where PyYAML was built with it: the same safe loader, faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_EMPTY = frozenset({"", "n/a", "na", "none", "null", "~", "-"})
# A header needs this many known keys before it is trusted over the page's own text.
MIN_HEADER_KEYS = 2


def split_front_matter(text):
    """Return ``(fields, rest)`` for Markdown text with front matter between ``---`` lines, else ``({}, text)``.

    >>> split_front_matter("---\\ntitle: Quận 9\\ntags: [a, b]\\n---\\n# Quận 9\\n")
    ({'title': 'Quận 9', 'tags': ['a', 'b']}, '# Quận 9\\n')
    """
    match = re.match(r"\A\s*---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, re.DOTALL)
    if not match:
        return {}, text
    fields = _yaml_fields(match.group(1))
    return (_line_fields(match.group(1)) if fields is None else fields), text[match.end() :]


def _yaml_fields(block):
    """Return the known fields of a front matter block read as YAML, or None when it is not a YAML mapping.

    >>> _yaml_fields("title: 'Quận 9'\\ndate: 2020-05-04\\ntags:\\n  - lũ\\n  - 2020\\nextra: {a: 1}")
    {'title': 'Quận 9', 'date': '2020-05-04', 'tags': ['lũ', '2020']}
    >>> _yaml_fields("title: Quận 9: kỷ niệm") is None
    True
    """
    try:
        data = yaml.load(block, Loader=_LOADER)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    fields = {}
    for key, value in data.items():
        name = _KEYS.get(str(key).strip().lower())
        # Only scalars and lists of scalars: nested or aliased structures are not article fields.
        if name == "tags" and isinstance(value, list):
            value = ", ".join(_scalar(item) for item in value if _is_scalar(item))
        if name and _is_scalar(value):
            _store(fields, name, _scalar(value))
    return fields


def _is_scalar(value):
    """Tell whether a YAML value is a plain scalar: text, a number or a date."""
    return isinstance(value, (str, int, float, datetime.date)) and not isinstance(value, bool)


def _scalar(value):
    """Return a YAML scalar as the text a header field holds, dates in ISO 8601."""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _line_fields(block):
    """Return the known fields of a front matter block read line by line, for blocks YAML refuses."""
    fields = {}
    last = None
    for line in block.split("\n"):
        item = re.match(r"^\s+-\s+(.*)$|^-\s+(.*)$", line)
        if item and last == "tags":
            fields.setdefault("tags", []).append(_unquote(item.group(1) or item.group(2)))
            continue
        field = _FIELD.match(line.strip())
        if not field:
            continue
        last = _KEYS.get(field.group("key").strip().lower())
        if last:
            _store(fields, last, field.group("value"))
    return fields


def split_header(text):
    """Return ``(fields, rest)`` for a dump that starts with "Key: value" lines, else ``({}, text)``.

    The ``content`` field, if present, runs to the end of the text.

    >>> fields, rest = split_header("Title: Tin A\\nAuthor: Hồng Duy\\nContent: Đoạn một.\\nĐoạn hai.")
    >>> fields, rest
    ({'title': 'Tin A', 'author': 'Hồng Duy'}, 'Đoạn một.\\nĐoạn hai.')
    """
    fields = {}
    lines = text.lstrip("\n").split("\n")
    for index, line in enumerate(lines):
        field = _FIELD.match(line.strip())
        key = _KEYS.get(field.group("key").strip().lower()) if field else None
        if key is None:
            break
        if key == "content":
            rest = "\n".join([field.group("value"), *lines[index + 1 :]])
            return (fields, rest) if len(fields) >= MIN_HEADER_KEYS else ({}, text)
        _store(fields, key, field.group("value"))
    else:
        index = len(lines)
    if len(fields) < MIN_HEADER_KEYS:
        return {}, text
    return fields, "\n".join(lines[index:])


def _store(fields, key, value):
    """Store one raw value under ``key``, as a list for tags, skipping empty placeholders."""
    value = _unquote(value.strip())
    if key == "tags":
        items = [_unquote(part.strip()) for part in value.strip("[]").split(",")]
        if any(items):
            fields["tags"] = [item for item in items if item]
    elif value.lower() not in _EMPTY:
        fields[key] = value


def _unquote(value):
    """Strip one pair of matching quotes from ``value``."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
