"""Stage 3, organizations: the known ones named in an article."""
from __future__ import annotations

from site_builder.extract import find_organizations

from helpers import parse


class TestOrganizations:
    def test_organizations(self, lexicon):
        text = "Với Lockheed Martin, SpaceX và Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam (Petrovietnam)."
        assert parse(text, lexicon).facts.organizations == ("Lockheed Martin", "SpaceX", "Petrovietnam")

    def test_english_names_and_other_cases_of_a_known_organization(self, lexicon):
        text = ("The Ministry of Industry and Trade, the WTO and Hiệp hội Dệt May Việt Nam (Vitas) met "
                "Petrovietnam, EVN, Vietnam Airlines and Vietjet. Bộ Công thương cho biết.")
        found = parse(text, lexicon).facts.organizations
        assert found == ("Bộ Công Thương", "Tổ chức Thương mại Thế giới (WTO)", "Hiệp hội Dệt may Việt Nam (Vitas)",
                         "Petrovietnam", "Tập đoàn Điện lực Việt Nam (EVN)", "Vietnam Airlines", "Vietjet")

    def test_case_rules(self):
        from site_builder.extract import Lexicon
        from site_builder.registry import OrganizationEntry, Registry

        lexicon = Lexicon(Registry(organizations=(
            OrganizationEntry("Chính phủ Việt Nam", ("Chính phủ",)), OrganizationEntry("Apple"),
            OrganizationEntry("Cơ quan Thương mại Quốc tế Hoa Kỳ"))))
        text = ("Chính phủ giao nhiệm vụ; các chính phủ khác theo dõi; apple và Apple; "
                "cơ quan Thương mại quốc tế Hoa Kỳ.")
        assert parse(text, lexicon).facts.organizations == (
            "Chính phủ Việt Nam", "Apple", "Cơ quan Thương mại Quốc tế Hoa Kỳ")
        # One occurrence each: the lower-case "chính phủ" and "apple" are not names.
        assert [start for _, start in find_organizations(text, lexicon)] == [0, text.index("Apple"),
                                                                           text.index("cơ quan")]

    def test_the_longest_name_wins_and_a_name_ends_at_a_word_boundary(self):
        from site_builder.extract import Lexicon
        from site_builder.registry import OrganizationEntry, Registry

        lexicon = Lexicon(Registry(organizations=(
            OrganizationEntry("Bộ Thương mại"), OrganizationEntry("Bộ Thương mại Hoa Kỳ"), OrganizationEntry("EVN"))))
        text = "Bộ Thương mại Hoa Kỳ và Bộ Thương mại; EVNGENCO và EVN."
        assert find_organizations(text, lexicon) == [
            ("Bộ Thương mại Hoa Kỳ", 0), ("Bộ Thương mại", text.index("Bộ", 1)), ("EVN", text.rindex("EVN"))]

    def test_an_organization_is_never_a_person(self, lexicon):
        text = "Theo Wedbush Securities và Vietnam Airlines, ông Trump đã đăng trên Truth Social."
        facts = parse(text, lexicon).facts
        assert [p.name for p in facts.people] == ["Donald Trump"]
        assert {"Wedbush Securities", "Vietnam Airlines", "Truth Social"} <= set(facts.organizations)


class TestOrganizationsBesideTitles:
    def test_a_department_an_agency_and_a_renamed_federation(self, lexicon):
        text = ("Vụ trưởng Vụ Thị trường châu Á - châu Phi (Bộ Công Thương) Trần Văn Lộc tiếp ông Sato Ichiro, "
                "Trưởng đại diện Tổ chức Xúc tiến Thương mại Nhật Bản (JETRO) tại Hà Nội. Liên đoàn Thương mại "
                "và Công nghiệp Việt Nam cũng tham dự.")
        facts = parse(text, lexicon).facts
        assert facts.organizations == ("Vụ Thị trường châu Á - châu Phi", "Bộ Công Thương",
                                       "Tổ chức Xúc tiến Thương mại Nhật Bản (JETRO)",
                                       "Phòng Thương mại và Công nghiệp Việt Nam (VCCI)")
        assert [p.name for p in facts.people] == ["Trần Văn Lộc", "Sato Ichiro"]

    def test_an_employer_the_registry_does_not_know_is_neither_a_person_nor_guessed(self, lexicon):
        facts = parse("An analyst at Lakeview Crest Advisory said the rate was better than feared.", lexicon).facts
        assert facts.people == () and facts.organizations == ()
