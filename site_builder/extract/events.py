"""Rounds: numbered rounds, ministerial sessions and calls named in the text."""
from __future__ import annotations

import re

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
    rf"(?<!\w)(vòng|phiên)(?:\s+(?:đàm\s+phán|làm\s+việc|họp))?((?:\s+{_QUALIFIER})*)"
    rf"\s+(?:lần\s+)?(?:thứ\s+)?({_ORDINAL})(?![\w/])",
    re.I,
)
_CALL = re.compile(rf"(?<!\w)điện\s+đàm(?:\s+trực\s+tuyến)?(?:\s+(?:lần\s+)?(?:thứ\s+)?({_ORDINAL})(?![\w/]))?", re.I)


def ordinal_value(text: str) -> int | None:
    """`8` → 8, `thứ hai` → 2, `mười một` → 11, `hai mươi mốt` → 21."""
    words = text.lower().split()
    if not words:
        return None
    if words[0].isdigit():
        return int(words[0])
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
    found.sort(key=lambda m: m.offset)
    return found
