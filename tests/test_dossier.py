"""Stage 4: slugs, rounds, inferred years, grouping, people and organizations across articles."""
from __future__ import annotations

import datetime as dt
import pytest

from site_builder.registry import Registry, RoundEntry

from site_builder.dossier import assemble
from site_builder.extract import Lexicon

from helpers import dossier_of, grows_linearly, lines_run, parse

D = dt.date


def by_file(dossier):
    return {a.source_file: a for a in dossier.articles}


class TestRounds:
    def test_round_dates_come_from_the_events_its_articles_report(self):
        d = dossier_of({
            "seeds/a.txt": "Vòng đàm phán thứ hai diễn ra từ ngày 19–22/5/2025 tại Washington D.C.\n\nĐoạn hai.",
        }, Registry())
        (r,) = d.rounds
        assert (r.id, r.kind, r.number, r.start, r.end, r.dates_source) == ("vong-2", "round", 2, D(2025, 5, 19),
                                                                             D(2025, 5, 22), "articles")

    def test_a_year_left_out_is_taken_from_the_neighbouring_rounds(self):
        d = dossier_of({
            "seeds/a.txt": "Vòng đàm phán thứ hai diễn ra từ ngày 19–22/5/2025.\n\nĐoạn hai.",
            "seeds/b.txt": "Vòng đàm phán thứ tư diễn ra ngày 2/9/2025.\n\nĐoạn hai.",
            "seeds/c.txt": "Kết quả tại vòng đàm phán lần 3 hôm nay\nĐoạn một.\n\nĐiểm nhấn là cuộc gặp vào chiều ngày 12/6.",
        }, Registry())
        c = by_file(d)["seeds/c.txt"]
        assert (c.date, c.date_source, c.date_estimated, c.round_id) == (D(2025, 6, 12), "text", True, "vong-3")
        assert c.event_dates[0].year_inferred

    def test_with_no_evidence_the_date_stays_partial_and_the_article_undated(self):
        d = dossier_of({"seeds/a.txt": "Cuộc gặp vào chiều ngày 12/6 đã diễn ra tốt đẹp.\n\nĐoạn hai."}, Registry())
        (a,) = d.articles
        assert a.date is None and a.date_source == "none"
        assert a.event_dates[0].start is None and a.event_dates[0].month_day == (6, 12)
        assert d.undated == (a.id,) and d.timeline == ()

    def test_an_article_naming_no_round_joins_the_round_whose_days_hold_it(self):
        registry = Registry(rounds=(RoundEntry("ministerial", 8, start=D(2025, 11, 10), end=D(2025, 11, 10)),))
        d = dossier_of({
            "seeds/near.txt": " date 2025-11-12 Tin đàm phán mới nhất hôm nay\n\nNội dung.",
            "seeds/far.txt": " date 2025-12-20 Tin đàm phán cuối năm nay\n\nNội dung.",
        }, registry)
        articles = by_file(d)
        assert (articles["seeds/near.txt"].round_id, articles["seeds/near.txt"].round_reason) == ("phien-bo-truong-8", "dates")
        assert articles["seeds/far.txt"].round_id is None
        assert [m.key for m in d.timeline] == ["2025-11", "2025-12"]

    def test_a_call_is_its_own_group(self):
        d = dossier_of({"seeds/a.txt": " date 2025-10-16 Tin mới về đàm phán\n\nNgày 15/10, hai bên có cuộc điện đàm trực tuyến."},
                       Registry())
        (r,) = d.rounds
        assert (r.id, r.kind, r.number, r.start) == ("dien-dam-2025-10-15", "call", None, D(2025, 10, 15))
        assert d.articles[0].round_reason == "reported"

    def test_a_report_dated_only_by_publication_joins_a_known_call_of_the_days_before(self):
        registry = Registry(rounds=(RoundEntry("call", None, start=D(2025, 10, 14), end=D(2025, 10, 14)),))
        docs = {"seeds/a.txt": " date 2025-10-15 Tin mới\n\nHai bên vừa có cuộc điện đàm trực tuyến.",
                "seeds/late.txt": " date 2025-10-25 Tin cũ\n\nHai bên vừa có cuộc điện đàm trực tuyến."}
        articles = by_file(dossier_of(docs, registry))
        assert (articles["seeds/a.txt"].round_id, articles["seeds/a.txt"].round_reason) == ("dien-dam-2025-10-14", "reported")
        # Ten days later is another call, on a day the text does not give: no event is made up.
        assert articles["seeds/late.txt"].round_id is None

    @pytest.mark.parametrize("text, kind", [
        ("Việt Nam và Mỹ ra tuyên bố chung về thương mại\n\nNgày 26/10/2025, hai nước ra Tuyên bố chung.", "joint-statement"),
        ("Tổng Bí thư chứng kiến ký kết các thỏa thuận hợp tác\n\nChiều 18/2/2026, tại Washington.", "signing"),
        ("Mỹ miễn thuế đối ứng cho nhiều nông sản\n\nNgày 14/11/2025, Tổng thống ký sắc lệnh.", "tariff-order"),
        ("Thủ tướng gặp Tổng thống Mỹ bên lề hội nghị\n\nNgày 26/10/2025, tại Kuala Lumpur.", "meeting"),
    ])
    def test_one_day_events_are_groups_of_their_own_kind(self, text, kind):
        d = dossier_of({"seeds/a.txt": text}, Registry())
        (r,) = d.rounds
        assert r.kind == kind and r.start == r.end and d.articles[0].round_id == r.id

    def test_an_event_recalled_days_before_the_article_is_background(self):
        registry = Registry(rounds=(RoundEntry("tariff-order", None, start=D(2025, 7, 31), end=D(2025, 7, 31)),))
        docs = {
            "seeds/later.txt": " date 2025-08-07 Họp Chính phủ thường kỳ\n\nBộ Công Thương báo cáo tình hình.\n\n"
                               "Rạng sáng 1/8, Nhà Trắng công bố sắc lệnh điều chỉnh thuế đối ứng.",
            "seeds/news.txt": " date 2025-08-01 Thuế mới\n\nRạng sáng 1/8, Nhà Trắng công bố sắc lệnh điều chỉnh thuế đối ứng.",
        }
        articles = by_file(dossier_of(docs, registry))
        assert articles["seeds/later.txt"].round_id is None
        assert articles["seeds/news.txt"].round_id == "lenh-thue-2025-07-31"

    def test_an_event_still_to_come_is_not_reported(self):
        d = dossier_of({"seeds/a.txt": "Bộ trưởng sẽ điện đàm với người đồng cấp\n\nChiều 4/4/2025, Thứ trưởng chủ trì họp báo."},
                       Registry())
        assert d.rounds == () and d.articles[0].round_id is None

    def test_a_named_round_beats_the_window_of_a_session_two_days_before(self):
        registry = Registry(rounds=(RoundEntry("ministerial", 8, start=D(2025, 11, 10), end=D(2025, 11, 10)),
                                    RoundEntry("round", 5, start=D(2025, 11, 12), end=D(2025, 11, 14))))
        d = dossier_of({"seeds/a.txt": " date 2025-11-12 Tin mới\n\nVòng đàm phán trực tiếp lần thứ 5 bắt đầu hôm nay."},
                       registry)
        assert (d.articles[0].round_id, d.articles[0].round_reason) == ("vong-5", "named")

    def test_only_rounds_and_sessions_take_articles_by_date(self):
        registry = Registry(rounds=(RoundEntry("tariff-order", None, start=D(2025, 9, 5), end=D(2025, 9, 5)),))
        d = dossier_of({"seeds/a.txt": " date 2025-09-08 Doanh nghiệp ứng phó với thuế\n\nNội dung."}, registry)
        assert d.articles[0].round_id is None

    def test_a_window_does_not_grow_from_the_articles_it_takes(self):
        # Round 3 is known only from what one article naming it reports; articles placed by
        # the window must not widen it, or each would pull the next one in.
        docs = {"seeds/r3.txt": "Vòng đàm phán thứ ba kết thúc\n\nVòng đàm phán thứ ba diễn ra từ ngày 9-12/6/2025.",
                **{f"seeds/n{i}.txt": f" date 2025-06-{day} Tin đàm phán\n\nNội dung." for i, day in enumerate((16, 21, 26))}}
        d = dossier_of(docs, Registry())
        articles = by_file(d)
        assert d.round["vong-3"].start == D(2025, 6, 9) and d.round["vong-3"].end == D(2025, 6, 12)
        assert articles["seeds/n0.txt"].round_id == "vong-3"
        assert articles["seeds/n1.txt"].round_id is None and articles["seeds/n2.txt"].round_id is None

    def test_a_round_is_dated_by_the_date_beside_its_name_not_by_the_day_of_the_report(self):
        d = dossier_of({"seeds/a.txt": "Tin họp báo\n\nNgày 5/5/2025, Thủ tướng báo cáo Quốc hội. Vòng đàm phán thứ nhất "
                                      "dự kiến được tổ chức ngày 7/5 tới.",
                        "seeds/b.txt": "Tin đàm phán\n\nChiều 20/5/2025, Bộ Công Thương cho biết vòng đàm phán thứ hai "
                                      "đã diễn ra từ ngày 19–22/5/2025."}, Registry())
        assert d.round["vong-1"].dates_source != "articles"
        r2 = d.round["vong-2"]
        assert (r2.start, r2.end, r2.dates_source) == (D(2025, 5, 19), D(2025, 5, 22), "articles")

    def test_a_day_without_a_year_meets_a_known_round_on_its_month_and_day(self):
        registry = Registry(rounds=(RoundEntry("round", 2, start=D(2025, 5, 19), end=D(2025, 5, 22)),))
        d = dossier_of({"seeds/a.txt": "Đàm phán thương mại\n\nNgày 19/5 là ngày đầu tiên của phiên đàm phán."}, registry)
        (a,) = d.articles
        assert a.round_id == "vong-2" and a.round_reason == "dates"
        assert a.date == D(2025, 5, 19) and a.date_estimated

    def test_rounds_are_ordered_by_date_then_number(self):
        d = dossier_of({
            "seeds/a.txt": "Vòng đàm phán thứ ba diễn ra ngày 9/6/2025.\n\nX.",
            "seeds/b.txt": "Vòng đàm phán thứ nhất diễn ra ngày 9/4/2025.\n\nX.",
            "seeds/c.txt": "Vòng đàm phán thứ năm chưa có ngày.\n\nX.",
        }, Registry())
        assert [r.id for r in d.rounds] == ["vong-1", "vong-3", "vong-5"]


class TestArticles:
    def test_slug_from_front_matter_wins_and_collisions_are_settled_and_reported(self):
        d = dossier_of({
            "seeds/a.md": "---\ntitle: Một tiêu đề\nslug: chung\n---\nA.",
            "seeds/b.md": "---\ntitle: Tiêu đề khác\nslug: chung\n---\nB.",
            "seeds/c.md": "---\ntitle: Đàm phán đối ứng\n---\nC.",
        }, Registry())
        assert sorted(a.slug for a in d.articles) == ["chung", "chung-2", "dam-phan-doi-ung"]
        (problem,) = d.problems
        assert problem.file == "seeds/b.md" and problem.line == 3 and "already used by seeds/a.md" in problem.message

    def test_a_collision_of_slugs_made_from_titles_names_the_title_s_line(self):
        d = dossier_of({
            "seeds/a.txt": " date 2025-05-01 Tin đàm phán mới nhất\n\nA.",
            "seeds/b.md": "---\ndate: 2025-05-02\ntitle: Tin đàm phán mới nhất\n---\nB.",
            "seeds/c.txt": "\n\nTin đàm phán mới nhất\nC.",
            "seeds/d.txt": "Tin đàm phán mới nhất. Bài không có tiêu đề, chỉ có một câu dài.",
        }, Registry())
        lines = {p.file: p.line for p in d.problems if "already used" in p.message}
        assert lines == {"seeds/b.md": 3, "seeds/c.txt": 3, "seeds/d.txt": 1}

    def test_a_suffix_taken_by_a_front_matter_slug_is_skipped(self):
        d = dossier_of({
            "seeds/a.md": "---\ntitle: Tin đàm phán\n---\nA.",
            "seeds/b.md": "---\ntitle: Khác\nslug: tin-dam-phan-2\n---\nB.",
            "seeds/c.md": "---\ntitle: Tin đàm phán\n---\nC.",
            "seeds/d.md": "---\ntitle: Tin đàm phán\n---\nD.",
        }, Registry())
        assert [a.slug for a in sorted(d.articles, key=lambda a: a.source_file)] == [
            "tin-dam-phan", "tin-dam-phan-2", "tin-dam-phan-3", "tin-dam-phan-4"]

    def test_many_articles_titled_alike_take_their_suffixes_in_linear_work(self):
        """Each takes the next suffix, not a walk from -2 past all the others'."""
        from site_builder import dossier
        from site_builder.dossier import _assign_slugs

        lexicon = Lexicon(Registry())
        docs = [parse(f"Tin nhanh về đàm phán\n\nBài số {k}.", lexicon, f"seeds/{k:04d}.txt") for k in range(400)]

        def work(n: int) -> int:
            slugs = {}
            count = lines_run(lambda: slugs.update(_assign_slugs(docs[:n], [])), dossier)
            assert len(set(slugs.values())) == n
            return count

        grows_linearly(work, 50)

    def test_unsafe_slug_is_made_safe(self):
        d = dossier_of({"seeds/a.md": "---\ntitle: X\nslug: ../../etc/passwd\n---\nA."}, Registry())
        assert d.articles[0].url == "bai-viet/etc-passwd.html"
        assert "not a plain ASCII URL segment" in d.problems[0].message

    def test_drafts_are_listed_not_published(self):
        d = dossier_of({"seeds/a.md": "---\ntitle: Nháp\nuse: false\n---\nA.", "seeds/b.md": "---\ntitle: B\n---\nB."},
                       Registry())
        assert [a.title for a in d.articles] == ["B"]
        assert [x.source_file for x in d.drafts] == ["seeds/a.md"]

    def test_timeline_order_with_undated_last(self):
        d = dossier_of({
            "seeds/1.txt": " date 2025-06-01 Tin tháng sáu về đàm phán\n\nA.",
            "seeds/2.txt": "Không có ngày nào trong bài này cả\n\nB.",
            "seeds/3.txt": " date 2025-05-01 Tin tháng năm về đàm phán\n\nC.",
        }, Registry())
        assert [a.source_file for a in d.articles] == ["seeds/3.txt", "seeds/1.txt", "seeds/2.txt"]


class TestPeople:
    def test_people_gather_articles_rounds_quotes_and_companions(self, registry):
        d = dossier_of({
            "seeds/a.txt": "Vòng đàm phán thứ hai diễn ra ngày 19/5/2025 giữa Bộ trưởng Nguyễn Hồng Diên và "
                           "Đại sứ Jamieson Greer.\n\nBộ trưởng Nguyễn Hồng Diên nhấn mạnh: “Việt Nam cam kết "
                           "thúc đẩy cải cách thể chế kinh tế”.",
            "seeds/b.txt": " date 2025-07-01 Tin về cuộc gặp giữa hai trưởng đoàn\n\nÔng Jamieson Greer gặp "
                           "Thứ trưởng Nguyễn Sinh Nhật Tân.",
        }, registry)
        greer = d.person["jamieson-greer"]
        assert greer.side == "Hoa Kỳ" and len(greer.article_ids) == 2 and greer.round_ids == ("vong-2",)
        assert greer.companions == (("nguyen-hong-dien", 1), ("nguyen-sinh-nhat-tan", 1))
        dien = d.person["nguyen-hong-dien"]
        assert dien.quotes and dien.quotes[0][1].startswith("Việt Nam cam kết")
        assert d.round["vong-2"].heads == ("nguyen-hong-dien", "jamieson-greer")


def test_what_did_not_change_is_the_previous_dossier_s_very_object(registry):
    lexicon = Lexicon(registry)
    texts = {
        "seeds/a.txt": "Vòng đàm phán thứ hai diễn ra từ ngày 19–22/5/2025 giữa Bộ trưởng Nguyễn Hồng Diên "
                       "và ông Jamieson Greer.",
        "seeds/b.txt": " date 2025-07-04 Tin về Lockheed Martin\n\nÔng Jamieson Greer nói về Lockheed Martin.",
        "seeds/c.txt": " date 2025-08-01 Tin về dệt may\n\nBộ trưởng Nguyễn Hồng Diên thăm doanh nghiệp.",
    }
    parsed = {name: parse(text, lexicon, name) for name, text in texts.items()}
    first = assemble(list(parsed.values()), registry)
    parsed["seeds/b.txt"] = parse(texts["seeds/b.txt"].replace("Tin về", "Tin mới về"), lexicon, "seeds/b.txt")
    second = assemble(list(parsed.values()), registry, previous=first)
    assert second == assemble(list(parsed.values()), registry), "the same dossier as one assembled afresh"
    old, new = ({a.source_file: a for a in d.articles} for d in (first, second))
    assert new["seeds/a.txt"] is old["seeds/a.txt"] and new["seeds/c.txt"] is old["seeds/c.txt"]
    assert new["seeds/b.txt"] is not old["seeds/b.txt"] and new["seeds/b.txt"].title.startswith("Tin mới")
    people = ({p.id: p for p in d.people} for d in (first, second))
    old_people, new_people = people
    assert new_people["nguyen-hong-dien"] is old_people["nguyen-hong-dien"]  # a and c, unchanged
    assert second.rounds[0] is first.rounds[0]
    # b's new title gave it a new slug: what lists it is new.
    assert new_people["jamieson-greer"] is not old_people["jamieson-greer"]
    (org,) = [o for o in second.organizations if o.id == "lockheed-martin"]
    assert org.article_ids == (new["seeds/b.txt"].id,) and org not in first.organizations


class TestOnePersonOnePage:
    def test_a_name_without_diacritics_shares_the_page_of_the_name_it_stands_for(self):
        d = dossier_of({
            "seeds/vi.txt": "Họp báo của Bộ\n\nChánh Văn phòng Bộ Nguyễn Văn Trung cho biết hai bên đã trao đổi.",
            "seeds/en.txt": "Ministry briefing\n\nDeputy Minister Nguyen Van Trung said the two sides had talked.",
        }, Registry())
        (person,) = [p for p in d.people if "trung" in p.id]
        assert person.name == "Nguyễn Văn Trung" and person.id == "nguyen-van-trung"
        assert len(person.article_ids) == 2
        assert {a.people for a in d.articles} == {("nguyen-van-trung",)}

    def test_names_differing_in_diacritics_stay_apart(self):
        d = dossier_of({
            "seeds/a.txt": "Tin một\n\nThứ trưởng Nguyễn Văn An phát biểu.",
            "seeds/b.txt": "Tin hai\n\nThứ trưởng Nguyễn Văn Ân phát biểu.",
        }, Registry())
        assert {p.id for p in d.people} == {"nguyen-van-an", "nguyen-van-an-2"}


class TestPersonPageRoles:
    def test_the_short_form_an_article_writes_joins_the_registry_s_position(self):
        from site_builder.registry import PersonEntry

        registry = Registry(people=(PersonEntry("Trần Văn Bình", roles=("Tổng Bí thư Đảng Cộng sản Việt Nam",),
                                                side="Việt Nam"),))
        d = dossier_of({
            "seeds/a.txt": " date 2025-04-03 Tin một\n\nTổng Bí thư Trần Văn Bình phát biểu tại hội nghị.",
            "seeds/b.txt": " date 2025-11-20 Tin hai\n\nTổng bí thư  Trần Văn Bình tiếp đoàn doanh nghiệp.",
        }, registry)
        (person,) = d.people
        (role,) = person.roles
        assert role.title == "Tổng Bí thư Đảng Cộng sản Việt Nam"
        assert (role.start, role.end, len(role.article_ids)) == (dt.date(2025, 4, 3), dt.date(2025, 11, 20), 2)
        # Each article keeps the role as it wrote it.
        assert [a.person_roles for a in d.articles] == [((person.id, ("Tổng Bí thư",)),),
                                                         ((person.id, ("Tổng bí thư",)),)]

    def test_an_analyst_with_a_vietnamese_name_is_on_neither_side(self):
        d = dossier_of({
            "seeds/a.txt": "Tin một\n\nÔng Lê Quang Minh, chuyên gia kinh tế tại Viện Nghiên cứu Phát triển, nhận định "
                           "mức thuế mới chưa tạo lợi thế. Thứ trưởng Bộ Tài chính Phạm Văn Hòa cho biết sẽ theo dõi.",
        }, Registry())
        sides = {p.name: p.side for p in d.people}
        assert sides == {"Lê Quang Minh": "other", "Phạm Văn Hòa": "Việt Nam"}

    def test_the_editors_dates_win_over_the_articles(self):
        from site_builder.registry import PersonEntry, RoleEntry

        registry = Registry(people=(PersonEntry("Trần Văn Bình", side="Việt Nam", roles=(
            RoleEntry("Bộ trưởng Bộ Công Thương", dt.date(2021, 4, 8), dt.date(2025, 12, 18)),
            RoleEntry("Phó Bí thư Đảng ủy Quốc hội", dt.date(2025, 12, 18)))),))
        d = dossier_of({
            "seeds/a.txt": " date 2025-05-19 Tin một\n\nBộ trưởng Công thương Trần Văn Bình dẫn đoàn.",
            # Written after the term ended, the old title stretches nothing.
            "seeds/b.txt": " date 2026-01-10 Tin hai\n\nNguyên Bộ trưởng Bộ Công Thương Trần Văn Bình nhớ lại.",
        }, registry)
        (person,) = d.people
        minister, party = person.roles
        assert (minister.title, minister.start, minister.end, minister.registered) == (
            "Bộ trưởng Bộ Công Thương", dt.date(2021, 4, 8), dt.date(2025, 12, 18), True)
        assert len(minister.article_ids) == 2
        assert (party.start, party.end, party.ongoing, party.article_ids) == (dt.date(2025, 12, 18), None, True, ())
        assert person.current_role is party


def test_a_day_without_a_year_takes_it_from_the_dated_articles_beside_it():
    d = dossier_of({
        "seeds/1.txt": " date 2025-11-15 Vòng 5 kết thúc\n\nNội dung.",
        "seeds/2.txt": "Mỹ miễn thuế nông sản\n\nNgày 14/11, sắc lệnh thu hẹp thuế mà ông Trump đưa ra hôm 2/4.",
        "seeds/3.txt": " date 2026-01-29 Họp báo quý IV\n\nNội dung.",
    }, Registry())
    a = by_file(d)["seeds/2.txt"]
    assert [(s.start, s.year_from) for s in a.event_dates] == [(D(2025, 11, 14), "neighbours"), (D(2025, 4, 2), "neighbours")]
    assert a.date == D(2025, 11, 14) and a.date_estimated


def test_a_month_only_prefix_gives_its_year_and_month_to_days_written_alone():
    d = dossier_of({"seeds/a.txt": " date 2025-08 Bộ Công Thương trình phương án\n\n"
                                   "21 giờ ngày 6-8 (giờ Việt Nam), Bộ Công Thương cho biết đã gửi phương án."}, Registry())
    (a,) = d.articles
    assert a.title == "Bộ Công Thương trình phương án"
    assert (a.event_dates[0].start, a.event_dates[0].year_from) == (D(2025, 8, 6), "publication")
    assert a.date == D(2025, 8, 6) and a.date_estimated


class TestYearResolution:
    """A day written without a year takes the one that puts it nearest the article's full dates."""

    def test_the_year_between_two_others_is_found_too(self):
        d = dossier_of({"seeds/a.txt": "Tin đàm phán qua các năm\n\nNgày 1/1/2023 hai bên bắt đầu. Ngày 1/6/2025 "
                                       "vòng đàm phán diễn ra. Chiều ngày 6/6, hai bên họp tiếp. Ngày 1/12/2026 "
                                       "hai bên ký kết."}, Registry())
        (a,) = d.articles
        (day,) = [s for s in a.event_dates if s.year_inferred]
        assert (day.start, day.year_from) == (D(2025, 6, 6), "text")

    def test_its_work_grows_with_the_dates_not_their_square(self, monkeypatch):
        """A long article's days each cost a bisection, not a pass over every other date
        (issue 15: a 4 MB article took 90 s). Counted in calls to `with_year`, not timed."""
        from site_builder.extract import PartialDate

        lexicon = Lexicon(Registry())

        def article(n: int):
            paragraphs = [f"Ngày {1 + k % 27}/{1 + k % 12}/{2024 + k % 2} đoàn đàm phán làm việc. "
                          f"Chiều ngày {1 + (k * 7) % 27}/{1 + (k * 5) % 12}, hai bên họp tiếp." for k in range(n)]
            return parse("Tin đàm phán\n\n" + "\n\n".join(paragraphs), lexicon)

        real = PartialDate.with_year
        calls = [0]

        def counted(self, year):
            calls[0] += 1
            return real(self, year)

        def work(n: int) -> int:
            parsed = article(n)
            assert sum(not e.complete for e in parsed.facts.event_dates) == n
            calls[0] = 0
            monkeypatch.setattr(PartialDate, "with_year", counted)
            try:
                (a,) = assemble([parsed], Registry()).articles
            finally:
                monkeypatch.setattr(PartialDate, "with_year", real)
            assert all(s.start is not None for s in a.event_dates)
            return calls[0]

        small, large = work(50), work(400)
        assert large <= 8 * small * 1.2, (small, large)

    def test_the_rounds_a_long_article_names_are_looked_up_once_not_for_each_day(self, monkeypatch):
        """A day near no round the text names is compared with each named round once, not with
        every mention of it: a long article names the same round on every page."""
        from site_builder.extract import PartialDate

        registry = Registry(rounds=(RoundEntry("round", 6, start=D(2026, 2, 2), end=D(2026, 2, 6)),))
        lexicon = Lexicon(registry)

        def article(n: int):
            return parse("Tin đàm phán thương mại mới\n\nHai bên tiếp tục trao đổi về thuế đối ứng.\n\n" + "\n\n".join(
                f"Chiều ngày {1 + k % 27}/9, hai bên họp lại sau vòng đàm phán thứ sáu." for k in range(n)), lexicon)

        real = PartialDate.with_year
        calls = [0]

        def counted(self, year):
            calls[0] += 1
            return real(self, year)

        def work(n: int) -> int:
            parsed = article(n)
            assert parsed.facts.round_mention is None and len(parsed.facts.other_rounds) == n
            calls[0] = 0
            monkeypatch.setattr(PartialDate, "with_year", counted)
            try:
                assemble([parsed], registry)
            finally:
                monkeypatch.setattr(PartialDate, "with_year", real)
            return calls[0]

        grows_linearly(work, 50)


def test_assembling_a_round_of_many_articles_and_people_grows_with_them():
    """One round of many articles, each naming someone new: assembling them is work per article
    and per person (slugs, years, rounds, people pages), never per pair."""
    from site_builder import dossier

    names = [f"{s} {m} {g}" for s in ("Trần", "Lê", "Phạm", "Hoàng", "Vũ") for m in ("Văn", "Minh", "Quốc", "Đức")
             for g in ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Phong", "Quang", "Sơn", "Tâm")]
    registry = Registry(rounds=(RoundEntry("round", 3, start=D(2025, 6, 9), end=D(2025, 6, 12)),))
    lexicon = Lexicon(registry)
    parsed = [parse(f" date 2025-06-1{k % 3} Vòng đàm phán thứ ba, bài {k}\nVòng đàm phán thứ ba: Thứ trưởng Bộ Công "
                    f"Thương {names[k]} làm việc với đoàn Hoa Kỳ.\n", lexicon, f"seeds/{k:03d}.txt") for k in range(240)]

    def work(n: int) -> int:
        found = []
        count = lines_run(lambda: found.append(assemble(parsed[:n], registry)), dossier)
        (r,) = found[0].rounds
        assert len(r.people) == n
        return count

    grows_linearly(work, 60)


class TestCompanions:
    NAMES = [f"{s} {m} {g}" for s in ("Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
             for m in ("Văn", "Minh", "Quốc", "Đức")
             for g in ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Phong", "Quang", "Sơn", "Tâm")]

    def article(self, n: int, lexicon) -> object:
        return parse("Danh sách đoàn đàm phán\n\n" + "\n\n".join(
            f"Thứ trưởng Bộ Công Thương {name} tham dự." for name in self.NAMES[:n]), lexicon)

    def test_in_an_ordinary_article_everyone_named_is_a_companion(self):
        lexicon = Lexicon(Registry())
        d = assemble([self.article(30, lexicon)], Registry())
        assert all(len(p.companions) == 29 for p in d.people)

    def test_in_a_long_list_the_companions_are_those_named_near_and_the_work_grows_with_it(self):
        from site_builder import dossier
        from site_builder.dossier import COMPANION_REACH

        lexicon = Lexicon(Registry())
        parsed = {n: self.article(n, lexicon) for n in (120, 480)}

        def work(n: int) -> int:
            found = []
            count = lines_run(lambda: found.append(assemble([parsed[n]], Registry())), dossier)
            people = {p.name: p for p in found[0].people}
            assert len(people) == n
            first, middle = people[self.NAMES[0]], people[self.NAMES[n // 2]]
            assert len(first.companions) == COMPANION_REACH and len(middle.companions) == 2 * COMPANION_REACH
            return count

        grows_linearly(work, 120)
