"""Stage 4, assemble: the read-only dossier model every page and export is rendered from.

Here the articles meet: each gets a unique slug, its round (named, a call, or the one
whose dates it falls in), a full date where the text left out the year, and the
rounds, people and organizations get the articles that mention them.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from bisect import bisect_left
from functools import cached_property

from .extract import FRONT_MATTER, Facts, Figure, PartialDate
from .normalize import CleanDocument, Cut, fold, slugify
from .problems import Problem
from .roles import RoleGiven, RoleHeld, current_role, role_history
from .stories import Candidate, Story, StoryIndex, find_stories
from .registry import EVENT_KINDS, ROUND_KINDS, SESSION_KINDS, Registry, RoundEntry, person_id
from .sources import Picture

ARTICLE_DIR = "bai-viet"
ROUND_DIR = "vong-dam-phan"
PERSON_DIR = "nhan-vat"
ORGANIZATION_DIR = "to-chuc"
TOPIC_DIR = "chu-de"
SOURCE_DIR = "nguon"
# A page per month of the timeline (thang/2025-05.html), and one for the undated articles.
MONTH_DIR = "thang"
UNDATED_PAGE = f"{MONTH_DIR}/chua-ro-ngay.html"
SIDES = ("Việt Nam", "Hoa Kỳ")
KIND_ORDER = {kind: i for i, kind in enumerate(ROUND_KINDS)}
# How a round of each kind is named in addresses (vong-dam-phan/vong-2.html).
KIND_SLUG = {"round": "vong", "ministerial": "phien-bo-truong", "call": "dien-dam", "joint-statement": "tuyen-bo-chung",
             "tariff-order": "lenh-thue", "signing": "ky-ket", "meeting": "cuoc-gap", "other": "su-kien"}
# An article reporting a one-day event joins the known event of that kind this many days
# from the day it gives: the US and Việt Nam are 11–12 hours apart, so "the evening of 2/4"
# in Washington is 3/4 in Hà Nội.
EVENT_DAY_SLACK = 1
# An article dated only by its publication day reports an event of up to this many days before.
REPORT_DELAY = 3


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
    # Where an inferred year came from: publication (the publication date, whole or partial) |
    # text (the article's other full dates) | event (the event it is grouped with, or the
    # rounds numbered around it) | written (the one year the article writes) | neighbours (the
    # dated articles beside it in the seeds folder) | None when written or unknown.
    year_from: str | None = None


@dataclass(frozen=True)
class Quote:
    speaker_id: str
    text: str


@dataclass(frozen=True)
class ArticleTopic:
    """A topic an article discusses, with the one or two sentences that carry it most."""

    topic: str
    sentences: tuple[str, ...]
    signals: int = 0  # how many times the article uses the topic's signals: how much it says on it


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
    # Why the article is in its round: named (its title or lead names the round) |
    # front_matter | reported (its lead reports a one-day event: a call, the joint
    # statement, a tariff order, a signing) | dates (it names no event; its date falls in
    # the round's window).
    round_reason: str | None
    people: tuple[str, ...]
    # The roles this article gives each person, as written: (person id, roles).
    person_roles: tuple[tuple[str, tuple[str, ...]], ...]
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
    # A near-copy of another article's text (stories.py): the story's main article and how
    # much of the shorter text the two share; None for an article that is its own story.
    copy_of: str | None = None
    likeness: float | None = None
    story: str | None = None  # the id of its story of two or more articles (= the main article's)
    # What the article says on the negotiation's topics, and the figures it gives (in text order).
    topics: tuple[ArticleTopic, ...] = ()
    figures: tuple[Figure, ...] = ()

    @property
    def topic_ids(self) -> tuple[str, ...]:
        return tuple(t.topic for t in self.topics)

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
class Listed:
    """An article as lists show it (the home page, months, rounds, people, organizations, topics,
    the figures table): what a list reads of it and nothing else, so a list whose articles were
    edited only in their bodies is the same list, and its page is not rendered again."""

    id: str
    slug: str
    source_file: str
    url: str
    title: str
    title_derived: bool
    date: dt.date | None
    date_estimated: bool
    outlet: str | None
    summary: str
    round_id: str | None
    copy_of: str | None
    story: str | None


def listed(a: Article) -> Listed:
    return Listed(a.id, a.slug, a.source_file, a.url, a.title, a.title_derived, a.date, a.date_estimated, a.outlet,
                  a.summary, a.round_id, a.copy_of, a.story)


@dataclass(frozen=True)
class Round:
    id: str
    kind: str  # one of registry.ROUND_KINDS
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
    roles: tuple[RoleHeld, ...]  # in time order (see roles.role_history)
    side: str | None
    known: bool
    article_ids: tuple[str, ...]
    round_ids: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]  # (article id, text)
    # Other people in the same articles, most shared articles first: (person id, count).
    companions: tuple[tuple[str, int], ...]
    url: str

    @property
    def current_role(self) -> RoleHeld | None:
        return current_role(self.roles)

    @property
    def role_titles(self) -> tuple[str, ...]:
        """The positions, the current one first."""
        now = self.current_role
        return tuple(r.title for r in sorted(self.roles, key=lambda r: r is not now))


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    aliases: tuple[str, ...]
    article_ids: tuple[str, ...]
    url: str


@dataclass(frozen=True)
class Topic:
    """A subject of the negotiation (data/topics.yaml) and the articles that discuss it."""

    id: str
    name_vi: str
    name_en: str
    description_vi: str | None
    description_en: str | None
    article_ids: tuple[str, ...]  # in timeline order
    url: str


@dataclass(frozen=True)
class Month:
    key: str  # YYYY-MM
    year: int
    month: int
    article_ids: tuple[str, ...]

    @property
    def url(self) -> str:
        return f"{MONTH_DIR}/{self.key}.html"


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
    stories: tuple[Story, ...] = ()
    topics: tuple[Topic, ...] = ()

    @cached_property
    def topic(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}

    @cached_property
    def article(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def story(self) -> dict[str, Story]:
        """Every article of a story of two or more → its story (the main article's id is the story's)."""
        return {aid: st for st in self.stories for aid in (st.main, *(k for k, _ in st.copies))}

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
             window_before: int = 3, window_after: int = 5, previous: Dossier | None = None,
             story_index: StoryIndex | None = None, memo: AssemblyMemo | None = None) -> Dossier:
    """The dossier of the published documents in `parsed` (drafts are listed, not published).

    With the `previous` dossier (a process that builds again after a change), every article,
    round, person and organization equal to the one of the same id there is that very object,
    so what compares or encodes them later (incremental.Comparison, export) meets objects it
    has met before and stops at once; with the `story_index` of the last build, only the
    articles whose text changed are compared for copies; with the `memo` of the last
    assembly, what an article or a person is made from is worked out again only where its
    inputs changed (see `AssemblyMemo`).
    """
    memo = memo if memo is not None else AssemblyMemo()
    memo.start()
    problems: list[Problem] = []
    parsed = sorted(parsed, key=lambda p: p.doc.source)
    drafts = tuple(Draft(p.doc.source, p.doc.title) for p in parsed if _is_draft(p.doc))
    published = [p for p in parsed if not _is_draft(p.doc)]
    slugs = _assign_slugs(published, problems, memo)

    seeds = _round_seeds(published, slugs, registry)
    explicit = _explicit_rounds(published, slugs, seeds, memo, registry.digest)
    _date_rounds(seeds, published, slugs, explicit, {})
    placed = memo.token("seeds", _seeds_token(seeds))
    by_window, unplaced = _window_membership(published, slugs, explicit, seeds, window_before, window_after,
                                             memo, placed)
    membership = {**explicit, **by_window}
    spans = {aid: unplaced[aid] if aid in unplaced and aid not in membership
             else memo.get("spans", aid, (p, membership.get(aid), placed, None),
                           lambda p=p, aid=aid: _resolve_event_dates(p, membership.get(aid), seeds))
             for p in published for aid in [slugs[p.doc.source]]}
    dates = {aid: _article_date(p, spans[aid], seeds.get(membership[aid][0]) if aid in membership else None)
             for p in published for aid in [slugs[p.doc.source]]}
    _years_from_neighbours(published, slugs, membership, seeds, spans, dates, memo, placed)
    _date_rounds(seeds, published, slugs, explicit, dates)

    order = sorted(published, key=lambda p: _timeline_key(dates[slugs[p.doc.source]][0], p))
    names = memo.person_ids([p.facts for p in order], registry)
    stories = _stories(published, slugs, dates, story_index)
    marks = _copy_marks(stories)
    before = {a.id: a for a in previous.articles} if previous is not None else {}
    ids_of: dict[str, tuple[str, ...]] = {}
    articles = tuple(_article_of(p, slugs[p.doc.source], dates, spans, membership, names, marks, memo, before, ids_of)
                     for p in order)
    rounds = _rounds(seeds, articles, published, slugs, names, registry)
    people = _people(articles, published, slugs, rounds, registry, names, memo, ids_of)
    organizations = _organizations(articles, registry)
    topics = _topics(articles, registry)
    if previous is not None:
        rounds = _same_as_before(rounds, previous.rounds)
        people = _same_as_before(people, previous.people)
        organizations = _same_as_before(organizations, previous.organizations)
        topics = _same_as_before(topics, previous.topics)
    timeline, undated = _timeline(articles)
    if previous is not None:
        articles = _same_as_before(articles, previous.articles)
        stories = _same_as_before(stories, previous.stories)
        timeline = tuple(o if (o := old.get(m.key)) is not None and o == m else m
                         for old in [{m.key: m for m in previous.timeline}] for m in timeline)
        timeline = previous.timeline if timeline == previous.timeline else timeline
        undated = previous.undated if undated == previous.undated else undated
    return Dossier(articles, rounds, people, organizations, timeline, undated, drafts, tuple(problems), stories, topics)


class AssemblyMemo:
    """What the last assembly worked out, by article and by person, for the next one to reuse.

    A long-running process (the dev server) assembles the whole dossier again on every
    change, since articles meet there (a round's dates, a person's roles); but an edit
    changes one article, and most of what assembly works out for each article (its event,
    its dates, its Article) and for each person depends only on that article's parsed
    document, which the build keeps as the very same object while its file is unchanged,
    and on a few values of the whole (the rounds' days, the names' ids). Each result is
    kept with those inputs and reused while they are the same: the same parsed document
    (by identity: it is immutable) and equal values otherwise. `made` counts what had to
    be worked out afresh, by kind, for tests and the bench.
    """

    def __init__(self):
        self._last: dict[tuple[str, str], tuple[tuple, object]] = {}
        self._next: dict[tuple[str, str], tuple[tuple, object]] = {}
        self._tokens: dict[str, object] = {}
        self._names: tuple[tuple[str, ...], int, dict[str, str]] | None = None
        self.made: Counter = Counter()

    def start(self) -> None:
        """A new assembly: what the last one worked out is what this one may reuse; what it does not use is let go."""
        if self._next:
            self._last, self._next = self._next, {}
        self.made = Counter()

    def get(self, kind: str, name: str, inputs: tuple, make):
        """The value `make()` gives for these `inputs`: the last assembly's when its inputs were the same."""
        found = self._last.get((kind, name))
        if found is not None and _same_inputs(found[0], inputs):
            # The inputs kept are the first equal ones: what is made of them compares by identity next time.
            self._next[(kind, name)] = found
            return found[1]
        value = make()
        self.made[kind] += 1
        self._next[(kind, name)] = (inputs, value)
        return value

    def inputs(self, kind: str, name: str) -> tuple:
        """The inputs this assembly's value of `kind` for `name` is known by (after `get`)."""
        return self._next[(kind, name)][0]

    def token(self, kind: str, value):
        """`value`, or the equal value the last assembly had: later inputs holding it then compare by identity."""
        old = self._tokens.get(kind)
        if old is not None and old == value:
            return old
        self._tokens[kind] = value
        return value

    def person_ids(self, all_facts: list[Facts], registry: Registry) -> dict[str, str]:
        """`_person_ids`, again only when the names met, in the order met, or the registry changed."""
        names = tuple(dict.fromkeys(p.name for f in all_facts for p in f.people))
        if self._names is not None and self._names[1] == registry.digest and self._names[0] == names:
            return self._names[2]
        self.made["person ids"] += 1
        ids = _person_ids(all_facts, registry)
        self._names = (names, registry.digest, ids)
        return ids


def _same_inputs(old: tuple, new: tuple) -> bool:
    """Position by position the same object, or an equal value of the same type; a parsed
    document only as the very same object (comparing two by value would read them whole)."""
    if len(old) != len(new):
        return False
    for a, b in zip(old, new):
        if a is b:
            continue
        if type(a) is not type(b) or isinstance(a, Parsed) or a != b:
            return False
    return True


def _seeds_token(seeds: dict) -> tuple:
    """Everything of the rounds as they stand that placing an article by its dates reads."""
    return tuple((key, s.kind, s.number, s.start, s.end, s.dates_source, s.call_date, s.entry)
                 for key, s in seeds.items())


def _copy_marks(stories: tuple[Story, ...]) -> dict[str, tuple[str | None, float | None, str | None]]:
    """Article id → (copy_of, likeness, story) for every article of a story of two or more."""
    marks = {st.main: (None, None, st.main) for st in stories}
    marks.update((k, (st.main, share, st.main)) for st in stories for k, share in st.copies)
    return marks


def _article_of(p: Parsed, aid: str, dates: dict, spans: dict, membership: dict, names: dict[str, str],
                marks: dict, memo: AssemblyMemo, before: dict[str, Article], ids_of: dict) -> Article:
    """The article, marked as a story's main article or copy: the last assembly's object while
    what it is made from is the same, else the previous dossier's equal one, else a new one.
    Keeps in `ids_of` the page id of each person it names, mention by mention."""
    ids = tuple(names[x.name] for x in p.facts.people)
    speakers = tuple(names.get(q.speaker) for q in p.facts.quotes)
    mark = marks.get(aid, (None, None, None))
    inputs = (p, aid, dates[aid], spans[aid], membership.get(aid), ids, speakers, mark)

    def make() -> Article:
        a = _article(p, aid, dates[aid], spans[aid], membership.get(aid), names)
        if mark != (None, None, None):
            a = dataclasses.replace(a, copy_of=mark[0], likeness=mark[1], story=mark[2])
        old = before.get(aid)
        return old if old is not None and (old is a or old == a) else a

    article = memo.get("articles", p.doc.source, inputs, make)
    ids_of[aid] = memo.inputs("articles", p.doc.source)[5]
    return article


def _stories(published: list[Parsed], slugs: dict[str, str], dates: dict, index: StoryIndex | None) -> tuple[Story, ...]:
    """The stories of near-copies, by article id (see stories.py)."""
    found = find_stories([Candidate(p.doc.source, p.facts.signature, dates[slugs[p.doc.source]][0])
                          for p in published if p.facts.signature is not None], index)
    return tuple(Story(slugs[st.main], slugs[st.main], tuple((slugs[k], share) for k, share in st.copies))
                 for st in found)


def _same_as_before(items: tuple, before: tuple) -> tuple:
    """`items`, each replaced by the item of the same id in `before` where the two are equal."""
    old = {x.id: x for x in before}
    same = tuple(o if (o := old.get(x.id)) is not None and (o is x or o == x) else x for x in items)
    # All the same: the very tuple of last time, so what holds it compares by identity.
    return before if len(same) == len(before) and all(a is b for a, b in zip(same, before)) else same


def _is_draft(doc: CleanDocument) -> bool:
    use = doc.metadata.get("use", True)
    draft = doc.metadata.get("draft", False)
    return use is False or draft is True or (isinstance(use, str) and use.lower() in ("false", "no", "0"))


def _assign_slugs(published: list[Parsed], problems: list[Problem], memo: AssemblyMemo | None = None) -> dict[str, str]:
    """Source file → slug. A front-matter slug wins; a clash is settled by file order, reported."""
    memo = memo if memo is not None else AssemblyMemo()
    taken: dict[str, str] = {}
    result: dict[str, str] = {}
    # The next suffix to try for a slug: a thousand articles titled alike would otherwise try
    # -2, -3, … afresh each, a million tries.
    next_suffix: dict[str, int] = {}
    for p in published:
        doc = p.doc
        slug, problem = memo.get("slugs", doc.source, (p,), lambda doc=doc: _wanted_slug(doc))
        if problem is not None:
            problems.append(problem)
        if slug in taken:
            base, n = slug, next_suffix.get(slug, 2)
            while f"{base}-{n}" in taken:
                n += 1
            next_suffix[base] = n + 1
            slug = f"{base}-{n}"
            line = doc.metadata_lines.get("slug") or doc.title_line
            problems.append(Problem(doc.source, line, "warning",
                                    f"slug {base!r} is already used by {taken[base]}; this article is at {slug!r}"))
        taken[slug] = doc.source
        result[doc.source] = slug
    return result


def _wanted_slug(doc: CleanDocument) -> tuple[str, Problem | None]:
    """The slug the document asks for (front matter) or gets from its title or file name, before clashes."""
    wanted = doc.metadata.get("slug")
    slug, problem = "", None
    if wanted is not None and str(wanted).strip():
        slug = slugify(str(wanted))
        if slug != str(wanted).strip():
            problem = Problem(doc.source, doc.metadata_lines.get("slug"), "warning",
                              f"slug {str(wanted)!r} is not a plain ASCII URL segment; using {slug!r}")
    if not slug:
        slug = slugify(doc.title) or slugify(doc.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "bai-viet"
    return slug, problem


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
        prefix = KIND_SLUG[self.kind]
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
    return seeds


def _event_day(p: Parsed) -> tuple[dt.date | PartialDate | None, str | None]:
    """(the day of the one-day event the article reports, where it came from): `lead`, the
    first date of its lead, its year from the publication date when left out (a day whose
    year stays unknown is returned as written); else `published`, the publication date, a day
    on or after the event; else `body`, the first day the text gives, a weaker sign."""
    lead = p.facts.reported_day or p.facts.lead_event
    how = "lead"
    if lead is None and p.facts.published is None:
        lead, how = next((e for e in p.facts.event_dates if not e.aside), None), "body"
    if lead is None:
        return p.facts.published, "published" if p.facts.published else None
    if lead.start.date:
        return lead.start.date, how
    if p.facts.published and (year := _latest_year_by(lead.start, p.facts.published)):
        return lead.start.with_year(year), how
    return lead.start, how


def _known_event(seeds: dict, kind: str, day: dt.date | PartialDate | None, how: str | None) -> tuple | None:
    """The key of the known event of `kind` that an article's `day` points at, if any. Where
    the text gives no day of its own (none at all, or only a day further in its body that
    points at no event of the kind), the one event of that kind when only one is known (the
    joint statement)."""
    candidates = [(key, seed) for key, seed in seeds.items() if seed.kind == kind and seed.start is not None]
    best = None
    for key, seed in candidates if day is not None else ():
        when = day if isinstance(day, dt.date) else day.with_year(seed.start.year)
        if when is None:
            continue
        gap = (when - seed.start).days
        if (0 <= gap <= REPORT_DELAY) if how == "published" else (abs(gap) <= EVENT_DAY_SLACK):
            if best is None or abs(gap) < best[0]:
                best = (abs(gap), key)
    if best is None and how in (None, "body") and len(candidates) == 1:
        return candidates[0][0]
    return best[1] if best else None


def _explicit_rounds(published: list[Parsed], slugs: dict[str, str], seeds: dict, memo: AssemblyMemo | None = None,
                     registry_digest: str = "") -> dict[str, tuple[str, str]]:
    """Article id → (round key, reason) for articles that say which event they are about.

    A round or session is named ("vòng đàm phán thứ 5"). A one-day event is reported by
    kind (a call, the joint statement …): the article joins the known event of that kind on
    its day, or makes one of its own. Adds the events so made to `seeds`.
    """
    memo = memo if memo is not None else AssemblyMemo()
    out = {}
    # What an article's event depends on besides itself: the known events (data/rounds.yaml)
    # and those the articles before it made.
    made: tuple = ()
    for p in published:
        found = memo.get("events", p.doc.source, (p, registry_digest, made), lambda p=p: _explicit_round(p, seeds))
        if found is None:
            continue
        key, reason = found
        if key not in seeds:
            kind, day = key
            seeds[key] = _RoundSeed(kind, None, None, day, day, "articles", day)
            made += (key,)
        out[slugs[p.doc.source]] = found
    return out


def _explicit_round(p: Parsed, seeds: dict) -> tuple[tuple, str] | None:
    """(round key, reason) when the article says which event it is about; a key not in
    `seeds` is an event of its own, on the day its lead gives."""
    m = p.facts.round_mention
    if m is not None:
        return _round_key(m.kind, m.number, None), "front_matter" if m.block == FRONT_MATTER else "named"
    kind = p.facts.reported_event
    day, how = _event_day(p)
    if kind is None:
        if (key := _event_of_participants(seeds, p, day, how)) is not None:
            return key, "participants"
        return None
    if how != "published" and isinstance(day, dt.date) and p.facts.published \
            and (p.facts.published - day).days > REPORT_DELAY:
        # "Rạng sáng 1/8, Nhà Trắng công bố sắc lệnh …" in an article of 7/8 recalls the
        # order as background: it is not what the article reports.
        return None
    key = _known_event(seeds, kind, day, how)
    if key is None:
        # An event of its own only on the day its lead gives: a publication date is a
        # day after the event, a date further in the body may be any other day.
        if not (how == "lead" and isinstance(day, dt.date)):
            return None
        key = _round_key(kind, None, day)
    return key, "reported"


def _event_of_participants(seeds: dict, p: Parsed, day, how: str | None) -> tuple | None:
    """The known one-day event on the article's day whose participants (its heads in
    data/rounds.yaml) the title or lead all name: "Đàm phán Tô Lâm - Trump" on the day of
    their call is about the call, though it does not say "điện đàm"."""
    named = set(p.facts.lead_people)
    if how not in ("lead", "published") or not named:
        return None
    for kind in EVENT_KINDS:
        key = _known_event(seeds, kind, day, how)
        if key is not None and (heads := seeds[key].entry and seeds[key].entry.heads) and set(heads) <= named:
            return key
    return None


def _date_rounds(seeds: dict, published: list[Parsed], slugs: dict[str, str],
                 explicit: dict[str, tuple], dates: dict[str, tuple]) -> None:
    """Give every undated round the dates its own articles report (or, failing that, were published)."""
    by_round: dict[tuple, list[Parsed]] = defaultdict(list)
    for p in published:
        aid = slugs[p.doc.source]
        if aid in explicit:
            by_round[explicit[aid][0]].append(p)
    for key, seed in seeds.items():
        if seed.dates_source == "data" or (seed.kind in EVENT_KINDS and seed.number is None):
            continue
        events = [_date_of_mention(p) for p in by_round.get(key, ())]
        days = [(e.start.date, e.end.date) for e in events if e is not None and e.complete]
        if days:
            seed.start, seed.end = min(s for s, _ in days), max(e for _, e in days)
            seed.dates_source = "articles"
            continue
        known = [dates[slugs[p.doc.source]][0] for p in by_round.get(key, ()) if dates.get(slugs[p.doc.source], (None,))[0]]
        if known:
            seed.start, seed.end = min(known), max(known)
            seed.dates_source = "article_dates"


def _date_of_mention(p: Parsed):
    """The date the article gives its round: the one written in the sentence that names it
    ("vòng đàm phán thứ ba diễn ra từ ngày 9-12/6/2025"); named in the title or the front
    matter, the first date of the lead. A date elsewhere in the lead is as often the day of
    the report."""
    m = p.facts.round_mention
    if m is None or m.block < 0:
        return p.facts.round_day or p.facts.lead_event
    return p.facts.round_day


def _resolve_event_dates(p: Parsed, explicit: tuple | None, seeds: dict,
                         neighbours: list[dt.date] | None = None) -> tuple[DateSpan, ...]:
    """Event dates with a year for each: written, or the one that fits (in this order) the
    article's publication date, its other full dates, its event, the one year it writes, or
    the dated articles beside it."""
    complete = _anchors(e.start.date for e in p.facts.event_dates if e.complete)
    published = [p.facts.published] if p.facts.published else []
    if not published and p.facts.published_month:
        # A month alone: its last day bounds what the article can report.
        year, month = p.facts.published_month
        published = [dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)]
    written = set(p.facts.years_written)
    named = _named_rounds(p.facts.other_rounds, seeds)
    spans = []
    for e in p.facts.event_dates:
        if e.complete:
            spans.append(DateSpan(e.start.date, e.end.date, e.text, (e.start.month, e.start.day)))
            continue
        year, source = None, None
        # A day the article reports as done lies on or before its publication (plans and
        # comparisons aside, which may fall either way).
        for source, find in (("publication", lambda: published and (_nearest_year(e.start, _anchors(published))
                                                                    if e.aside
                                                                    else _latest_year_by(e.start, published[0]))),
                             ("text", lambda: complete and _nearest_year(e.start, complete)),
                             ("event", lambda: _year_from_rounds(e.start, explicit, seeds)
                              or _year_from_named_events(e.start, named)),
                             # "quý I/2025", "the first quarter of 2025"
                             ("written", lambda: next(iter(written)) if len(written) == 1 else None),
                             ("neighbours", lambda: neighbours and _latest_year_by(e.start, neighbours[-1]))):
            if year := find():
                break
        if not year:
            spans.append(DateSpan(None, None, e.text, (e.start.month, e.start.day)))
            continue
        start = e.start.with_year(year)
        end_year = year + 1 if (e.end.month, e.end.day) < (e.start.month, e.start.day) else year
        end = e.end.with_year(end_year)
        if start is None or end is None:
            spans.append(DateSpan(None, None, e.text, (e.start.month, e.start.day)))
        else:
            spans.append(DateSpan(start, end, e.text, (e.start.month, e.start.day), True, source))
    return tuple(spans)


def _latest_year_by(day: PartialDate, limit: dt.date) -> int | None:
    """The year putting `day` last on or before `limit` (and a few days after it): an
    article filed between two others reports what happened by the time of the later one."""
    bound = limit + dt.timedelta(days=REPORT_DELAY)
    for year in (bound.year, bound.year - 1):
        if (when := day.with_year(year)) is not None and when <= bound:
            return year
    return None


def _years_from_neighbours(published: list[Parsed], slugs: dict[str, str], membership: dict, seeds: dict,
                           spans: dict, dates: dict, memo: AssemblyMemo | None = None, placed: tuple | None = None) -> None:
    """Date the articles left undated by days written without a year from the dated articles
    beside them in the seeds folder (editors save a story's articles together, and name
    files by date or number): the nearest dated one before and after, in file order."""
    order = [slugs[p.doc.source] for p in published]  # sorted by source
    dated = [i for i, aid in enumerate(order) if dates[aid][0] is not None]
    for i, p in enumerate(published):
        aid = order[i]
        if dates[aid][0] is not None or not any(s.start is None for s in spans[aid]):
            continue
        at = bisect_left(dated, i)
        near = sorted(dates[order[j]][0] for j in dated[max(0, at - 1):at + 1])
        if not near:
            continue
        spans[aid] = _resolve_event_dates(p, membership.get(aid), seeds, near) if memo is None else \
            memo.get("neighbour spans", aid, (p, membership.get(aid), placed, tuple(near)),
                     lambda p=p, aid=aid: _resolve_event_dates(p, membership.get(aid), seeds, near))
        dates[aid] = _article_date(p, spans[aid], seeds.get(membership[aid][0]) if aid in membership else None)


@dataclass(frozen=True)
class _Anchors:
    """The dates an article gives in full, sorted, and the years a day written without one may
    take beside them (each of theirs, and the one before and after)."""

    days: tuple[dt.date, ...]
    years: tuple[int, ...]

    def __bool__(self) -> bool:
        return bool(self.days)


def _anchors(days) -> _Anchors:
    """Made once per article: the years are at most the two centuries dates are read in, so a
    day's year costs that many bisections however many dates the article gives."""
    days = tuple(sorted(days))
    years = sorted({y + d for y in {a.year for a in days} for d in (-1, 0, 1)})
    return _Anchors(days, tuple(years))


def _nearest_year(day: PartialDate, anchors: _Anchors) -> int | None:
    """The year putting `day` closest to the article's own dates (a report is near what it
    reports): each candidate year looks up its nearest date by bisection, not date by date."""
    best = None
    days = anchors.days
    for year in anchors.years:
        candidate = day.with_year(year)
        if candidate is None:
            continue
        i = bisect_left(days, candidate)
        distance = min(abs((days[j] - candidate).days) for j in (i - 1, i) if 0 <= j < len(days))
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
        return _nearest_year(day, _anchors([seed.start]))
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


# A day written without a year belongs to an event the text names when it falls this near it.
_NAMED_EVENT_REACH = 31


def _named_rounds(mentions, seeds: dict) -> tuple:
    """The known, dated rounds among those the text names, each once: a long article names the
    same few rounds again and again, and each of its days is compared with them."""
    named = []
    for key in dict.fromkeys(_round_key(m.kind, m.number, None) for m in mentions):
        seed = seeds.get(key)
        if seed is not None and seed.start is not None and seed.dates_source in ("data", "articles"):
            named.append(seed)
    return tuple(named)


def _year_from_named_events(day: PartialDate, named: tuple) -> int | None:
    """The year of a known round the text names elsewhere whose days the day falls near
    ("Sáng 2/2 … Cùng ngày, … vòng đàm phán thứ sáu" with round 6 held 2–6/2/2026)."""
    reach = dt.timedelta(days=_NAMED_EVENT_REACH)
    for seed in named:
        when = day.with_year(seed.start.year)
        if when is not None and seed.start - reach <= when <= seed.end + reach:
            return seed.start.year
    return None


def _article_date(p: Parsed, spans: tuple[DateSpan, ...], event: _RoundSeed | None) -> tuple[dt.date | None, str, bool]:
    """(date, source, estimated): the publication date; else the day of what the article
    reports: the event its lead dates, else the known event it is grouped with, else the
    latest event its text reports (plans for later days aside); else the first of the month
    of a partial publication date."""
    if p.facts.published is not None:
        return p.facts.published, p.facts.published_source, False
    lead = _lead_span(p, spans)
    if lead is not None:
        return lead.end, "text", True
    if event is not None and event.end is not None and event.dates_source in ("data", "articles"):
        return event.end, "text", True
    days = [s.end for s, e in zip(spans, p.facts.event_dates) if s.end is not None and not e.aside]
    if days:
        return max(days), "text", True
    if p.facts.published_month:
        return dt.date(*p.facts.published_month, 1), "prefix", True
    return None, "none", False


def _lead_span(p: Parsed, spans: tuple[DateSpan, ...]) -> DateSpan | None:
    lead = p.facts.lead_event
    if lead is None:
        return None
    span = spans[p.facts.event_dates.index(lead)]
    return span if span.start is not None else None


def _window_membership(published: list[Parsed], slugs: dict[str, str], explicit: dict, seeds: dict,
                       before: int, after: int, memo: AssemblyMemo | None = None,
                       placed: tuple | None = None) -> tuple[dict[str, tuple[tuple, str]], dict[str, tuple[DateSpan, ...]]]:
    """Article id → (round key, "dates") for the articles that name no event, by the window
    their day falls in; and the event dates worked out for that, per article, which stand
    for the articles the window leaves unplaced. One that reports an event matched to none
    (a tariff order no known order fits) names one all the same: it is not about the round
    of that week."""
    out, spans = {}, {}
    for p in published:
        aid = slugs[p.doc.source]
        if aid in explicit or p.facts.reported_event is not None:
            continue
        spans[aid], found = _placed_by_window(p, seeds, before, after) if memo is None else \
            memo.get("windows", p.doc.source, (p, placed, before, after),
                     lambda p=p: _placed_by_window(p, seeds, before, after))
        if found:
            out[aid] = (found, "dates")
    return out, spans


def _placed_by_window(p: Parsed, seeds: dict, before: int, after: int) -> tuple[tuple[DateSpan, ...], tuple | None]:
    spans = _resolve_event_dates(p, None, seeds)
    return spans, _round_by_window(p, spans, seeds, before, after)


def _round_by_window(p: Parsed, spans: tuple[DateSpan, ...], seeds: dict, before: int, after: int) -> tuple | None:
    """The round whose days, widened by the window, hold the day of what the article reports:
    the date of its lead, else its publication date, else the latest day its text gives.
    A day written without a year meets a round on its month and day."""
    lead = _lead_span(p, spans)
    if lead is None and p.facts.published is not None:
        # A report comes after what it reports: published before a round opens, an article
        # that names no event is a preview or background, not the round's.
        return _window_holding(p.facts.published, seeds, 0, after)
    day = lead.start if lead else None
    if day is None:
        dated = [s.start for s, e in zip(spans, p.facts.event_dates) if s.start is not None and not e.aside]
        day = max(dated, default=None)
    if day is not None:
        return _window_holding(day, seeds, before, after)
    written = next((e for e in p.facts.event_dates if not e.aside and e.block < p.facts.lead_blocks), None) \
        or next((e for e in p.facts.event_dates if not e.aside), None)
    if written is None:
        return None
    found = {key for year in {seed.start.year for seed in seeds.values() if seed.start is not None}
             for when in [written.start.with_year(year)] if when is not None
             for key in [_window_holding(when, seeds, before, after)] if key is not None}
    return next(iter(found)) if len(found) == 1 else None


def _window_holding(day: dt.date, seeds: dict, before: int, after: int) -> tuple | None:
    """The round whose days, widened by the window, hold `day`; the nearest one when several do.

    Only rounds and ministerial sessions (days of talks that articles report while they go
    on) take articles by date, and only when their days are known: from data/rounds.yaml or
    from what the articles naming them report. Days guessed from articles' own dates would
    widen the window with every article it takes.
    """
    if day is None:
        return None
    best = None
    for key, seed in seeds.items():
        if seed.kind not in SESSION_KINDS or seed.dates_source not in ("data", "articles"):
            continue
        if not (seed.start - dt.timedelta(days=before) <= day <= seed.end + dt.timedelta(days=after)):
            continue
        distance = 0 if seed.start <= day <= seed.end else min(abs((day - seed.start).days), abs((day - seed.end).days))
        rank = (distance, KIND_ORDER[seed.kind], seed.start)
        if best is None or rank < best[0]:
            best = (rank, key)
    return best[1] if best else None


# The Vietnamese names of rounds and events, in the model and dossier.json (the interface
# names them from templates/strings.yaml in its own language; a test keeps the two equal).
_NUMBERED_TITLE = {"round": "Vòng đàm phán thứ {n}", "ministerial": "Phiên đàm phán cấp Bộ trưởng lần thứ {n}",
                   "call": "Điện đàm lần thứ {n}", "joint-statement": "Tuyên bố chung lần thứ {n}",
                   "tariff-order": "Sắc lệnh thuế {n}", "signing": "Lễ ký kết {n}", "meeting": "Cuộc gặp {n}",
                   "other": "Sự kiện {n}"}
_DATED_TITLE = {"round": "Vòng đàm phán {date}", "ministerial": "Phiên cấp Bộ trưởng {date}",
                "call": "Điện đàm ngày {date}", "joint-statement": "Tuyên bố chung ngày {date}",
                "tariff-order": "Sắc lệnh thuế ngày {date}", "signing": "Lễ ký kết ngày {date}",
                "meeting": "Cuộc gặp ngày {date}", "other": "Sự kiện ngày {date}"}


def _round_title(kind: str, number: int | None, start: dt.date | None) -> str:
    if number:
        return _NUMBERED_TITLE[kind].format(n=number)
    return _DATED_TITLE[kind].format(date=f"{start:%d/%m/%Y}")


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
        if not mine and seed.kind not in SESSION_KINDS:
            # The rounds and sessions are the negotiation's backbone, shown even before an
            # article reports one; a known one-day event no article reports has nothing to
            # show: it still places articles (its day, its kind) but gets no page until one does.
            continue
        entry = seed.entry
        people = list(dict.fromkeys(pid for a in mine for pid in a.people))
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
    listed = {p.name: p.role_titles for p in registry.people}
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


def _person_roles(facts: Facts, names: dict[str, str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    given: dict[str, list[str]] = {}
    for pf in facts.people:
        seen = given.setdefault(names[pf.name], [])
        seen.extend(r for r in pf.roles if r not in seen)
    return tuple((pid, tuple(roles)) for pid, roles in given.items() if roles)


def _person_ids(all_facts: list[Facts], registry: Registry) -> dict[str, str]:
    """Full name → page id; two names with one ASCII slug (An, Ân) get distinct ids, but a
    name written without any diacritics (an English article's "Nguyen Van Trung") shares the
    id of the one name with diacritics it stands for, when there is exactly one."""
    names = [p.name for p in registry.people]
    for f in all_facts:
        names.extend(p.name for p in f.people)
    names = list(dict.fromkeys(names))
    written: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if not name.isascii():
            written[fold(name).casefold()].append(name)
    plain = {name: _plain_name_of(name, written) for name in names}
    ids: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        if plain[name] is not None:
            continue
        base = person_id(name) or "nhan-vat"
        pid, n = base, 2
        while pid in used:
            pid, n = f"{base}-{n}", n + 1
        used.add(pid)
        ids[name] = pid
    for name, written in plain.items():
        if written is not None:
            ids[name] = ids[written]
    return ids


def _plain_name_of(name: str, written: dict[str, list[str]]) -> str | None:
    """The one name with diacritics (`written`: by folded form) that `name`, written in
    plain ASCII, stands for."""
    if not name.isascii() or " " not in name:
        return None
    found = written.get(name.casefold(), ())
    return found[0] if len(found) == 1 else None


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
        people=tuple(dict.fromkeys(names[x.name] for x in p.facts.people)),
        person_roles=_person_roles(p.facts, names),
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
        topics=tuple(ArticleTopic(t.topic, tuple(x.text for x in t.shown), t.signals) for t in p.facts.topics),
        figures=p.facts.figures,
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


# A person's companions in one article are the people named up to this many places before or
# after them (all of them in any ordinary article): in a compilation naming a thousand people,
# being in the same file says little, and counting every pair would cost its square.
COMPANION_REACH = 50


def _people(articles: tuple[Article, ...], published: list[Parsed], slugs: dict[str, str], rounds: tuple[Round, ...],
            registry: Registry, names: dict[str, str], memo: AssemblyMemo | None = None,
            ids_of: dict[str, tuple[str, ...]] | None = None) -> tuple[Person, ...]:
    memo = memo if memo is not None else AssemblyMemo()
    if ids_of is None:
        ids_of = {slugs[p.doc.source]: tuple(names[pf.name] for pf in p.facts.people) for p in published}
    parsed = {slugs[p.doc.source]: p for p in published}
    entries = {p.name: p for p in registry.people}
    # Who each article names, and whose words it quotes: a person is made from those articles alone.
    named: dict[str, list[Article]] = {}
    for a in articles:
        for pid in a.people:
            named.setdefault(pid, []).append(a)
    quoted: dict[str, list[Article]] = {}
    for a in articles:
        for q in a.quotes:
            found = quoted.setdefault(q.speaker_id, [])
            if not found or found[-1] is not a:
                found.append(a)
    groups: dict[str, dict] = {}  # article id → person id → (their mentions, their place in the article)
    people = []
    for pid, mine in named.items():
        inputs = (pid, registry.digest, tuple(mine), tuple(parsed[a.id] for a in mine),
                  tuple(ids_of[a.id] for a in mine),
                  tuple(quoted.get(pid, ())))
        people.append(memo.get("people", pid, inputs, lambda pid=pid, mine=mine: _person(
            pid, mine, quoted.get(pid, ()), entries, lambda a: groups.get(a.id) or groups.setdefault(
                a.id, _mentions_by_person(a, parsed[a.id].facts, names)))))
    people.sort(key=lambda p: p[1])
    return tuple(p for p, _ in people)


def _mentions_by_person(a: Article, facts: Facts, names: dict[str, str]) -> dict[str, tuple[list, int]]:
    """Person id → (the article's mentions of them, their place among the people it names)."""
    found: dict[str, tuple[list, int]] = {pid: ([], k) for k, pid in enumerate(a.people)}
    for pf in facts.people:
        found[names[pf.name]][0].append(pf)
    return found


def _person(pid: str, mine: list[Article], quoted, entries: dict, mentions) -> tuple[Person, tuple]:
    """The person with page id `pid`, from the articles naming them (`mentions(article)`: see
    `_mentions_by_person`) and quoting them; with the key people are sorted by."""
    name = None
    given: list[RoleGiven] = []
    sides: Counter = Counter()
    companions: Counter = Counter()
    for a in mine:
        found, k = mentions(a)[pid]
        for pf in found:
            if name is None:
                name = pf.name
            elif name.isascii() and not pf.name.isascii():
                # Keyed by page: a name written without diacritics shares its page (see _person_ids).
                name = pf.name
            given.extend(RoleGiven(r, a.id, a.date) for r in pf.roles)
            if pf.side:
                sides[pf.side] += 1
        companions.update(a.people[max(0, k - COMPANION_REACH):k])
        companions.update(a.people[k + 1:k + 1 + COMPANION_REACH])
    entry = entries.get(name)
    roles = role_history(given, entry.roles if entry else ())
    side = entry.side if entry and entry.side else (sides.most_common(1)[0][0] if sides else None)
    person = Person(
        id=pid, name=name, aliases=entry.aliases if entry else (), roles=tuple(roles), side=side,
        known=bool(entry), article_ids=tuple(a.id for a in mine),
        round_ids=tuple(dict.fromkeys(a.round_id for a in mine if a.round_id)),
        quotes=tuple((a.id, q.text) for a in quoted for q in a.quotes if q.speaker_id == pid),
        companions=tuple(sorted(companions.items(), key=lambda kv: (-kv[1], kv[0]))),
        url=f"{PERSON_DIR}/{pid}.html",
    )
    return person, (fold(name).lower(), pid)


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


def _topics(articles: tuple[Article, ...], registry: Registry) -> tuple[Topic, ...]:
    """Every topic of data/topics.yaml, in its order, with the articles discussing it; a topic
    no article discusses yet keeps its page, which says so."""
    members: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        for tid in a.topic_ids:
            members[tid].append(a.id)
    return tuple(Topic(e.id, e.name_vi, e.name_en, e.description_vi, e.description_en, tuple(members.get(e.id, ())),
                       f"{TOPIC_DIR}/{e.id}.html") for e in registry.topics)
