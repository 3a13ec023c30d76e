"""The results of extraction: what one article says, and where in it."""
from __future__ import annotations

import dataclasses
import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass

from ..problems import Problem
from .likeness import TextSignature


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar day whose year may not be written (`chiều ngày 12/6`)."""

    year: int | None
    month: int
    day: int

    def with_year(self, year: int) -> dt.date | None:
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None

    @property
    def date(self) -> dt.date | None:
        return self.with_year(self.year) if self.year else None


@dataclass(frozen=True)
class EventDate:
    """A date or span of days the text reports, as written (`từ ngày 19–22/5/2025`)."""

    start: PartialDate
    end: PartialDate
    text: str
    # Index of the body block it was found in; -1 for the title.
    block: int
    # Where in the scanned text it was found.
    offset: int = dataclasses.field(default=0, compare=False)
    # Written as still to come ("dự kiến … ngày 7/5 tới") or as a point of comparison ("so với
    # mức 46% công bố hôm 2-4", "kể từ 7/8"): not the day of what the article reports.
    aside: bool = False

    @property
    def complete(self) -> bool:
        return self.start.year is not None and self.end.year is not None


@dataclass(frozen=True)
class RoundMention:
    kind: str  # round | ministerial | call | other
    number: int | None
    text: str
    block: int
    offset: int = dataclasses.field(default=0, compare=False)


@dataclass(frozen=True)
class PersonFact:
    """A person as one article presents them."""

    name: str
    known: bool  # in data/people.yaml
    roles: tuple[str, ...]
    side: str | None
    mentions: int


@dataclass(frozen=True)
class Quote:
    speaker: str
    text: str
    block: int


@dataclass(frozen=True)
class Facts:
    """What one article says, before it is placed among the others."""

    published: dt.date | None
    published_source: str  # front_matter | prefix | byline | none
    event_dates: tuple[EventDate, ...]
    # The article's own round: front matter, else the first numbered mention in title and lead.
    round_mention: RoundMention | None
    # Other numbered rounds the text refers to ("chuẩn bị cho vòng đàm phán thứ ba").
    other_rounds: tuple[RoundMention, ...]
    # The kind of one-day event the title or lead reports (call, joint-statement,
    # tariff-order, signing, meeting; see events.reported_event), or None.
    reported_event: str | None
    people: tuple[PersonFact, ...]
    organizations: tuple[str, ...]
    # Where the lead says the event happened ("tại Washington D.C").
    place: str | None
    quotes: tuple[Quote, ...]
    tags: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    # Blocks before this one make the lead (at least LEAD_BLOCKS; more when they are short).
    lead_blocks: int = 2
    # The day the paragraph reporting that event gives, if it gives one.
    reported_day: EventDate | None = None
    # The date written in the sentence that names the article's round, if any.
    round_day: EventDate | None = None
    # Names of the people the title and lead mention.
    lead_people: tuple[str, ...] = ()
    # The years written anywhere in the text ("quý I/2025", "of 2025"), in order.
    years_written: tuple[int, ...] = ()
    # The year and month of a partial publication date (` date 2025-07 `), when that is all there is.
    published_month: tuple[int, int] | None = None
    # The body's MinHash signature (likeness.py), None for a text of under five words.
    signature: TextSignature | None = None
    # The topics the article discusses (extract/topics.py) and the figures it gives (extract/figures.py).
    topics: tuple = ()
    figures: tuple = ()

    @property
    def lead_event(self) -> EventDate | None:
        """The first event date of the title or lead: when what the article reports took place."""
        return next((e for e in self.event_dates if e.block < self.lead_blocks and not e.aside), None)


# The title (block -1) and the first two body blocks make the lead; front matter is block -2.
LEAD_BLOCKS = 2
TITLE = -1
FRONT_MATTER = -2


@dataclass(frozen=True)
class _Text:
    """An article's title and blocks joined by newlines, scanned once; offsets map back to blocks."""

    joined: str
    blocks: tuple[int, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, parts: list[tuple[int, str]]) -> _Text:
        starts, pos = [], 0
        for _, text in parts:
            starts.append(pos)
            pos += len(text) + 1
        return cls("\n".join(t for _, t in parts), tuple(b for b, _ in parts), tuple(starts))

    def block_at(self, offset: int) -> int:
        return self.blocks[bisect_right(self.starts, offset) - 1] if self.blocks else 0
