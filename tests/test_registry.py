"""Editorial data under data/: a broken or hostile file is reported with its line, never a crash."""
from __future__ import annotations

import datetime as dt

import pytest

from site_builder.registry import PersonEntry, load_registry


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
