"""Events: numbered rounds, ministerial sessions and calls named in the text, and the kind
of one-day event (a call, the joint statement, a tariff order, a signing, a meeting) a
title or lead reports."""
from __future__ import annotations

import re

from .dates import is_planned
from .facts import RoundMention

_ORDINAL_WORDS = {
    "nhất": 1, "một": 1, "đầu tiên": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
}
_UNIT = r"(?:một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín)"
_ORDINAL = (rf"(?:\d{{1,2}}|đầu\s+tiên|mười(?:\s+{_UNIT})?|(?:hai|ba)\s+mươi(?:\s+{_UNIT})?|"
            r"nhất|một|hai|ba|tư|bốn|năm|sáu|bảy|bẩy|tám|chín)")
_QUALIFIER = (r"(?:trực\s+tiếp|trực\s+tuyến|chính\s+thức|cấp\s+bộ\s+trưởng|cấp\s+kỹ\s+thuật|kỹ\s+thuật|"
              r"thương\s+mại|song\s+phương|đối\s+ứng|thuế\s+quan|toàn\s+thể|mới)")
# "vòng đàm phán thứ hai", "phiên đàm phán trực tiếp cấp Bộ trưởng lần thứ 8", "vòng thứ 6", "Vòng 3".
# Only `vòng`/`phiên` head a round: `cuộc họp thứ 4` or `Hội nghị … lần thứ 47` are not rounds.
_ROUND = re.compile(
    rf"(?=[vpVP])(?<!\w)(vòng|phiên)(?:\s+(?:đàm\s+phán|làm\s+việc|họp))?((?:\s+{_QUALIFIER})*)"
    rf"\s+(?:lần\s+)?(?:thứ\s+)?({_ORDINAL})(?![\w/])",
    re.I,
)
_CALL = re.compile(rf"(?=[đĐ])(?<!\w)điện\s+đàm(?:\s+trực\s+tuyến)?(?:\s+(?:lần\s+)?(?:thứ\s+)?({_ORDINAL})(?![\w/]))?", re.I)


_ENGLISH_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
# "the fifth round of talks", "sixth round", "eighth ministerial-level direct negotiation
# session", "round 5", "Round 3".
_ENGLISH_ROUND = re.compile(
    r"(?=[fstne\dR])(?<!\w)(?:(" + "|".join(_ENGLISH_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))"
    r"((?:[\s-]+(?:ministerial|minister|level|direct|official|in-person|face-to-face|technical|negotiating|negotiation|trade))*)"
    r"[\s-]+(round|session|negotiation|talks|meeting)s?(?!\w)"
    r"|(round)\s+(\d{1,2})(?![\w/.,]))",
    re.I,
)
_ENGLISH_NOUNS = ("round", "Round", "session", "negotiation", "talks", "meeting")
# A round named after these words is another event the article refers to ("sau vòng đàm
# phán thứ ba", "after the third round"), not the one it reports.
_REFERENCE_BEFORE = re.compile(r"(?:\bsau|kể\s+từ|\bafter|\bsince|following)\s+(?:\S+\s+){0,2}$"
                               r"|(?:\bsau\s+khi|\bafter)\s+[^.,;:!?\n]{0,60}$", re.I)


def ordinal_value(text: str) -> int | None:
    """`8` → 8, `thứ hai` → 2, `mười một` → 11, `hai mươi mốt` → 21."""
    words = text.lower().split()
    if not words:
        return None
    if words[0].isdigit():
        return int(words[0])
    if words[0] in _ENGLISH_ORDINALS:
        return _ENGLISH_ORDINALS[words[0]]
    if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", words[0]):
        return int(words[0][:-2])
    joined = " ".join(words)
    if joined in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[joined]
    units = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
             "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
    if words[0] == "mười":
        return 10 + (units.get(words[1], 0) if len(words) > 1 else 0)
    if len(words) >= 2 and words[1] == "mươi" and words[0] in units:
        return units[words[0]] * 10 + (units.get(words[2], 0) if len(words) > 2 else 0)
    return None


def find_rounds(text: str, block: int = 0) -> list[RoundMention]:
    """Numbered rounds, ministerial sessions and calls named in `text`."""
    found = []
    for m in _ROUND.finditer(text):
        number = ordinal_value(m.group(3))
        if not number:
            continue
        kind = "ministerial" if re.search(r"bộ\s+trưởng", m.group(2), re.I) else "round"
        found.append(RoundMention(kind, number, m.group(0), block, m.start()))
    for m in _CALL.finditer(text):
        if m.group(1) and (number := ordinal_value(m.group(1))):
            found.append(RoundMention("call", number, m.group(0), block, m.start()))
    for m in _ENGLISH_ROUND.finditer(text) if any(noun in text for noun in _ENGLISH_NOUNS) else ():
        number = ordinal_value(m.group(1) or m.group(5))
        if not number:
            continue
        kind = "ministerial" if m.group(2) and re.search(r"minist", m.group(2), re.I) else "round"
        if m.group(1) and not m.group(2) and m.group(3).lower() != "round":
            continue  # "the first session" of a conference, "the second meeting" of a board …
        found.append(RoundMention(kind, number, m.group(0), block, m.start()))
    found.sort(key=lambda m: m.offset)
    return found


def is_reference(text: str, mention: RoundMention) -> bool:
    """The mention names an earlier event the text refers to ("sau vòng đàm phán thứ ba")."""
    return _REFERENCE_BEFORE.search(text, max(0, mention.offset - 80), mention.offset) is not None


# --- one-day events --------------------------------------------------------------

_UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠ-ỹ"
_JOINT_STATEMENT = re.compile(r"(?<!\w)(?:tuyên\s+bố\s+chung|joint\s+statement)(?!\w)", re.I)
_CALL_WORDS = (r"điện\s+đàm|(?:phone|telephone|video)\s+(?:call|conversation|talks?)|"
               r"spoke\s+(?:by|on\s+the)\s+(?:tele)?phone")
# A decree signed or issued: "ký sắc lệnh", "công bố sắc lệnh", "signed an executive order".
_ORDER_SIGNED = (r"(?:ký|công\s+bố|ban\s+hành|signs?|signed|issues?|issued)\s+(?:\S+\s+){0,3}?"
                 r"(?:sắc\s+lệnh|lệnh\s+hành\s+pháp|executive\s+order)|sắc\s+lệnh\s+[^.\n]{0,80}?\b(?:vừa\s+|được\s+)?ký(?!\s+kết)")
# What a title says happened. Order matters where one title says several: the statement and
# a signing are what made the day; a call or a meeting is the occasion.
_TITLE_CUES = (
    ("joint-statement", _JOINT_STATEMENT),
    ("signing", re.compile(r"(?<!\w)(?:(?:lễ|chứng\s+kiến)\s+(?:\S+\s+){0,2}?ký(?:\s+kết)?|ký\s+kết\s+các\s+(?:thỏa|thoả)\s+thuận|"
                           r"signing\s+ceremony|witness(?:es|ed)?\s+the\s+signing)(?!\w)", re.I)),
    ("tariff-order", re.compile(r"(?<!\w)(?:sắc\s+lệnh|lệnh\s+hành\s+pháp|executive\s+order|"
                                r"(?:Mỹ|Hoa\s+Kỳ|Trump|Nhà\s+Trắng)\s+(?:\S+\s+){0,2}?(?:hoãn|miễn|áp|giảm|nâng|chốt|công\s+bố)\s+"
                                r"(?:\S+\s+)?thuế)(?!\w)", re.I)),
    ("call", re.compile(rf"(?<!\w)(?:{_CALL_WORDS}|call\s+with)(?!\w)", re.I)),
    ("meeting", re.compile(r"(?<!\w)(?:gặp(?:\s+gỡ)?|tiếp|hội\s+kiến|hội\s+đàm|meets?|met\s+with|receives?|received)\s+"
                           rf"(?-i:[{_UPPER}])", re.I)),
)
# What a lead says happened: a statement or a call named as such, a decree signed. A tariff
# verb, a signing or a meeting in the lead is as often background as news.
_LEAD_CUES = (
    ("joint-statement", _JOINT_STATEMENT),
    ("tariff-order", re.compile(rf"(?<!\w)(?:{_ORDER_SIGNED})(?!\w)", re.I)),
    ("call", re.compile(rf"(?<!\w)(?:{_CALL_WORDS})(?!\w)", re.I)),
)


def reported_event(title: str, lead: list[tuple[int, str]]) -> tuple[str, int] | None:
    """The kind of one-day event the title, else a block of the lead ((block, text) pairs),
    reports as done, with the block that says so (-1 for the title), if any."""
    for block, text, cues in ((-1, title, _TITLE_CUES), *((b, t, _LEAD_CUES) for b, t in lead)):
        for kind, cue in cues if text else ():
            for m in cue.finditer(text):
                # "sẽ điện đàm" is still to come. ("Thấy gì sau cuộc điện đàm …" is about the
                # call all the same: what follows an event is its news.)
                if not is_planned(text, m.start(), m.end()):
                    return kind, block
    return None
