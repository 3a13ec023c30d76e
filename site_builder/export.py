"""`dossier.json`: the documented, stable export of the dossier model (schema in the README)."""
from __future__ import annotations

import json

from .dossier import Article, Dossier, Organization, Person, Round, Topic
from .stories import Story

SCHEMA_VERSION = 1


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def article_record(a: Article) -> dict:
    return {
        "id": a.id,
        "slug": a.slug,
        "source_file": a.source_file,
        "title": a.title,
        "title_derived": a.title_derived,
        "description": a.description,
        "date": _iso(a.date),
        "date_source": a.date_source,
        "date_estimated": a.date_estimated,
        "event_dates": [
            {"start": _iso(s.start), "end": _iso(s.end), "text": s.text, "year_inferred": s.year_inferred,
             "year_from": s.year_from,
             "month_day": f"--{s.month_day[0]:02d}-{s.month_day[1]:02d}"}
            for s in a.event_dates
        ],
        "round": a.round_id,
        "round_reason": a.round_reason,
        "story": a.story,  # null for an article that is its own story
        "copy_of": a.copy_of,  # the story's main article, for a copy
        "likeness": a.likeness,
        "people": list(a.people),
        "roles": {pid: list(roles) for pid, roles in a.person_roles},
        "organizations": list(a.organizations),
        "quotes": [{"speaker": q.speaker_id, "text": q.text} for q in a.quotes],
        "outlet": a.outlet,
        "original_url": a.original_url,
        "tags": list(a.tags),
        "url": a.url,
        "source_text_url": a.original_path,
        "thumbnail_url": a.thumbnail.site_path if a.thumbnail else None,
        "topics": list(a.topic_ids),
        "figures": [figure_record(f) for f in a.figures],
    }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def figure_record(f) -> dict:
    """A figure: `paragraph` is its block of the article's body (-1 the title), `sentence` the
    sentence it stands in, `sentence_offset` where that sentence starts in the paragraph and
    `offset` where the figure starts in the sentence."""
    return {"kind": f.kind, "value": _number(f.value), "unit": f.unit, "text": f.text, "qualifier": f.qualifier,
            "topic": f.topic, "paragraph": f.block, "sentence": f.sentence.text,
            "sentence_offset": f.sentence.start, "offset": f.offset - f.sentence.start}


def topic_record(t: Topic) -> dict:
    return {"id": t.id, "name": t.name_vi, "name_en": t.name_en, "articles": list(t.article_ids), "url": t.url}


def round_record(r: Round) -> dict:
    return {
        "id": r.id,
        "kind": r.kind,
        "number": r.number,
        "title": r.title,
        "start": _iso(r.start),
        "end": _iso(r.end),
        "dates_source": r.dates_source,
        "place": r.place,
        "heads": list(r.heads),
        "articles": list(r.article_ids),
        "people": list(r.people),
        "url": r.url,
    }


def person_record(p: Person) -> dict:
    return {
        "id": p.id,
        "name": p.name,
        "aliases": list(p.aliases),
        "roles": [{"title": r.title, "from": r.start.isoformat() if r.start else None,
                   "to": r.end.isoformat() if r.end else None, "articles": list(r.article_ids),
                   "registered": r.registered} for r in p.roles],
        "current_role": p.current_role.title if p.current_role else None,
        "side": p.side,
        "in_registry": p.known,
        "articles": list(p.article_ids),
        "rounds": list(p.round_ids),
        "url": p.url,
    }


def organization_record(o: Organization) -> dict:
    return {"id": o.id, "name": o.name, "aliases": list(o.aliases), "articles": list(o.article_ids), "url": o.url}


def dossier_json(dossier: Dossier) -> bytes:
    """The export as UTF-8 JSON; the same dossier always gives the same bytes."""
    record = {
        "schema": SCHEMA_VERSION,
        "articles": _encoded_articles(dossier.articles),
        "rounds": [round_record(r) for r in dossier.rounds],
        "people": [person_record(p) for p in dossier.people],
        "organizations": [organization_record(o) for o in dossier.organizations],
        "stories": [story_record(st) for st in dossier.stories],
        "topics": [topic_record(t) for t in dossier.topics],
    }
    return json_lines(record, encoded={"articles"})


def story_record(st: Story) -> dict:
    return {"id": st.id, "main": st.main, "copies": [{"article": k, "likeness": share} for k, share in st.copies]}


# Each article's record as UTF-8 JSON, kept from the last export by the article's identity.
# The dev server's next build reuses the article objects that did not change (see
# `dossier.assemble`), and encoding thousands of records again on each edit was most of
# the time of planning the site. Only the last export's articles are kept.
_last_encoded: dict[int, tuple[Article, bytes]] = {}


def _encoded_articles(articles: tuple[Article, ...]) -> list[bytes]:
    global _last_encoded
    kept: dict[int, tuple[Article, bytes]] = {}
    for a in articles:
        found = _last_encoded.get(id(a))
        kept[id(a)] = found if found is not None and found[0] is a else (a, _dump(article_record(a)).encode("utf-8"))
    _last_encoded = kept
    return [data for _, data in kept.values()]


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_lines(record: dict, *, encoded: frozenset[str] | set[str] = frozenset()) -> bytes:
    """`record` as UTF-8 JSON with each top-level key, and each item of a top-level list, on a line of its own.

    Readable and diffable item by item, and written by the json module's C encoder
    (which `indent` would turn off: pretty-printing a large dossier took ten times longer).
    The lists under the keys in `encoded` hold their items as UTF-8 JSON already. The
    document is joined as bytes: joined as text first, a dossier of 5,000 articles held
    its export three times over (Vietnamese text takes two bytes a letter in memory).
    """
    lines = []
    for key, value in record.items():
        if isinstance(value, list) and value:
            items = b",\n".join(value if key in encoded else (_dump(v).encode("utf-8") for v in value))
            lines.append(b"%s:[\n%s\n]" % (_dump(key).encode("utf-8"), items))
        else:
            lines.append(f"{_dump(key)}:{_dump(value)}".encode("utf-8"))
    return b"{\n" + b",\n".join(lines) + b"\n}\n"
