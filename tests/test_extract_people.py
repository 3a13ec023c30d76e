"""Stage 3, people: names, titles, roles and sides."""
from __future__ import annotations

import re

import pytest

from site_builder.extract import people as people_module

from helpers import grows_linearly, lines_run, parse


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

    def test_quoted_analysts_are_on_neither_side(self):
        text = ("Dan Ives, Trưởng bộ phận nghiên cứu công nghệ toàn cầu tại Wedbush Securities, nhận xét rằng "
                "thị trường sẽ còn giảm.\nMichael Ball, Chiến lược gia tại Bloomberg Economics, thì lưu ý rằng "
                "biến động còn kéo dài.")
        people = people_of(text)
        assert list(people) == ["Dan Ives", "Michael Ball"]
        assert people["Michael Ball"].roles == ("Chiến lược gia tại Bloomberg Economics",)
        # Analysts sit at neither side of the table: `other`, not unknown.
        assert people["Dan Ives"].side == "other" and people["Michael Ball"].side == "other"


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
        people = people_of("Ông Lê Văn Bình, Giám đốc Tập đoàn Công nghiệp - Năng lượng Quốc gia, cho biết.")
        assert people["Lê Văn Bình"].roles == ("Giám đốc Tập đoàn Công nghiệp - Năng lượng Quốc gia",)

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
        people = people_of("Đoàn do ông Suzuki Taro, Trưởng đại diện Cơ quan Xúc tiến Đầu tư (JIPA) tại Hà Nội, dẫn đầu.")
        assert people["Suzuki Taro"].roles == ("Trưởng đại diện Cơ quan Xúc tiến Đầu tư (JIPA) tại Hà Nội",)

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
    def test_an_analyst_with_a_vietnamese_name_is_on_neither_side(self, text, name):
        assert people_of(text)[name].side == "other"

    @pytest.mark.parametrize("text,name", [
        ("Ông Nguyễn Văn Hùng, chuyên gia Bộ Tài chính, cho biết.", "Nguyễn Văn Hùng"),
        ("Ông Nguyễn Văn Hùng cho biết thêm.", "Nguyễn Văn Hùng"),
        ("Nhà kinh tế Việt Nam Lê Văn Tú cho biết.", "Lê Văn Tú"),
    ])
    def test_a_government_body_a_country_or_no_role_still_gives_the_side(self, text, name):
        assert people_of(text)[name].side == "Việt Nam"


def test_find_people_stays_linear_on_a_long_line(lexicon):
    """No per-article compilation and nothing quadratic: a 4-fold text takes about 4 times the work."""
    from site_builder.extract import find_people

    unit = ("Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên gặp US Secretary of Commerce Howard W. Lutnick, "
            "Mr. Ta Hoang Linh - Director of the Department, và ông Trần Văn Bình; ")
    grows_linearly(lambda n: lines_run(lambda: find_people(unit * n, lexicon), people_module), 50)


def test_roles_from_titles_without_a_name_stay_linear_in_a_long_article(lexicon):
    """Each title asks whether a name lies inside its phrase: by bisection, not by a pass over
    every name of the article (which made a long article cost titles × names)."""
    from site_builder.extract import find_people

    def article(n: int) -> str:
        return "\n".join(
            f"Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên làm việc với ông {SURNAMES_USED[k % 5]} Văn "
            f"{GIVEN_USED[k % 7]}. Thứ trưởng Bộ Công Thương nhấn mạnh hai bên đã thu hẹp khoảng cách. "
            f"Dự họp có các đồng chí Ủy viên Bộ Chính trị: Đại tướng Phan Văn Giang, Bộ trưởng Bộ Quốc phòng. "
            f"Ông Lê Văn An được bổ nhiệm giữ chức Thứ trưởng Bộ Tài chính." for k in range(n))

    grows_linearly(lambda n: lines_run(lambda: find_people(article(n), lexicon), people_module), 40)


SURNAMES_USED = ("Trần", "Lê", "Phạm", "Hoàng", "Vũ")
GIVEN_USED = ("Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam")


class TestRoleGrammar:
    """A role is the position the text gives: a short noun phrase, never a clause (README, "People and roles")."""

    def test_each_person_of_a_list_keeps_their_own_title(self):
        people = people_of("Bộ trưởng Bộ Công Thương Nguyễn Văn An, Thứ trưởng Bộ Ngoại giao Trần Thị Bích và "
                           "Đại sứ Lê Văn Cường đã tiếp đoàn.")
        assert {n: p.roles for n, p in people.items()} == {
            "Nguyễn Văn An": ("Bộ trưởng Bộ Công Thương",), "Trần Thị Bích": ("Thứ trưởng Bộ Ngoại giao",),
            "Lê Văn Cường": ("Đại sứ",)}

    def test_a_list_with_semicolons_and_appositives(self):
        people = people_of("Ông Nguyễn Văn Bình, Bí thư Thành ủy Hà Nội, Trưởng ban Tổ chức Trung ương Lê Minh Hưng "
                           "và ông Phạm Gia Túc, Bí thư Trung ương Đảng, Chánh Văn phòng Trung ương Đảng dự.")
        assert {n: p.roles for n, p in people.items()} == {
            "Nguyễn Văn Bình": ("Bí thư Thành ủy Hà Nội",), "Lê Minh Hưng": ("Trưởng ban Tổ chức Trung ương",),
            "Phạm Gia Túc": ("Bí thư Trung ương Đảng", "Chánh Văn phòng Trung ương Đảng")}

    def test_a_title_given_once_before_a_colon_belongs_to_everyone_listed(self):
        people = people_of("Tham dự có các đồng chí Ủy viên Bộ Chính trị: Đại tướng Phan Văn Giang, Bộ trưởng Bộ Quốc "
                           "phòng; Đại tướng Lương Tam Quang, Bộ trưởng Bộ Công an. Ông Trần Văn Sơn cũng có mặt.")
        assert people["Phan Văn Giang"].roles == ("Ủy viên Bộ Chính trị", "Đại tướng", "Bộ trưởng Bộ Quốc phòng")
        assert people["Lương Tam Quang"].roles == ("Ủy viên Bộ Chính trị", "Đại tướng", "Bộ trưởng Bộ Công an")
        assert people["Trần Văn Sơn"].roles == ()   # after the sentence ends

    def test_a_verb_of_office_gives_the_title_after_it(self):
        people = people_of("Ngày 12/4/2025, ông Ngô Văn Hải, lúc đó giữ cương vị Bộ trưởng Bộ Tài chính, được giao làm "
                           "Trưởng đoàn đàm phán Chính phủ. Đến tháng 12, quyết định đối với ông Ngô Văn Hải được "
                           "công bố; ông chuyển sang đảm nhận cương vị Phó Bí thư Đảng ủy Quốc hội.")
        assert people["Ngô Văn Hải"].roles == ("Bộ trưởng Bộ Tài chính", "Trưởng đoàn đàm phán Chính phủ",
                                               "Phó Bí thư Đảng ủy Quốc hội")

    def test_an_english_verb_of_office(self):
        people = people_of("Le Van Hoa, previously chairman of Petrovietnam, became acting Minister of Industry and "
                           "Trade on Dec. 20.")
        assert people["Le Van Hoa"].roles == ("chairman of Petrovietnam", "acting Minister of Industry and Trade")

    def test_a_nameless_title_completes_the_one_bare_title_of_the_article(self):
        text = ("Thứ trưởng Trần Quốc Phương chủ trì họp báo. Thứ trưởng Bộ Công Thương nhấn mạnh đàm phán cần "
                "cả hai phía. Bộ trưởng Bộ Tài chính cho biết sẽ theo dõi.")
        people = people_of(text)
        assert people["Trần Quốc Phương"].roles == ("Thứ trưởng Bộ Công Thương",)
        # Two people called just "Thứ trưởng": it is not known which is meant.
        people = people_of("Thứ trưởng Trần Quốc Phương và Thứ trưởng Lê Văn Hòa dự họp. Thứ trưởng Bộ Công Thương "
                           "nhấn mạnh đàm phán cần cả hai phía.")
        assert people["Trần Quốc Phương"].roles == ("Thứ trưởng",) and people["Lê Văn Hòa"].roles == ("Thứ trưởng",)

    def test_a_title_opening_the_sentence_before_an_honorific(self):
        people = people_of("Tâm lý đã bớt nặng nề. Giám đốc Công ty TNHH Thủ công mỹ nghệ Phú Vinh ở Chương Mỹ, "
                           "ông Đỗ Văn Thắng, cho biết khách đã chốt đơn.")
        assert people["Đỗ Văn Thắng"].roles == ("Giám đốc Công ty TNHH Thủ công mỹ nghệ Phú Vinh",)
        # Not when the title is the object of "của": whose decision, not his role.
        people = people_of("Theo quyết định của Thủ tướng Chính phủ, ông Ngô Văn Hải được giao nhiệm vụ mới.")
        assert people["Ngô Văn Hải"].roles == ()

    @pytest.mark.parametrize("text,role", [
        ("Trưởng Đoàn đàm phán Chính phủ với Hoa Kỳ Ngô Văn Minh đã triệu tập và chủ trì vào chiều ngày 7/5/2025 "
         "một cuộc họp.", "Trưởng Đoàn đàm phán Chính phủ với Hoa Kỳ"),
        ("Ông Phạm Quang Huy, Thứ trưởng Bộ Ngoại giao Việt Nam ẢNH: TTXVN", "Thứ trưởng Bộ Ngoại giao Việt Nam"),
        ("Tổng Bí thư khả kính của nhân dân Trần Văn Lực đã phát biểu.", "Tổng Bí thư"),
        ("Ông Trần Văn Lực, Bí thư Thành ủy Hà Nội; ông Lê Văn Hòa cùng dự.", "Bí thư Thành ủy Hà Nội"),
        ("Ông Trần Văn Lực, Bộ trưởng Bộ Công Thương, cùng đoàn tiến hành phiên đàm phán tại Washington D.C.",
         "Bộ trưởng Bộ Công Thương"),
    ])
    def test_a_role_stops_at_a_clause_a_caption_praise_or_the_list(self, text, role):
        people = people_of(text)
        name = next(n for n in people if n in ("Ngô Văn Minh", "Phạm Quang Huy", "Trần Văn Lực"))
        assert people[name].roles == (role,)

    @pytest.mark.parametrize("text,role", [
        # the organization by the abbreviation the text gives it
        ("Ông Hoàng Minh Đức, Phó Tổng Thư ký Liên đoàn Thương mại và Công nghiệp Việt Nam (VCCI), nhận xét.",
         "Phó Tổng Thư ký VCCI"),
        # the remit left out
        ("Ông Michael DeSombre, Trợ lý Ngoại trưởng Hoa Kỳ phụ trách các vấn đề Đông Á và Thái Bình Dương, cho biết.",
         "Trợ lý Ngoại trưởng Hoa Kỳ"),
        # the company left out when nothing shorter names it
        ("Ông Lê Mạnh Hùng, Chủ tịch Hội đồng thành viên Tập đoàn Công nghiệp - Năng lượng quốc gia Việt Nam, "
         "được điều chuyển.", "Chủ tịch Hội đồng thành viên"),
        # a second employer is a second role the phrase runs on into
        ("Ông Vũ Đức Giang - Chủ tịch HĐQT Tổng Công ty May Việt Tiến và Tổng Công ty May 10 - kể lại.",
         "Chủ tịch HĐQT Tổng Công ty May Việt Tiến"),
    ])
    def test_a_role_longer_than_twelve_words_is_shortened_to_the_position(self, text, role):
        (person,) = people_of(text).values()
        assert person.roles == (role,)
        assert len(re.findall(r"\w+", role)) <= 12

    def test_two_english_roles_joined_by_and(self):
        people = people_of("Nguyen Sinh Nhat Tan, Deputy Minister of Industry and Trade and deputy head of Vietnam's "
                           "government negotiating delegation, spoke with Deputy USTR Rick Switzer on Oct. 14.")
        assert people["Nguyễn Sinh Nhật Tân"].roles == ("Deputy Minister of Industry and Trade",
                                                       "deputy head of Vietnam's government negotiating delegation")
        assert people["Bryan R. Switzer"].roles == ("Deputy USTR",)
        people = people_of("Acting Industry and Trade Minister Le Van Hoa led the Vietnamese side.")
        assert people["Le Van Hoa"].roles == ("Acting Industry and Trade Minister",)


class TestSidesFromRoles:
    @pytest.mark.parametrize("text,name,side", [
        # a Vietnamese ambassador is on the Vietnamese side wherever posted
        ("Đại sứ Việt Nam tại Hoa Kỳ Nguyễn Quốc Dũng dự lễ.", "Nguyễn Quốc Dũng", "Việt Nam"),
        ("Đại sứ Hoa Kỳ tại Việt Nam Marc Evans Knapper dự lễ.", "Marc Evans Knapper", "Hoa Kỳ"),
        ("Đại sứ Nhật Bản tại Việt Nam Ito Naoki dự lễ.", "Ito Naoki", "other"),
        ("Tổng Giám đốc WTO Ngozi Okonjo-Iweala phát biểu.", "Ngozi Okonjo-Iweala", "other"),
        ("Tom Avery, a senior economist at Northgate Asia Research, said so.", "Tom Avery", "other"),
        # no role and a foreign name: unknown, not guessed
        ("Ông Kenji Watanabe cho rằng doanh nghiệp Nhật muốn đa dạng hóa.", "Kenji Watanabe", None),
    ])
    def test_the_side_a_role_names_first(self, text, name, side):
        assert people_of(text)[name].side == side
