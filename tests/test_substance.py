"""substance.py: a topic's story across the events, every figure by topic, what changed between events."""
from __future__ import annotations

import datetime as dt

import pytest

from site_builder import substance
from site_builder.registry import PersonEntry, Registry, RoundEntry, TopicEntry

from helpers import dossier_of, grows_linearly, lines_run

REGISTRY = Registry(
    people=(PersonEntry("Nguyễn Hồng Diên", side="Việt Nam"), PersonEntry("Jamieson Greer", side="Hoa Kỳ"),
            PersonEntry("Nguyễn Sinh Nhật Tân", side="Việt Nam"), PersonEntry("Howard Lutnick", side="Hoa Kỳ")),
    rounds=(RoundEntry("round", 2, start=dt.date(2025, 5, 19), end=dt.date(2025, 5, 22)),
            RoundEntry("round", 3, start=dt.date(2025, 6, 9), end=dt.date(2025, 6, 12)),
            RoundEntry("round", 4, start=dt.date(2025, 8, 11), end=dt.date(2025, 8, 14))),
    topics=(TopicEntry("tariff", "Thuế quan", "Tariffs", signals=("thuế đối ứng", "mức thuế")),
            TopicEntry("agriculture", "Nông nghiệp", "Agriculture", signals=("nông sản", "cà phê")),
            TopicEntry("origin", "Xuất xứ", "Origin", signals=("xuất xứ", "trung chuyển"))),
)

SEEDS = {
    "seeds/1.txt": " date 2025-05-22 Vòng đàm phán thứ hai\nVòng đàm phán thứ hai: Bộ trưởng Nguyễn Hồng Diên gặp "
                   "Đại sứ Jamieson Greer và Bộ trưởng Howard Lutnick. Hai bên đàm phán về mức thuế đối ứng 46%.\n\n"
                   "Hai bên cũng trao đổi về nông sản.\n",
    "seeds/2.txt": " date 2025-05-30 Bình luận\nChuyên gia nói thuế đối ứng 46% quá cao; thuế đối ứng cần giảm. "
                   "Chỉ số VN-Index giảm 6,68%.\n",
    "seeds/3.txt": " date 2025-06-12 Vòng đàm phán thứ ba\nVòng đàm phán thứ ba: Bộ trưởng Nguyễn Hồng Diên, Thứ trưởng "
                   "Nguyễn Sinh Nhật Tân và Đại sứ Jamieson Greer. Hai bên đàm phán giảm thuế đối ứng xuống 20% và "
                   "chống gian lận xuất xứ. Hàng trung chuyển chịu 90 ngày kiểm tra.\n",
    "seeds/4.txt": " date 2025-06-13 Vòng ba, thêm chi tiết\nVòng đàm phán thứ ba bàn thêm về mức thuế đối ứng 20%. "
                   "Thuế đối ứng có thể còn giảm.\n",
}


@pytest.fixture(scope="module")
def dossier():
    return dossier_of(SEEDS, REGISTRY)


def test_a_topic_page_tells_the_story_in_date_order_grouped_by_event(dossier):
    chapters = substance.topic_history(dossier, dossier.topic["tariff"])
    assert [(c.round.id if c.round else None, [p.article.source_file for p in c.passages]) for c in chapters] == [
        ("vong-2", ["seeds/1.txt"]), (None, ["seeds/2.txt"]), ("vong-3", ["seeds/3.txt", "seeds/4.txt"])]
    first = chapters[0].passages[0]
    assert first.sentences == ("Hai bên đàm phán về mức thuế đối ứng 46%.",)
    assert [f.text for f in first.figures] == ["46%"]


def test_every_figure_by_topic_then_date_and_the_tariff_rates(dossier):
    rows = substance.figure_rows(dossier)
    assert [(r.topic.id if r.topic else None, r.figure.text) for r in rows] == [
        ("tariff", "46%"), ("tariff", "46%"), ("tariff", "20%"), ("tariff", "20%"), ("origin", "90 ngày"), (None, "6,68%")]
    # A market's fall in the same article is no tariff rate.
    assert [(m.article.source_file, m.figure.text) for m in substance.tariff_mentions(dossier)] == [
        ("seeds/1.txt", "46%"), ("seeds/2.txt", "46%"), ("seeds/3.txt", "20%"), ("seeds/4.txt", "20%")]


def test_what_changed_since_the_previous_event(dossier):
    r2, r3 = dossier.round["vong-2"], dossier.round["vong-3"]
    assert substance.changes(dossier, r2) is None                  # nothing before it to compare with
    changes = substance.changes(dossier, r3)
    assert changes.previous is r2
    assert [(c.topic.id, c.article.source_file) for c in changes.topics_new] == [("origin", "seeds/3.txt")]
    assert [(c.topic.id, c.article.source_file) for c in changes.topics_gone] == [("agriculture", "seeds/1.txt")]
    figures = [(c.figure.text, [f.text for f, _ in c.before]) for c in changes.figures]
    assert figures == [("20%", ["46%"]), ("90 ngày", [])]          # different from 46%; new
    assert [(c.person.name, c.article.source_file) for c in changes.joined] == [("Nguyễn Sinh Nhật Tân", "seeds/3.txt")]
    assert [(c.person.name, c.article.source_file) for c in changes.left] == [("Howard Lutnick", "seeds/1.txt")]
    assert not changes.empty


def test_an_event_with_no_article_is_skipped_when_looking_back(dossier):
    r4 = dossier.round["vong-4"]
    assert substance.previous_event(dossier, r4) is dossier.round["vong-3"]
    assert substance.changes(dossier, r4) is None                   # nothing to say of an event no article reports


def test_what_changed_between_two_large_events_costs_their_size_not_its_square():
    """Each new figure looks up the previous event's of its topic, each person their first
    article, from tables made once per event: not a pass over the other event per item."""
    surnames, middles, givens = ("Trần", "Lê", "Phạm", "Hoàng"), ("Văn", "Minh", "Quốc", "Đức"), (
        "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Phong", "Quang", "Sơn", "Tâm")
    names = [f"{s} {m} {g}" for s in surnames for m in middles for g in givens]

    def seeds(n: int) -> dict[str, str]:
        out = {}
        for k in range(2 * n):
            day, number = ("2025-05-21", "hai") if k < n else ("2025-06-11", "ba")
            out[f"seeds/{k:03d}.txt"] = (
                f" date {day} Vòng đàm phán thứ {number}, bài {k}\nVòng đàm phán thứ {number}: Thứ trưởng Bộ Công "
                f"Thương {names[k % len(names)]} cho biết mức thuế đối ứng {k + 10}% đối với cà phê sẽ được xem xét.\n")
        return out

    def work(n: int) -> int:
        d = dossier_of(seeds(n), REGISTRY)
        r = d.round["vong-3"]
        assert len(r.article_ids) == n and len(r.people) >= min(n, len(names)) / 2
        changes = []
        count = lines_run(lambda: changes.append(substance.changes(d, r)), substance)
        (found,) = changes
        assert len(found.figures) == n and found.joined
        return count

    grows_linearly(work, 12)


def test_the_figures_table_gives_each_figure_once_where_it_was_first_given(dossier):
    groups = substance.figure_table(dossier)
    assert [(g.topic.id if g.topic else None, g.figure.text, g.article.source_file, g.mentions, g.articles)
            for g in groups] == [("tariff", "46%", "seeds/1.txt", 2, 2), ("tariff", "20%", "seeds/3.txt", 2, 2),
                                 ("origin", "90 ngày", "seeds/3.txt", 1, 1), (None, "6,68%", "seeds/2.txt", 1, 1)]
    twice = groups[0]
    second = next(a for a in dossier.articles if a.source_file == "seeds/2.txt")
    assert twice.last == second.date > twice.article.date
    # The chart: a rate given on two days is two points; each point keeps its first article.
    assert [(g.article.source_file, g.figure.text, g.mentions) for g in substance.tariff_rates(dossier)] == [
        (m.article.source_file, m.figure.text, 1) for m in substance.tariff_mentions(dossier)]


def test_mentions_of_one_rate_on_one_day_are_one_point_counting_them(dossier):
    rows = substance.tariff_mentions(dossier)
    twice = substance.figure_groups(rows + rows, key=lambda r: (r.article.date, r.figure.value))
    assert [(g.first, g.mentions, g.articles) for g in twice] == [(r, 2, 1) for r in rows]


def test_a_chapter_shows_the_passages_that_say_most_and_counts_the_others(dossier, monkeypatch):
    monkeypatch.setattr(substance, "SHOWN_PASSAGES", 1)
    chapters = substance.topic_history(dossier, dossier.topic["tariff"])
    (third,) = [c for c in chapters if c.round and c.round.id == "vong-3"]
    assert len(third.passages) == 1 and third.more == 1
    said = {a.source_file: next(t.signals for t in a.topics if t.topic == "tariff")
            for a in dossier.articles if a.source_file in ("seeds/3.txt", "seeds/4.txt")}
    expected = max(said, key=lambda f: (said[f], f == "seeds/3.txt"))
    assert third.passages[0].article.source_file == expected
