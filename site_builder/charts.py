"""Geometry of the build-time SVG charts: the home page's timeline and a person's companions.

The templates only draw what is computed here, so no chart code runs in the browser and
no arithmetic sits in a template. Coordinates are SVG user units, rounded to 0.1.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from .dossier import Article, Person, Round

# Average advance of a 13-unit semibold sans-serif glyph, used to keep labels from overlapping.
CHAR_WIDTH = 7.4


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    kind: str  # a CSS class suffix: dated | estimated | a round kind (registry.ROUND_KINDS)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"  # SVG text-anchor
    strong: bool = False


@dataclass(frozen=True)
class RoundMark:
    """A round drawn on the timeline: its band over the articles, its marker and label."""

    round: Round
    band: Rect
    marker: Rect
    label: Label | None  # None where there was no room for it
    leader: Line | None


@dataclass(frozen=True)
class TimelineLayout:
    width: float
    height: float
    gridlines: tuple[Line, ...]
    axis: Line
    ticks: tuple[Label, ...]
    bars: tuple[Rect, ...]
    rounds: tuple[RoundMark, ...]


@dataclass(frozen=True)
class TimelineChart:
    """The same timeline laid out across the page (wide screens) and down it (phones)."""

    first: dt.date
    last: dt.date
    dated: int
    estimated: int
    # The tallest bar: `peak` articles in `step` days.
    peak: int
    step: int
    wide: TimelineLayout
    narrow: TimelineLayout


# Rows of round labels under the wide timeline.
LANES = 3
# Which rounds get a label first when there is no room for all.
LABEL_PRIORITY = {"round": 0, "ministerial": 1, "joint-statement": 2, "signing": 3, "tariff-order": 4, "meeting": 5,
                  "other": 6, "call": 7}


def _by_label_priority(rounds) -> list[int]:
    return sorted(range(len(rounds)), key=lambda i: (LABEL_PRIORITY.get(rounds[i].kind, 9), rounds[i].start))


def _r(v: float) -> float:
    return round(v, 1)


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def timeline_chart(articles: Iterable[Article], rounds: Iterable[Round], *,
                   round_label: Callable[[Round], str], month_label: Callable[[dt.date], str],
                   year_label: Callable[[dt.date], str] = lambda d: str(d.year)) -> TimelineChart | None:
    """The timeline of dated articles (by week, or by day over a short span) and rounds; None if nothing is dated."""
    dated = [a for a in articles if a.date is not None]
    placed = [r for r in rounds if r.start is not None]
    days = [a.date for a in dated] + [r.start for r in placed] + [r.end or r.start for r in placed]
    if not days:
        return None
    months = _month_starts(min(days), max(days))
    first, end = months[0], _next_month(months[-1])  # `end` is exclusive
    total = (end - first).days
    step = 1 if total <= 100 else 7
    bins: Counter = Counter()
    for a in dated:
        bins[((a.date - first).days // step, a.date_estimated)] += 1
    peak = max((bins[(i, False)] + bins[(i, True)] for i, _ in bins), default=0)
    counts = (sum(1 for a in dated if not a.date_estimated), sum(1 for a in dated if a.date_estimated))
    args = (first, end, total, step, bins, peak, months, placed, round_label, month_label, year_label)
    return TimelineChart(first, end - dt.timedelta(days=1), counts[0], counts[1], peak, step, _wide(*args), _narrow(*args))


def _wide(first, end, total, step, bins, peak, months, placed, round_label, month_label, year_label) -> TimelineLayout:
    width, x0, x1 = 900.0, 8.0, 892.0
    top, base, bar_max = 10.0, 110.0, 94.0
    scale = (x1 - x0) / total

    def x(day: dt.date) -> float:
        return x0 + (day - first).days * scale

    month_px = scale * 30.4
    every = 1
    while month_px * every < 30:
        every += 1
    gridlines, ticks = [], []
    for i, m in enumerate(months):
        gridlines.append(Line(_r(x(m)), top, _r(x(m)), base))
        if i % every == 0:
            ticks.append(Label(_r(x(m) + 4), base + 17, month_label(m)))
        if i == 0 or m.month == 1:
            ticks.append(Label(_r(x(m) + 4), base + 33, year_label(m), strong=True))
    bars = []
    for i in sorted({i for i, _ in bins}):
        left = x0 + i * step * scale
        # The last week may run past the last month's end: cut it there.
        w = max(min(step * scale, x1 - left) - 1, 1.2)
        y = base
        for estimated in (False, True):
            n = bins[(i, estimated)]
            if n:
                h = max(bar_max * n / peak, 3)
                y -= h
                bars.append(Rect(_r(left), _r(y), _r(w), _r(h), "estimated" if estimated else "dated"))
    lane_top, lane_h = base + 56, 24.0
    # Labels go in up to LANES rows under the axis, rounds before sessions before calls;
    # a round with no room left keeps its band and a tick, without a label.
    lanes: list[list[tuple[float, float]]] = []
    labelled = {}
    for i in _by_label_priority(placed):
        r = placed[i]
        left = x(r.start)
        text = round_label(r)
        text_w = len(text) * CHAR_WIDTH + 12
        anchor_right = left + text_w > width
        span = (left - text_w, left) if anchor_right else (left, left + text_w)
        for lane in range(LANES):
            if lane == len(lanes):
                lanes.append([])
            if all(span[1] + 6 <= a or b + 6 <= span[0] for a, b in lanes[lane]):
                lanes[lane].append(span)
                labelled[i] = (lane, text, anchor_right)
                break
    marks = []
    for i, r in enumerate(placed):
        left, right = x(r.start), x((r.end or r.start) + dt.timedelta(days=1))
        band = Rect(_r(left), top, _r(max(right - left, 4)), base - top, r.kind)
        if i not in labelled:
            marks.append(RoundMark(r, band, Rect(_r(left - 1), base + 2, 3, 7, r.kind), None, None))
            continue
        lane, text, anchor_right = labelled[i]
        y = lane_top + lane * lane_h
        marker = Rect(_r(left - 1), _r(y - 10), 4, 12, r.kind)
        label_x = left - 6 if anchor_right else left + 7
        label = Label(_r(label_x), _r(y), text, "end" if anchor_right else "start")
        leader = Line(_r(left + 1), base + 2, _r(left + 1), _r(y - 12))
        marks.append(RoundMark(r, band, marker, label, leader))
    height = lane_top + max(len(lanes), 1) * lane_h - 8
    return TimelineLayout(width, _r(height), tuple(gridlines), Line(x0, base, x1, base), tuple(ticks),
                          tuple(bars), tuple(marks))


def _narrow(first, end, total, step, bins, peak, months, placed, round_label, month_label, year_label) -> TimelineLayout:
    width, axis_x, bar_max = 340.0, 52.0, 96.0
    top = 12.0
    per_day = max(1.6, 320 / total)
    bottom = top + total * per_day

    def y(day: dt.date) -> float:
        return top + (day - first).days * per_day

    gridlines, ticks = [], []
    for i, m in enumerate(months):
        gridlines.append(Line(axis_x, _r(y(m)), width - 4, _r(y(m))))
        ticks.append(Label(axis_x - 7, _r(y(m) + 15), month_label(m), "end"))
        if i == 0 or m.month == 1:
            ticks.append(Label(axis_x - 7, _r(y(m) + 31), year_label(m), "end", strong=True))
    bars = []
    for i in sorted({i for i, _ in bins}):
        top_y = top + i * step * per_day
        h = max(min(step * per_day, bottom - top_y) - 1, 1.2)
        x = axis_x + 1
        for estimated in (False, True):
            n = bins[(i, estimated)]
            if n:
                w = max(bar_max * n / peak, 3)
                bars.append(Rect(_r(x), _r(top_y), _r(w), _r(h), "estimated" if estimated else "dated"))
                x += w
    marker_x, label_x = axis_x + bar_max + 14, axis_x + bar_max + 25
    # A label sits beside its round, or a little lower when that place is taken; else none.
    taken: list[tuple[float, float]] = []
    baselines = {}
    for i in _by_label_priority(placed):
        start = y(placed[i].start)
        for shift in (0, 9, 18, 27, 36):
            baseline = start + 11 + shift
            box = (baseline - 13, baseline + 4)
            if all(box[1] <= a or b <= box[0] for a, b in taken):
                taken.append(box)
                baselines[i] = baseline
                break
    marks = []
    for i, r in enumerate(placed):
        start, stop = y(r.start), y((r.end or r.start) + dt.timedelta(days=1))
        band = Rect(axis_x + 1, _r(start), bar_max + 10, _r(max(stop - start, 4)), r.kind)
        marker = Rect(marker_x, _r(start), 5, _r(max(stop - start, 5)), r.kind)
        if i not in baselines:
            marks.append(RoundMark(r, band, marker, None, None))
            continue
        baseline = baselines[i]
        leader = None
        if baseline > start + 14:
            leader = Line(marker_x + 5, _r(start + 2), label_x - 3, _r(baseline - 4))
        marks.append(RoundMark(r, band, marker, Label(label_x, _r(baseline), round_label(r)), leader))
    last_bottom = max(baselines.values(), default=0)
    height = max(bottom, last_bottom + 8) + 6
    return TimelineLayout(width, _r(height), tuple(gridlines), Line(axis_x, top, axis_x, _r(bottom)), tuple(ticks),
                          tuple(bars), tuple(marks))


# -- a person's companions --------------------------------------------------------


@dataclass(frozen=True)
class Companion:
    person: Person
    shared: int
    x: float
    y: float
    label_x: float
    label_y: float
    path: str  # the link from the person, as an SVG path
    stroke: float


@dataclass(frozen=True)
class CompanionChart:
    width: float
    height: float
    cx: float
    cy: float
    companions: tuple[Companion, ...]


def companion_chart(companions: Iterable[tuple[Person, int]]) -> CompanionChart | None:
    """A fan from the person to the people they appear with, thicker for more shared articles."""
    pairs = list(companions)
    if not pairs:
        return None
    row, pad = 34.0, 10.0
    height = max(len(pairs) * row + 2 * pad, 64.0)
    cx, cy, nx = 18.0, height / 2, 116.0
    most = max(n for _, n in pairs)
    out = []
    for i, (person, shared) in enumerate(pairs):
        ny = pad + row / 2 + i * row
        mid = (cx + nx) / 2
        path = f"M{_r(cx)},{_r(cy)} C{_r(mid)},{_r(cy)} {_r(mid)},{_r(ny)} {_r(nx)},{_r(ny)}"
        out.append(Companion(person, shared, nx, _r(ny), nx + 14, _r(ny + 5), path, _r(1.5 + 5.5 * shared / most)))
    return CompanionChart(360.0, _r(height), cx, _r(cy), tuple(out))


# -- tariff rates over time ---------------------------------------------------------


@dataclass(frozen=True)
class RatePoint:
    """A mention of a rate: where it is drawn, and what it stands for (`item`, for the template)."""

    x: float
    y: float
    value: float
    day: dt.date
    item: object


@dataclass(frozen=True)
class RatesChart:
    width: float
    height: float
    gridlines: tuple[Line, ...]
    axis: Line
    y_ticks: tuple[Label, ...]
    x_ticks: tuple[Label, ...]
    points: tuple[RatePoint, ...]
    top: float  # the highest rate the scale reaches, in percent


def rates_chart(mentions: Iterable[tuple[dt.date, float, object]], *,
                month_label: Callable[[dt.date], str],
                year_label: Callable[[dt.date], str] = lambda d: str(d.year)) -> RatesChart | None:
    """Rates (percent) mentioned over time, one point per mention; None if there is none.

    Mentions of the same rate on the same day are set side by side, so each stays a point a
    reader can reach. The scale runs from 0 to the next multiple of 10 above the highest rate."""
    items = sorted(mentions, key=lambda m: (m[0], m[1]))
    if not items:
        return None
    width, x0, x1, top_y, base = 640.0, 52.0, 624.0, 14.0, 262.0
    first = items[0][0].replace(day=1)
    end = _next_month(items[-1][0])
    months = _month_starts(first, items[-1][0])
    total = max((end - first).days, 1)
    highest = max(v for _, v, _ in items)
    top = max(10.0, float(-(-highest // 10) * 10))

    def x(day: dt.date) -> float:
        return x0 + (day - first).days * (x1 - x0) / total

    def y(value: float) -> float:
        return base - value * (base - top_y) / top

    gridlines, y_ticks, x_ticks = [], [], []
    step = 10.0 if top <= 60 else 20.0 if top <= 120 else float(-(-top // 50) * 10)
    value = 0.0
    while value <= top:
        gridlines.append(Line(x0, _r(y(value)), x1, _r(y(value))))
        y_ticks.append(Label(x0 - 8, _r(y(value) + 4), f"{value:g}%", "end"))
        value += step
    month_px = (x1 - x0) * 30.4 / total
    every = 1
    while month_px * every < 34:
        every += 1
    for i, m in enumerate(months):
        if i % every == 0:
            x_ticks.append(Label(_r(x(m)), base + 20, month_label(m)))
        if i == 0 or m.month == 1:
            x_ticks.append(Label(_r(x(m)), base + 38, year_label(m), strong=True))
    points, taken = [], Counter()
    for day, value, item in items:
        n = taken[(day, value)]
        taken[(day, value)] += 1
        # Side by side, alternately right and left of the day.
        shift = ((n + 1) // 2) * 9 * (1 if n % 2 else -1)
        points.append(RatePoint(_r(min(max(x(day) + shift, x0 + 4), x1 - 4)), _r(y(value)), value, day, item))
    return RatesChart(width, base + 50, tuple(gridlines), Line(x0, base, x1, base), tuple(y_ticks), tuple(x_ticks),
                      tuple(points), top)
