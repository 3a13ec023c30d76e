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
import re

from ..normalize import CleanDocument
from ..problems import Problem
from .dates import find_dates, parse_date_value, years_written
from .figures import Figure, find_figures
from .events import find_rounds, is_reference, ordinal_value, reported_event
from .facts import (FRONT_MATTER, LEAD_BLOCKS, TITLE, EventDate, Facts, PartialDate, PersonFact, Quote, RoundMention,
                    _Text)
from .likeness import text_signature
from .organizations import find_organizations
from .people import SURNAMES, TITLES, Lexicon, Mention, _resolve_people, find_people, is_vietnamese_syllable
from .quotes import _find_quotes, _sentence_start
from .sentences import Sentence, split_sentences
from .topics import TopicFact, find_topics, matcher

__all__ = [
    "FRONT_MATTER", "LEAD_BLOCKS", "SURNAMES", "TITLE", "TITLES", "EventDate", "Facts", "Lexicon", "Mention",
    "PartialDate", "PersonFact", "Quote", "RoundMention", "extract_facts", "Figure", "Sentence", "TopicFact", "find_dates", "find_organizations",
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
    lead_blocks = _lead_blocks(parts)
    lead = "\n".join(t for b, t in parts if 0 <= b < lead_blocks)

    event_dates = find_dates(text.joined, 0)
    event_dates = [dataclasses.replace(e, block=text.block_at(e.offset)) for e in event_dates]
    mentions = [dataclasses.replace(m, block=text.block_at(m.offset)) for m in find_rounds(text.joined, 0)]
    # A derived title is the lead's first sentence: it says what the article reports as well.
    in_title = reported_event(doc.title, [])
    round_mention = _front_matter_round(doc, problems) or _own_round(mentions, text.joined, lead_blocks, in_title)
    reported = in_title or reported_event("", [(b, t) for b, t in parts if 0 <= b < lead_blocks])
    # The day of a reported event is a day the paragraph saying so gives (for the title: the lead's).
    reported_block = reported[1] if reported else TITLE
    reported_day = next((e for e in event_dates if reported_block >= 0 and e.block == reported_block and not e.aside),
                        None)
    round_day = _date_in_sentence(text.joined, round_mention, event_dates) if round_mention else None
    own = (round_mention.kind, round_mention.number) if round_mention else None
    others = tuple(m for m in mentions if (m.kind, m.number) != own)

    people_mentions = find_people(text.joined, lexicon)
    people, by_short = _resolve_people(people_mentions + find_people(captions.joined, lexicon), lexicon)
    quotes = tuple(_find_quotes(text, people_mentions, by_short))

    organizations: dict[str, int] = {}
    for order, source in enumerate((text, captions)):
        for name, pos in find_organizations(source.joined, lexicon):
            organizations.setdefault(name, order * len(text.joined) + pos)
    topics, figures = _topics_and_figures(parts, lexicon.registry.topics)
    place = None
    if lexicon.place_pattern is not None and (m := lexicon.place_pattern.search(lead)):
        place = lexicon.place_aliases[m.group(1)]

    return Facts(
        published=published,
        published_source=published_source,
        event_dates=tuple(event_dates),
        round_mention=round_mention,
        other_rounds=others,
        reported_event=None if round_mention or reported is None else reported[0],
        reported_day=None if round_mention else reported_day,
        round_day=round_day,
        people=people,
        organizations=tuple(sorted(organizations, key=organizations.get)),
        place=place,
        quotes=quotes,
        tags=_tags(doc.metadata.get("tags")),
        problems=tuple(problems),
        lead_blocks=lead_blocks,
        lead_people=_lead_people(people_mentions, by_short, _lead_end(text, lead_blocks)),
        years_written=years_written(text.joined),
        published_month=doc.date_prefix_month if published is None else None,
        signature=text_signature(signature_text(doc)),
        topics=topics,
        figures=figures,
    )


def signature_text(doc: CleanDocument) -> str:
    """The text copies of one story are compared on: the body without title or captions,
    where an outlet's reprint differs first."""
    return "\n".join(b.text for b in doc.blocks if b.kind != "caption")


def _topics_and_figures(parts: list[tuple[int, str]], topics) -> tuple[tuple[TopicFact, ...], tuple[Figure, ...]]:
    """The topics the title and body discuss and the figures they give, block by block in one pass.
    Captions are left out: a photo's caption repeats the text or shows another scene."""
    found = matcher(topics)
    sentences, signals, figures = [], [], []
    for block, text in parts:
        in_block = split_sentences(block, text)
        block_signals = found.signals(block, text)
        figures.extend(find_figures(block, text, in_block, block_signals))
        sentences.extend(in_block)
        signals.extend(block_signals)
    discussed = find_topics(sentences, signals, {(f.block, f.offset) for f in figures}, tuple(t.id for t in topics))
    return discussed, tuple(figures)


# A lead is the first two blocks, and the blocks after them that start within this many
# characters of the text: a one-sentence paragraph does not end the lead.
_LEAD_CHARS = 500


def _lead_blocks(parts: list[tuple[int, str]]) -> int:
    count, seen = LEAD_BLOCKS, 0
    for block, text in parts:
        if block < 0:
            continue
        if seen >= _LEAD_CHARS and block >= LEAD_BLOCKS:
            break
        count = max(count, block + 1)
        seen += len(text)
    return count


_SENTENCE_END = re.compile(r"[.!?](?= )|\n")


def _date_in_sentence(text: str, mention: RoundMention, dates: list[EventDate]) -> EventDate | None:
    """The date written in the sentence that names the round, nearest the name ("Chiều 20/5,
    Bộ cho biết vòng đàm phán thứ hai đã diễn ra từ ngày 19–22/5/2025"), plans and comparisons
    aside."""
    if mention.block < 0 and mention.block != TITLE:
        return None
    start = _sentence_start(text, mention.offset)
    end = m.start() if (m := _SENTENCE_END.search(text, mention.offset)) else len(text)
    inside = [e for e in dates if start <= e.offset < end and not e.aside]
    mention_end = mention.offset + len(mention.text)
    return min(inside, key=lambda e: e.offset - mention_end if e.offset >= mention_end else mention.offset - e.offset,
               default=None)


def _lead_end(text: _Text, lead_blocks: int) -> int:
    """Where the lead ends in the scanned text."""
    return next((start for block, start in zip(text.blocks, text.starts) if block >= lead_blocks), len(text.joined))


def _lead_people(mentions: list[Mention], by_short: dict[str, str], end: int) -> tuple[str, ...]:
    names = (by_short.get(m.name) if m.short else m.name for m in mentions if m.start < end)
    return tuple(dict.fromkeys(n for n in names if n))


def _own_round(mentions: list[RoundMention], text: str, lead_blocks: int,
               title_reports: tuple[str, int] | None) -> RoundMention | None:
    """The round the article reports: named in its title, else in its lead unless the title
    reports another kind of event (a joint statement that recalls round 3 is about the
    statement). A round named as the one after which something happened ("sau vòng đàm phán
    thứ ba") is not the article's."""
    named = [m for m in mentions if m.block < lead_blocks and not is_reference(text, m)]
    in_title = next((m for m in named if m.block == TITLE), None)
    if in_title is not None or title_reports is not None:
        return in_title
    return named[0] if named else None


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
    if doc.byline_date is not None:
        return doc.byline_date, "byline"
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
