"""Editorial data under `data/`: known people, organizations, places and rounds.

Every file is optional. Each is a YAML list of entries; a bad entry is reported with
its file and line and left out, the rest still count.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

import yaml

from .normalize import normalize_text, slugify
from .problems import Problem
from .sources import MAX_VALUES, small_enough
from .theme import Folders, find, folders

SIDES = ("Việt Nam", "Hoa Kỳ")
# Third countries, international bodies and independent analysts: at neither side of the table.
OTHER_SIDE = "other"
PERSON_SIDES = (*SIDES, OTHER_SIDE)
# A role is a short noun phrase; a longer one reads as a clause (extract.people cuts at this).
MAX_ROLE_WORDS = 12
_WORD = re.compile(r"\w+")


def role_words(title: str) -> int:
    """How many words a role has, as the bound above counts them."""
    return len(_WORD.findall(title))
# The kinds of event articles are grouped under. Rounds and ministerial sessions are days of
# talks; the others are one-day events an article joins only by reporting one of that kind.
SESSION_KINDS = ("round", "ministerial")
EVENT_KINDS = ("call", "joint-statement", "tariff-order", "signing", "meeting")
ROUND_KINDS = (*SESSION_KINDS, *EVENT_KINDS, "other")


@dataclass(frozen=True)
class RoleEntry:
    """A position the editors know, with the dates it was held when they give them: those
    dates win over what articles say (an article that calls a former minister "Bộ trưởng")."""

    title: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class PersonEntry:
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[RoleEntry, ...] = ()
    side: str | None = None

    def __post_init__(self):
        # A role written as a plain title is one whose dates the articles tell.
        object.__setattr__(self, "roles", tuple(RoleEntry(r) if isinstance(r, str) else r for r in self.roles))

    @property
    def role_titles(self) -> tuple[str, ...]:
        return tuple(r.title for r in self.roles)


@dataclass(frozen=True)
class OrganizationEntry:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundEntry:
    """A round as the editors know it; any field left out is inferred from the articles."""

    kind: str
    number: int | None
    title: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    place: str | None = None
    heads: tuple[str, ...] = ()
    summary: str | None = None


@dataclass(frozen=True)
class TopicEntry:
    """A subject of the negotiation (`data/topics.yaml`): its names and the words that signal it."""

    id: str
    name_vi: str
    name_en: str
    description_vi: str | None = None
    description_en: str | None = None
    # Words and phrases whose use signals the topic, in either language (an article may mix them).
    signals: tuple[str, ...] = ()
    # Phrases that hold a signal without being about the topic ("Bộ Nông nghiệp và Môi trường").
    not_signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    people: tuple[PersonEntry, ...] = ()
    organizations: tuple[OrganizationEntry, ...] = ()
    places: tuple[PlaceEntry, ...] = ()
    rounds: tuple[RoundEntry, ...] = ()
    # Hash of the files' bytes: extraction results cached under an older registry are stale.
    digest: str = ""
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    topics: tuple[TopicEntry, ...] = ()


def person_id(name: str) -> str:
    return slugify(name)


def load_registry(data: Folders, label: str = "data", previous: Registry | None = None) -> Registry:
    """Read `people.yaml`, `organizations.yaml`, `places.yaml`, `rounds.yaml` and `topics.yaml`, each
    from the first of the `data` folders that has it (a dossier's own, then the packaged one).

    `previous` (what a long-running process read last time) is returned as it is when the
    files' bytes have not changed: parsing YAML is most of an edit's fixed cost otherwise.
    """
    problems: list[Problem] = []
    hasher = hashlib.sha256()
    files, names = {}, {}
    first = folders(data)[0]
    for stem in _STEMS:
        path = find(data, f"{stem}.yaml")
        hasher.update(stem.encode())
        if path is not None:
            files[stem] = path.read_bytes()
            # A packaged file is named in full: the dossier has no file of that name.
            names[stem] = f"{label}/{stem}.yaml" if path.parent == first else str(path)
            hasher.update(names[stem].encode("utf-8", "surrogateescape") + b"\0" + files[stem])
    digest = hasher.hexdigest()[:16]
    if previous is not None and previous.digest == digest:
        return previous
    loaded = {stem: _entries(names[stem], data, problems) if (data := files.get(stem)) is not None else []
              for stem in _STEMS}
    people = tuple(p for p in (_person(n, ln, e, problems) for n, ln, e in loaded["people"]) if p)
    orgs = tuple(o for o in (_named(OrganizationEntry, n, ln, e, problems) for n, ln, e in loaded["organizations"]) if o)
    places = tuple(p for p in (_named(PlaceEntry, n, ln, e, problems) for n, ln, e in loaded["places"]) if p)
    rounds = tuple(r for r in (_round(n, ln, e, problems) for n, ln, e in loaded["rounds"]) if r)
    topics = _topics(loaded["topics"], problems)
    return Registry(people, orgs, places, rounds, digest, tuple(problems), topics)


_STEMS = ("people", "organizations", "places", "rounds", "topics")


class _LineLoader(yaml.SafeLoader):
    """Records the line each mapping starts on, so a bad entry can be pointed at.

    Dates are left as text and checked by `_date`, so `2025-02-31` is reported with its
    entry instead of raising.
    """

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _entries(name: str, data: bytes, problems: list[Problem]) -> list[tuple[str, int, dict]]:
    try:
        raw = yaml.load(data.decode("utf-8-sig"), Loader=_LineLoader)  # noqa: S506 (a SafeLoader subclass)
    except UnicodeDecodeError:
        problems.append(Problem(name, None, "error", "not UTF-8 text; file ignored"))
        return []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(name, mark.line + 1 if mark else None, "error",
                                f"not valid YAML ({getattr(exc, 'problem', None) or exc}); file ignored"))
        return []
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # Explicit tags (`!!timestamp 2025-13-45`, `!!float abc`) and absurd nesting.
        problems.append(Problem(name, None, "error", f"not valid YAML ({type(exc).__name__}: {exc}); file ignored"))
        return []
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(Problem(name, 1, "error", "must be a YAML list of entries (each starting with `- `); file ignored"))
        return []
    if not small_enough(raw):
        problems.append(Problem(name, 1, "error", f"holds more than {MAX_VALUES} values or nests too deeply "
                                                  "(YAML aliases can multiply it); file ignored"))
        return []
    out = []
    for entry in raw:
        if not isinstance(entry, dict):
            problems.append(Problem(name, None, "error", f"entry {entry!r} is not a mapping; ignored"))
            continue
        line = entry.pop("__line__", None)
        out.append((name, line, entry))
    return out


def _text(value) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = normalize_text(str(value)).strip()
    return text or None


def _texts(value) -> tuple[str, ...]:
    """A list of names or roles; one written alone counts as a list of one."""
    if value is None or isinstance(value, dict):
        return ()
    if not isinstance(value, list):
        value = [value]
    return tuple(t for t in (_text(v) for v in value) if t)


def _date(value) -> dt.date | None:
    """`YYYY-MM-DD` (a time after it is ignored), or None."""
    try:
        return dt.datetime.fromisoformat(str(value).strip()).date()
    except ValueError:
        return None


def _month(value, last_day: bool) -> dt.date | None:
    """`YYYY-MM` as its first day, or its last (a term known only to the month)."""
    try:
        first = dt.datetime.strptime(str(value).strip(), "%Y-%m").date()
    except ValueError:
        return None
    if not last_day:
        return first
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _person(name: str, line: int, e: dict, problems: list[Problem]) -> PersonEntry | None:
    full = _text(e.get("name"))
    if not full:
        problems.append(Problem(name, line, "error", "person without a `name`; ignored"))
        return None
    side = _text(e.get("side"))
    if side is not None and side not in PERSON_SIDES:
        problems.append(Problem(name, line, "warning",
                                f"{full}: side {side!r} is not one of {', '.join(PERSON_SIDES)}; left empty"))
        side = None
    return PersonEntry(full, _texts(e.get("aliases")), _roles(name, line, full, e.get("roles"), problems), side)


def _roles(name: str, line: int, full: str, value, problems: list[Problem]) -> tuple[RoleEntry, ...]:
    """Roles as plain titles, or as `{title, from, to}` when the editors know when it was held."""
    if value is None:
        return ()
    out = []
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(item, dict):
            if title := _text(item):
                out.append(RoleEntry(title))
            continue
        title = _text(item.get("title"))
        if not title:
            problems.append(Problem(name, line, "warning", f"{full}: a role without a `title`; ignored"))
            continue
        dates = []
        for key in ("from", "to"):
            raw = item.get(key)
            day = None if raw is None else _date(raw) or _month(raw, last_day=key == "to")
            if raw is not None and day is None:
                problems.append(Problem(name, line, "warning", f"{full}: role {title!r}: {key}: {raw!r} is not a date "
                                                               "(write YYYY-MM-DD or YYYY-MM); ignored"))
            dates.append(day)
        start, end = dates
        if start and end and end < start:
            problems.append(Problem(name, line, "warning", f"{full}: role {title!r}: `to` {end} is before `from` {start}; "
                                                           "dates ignored"))
            start = end = None
        out.append(RoleEntry(title, start, end))
    for role in out:
        if (words := role_words(role.title)) > MAX_ROLE_WORDS:
            problems.append(Problem(name, line, "warning", f"{full}: role {role.title!r} has {words} words; a role is "
                                                           f"a short noun phrase of at most {MAX_ROLE_WORDS}"))
    return tuple(out)


def _named(cls, name: str, line: int, e: dict, problems: list[Problem]):
    full = _text(e.get("name"))
    if not full:
        problems.append(Problem(name, line, "error", f"{cls.__name__.removesuffix('Entry').lower()} without a `name`; ignored"))
        return None
    return cls(full, _texts(e.get("aliases")))


def _round(name: str, line: int, e: dict, problems: list[Problem]) -> RoundEntry | None:
    kind = _text(e.get("kind")) or "round"
    if kind not in ROUND_KINDS:
        problems.append(Problem(name, line, "error", f"kind {kind!r} is not one of {', '.join(ROUND_KINDS)}; entry ignored"))
        return None
    number = e.get("number")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool) or number < 1):
        problems.append(Problem(name, line, "error", f"number {number!r} is not a positive whole number; entry ignored"))
        return None
    dates = []
    for key in ("start", "end"):
        value = e.get(key)
        if value is None or (day := _date(value)) is not None:
            dates.append(None if value is None else day)
            continue
        problems.append(Problem(name, line, "error", f"{key}: {value!r} is not a date (write YYYY-MM-DD); ignored"))
        dates.append(None)
    start, end = dates
    if start and not end:
        end = start
    if end and not start:
        start = end
    if start and end and end < start:
        problems.append(Problem(name, line, "error", f"end {end} is before start {start}; dates ignored"))
        start = end = None
    if number is None and start is None:
        problems.append(Problem(name, line, "error", "a round needs a `number` or a `start` date to be told apart; ignored"))
        return None
    return RoundEntry(kind, number, _text(e.get("title")), start, end, _text(e.get("place")),
                      _texts(e.get("heads")), _text(e.get("summary")))


def _localized(value) -> dict[str, str]:
    """`{vi: …, en: …}`, or one text for both languages."""
    if isinstance(value, dict):
        return {lang: text for lang in ("vi", "en") if (text := _text(value.get(lang)))}
    text = _text(value)
    return {"vi": text, "en": text} if text else {}


def _topics(entries: list[tuple[str, int, dict]], problems: list[Problem]) -> tuple[TopicEntry, ...]:
    topics: dict[str, TopicEntry] = {}
    for name, line, e in entries:
        raw_id = _text(e.get("id"))
        tid = slugify(raw_id) if raw_id else ""
        if not tid:
            problems.append(Problem(name, line, "error", "topic without an `id`; ignored"))
            continue
        if raw_id != tid:
            problems.append(Problem(name, line, "warning", f"id {raw_id!r} is not a plain ASCII slug; using {tid!r}"))
        if tid in topics:
            problems.append(Problem(name, line, "error", f"topic {tid!r} is listed twice; this entry ignored"))
            continue
        names = _localized(e.get("name"))
        if not names:
            problems.append(Problem(name, line, "error", f"topic {tid!r} without a `name`; ignored"))
            continue
        descriptions = _localized(e.get("description"))
        raw_signals = e.get("signals")
        # Signals by language (`vi: […]`, `en: […]`) or one list: all are looked for in every article.
        groups = ([v for k, v in raw_signals.items() if k != "__line__"] if isinstance(raw_signals, dict)
                  else [raw_signals])
        signals = tuple(dict.fromkeys(s for group in groups for s in _texts(group)))
        if not signals:
            problems.append(Problem(name, line, "warning", f"topic {tid!r} has no `signals`: no article will be found for it"))
        topics[tid] = TopicEntry(tid, names.get("vi") or names["en"], names.get("en") or names["vi"],
                                 descriptions.get("vi") or descriptions.get("en"),
                                 descriptions.get("en") or descriptions.get("vi"),
                                 signals, tuple(dict.fromkeys(_texts(e.get("not_signals")))))
    return tuple(topics.values())
