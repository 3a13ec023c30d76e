"""Stage 4, assemble: the read-only dossier model every page and export is rendered from.

Here the articles meet: each gets a unique slug, its round (named, a call, or the one
whose dates it falls in), a full date where the text left out the year, and the
rounds, people and organizations get the articles that mention them.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .extract import FRONT_MATTER, Facts, PartialDate
from .normalize import CleanDocument, Cut, fold, slugify
from .problems import Problem
from .registry import Registry, RoundEntry, person_id
from .sources import Picture

ARTICLE_DIR = "bai-viet"
ROUND_DIR = "vong-dam-phan"
PERSON_DIR = "nhan-vat"
ORGANIZATION_DIR = "to-chuc"
SOURCE_DIR = "nguon"
SIDES = ("Việt Nam", "Hoa Kỳ")
KIND_ORDER = {"round": 0, "ministerial": 1, "call": 2, "other": 3}


# ---------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class DateSpan:
    """An event date as reported; `start`/`end` are None while the year is unknown."""

    start: dt.date | None
    end: dt.date | None
    text: str
    # Month and day as written, for a date whose year could not be settled.
    month_day: tuple[int, int]
    year_inferred: bool = False


@dataclass(frozen=True)
class Quote:
    speaker_id: str
    text: str


@dataclass(frozen=True)
class Article:
    id: str
    slug: str
    source_file: str
    title: str
    title_derived: bool
    description: str | None
    date: dt.date | None
    # Where `date` came from: front_matter | prefix | text | none.
    date_source: str
    # True when the date is not a publication date the editor gave (taken from the
    # events the text reports, possibly with an inferred year).
    date_estimated: bool
    event_dates: tuple[DateSpan, ...]
    round_id: str | None
    # Why the article is in its round: named | front_matter | call | dates.
    round_reason: str | None
    people: tuple[str, ...]
    organizations: tuple[str, ...]
    quotes: tuple[Quote, ...]
    outlet: str | None
    original_url: str | None
    # A picture inside the project, published under a safe name (see sources.find_picture).
    thumbnail: Picture | None
    tags: tuple[str, ...]
    body_html: str
    body_text: tuple[str, ...]
    url: str
    # The decoded source file as published text, and where it is published.
    original_text: str
    original_path: str
    # Unknown front-matter keys, kept as the editor wrote them.
    extra: tuple[tuple[str, object], ...] = ()

    @property
    def month_key(self) -> str | None:
        return self.date.strftime("%Y-%m") if self.date else None

    @property
    def summary(self) -> str:
        """The editor's description, else the first paragraph of the body (not a heading)."""
        if self.description:
            return self.description
        lead = next((b for b in self.body_text if len(b.split()) >= 12), None)
        return lead or (self.body_text[0] if self.body_text else self.title)


@dataclass(frozen=True)
class Round:
    id: str
    kind: str  # round | ministerial | call | other
    number: int | None
    title: str
    start: dt.date | None
    end: dt.date | None
    # Where the dates came from: data (rounds.yaml) | articles (the events their leads
    # report) | article_dates (only the articles' own dates: an estimate) | none.
    dates_source: str
    place: str | None
    heads: tuple[str, ...]
    article_ids: tuple[str, ...]
    people: tuple[str, ...]
    summary: str | None
    url: str
    # The editor named it in data/rounds.yaml; otherwise `title` is made from its kind and
    # number (in Vietnamese here; pages show it in the interface's language).
    title_given: bool = False


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    side: str | None
    known: bool
    article_ids: tuple[str, ...]
    round_ids: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]  # (article id, text)
    # Other people in the same articles, most shared articles first: (person id, count).
    companions: tuple[tuple[str, int], ...]
    url: str


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    aliases: tuple[str, ...]
    article_ids: tuple[str, ...]
    url: str


@dataclass(frozen=True)
class Month:
    key: str  # YYYY-MM
    year: int
    month: int
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Draft:
    source_file: str
    title: str


@dataclass(frozen=True)
class Dossier:
    articles: tuple[Article, ...]  # in timeline order, undated last
    rounds: tuple[Round, ...]
    people: tuple[Person, ...]
    organizations: tuple[Organization, ...]
    timeline: tuple[Month, ...]
    undated: tuple[str, ...]
    drafts: tuple[Draft, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    @cached_property
    def article(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def round(self) -> dict[str, Round]:
        return {r.id: r for r in self.rounds}

    @cached_property
    def person(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def organization(self) -> dict[str, Organization]:
        return {o.id: o for o in self.organizations}


@dataclass(frozen=True)
class Parsed:
    """One readable document with what was extracted from it: the input of assembly."""

    doc: CleanDocument
    facts: Facts

    @property
    def cuts(self) -> tuple[Cut, ...]:
        return self.doc.cuts


# ---------------------------------------------------------------------------
# Assembly


def assemble(parsed: list[Parsed] | tuple[Parsed, ...], registry: Registry, *,
             window_before: int = 3, window_after: int = 5, previous: Dossier | None = None) -> Dossier:
    """The dossier of the published documents in `parsed` (drafts are listed, not published).

    With the `previous` dossier (a process that builds again after a change), every article,
    round, person and organization equal to the one of the same id there is that very object,
    so what compares or encodes them later (incremental.Comparison, export) meets objects it
    has met before and stops at once.
    """
    problems: list[Problem] = []
    parsed = sorted(parsed, key=lambda p: p.doc.source)
    drafts = tuple(Draft(p.doc.source, p.doc.title) for p in parsed if _is_draft(p.doc))
    published = [p for p in parsed if not _is_draft(p.doc)]
    slugs = _assign_slugs(published, problems)

    seeds = _round_seeds(published, slugs, registry)
    explicit = _explicit_rounds(published, slugs, seeds)
    _date_rounds(seeds, published, slugs, explicit, {})
    spans = {slugs[p.doc.source]: _resolve_event_dates(p, explicit.get(slugs[p.doc.source]), seeds) for p in published}
    dates = {aid: _article_date(p, spans[aid]) for p in published for aid in [slugs[p.doc.source]]}
    _date_rounds(seeds, published, slugs, explicit, dates)
    membership = dict(explicit)
    for p in published:
        aid = slugs[p.doc.source]
        if aid not in membership:
            when = _grouping_date(p, spans[aid], dates[aid][0])
            found = _round_by_window(when, seeds, window_before, window_after)
            if found:
                membership[aid] = (found, "dates")

    order = sorted(published, key=lambda p: _timeline_key(dates[slugs[p.doc.source]][0], p))
    names = _person_ids([p.facts for p in order], registry)
    articles = tuple(
        _article(p, slugs[p.doc.source], dates[slugs[p.doc.source]], spans[slugs[p.doc.source]],
                 membership.get(slugs[p.doc.source]), names)
        for p in order
    )
    if previous is not None:
        articles = _same_as_before(articles, previous.articles)
    rounds = _rounds(seeds, articles, published, slugs, names, registry)
    people = _people(articles, published, slugs, rounds, registry, names)
    organizations = _organizations(articles, registry)
    if previous is not None:
        rounds = _same_as_before(rounds, previous.rounds)
        people = _same_as_before(people, previous.people)
        organizations = _same_as_before(organizations, previous.organizations)
    timeline, undated = _timeline(articles)
    return Dossier(articles, rounds, people, organizations, timeline, undated, drafts, tuple(problems))


def _same_as_before(items: tuple, before: tuple) -> tuple:
    """`items`, each replaced by the item of the same id in `before` where the two are equal."""
    old = {x.id: x for x in before}
    return tuple(o if (o := old.get(x.id)) is not None and o == x else x for x in items)


def _is_draft(doc: CleanDocument) -> bool:
    use = doc.metadata.get("use", True)
    draft = doc.metadata.get("draft", False)
    return use is False or draft is True or (isinstance(use, str) and use.lower() in ("false", "no", "0"))


def _assign_slugs(published: list[Parsed], problems: list[Problem]) -> dict[str, str]:
    """Source file → slug. A front-matter slug wins; a clash is settled by file order, reported."""
    taken: dict[str, str] = {}
    result: dict[str, str] = {}
    for p in published:
        doc = p.doc
        wanted = doc.metadata.get("slug")
        slug = ""
        if wanted is not None and str(wanted).strip():
            slug = slugify(str(wanted))
            if slug != str(wanted).strip():
                problems.append(Problem(doc.source, doc.metadata_lines.get("slug"), "warning",
                                        f"slug {str(wanted)!r} is not a plain ASCII URL segment; using {slug!r}"))
        if not slug:
            slug = slugify(doc.title) or slugify(doc.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "bai-viet"
        if slug in taken:
            base, n = slug, 2
            while f"{base}-{n}" in taken:
                n += 1
            slug = f"{base}-{n}"
            line = doc.metadata_lines.get("slug") or doc.title_line
            problems.append(Problem(doc.source, line, "warning",
                                    f"slug {base!r} is already used by {taken[base]}; this article is at {slug!r}"))
        taken[slug] = doc.source
        result[doc.source] = slug
    return result


# -- rounds ------------------------------------------------------------------


@dataclass
class _RoundSeed:
    """A round while it is being put together (mutable only inside this module)."""

    kind: str
    number: int | None
    entry: RoundEntry | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    dates_source: str = "none"
    call_date: dt.date | None = None

    @property
    def id(self) -> str:
        prefix = {"round": "vong", "ministerial": "phien-bo-truong", "call": "dien-dam", "other": "su-kien"}[self.kind]
        if self.number is not None:
            return f"{prefix}-{self.number}"
        return f"{prefix}-{(self.start or self.call_date).isoformat()}"


def _round_key(kind: str, number: int | None, day: dt.date | None) -> tuple:
    return (kind, number) if number is not None else (kind, day)


def _round_seeds(published: list[Parsed], slugs: dict[str, str], registry: Registry) -> dict[tuple, _RoundSeed]:
    seeds: dict[tuple, _RoundSeed] = {}
    for e in registry.rounds:
        seed = _RoundSeed(e.kind, e.number, e, e.start, e.end, "data" if e.start else "none", e.start)
        seeds[_round_key(e.kind, e.number, e.start)] = seed
    for p in published:
        m = p.facts.round_mention
        if m is not None:
            seeds.setdefault(_round_key(m.kind, m.number, None), _RoundSeed(m.kind, m.number))
        elif p.facts.reports_call:
            day = _call_day(p)
            if day is not None:
                seeds.setdefault(_round_key("call", None, day), _RoundSeed("call", None, None, day, day, "articles", day))
    return seeds


def _call_day(p: Parsed) -> dt.date | None:
    lead = p.facts.lead_event
    if lead is not None and lead.start.date:
        return lead.start.date
    return p.facts.published


def _explicit_rounds(published: list[Parsed], slugs: dict[str, str], seeds: dict) -> dict[str, tuple[str, str]]:
    """Article id → (round key, reason) for articles that say which round they are about."""
    out = {}
    for p in published:
        aid = slugs[p.doc.source]
        m = p.facts.round_mention
        if m is not None:
            out[aid] = (_round_key(m.kind, m.number, None), "front_matter" if m.block == FRONT_MATTER else "named")
        elif p.facts.reports_call and (day := _call_day(p)) is not None:
            out[aid] = (_round_key("call", None, day), "call")
    return out


def _date_rounds(seeds: dict, published: list[Parsed], slugs: dict[str, str],
                 explicit: dict[str, tuple], dates: dict[str, tuple]) -> None:
    """Give every undated round the dates its own articles report (or, failing that, were published)."""
    by_round: dict[tuple, list[Parsed]] = defaultdict(list)
    for p in published:
        aid = slugs[p.doc.source]
        if aid in explicit:
            by_round[explicit[aid][0]].append(p)
    for key, seed in seeds.items():
        if seed.dates_source == "data" or (seed.kind == "call" and seed.number is None):
            continue
        events = [p.facts.lead_event for p in by_round.get(key, ())]
        days = [(e.start.date, e.end.date) for e in events if e is not None and e.complete]
        if days:
            seed.start, seed.end = min(s for s, _ in days), max(e for _, e in days)
            seed.dates_source = "articles"
            continue
        known = [dates[slugs[p.doc.source]][0] for p in by_round.get(key, ()) if dates.get(slugs[p.doc.source], (None,))[0]]
        if known:
            seed.start, seed.end = min(known), max(known)
            seed.dates_source = "article_dates"


def _resolve_event_dates(p: Parsed, explicit: tuple | None, seeds: dict) -> tuple[DateSpan, ...]:
    """Event dates with a year for each: written, or the one that fits the article's other dates or its round."""
    complete = [e.start.date for e in p.facts.event_dates if e.complete]
    anchors = ([p.facts.published] if p.facts.published else []) + complete
    spans = []
    for e in p.facts.event_dates:
        if e.complete:
            spans.append(DateSpan(e.start.date, e.end.date, e.text, (e.start.month, e.start.day)))
            continue
        year = _nearest_year(e.start, anchors) if anchors else _year_from_rounds(e.start, explicit, seeds)
        if year is None:
            spans.append(DateSpan(None, None, e.text, (e.start.month, e.start.day)))
            continue
        start = e.start.with_year(year)
        end_year = year + 1 if (e.end.month, e.end.day) < (e.start.month, e.start.day) else year
        end = e.end.with_year(end_year)
        if start is None or end is None:
            spans.append(DateSpan(None, None, e.text, (e.start.month, e.start.day)))
        else:
            spans.append(DateSpan(start, end, e.text, (e.start.month, e.start.day), True))
    return tuple(spans)


def _nearest_year(day: PartialDate, anchors: list[dt.date]) -> int | None:
    """The year putting `day` closest to the article's own dates (a report is near what it reports)."""
    best = None
    for anchor in anchors:
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            candidate = day.with_year(year)
            if candidate is None:
                continue
            distance = abs((candidate - anchor).days)
            if best is None or distance < best[0]:
                best = (distance, year)
    return best[1] if best else None


def _year_from_rounds(day: PartialDate, explicit: tuple | None, seeds: dict) -> int | None:
    """The year from the article's round, or from the rounds numbered just before and after it."""
    if explicit is None:
        return None
    key = explicit[0]
    seed = seeds.get(key)
    if seed is None:
        return None
    if seed.start is not None and seed.dates_source in ("data", "articles"):
        return _nearest_year(day, [seed.start])
    if seed.number is None:
        return None
    before = [s for s in seeds.values() if s.kind == seed.kind and s.number is not None and s.number < seed.number
              and s.end is not None and s.dates_source in ("data", "articles")]
    after = [s for s in seeds.values() if s.kind == seed.kind and s.number is not None and s.number > seed.number
             and s.start is not None and s.dates_source in ("data", "articles")]
    prev = max(before, key=lambda s: s.number, default=None)
    nxt = min(after, key=lambda s: s.number, default=None)
    if prev is None and nxt is None:
        return None
    # The first such day after the previous round ends (or the last before the next one starts).
    if prev is not None:
        for year in (prev.end.year, prev.end.year + 1):
            candidate = day.with_year(year)
            if candidate and candidate >= prev.end and (nxt is None or candidate <= nxt.start):
                return year
    if nxt is not None:
        for year in (nxt.start.year, nxt.start.year - 1):
            candidate = day.with_year(year)
            if candidate and candidate <= nxt.start:
                return year
    return None


def _article_date(p: Parsed, spans: tuple[DateSpan, ...]) -> tuple[dt.date | None, str, bool]:
    """(date, source, estimated): the publication date, else the latest event the text reports."""
    if p.facts.published is not None:
        return p.facts.published, p.facts.published_source, False
    days = [s.end for s in spans if s.end is not None]
    if days:
        return max(days), "text", True
    return None, "none", False


def _grouping_date(p: Parsed, spans: tuple[DateSpan, ...], date: dt.date | None) -> dt.date | None:
    lead = p.facts.lead_event
    if lead is not None:
        index = p.facts.event_dates.index(lead)
        if spans[index].start is not None:
            return spans[index].start
    return date


def _round_by_window(day: dt.date | None, seeds: dict, before: int, after: int) -> tuple | None:
    """The round whose days, widened by the window, hold `day`; the nearest one when several do."""
    if day is None:
        return None
    best = None
    for key, seed in seeds.items():
        if seed.start is None or seed.end is None:
            continue
        if not (seed.start - dt.timedelta(days=before) <= day <= seed.end + dt.timedelta(days=after)):
            continue
        distance = 0 if seed.start <= day <= seed.end else min(abs((day - seed.start).days), abs((day - seed.end).days))
        rank = (distance, KIND_ORDER[seed.kind], seed.start)
        if best is None or rank < best[0]:
            best = (rank, key)
    return best[1] if best else None


def _round_title(kind: str, number: int | None, start: dt.date | None) -> str:
    if kind == "round":
        return f"Vòng đàm phán thứ {number}" if number else f"Vòng đàm phán {start:%d/%m/%Y}"
    if kind == "ministerial":
        return f"Phiên đàm phán cấp Bộ trưởng lần thứ {number}" if number else f"Phiên cấp Bộ trưởng {start:%d/%m/%Y}"
    if kind == "call":
        return f"Điện đàm lần thứ {number}" if number else f"Điện đàm ngày {start:%d/%m/%Y}"
    return f"Sự kiện {number}" if number else f"Sự kiện ngày {start:%d/%m/%Y}"


def _rounds(seeds: dict, articles: tuple[Article, ...], published: list[Parsed], slugs: dict[str, str],
            names: dict[str, str], registry: Registry) -> tuple[Round, ...]:
    facts = {slugs[p.doc.source]: p.facts for p in published}
    members: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        if a.round_id:
            members[a.round_id].append(a)
    rounds = []
    for seed in seeds.values():
        rid = seed.id
        mine = members.get(rid, [])
        entry = seed.entry
        people = []
        for a in mine:
            people.extend(pid for pid in a.people if pid not in people)
        if entry and entry.heads:
            heads = tuple(person_id(h) for h in entry.heads)
        else:
            heads = _heads([facts[a.id] for a in mine], names, registry)
        places = Counter(facts[a.id].place for a in mine if facts[a.id].place and a.round_reason != "dates")
        place = (entry.place if entry and entry.place else None) or (places.most_common(1)[0][0] if places else None)
        title = (entry.title if entry and entry.title else None) or _round_title(seed.kind, seed.number, seed.start)
        rounds.append(Round(
            id=rid, kind=seed.kind, number=seed.number, title=title, start=seed.start, end=seed.end,
            dates_source=seed.dates_source, place=place, heads=heads,
            article_ids=tuple(a.id for a in mine), people=tuple(people),
            summary=entry.summary if entry else None, url=f"{ROUND_DIR}/{rid}.html",
            title_given=bool(entry and entry.title),
        ))
    far = dt.date.max
    rounds.sort(key=lambda r: (r.start or far, KIND_ORDER[r.kind], r.number or 0, r.id))
    return tuple(rounds)


def _heads(facts: list[Facts], names: dict[str, str], registry: Registry) -> tuple[str, ...]:
    """Each side's head of delegation: who is called Trưởng đoàn, else who is mentioned most."""
    listed = {p.name: p.roles for p in registry.people}
    heads = []
    for side in SIDES:
        score: Counter = Counter()
        for f in facts:
            for p in f.people:
                if p.side != side:
                    continue
                roles = p.roles + listed.get(p.name, ())
                leads = any("trưởng đoàn" in r.lower() and "phó trưởng đoàn" not in r.lower() for r in roles)
                score[p.name] += p.mentions + (1000 if leads else 0)
        if score:
            heads.append(names[score.most_common(1)[0][0]])
    return tuple(heads)


# -- articles, people, organizations ----------------------------------------------


def _timeline_key(date: dt.date | None, p: Parsed) -> tuple:
    return (date is None, date or dt.date.min, p.doc.source)


def _person_ids(all_facts: list[Facts], registry: Registry) -> dict[str, str]:
    """Full name → page id; two names with one ASCII slug (An, Ân) get distinct ids."""
    names = [p.name for p in registry.people]
    for f in all_facts:
        names.extend(p.name for p in f.people)
    ids: dict[str, str] = {}
    used: set[str] = set()
    for name in dict.fromkeys(names):
        base = person_id(name) or "nhan-vat"
        pid, n = base, 2
        while pid in used:
            pid, n = f"{base}-{n}", n + 1
        used.add(pid)
        ids[name] = pid
    return ids


def _article(p: Parsed, aid: str, dated: tuple, spans: tuple[DateSpan, ...], membership: tuple | None,
             names: dict[str, str]) -> Article:
    date, source, estimated = dated
    estimated = estimated or any(s.year_inferred and s.end == date for s in spans)
    meta = p.doc.metadata
    round_id = None
    reason = None
    if membership is not None:
        key, reason = membership
        round_id = _seed_id(key)
    known_keys = {"title", "date", "created_at", "published", "slug", "description", "thumbnail", "source", "url",
                  "tags", "use", "draft", "round", "category"}
    return Article(
        id=aid,
        slug=aid,
        source_file=p.doc.source,
        title=p.doc.title,
        title_derived=p.doc.title_derived,
        description=_text_or_none(meta.get("description")),
        date=date,
        date_source=source,
        date_estimated=estimated,
        event_dates=spans,
        round_id=round_id,
        round_reason=reason,
        people=tuple(names[x.name] for x in p.facts.people),
        organizations=tuple(slugify(o) for o in p.facts.organizations),
        quotes=tuple(Quote(names[q.speaker], q.text) for q in p.facts.quotes if q.speaker in names),
        outlet=p.doc.outlet,
        original_url=_text_or_none(meta.get("url")),
        thumbnail=p.doc.thumbnail,
        tags=p.facts.tags,
        body_html=p.doc.html,
        body_text=p.doc.paragraphs,
        url=f"{ARTICLE_DIR}/{aid}.html",
        original_text=p.doc.original,
        original_path=f"{SOURCE_DIR}/{aid}.txt",
        extra=tuple((k, v) for k, v in meta.items() if k not in known_keys),
    )


def _seed_id(key: tuple) -> str:
    kind, second = key
    if isinstance(second, int):
        return _RoundSeed(kind, second).id
    return _RoundSeed(kind, None, start=second).id


def _text_or_none(value) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _people(articles: tuple[Article, ...], published: list[Parsed], slugs: dict[str, str], rounds: tuple[Round, ...],
            registry: Registry, names: dict[str, str]) -> tuple[Person, ...]:
    facts = {slugs[p.doc.source]: p.facts for p in published}
    entries = {p.name: p for p in registry.people}
    seen: dict[str, dict] = {}
    for a in articles:
        for pf in facts[a.id].people:
            rec = seen.setdefault(pf.name, {"roles": [], "sides": Counter(), "known": pf.known, "articles": []})
            rec["articles"].append(a.id)
            rec["roles"].extend(r for r in pf.roles if r not in rec["roles"])
            if pf.side:
                rec["sides"][pf.side] += 1
    round_of = {a.id: a.round_id for a in articles}
    companions: dict[str, Counter] = defaultdict(Counter)
    for a in articles:
        for pid in a.people:
            companions[pid].update(other for other in a.people if other != pid)
    quotes: dict[str, list] = defaultdict(list)
    for a in articles:
        for q in a.quotes:
            quotes[q.speaker_id].append((a.id, q.text))
    people = []
    for name, rec in seen.items():
        pid = names[name]
        entry = entries.get(name)
        roles = _distinct_roles((*(entry.roles if entry else ()), *rec["roles"]))
        side = entry.side if entry and entry.side else (rec["sides"].most_common(1)[0][0] if rec["sides"] else None)
        round_ids = tuple(dict.fromkeys(round_of[x] for x in rec["articles"] if round_of[x]))
        people.append(Person(
            id=pid, name=name, aliases=entry.aliases if entry else (), roles=tuple(roles), side=side,
            known=bool(entry), article_ids=tuple(rec["articles"]), round_ids=round_ids,
            quotes=tuple(quotes.get(pid, ())),
            companions=tuple(sorted(companions[pid].items(), key=lambda kv: (-kv[1], kv[0]))),
            url=f"{PERSON_DIR}/{pid}.html",
        ))
    people.sort(key=lambda p: (fold(p.name).lower(), p.id))
    return tuple(people)


def _distinct_roles(roles) -> list[str]:
    """Roles without repeats: one that another role starts with says less and goes
    ("Trưởng đoàn đàm phán Chính phủ" beside "… Chính phủ Việt Nam"); letters compared folded."""
    keys = [fold(r).lower().rstrip(" .") for r in roles]
    kept = []
    for i, (role, key) in enumerate(zip(roles, keys)):
        longer = any(j != i and (other.startswith(key) and (other != key or j < i)) for j, other in enumerate(keys))
        if not longer:
            kept.append(role)
    return kept


def _organizations(articles: tuple[Article, ...], registry: Registry) -> tuple[Organization, ...]:
    entries = {slugify(o.name): o for o in registry.organizations}
    members: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        for oid in a.organizations:
            members[oid].append(a.id)
    orgs = [Organization(oid, entries[oid].name, entries[oid].aliases, tuple(ids), f"{ORGANIZATION_DIR}/{oid}.html")
            for oid, ids in members.items() if oid in entries]
    orgs.sort(key=lambda o: (fold(o.name).lower(), o.id))
    return tuple(orgs)


def _timeline(articles: tuple[Article, ...]) -> tuple[tuple[Month, ...], tuple[str, ...]]:
    months: dict[str, list[str]] = {}
    undated = []
    for a in articles:
        if a.date is None:
            undated.append(a.id)
        else:
            months.setdefault(a.month_key, []).append(a.id)
    timeline = tuple(Month(k, int(k[:4]), int(k[5:]), tuple(v)) for k, v in sorted(months.items()))
    return timeline, tuple(undated)
