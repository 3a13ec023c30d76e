"""Stage 3, rounds: numbered rounds, ministerial sessions and calls."""
from __future__ import annotations

import pytest

from site_builder.extract import find_rounds, ordinal_value
from site_builder.extract.events import is_reference, reported_event


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
        ("Phiên đàm phán lần thứ 2 diễn ra", "round", 2),
        ("the sixth round of talks", "round", 6),
        ("Round 3 of the negotiations", "round", 3),
        ("It was the two sides' eighth ministerial-level direct negotiation", "ministerial", 8),
        ("the 5th negotiating round", "round", 5),
    ])
    def test_mentions(self, text, kind, number):
        (m,) = find_rounds(text)
        assert (m.kind, m.number) == (kind, number)

    @pytest.mark.parametrize("text", [
        "cuộc họp thứ 4 của nhóm", "Hội nghị Cấp cao ASEAN lần thứ 47", "vòng đàm phán tiếp theo", "thứ hai tuần sau",
        "cuộc họp thứ 4 của Thường trực Chính phủ", "the first session of the National Assembly", "the 9th session",
        "kỳ họp thứ 9 Quốc hội khóa XV",
    ])
    def test_ordinals_after_other_words_are_not_rounds(self, text):
        assert find_rounds(text) == []


class TestReferences:
    def test_a_round_after_which_something_happened_is_a_reference(self):
        text = "Việt Nam tăng tốc thương lượng sau vòng đàm phán thứ ba với Mỹ."
        (m,) = find_rounds(text)
        assert is_reference(text, m)
        text = "đối tác quay lại đặt hàng, sau khi Tuyên bố chung ngày 26-10 và vòng đàm phán thứ năm kết thúc."
        assert is_reference(text, find_rounds(text)[0])
        text = "Vòng đàm phán thứ ba kết thúc."
        assert not is_reference(text, find_rounds(text)[0])


class TestReportedEvents:
    @pytest.mark.parametrize("title,lead,kind", [
        ("Thấy gì sau cuộc điện đàm của Tổng Bí thư Tô Lâm với Tổng thống Donald Trump", "", "call"),
        ("", "Hai bên vừa có cuộc điện đàm trực tuyến.", "call"),
        ("Vietnam, US leaders hold phone call", "", "call"),
        ("Việt Nam và Mỹ ra tuyên bố chung về thương mại đối ứng", "", "joint-statement"),
        ("", "What follows is the Joint Statement in full.", "joint-statement"),
        ("Tổng Bí thư chứng kiến ký kết các thỏa thuận trị giá 37,2 tỷ USD", "", "signing"),
        ("Hoa Kỳ hoãn áp thuế, khởi động đàm phán với Việt Nam", "", "tariff-order"),
        ("Tổng thống Trump ký sắc lệnh miễn thuế nông sản", "", "tariff-order"),
        ("Tổng Bí thư tiếp Trưởng đại diện Thương mại Hoa Kỳ", "", "meeting"),
        ("Thủ tướng gặp Tổng thống Mỹ Donald Trump", "", "meeting"),
    ])
    def test_kinds(self, title, lead, kind):
        found = reported_event(title, [(0, lead)])
        assert found == (kind, -1 if title else 0)

    def test_the_block_that_reports_it_is_given(self):
        lead = [(0, "Chiều 8-10, Bộ Công Thương họp báo."), (1, "Trước đó, Nhà Trắng công bố sắc lệnh điều chỉnh thuế.")]
        assert reported_event("", lead) == ("tariff-order", 1)

    @pytest.mark.parametrize("title,kind", [("Trump hails trade deal after call with To Lam", "call"),
                                            ("Mỹ chốt thuế đối ứng 20% với hàng Việt Nam", "tariff-order")])
    def test_more_title_forms(self, title, kind):
        assert reported_event(title, []) == (kind, -1)

    def test_an_agreement_to_finalise_a_statement_is_not_the_statement(self):
        assert reported_event("", [(0, "The two leaders agreed to instruct their teams to finalise a joint statement.")]) is None

    @pytest.mark.parametrize("title,lead", [
        ("Bộ trưởng Bộ Công Thương sẽ điện đàm với người đồng cấp của Mỹ", ""),
        ("", "Theo ông Tân, trước cuộc điện đàm sắp diễn ra, các cơ quan cần chuẩn bị."),
        ("Hai bên tiếp tục đàm phán thuế đối ứng", ""),
        ("Doanh nghiệp gặp khó vì thuế", ""),
        ("Vietnam will hold a phone call next week", ""),
        # A tariff or a meeting in the body is background; only a title reports one.
        ("", "Mỹ áp thuế đối ứng 46% từ tháng 4; Thủ tướng gặp Đại sứ Mỹ."),
    ])
    def test_not_reported(self, title, lead):
        assert reported_event(title, [(0, lead)]) is None
