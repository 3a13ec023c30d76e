"""People: names, the titles that introduce them, their roles and sides; the registry as lookups."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..normalize import fold
from ..registry import Registry
from .facts import PersonFact

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
