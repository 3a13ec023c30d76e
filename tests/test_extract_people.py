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


# -- small registries of our own, so these rules do not rest on data/people.yaml ----------

from site_builder.extract import Lexicon  # noqa: E402
from site_builder.registry import OrganizationEntry, PersonEntry, PlaceEntry, Registry  # noqa: E402

SMALL = Lexicon(Registry(
    people=(
        PersonEntry("Nguyễn Hồng Diên", roles=("Bộ trưởng Bộ Công Thương",), side="Việt Nam"),
        PersonEntry("Nguyễn Sinh Nhật Tân", roles=("Thứ trưởng Bộ Công Thương",), side="Việt Nam"),
        PersonEntry("Hồ Đức Phớc", roles=("Phó Thủ tướng",), side="Việt Nam"),
        PersonEntry("Tô Lâm", roles=("Tổng Bí thư",), side="Việt Nam"),
        PersonEntry("Tạ Hoàng Linh", side="Việt Nam"),
        PersonEntry("Jamieson Greer", side="Hoa Kỳ"),
        PersonEntry("Howard Lutnick", side="Hoa Kỳ"),
        PersonEntry("Bryan R. Switzer", aliases=("Rick Switzer",), side="Hoa Kỳ"),
        PersonEntry("Michael DeSombre", aliases=("Michael George DeSombre",), side="Hoa Kỳ"),
        PersonEntry("Bill Hagerty", side="Hoa Kỳ"),
        PersonEntry("Donald Trump", side="Hoa Kỳ"),
    ),
    organizations=(
        OrganizationEntry("Bộ Công Thương", ("Ministry of Industry and Trade",)),
        OrganizationEntry("Wedbush Securities"),
        OrganizationEntry("Bloomberg Economics"),
        OrganizationEntry("Truth Social"),
    ),
    places=(PlaceEntry("Việt Nam"), PlaceEntry("Hoa Kỳ"), PlaceEntry("Mỹ"), PlaceEntry("Hà Nội"),
            PlaceEntry("Washington D.C.", ("Washington",))),
))


def people_of(text, lexicon=SMALL):
    return {p.name: p for p in parse(text, lexicon).facts.people}


class TestNamesAtTheEndOfAClause:
    """Failure class 8: a name a title introduced runs to its last syllable, whatever that syllable means."""

    def test_a_name_before_the_full_stop_keeps_its_last_syllable(self):
        people = people_of("Dự họp có Thứ trưởng Bộ Tài chính Lê Văn Hải và Chánh Văn phòng Bộ Nguyễn Văn Trung.")
        assert set(people) == {"Lê Văn Hải", "Nguyễn Văn Trung"}
        assert people["Nguyễn Văn Trung"].roles == ("Chánh Văn phòng Bộ",)

    def test_two_syllable_names_after_a_long_title(self):
        people = people_of("Cùng dự có Thứ trưởng Bộ Nông nghiệp và Môi trường Lê Hoan; "
                           "Thứ trưởng Bộ Y tế Trần Văn Thuấn.")
        assert set(people) == {"Lê Hoan", "Trần Văn Thuấn"}
        assert people["Lê Hoan"].roles == ("Thứ trưởng Bộ Nông nghiệp và Môi trường",)

    @pytest.mark.parametrize("name", ["Phạm Thành Long", "Đỗ Hoài Nam", "Bùi Quốc Việt", "Lý Minh Trung"])
    def test_syllables_that_are_also_words_do_not_stop_a_name(self, name):
        assert list(people_of(f"Phát biểu tại hội nghị, Phó Cục trưởng {name} cho biết sẽ tiếp tục.")) == [name]

    def test_a_sentence_end_does_not_glue_the_next_sentence_to_a_name(self):
        people = people_of("Bộ trưởng Diên gặp Bộ trưởng Lutnick. Trong cuộc gặp, Bộ trưởng Lutnick khẳng định.")
        assert list(people) == ["Howard Lutnick"] and people["Howard Lutnick"].mentions == 2

    def test_a_list_of_appositive_titles_after_each_name(self):
        people = people_of("Tham dự có: Đại tướng Phan Văn Giang, Bộ trưởng Bộ Quốc phòng; Nguyễn Duy Ngọc, "
                           "Bí thư Thành ủy Hà Nội; Phạm Gia Túc, Bí thư Trung ương Đảng, "
                           "Chánh Văn phòng Trung ương Đảng.")
        assert set(people) == {"Phan Văn Giang", "Nguyễn Duy Ngọc", "Phạm Gia Túc"}
        assert people["Phan Văn Giang"].roles == ("Đại tướng", "Bộ trưởng Bộ Quốc phòng")
        assert people["Nguyễn Duy Ngọc"].roles == ("Bí thư Thành ủy Hà Nội",)
        assert people["Phạm Gia Túc"].roles == ("Bí thư Trung ương Đảng", "Chánh Văn phòng Trung ương Đảng")


class TestEnglishAndNamesWithoutDiacritics:
    """Failure class 9: English titles introduce names; a registry name without its marks is that person."""

    def test_registry_names_without_diacritics_need_no_alias(self):
        people = people_of("Minister of Industry and Trade Nguyen Hong Dien met Party General Secretary To Lam. "
                           "Deputy Prime Minister Ho Duc Phoc also attended.")
        assert list(people) == ["Nguyễn Hồng Diên", "Tô Lâm", "Hồ Đức Phớc"]
        assert people["Nguyễn Hồng Diên"].roles == ("Minister of Industry and Trade",)
        assert people["Tô Lâm"].roles == ("Party General Secretary",)

    def test_short_references_in_english(self):
        text = ("Deputy Minister of Industry and Trade Nguyen Sinh Nhat Tan spoke. \"We are ready,\" Deputy Minister "
                "Nhat Tan said. Party General Secretary To Lam and US Senator Bill Hagerty met; Minister Dien "
                "and Party General Secretary Lam agreed. Hagerty said so.")
        people = people_of(text)
        assert [(p.name, p.mentions) for p in people.values()] == [
            ("Nguyễn Sinh Nhật Tân", 2), ("Tô Lâm", 2), ("Bill Hagerty", 2)]

    def test_english_titles_introduce_unknown_people_with_their_side(self):
        people = people_of("US Senator Mark Warner and Deputy Minister of Finance Nguyen Van Binh met Director "
                           "Tran Thi Mai. Vietnamese Deputy Prime Minister Le Van Thanh also attended.")
        assert set(people) == {"Mark Warner", "Nguyen Van Binh", "Tran Thi Mai", "Le Van Thanh"}
        assert people["Mark Warner"].roles == ("US Senator",) and people["Mark Warner"].side == "Hoa Kỳ"
        assert people["Nguyen Van Binh"].side == "Việt Nam"
        assert people["Le Van Thanh"].roles == ("Vietnamese Deputy Prime Minister",)

    def test_an_honorific_and_an_appositive_in_english(self):
        text = ("Mr. Ta Hoang Linh - Director of the Department of Foreign Market Development, Ministry of "
                "Industry and Trade voiced concern. Director Ta Hoang Linh added more.")
        people = people_of(text)
        assert list(people) == ["Tạ Hoàng Linh"]
        assert people["Tạ Hoàng Linh"].roles == ("Director of the Department of Foreign Market Development",)

    def test_english_roles_and_sides(self):
        people = people_of("US Secretary of Commerce Howard W. Lutnick and US Trade Representative Ambassador "
                           "Jamieson L. Greer met Deputy Minister of Industry and Trade Pham Van Son.")
        assert people["Howard Lutnick"].roles == ("US Secretary of Commerce",)
        assert people["Jamieson Greer"].roles == ("US Trade Representative", "Ambassador")
        assert people["Pham Van Son"].side == "Việt Nam"

    def test_a_name_without_diacritics_is_the_same_person_as_the_name_with_them(self):
        people = people_of("Thứ trưởng Bộ Tài chính Trần Quốc Phương phát biểu.\n\n"
                           "Deputy Minister Tran Quoc Phuong said the talks went well.")
        assert list(people) == ["Trần Quốc Phương"] and people["Trần Quốc Phương"].mentions == 2

    def test_a_garbled_name_with_a_registry_persons_position_is_that_person(self):
        # A typo or a machine-translated syllable: same given name, one more word, same position.
        assert list(people_of("Heading the delegation is Minister of Industry and Trade Trần Hồng Diên.")) == [
            "Nguyễn Hồng Diên"]
        assert list(people_of("Deputy Minister of Industry and Trade Nguyen Birthday Tan replied.")) == [
            "Nguyễn Sinh Nhật Tân"]
        # Another position, or another given name, is somebody else.
        assert list(people_of("Thứ trưởng Bộ Y tế Trần Hồng Diên phát biểu.")) == ["Trần Hồng Diên"]
        assert list(people_of("Bộ trưởng Bộ Công Thương Nguyễn Hồng Minh phát biểu.")) == ["Nguyễn Hồng Minh"]


class TestOnePersonOnePage:
    """Failure class 10: initials, their absence and registry nicknames name one person."""

    @pytest.mark.parametrize("form,name", [
        ("Howard W. Lutnick", "Howard Lutnick"), ("Howard Lutnick", "Howard Lutnick"),
        ("Jamieson L. Greer", "Jamieson Greer"), ("Bryan Switzer", "Bryan R. Switzer"),
        ("Rick Switzer", "Bryan R. Switzer"), ("Michael George DeSombre", "Michael DeSombre"),
    ])
    def test_forms_of_one_name(self, form, name):
        assert list(people_of(f"Ông {form} phát biểu tại cuộc họp.")) == [name]

    def test_ustr_as_a_title(self):
        people = people_of("USTR Jamieson L. Greer and Deputy USTR Rick Switzer met in Washington.")
        assert list(people) == ["Jamieson Greer", "Bryan R. Switzer"]


class TestNotPeople:
    @pytest.mark.parametrize("text", [
        "VN-Index giảm 6,68%, Nikkei 225 giảm 2,77%, theo Wedbush Securities và Bloomberg Economics.",
        "Bộ trưởng Bộ Công Thương cho biết sẽ tiếp tục đàm phán.",
        "Thủ tướng Chính phủ đã chỉ đạo các bộ, ngành.",
        "Ông Trump công bố thỏa thuận qua mạng xã hội Truth Social ngay sau cuộc điện đàm.",
        "Speaking in Ha Noi on Thursday, the Minister said the talks were going well.",
        "The Deputy PM met officials of the Ministry of Industry and Trade in Washington.",
    ])
    def test_no_person(self, text):
        assert set(people_of(text)) <= {"Donald Trump"}

    def test_quoted_analysts_are_people_of_no_side(self):
        text = ("Dan Ives, Trưởng bộ phận nghiên cứu công nghệ toàn cầu tại Wedbush Securities, nhận xét rằng "
                "thị trường sẽ còn giảm.\nMichael Ball, Chiến lược gia tại Bloomberg Economics, thì lưu ý rằng "
                "biến động còn kéo dài.")
        people = people_of(text)
        assert list(people) == ["Dan Ives", "Michael Ball"]
        assert people["Michael Ball"].roles == ("Chiến lược gia tại Bloomberg Economics",)
        assert people["Dan Ives"].side is None and people["Michael Ball"].side is None


class TestRoles:
    def test_roles_are_trimmed_to_the_position(self):
        text = ("Ông Nguyễn Văn An, Trưởng đoàn đàm phán Chính phủ đã triệu tập cuộc họp.\n\n"
                "Ông Tô Lâm, Tổng Bí thư khả kính của Đảng Cộng sản Việt Nam, phát biểu.\n\n"
                "Trưởng Đại diện Thương mại Mỹ (USTR) Jamieson Greer cũng có mặt.")
        people = people_of(text)
        assert people["Nguyễn Văn An"].roles == ("Trưởng đoàn đàm phán Chính phủ",)
        assert people["Tô Lâm"].roles == ("Tổng Bí thư",)
        assert people["Jamieson Greer"].roles == ("Trưởng Đại diện Thương mại Mỹ",)

    def test_a_bare_title_is_a_role_an_honorific_is_not(self):
        people = people_of("Tổng thống Donald Trump gặp ông Nguyễn Văn An.")
        assert people["Donald Trump"].roles == ("Tổng thống",)
        assert people["Nguyễn Văn An"].roles == ()

    def test_a_dash_inside_a_name_does_not_cut_the_role(self):
        people = people_of("Ông Lê Văn Bình, Chủ tịch Hội đồng thành viên Tập đoàn Công nghiệp - Năng lượng "
                           "Quốc gia Việt Nam, cho biết.")
        assert people["Lê Văn Bình"].roles == (
            "Chủ tịch Hội đồng thành viên Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam",)

    @pytest.mark.parametrize("text,name,side", [
        ("Đại sứ Việt Nam tại Hoa Kỳ Nguyễn Văn Bảo phát biểu.", "Nguyễn Văn Bảo", "Việt Nam"),
        ("Đại sứ Hoa Kỳ tại Việt Nam Brian Reed phát biểu.", "Brian Reed", "Hoa Kỳ"),
        ("US Secretary of State Anna Lee spoke.", "Anna Lee", "Hoa Kỳ"),
        ("Deputy Minister of Industry and Trade Pham Van Son spoke.", "Pham Van Son", "Việt Nam"),
    ])
    def test_the_side_a_role_names_first(self, text, name, side):
        assert people_of(text)[name].side == side


class TestEmployersAndAppositives:
    """A title followed by at/of/tại/của names where the person works; the person is the name before."""

    def test_an_english_appositive_with_an_article_gives_the_person_and_the_role(self):
        people = people_of('"Rates matter less now," said Laura Pennington, a trade analyst at Lakeview Crest Advisory '
                           'in Singapore. "Rules of origin matter more," said Tom Avery, a senior economist at '
                           'Northgate Asia Research.')
        assert list(people) == ["Laura Pennington", "Tom Avery"]
        assert people["Laura Pennington"].roles == ("trade analyst at Lakeview Crest Advisory",)
        assert people["Tom Avery"].roles == ("senior economist at Northgate Asia Research",)

    @pytest.mark.parametrize("text", [
        "An analyst at Lakeview Crest Advisory expects more talks.",
        "A senior economist at Northgate Asia Research expects more talks.",
        "Theo chuyên gia tại Quỹ Đầu tư Minh Long Capital, thị trường sẽ hồi phục.",
    ])
    def test_the_employer_after_a_title_is_no_person(self, text):
        assert list(people_of(text)) == []

    def test_a_vietnamese_appositive_keeps_an_abbreviation_inside_the_role(self):
        people = people_of("Đoàn do ông Suzuki Taro, Trưởng đại diện Tổ chức Xúc tiến Đầu tư Nhật Bản (JIPA) "
                           "tại Hà Nội, dẫn đầu.")
        assert people["Suzuki Taro"].roles == ("Trưởng đại diện Tổ chức Xúc tiến Đầu tư Nhật Bản (JIPA) tại Hà Nội",)

    def test_a_dash_and_a_parent_body_inside_the_title_before_a_name(self):
        people = people_of("Phó Vụ trưởng Vụ Thị trường châu Âu - châu Mỹ (Bộ Công Thương) Lê Văn Sơn cho biết "
                           "hai bên sẽ tiếp tục trao đổi.")
        assert list(people) == ["Lê Văn Sơn"]
        assert people["Lê Văn Sơn"].roles == ("Phó Vụ trưởng Vụ Thị trường châu Âu - châu Mỹ",)
        assert people["Lê Văn Sơn"].side == "Việt Nam"

    def test_a_bracket_of_something_else_still_ends_the_title(self):
        assert list(people_of("Vụ trưởng (theo thông cáo báo chí phát đi chiều qua) Lê Văn Sơn cho biết.")) == []


class TestTitlesBeforeTitles:
    def test_deputy_and_a_portfolio_before_minister_are_one_title(self):
        people = people_of("Deputy Foreign Minister Le Thi Thu Hang met Vice Chairman Tran Van Kien and "
                           "Communist Party General Secretary To Lam.")
        assert people["Le Thi Thu Hang"].roles == ("Deputy Foreign Minister",)
        assert people["Tran Van Kien"].roles == ("Vice Chairman",)
        assert people["Tô Lâm"].roles == ("Communist Party General Secretary",)

    def test_pho_before_any_title_is_a_title(self):
        people = people_of("Ông Hoàng Văn Đức, Phó Tổng Thư ký Hiệp hội Thép Việt Nam (VSA), cho biết doanh "
                           "nghiệp đã chuẩn bị. Phó Tổng cục trưởng Trần Thị Lan cũng có mặt.")
        assert people["Hoàng Văn Đức"].roles == ("Phó Tổng Thư ký Hiệp hội Thép Việt Nam",)
        assert people["Trần Thị Lan"].roles == ("Phó Tổng cục trưởng",)


class TestSidesOfAnalysts:
    @pytest.mark.parametrize("text,name", [
        ("Ông Trịnh Văn Lâm, chuyên gia kinh tế, nhận định mức thuế chưa tạo lợi thế.", "Trịnh Văn Lâm"),
        ("Theo TS Đặng Quốc Bảo, chuyên gia kinh tế tại Viện Nghiên cứu Phát triển, thị trường ổn định.",
         "Đặng Quốc Bảo"),
        ("Nhà phân tích Lê Minh Tuấn cho rằng thị trường sẽ hồi phục.", "Lê Minh Tuấn"),
        ("Mr. Tran Van Binh, a senior analyst at Saigon Harbor Securities, said so.", "Tran Van Binh"),
    ])
    def test_an_analyst_with_a_vietnamese_name_is_on_no_side(self, text, name):
        assert people_of(text)[name].side is None

    @pytest.mark.parametrize("text,name", [
        ("Ông Nguyễn Văn Hùng, chuyên gia Bộ Tài chính, cho biết.", "Nguyễn Văn Hùng"),
        ("Ông Nguyễn Văn Hùng cho biết thêm.", "Nguyễn Văn Hùng"),
        ("Nhà kinh tế Việt Nam Lê Văn Tú cho biết.", "Lê Văn Tú"),
    ])
    def test_a_government_body_a_country_or_no_role_still_gives_the_side(self, text, name):
        assert people_of(text)[name].side == "Việt Nam"


def test_find_people_stays_linear_on_a_long_line(lexicon):
    """No per-article compilation and nothing quadratic: a 40-fold text takes about 40 times as long."""
    import time

    from site_builder.extract import find_people

    unit = ("Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên gặp US Secretary of Commerce Howard W. Lutnick, "
            "Mr. Ta Hoang Linh - Director of the Department, và ông Trần Văn Bình; ")
    find_people(unit, lexicon)

    def timed(n):
        start = time.perf_counter()
        find_people(unit * n, lexicon)
        return time.perf_counter() - start

    small, large = min(timed(50) for _ in range(3)), min(timed(2000) for _ in range(3))
    assert large < small * 40 * 3
