"""Who held which position when: each person's roles as one history.

Articles write one position in many spellings ("Bộ trưởng Bộ Công Thương", "Bộ trưởng Công
thương", "Minister of Industry and Trade"); a reader wants it once, spelled in full, with the
months the articles give it. The editors' dated roles (`data/people.yaml`, `from`/`to`) win over
what articles say: a retrospective article that still calls a former minister "Bộ trưởng" does
not stretch the term.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from .extract.people import position_key
from .registry import MAX_ROLE_WORDS, RoleEntry, role_words



@dataclass(frozen=True)
class RoleHeld:
    title: str  # the most complete spelling (the editors' when they give one)
    start: dt.date | None
    end: dt.date | None
    article_ids: tuple[str, ...]  # the articles that give it, in date order
    # The dates are the editors' (data/people.yaml); a start without an end is held today.
    registered: bool = False

    @property
    def ongoing(self) -> bool:
        return self.registered and self.start is not None and self.end is None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @cached_property
    def article_set(self) -> frozenset[str]:
        # Asked once for each article page of the person: a tuple scanned each time made the
        # article pages of a dossier cost its articles times the person's.
        return frozenset(self.article_ids)


@dataclass(frozen=True)
class RoleGiven:
    """One role as one article writes it for one person."""

    title: str
    article_id: str
    date: dt.date | None



def role_history(given: list[RoleGiven], registered: tuple[RoleEntry, ...] = ()) -> tuple[RoleHeld, ...]:
    """The person's positions in time order, each once.

    Spellings of one position share a `position_key`; a short form merges into the one longer
    position it begins ("Bộ trưởng" into "Bộ trưởng Bộ Công Thương") but stays on its own when it begins
    several ("Chủ tịch" of two bodies), since it is not known which.
    """
    groups: dict[str, dict] = {}

    def group(key: str) -> dict:
        return groups.setdefault(key, {"spellings": Counter(), "order": len(groups), "articles": {}, "entry": None})

    for entry in registered:
        g = group(position_key(entry.title))
        g["entry"] = g["entry"] or entry
        g["spellings"][entry.title] += 0
    for r in given:
        g = group(position_key(r.title))
        g["spellings"][r.title] += 1
        g["articles"].setdefault(r.article_id, r.date)
    # The positions a key begins sit right after it in sorted order: each key is looked up by
    # bisection and each position is in the range of at most its own words' count of keys,
    # where comparing every key with every other cost a person with many spellings their square.
    ordered = sorted(groups)
    for key in sorted(groups, key=lambda k: len(k.split())):
        g = groups[key]
        if _dated(g["entry"]):
            continue  # an editor's dated position is a position of its own
        longer = _begun_by(key, ordered)
        if longer and _one_chain(longer):
            into = groups[max(longer, key=len)]
            into["entry"] = into["entry"] or g["entry"]
            into["spellings"].update(g["spellings"])
            for aid, day in g["articles"].items():
                into["articles"].setdefault(aid, day)
            del groups[key]
    held = [_held(g) for g in sorted(groups.values(), key=lambda g: g["order"])]
    undated = dt.date.max
    return tuple(sorted(held, key=lambda r: r.start or undated))


def _begun_by(key: str, ordered: list[str]) -> list[str]:
    """The keys of `ordered` (sorted) that begin with the words of `key`."""
    prefix = key + " "
    found = []
    for k in ordered[bisect_left(ordered, prefix):]:
        if not k.startswith(prefix):
            break
        found.append(k)
    return found


def _one_chain(keys: list[str]) -> bool:
    """Whether each of `keys` begins the next longer one: one position spelled out further and
    further, not two positions a short form could be either of."""
    by_length = sorted(keys, key=len)
    return all(b.startswith(a + " ") for a, b in zip(by_length, by_length[1:]))


def _dated(entry: RoleEntry | None) -> bool:
    return entry is not None and (entry.start is not None or entry.end is not None)


def _held(g: dict) -> RoleHeld:
    entry: RoleEntry | None = g["entry"]
    spellings: Counter = g["spellings"]
    order = list(spellings)
    # The editors' spelling, else the most complete one within the bound (all are, as extracted).
    title = max(order, key=lambda s: (entry is not None and s == entry.title, role_words(s) <= MAX_ROLE_WORDS,
                                      role_words(s), spellings[s], -order.index(s)))
    dated = sorted(g["articles"].items(), key=lambda kv: (kv[1] is None, kv[1] or dt.date.min))
    days = [d for _, d in dated if d is not None]
    if _dated(entry):
        start = entry.start or (min(days) if days else None)
        end = entry.end
        return RoleHeld(title, start, end, tuple(a for a, _ in dated), registered=True)
    return RoleHeld(title, min(days) if days else None, max(days) if days else None, tuple(a for a, _ in dated))


def current_role(roles: tuple[RoleHeld, ...]) -> RoleHeld | None:
    """The position held most recently: one the editors say is held today, else the one the
    latest article gives (the most often given among equals)."""
    if not roles:
        return None
    return max(roles, key=lambda r: (r.ongoing, r.end or r.start or dt.date.min, len(r.article_ids),
                                     role_words(r.title)))


def role_on(roles: tuple[RoleHeld, ...], day: dt.date | None, article_ids: frozenset[str] | set[str]) -> RoleHeld | None:
    """The position a person held at an event: the one the event's own articles give (within
    the editors' dates), else one held on its day."""
    valid = [r for r in roles if day is None or not r.registered or r.covers(day)]
    here = [r for r in valid if not r.article_set.isdisjoint(article_ids)]
    if here:
        return max(here, key=lambda r: (len(r.article_set & article_ids), role_words(r.title)))
    if day is None:
        return None
    held = [r for r in valid if r.start is not None and r.covers(day)]
    return max(held, key=lambda r: (r.registered, len(r.article_ids)), default=None)
