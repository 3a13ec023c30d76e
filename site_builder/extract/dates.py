"""Dates: days and spans of days written in the text, and front-matter dates."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

from ..sources import ENGLISH_MONTHS
from .facts import EventDate, PartialDate

_DASH = r"\s*[-–—]\s*"
# Numbers joined by slashes and dashes; each is then read as one of the forms below. Scanning
# for digits first keeps the pass over a long article cheap.
_NUMERIC = re.compile(r"\d+(?:[/-]\d+)*(?:\s*[–—-]\s*\d+(?:[/-]\d+)*)?")
_NUMERIC_FORMS = (
    ("span_months", re.compile(rf"(\d{{1,2}})/(\d{{1,2}}){_DASH}(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}))?")),
    ("span_days", re.compile(rf"(\d{{1,2}}){_DASH}(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}))?")),
    ("iso", re.compile(r"(\d{4})-(\d{2})-(\d{2})")),
    ("day", re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?")),
)
_LONG_FORM = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm|,)\s*(\d{4}))?(?!\d)", re.I)
# A day and month with no year is a date only when the text says so ("ngày 12/6", "chiều 12/6",
# "21 giờ ngày 6-8", "on 4.4").
_DAY_CONTEXT = re.compile(r"(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|từ|đến|tới|vào|rạng sáng|khuya|\bon|\bof|"
                          # a weekday before the day, often in brackets: "hôm thứ Năm (13/11)"
                          r"\bthứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật|"
                          r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s*\(?\s*$", re.I)
# Day and month joined by a dot or a hyphen ("ngày 26.10", "Tối 7-4", "từ ngày 3 - 5.12",
# "ngày 8-10-2025"): read only after a day word, since "6.68%" and "12-14" are other things.
_DOTTED = re.compile(r"(?=\d)(?<![\d.,/-])(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?([.-])(\d{1,2})(?:\3(\d{4}))?(?![\d%/]|[.,-]\d)")
_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAME = "(" + "|".join(name.capitalize() for name in sorted(ENGLISH_MONTHS, key=len, reverse=True)) + r")\.?"
# "November 10", "May 19-22", "April 9, 2025", "February 05, 2026"; "10 November 2025".
# A lookahead before a lookbehind lets a scan skip at once every position that cannot start
# a match (a digit, a capital of a month's name).
_ENGLISH = re.compile(rf"(?=[JFMASOND])(?<!\w){_MONTH_NAME}\s+(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))?(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?(?![\d%])"
                      rf"|(?=\d)(?<![\w.])(\d{{1,2}})\s+{_MONTH_NAME}(?:,?\s+(\d{{4}}))?(?!\w)")


# Words that make an event or a date one still to come ("sẽ điện đàm", "dự kiến … ngày 7/5",
# "trước cuộc điện đàm sắp diễn ra", "will hold a phone call").
_FUTURE_BEFORE = re.compile(r"(?:\bsẽ|\bsắp|dự\s+kiến|chuẩn\s+bị|kế\s+hoạch|đề\s+nghị|mong\s+muốn|tiến\s+tới|hướng\s+tới|"
                            r"\bsớm|\btrước(?!\s+đó)|\bwill|\bwould|plans?\s+to|set\s+(?:to|for)|ahead\s+of|expected\s+(?:to|on)|"
                            r"agreed\s+to|aims?\s+to|to\s+finali[sz]e|to\s+hold)"
                            r"\s+(?:\S+\s+){0,4}$", re.I)
_FUTURE_AFTER = re.compile(r"\s*(?:tới(?!\s+(?:nay|ngày|\d))|sắp\s+(?:tới|diễn\s+ra)|sẽ\s+diễn\s+ra|tới\s+đây)(?!\w)", re.I)


def is_planned(text: str, start: int, end: int) -> bool:
    """What stands at text[start:end] is written as still to come."""
    return (_FUTURE_BEFORE.search(text, max(0, start - 40), start) is not None
            or _FUTURE_AFTER.match(text, end) is not None)


_YEAR = re.compile(r"(?=2)(?<![\d.,])(20\d\d)(?![\d.,]\d)")


def years_written(text: str) -> tuple[int, ...]:
    """The years 2000–2099 written in `text`, each once, in order."""
    return tuple(dict.fromkeys(int(y) for y in _YEAR.findall(text)))


def find_dates(text: str, block: int = 0) -> list[EventDate]:
    """Every date and span of days written in `text`, in order."""
    found: list[EventDate] = []
    for m in _NUMERIC.finditer(text):
        if m.start() and text[m.start() - 1] in "/.,":
            continue
        chunk = m.group(0)
        for form, pattern in _NUMERIC_FORMS:
            parts = pattern.fullmatch(chunk)
            if parts:
                event = _event(form, parts.groups(), chunk, text, m.start(), block)
                if event is not None:
                    found.append(event)
                break
    if "tháng" in text or "Tháng" in text:
        for m in _LONG_FORM.finditer(text):
            if m.start() and text[m.start() - 1].isdigit():
                continue
            event = _event("long", m.groups(), m.group(0), text, m.start(), block)
            if event is not None:
                found.append(event)
    taken = {e.offset for e in found}
    for m in _DOTTED.finditer(text):
        if m.start() in taken or not _DAY_CONTEXT.search(text, max(0, m.start() - 20), m.start()):
            continue
        first, last, _, month, year = m.groups()
        groups = (first, last or first, month, year)
        event = _event("span_days", groups, m.group(0), text, m.start(), block)
        if event is not None:
            found.append(event)
    for m in _ENGLISH.finditer(text) if any(month in text for month in _MONTH_STEMS) else ():
        if m.group(1):
            month, first, last, year = ENGLISH_MONTHS[m.group(1).lower().rstrip(".")], m.group(2), m.group(3), m.group(4)
        else:
            first, month, last, year = m.group(5), ENGLISH_MONTHS[m.group(6).lower().rstrip(".")], None, m.group(7)
        # A month name makes it a date with or without a day word before it.
        event = _event("span_days", (first, last or first, str(month), year), m.group(0), "ngày", 4, block)
        if event is not None:
            found.append(dataclasses.replace(event, offset=m.start()))
    found.sort(key=lambda e: e.offset)
    return [dataclasses.replace(e, aside=True) if _is_aside(text, e.offset, e.offset + len(e.text)) else e
            for e in found]


# A day given as the point a comparison or a period starts from, or in a clause saying what
# came before ("sau khi Tuyên bố chung ngày 26-10 …, doanh nghiệp …").
_COMPARED_BEFORE = re.compile(r"(?:so\s+với|compared\s+(?:with|to)|kể\s+từ|\bsince|\bsau\s+khi|\bafter)\s+[^.,;:!?\n]{0,50}$",
                              re.I)


def _is_aside(text: str, start: int, end: int) -> bool:
    return is_planned(text, start, end) or _COMPARED_BEFORE.search(text, max(0, start - 60), start) is not None


def _event(form: str, g: tuple, written: str, text: str, at: int, block: int) -> EventDate | None:
    if form == "span_months":
        year = int(g[4]) if g[4] else None
        start, end = PartialDate(year, int(g[1]), int(g[0])), PartialDate(year, int(g[3]), int(g[2]))
        if year and (end.month, end.day) < (start.month, start.day):  # 28/12–2/1/2026 crosses a new year
            start = PartialDate(year - 1, start.month, start.day)
    elif form == "span_days":
        year = int(g[3]) if g[3] else None
        start, end = PartialDate(year, int(g[2]), int(g[0])), PartialDate(year, int(g[2]), int(g[1]))
    elif form == "iso":
        start = end = PartialDate(int(g[0]), int(g[1]), int(g[2]))
    else:  # day, long
        year = int(g[2]) if g[2] else None
        start = end = PartialDate(year, int(g[1]), int(g[0]))
    if start.year is None and not _DAY_CONTEXT.search(text, max(0, at - 20), at):
        return None
    probe = 2024  # a leap year, so 29/2 without a year is still a possible day
    if start.with_year(start.year or probe) is None or end.with_year(end.year or probe) is None:
        return None
    if start.year and not 1900 <= start.year <= 2100:
        return None
    if start.year == end.year and (start.month, start.day) > (end.month, end.day):
        return None
    return EventDate(start, end, written, block, at)


def parse_date_value(value) -> dt.date | None:
    """A front-matter date: a YAML date, or text as `YYYY-MM-DD[ HH:MM[:SS]]` or `DD/MM/YYYY`."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not m:
            return None
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None
