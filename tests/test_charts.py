"""Chart geometry: the home timeline and a person's companions, computed at build time."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from site_builder.charts import companion_chart, timeline_chart

D = dt.date


@dataclass(frozen=True)
class A:  # the fields of an Article the timeline reads
    date: dt.date | None
    date_estimated: bool = False


@dataclass(frozen=True)
class R:  # the fields of a Round the timeline reads
    id: str
    kind: str
    start: dt.date | None
    end: dt.date | None


def chart(articles, rounds=()):
    return timeline_chart(articles, rounds, round_label=lambda r: r.id, month_label=lambda d: f"T{d.month}")


def test_nothing_dated_draws_nothing():
    assert chart([A(None)], [R("x", "round", None, None)]) is None


def test_the_span_runs_from_the_first_to_the_last_whole_month():
    c = chart([A(D(2025, 5, 23)), A(D(2025, 11, 12))], [R("vong-2", "round", D(2025, 5, 19), D(2025, 5, 22))])
    assert (c.first, c.last) == (D(2025, 5, 1), D(2025, 11, 30))
    assert [t.text for t in c.wide.ticks if not t.strong] == ["T5", "T6", "T7", "T8", "T9", "T10", "T11"]
    assert [t.text for t in c.wide.ticks if t.strong] == ["2025"]
    assert len(c.wide.gridlines) == len(c.narrow.gridlines) == 7


def test_bars_count_articles_by_week_and_stack_estimated_ones():
    articles = [A(D(2025, 5, 2)), A(D(2025, 5, 3)), A(D(2025, 5, 4), True), A(D(2025, 11, 20))]
    c = chart(articles)
    assert c.step == 7 and c.peak == 3 and (c.dated, c.estimated) == (3, 1)
    first_week = [b for b in c.wide.bars if b.x == c.wide.bars[0].x]
    assert [b.kind for b in first_week] == ["dated", "estimated"]
    # Stacked: the estimated part sits on the dated part, and the full bar is the tallest.
    dated, estimated = first_week
    assert abs(estimated.y + estimated.height - dated.y) < 0.11
    assert abs(dated.height + estimated.height - 94) < 0.2


def test_a_short_span_is_counted_by_day():
    c = chart([A(D(2025, 5, 2)), A(D(2025, 5, 3))])
    assert c.step == 1 and len(c.wide.bars) == 2


def test_round_labels_do_not_overlap():
    rounds = [R(f"vong-{i}", "round", D(2025, 5, 1) + dt.timedelta(days=2 * i), D(2025, 5, 2) + dt.timedelta(days=2 * i))
              for i in range(6)]
    c = chart([A(D(2025, 5, 1)), A(D(2025, 9, 30))], rounds)
    assert len(c.wide.rounds) == len(c.narrow.rounds) == 6
    lanes = {}
    for m in c.wide.rounds:
        if m.label:
            lanes.setdefault(m.label.y, []).append(m)
    assert 1 < len(lanes) <= 3  # close rounds are spread over lanes
    for marks in lanes.values():
        spans = sorted((m.label.x, m.label.x + len(m.label.text) * 7.4) for m in marks)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    baselines = sorted(m.label.y for m in c.narrow.rounds if m.label)
    assert all(b - a >= 17 for a, b in zip(baselines, baselines[1:]))


def test_a_crowd_of_calls_leaves_the_chart_readable():
    calls = [R(f"dien-dam-{i}", "call", D(2025, 1, 1) + dt.timedelta(days=i), D(2025, 1, 1) + dt.timedelta(days=i))
             for i in range(0, 400)]
    rounds = [R("vong-3", "round", D(2025, 6, 9), D(2025, 6, 12))]
    c = chart([A(D(2025, 1, 1)), A(D(2026, 2, 1))], calls + rounds)
    assert len(c.wide.rounds) == 401  # every round keeps its band
    assert c.wide.height < 260 and c.narrow.height < 900
    # Numbered rounds are labelled before calls.
    (third,) = [m for m in c.wide.rounds if m.round.id == "vong-3"]
    assert third.label is not None
    assert sum(1 for m in c.wide.rounds if m.label) < 100


def test_everything_fits_inside_the_drawing():
    rounds = [R("phien-bo-truong-8", "ministerial", D(2025, 11, 10), D(2025, 11, 10))]
    c = chart([A(D(2025, 5, 2)), A(D(2025, 11, 29))], rounds)
    for layout in (c.wide, c.narrow):
        for b in layout.bars:
            assert 0 <= b.x and b.x + b.width <= layout.width and 0 <= b.y and b.y + b.height <= layout.height
        for m in layout.rounds:
            assert 0 <= m.marker.x <= layout.width and m.label.y <= layout.height
    # A round at the right edge gets its label on its left.
    assert c.wide.rounds[0].label.anchor == "end"


def test_companions_fan_out_thicker_for_more_shared_articles():
    people = ["a", "b", "c"]
    c = companion_chart([(people[0], 4), (people[1], 2), (people[2], 1)])
    assert [x.person for x in c.companions] == people
    assert c.companions[0].stroke > c.companions[1].stroke > c.companions[2].stroke
    assert c.height >= 3 * 34 and all(0 < x.y < c.height for x in c.companions)
    assert companion_chart([]) is None


# -- tariff rates over time --------------------------------------------------------


def test_rates_chart_draws_each_mention_and_keeps_what_it_stands_for():
    from site_builder.charts import rates_chart

    day = dt.date(2025, 4, 3)
    mentions = [(day, 46.0, "a"), (day, 46.0, "b"), (dt.date(2025, 8, 7), 20.0, "c"), (dt.date(2025, 7, 2), 0.0, "d")]
    chart = rates_chart(mentions, month_label=lambda d: f"T{d.month}")
    assert [p.item for p in chart.points] == ["a", "b", "d", "c"]            # in date order
    assert chart.top == 50                                                   # the next ten above 46
    a, b, d, c = chart.points
    assert a.y == b.y and a.x != b.x                                         # the same rate the same day: side by side
    assert c.y < a.y or c.value < a.value
    assert d.y == chart.axis.y1                                              # 0% sits on the axis
    assert all(0 <= p.x <= chart.width and 0 <= p.y <= chart.height for p in chart.points)
    assert [t.text for t in chart.y_ticks] == ["0%", "10%", "20%", "30%", "40%", "50%"]
    assert rates_chart([], month_label=str) is None
