"""Stage 3: dates, rounds, people, organizations and quotes of one article."""
from __future__ import annotations

import datetime as dt

import pytest

from site_builder.extract import PartialDate, find_dates, find_rounds, ordinal_value, parse_date_value

from helpers import parse


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


class TestPeople:
    def names(self, text, lexicon):
        return [p.name for p in parse(text, lexicon).facts.people]

    def test_registry_names_and_short_references(self, lexicon):
        text = ("Bộ trưởng Thương mại Hoa Kỳ Howard Lutnick tiếp Bộ trưởng Nguyễn Hồng Diên.\n\n"
                "Bộ trưởng Lutnick khẳng định quan hệ tốt. Ông Diên cảm ơn ông Greer.")
        facts = parse(text, lexicon).facts
        assert [(p.name, p.mentions) for p in facts.people] == [
            ("Howard Lutnick", 2), ("Nguyễn Hồng Diên", 2), ("Jamieson Greer", 1)]

    def test_a_person_the_registry_does_not_know(self, lexicon):
        text = ("Thứ trưởng Bộ Tài chính Trần Quốc Phương và bà Emily Carter, Trợ lý Đại diện Thương mại Hoa Kỳ, "
                "đã gặp nhau. Ông Phương cho biết hai bên sẽ tiếp tục trao đổi.")
        people = {p.name: p for p in parse(text, lexicon).facts.people}
        assert set(people) == {"Trần Quốc Phương", "Emily Carter"}
        assert people["Trần Quốc Phương"].roles == ("Thứ trưởng Bộ Tài chính",)
        assert people["Trần Quốc Phương"].side == "Việt Nam" and people["Trần Quốc Phương"].mentions == 2
        assert people["Emily Carter"].roles == ("Trợ lý Đại diện Thương mại Hoa Kỳ",)
        assert people["Emily Carter"].side == "Hoa Kỳ" and not people["Emily Carter"].known

    def test_western_name_with_an_initial(self, lexicon):
        assert self.names("vừa điện đàm với ông Bryan R. Switzer - Phó Đại diện Thương mại Mỹ.", lexicon) == [
            "Bryan R. Switzer"]
        assert self.names("Phó Đại diện Thương mại Hoa Kỳ John Q. Public phát biểu.", lexicon) == ["John Q. Public"]

    def test_alias_in_another_spelling_and_nfd(self, lexicon):
        import unicodedata

        text = unicodedata.normalize("NFD", "Ông Nguyễn Hồng Diên và Bryan Switzer.")
        assert self.names(text, lexicon) == ["Nguyễn Hồng Diên", "Bryan R. Switzer"]

    @pytest.mark.parametrize("text", [
        "Với Lockheed Martin: tái khẳng định hợp tác.",
        "Trợ lý Ngoại trưởng phụ trách Đông Á và Thái Bình Dương phát biểu.",
        "Bộ trưởng tại Thành phố Hồ Chí Minh cho biết.",
        "Đại sứ quán tại Hà Nội thông báo.",
        "Tổng thống Hàn Quốc",
    ])
    def test_organizations_and_places_are_not_people(self, text, lexicon):
        assert self.names(text, lexicon) == []

    def test_unresolved_short_reference_is_dropped(self, lexicon):
        assert self.names("Ông Sơn cho biết sẽ tiếp tục.", lexicon) == []

    def test_the_place_before_a_name_is_not_part_of_it(self, lexicon):
        assert self.names("Đại sứ Hoa Kỳ tại Việt Nam Brian Reed phát biểu.", lexicon) == ["Brian Reed"]

    def test_organizations(self, lexicon):
        text = "Với Lockheed Martin, SpaceX và Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam (Petrovietnam)."
        assert parse(text, lexicon).facts.organizations == ("Lockheed Martin", "SpaceX", "Petrovietnam")


class TestQuotes:
    def test_quote_with_its_speaker(self, lexicon):
        text = ("Đoạn đầu.\n\nBộ trưởng Nguyễn Hồng Diên nhấn mạnh: “Việt Nam cam kết thúc đẩy cải cách. "
                "Hiệp định sẽ tạo nền tảng vững chắc”.")
        (q,) = parse(text, lexicon).facts.quotes
        assert q.speaker == "Nguyễn Hồng Diên"
        assert q.text == "Việt Nam cam kết thúc đẩy cải cách. Hiệp định sẽ tạo nền tảng vững chắc"

    def test_short_reference_speaker_and_straight_quotes(self, lexicon):
        text = ('Phó Thủ tướng Bùi Thanh Sơn đến dự.\n\nTại cuộc họp, ông Sơn đã kêu gọi doanh nghiệp để hai nước '
                'có thể "sớm ký kết một hiệp định thương mại công bằng".')
        (q,) = parse(text, lexicon).facts.quotes
        assert q.speaker == "Bùi Thanh Sơn"

    def test_scare_quotes_and_unattributed_quotes_are_not_quotes(self, lexicon):
        text = ("Văn kiện được coi là “kim chỉ nam” cho giai đoạn cuối.\n\n"
                "Việt Nam nhấn mạnh nguyên tắc “thực tiễn, linh hoạt và cùng có lợi”.")
        assert parse(text, lexicon).facts.quotes == ()


class TestArticle:
    def test_round_from_the_lead_not_from_later_paragraphs(self, lexicon):
        text = ("Tiêu đề về đàm phán thương mại hôm nay\nVòng đàm phán thứ hai đã kết thúc.\n\nĐoạn hai.\n\n"
                "Chuẩn bị cho vòng đàm phán thứ ba.")
        facts = parse(text, lexicon).facts
        assert (facts.round_mention.kind, facts.round_mention.number) == ("round", 2)
        assert [(m.number, m.block) for m in facts.other_rounds] == [(3, 2)]

    def test_front_matter_round_and_category(self, lexicon):
        assert parse("---\nround: 4\n---\nNội dung.", lexicon, "seeds/a.md").facts.round_mention.number == 4
        facts = parse("---\ncategory: Vòng 7\n---\nNội dung.", lexicon, "seeds/a.md").facts
        assert facts.round_mention.number == 7

    def test_publication_date_sources_and_bad_dates(self, lexicon):
        assert parse("---\ndate: 2025-11-12\n---\nA.", lexicon, "seeds/a.md").facts.published_source == "front_matter"
        facts = parse("---\ntitle: X\ndate: 31/02/2025\n---\nA.", lexicon, "seeds/a.md").facts
        assert facts.published is None
        (problem,) = facts.problems
        assert problem.line == 3 and "31/02/2025" in problem.message

    def test_call_in_the_lead(self, lexicon):
        facts = parse(" date 2025-10-15 Tin mới\n\nHai bên có cuộc điện đàm trực tuyến.", lexicon).facts
        assert facts.reports_call and facts.round_mention is None
