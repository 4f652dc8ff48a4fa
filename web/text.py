"""Article text as safe HTML: escaped paragraphs, or sanitised Markdown, with the query's words marked; XML-safe output."""

import html
import re

import markdown
from markupsafe import Markup

from archive.query.snippets import highlight
from web.security import sanitise

_TAG = re.compile(r"(<[^>]*>)")
# What XML 1.0 forbids: control characters other than tab, line feed and carriage return, and U+FFFE/U+FFFF.
# Vertical tab and form feed separate words in text, so they become spaces; the rest go.
_XML_FORBIDDEN = dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x20), 0xFFFE, 0xFFFF]) | {0x0B: " ", 0x0C: " "}
_HOLDS_XML_FORBIDDEN = re.compile("[" + "".join(re.escape(chr(code)) for code in _XML_FORBIDDEN) + "]")


def xml_safe(value):
    """Return a value a template prints without the characters XML forbids, Markup staying Markup.

    Every page and feed prints through this (the Jinja ``finalize`` hook), so
    article text and queries holding such characters still make valid XML.

    >>> xml_safe("Hải\\x0cChâu\\x00"), xml_safe(Markup("<b>a\\x0bb</b>")), xml_safe(3)
    ('Hải Châu', Markup('<b>a b</b>'), 3)
    """
    # Nearly every value is clean: looking for a forbidden character costs far less than translating the text.
    if not isinstance(value, str) or not _HOLDS_XML_FORBIDDEN.search(value):
        return value
    cleaned = str.translate(value, _XML_FORBIDDEN)
    return Markup(cleaned) if isinstance(value, Markup) else cleaned


def _highlight_html(safe_html, marks):
    """Return sanitised HTML with the query words marked in its text, never inside its tags."""
    if not marks:
        return safe_html
    parts = _TAG.split(safe_html)
    return "".join(part if part.startswith("<") else highlight(html.unescape(part), marks) for part in parts)


def paragraphs_html(text, marks=None):
    """Return plain ``text`` as escaped ``<p>`` paragraphs split on blank lines, with ``marks`` marked.

    >>> str(paragraphs_html("Hải Châu <b>\\n\\nĐoạn ba", {"hai": frozenset(), "chau": frozenset()}))
    '<p><mark>Hải Châu</mark> &lt;b&gt;</p>\\n<p>Đoạn ba</p>'
    """
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    return Markup("\n".join(f"<p>{highlight(block, marks or {})}</p>" for block in blocks))


def markdown_html(text, marks=None):
    """Return Markdown ``text`` rendered, sanitised, and with ``marks`` marked.

    >>> str(markdown_html("**Hải Châu** <script>alert(1)</script>", {"chau": frozenset()}))
    '<p><strong>Hải <mark>Châu</mark></strong> </p>'
    """
    rendered = sanitise(markdown.markdown(text, extensions=["sane_lists"]))
    return Markup(_highlight_html(rendered, marks))


def article_html(text, is_markdown, marks=None):
    """Return an article's lead or body as safe HTML, the query's words marked as ``marks`` says (``snippets``)."""
    return markdown_html(text, marks) if is_markdown else paragraphs_html(text, marks)
