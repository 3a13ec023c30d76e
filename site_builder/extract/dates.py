"""Dates: days and spans of days written in the text, and front-matter dates."""
from __future__ import annotations

import datetime as dt
import re

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
# A day and month with no year is a date only when the text says so ("ngày 12/6", "chiều 12/6").
_DAY_CONTEXT = re.compile(r"(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|từ|đến|tới|vào|rạng sáng|khuya)\s*$", re.I)


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
        found.sort(key=lambda e: e.offset)
    return found


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
