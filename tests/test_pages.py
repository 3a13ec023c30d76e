"""The plan: every output of the site, with the context each page is rendered from."""
from __future__ import annotations

import datetime as dt

import pytest

from site_builder.pages import Assets, File, Page, date_basis, delegations, plan_assets, plan_site
from site_builder.dossier import listed as listed_view

from helpers import dossier_of

SEEDS = {
    "seeds/1.txt": (
        " date 2025-05-23 Kết thúc vòng đàm phán thứ hai\n"
        "Vòng đàm phán thứ hai diễn ra từ ngày 19–22/5/2025. Bộ trưởng Nguyễn Hồng Diên và Đại sứ Jamieson Greer "
        "dẫn đầu hai đoàn; Thứ trưởng Nguyễn Sinh Nhật Tân cùng tham dự.\n"
    ),
    "seeds/2.txt": (
        "Chuẩn bị cho vòng đàm phán thứ hai\n"
        "Ngày 16/5/2025, Bộ trưởng Nguyễn Hồng Diên họp với các bộ, ngành để chuẩn bị cho vòng đàm phán thứ hai.\n"
    ),
    "seeds/3.txt": (
        " date 2025-06-10 Hai Trưởng đoàn điện đàm\n"
        "Chiều ngày 10/6/2025, Bộ trưởng Nguyễn Hồng Diên đã có cuộc điện đàm với Đại sứ Jamieson Greer.\n"
    ),
    "seeds/4.txt": "Một bài không ghi ngày\nHai bên tiếp tục trao đổi, chưa nêu thời điểm cụ thể.\n",
}


SHOWN_ROUNDS = ["vong-2", "vong-3", "dien-dam-2025-06-10", "phien-bo-truong-8", "vong-5", "vong-6"]


@pytest.fixture(scope="module")
def dossier(registry):
    return dossier_of(SEEDS, registry)


@pytest.fixture(scope="module")
def plan(dossier):
    return {item.path: item for item in plan_site(dossier, Assets((), {}))}


def test_every_article_has_a_page_and_its_source_text(dossier, plan):
    for a in dossier.articles:
        assert isinstance(plan[a.url], Page) and plan[a.url].template == "article.html"
        source = plan[a.original_path]
        assert isinstance(source, File) and source.data == b"\xef\xbb\xbf" + a.original_text.encode("utf-8")


def test_the_plan_has_every_index_and_site_file(plan):
    for path in ("index.html", "vong-dam-phan/index.html", "nhan-vat/index.html", "to-chuc/index.html",
                 "404.html", "feed.xml", "sitemap.xml", "robots.txt", "dossier.json"):
        assert path in plan
    assert "404.html" not in plan["sitemap.xml"].context["paths"]
    assert plan["404.html"].context["absolute_links"] is True


def test_articles_link_to_their_neighbours_in_the_timeline(dossier, plan):
    articles = dossier.articles
    assert [a.title for a in articles][-1] == "Một bài không ghi ngày"  # undated last
    for i, a in enumerate(articles):
        ctx = plan[a.url].context
        # As lists show them: an edit to a neighbour's body leaves the page alone.
        assert ctx["prev"] == (listed_view(articles[i - 1]) if i else None)
        assert ctx["next"] == (listed_view(articles[i + 1]) if i + 1 < len(articles) else None)


def test_rounds_link_to_their_neighbours(dossier, plan):
    rounds = dossier.rounds
    # Rounds 3, 5, 6 and the ministerial session come from data/rounds.yaml, with no article
    # yet; its one-day events (calls, orders …) no article reports are not shown.
    assert [r.id for r in rounds] == SHOWN_ROUNDS
    assert plan[rounds[0].url].context["next"] is rounds[1] and plan[rounds[0].url].context["prev"] is None
    assert plan[rounds[2].url].context["prev"] is rounds[1] and plan[rounds[2].url].context["next"] is rounds[3]
    assert plan[rounds[-1].url].context["next"] is None and plan[rounds[-1].url].context["articles"] == ()


def test_round_articles_are_in_date_order(dossier, plan):
    articles = [e.article for e in plan["vong-dam-phan/vong-2.html"].context["articles"]]
    assert [a.date for a in articles] == sorted(a.date for a in articles)
    assert len(articles) == 2


def test_delegations_put_each_side_s_head_first(dossier):
    r = dossier.round["vong-2"]
    groups = {side: [(p.name, role) for p, role in members] for side, members in delegations(dossier, r)}
    assert groups["Việt Nam"][0][0] == "Nguyễn Hồng Diên"
    assert "Nguyễn Sinh Nhật Tân" in [name for name, _ in groups["Việt Nam"]]
    assert [name for name, _ in groups["Hoa Kỳ"]] == ["Jamieson Greer"]
    # Each with the role the round's articles give them.
    assert all(role for _, role in groups["Việt Nam"] + groups["Hoa Kỳ"])


def test_the_month_pages_list_every_article_once_with_undated_last(dossier, plan):
    ctx = plan["index.html"].context
    months = [plan[m.url].context for m, _ in ctx["months"]]
    undated = plan[ctx["undated_page"]].context
    listed = [e.article.id for page in months for e in page["entries"]] + [e.article.id for e in undated["entries"]]
    assert sorted(listed) == sorted(a.id for a in dossier.articles)
    assert [m.key for m, _ in ctx["months"]] == ["2025-05", "2025-06"]
    assert [n for _, n in ctx["months"]] == [len(page["entries"]) for page in months]
    assert [e.article.title for e in undated["entries"]] == ["Một bài không ghi ngày"] and ctx["undated"] == 1
    # Each month page links the months beside it; the undated page comes after the last.
    assert [(p["prev"] and p["prev"].key, p["next"] and p["next"].key) for p in months] == \
        [(None, "2025-06"), ("2025-05", None)]
    assert undated["prev"].key == "2025-06"


def test_the_home_page_lists_only_the_latest_stories(monkeypatch):
    from site_builder import pages

    months = tuple((key, tuple(f"{key}-{i}" for i in range(n))) for key, n in (("2025-05", 30), ("2025-06", 15),
                                                                                ("2025-07", 10)))
    shown = pages.recent_months(months, 20)
    assert [(m, len(listed), whole) for m, listed, whole in shown] == [("2025-06", 10, False), ("2025-07", 10, True)]
    assert shown[0][1] == months[1][1][-10:]
    assert [m for m, _, _ in pages.recent_months(months, 1000)] == ["2025-05", "2025-06", "2025-07"]


def test_home_keeps_the_latest_and_the_rounds(dossier, plan):
    ctx = plan["index.html"].context
    assert all(e.round is dossier.round.get(e.article.round_id) for e in ctx["latest"])
    assert [c.round.id for c in ctx["rounds"]] == SHOWN_ROUNDS
    assert [p.name for p in ctx["rounds"][0].heads] == ["Nguyễn Hồng Diên", "Jamieson Greer"]


def test_person_page_context(dossier, plan):
    ctx = plan["nhan-vat/nguyen-hong-dien.html"].context
    assert [e.article.date for e in ctx["entries"]] == sorted(e.article.date for e in ctx["entries"])
    assert [r.id for r in ctx["rounds"]] == ["vong-2", "dien-dam-2025-06-10"]
    assert ctx["companions"][0][0].name == "Jamieson Greer" and ctx["companions"][0][1] == 2


def test_an_estimated_date_names_the_event_it_came_from(dossier):
    (a,) = [a for a in dossier.articles if a.title == "Chuẩn bị cho vòng đàm phán thứ hai"]
    assert a.date_estimated and a.date == dt.date(2025, 5, 16)
    assert date_basis(a) == "16/5/2025"
    assert all(date_basis(x) is None for x in dossier.articles if not x.date_estimated)


def test_assets_get_content_hashed_names(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "style.css").write_text("a{}", encoding="utf-8")
    (tmp_path / "css/print.css").write_text("b{}", encoding="utf-8")
    (tmp_path / ".hidden").write_text("x", encoding="utf-8")
    first = plan_assets(tmp_path)
    assert sorted(first.paths) == ["css/print.css", "style.css"]
    assert first.paths["style.css"].startswith("static/style.") and first.paths["style.css"].endswith(".css")
    (tmp_path / "style.css").write_text("a{color:red}", encoding="utf-8")
    assert plan_assets(tmp_path).paths["style.css"] != first.paths["style.css"]
    assert plan_assets(tmp_path).paths["css/print.css"] == first.paths["css/print.css"]


def test_lists_show_each_story_once_under_its_main_article():
    from site_builder.pages import entries
    from site_builder.registry import Registry
    from helpers import dossier_of

    body = ("Ngày 14/11/2025, hai đoàn đàm phán Việt Nam và Hoa Kỳ kết thúc ba ngày làm việc tại Washington, rà soát "
            "từng chương của dự thảo hiệp định, tập trung vào quy tắc xuất xứ, hàng rào kỹ thuật và thương mại số, "
            "và thống nhất giao các nhóm kỹ thuật tiếp tục làm việc trực tuyến để hoàn thiện văn bản.")
    d = dossier_of({"seeds/a.txt": " date 2025-11-15 Tin gốc\n\n" + body + " Hai bên hẹn gặp lại.",
                    "seeds/b.txt": " date 2025-11-16 Tin đăng lại\n\n" + body,
                    "seeds/c.txt": " date 2025-11-16 Tin khác\n\nMột bài viết khác hẳn về giá gạo xuất khẩu."}, Registry())
    main, copy = (next(a for a in d.articles if a.source_file == f) for f in ("seeds/a.txt", "seeds/b.txt"))
    assert copy.copy_of == main.id
    # A list holding both shows the main article once, with the copy beside it.
    listed = entries(d, [a.id for a in d.articles])
    assert [e.article.id for e in listed].count(main.id) == 1 and copy.id not in [e.article.id for e in listed]
    # Lists hold what they show of an article (its `Listed` view), not its body.
    assert next(e for e in listed if e.article.id == main.id).also == (listed_view(copy),)
    # A list holding only the copy (a person only it names) shows the story's main article instead.
    assert [e.article.id for e in entries(d, [copy.id])] == [main.id]
    # A month of the timeline leaves the copy out: the main article is listed in its own month.
    assert entries(d, [copy.id], whole=True) == ()
