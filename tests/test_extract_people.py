"""Stage 3, people: names, titles, roles and sides."""
from __future__ import annotations

import pytest

from helpers import parse


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
