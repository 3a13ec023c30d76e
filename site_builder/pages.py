"""Stage 5, plan: every output file of the site, with its template and the context it is rendered from.

Nothing is rendered or written here; the plan is plain data, so the renderer and the
writer stay simple and a rebuild can compare plans.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from . import substance
from collections import Counter

from .dossier import ORGANIZATION_DIR, PERSON_DIR, ROUND_DIR, TOPIC_DIR, UNDATED_PAGE, Article, Dossier, Listed, \
    Month, Person, Round, Topic, listed
from .extract.people import position_key
from .registry import PERSON_SIDES
from .roles import RoleHeld, role_on
from .export import dossier_json
from .theme import Folders, all_files

ASSET_DIR = "static"
SEARCH_PAGE = "tim-kiem.html"
TOPICS_PAGE = f"{TOPIC_DIR}/index.html"
FIGURES_PAGE = "so-lieu/index.html"
LATEST_COUNT = 6
# The home page's timeline shows this many of the latest stories and links every month's page
# for the rest: a page listing every article grows with the dossier, and every edit rewrote it.
HOME_TIMELINE_COUNT = 50
FEED_COUNT = 50
# People drawn on a person's page as those they appear with most.
COMPANION_COUNT = 8


@dataclass(frozen=True)
class Page:
    """An output rendered from a Jinja template."""

    path: str
    template: str
    context: dict = field(hash=False, compare=False)


@dataclass(frozen=True)
class File:
    """An output whose bytes are already known (the JSON export, static assets, source texts).

    A text (an article's source text, which the model holds anyway) is encoded only when its
    bytes are asked for: the plan would otherwise hold a second copy of every article's text.
    """

    path: str
    content: bytes | str = field(repr=False)

    @property
    def data(self) -> bytes:
        # A text file is published with a byte-order mark: browsers then read a .txt as UTF-8.
        return self.content if isinstance(self.content, bytes) else self.content.encode("utf-8-sig")


@dataclass(frozen=True)
class Assets:
    """Static files under content-hashed names, so a browser never keeps a stale stylesheet."""

    files: tuple[File, ...]
    # Logical name (`style.css`) → published path (`static/style.1a2b3c4d.css`).
    paths: dict = field(hash=False)


def plan_assets(static: Folders) -> Assets:
    """Every static file (a dossier's own first, then the packaged ones it does not replace)."""
    files, paths = [], {}
    for logical, path in all_files(static).items():
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        stem, dot, suffix = logical.rpartition(".")
        hashed = f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{logical}.{digest}"
        paths[logical] = f"{ASSET_DIR}/{hashed}"
        files.append(File(paths[logical], data))
    return Assets(tuple(files), paths)


@dataclass(frozen=True)
class Entry:
    """An article as a line of a list: the article and the round it belongs to."""

    article: Listed
    round: Round | None
    # The other outlets' copies of the same story (see stories.py), listed with it.
    also: tuple[Listed, ...] = ()


@dataclass(frozen=True)
class RoundCard:
    """A round as shown in lists: the round and its heads of delegation."""

    round: Round
    heads: tuple[Person, ...]


def _topics_of(a: Article):
    return a.topics


def _figures_of(a: Article):
    return a.figures


# What lists show of an article: the Listed view, and for the topic and figures pages what it
# says on topics and the figures it gives (see substance.py).
PARTS = (("listed", listed), ("topics", _topics_of), ("figures", _figures_of))
_NEVER = object()


class PlanMemo:
    """The last plan's article pages and list entries, with the objects each was made from.

    A long-running process (the dev server) plans the whole site again on every change, but
    an edit changes a few of the dossier's objects and `dossier.assemble` keeps the others
    as the very same objects. A page made from the same objects is the same Page (so
    comparing it with the last build's stops at once), a list entry the same Entry, a
    source text the same File (so its bytes are not hashed again). `made` counts the
    article pages and source texts made afresh by the last plan, for tests and the bench.
    """

    def __init__(self):
        self._last: dict[str, tuple[tuple, object]] = {}
        self._next: dict[str, tuple[tuple, object]] = {}
        self._entries: dict[str, Entry] = {}
        # (kind, article id) → (the article, what lists show of it); and, for the articles that
        # changed, what they showed before this plan.
        self._parts: dict[tuple[str, str], tuple[Article, object]] = {}
        self._was: dict[tuple[str, str], object] = {}
        self._articles: dict[str, Article] = {}
        self._order: tuple[str, ...] = ()
        # The articles that are not the last plan's objects (new, edited, gone, or of a story
        # one of whose articles is), and the timeline's order (the last plan's tuple while unchanged).
        self.changed: set[str] = set()
        self.order: tuple[str, ...] = ()
        self.made = 0

    def start(self, dossier: Dossier) -> None:
        if self._next:
            self._last, self._next = self._next, {}
        self.made = 0
        now = dossier.article
        changed = {aid for aid, a in now.items() if self._articles.get(aid) is not a}
        changed.update(aid for aid in self._articles if aid not in now)
        for aid in list(changed):
            story = dossier.story.get(aid)
            if story is not None:
                changed.update((story.main, *(k for k, _ in story.copies)))
        self.changed, self._articles = changed, now
        order = tuple(a.id for a in dossier.articles)
        self.order = self._order = self._order if order == self._order else order
        self._was = {}
        for aid in changed:
            for kind, make in PARTS:
                old = self._parts.pop((kind, aid), None)
                self._was[(kind, aid)] = old[1] if old is not None else _NEVER
                if aid in now:
                    self._parts[(kind, aid)] = (now[aid], _NEVER)  # made on first use
                    self.part(kind, now[aid], make, old)

    def part(self, kind: str, a: Article, make, old=None):
        """`make(a)`: the last plan's value for the same article when `a` is the same object or the
        value is equal, so what holds it compares by identity."""
        key = (kind, a.id)
        found = self._parts.get(key)
        if found is not None and found[0] is a and found[1] is not _NEVER:
            return found[1]
        value = make(a)
        if old is not None and old[1] == value:
            value = old[1]
        self._parts[key] = (a, value)
        return value

    def listed(self, a: Article) -> Listed:
        return self.part("listed", a, listed)

    def shown_same(self, dossier: Dossier, ids, parts=("listed",)) -> bool:
        """The articles with these ids (None: all) show the same in lists as last time: each
        changed one, and the other articles of its story, has the very same `parts` as then."""
        changed = self.changed if ids is None else self.changed.intersection(ids)
        for aid in changed:
            story = dossier.story.get(aid)
            for member in (story.main, *(k for k, _ in story.copies)) if story else (aid,):
                for kind in parts:
                    found = self._parts.get((kind, member))
                    if found is None or self._was.get((kind, member), found[1]) is not found[1]:
                        return False
        return True

    def get(self, path: str, objects: tuple, make, unchanged=(), shown: bool = True):
        """What `make()` gives, or the last plan's when it was made from these very objects, none
        of the articles with ids in the `unchanged` collections changed, and `shown` holds."""
        found = self._last.get(path)
        if found is not None and shown and len(found[0]) == len(objects) and \
                all(a is b for a, b in zip(found[0], objects)) and \
                all(self.changed.isdisjoint(ids) for ids in unchanged):
            self._next[path] = found
            return found[1]
        value = make()
        self.made += 1
        self._next[path] = (objects, value)
        return value

    def entry(self, entry: Entry) -> Entry:
        """The last plan's Entry for the same article, round and copies, else `entry`."""
        old = self._entries.get(entry.article.id)
        if old is not None and old.article is entry.article and old.round is entry.round and \
                len(old.also) == len(entry.also) and all(a is b for a, b in zip(old.also, entry.also)):
            return old
        self._entries[entry.article.id] = entry
        return entry


def plan_site(dossier: Dossier, assets: Assets, memo: PlanMemo | None = None) -> tuple[Page | File, ...]:
    """Every output of the site, in a stable order. With the `memo` of the last plan, the pages
    and entries made from the same objects as last time are last time's (see `PlanMemo`)."""
    memo = memo if memo is not None else PlanMemo()
    memo.start(dossier)
    months = month_lists(dossier, memo)
    plan: list[Page | File] = [home_page(dossier, memo, months)]
    articles = dossier.articles
    for i, a in enumerate(articles):
        # The neighbours as lists show them: editing an article's body leaves the pages beside it alone.
        prev = memo.listed(articles[i - 1]) if i > 0 else None
        nxt = memo.listed(articles[i + 1]) if i + 1 < len(articles) else None
        plan.append(memo.get(a.url, article_inputs(dossier, a, prev, nxt, memo),
                             lambda a=a, prev=prev, nxt=nxt: article_page(dossier, a, prev, nxt, memo)))
        # With a BOM, browsers read the text as UTF-8 whatever charset the server sends.
        plan.append(memo.get(a.original_path, (a.original_text,), lambda a=a: File(a.original_path, a.original_text)))
    plan.extend(month_pages(dossier, months))
    plan.extend(picture_files(dossier))
    plan.append(Page(f"{ROUND_DIR}/index.html", "rounds.html", {"rounds": round_cards(dossier)}))
    for i, r in enumerate(dossier.rounds):
        prev = dossier.rounds[i - 1] if i > 0 else None
        nxt = dossier.rounds[i + 1] if i + 1 < len(dossier.rounds) else None
        before = substance.previous_event(dossier, r)
        plan.append(memo.get(r.url, (r, prev, nxt, before, dossier.rounds, dossier.stories, dossier.topics,
                                     *(dossier.person.get(x) for x in (*r.people, *r.heads)),
                                     *(dossier.person.get(x) for x in (before.people if before else ()))),
                             lambda r=r, prev=prev, nxt=nxt: round_page(dossier, r, prev, nxt, memo),
                             unchanged=(r.article_ids, before.article_ids if before else ())))
    plan.append(Page(f"{PERSON_DIR}/index.html", "people.html", {"sides": people_by_side(dossier)}))
    plan.extend(memo.get(p.url, (p, dossier.rounds, dossier.stories,
                                 *(dossier.person.get(x) for x, _ in p.companions[:COMPANION_COUNT])),
                         lambda p=p: person_page(dossier, p, memo),
                         unchanged=(p.article_ids, tuple(aid for aid, _ in p.quotes)))
                for p in dossier.people)
    plan.append(Page(f"{ORGANIZATION_DIR}/index.html", "organizations.html", {"organizations": dossier.organizations}))
    for o in dossier.organizations:
        plan.append(memo.get(o.url, (o, dossier.rounds, dossier.stories), lambda o=o: Page(o.url, "organization.html", {
            "organization": o,
            "entries": entries(dossier, o.article_ids, memo=memo),
        }), shown=memo.shown_same(dossier, o.article_ids)))
    plan.extend(topic_pages(dossier, memo))
    plan.append(Page(SEARCH_PAGE, "search.html", {}))
    # A host serves 404.html at any depth, where relative links would point nowhere.
    plan.append(Page("404.html", "404.html", {"absolute_links": True}))
    plan.append(Page("feed.xml", "feed.xml", {"articles": tuple(map(memo.listed, latest(dossier, FEED_COUNT)))}))
    plan.append(Page("sitemap.xml", "sitemap.xml", {"paths": tuple(sitemap_paths(plan))}))
    plan.append(Page("robots.txt", "robots.txt", {}))
    plan.append(File("dossier.json", dossier_json(dossier)))
    plan.extend(assets.files)
    return tuple(plan)


def picture_files(dossier: Dossier) -> list[File]:
    """The articles' thumbnails, each once, under the names the read stage gave them."""
    pictures = {a.thumbnail.site_path: a.thumbnail.path for a in dossier.articles if a.thumbnail}
    files = []
    for site_path, path in sorted(pictures.items()):
        try:
            files.append(File(site_path, path.read_bytes()))
        except OSError:
            pass  # removed since it was read (the dev server rebuilds again for that change)
    return files


def month_lists(dossier: Dossier, memo: PlanMemo | None = None) -> dict[str | None, tuple[Entry, ...]]:
    """Each month's entries (None: the undated articles'), made again only where what they show changed."""
    memo = memo if memo is not None else PlanMemo()
    lists = {}
    for key, ids in [*((m.key, m.article_ids) for m in dossier.timeline), (None, dossier.undated)]:
        lists[key] = memo.get(f"{UNDATED_PAGE if key is None else key} entries", (ids, dossier.rounds, dossier.stories),
                              lambda ids=ids: entries(dossier, ids, whole=True, memo=memo),
                              shown=memo.shown_same(dossier, ids))
    return lists


def home_page(dossier: Dossier, memo: PlanMemo | None = None, lists: dict | None = None) -> Page:
    lists = lists if lists is not None else month_lists(dossier, memo)
    months = tuple((m, lists[m.key]) for m in dossier.timeline)
    undated = lists[None]
    return Page("index.html", "index.html", {
        "latest": entries(dossier, (a.id for a in latest(dossier, LATEST_COUNT)), memo=memo),
        "rounds": round_cards(dossier),
        "recent": recent_months(months, HOME_TIMELINE_COUNT),
        # The archive: every month with how many stories it lists.
        "months": tuple((m, len(listed)) for m, listed in months),
        "undated": len(undated),
        "undated_page": UNDATED_PAGE,
        # The chart's inputs, drawn at render time: how many articles each day has, and the rounds.
        "chart_days": chart_days(dossier.articles),
        "all_rounds": dossier.rounds,
        "topics": dossier.topics,
        "updated": max((a.date for a in dossier.articles if a.date and not a.date_estimated), default=None),
        "counts": {
            "articles": len(dossier.articles),
            "rounds": len(dossier.rounds),
            "people": len(dossier.people),
            "organizations": len(dossier.organizations),
        },
    })


def recent_months(months, count: int) -> tuple[tuple[Month, tuple[Entry, ...], bool], ...]:
    """The last `count` entries of the timeline, by month, each with whether its month is shown whole."""
    shown = []
    left = count
    for m, items in reversed(months):
        if left <= 0:
            break
        part = items[-left:]
        shown.append((m, part, len(part) == len(items)))
        left -= len(part)
    return tuple(reversed(shown))


def chart_days(articles) -> tuple[tuple[object, bool, int], ...]:
    """(day, estimated, how many articles) for every dated day: what the timeline chart draws, and
    all it draws, so an edit that leaves the dates alone leaves the home page alone."""
    return tuple((day, estimated, n) for (day, estimated), n in
                 sorted(Counter((a.date, a.date_estimated) for a in articles if a.date is not None).items()))


def month_pages(dossier: Dossier, lists: dict | None = None) -> list[Page]:
    """A page per month of the timeline and one for the undated articles, each listing every
    story of it: the home page shows only the latest and links these."""
    lists = lists if lists is not None else month_lists(dossier)
    pages = []
    timeline = dossier.timeline
    for i, m in enumerate(timeline):
        pages.append(Page(m.url, "month.html", {
            "month": m,
            "entries": lists[m.key],
            "prev": timeline[i - 1] if i > 0 else None,
            "next": timeline[i + 1] if i + 1 < len(timeline) else None,
        }))
    if dossier.undated:
        pages.append(Page(UNDATED_PAGE, "month.html", {
            "month": None,
            "entries": lists[None],
            "prev": timeline[-1] if timeline else None,
            "next": None,
        }))
    return pages


def article_inputs(dossier: Dossier, a: Article, prev: Listed | None, nxt: Listed | None, memo: PlanMemo) -> tuple:
    """Every object of the dossier `article_page` reads for `a`."""
    story = dossier.story.get(a.id)
    return (a, prev, nxt, dossier.round.get(a.round_id) if a.round_id else None, story,
            *(memo.listed(dossier.article[k]) for k in ((story.main, *(k for k, _ in story.copies)) if story else ())),
            *(dossier.person.get(x) for x in a.people), *(dossier.organization.get(x) for x in a.organizations),
            *(dossier.person.get(q.speaker_id) for q in a.quotes), *(dossier.topic.get(x) for x in a.topic_ids))


def article_page(dossier: Dossier, a: Article, prev: Listed | Article | None, nxt: Listed | Article | None,
                 memo: PlanMemo | None = None) -> Page:
    view = memo.listed if memo is not None else listed
    people = tuple(dossier.person[x] for x in a.people if x in dossier.person)
    return Page(a.url, "article.html", {
        # A copy is found as its story's main article, not twice.
        "searchable": a.copy_of is None,
        "article": a,
        "story_main": view(dossier.article[a.copy_of]) if a.copy_of else None,
        "copies": tuple(map(view, copies_of(dossier, a))),
        "round": dossier.round.get(a.round_id) if a.round_id else None,
        "people": people,
        # The role this article gives each of them, or the one they held on its day.
        "people_roles": {p.id: _title(role_on(p.roles, a.date, frozenset((a.id,)))) for p in people},
        "organizations": tuple(dossier.organization[x] for x in a.organizations if x in dossier.organization),
        "quotes": tuple((dossier.person.get(q.speaker_id), q.text) for q in a.quotes),
        "topics": tuple(dossier.topic[x] for x in a.topic_ids if x in dossier.topic),
        "date_basis": date_basis(a),
        "prev": prev,
        "next": nxt,
    })


def round_page(dossier: Dossier, r: Round, prev: Round | None, nxt: Round | None, memo: PlanMemo | None = None) -> Page:
    return Page(r.url, "round.html", {
        "searchable": True,
        "round": r,
        "articles": entries(dossier, r.article_ids, memo=memo),
        "heads": tuple(dossier.person[x] for x in r.heads if x in dossier.person),
        "delegations": delegations(dossier, r),
        "topics": round_topics(dossier, r),
        "changes": substance.changes(dossier, r, memo.listed if memo is not None else listed),
        "prev": prev,
        "next": nxt,
    })


def person_page(dossier: Dossier, p: Person, memo: PlanMemo | None = None) -> Page:
    view = memo.listed if memo is not None else listed
    return Page(p.url, "person.html", {
        "searchable": True,
        "person": p,
        # Each role with the articles that give it, for the role history.
        "roles": tuple((r, tuple(view(dossier.article[x]) for x in r.article_ids if x in dossier.article)) for r in p.roles),
        "entries": entries(dossier, p.article_ids, memo=memo),
        "rounds": tuple(dossier.round[x] for x in p.round_ids if x in dossier.round),
        "quotes": tuple((view(dossier.article[aid]), text) for aid, text in p.quotes),
        "companions": tuple((dossier.person[x], n) for x, n in p.companions[:COMPANION_COUNT] if x in dossier.person),
    })


def entries(dossier: Dossier, article_ids, *, whole: bool = False, memo: PlanMemo | None = None) -> tuple[Entry, ...]:
    """The articles with these ids as list entries, each with its round, each story once.

    A copy of another article's text is listed as its story's main article, with every outlet
    that carried it (`Entry.also`); where the main article is listed anyway, or the list is a
    part of one that shows every story (`whole`: a month of the timeline), the copy is left out.
    """
    ids = list(article_ids)
    wanted = set(ids)
    seen: set[str] = set()
    out = []
    for aid in ids:
        main = dossier.article[aid].copy_of
        if main is not None:
            if whole or main in wanted:
                continue
            aid = main
        if aid in seen:
            continue
        seen.add(aid)
        a = dossier.article[aid]
        view = memo.listed if memo is not None else listed
        entry = Entry(view(a), dossier.round.get(a.round_id) if a.round_id else None,
                      tuple(map(view, copies_of(dossier, a))))
        out.append(memo.entry(entry) if memo is not None else entry)
    return tuple(out)


def copies_of(dossier: Dossier, a: Article) -> tuple[Article, ...]:
    """The other articles of `a`'s story when `a` is its main article."""
    story = dossier.story.get(a.id)
    if story is None or story.main != a.id:
        return ()
    return tuple(dossier.article[k] for k, _ in story.copies)


def round_cards(dossier: Dossier) -> tuple[RoundCard, ...]:
    return tuple(RoundCard(r, tuple(dossier.person[x] for x in r.heads if x in dossier.person)) for r in dossier.rounds)


def date_basis(a: Article) -> str | None:
    """The reported event an estimated date was taken from, as the article writes it."""
    if not a.date_estimated:
        return None
    return next((s.text for s in a.event_dates if s.end == a.date), None)


def delegations(dossier: Dossier, r: Round) -> tuple[tuple[str | None, tuple[tuple[Person, str | None], ...]], ...]:
    """The round's people by side, each side's head first, each with the role held then
    (see roles.role_on: what the round's own articles call them, within the editors' dates)."""
    people = [dossier.person[x] for x in r.people if x in dossier.person]
    heads = set(r.heads)
    articles = frozenset(r.article_ids)
    groups = []
    for side in (*PERSON_SIDES, None):
        members = [p for p in people if p.side == side]
        members.sort(key=lambda p: p.id not in heads)
        if members:
            groups.append((side, tuple((p, _title(role_on(p.roles, r.start, articles))) for p in members)))
    return tuple(groups)


def _title(role: RoleHeld | None) -> str | None:
    return role.title if role else None


def latest(dossier: Dossier, count: int) -> tuple[Article, ...]:
    """The most recent dated stories' main articles, newest first."""
    dated = [a for a in dossier.articles if a.date is not None and a.copy_of is None]
    return tuple(reversed(dated[-count:]))


def people_by_side(dossier: Dossier) -> tuple[tuple[str | None, tuple[tuple[str | None, tuple[Person, ...]], ...]], ...]:
    """People by side, then by the position each held most recently: the positions the most
    articles speak of first, people without a stated role last."""
    groups = []
    for side in (*PERSON_SIDES, None):
        by_role: dict[str | None, list[Person]] = {}
        titles: dict[str, str] = {}
        for p in dossier.people:
            if p.side != side:
                continue
            now = p.current_role
            key = position_key(now.title) if now else None
            if key is not None:
                titles.setdefault(key, now.title)
            by_role.setdefault(key, []).append(p)
        if not by_role:
            continue
        order = sorted(by_role, key=lambda k: (k is None, -sum(len(p.article_ids) for p in by_role[k]), titles.get(k, "")))
        groups.append((side, tuple((titles.get(k), tuple(by_role[k])) for k in order)))
    return tuple(groups)


def sitemap_paths(plan: list[Page | File]):
    for item in plan:
        if isinstance(item, Page) and item.path.endswith(".html") and item.path != "404.html":
            yield item.path


# -- topics and figures (substance.py) ----------------------------------------------


def topic_pages(dossier: Dossier, memo: PlanMemo | None = None) -> list[Page]:
    """The topics' index, a page per topic, and the figures page (the index and the figures page
    also without data/topics.yaml: the search page and the home page link them)."""
    memo = memo if memo is not None else PlanMemo()
    pages = [Page(TOPICS_PAGE, "topics.html", {"topics": dossier.topics})]
    for i, t in enumerate(dossier.topics):
        prev = dossier.topics[i - 1] if i > 0 else None
        nxt = dossier.topics[i + 1] if i + 1 < len(dossier.topics) else None
        pages.append(memo.get(t.url, (t, prev, nxt, dossier.rounds, dossier.stories),
                              lambda t=t, prev=prev, nxt=nxt: topic_page(dossier, t, prev, nxt, memo),
                              shown=memo.shown_same(dossier, t.article_ids, ("listed", "topics", "figures"))))
    pages.append(memo.get(FIGURES_PAGE, (dossier.topics, dossier.stories, memo.order),
                          lambda: Page(FIGURES_PAGE, "figures.html", {
        "rates": substance.tariff_rates(dossier, memo.listed),
        "rows": substance.figure_table(dossier, memo.listed),
        "tariff": dossier.topic.get(substance.TARIFF_TOPIC),
    }), shown=memo.shown_same(dossier, None, ("listed", "figures"))))
    return pages




def topic_page(dossier: Dossier, t: Topic, prev: Topic | None, nxt: Topic | None, memo: PlanMemo | None = None) -> Page:
    return Page(t.url, "topic.html", {
        "searchable": True,
        "topic": t,
        "chapters": substance.topic_history(dossier, t, memo.listed if memo is not None else listed),
        "prev": prev,
        "next": nxt,
    })


def round_topics(dossier: Dossier, r: Round) -> tuple[tuple[Topic, int], ...]:
    """The topics the event's articles discuss, in data/topics.yaml's order, with how many do."""
    counts: dict[str, int] = {}
    for aid in r.article_ids:
        for tid in dossier.article[aid].topic_ids:
            counts[tid] = counts.get(tid, 0) + 1
    return tuple((t, counts[t.id]) for t in dossier.topics if t.id in counts)
