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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .normalize import CleanDocument, fold
from .problems import Problem
from .registry import Registry

# ---------------------------------------------------------------------------
# Results


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
    published_source: str  # front_matter | prefix | none
    event_dates: tuple[EventDate, ...]
    # The article's own round: front matter, else the first numbered mention in title and lead.
    round_mention: RoundMention | None
    # Other numbered rounds the text refers to ("chuẩn bị cho vòng đàm phán thứ ba").
    other_rounds: tuple[RoundMention, ...]
    # The title or lead reports a phone or video call (điện đàm).
    reports_call: bool
    people: tuple[PersonFact, ...]
    organizations: tuple[str, ...]
    # Where the lead says the event happened ("tại Washington D.C").
    place: str | None
    quotes: tuple[Quote, ...]
    tags: tuple[str, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def lead_event(self) -> EventDate | None:
        """The first event date of the title or lead: when what the article reports took place."""
        return next((e for e in self.event_dates if e.block < LEAD_BLOCKS), None)


# The title (block -1) and the first two body blocks make the lead; front matter is block -2.
LEAD_BLOCKS = 2
TITLE = -1
FRONT_MATTER = -2

# ---------------------------------------------------------------------------
# Dates

_DASH = r"\s*[-–—]\s*"
# Numbers joined by slashes and dashes; each is then read as one of the forms below. Scanning
# for digits first keeps the pass over a long article cheap.
_NUMERIC = re.compile(r"\d+(?:[/-]\d+)*(?:\s*[–—-]\s*\d+(?:[/-]\d+)*)?")
_NUMERIC_FORMS = (
    ("span_months", re.compile(rf"(\d{{1,2}})/(\d{{1,2}}){_DASH}(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}))?")),
    ("span_days", re.compile(rf"(\d{{1,2}}){_DASH}(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}))?")),
    ("iso", re.compile(r"(\d{4})-(\d{2})-(\d{2})")),
    ("day", re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?")),
)
_LONG_FORM = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm|,)\s*(\d{4}))?(?!\d)", re.I)
# A day and month with no year is a date only when the text says so ("ngày 12/6", "chiều 12/6").
_DAY_CONTEXT = re.compile(r"(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|từ|đến|tới|vào|rạng sáng|khuya)\s*$", re.I)


def find_dates(text: str, block: int = 0) -> list[EventDate]:
    """Every date and span of days written in `text`, in order."""
    found: list[EventDate] = []
    for m in _NUMERIC.finditer(text):
        if m.start() and text[m.start() - 1] in "/.,":
            continue
        chunk = m.group(0)
        for form, pattern in _NUMERIC_FORMS:
            parts = pattern.fullmatch(chunk)
            if parts:
                event = _event(form, parts.groups(), chunk, text, m.start(), block)
                if event is not None:
                    found.append(event)
                break
    if "tháng" in text or "Tháng" in text:
        for m in _LONG_FORM.finditer(text):
            if m.start() and text[m.start() - 1].isdigit():
                continue
            event = _event("long", m.groups(), m.group(0), text, m.start(), block)
            if event is not None:
                found.append(event)
        found.sort(key=lambda e: e.offset)
    return found


def _event(form: str, g: tuple, written: str, text: str, at: int, block: int) -> EventDate | None:
    if form == "span_months":
        year = int(g[4]) if g[4] else None
        start, end = PartialDate(year, int(g[1]), int(g[0])), PartialDate(year, int(g[3]), int(g[2]))
        if year and (end.month, end.day) < (start.month, start.day):  # 28/12–2/1/2026 crosses a new year
            start = PartialDate(year - 1, start.month, start.day)
    elif form == "span_days":
        year = int(g[3]) if g[3] else None
        start, end = PartialDate(year, int(g[2]), int(g[0])), PartialDate(year, int(g[2]), int(g[1]))
    elif form == "iso":
        start = end = PartialDate(int(g[0]), int(g[1]), int(g[2]))
    else:  # day, long
        year = int(g[2]) if g[2] else None
        start = end = PartialDate(year, int(g[1]), int(g[0]))
    if start.year is None and not _DAY_CONTEXT.search(text, max(0, at - 20), at):
        return None
    probe = 2024  # a leap year, so 29/2 without a year is still a possible day
    if start.with_year(start.year or probe) is None or end.with_year(end.year or probe) is None:
        return None
    if start.year and not 1900 <= start.year <= 2100:
        return None
    if start.year == end.year and (start.month, start.day) > (end.month, end.day):
        return None
    return EventDate(start, end, written, block, at)


def parse_date_value(value) -> dt.date | None:
    """A front-matter date: a YAML date, or text as `YYYY-MM-DD[ HH:MM[:SS]]` or `DD/MM/YYYY`."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not m:
            return None
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Rounds

_ORDINAL_WORDS = {
    "nhất": 1, "một": 1, "đầu tiên": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
}
_UNIT = r"(?:một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín)"
_ORDINAL = (rf"(?:\d{{1,2}}|đầu\s+tiên|mười(?:\s+{_UNIT})?|(?:hai|ba)\s+mươi(?:\s+{_UNIT})?|"
            r"nhất|một|hai|ba|tư|bốn|năm|sáu|bảy|bẩy|tám|chín)")
_QUALIFIER = (r"(?:trực\s+tiếp|trực\s+tuyến|chính\s+thức|cấp\s+bộ\s+trưởng|cấp\s+kỹ\s+thuật|kỹ\s+thuật|"
              r"thương\s+mại|song\s+phương|đối\s+ứng|thuế\s+quan|toàn\s+thể|mới)")
# "vòng đàm phán thứ hai", "phiên đàm phán trực tiếp cấp Bộ trưởng lần thứ 8", "vòng thứ 6", "Vòng 3".
# Only `vòng`/`phiên` head a round: `cuộc họp thứ 4` or `Hội nghị … lần thứ 47` are not rounds.
_ROUND = re.compile(
    rf"(?<!\w)(vòng|phiên)(?:\s+(?:đàm\s+phán|làm\s+việc|họp))?((?:\s+{_QUALIFIER})*)"
    rf"\s+(?:lần\s+)?(?:thứ\s+)?({_ORDINAL})(?![\w/])",
    re.I,
)
_CALL = re.compile(rf"(?<!\w)điện\s+đàm(?:\s+trực\s+tuyến)?(?:\s+(?:lần\s+)?(?:thứ\s+)?({_ORDINAL})(?![\w/]))?", re.I)


def ordinal_value(text: str) -> int | None:
    """`8` → 8, `thứ hai` → 2, `mười một` → 11, `hai mươi mốt` → 21."""
    words = text.lower().split()
    if not words:
        return None
    if words[0].isdigit():
        return int(words[0])
    joined = " ".join(words)
    if joined in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[joined]
    units = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
             "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
    if words[0] == "mười":
        return 10 + (units.get(words[1], 0) if len(words) > 1 else 0)
    if len(words) >= 2 and words[1] == "mươi" and words[0] in units:
        return units[words[0]] * 10 + (units.get(words[2], 0) if len(words) > 2 else 0)
    return None


def find_rounds(text: str, block: int = 0) -> list[RoundMention]:
    """Numbered rounds, ministerial sessions and calls named in `text`."""
    found = []
    for m in _ROUND.finditer(text):
        number = ordinal_value(m.group(3))
        if not number:
            continue
        kind = "ministerial" if re.search(r"bộ\s+trưởng", m.group(2), re.I) else "round"
        found.append(RoundMention(kind, number, m.group(0), block, m.start()))
    for m in _CALL.finditer(text):
        if m.group(1) and (number := ordinal_value(m.group(1))):
            found.append(RoundMention("call", number, m.group(0), block, m.start()))
    found.sort(key=lambda m: m.offset)
    return found


# ---------------------------------------------------------------------------
# People and organizations

_VN_UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
_WORD_CHARS = r"\w'’\-"
# A run of capitalized words on one line ("Bộ Công Thương Nguyễn Hồng Diên", "Bryan R. Switzer").
_CAPITALIZED_RUN = re.compile(rf"[{_VN_UPPER}][{_WORD_CHARS}]*\.?(?: [{_VN_UPPER}][{_WORD_CHARS}]*\.?)*")
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
_INITIAL = re.compile(r"[A-Z]\.")
_ASCII_NAME_TOKEN = re.compile(r"[A-Z][A-Za-z'’\-]+")

SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Lương Mai Tô Đào "
    "Đoàn Vương Trương Lâm Hà Phùng Tạ Châu Cao Kiều Quách Thái Lưu Triệu La Chu Nông Lại Tăng Tôn Từ Doãn "
    "Khúc Mạc Giang Thân Hứa Lục Diệp Bạch Tống Kim Mã Đàm Quan Hầu Nghiêm Văn Thạch Lò Đồng Khổng Âu".split()
)
# Words that introduce a person in Vietnamese news.
TITLES = tuple(
    t.strip() for t in """Bộ trưởng|Thứ trưởng|Thứ trưởng Thường trực|Phó Thủ tướng|Phó Thủ tướng Thường trực|
    Thủ tướng|Chủ tịch nước|Chủ tịch|Phó Chủ tịch|Tổng Bí thư|Bí thư|Tổng thống|Phó Tổng thống|Đại sứ|Trưởng đoàn|
    Phó Trưởng đoàn|Trưởng Đại diện Thương mại|Đại diện Thương mại|Phó Đại diện Thương mại|Trợ lý|
    Trợ lý Ngoại trưởng|Ngoại trưởng|Thống đốc|Phó Thống đốc|Vụ trưởng|Phó Vụ trưởng|Cục trưởng|
    Phó Cục trưởng|Tổng cục trưởng|Viện trưởng|Giám đốc|Tổng Giám đốc|Phó Giám đốc|Phó Tổng Giám đốc|
    Chủ nhiệm|Trưởng ban|Phó Trưởng ban|Tổng Thư ký|Thư ký|Thượng nghị sĩ|Hạ nghị sĩ|Nghị sĩ|Chánh Văn phòng|
    Người phát ngôn|Phát ngôn viên|Tiến sĩ|Giáo sư|Phó Giáo sư|TS.|PGS.TS.|GS.TS.|GS.|
    chuyên gia|quan chức|ông|bà|ngài|Trưởng Đại diện|Phó Trưởng Đại diện|Chủ tịch Hạ viện|
    Cố vấn|Cố vấn Thương mại|Tham tán Thương mại|Tham tán|Lãnh sự|Tổng Lãnh sự""".split("|")
)
_HONORIFICS = frozenset(("ông", "bà", "ngài"))
_BARE_TITLES = frozenset(t.lower() for t in TITLES)


def _trie_regex(words) -> str:
    """An alternation of `words` sharing prefixes (`Phó (?:Thủ tướng|…)`): far fewer backtracks than a flat list."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) if ch else "" for ch, child in sorted(node.items())]
        optional = "" in branches
        branches = [b for b in branches if b]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
        if len(branches) == 1 and not optional:
            return body
        return body + ("?" if optional else "")

    return emit(trie)


_TITLE = re.compile(r"(?<![\w.])" + _trie_regex(TITLES) + r"(?!\w)", re.I)
# Words after which a capitalized name is a place, not a person ("Thành phố Hồ Chí Minh").
_PLACE_NOUN = re.compile(r"(?:thành phố|tp\.?|tỉnh|huyện|quận|phường|xã|thị xã|đường|phố|sông|núi|biển|"
                         r"vịnh|đảo|quần đảo|lăng|cầu|sân bay|cảng|bảo tàng|trường|bệnh viện)\s*$", re.I)
# How far back from a name its title may start, and what ends that search.
_ROLE_REACH = 140
_CLAUSE_BREAK = re.compile(r"[.;:!?\n]\s|[“”\"()\n]|\s[-–—]\s")
_ROLE_LINK = re.compile(r"^[ ,]*(?:kiêm|[-–—])?[ ,]*$|^ [^,.;:!?()“”\"\n]{0,60}?, *$")
_ROLE_AFTER = re.compile(r" *(?:,|[-–—]) *")
_ROLE_END = re.compile(r"[,.;:!?()“”\"\n]| [-–—] ")
_SPEECH_VERB = re.compile(
    r"(?<!\w)(?:nhấn mạnh|cho biết|khẳng định|nói|phát biểu|chia sẻ|bày tỏ|cho rằng|nhận định|tuyên bố|"
    r"kêu gọi|đề nghị|nêu rõ|lưu ý|thông tin|trả lời|giải thích|nhận xét|đánh giá|kỳ vọng|mong muốn|"
    r"khuyến nghị|cam kết|viết|lập luận|nhắc lại|tái khẳng định|thừa nhận|cảnh báo)(?!\w)",
    re.I,
)
_QUOTED = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"")
_QUOTE_MIN_WORDS = 5
_US_SIDE = re.compile(r"Hoa Kỳ|Mỹ|USTR|Washington|Nhà Trắng", re.I)
_VN_SIDE = re.compile(r"Việt Nam|Chính phủ|Bộ Công Thương|Quốc hội|Đảng", re.I)


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(token: str) -> bool:
    return _SYLLABLE.fullmatch(fold(token).lower()) is not None


def _is_vietnamese_name(tokens: list[str]) -> bool:
    return (
        2 <= len(tokens) <= 4
        and tokens[0] in SURNAMES
        and all(t[0].isupper() and is_vietnamese_syllable(t) for t in tokens)
    )


def _western_name_length(tokens: list[str]) -> int:
    """How many leading tokens form a Western name (`Bryan R. Switzer` → 3), 0 if they don't."""
    n = 0
    for i, t in enumerate(tokens[:5]):
        if (i > 0 and _INITIAL.fullmatch(t)) or _ASCII_NAME_TOKEN.fullmatch(t):
            n += 1
            continue
        break
    while n and _INITIAL.fullmatch(tokens[n - 1]):
        n -= 1
    n = min(n, 4)
    words = [t for t in tokens[:n] if not _INITIAL.fullmatch(t)]
    if len(words) < 2 or all(is_vietnamese_syllable(t) for t in words):
        return 0
    return n


@dataclass(frozen=True)
class Lexicon:
    """The registry turned into lookups for extraction; built once per build."""

    registry: Registry

    @cached_property
    def person_aliases(self) -> dict[str, str]:
        """Every way a known person is written (full name, listed aliases, Western surname) → full name."""
        table: dict[str, str] = {}
        surnames: dict[str, list[str]] = {}
        for p in self.registry.people:
            table[p.name] = p.name
            for alias in p.aliases:
                table.setdefault(alias, p.name)
            if not _is_vietnamese_name(p.name.split()):
                surnames.setdefault(p.name.split()[-1], []).append(p.name)
        for last, names in surnames.items():
            if len(names) == 1:
                table.setdefault(last, names[0])
        return table

    @cached_property
    def alias_starts(self) -> frozenset[str]:
        """First words of the aliases: a run that starts with none of them holds no alias there."""
        return frozenset(a.split()[0] for a in self.person_aliases)

    @cached_property
    def longest_alias(self) -> int:
        return max((len(a.split()) for a in self.person_aliases), default=1)

    @cached_property
    def people(self) -> dict:
        return {p.name: p for p in self.registry.people}

    @cached_property
    def organization_aliases(self) -> dict[str, str]:
        return {alias: o.name for o in self.registry.organizations for alias in (o.name, *o.aliases)}

    @cached_property
    def organization_pattern(self) -> re.Pattern | None:
        """Every alias at once; longer aliases first so `Bộ Thương mại Hoa Kỳ` beats `Bộ Thương mại`."""
        names = sorted(self.organization_aliases, key=len, reverse=True)
        if not names:
            return None
        return re.compile("|".join(re.escape(n) for n in names))

    @cached_property
    def place_aliases(self) -> dict[str, str]:
        return {alias: p.name for p in self.registry.places for alias in (p.name, *p.aliases)}

    @cached_property
    def place_starts(self) -> frozenset[str]:
        return frozenset(a.split()[0] for a in self.place_aliases)

    @cached_property
    def place_pattern(self) -> re.Pattern | None:
        names = sorted(self.place_aliases, key=len, reverse=True)
        if not names:
            return None
        return re.compile(r"(?<!\w)tại (" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


@dataclass(frozen=True)
class Mention:
    """A person named in a text: where, how, and with which titles."""

    name: str
    start: int
    end: int
    known: bool
    roles: tuple[str, ...]
    # A lone word after a title ("ông Sơn"), to be resolved against the article's full names.
    short: bool


def find_people(text: str, lexicon: Lexicon) -> list[Mention]:
    """People named in `text`: registry names and aliases anywhere, other names after a title.

    Works line by line in effect: names and titles never span a newline.
    """
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
    title_ends = [e for _, e in titles]
    aliases, starts = lexicon.person_aliases, lexicon.alias_starts
    found: list[Mention] = []
    floor = 0  # end of the last full name: nothing before it introduces the next one

    def add(name: str, start: int, end: int, known: bool, short: bool) -> None:
        nonlocal floor
        role = _role_before(text, start, titles, title_ends, floor)
        if not known and not short and role is None:
            return
        roles = _split_roles(role) + _split_roles(_role_after(text, end))
        found.append(Mention(name, start, end, known, roles, short))
        if not short:
            floor = end

    for run in _CAPITALIZED_RUN.finditer(text):
        words = run.group(0).split(" ")
        offsets, pos = [], run.start()
        for w in words:
            offsets.append(pos)
            pos += len(w) + 1
        i = 0
        while i < len(words):
            word, start = words[i], offsets[i]
            if word in starts or word.rstrip(".") in starts:
                hit = _registry_hit(words, i, aliases, lexicon.longest_alias)
                if hit:
                    n, name = hit
                    add(name, start, offsets[i + n - 1] + len(words[i + n - 1]), True, False)
                    i += n
                    continue
            if word in lexicon.place_starts:
                span = _place_length(words, i, lexicon.place_aliases)
                if span:
                    i += span  # "Việt Nam Brian Reed": the place is not the start of the name
                    continue
            if word in SURNAMES or (word.isascii() and len(words) - i > 1):
                n = _unknown_name_length(words, i)
                if n:
                    name = " ".join(words[i:i + n])
                    if name not in lexicon.place_aliases and not _PLACE_NOUN.search(text, max(0, start - 20), start):
                        before = len(found)
                        add(name, start, offsets[i + n - 1] + len(words[i + n - 1]), False, False)
                        if len(found) > before:
                            i += n
                            continue
            if i == len(words) - 1 and _title_just_before(text, start, titles, title_ends):
                word = word.rstrip(".")
                add(word, start, start + len(word), False, True)
            i += 1
    return found


def _registry_hit(words: list[str], i: int, aliases: dict[str, str], longest: int) -> tuple[int, str] | None:
    for n in range(min(longest, len(words) - i), 0, -1):
        candidate = " ".join(words[i:i + n])
        name = aliases.get(candidate) or aliases.get(candidate.rstrip("."))
        if name:
            # A known surname inside another full name is somebody else ("Greer" in "Ann Greer").
            if n == 1 and candidate != name and len(words) > 1:
                return None
            return n, name
    return None


def _place_length(words: list[str], i: int, places: dict[str, str]) -> int:
    for n in range(min(4, len(words) - i), 0, -1):
        if " ".join(words[i:i + n]) in places:
            return n
    return 0


def _unknown_name_length(words: list[str], i: int) -> int:
    if words[i] in SURNAMES:
        for n in (4, 3, 2):
            if i + n <= len(words) and _is_vietnamese_name(words[i:i + n]):
                return n
        return 0
    return _western_name_length(words[i:i + 5])  # it reads five tokens at most; no copy of a long run


def _title_just_before(text: str, start: int, titles, title_ends) -> bool:
    k = bisect_right(title_ends, start) - 1
    return k >= 0 and text[titles[k][1]:start].strip(" ,") == ""


def _role_before(text: str, start: int, titles, title_ends, floor: int) -> str | None:
    """The title phrase that introduces the name at `start` ("Bộ trưởng Bộ Công Thương"), or None.

    Chained titles count as one phrase ("Phó Thủ tướng kiêm Bộ trưởng Ngoại giao"); an
    honorific (ông, bà) introduces a name without being a role and gives "". Nothing
    before `floor` (the previous name) belongs to this one.
    """
    k = bisect_right(title_ends, start) - 1
    if k < 0 or titles[k][0] < floor or start - titles[k][1] > _ROLE_REACH:
        return None
    name_at = start
    while name_at > 0 and text[name_at - 1] in " ,":  # not text[:start].rstrip(): no copy per name
        name_at -= 1
    if _CLAUSE_BREAK.search(text, titles[k][1], name_at):
        return None
    if text[titles[k][0]:titles[k][1]].lower() in _HONORIFICS:
        return ""
    first = titles[k][0]
    # A chain of titles is a phrase, not a page: the bound keeps "Bộ trưởng Bộ trưởng …" linear.
    while k > 0 and titles[k - 1][0] >= floor and start - titles[k - 1][0] <= 3 * _ROLE_REACH:
        gap = text[titles[k - 1][1]:first]
        if not _ROLE_LINK.match(gap) or text[titles[k - 1][0]:titles[k - 1][1]].lower() in _HONORIFICS:
            break
        k -= 1
        first = titles[k][0]
    return text[first:start].strip(" ,–—-")


def _role_after(text: str, end: int) -> str | None:
    """An appositive after a name: "Jamieson Greer, Trưởng đoàn đàm phán phía Hoa Kỳ, …"."""
    m = _ROLE_AFTER.match(text, end)
    if not m:
        return None
    title = _TITLE.match(text, m.end())
    if not title or title.group(0).lower() in _HONORIFICS:
        return None
    stop = _ROLE_END.search(text, title.end())
    return text[title.start(): stop.start() if stop else len(text)].strip()


def _split_roles(role: str | None) -> tuple[str, ...]:
    """"Bộ trưởng Bộ Công Thương, Trưởng đoàn …" → each title phrase on its own, bare titles dropped."""
    if not role:
        return ()
    merged: list[str] = []
    for part in re.split(r", *(?=\S)| [-–—] ", role):
        part = part.strip()
        if merged and not _TITLE.match(part):
            merged[-1] += ", " + part
        else:
            merged.append(part)
    return tuple(m for m in merged if m.lower() not in _BARE_TITLES)


def find_organizations(text: str, lexicon: Lexicon) -> list[tuple[str, int]]:
    """Known organizations named in `text`, with where each first appears."""
    pattern = lexicon.organization_pattern
    found: dict[str, int] = {}
    if pattern is None:
        return []
    for m in pattern.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if before.isalnum() or after.isalnum():
            continue
        found.setdefault(lexicon.organization_aliases[m.group(0)], m.start())
    return list(found.items())


# ---------------------------------------------------------------------------
# The article


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


def _resolve_people(mentions: list[Mention], lexicon: Lexicon) -> tuple[tuple[PersonFact, ...], dict[str, str]]:
    """Full names in order of first mention, short references folded into the full name they stand for."""
    by_last: dict[str, set[str]] = {}
    for m in mentions:
        if not m.short:
            by_last.setdefault(m.name.split()[-1], set()).add(m.name)
    by_short = {m.name: next(iter(by_last[m.name])) for m in mentions
                if m.short and len(by_last.get(m.name, ())) == 1}
    order: dict[str, int] = {}
    roles: dict[str, list[str]] = {}
    known: dict[str, bool] = {}
    for m in mentions:
        name = by_short.get(m.name) if m.short else m.name
        if name is None:
            continue
        order[name] = order.get(name, 0) + 1
        known[name] = known.get(name, False) or m.known or name in lexicon.people
        seen = roles.setdefault(name, [])
        seen.extend(r for r in m.roles if r not in seen)
    people = []
    for name, count in order.items():
        entry = lexicon.people.get(name)
        side = entry.side if entry else _side(name, tuple(roles[name]))
        people.append(PersonFact(name, known[name], tuple(roles[name]), side, count))
    return tuple(people), by_short


def _side(name: str, roles: tuple[str, ...]) -> str | None:
    text = " ".join(roles)
    if _US_SIDE.search(text):
        return "Hoa Kỳ"
    if _VN_SIDE.search(text) or _is_vietnamese_name(name.split()):
        return "Việt Nam"
    return None


def _find_quotes(text: _Text, mentions: list[Mention], by_short: dict[str, str]):
    """Quotations with the person who said them: a speaker, a speech verb, then the quoted words."""
    joined = text.joined
    mentions = sorted(mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    for q in _QUOTED.finditer(joined):
        words = (q.group(1) or q.group(2)).strip()
        block = text.block_at(q.start())
        if block < 0 or len(words.split()) < _QUOTE_MIN_WORDS:
            continue
        sentence_start = _sentence_start(joined, q.start())
        verb = None
        for verb in _SPEECH_VERB.finditer(joined, sentence_start, q.start()):
            pass
        if verb is None:
            continue
        near = mentions[bisect_left(mention_starts, sentence_start):bisect_right(mention_starts, verb.start())]
        speakers = [m for m in near if m.end <= verb.start()]
        if not speakers:
            continue
        speaker = speakers[-1]
        name = by_short.get(speaker.name) if speaker.short else speaker.name
        if name:
            yield Quote(name, words.rstrip(" ."), block)


def _sentence_start(text: str, pos: int) -> int:
    """Start of the sentence containing `pos`: after a full stop outside quotes, or the line start."""
    depth = 0
    # No real sentence runs this long before its quote; the bound keeps a huge one-line file linear.
    reach = max(0, pos - _SENTENCE_REACH)
    for i in range(pos - 1, reach - 1, -1):
        c = text[i]
        if c == "\n":
            return i + 1
        if c == "”":
            depth += 1
        elif c == "“":
            depth = max(0, depth - 1)
        elif c in ".!?" and depth == 0 and text[i + 1:i + 2] == " ":
            return i + 2
    return reach


_SENTENCE_REACH = 1000


def _tags(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(t for t in (str(v).strip() for v in value) if t)
