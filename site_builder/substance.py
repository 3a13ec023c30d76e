"""The substance of the negotiation, read off the assembled dossier: each topic's story across
the events, every figure by topic, and what changed from one event to the next.

Plain functions of the read-only model (dossier.py), used by the plan (pages.py); nothing here
is rendered. Every item keeps the article it comes from, so every claim a page makes links to
the sentence it rests on.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from .dossier import SIDES, Article, Dossier, Listed, Person, Round, Topic, listed
from .extract import Figure

# The topic of the tariff-rate chart on the figures page.
TARIFF_TOPIC = "tariff"


@dataclass(frozen=True)
class Passage:
    """What one article says on a topic: its one or two sentences, and the figures in them."""

    article: Listed
    sentences: tuple[str, ...]
    figures: tuple[Figure, ...]
    signals: int = 0  # how many times the article uses the topic's signals: how much it says on it


@dataclass(frozen=True)
class Chapter:
    """The passages of one event on a topic's page (round None: articles of no event)."""

    round: Round | None
    passages: tuple[Passage, ...]
    more: int = 0  # the event's other articles on the topic, not shown (see SHOWN_PASSAGES)


# An event's chapter shows this many passages at most: those that say most on the topic (the
# most signals, then the earliest), in date order. A thousand articles on tariffs in one round
# would make the page tens of megabytes that nobody reads; the event's page lists them all.
SHOWN_PASSAGES = 12


def topic_history(dossier: Dossier, topic: Topic, view: Callable[[Article], Listed] = listed) -> tuple[Chapter, ...]:
    """The topic's articles in date order, grouped under the event each belongs to: a chapter per
    event, in the order its first article comes; articles of no event in chapters of their own
    between them. `view` gives each article as lists show it."""
    chapters: list[tuple[Round | None, list]] = []
    where: dict[str, int] = {}
    listed = set(topic.article_ids)
    for aid in topic.article_ids:
        a = dossier.article[aid]
        if a.copy_of in listed:
            continue  # one story, told once: its main article's passage stands for the copies
        said = next((t for t in a.topics if t.topic == topic.id), None)
        if said is None:
            continue
        r = dossier.round.get(a.round_id) if a.round_id else None
        if r is not None and r.id in where:
            chapters[where[r.id]][1].append((a, said))
        elif r is None and chapters and chapters[-1][0] is None:
            chapters[-1][1].append((a, said))
        else:
            if r is not None:
                where[r.id] = len(chapters)
            chapters.append((r, [(a, said)]))
    out = []
    for r, found in chapters:
        shown, more = _most_said(found)
        # Passages are made for the articles shown alone: a chapter may have a thousand.
        out.append(Chapter(r, tuple(Passage(view(a), said.sentences, tuple(
            f for f in a.figures if f.sentence.text in said.sentences), said.signals) for a, said in shown), more))
    return tuple(out)


def _most_said(found: list) -> tuple[list, int]:
    """The (article, what it says on the topic) of one chapter to show, in date order, and
    how many are left out: those that use the topic's signals most, then the earliest."""
    if len(found) <= SHOWN_PASSAGES:
        return found, 0
    kept = set(sorted(range(len(found)), key=lambda i: (-found[i][1].signals, i))[:SHOWN_PASSAGES])
    return [x for i, x in enumerate(found) if i in kept], len(found) - SHOWN_PASSAGES


@dataclass(frozen=True)
class FigureRow:
    """A line of the figures table: a figure, its article, and its topic (None: no topic's)."""

    topic: Topic | None
    article: Listed
    figure: Figure


def figure_rows(dossier: Dossier, view: Callable[[Article], Listed] = listed) -> tuple[FigureRow, ...]:
    """Every figure of every article, by topic (in data/topics.yaml's order, those of no topic
    last), then in date order."""
    rank = {t.id: i for i, t in enumerate(dossier.topics)}
    # A copy's figures are its story's main article's: each is given once.
    rows = [FigureRow(dossier.topic.get(f.topic) if f.topic else None, v, f)
            for a in dossier.articles if a.copy_of is None and a.figures for v in [view(a)] for f in a.figures]
    order = {a.id: i for i, a in enumerate(dossier.articles)}
    rows.sort(key=lambda r: (rank.get(r.topic.id, len(rank)) if r.topic else len(rank), order[r.article.id],
                             r.figure.block, r.figure.offset))
    return tuple(rows)


@dataclass(frozen=True)
class FigureGroup:
    """One figure as the articles give it: the same topic, kind, unit and value. It is shown
    where it was first given, with how often and until when: a dossier of thousands of
    articles repeats its key figures hundreds of times, and a row per mention would make the
    figures page tens of megabytes that nobody can read."""

    first: FigureRow
    mentions: int
    articles: int
    last: dt.date | None  # the latest date of an article giving it

    @property
    def topic(self) -> Topic | None:
        return self.first.topic

    @property
    def article(self) -> Article:
        return self.first.article

    @property
    def figure(self) -> Figure:
        return self.first.figure


def figure_groups(rows: tuple[FigureRow, ...], key=lambda r: (r.topic.id if r.topic else None, r.figure.kind,
                                                               r.figure.unit, r.figure.value)) -> tuple[FigureGroup, ...]:
    """`rows` (in the order to show) grouped by `key`, each group where its first row is."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return tuple(FigureGroup(members[0], len(members), len({r.article.id for r in members}),
                             max((r.article.date for r in members if r.article.date), default=None))
                 for members in groups.values())


def figure_table(dossier: Dossier, view: Callable[[Article], Listed] = listed) -> tuple[FigureGroup, ...]:
    """The figures page's table: each figure once, by topic then by the date it was first given."""
    return figure_groups(figure_rows(dossier, view))


def tariff_rates(dossier: Dossier, view: Callable[[Article], Listed] = listed) -> tuple[FigureGroup, ...]:
    """The tariff chart's points: each rate once a day, however many articles gave it that day."""
    return figure_groups(tariff_mentions(dossier, view), key=lambda r: (r.article.date, r.figure.value))


def tariff_mentions(dossier: Dossier, view: Callable[[Article], Listed] = listed) -> tuple[FigureRow, ...]:
    """The tariff rates the articles give, in date order: percentages a tariff signal qualifies,
    in dated articles (a rate cannot be negative; a market's fall is not a rate)."""
    topic = dossier.topic.get(TARIFF_TOPIC)
    return tuple(FigureRow(topic, view(a), f) for a in dossier.articles if a.date is not None and a.copy_of is None
                 for f in a.figures if f.kind == "percent" and f.topic == TARIFF_TOPIC and f.value >= 0)


# -- what changed since the previous event ----------------------------------------


@dataclass(frozen=True)
class TopicChange:
    topic: Topic
    article: Listed  # the article that discusses it (in this event, or in the previous one)


@dataclass(frozen=True)
class FigureChange:
    figure: Figure
    article: Listed
    # The previous event's figures of the same topic and unit, when none of them has this value:
    # the figure is then a different one ("20%, before 46%"); empty, it is new.
    before: tuple[tuple[Figure, Listed], ...]


@dataclass(frozen=True)
class PersonChange:
    person: Person
    article: Listed  # the first article of the event that names them (this one, or the previous)


@dataclass(frozen=True)
class Changes:
    """What changed between the previous event with articles and this one."""

    previous: Round
    topics_new: tuple[TopicChange, ...]
    topics_gone: tuple[TopicChange, ...]
    figures: tuple[FigureChange, ...]
    joined: tuple[PersonChange, ...]
    left: tuple[PersonChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.topics_new or self.topics_gone or self.figures or self.joined or self.left)


def previous_event(dossier: Dossier, r: Round) -> Round | None:
    """The event before `r` in the negotiation's order that has articles to compare with."""
    at = dossier.rounds.index(r)
    return next((p for p in reversed(dossier.rounds[:at]) if p.article_ids), None)


def changes(dossier: Dossier, r: Round, view: Callable[[Article], Listed] = listed) -> Changes | None:
    """`r` compared with the previous event with articles: topics newly discussed and no longer
    mentioned, figures new or different, people who joined or left the delegations. None when
    either has no article."""
    previous = previous_event(dossier, r)
    if previous is None or not r.article_ids:
        return None
    now, before = _articles(dossier, r), _articles(dossier, previous)
    topics_now, topics_before = _first_by_topic(now), _first_by_topic(before)
    topics_new = tuple(TopicChange(dossier.topic[t], view(a)) for t, a in topics_now.items()
                       if t not in topics_before and t in dossier.topic)
    topics_gone = tuple(TopicChange(dossier.topic[t], view(a)) for t, a in topics_before.items()
                        if t not in topics_now and t in dossier.topic)
    return Changes(previous, _order(dossier, topics_new), _order(dossier, topics_gone),
                   _figure_changes(now, before, view), *_delegation_changes(dossier, r, previous, now, before, view))


def _articles(dossier: Dossier, r: Round) -> tuple[Article, ...]:
    return tuple(dossier.article[x] for x in r.article_ids if x in dossier.article)


def _first_by_topic(articles: tuple[Article, ...]) -> dict[str, Article]:
    found: dict[str, Article] = {}
    for a in articles:
        for t in a.topic_ids:
            found.setdefault(t, a)
    return found


def _order(dossier: Dossier, items: tuple[TopicChange, ...]) -> tuple[TopicChange, ...]:
    rank = {t.id: i for i, t in enumerate(dossier.topics)}
    return tuple(sorted(items, key=lambda c: rank[c.topic.id]))


def _key(f: Figure) -> tuple:
    return (f.kind, round(f.value, 6), f.unit)


def _figure_changes(now: tuple[Article, ...], before: tuple[Article, ...],
                    view: Callable[[Article], Listed] = listed) -> tuple[FigureChange, ...]:
    """Each figure of this event (once by value and unit) that the previous event did not give;
    with the previous event's figures of the same topic and unit when it gave some."""
    seen_before = {_key(f) for a in before for f in a.figures}
    # The previous event's figures by topic, kind and unit, gathered once: looked up for each new
    # figure, a pass over them all would cost an event of hundreds of articles their square.
    alike: dict[tuple, dict] = {}
    for b in before:
        for g in b.figures:
            if g.topic is not None and g.value >= 0:
                found = alike.setdefault((g.topic, g.kind, g.unit), {})
                if _key(g) not in found:
                    found[_key(g)] = (g, view(b))
    out, seen = [], set()
    for a in now:
        for f in a.figures:
            if _key(f) in seen_before or _key(f) in seen:
                continue
            seen.add(_key(f))
            if f.kind == "percent" and f.value < 0:
                continue  # a market's fall, not a figure of the negotiation
            earlier = alike.get((f.topic, f.kind, f.unit), {}) if f.topic is not None else {}
            out.append(FigureChange(f, view(a), tuple(earlier.values())))
    return tuple(out)


def _delegation_changes(dossier: Dossier, r: Round, previous: Round, now: tuple[Article, ...],
                        before: tuple[Article, ...], view: Callable[[Article], Listed] = listed
                        ) -> tuple[tuple[PersonChange, ...], tuple[PersonChange, ...]]:
    """People of either side named in this event and not the previous (joined), and the reverse
    (left), each with the first article of their event that names them."""
    def delegates(event: Round) -> dict[str, Person]:
        return {pid: p for pid in event.people if (p := dossier.person.get(pid)) is not None and p.side in SIDES}

    def first_naming(articles: tuple[Article, ...]) -> dict[str, Article]:
        # Once per event, not once per person: an event of hundreds of articles names hundreds.
        first: dict[str, Article] = {}
        for a in articles:
            for pid in a.people:
                first.setdefault(pid, a)
        return first

    people_now, people_before = delegates(r), delegates(previous)
    first_now, first_before = first_naming(now), first_naming(before)
    joined = tuple(PersonChange(p, view(first_now[pid])) for pid, p in people_now.items()
                   if pid not in people_before and pid in first_now)
    left = tuple(PersonChange(p, view(first_before[pid])) for pid, p in people_before.items()
                 if pid not in people_now and pid in first_before)
    return joined, left
