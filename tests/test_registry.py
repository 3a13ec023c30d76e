"""Editorial data under data/: a broken or hostile file is reported with its line, never a crash."""
from __future__ import annotations

import datetime as dt

import pytest

from site_builder.registry import PersonEntry, RoleEntry, load_registry


def registry_with(tmp_path, **files):
    for stem, text in files.items():
        (tmp_path / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return load_registry(tmp_path)


def messages(registry):
    return [str(p) for p in registry.problems]


def test_round_dates_are_checked_and_named_with_the_entry_line(tmp_path):
    registry = registry_with(tmp_path, rounds="- kind: round\n  number: 1\n  start: 2025-05-19\n  end: 2025-05-22\n"
                                              "- kind: round\n  number: 2\n  start: 2025-02-31\n")
    assert [(r.number, r.start, r.end) for r in registry.rounds] == [
        (1, dt.date(2025, 5, 19), dt.date(2025, 5, 22)), (2, None, None)]
    assert messages(registry) == [
        "data/rounds.yaml:5: error: start: '2025-02-31' is not a date (write YYYY-MM-DD); ignored"]


@pytest.mark.parametrize("text,message", [
    ("- kind: round\n  number: 1\n  start: !!timestamp 2025-13-45\n",
     "data/rounds.yaml: error: not valid YAML (ValueError: month must be in 1..12); file ignored"),
    ("- name: Ann\n  aliases: " + "[" * 3000 + "]" * 3000 + "\n",
     "data/rounds.yaml: error: not valid YAML (RecursionError: maximum recursion depth exceeded"),
    ("- &a {kind: round, number: 1, heads: [*a]}\n",
     "data/rounds.yaml:1: error: holds more than 10000 values or nests too deeply (YAML aliases can multiply it); "
     "file ignored"),
])
def test_hostile_yaml_is_an_error_that_ignores_the_file(tmp_path, text, message):
    registry = registry_with(tmp_path, rounds=text)
    assert registry.rounds == ()
    assert messages(registry)[0].startswith(message)


def test_odd_values_become_text_lists_or_are_reported(tmp_path):
    registry = registry_with(tmp_path, people="- name: Ann Lee\n  roles: 5\n  aliases: Ann\n"
                                              "- name: {a: b}\n"
                                              "- name: Bob Ray\n  aliases: {x: y}\n")
    assert registry.people == (PersonEntry("Ann Lee", ("Ann",), ("5",)), PersonEntry("Bob Ray"))
    assert messages(registry) == ["data/people.yaml:4: error: person without a `name`; ignored"]


def test_names_without_diacritics_or_initials_are_understood_without_an_alias(tmp_path):
    from site_builder.extract import Lexicon

    registry = registry_with(tmp_path, people="- name: Nguyễn Hồng Diên\n"
                                              "- name: Bryan R. Switzer\n  aliases: [Rick Switzer]\n"
                                              "- name: Lê Văn An\n- name: Lê Văn Ân\n",
                             places="- name: Hà Nội\n")
    aliases = Lexicon(registry).person_aliases
    assert aliases["Nguyen Hong Dien"] == "Nguyễn Hồng Diên"
    assert aliases["Bryan Switzer"] == aliases["Rick Switzer"] == aliases["Switzer"] == "Bryan R. Switzer"
    # Two people who fold to one form: that form is neither's.
    assert "Le Van An" not in aliases and aliases["Lê Văn Ân"] == "Lê Văn Ân"
    assert Lexicon(registry).place_aliases["Ha Noi"] == "Hà Nội"


def test_the_shipped_registry_lists_no_diacritic_free_alias():
    """data/people.yaml's header: the same name without diacritics is understood without listing it."""
    from site_builder.normalize import fold

    from conftest import REPO

    registry = load_registry(REPO / "data")
    assert registry.problems == ()
    for person in registry.people:
        assert not any(alias == fold(person.name) for alias in person.aliases), person.name


def test_a_registry_read_again_from_the_same_bytes_is_the_one_read_before(tmp_path):
    (tmp_path / "people.yaml").write_text("- name: Nguyễn Văn A\n", encoding="utf-8")
    first = load_registry(tmp_path)
    assert load_registry(tmp_path, previous=first) is first
    (tmp_path / "people.yaml").write_text("- name: Nguyễn Văn B\n", encoding="utf-8")
    again = load_registry(tmp_path, previous=first)
    assert again is not first and [p.name for p in again.people] == ["Nguyễn Văn B"]


def test_a_role_may_carry_the_dates_it_was_held(tmp_path):
    registry = registry_with(tmp_path, people=(
        "- name: Ann Lee\n"
        "  side: other\n"
        "  roles:\n"
        "    - Economist\n"
        "    - title: Minister of Trade\n"
        "      from: 2021-04-08\n"
        "      to: 2025-12\n"
        "    - title: Party Secretary\n"
        "      from: 2025-12-18\n"))
    (person,) = registry.people
    assert person.side == "other"
    assert person.roles == (RoleEntry("Economist"), RoleEntry("Minister of Trade", dt.date(2021, 4, 8), dt.date(2025, 12, 31)),
                            RoleEntry("Party Secretary", dt.date(2025, 12, 18)))
    assert person.role_titles == ("Economist", "Minister of Trade", "Party Secretary")
    assert messages(registry) == []


@pytest.mark.parametrize("role,message", [
    ("    - title: Minister\n      from: soon\n",
     "data/people.yaml:1: warning: Ann Lee: role 'Minister': from: 'soon' is not a date (write YYYY-MM-DD or YYYY-MM); ignored"),
    ("    - title: Minister\n      from: 2025-05-01\n      to: 2024-01-01\n",
     "data/people.yaml:1: warning: Ann Lee: role 'Minister': `to` 2024-01-01 is before `from` 2025-05-01; dates ignored"),
    ("    - from: 2025-05-01\n", "data/people.yaml:1: warning: Ann Lee: a role without a `title`; ignored"),
    ("    - Trợ lý Ngoại trưởng Hoa Kỳ phụ trách các vấn đề Đông Á và Thái Bình Dương\n",
     "data/people.yaml:1: warning: Ann Lee: role 'Trợ lý Ngoại trưởng Hoa Kỳ phụ trách các vấn đề Đông Á và Thái Bình Dương' "
     "has 17 words; a role is a short noun phrase of at most 12"),
])
def test_a_bad_role_is_named_with_its_person_and_line(tmp_path, role, message):
    registry = registry_with(tmp_path, people="- name: Ann Lee\n  roles:\n" + role)
    assert messages(registry) == [message]


def test_a_side_is_one_of_the_two_parties_or_other(tmp_path):
    registry = registry_with(tmp_path, people="- name: Ann Lee\n  side: Nhật Bản\n")
    assert registry.people[0].side is None
    assert messages(registry) == ["data/people.yaml:1: warning: Ann Lee: side 'Nhật Bản' is not one of Việt Nam, Hoa Kỳ, "
                                  "other; left empty"]
