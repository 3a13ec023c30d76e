"""Stage 3, rounds: numbered rounds, ministerial sessions and calls."""
from __future__ import annotations

import pytest

from site_builder.extract import find_rounds, ordinal_value


class TestRounds:
    @pytest.mark.parametrize("words,value", [
        ("8", 8), ("nhất", 1), ("một", 1), ("hai", 2), ("ba", 3), ("tư", 4), ("bốn", 4), ("năm", 5), ("sáu", 6),
        ("bảy", 7), ("tám", 8), ("chín", 9), ("mười", 10), ("mười một", 11), ("mười lăm", 15),
        ("hai mươi mốt", 21), ("đầu tiên", 1),
    ])
    def test_ordinals(self, words, value):
        assert ordinal_value(words) == value

    @pytest.mark.parametrize("text,kind,number", [
        ("Vòng đàm phán thứ hai Hiệp định", "round", 2),
        ("tại vòng đàm phán thương mại song phương lần 3", "round", 3),
        ("Đây là phiên đàm phán trực tiếp cấp Bộ trưởng lần thứ 8 giữa hai nước", "ministerial", 8),
        ("phiên đàm phán cấp kỹ thuật lần thứ hai", "round", 2),
        ("vòng thứ 6", "round", 6),
        ("phiên thứ 6", "round", 6),
        ("vòng đàm phán trực tiếp lần thứ 5", "round", 5),
        ("vòng đàm phán thứ mười một", "round", 11),
        ("Vòng 3: hai bên thống nhất", "round", 3),
        ("cuộc điện đàm lần thứ 2", "call", 2),
    ])
    def test_mentions(self, text, kind, number):
        (m,) = find_rounds(text)
        assert (m.kind, m.number) == (kind, number)

    @pytest.mark.parametrize("text", [
        "cuộc họp thứ 4 của nhóm", "Hội nghị Cấp cao ASEAN lần thứ 47", "vòng đàm phán tiếp theo", "thứ hai tuần sau",
    ])
    def test_ordinals_after_other_words_are_not_rounds(self, text):
        assert find_rounds(text) == []
