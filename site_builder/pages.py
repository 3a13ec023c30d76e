"""Stage 5, plan: every output file of the site, with its template and the context it is rendered from.

Nothing is rendered or written here; the plan is plain data, so the renderer and the
writer stay simple and a rebuild can compare plans.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from . import substance
from .dossier import ORGANIZATION_DIR, PERSON_DIR, ROUND_DIR, TOPIC_DIR, Article, Dossier, Person, Round, Topic
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

    article: Article
    round: Round | None
    # The other outlets' copies of the same story (see stories.py), listed with it.
    also: tuple[Article, ...] = ()


@dataclass(frozen=True)
class RoundCard:
    """A round as shown in lists: the round and its heads of delegation."""

    round: Round
    heads: tuple[Person, ...]


def plan_site(dossier: Dossier, assets: Assets) -> tuple[Page | File, ...]:
    """Every output of the site, in a stable order."""
    plan: list[Page | File] = [home_page(dossier)]
    articles = dossier.articles
    for i, a in enumerate(articles):
        prev = articles[i - 1] if i > 0 else None
        nxt = articles[i + 1] if i + 1 < len(articles) else None
        plan.append(article_page(dossier, a, prev, nxt))
        # With a BOM, browsers read the text as UTF-8 whatever charset the server sends.
        plan.append(File(a.original_path, a.original_text))
    plan.extend(picture_files(dossier))
    plan.append(Page(f"{ROUND_DIR}/index.html", "rounds.html", {"rounds": round_cards(dossier)}))
    for i, r in enumerate(dossier.rounds):
        plan.append(round_page(dossier, r, dossier.rounds[i - 1] if i > 0 else None,
                               dossier.rounds[i + 1] if i + 1 < len(dossier.rounds) else None))
    plan.append(Page(f"{PERSON_DIR}/index.html", "people.html", {"sides": people_by_side(dossier)}))
    plan.extend(person_page(dossier, p) for p in dossier.people)
    plan.append(Page(f"{ORGANIZATION_DIR}/index.html", "organizations.html", {"organizations": dossier.organizations}))
    for o in dossier.organizations:
        plan.append(Page(o.url, "organization.html", {
            "organization": o,
            "entries": entries(dossier, o.article_ids),
        }))
    plan.extend(topic_pages(dossier))
    plan.append(Page(SEARCH_PAGE, "search.html", {}))
    # A host serves 404.html at any depth, where relative links would point nowhere.
    plan.append(Page("404.html", "404.html", {"absolute_links": True}))
    plan.append(Page("feed.xml", "feed.xml", {"articles": latest(dossier, FEED_COUNT)}))
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


def home_page(dossier: Dossier) -> Page:
    return Page("index.html", "index.html", {
        "latest": entries(dossier, (a.id for a in latest(dossier, LATEST_COUNT))),
        "rounds": round_cards(dossier),
        "months": tuple((m, entries(dossier, m.article_ids, whole=True)) for m in dossier.timeline),
        "undated": entries(dossier, dossier.undated, whole=True),
        # The chart's inputs: every article and round, drawn at render time.
        "articles": dossier.articles,
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


def article_page(dossier: Dossier, a: Article, prev: Article | None, nxt: Article | None) -> Page:
    people = tuple(dossier.person[x] for x in a.people if x in dossier.person)
    return Page(a.url, "article.html", {
        # A copy is found as its story's main article, not twice.
        "searchable": a.copy_of is None,
        "article": a,
        "story_main": dossier.article[a.copy_of] if a.copy_of else None,
        "copies": copies_of(dossier, a),
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


def round_page(dossier: Dossier, r: Round, prev: Round | None, nxt: Round | None) -> Page:
    return Page(r.url, "round.html", {
        "searchable": True,
        "round": r,
        "articles": entries(dossier, r.article_ids),
        "heads": tuple(dossier.person[x] for x in r.heads if x in dossier.person),
        "delegations": delegations(dossier, r),
        "topics": round_topics(dossier, r),
        "changes": substance.changes(dossier, r),
        "prev": prev,
        "next": nxt,
    })


def person_page(dossier: Dossier, p: Person) -> Page:
    return Page(p.url, "person.html", {
        "searchable": True,
        "person": p,
        # Each role with the articles that give it, for the role history.
        "roles": tuple((r, tuple(dossier.article[x] for x in r.article_ids if x in dossier.article)) for r in p.roles),
        "entries": entries(dossier, p.article_ids),
        "rounds": tuple(dossier.round[x] for x in p.round_ids if x in dossier.round),
        "quotes": tuple((dossier.article[aid], text) for aid, text in p.quotes),
        "companions": tuple((dossier.person[x], n) for x, n in p.companions[:COMPANION_COUNT] if x in dossier.person),
    })


def entries(dossier: Dossier, article_ids, *, whole: bool = False) -> tuple[Entry, ...]:
    """The articles with these ids as list entries, each with its round, each story once.

    A copy of another article's text is listed as its story's main article, with every outlet
    that carried it (`Entry.also`); where the main article is listed anyway, or the list is a
    part of one that shows every story (`whole`: a month of the timeline), the copy is left out.
    """
    ids = list(article_ids)
    listed = set(ids)
    seen: set[str] = set()
    out = []
    for aid in ids:
        main = dossier.article[aid].copy_of
        if main is not None:
            if whole or main in listed:
                continue
            aid = main
        if aid in seen:
            continue
        seen.add(aid)
        a = dossier.article[aid]
        out.append(Entry(a, dossier.round.get(a.round_id) if a.round_id else None, copies_of(dossier, a)))
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


def topic_pages(dossier: Dossier) -> list[Page]:
    """The topics' index, a page per topic, and the figures page (the index and the figures page
    also without data/topics.yaml: the search page and the home page link them)."""
    pages = [Page(TOPICS_PAGE, "topics.html", {"topics": dossier.topics})]
    for i, t in enumerate(dossier.topics):
        pages.append(topic_page(dossier, t, dossier.topics[i - 1] if i > 0 else None,
                                dossier.topics[i + 1] if i + 1 < len(dossier.topics) else None))
    pages.append(Page(FIGURES_PAGE, "figures.html", {
        "rates": substance.tariff_rates(dossier),
        "rows": substance.figure_table(dossier),
        "tariff": dossier.topic.get(substance.TARIFF_TOPIC),
    }))
    return pages


def topic_page(dossier: Dossier, t: Topic, prev: Topic | None, nxt: Topic | None) -> Page:
    return Page(t.url, "topic.html", {
        "searchable": True,
        "topic": t,
        "chapters": substance.topic_history(dossier, t),
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
