"""Stage 3, dates: days and spans of days in the text, and front-matter dates."""
from __future__ import annotations

import datetime as dt

import pytest

from site_builder.extract import PartialDate, find_dates, parse_date_value
from site_builder.extract.dates import is_planned, years_written


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
        # Hyphens, dots, zero-padded months, a time before the date, English.
        ("Tối 7-4, Tổng Bí thư điện đàm", [(P(None, 4, 7), P(None, 4, 7))]),
        ("Chiều ngày 8-10, tại buổi họp báo", [(P(None, 10, 8), P(None, 10, 8))]),
        ("Ngày 26.10, bên lề hội nghị", [(P(None, 10, 26), P(None, 10, 26))]),
        ("diễn ra từ ngày 3 - 5.12 tại Hà Nội", [(P(None, 12, 3), P(None, 12, 5))]),
        ("phiên họp ngày 9-12/06 vừa qua", [(P(None, 6, 9), P(None, 6, 12))]),
        ("21 giờ ngày 6-8 (giờ Việt Nam)", [(P(None, 8, 6), P(None, 8, 6))]),
        ("Ngày 15-11-2025, Văn phòng Bộ cho hay", [(P(2025, 11, 15), P(2025, 11, 15))]),
        ("On November 10, the minister", [(P(None, 11, 10), P(None, 11, 10))]),
        ("talks set for November 12–14, 2025.", [(P(2025, 11, 12), P(2025, 11, 14))]),
        ("from May 19-22 in Washington", [(P(None, 5, 19), P(None, 5, 22))]),
        ("signed on 10 November 2025", [(P(2025, 11, 10), P(2025, 11, 10))]),
        ("In the afternoon of 4.4, taking questions", [(P(None, 4, 4), P(None, 4, 4))]),
    ])
    def test_forms(self, text, expected):
        assert dates(text) == expected

    @pytest.mark.parametrize("text", [
        "đứng thứ 11/142 quốc gia", "tỷ lệ 1/2 số phiếu", "ngày 31/2/2025", "Nghị quyết số 68-NQ/TW", "khoảng 20/30",
        "VN-Index giảm 6.68% trong phiên", "tăng 12-14 điểm", "quý 4/2025", "you may be right", "Nikkei 225 mất 2.5",
    ])
    def test_things_that_are_not_dates(self, text):
        assert dates(text) == []

    def test_front_matter_values(self):
        assert parse_date_value("2025-11-12 20:07:36") == dt.date(2025, 11, 12)
        assert parse_date_value(dt.date(2025, 1, 2)) == dt.date(2025, 1, 2)
        assert parse_date_value("15/10/2025") == dt.date(2025, 10, 15)
        assert parse_date_value("31/02/2025") is None
        assert parse_date_value("hôm qua") is None


class TestPlannedDates:
    """Days written as still to come, and where the years an article writes are read."""

    def test_offsets_point_at_the_date(self):
        (e,) = find_dates("Hai bên gặp nhau on November 10.")
        assert e.text == "November 10" and e.offset == len("Hai bên gặp nhau on ")

    @pytest.mark.parametrize("text,planned", [
        ("phiên đàm phán đầu tiên dự kiến được tổ chức ngày 7/5 tới.", True),
        ("Bộ trưởng sẽ sang Mỹ vào ngày 20/5.", True),
        ("Trước đó, hôm 16/5, hai bộ trưởng đã gặp nhau.", False),
        ("diễn ra từ ngày 12/11 tới ngày 14/11.", False),
        ("Ngày 5/5, Thủ tướng báo cáo Quốc hội.", False),
        ("thấp hơn nhiều so với mức 46% công bố hôm 2-4.", True),
        ("hàng Việt Nam chịu thuế 20% kể từ ngày 7/8.", True),
        ("Vòng đàm phán kết thúc ngày 14/11, so với dự kiến.", False),
    ])
    def test_dates_still_to_come_or_compared_with_are_aside(self, text, planned):
        assert find_dates(text)[0].aside is planned

    def test_is_planned_looks_both_ways(self):
        text = "trước cuộc điện đàm sắp diễn ra"
        assert is_planned(text, text.index("cuộc"), text.index(" sắp"))
        assert not is_planned("hai bên đã điện đàm", 12, 19)

    def test_years_written(self):
        assert years_written("quý I/2025 và năm 2026, không phải 12.2025 hay 20255") == (2025, 2026)
