"""Stage 3, extract: dates, rounds, people, organizations and quotes of one article.

Rules written for how Vietnamese news reports these negotiations, not a general NLP
model: off-the-shelf Vietnamese date parsers read the round ordinals `thứ hai`,
`thứ năm` as weekdays and fill missing years from today, and the offline NER models
glue ministries onto names. Everything here works on one document at a time, so it
can be cached per file and run in parallel; what needs the other articles (the year
of a date written without one, the round of an article that names none) is settled
when the dossier is assembled.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from ..normalize import CleanDocument
from ..problems import Problem
from .dates import find_dates, parse_date_value
from .events import _CALL, find_rounds, ordinal_value
from .facts import (FRONT_MATTER, LEAD_BLOCKS, TITLE, EventDate, Facts, PartialDate, PersonFact, Quote, RoundMention,
                    _Text)
from .organizations import find_organizations
from .people import SURNAMES, TITLES, Lexicon, Mention, _resolve_people, find_people, is_vietnamese_syllable
from .quotes import _find_quotes

__all__ = [
    "FRONT_MATTER", "LEAD_BLOCKS", "SURNAMES", "TITLE", "TITLES", "EventDate", "Facts", "Lexicon", "Mention",
    "PartialDate", "PersonFact", "Quote", "RoundMention", "extract_facts", "find_dates", "find_organizations",
    "find_people", "find_rounds", "is_vietnamese_syllable", "ordinal_value", "parse_date_value",
]


def extract_facts(doc: CleanDocument, lexicon: Lexicon) -> Facts:
    """Everything the dossier needs from one cleaned document."""
    problems: list[Problem] = list(doc.problems)
    published, published_source = _publication_date(doc, problems)
    # A derived title repeats the lead, so only a written one is read, as block -1.
    parts = [] if doc.title_derived else [(TITLE, doc.title)]
    parts += [(i, b.text) for i, b in enumerate(doc.blocks) if b.kind != "caption"]
    text = _Text.of(parts)
    captions = _Text.of([(i, b.text) for i, b in enumerate(doc.blocks) if b.kind == "caption"])
    lead = "\n".join(t for b, t in parts if b < LEAD_BLOCKS)

    event_dates = find_dates(text.joined, 0)
    event_dates = [dataclasses.replace(e, block=text.block_at(e.offset)) for e in event_dates]
    mentions = [dataclasses.replace(m, block=text.block_at(m.offset)) for m in find_rounds(text.joined, 0)]
    round_mention = _front_matter_round(doc, problems)
    if round_mention is None:
        round_mention = next((m for m in mentions if m.block < LEAD_BLOCKS), None)
    own = (round_mention.kind, round_mention.number) if round_mention else None
    others = tuple(m for m in mentions if (m.kind, m.number) != own)

    people_mentions = find_people(text.joined, lexicon)
    people, by_short = _resolve_people(people_mentions + find_people(captions.joined, lexicon), lexicon)
    quotes = tuple(_find_quotes(text, people_mentions, by_short))

    organizations: dict[str, int] = {}
    for order, source in enumerate((text, captions)):
        for name, pos in find_organizations(source.joined, lexicon):
            organizations.setdefault(name, order * len(text.joined) + pos)
    place = None
    if lexicon.place_pattern is not None and (m := lexicon.place_pattern.search(lead)):
        place = lexicon.place_aliases[m.group(1)]

    return Facts(
        published=published,
        published_source=published_source,
        event_dates=tuple(event_dates),
        round_mention=round_mention,
        other_rounds=others,
        reports_call=_CALL.search(lead) is not None,
        people=people,
        organizations=tuple(sorted(organizations, key=organizations.get)),
        place=place,
        quotes=quotes,
        tags=_tags(doc.metadata.get("tags")),
        problems=tuple(problems),
    )


def _publication_date(doc: CleanDocument, problems: list[Problem]) -> tuple[dt.date | None, str]:
    for key in ("date", "created_at", "published"):
        if key not in doc.metadata:
            continue
        value = doc.metadata[key]
        parsed = parse_date_value(value)
        if parsed is not None:
            return parsed, "front_matter"
        problems.append(Problem(doc.source, doc.metadata_lines.get(key), "warning",
                                f"{key}: {value!r} is not a date (write YYYY-MM-DD); ignored"))
    if doc.date_prefix is not None:
        return doc.date_prefix, "prefix"
    return None, "none"


def _front_matter_round(doc: CleanDocument, problems: list[Problem]) -> RoundMention | None:
    """`round: 3`, `round: Vòng 3` or a `category` that names a round."""
    for key in ("round", "category"):
        value = doc.metadata.get(key)
        if value is None or isinstance(value, bool):
            continue
        text = str(value).strip()
        if text.isdigit() and int(text) > 0:
            return RoundMention("round", int(text), text, FRONT_MATTER)
        found = find_rounds(text, FRONT_MATTER)
        if found:
            return found[0]
        if key == "round":
            problems.append(Problem(doc.source, doc.metadata_lines.get(key), "warning",
                                    f"round: {value!r} names no round (write a number or “vòng đàm phán thứ …”); ignored"))
    return None


def _tags(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(t for t in (str(v).strip() for v in value) if t)
