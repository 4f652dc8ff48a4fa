"""Common Vietnamese abbreviations and their expansions, in folded form.

A run of query words that spells any member of a group also matches every other
member, so ``UBND`` finds "Ủy ban nhân dân" and the other way round.
"""

_GROUPS = [
    ["ubnd", "uy ban nhan dan"],
    ["hdnd", "hoi dong nhan dan"],
    ["tphcm", "tp hcm", "thanh pho ho chi minh", "tp ho chi minh"],
    ["tp", "thanh pho"],
    ["mttq", "mat tran to quoc"],
    ["bhyt", "bao hiem y te"],
    ["bhxh", "bao hiem xa hoi"],
    ["thpt", "trung hoc pho thong"],
    ["thcs", "trung hoc co so"],
    ["csgt", "canh sat giao thong"],
    ["gd dt", "gddt", "giao duc va dao tao", "giao duc dao tao"],
    ["dbscl", "dong bang song cuu long"],
    ["ctv", "cong tac vien"],
    ["ttxvn", "thong tan xa viet nam"],
    ["vksnd", "vien kiem sat nhan dan"],
    ["tand", "toa an nhan dan"],
    ["ubmttq", "uy ban mat tran to quoc"],
    ["lhpn", "lien hiep phu nu"],
    ["hn", "ha noi"],
]

_VARIANTS = {}
for _group in _GROUPS:
    _spellings = [tuple(member.split()) for member in _group]
    for _spelling in _spellings:
        _VARIANTS[_spelling] = _spellings
LONGEST = max(len(spelling) for spelling in _VARIANTS)


def match_at(words, start):
    """Return ``(length, spellings)`` for the longest abbreviation group spelt at ``words[start:]``.

    >>> match_at(["so", "ubnd", "tinh"], 1)
    (1, [('ubnd',), ('uy', 'ban', 'nhan', 'dan')])
    >>> match_at(["thanh", "pho", "ho", "chi", "minh"], 0)[0]
    5
    >>> match_at(["hai", "chau"], 0)
    (0, [])
    """
    for length in range(min(LONGEST, len(words) - start), 0, -1):
        spellings = _VARIANTS.get(tuple(words[start : start + length]))
        if spellings:
            return length, spellings
    return 0, []
