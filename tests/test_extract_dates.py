"""Stage 3, dates: days and spans of days in the text, and front-matter dates."""
from __future__ import annotations

import datetime as dt

import pytest

from site_builder.extract import PartialDate, find_dates, parse_date_value


def dates(text):
    return [(e.start, e.end) for e in find_dates(text)]


def P(y, m, d):
    return PartialDate(y, m, d)


class TestDates:
    @pytest.mark.parametrize("text,expected", [
        ("đã diễn ra ngày 10/11/2025 tại Washington", [(P(2025, 11, 10), P(2025, 11, 10))]),
        ("diễn ra từ ngày 19–22/5/2025 tại", [(P(2025, 5, 19), P(2025, 5, 22))]),
        ("phiên kỹ thuật 12–14/11/2025.", [(P(2025, 11, 12), P(2025, 11, 14))]),
        ("từ 12 - 14/11/2025", [(P(2025, 11, 12), P(2025, 11, 14))]),
        ("vào chiều ngày 12/6 - buổi làm việc cuối cùng", [(P(None, 6, 12), P(None, 6, 12))]),
        ("từ 30/5–2/6/2025", [(P(2025, 5, 30), P(2025, 6, 2))]),
        ("ngày 28/12–2/1/2026", [(P(2025, 12, 28), P(2026, 1, 2))]),
        ("ngày 9 tháng 7 năm 2025", [(P(2025, 7, 9), P(2025, 7, 9))]),
        ("2025-11-12", [(P(2025, 11, 12), P(2025, 11, 12))]),
    ])
    def test_forms(self, text, expected):
        assert dates(text) == expected

    @pytest.mark.parametrize("text", [
        "đứng thứ 11/142 quốc gia", "tỷ lệ 1/2 số phiếu", "ngày 31/2/2025", "Nghị quyết số 68-NQ/TW", "khoảng 20/30",
    ])
    def test_things_that_are_not_dates(self, text):
        assert dates(text) == []

    def test_front_matter_values(self):
        assert parse_date_value("2025-11-12 20:07:36") == dt.date(2025, 11, 12)
        assert parse_date_value(dt.date(2025, 1, 2)) == dt.date(2025, 1, 2)
        assert parse_date_value("15/10/2025") == dt.date(2025, 10, 15)
        assert parse_date_value("31/02/2025") is None
        assert parse_date_value("hôm qua") is None
