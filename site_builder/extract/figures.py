"""Figures: the numbers that matter to the negotiation, with the sentence they stand in.

A number is a figure only with a unit that says what it counts: a percentage (`46%`, `20 per
cent`), an amount of money (`123,5 tỷ USD`, `US$2 billion`, `USD 13.7 billion`), or a count of
goods, days, countries or rounds (`2 triệu tấn`, `50 máy bay`, `90 ngày`, `5 phiên đàm phán`).
A bare number never is: that leaves out dates (`ngày 9/4`, `May 19-22`), years (`năm 2024`),
clock times (`12h01`), ordinals (`lần thứ 8`, `vòng thứ 6`), order and phone numbers, and
numbers in names (`Tổng Công ty May 10`). Zero is also written in words (`mức 0`, `mức zero`,
`thuế bằng không`, `zero percent`).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .sentences import Sentence
from .topics import Signal

_NUM = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?"
_SCALES = {"nghìn tỷ": 1e12, "ngàn tỷ": 1e12, "trillion": 1e12, "tn": 1e12, "tỷ": 1e9, "billion": 1e9, "bn": 1e9,
           "triệu": 1e6, "million": 1e6, "mn": 1e6, "nghìn": 1e3, "ngàn": 1e3, "thousand": 1e3}
_SCALE = "|".join(sorted(map(re.escape, _SCALES), key=len, reverse=True))
_CURRENCY = {"us$": "USD", "usd": "USD", "$": "USD", "đô la mỹ": "USD", "đô la": "USD", "đôla": "USD", "dollars": "USD",
             "vnd": "VND", "vnđ": "VND", "đồng": "VND", "€": "EUR", "eur": "EUR", "euro": "EUR"}
_CURRENCY_BEFORE = r"US\$|USD|\$|€"
_CURRENCY_AFTER = "|".join(sorted((re.escape(c) for c in _CURRENCY if c not in ("$", "€")), key=len, reverse=True))
# Units a count of things is written with; longest first, so "phiên đàm phán" is one unit.
_COUNTS = sorted([
    "tấn", "tons", "tonnes", "chiếc máy bay", "máy bay", "aircraft", "planes", "airplanes", "jets", "ngày", "days",
    "tuần", "weeks", "nước", "quốc gia", "countries", "nền kinh tế", "economies", "doanh nghiệp", "companies", "firms",
    "phiên đàm phán", "vòng đàm phán", "rounds of negotiations", "rounds of talks", "negotiation rounds", "rounds",
    "mặt hàng", "dòng thuế", "tariff lines", "việc làm", "jobs", "thùng", "barrels", "biên bản ghi nhớ", "MoU", "MoUs",
    "hợp đồng", "contracts", "thỏa thuận", "agreements",
], key=len, reverse=True)
# "hơn 20 tỷ USD": kept with the figure, as written.
_APPROX = (r"hơn|trên|gần|khoảng|xấp xỉ|ước tính|ít nhất|tối đa|more than|over|about|nearly|almost|around|"
           r"approximately|at least|up to")

_FIGURE = re.compile(rf"""
    (?<![\w.,/-])
    (?:(?P<approx>{_APPROX})\s+)?
    (?:
        (?P<cur1>{_CURRENCY_BEFORE})\s?(?P<n1>{_NUM})(?:\s?(?P<s1>{_SCALE})(?!\w))?(?![\w%])
      | (?P<sign>[-−+])?(?P<n2>{_NUM})\s?(?P<pct>%|phần\ trăm(?!\w)|per\ ?cent(?!\w)|percent(?!\w))
      | (?P<n3>{_NUM})\s?(?:(?P<s3>{_SCALE})\s?)?(?P<cur3>{_CURRENCY_AFTER})(?!\w)
      | (?P<n4>{_NUM})\s(?:(?P<s4>{_SCALE})\s)?(?P<unit>{"|".join(re.escape(u) for u in _COUNTS)})(?!\w)
      | (?P<z1>zero|không)\s(?:percent|per\ ?cent|phần\ trăm)(?!\w)
      | (?P<z2>mức\ (?:0|zero))(?![\w%]|[.,]\d)
      | (?<=thuế\ )(?P<z3>bằng\ (?:không|0))(?!\w)
      | (?P<z4>zero(?:-|\ )tariffs?)(?!\w)
    )
    """, re.IGNORECASE | re.VERBOSE)
# A figure's qualifier is the nearest signal before it in its clause, this many words away at most.
_QUALIFIER_WORDS = 10
_CLAUSE_REACH = 300
# A figure in brackets belongs to the words before them ("mức thuế dành cho Việt Nam (46%)"):
# brackets do not end a clause.
_CLAUSE_END = re.compile(r"[,;:“”\"]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Figure:
    kind: str  # percent | money | count
    value: float
    unit: str  # "%", a currency (USD, VND, EUR), or the counted thing as written (tấn, máy bay, phiên đàm phán)
    text: str  # as written
    # The words it is a figure of, where a signal of a topic stands just before it in its clause
    # ("thuế đối ứng" in "thuế đối ứng 20%") or just after it ("20 percent tariff").
    qualifier: str | None
    topic: str | None  # the qualifier's topic
    block: int  # -1 for the title
    offset: int  # where it starts in the block's text
    sentence: Sentence


def number(text: str) -> float:
    """`123,5` and `13.7` → decimals; `1.200` and `1,200` (three digits after one mark) → thousands."""
    marks = [c for c in text if c in ".,"]
    if not marks:
        return float(text)
    if len(set(marks)) == 2:  # both: the last one is the decimal mark
        decimal = text.rstrip("0123456789")[-1]
        return float(text.replace("," if decimal == "." else ".", "").replace(decimal, "."))
    head, _, tail = text.rpartition(marks[-1])
    if len(marks) > 1 or len(tail) == 3:
        return float(text.replace(marks[-1], ""))
    return float(f"{head}.{tail}")


def find_figures(block: int, text: str, sentences: list[Sentence], signals: list[Signal]) -> list[Figure]:
    """The figures of one block (`sentences` and `signals` are the block's, in order)."""
    starts = [s.start for s in sentences]
    signal_starts = [s.start for s in signals]
    out = []
    for m in _figures_in(text):
        kind, value, unit = _read(m)
        at = bisect_right(starts, m.start()) - 1
        if at < 0:
            continue
        sentence = sentences[at]
        qualifier = _qualifier(text, m.start(), m.end(), sentence, signals, signal_starts)
        words = _qualifier_words(text, qualifier, m.start()) if qualifier else None
        out.append(Figure(kind, value, unit, m.group(0), words, qualifier.topic if qualifier else None,
                          block, m.start(), sentence))
    return out


# Every figure holds one of these: a number, a word for zero, or a currency sign. (The look-ahead
# lets the engine skip to the possible first letters instead of trying each word at each place.)
_ANCHOR = re.compile(r"(?=[\dzZkKmMbB$€])(?:\d+|zero|không|mức|bằng|[$€])", re.IGNORECASE)
# How far before its anchor a figure may start: two words ("more than", "ước tính") and the
# anchor's own run of characters ("US$2", "(46%"); and how far after it the figure may end.
_LEAD_WORDS = 2
_LEAD_REACH = 80
_TAIL_REACH = 64


def _lead_start(text: str, at: int, floor: int) -> int:
    """Where the run of characters holding `at` starts, `_LEAD_WORDS` words further back (not
    before `floor`); `floor` when the lead reaches past `_LEAD_REACH` characters."""
    i, limit = at, max(floor, at - _LEAD_REACH)
    for word in range(_LEAD_WORDS + 1):
        if word:
            while i > limit and text[i - 1].isspace():
                i -= 1
        while i > limit and not text[i - 1].isspace():
            i -= 1
    return i if i > limit or i == floor else floor


def _figures_in(text: str):
    """`_FIGURE.finditer(text)`'s matches, looked for only around the anchors: tried at every
    word of the text, the expression took a tenth of the time of reading an article. A
    figure that holds an anchor starts at most two words before it, so a search from there
    finds the leftmost figure that a scan from the last one's end would."""
    pos = 0
    for anchor in _ANCHOR.finditer(text):
        if anchor.start() < pos:
            continue
        start = _lead_start(text, anchor.start(), pos)
        end = anchor.end() + _TAIL_REACH
        m = _FIGURE.search(text, start, end)
        # The window's end reads as the end of the text to the expression's look-aheads: a
        # match that comes near it is looked for again in the whole text.
        if m is not None and m.end() + 2 >= end:
            m = _FIGURE.search(text, start)
        if m is None:
            continue
        yield m
        pos = m.end()


# Words between a qualifier and its figure that belong to neither ("thuế quan là 10%").
_LINKS = frozenset("là ở mức lên xuống còn từ đến tới với và của khoảng hơn trên gần chỉ at to of is was by from "
                   "and the a an".split())
_LINK_WORDS = 3


def _qualifier_words(text: str, signal: Signal, figure_start: int) -> str:
    """The signal before a figure with the few words that follow it up to the figure
    ("áp thuế đối ứng" 46%), links aside; a signal after the figure alone."""
    if signal.start > figure_start:
        return signal.text
    words = _WORD.findall(text, signal.end, figure_start)
    while words and words[-1].lower() in _LINKS:
        words.pop()
    if not words or len(words) > _LINK_WORDS:
        return signal.text
    return text[signal.start:text.index(words[-1], signal.end) + len(words[-1])]


def _read(m: re.Match) -> tuple[str, float, str]:
    g = m.groupdict()
    if g["n1"] is not None:
        return "money", number(g["n1"]) * _scale(g["s1"]), _CURRENCY[g["cur1"].lower()]
    if g["n2"] is not None:
        value = number(g["n2"])
        return "percent", -value if g["sign"] in ("-", "−") else value, "%"
    if g["n3"] is not None:
        return "money", number(g["n3"]) * _scale(g["s3"]), _CURRENCY[g["cur3"].lower()]
    if g["n4"] is not None:
        return "count", number(g["n4"]) * _scale(g["s4"]), g["unit"].lower()
    return "percent", 0.0, "%"


def _scale(word: str | None) -> float:
    return _SCALES[word.lower()] if word else 1.0


def _qualifier(text: str, start: int, end: int, sentence: Sentence, signals: list[Signal],
               signal_starts: list[int]) -> Signal | None:
    """The signal the figure is a figure of: the nearest before it in its clause, within
    _QUALIFIER_WORDS words; else one right after it ("20 percent tariff")."""
    # Looked for in a bounded stretch before the figure, so a huge one-sentence file stays linear.
    clause_start = max(sentence.start, start - _CLAUSE_REACH)
    for c in _CLAUSE_END.finditer(text, clause_start, start):
        clause_start = c.end()
    i = bisect_right(signal_starts, start) - 1
    if i >= 0:
        before = signals[i]
        if before.start >= clause_start and before.end <= start \
                and len(_WORD.findall(text, before.end, start)) <= _QUALIFIER_WORDS:
            return before
    after = signals[i + 1] if i + 1 < len(signals) else None
    if after is not None and after.start >= end and len(_WORD.findall(text, end, after.start)) <= 1 \
            and not _CLAUSE_END.search(text, end, after.start):
        return after
    return None
