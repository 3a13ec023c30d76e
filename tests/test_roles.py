"""Role histories: one position once, in its fullest spelling, dated by its articles or the editors."""
from __future__ import annotations

import datetime as dt

import pytest

from site_builder.extract.people import position_key
from site_builder.registry import RoleEntry
from site_builder.roles import RoleGiven, current_role, role_history, role_on

from helpers import grows_linearly, lines_run

D = dt.date


@pytest.mark.parametrize("spellings", [
    ("Bộ trưởng Bộ Công Thương", "Bộ trưởng Công thương", "Bộ trưởng Công Thương Việt Nam", "bộ trưởng bộ công thương",
     "Minister of Industry and Trade"),
    ("Trưởng đoàn đàm phán Chính phủ Việt Nam", "Trưởng Đoàn đàm phán Chính phủ với Hoa Kỳ",
     "Trưởng đoàn đàm phán Chính phủ về thương mại Việt Nam - Mỹ", "Trưởng đoàn đàm phán Chính phủ"),
    ("Đại diện Thương mại Hoa Kỳ", "Đại diện Thương mại Mỹ", "US Trade Representative"),
    ("Tổng thống Mỹ", "Tổng thống Hoa Kỳ", "Tổng thống"),
])
def test_spellings_of_one_position_share_a_key(spellings):
    assert len({position_key(s) for s in spellings}) == 1


@pytest.mark.parametrize("one,other", [
    ("Đại sứ Việt Nam tại Hoa Kỳ", "Đại sứ Hoa Kỳ tại Việt Nam"),   # a country inside the title stays
    ("Bộ trưởng Bộ Công Thương", "Bộ trưởng Bộ Ngoại giao"),
    ("Bộ trưởng", "Trưởng"),                                        # "Bộ" goes only before a ministry's name
    ("Thứ trưởng Bộ Công Thương", "Bộ trưởng Bộ Công Thương"),
])
def test_different_positions_keep_different_keys(one, other):
    assert position_key(one) != position_key(other)


def given(*items):
    return [RoleGiven(title, aid, day) for title, aid, day in items]


def test_one_position_once_in_its_fullest_spelling_dated_by_its_articles():
    (role,) = role_history(given(("Bộ trưởng Công thương", "a", D(2025, 4, 3)),
                                 ("Bộ trưởng Bộ Công Thương", "b", D(2025, 11, 12)),
                                 ("Bộ trưởng Công thương", "c", D(2025, 6, 1))))
    assert role.title == "Bộ trưởng Bộ Công Thương"
    assert (role.start, role.end) == (D(2025, 4, 3), D(2025, 11, 12))
    assert role.article_ids == ("a", "c", "b")   # in date order
    assert not role.registered and not role.ongoing


def test_a_bare_title_joins_the_one_position_it_begins():
    roles = role_history(given(("Bộ trưởng", "a", D(2025, 4, 3)), ("Bộ trưởng Bộ Công Thương", "b", D(2025, 5, 1))))
    assert [(r.title, r.article_ids) for r in roles] == [("Bộ trưởng Bộ Công Thương", ("a", "b"))]


def test_a_bare_title_that_begins_two_positions_stays_on_its_own():
    roles = role_history(given(("Chủ tịch", "a", D(2025, 1, 1)),
                               ("Chủ tịch Hiệp hội Dệt may Việt Nam", "b", D(2025, 2, 1)),
                               ("Chủ tịch HĐQT Tổng Công ty May Việt Tiến", "c", D(2025, 3, 1))))
    assert [r.title for r in roles] == ["Chủ tịch", "Chủ tịch Hiệp hội Dệt may Việt Nam",
                                        "Chủ tịch HĐQT Tổng Công ty May Việt Tiến"]


def test_roles_are_listed_in_time_order_undated_last():
    roles = role_history(given(("Phó Thủ tướng", "b", D(2025, 8, 1)), ("Đặc phái viên", "x", None),
                               ("Bộ trưởng Bộ Tài chính", "a", D(2024, 1, 5))))
    assert [r.title for r in roles] == ["Bộ trưởng Bộ Tài chính", "Phó Thủ tướng", "Đặc phái viên"]
    assert (roles[-1].start, roles[-1].end, roles[-1].article_ids) == (None, None, ("x",))


def test_the_editors_dates_win_and_their_spelling_is_shown():
    registered = (RoleEntry("Bộ trưởng Bộ Công Thương", D(2021, 4, 8), D(2025, 12, 18)),
                  RoleEntry("Phó Bí thư chuyên trách Đảng ủy Quốc hội", D(2025, 12, 18)))
    roles = role_history(given(("Bộ trưởng Công Thương Việt Nam", "a", D(2025, 5, 19)),
                               # a later article still calls him minister: the term does not stretch
                               ("Bộ trưởng Công thương", "b", D(2026, 1, 29))), registered)
    minister, party = roles
    assert (minister.title, minister.start, minister.end) == ("Bộ trưởng Bộ Công Thương", D(2021, 4, 8), D(2025, 12, 18))
    assert minister.registered and minister.article_ids == ("a", "b")
    assert party.ongoing and party.article_ids == ()
    assert current_role(roles) is party


def test_an_editor_s_role_with_only_an_end_starts_at_its_first_article():
    (role,) = role_history(given(("Chủ tịch Petrovietnam", "a", D(2025, 3, 1))),
                           (RoleEntry("Chủ tịch Petrovietnam", None, D(2025, 12, 20)),))
    assert (role.start, role.end, role.ongoing) == (D(2025, 3, 1), D(2025, 12, 20), False)


def test_an_undated_editor_s_role_takes_its_articles_dates():
    (role,) = role_history(given(("Tổng Bí thư", "a", D(2025, 4, 3))), (RoleEntry("Tổng Bí thư Đảng Cộng sản Việt Nam"),))
    assert (role.title, role.start, role.end, role.registered) == ("Tổng Bí thư Đảng Cộng sản Việt Nam", D(2025, 4, 3),
                                                                   D(2025, 4, 3), False)


def test_the_current_role_is_the_latest_the_articles_give():
    roles = role_history(given(("Chủ tịch Petrovietnam", "a", D(2025, 3, 1)),
                               ("Quyền Bộ trưởng Bộ Công Thương", "b", D(2026, 1, 29)),
                               ("Chủ tịch Petrovietnam", "c", D(2025, 9, 1))))
    assert current_role(roles).title == "Quyền Bộ trưởng Bộ Công Thương"
    assert current_role(()) is None


def test_the_role_at_an_event_is_what_its_articles_say_within_the_editors_dates():
    registered = (RoleEntry("Bộ trưởng Bộ Công Thương", D(2021, 4, 8), D(2025, 12, 18)),
                  RoleEntry("Phó Bí thư Đảng ủy Quốc hội", D(2025, 12, 18)))
    roles = role_history(given(("Bộ trưởng Bộ Công Thương", "r2", D(2025, 5, 20)),
                               ("Trưởng đoàn đàm phán Chính phủ", "r2", D(2025, 5, 20)),
                               ("Bộ trưởng Bộ Công Thương", "late", D(2026, 2, 1))), registered)
    # Both are given by the round's one article: the fuller title says more.
    assert role_on(roles, D(2025, 5, 20), frozenset({"r2"})).title == "Trưởng đoàn đàm phán Chính phủ"
    # An event of 2026 whose article still says "Bộ trưởng": outside the editors' term, not that.
    assert role_on(roles, D(2026, 2, 1), frozenset({"late"})).title == "Phó Bí thư Đảng ủy Quốc hội"
    # No article of the event gives one: the role held on its day.
    assert role_on(roles, D(2024, 6, 1), frozenset()).title == "Bộ trưởng Bộ Công Thương"
    assert role_on(roles, None, frozenset()) is None


def test_a_chain_of_ever_longer_spellings_joins_its_longest():
    (held,) = role_history([RoleGiven("Chủ tịch", "a", D(2025, 1, 1)),
                            RoleGiven("Chủ tịch Hiệp hội", "b", D(2025, 2, 1)),
                            RoleGiven("Chủ tịch Hiệp hội Dệt may", "c", D(2025, 3, 1))])
    assert (held.title, held.article_ids) == ("Chủ tịch Hiệp hội Dệt may", ("a", "b", "c"))


def test_the_history_of_many_positions_grows_with_them_not_their_square():
    """A person given many positions: each is compared with the few it begins, not every other."""
    from site_builder import roles

    def given(n: int) -> list[RoleGiven]:
        bodies = [f"Chủ tịch Hội đồng số {k}" for k in range(n)] + [f"Trưởng ban {k} Đông Nam Á" for k in range(n)]
        return [RoleGiven(b, f"a{k}", D(2025, 1 + k % 12, 1)) for k, b in enumerate(bodies)] \
            + [RoleGiven("Chủ tịch", "z", None)]

    grows_linearly(lambda n: lines_run(lambda: role_history(given(n)), roles), 40)
