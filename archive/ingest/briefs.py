"""Briefs: a page that holds several short articles, each closed by its own byline, is split into them.

District and ward portals often print two or three briefs on one page, each
ending with its author's name ("... đề ra. (ĐẶNG NỞ)", then the next brief, then
"(MẪU ĐƠN)"). A brief ends at a line closed by a "(NAME)" signature or at a labelled or
capitalised byline line, but only when running text follows: a byline followed by nothing but short
lines is the end of the one article. Later briefs are numbered from 2, and their
paths carry the number (``000.txt#2``), so the first brief keeps the file's path.
"""

from archive.ingest.bylines import signature
from archive.ingest.roles import Role

# A brief after a byline has at least this much running text, so a link list is not a brief.
MIN_BRIEF_LENGTH = 150


def brief_path(path, number):
    """Return the path of the ``number``-th brief of a file (the first brief keeps the file's path).

    >>> brief_path("seeds/000.txt", 1), brief_path("seeds/000.txt", 2)
    ('seeds/000.txt', 'seeds/000.txt#2')
    """
    return path if number == 1 else f"{path}#{number}"


def split_briefs(page, start):
    """Return the ``(begin, end)`` ranges of ``page`` (classified Lines) holding one brief each, from ``start`` on."""
    ranges, begin = [], start
    for index in range(start, len(page)):
        if _closes_brief(page[index]) and _holds_a_brief(page[index + 1 :]):
            ranges.append((begin, index + 1))
            begin = index + 1
    ranges.append((begin, len(page)))
    return ranges


def _closes_brief(line):
    """Tell whether a line ends a brief: a labelled or capitalised byline, or text closed by a "(NAME)" signature.

    A bare name in mixed case is not enough: forum replies and lists of people print those between paragraphs.
    """
    if line.role is Role.BYLINE:
        return line.anchors_headline
    return line.role is Role.TEXT and signature(line.text) is not None


def _holds_a_brief(rest):
    """Tell whether the lines after a byline hold a brief of their own: running text, closed by its own byline."""
    text = sum(len(line.text) for line in rest if line.role is Role.TEXT)
    return text >= MIN_BRIEF_LENGTH and any(_closes_brief(line) for line in rest[-2:])
