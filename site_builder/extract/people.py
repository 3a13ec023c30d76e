"""People: names, the titles that introduce them, their roles and sides; the registry as lookups."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from ..normalize import fold
from ..registry import MAX_ROLE_WORDS, OTHER_SIDE, Registry, role_words
from .facts import PersonFact

_VN_UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
_WORD_CHARS = r"\w'’\-"
# A run of capitalized words on one line ("Bộ Công Thương Nguyễn Hồng Diên", "Bryan R. Switzer").
_CAPITALIZED_RUN = re.compile(rf"[{_VN_UPPER}][{_WORD_CHARS}]*\.?(?: [{_VN_UPPER}][{_WORD_CHARS}]*\.?)*")
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
_FIRST_WORD = re.compile(r"\w+")
_INITIAL = re.compile(r"[A-Z]\.")
_ASCII_NAME_TOKEN = re.compile(r"[A-Z][A-Za-z'’\-]+")

SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Lương Mai Tô Đào "
    "Đoàn Vương Trương Lâm Hà Phùng Tạ Châu Cao Kiều Quách Thái Lưu Triệu La Chu Nông Lại Tăng Tôn Từ Doãn "
    "Khúc Mạc Giang Thân Hứa Lục Diệp Bạch Tống Kim Mã Đàm Quan Hầu Nghiêm Văn Thạch Lò Đồng Khổng Âu".split()
)
# Words that introduce a person in Vietnamese news.
TITLES = tuple(
    t.strip() for t in """Bộ trưởng|Thứ trưởng|Thứ trưởng Thường trực|Quyền Bộ trưởng|Phó Thủ tướng|
    Phó Thủ tướng Thường trực|Thủ tướng|Chủ tịch nước|Phó Chủ tịch nước|Chủ tịch|Phó Chủ tịch|Chủ tịch Quốc hội|
    Chủ tịch HĐQT|Tổng Bí thư|Bí thư|Tổng thống|Phó Tổng thống|Đại sứ|Trưởng đoàn|
    Phó Trưởng đoàn|Trưởng Đại diện Thương mại|Đại diện Thương mại|Phó Đại diện Thương mại|Trợ lý|
    Trợ lý Ngoại trưởng|Ngoại trưởng|Thống đốc|Phó Thống đốc|Vụ trưởng|Phó Vụ trưởng|Cục trưởng|
    Phó Cục trưởng|Tổng cục trưởng|Viện trưởng|Giám đốc|Tổng Giám đốc|Phó Giám đốc|Phó Tổng Giám đốc|
    Giám đốc điều hành|Chủ nhiệm|Trưởng ban|Phó Trưởng ban|Trưởng bộ phận|Trưởng phòng|Tổng Thư ký|Thư ký|
    Thượng nghị sĩ|Hạ nghị sĩ|Nghị sĩ|Chánh Văn phòng|Phó Chánh Văn phòng|Người phát ngôn|Phát ngôn viên|
    Tiến sĩ|Giáo sư|Phó Giáo sư|TS.|PGS.TS.|GS.TS.|GS.|Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|
    Chiến lược gia|Kinh tế trưởng|Nhà kinh tế|Nhà phân tích|Chuyên viên phân tích|
    chuyên gia|quan chức|ông|bà|ngài|đồng chí|Trưởng Đại diện|Phó Trưởng Đại diện|Chủ tịch Hạ viện|
    Cố vấn|Cố vấn Thương mại|Tham tán Thương mại|Tham tán|Lãnh sự|Tổng Lãnh sự|Ủy viên|Đặc phái viên|Đặc sứ""".split("|")
)
# The same in English-language articles ("Deputy Minister of Industry and Trade Nguyen Duc Chi").
ENGLISH_TITLES = tuple(
    t.strip() for t in """Minister|Deputy Minister|Vice Minister|Acting Minister|Prime Minister|Deputy Prime Minister|
    Deputy PM|President|Vice President|Secretary|Secretary of State|Under Secretary|Assistant Secretary|
    Deputy Secretary|General Secretary|Party General Secretary|Party Chief|Ambassador|Senator|Congressman|
    Congresswoman|Trade Representative|Deputy Trade Representative|USTR|Deputy USTR|Director|Director General|
    Deputy Director|Director-General|Spokesperson|Spokesman|Spokeswoman|Chairman|Chairwoman|Chairperson|
    Governor|Chief Executive|CEO|Chief Economist|Economist|Analyst|Strategist|Professor|Envoy|Special Envoy|
    Top Leader|Head of|Chief of Staff|Commerce Secretary|Treasury Secretary|Mr.|Mrs.|Ms.|Mr|Mrs|Ms|Dr.|Sir""".split("|")
)
_HONORIFICS = frozenset(("ông", "bà", "ngài", "đồng chí", "mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "sir"))
# A portfolio written before "Minister" makes one title ("Foreign Minister", "Deputy Trade Minister").
_PORTFOLIOS = ("Foreign", "Trade", "Finance", "Commerce", "Industry", "Defence", "Defense", "Economy", "Economic",
               "Agriculture", "Justice", "Interior", "Home", "Health", "Labour", "Labor", "Planning", "Investment",
               "Energy", "Transport", "Education")
_NOT_DEPUTY = frozenset(t.lower() for t in ("Tiến sĩ", "Giáo sư", "TS.", "PGS.TS.", "GS.TS.", "GS.", "Đại tướng",
                                            "Thượng tướng", "Trung tướng", "Thiếu tướng", "Professor", "Top Leader",
                                            "Head of", "USTR", "CEO")) | _HONORIFICS
# "Phó" before any Vietnamese title, "Deputy"/"Vice" before any English one, is a title too
# ("Phó Tổng Thư ký", "Deputy Foreign Minister", "Vice Chairman").
ENGLISH_TITLES = ENGLISH_TITLES + tuple(f"{p} Minister" for p in _PORTFOLIOS)
TITLES = TITLES + tuple(f"Phó {t}" for t in TITLES
                        if t[:1].isupper() and not t.startswith("Phó ") and t.lower() not in _NOT_DEPUTY)
ENGLISH_TITLES = ENGLISH_TITLES + tuple(f"{d} {t}" for t in ENGLISH_TITLES for d in ("Deputy", "Vice")
                                        if not t.startswith(("Deputy", "Vice", "Acting")) and t.lower() not in _NOT_DEPUTY)


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


_TITLE = re.compile(r"(?<![\w.(])" + _trie_regex(TITLES + ENGLISH_TITLES) + r"(?!\w)", re.I)
# Words after which a capitalized name is a place, not a person ("Thành phố Hồ Chí Minh").
_PLACE_NOUN = re.compile(r"(?<!\w)(?:thành phố|tp\.?|tỉnh|huyện|quận|phường|xã|thị xã|đường|phố|sông|núi|biển|"
                         r"vịnh|đảo|quần đảo|lăng|cầu|sân bay|cảng|bảo tàng|trường|bệnh viện)\s*$", re.I)
# How far back from a name its title may start, and what ends that search.
_ROLE_REACH = 140
# A parenthesis ends it unless it only holds an abbreviation ("Thương mại Mỹ (USTR) Jamieson Greer")
# or names the body above ("Vụ trưởng Vụ Thị trường châu Á - châu Phi (Bộ Công Thương) Trần Quang Huy").
_PARENT_BODY = r"\((?:Bộ|Ban|Ủy ban|Uỷ ban|Sở|Tổng cục|Cục|Văn phòng|Ministry|Department|Office) [^()\n.;:!?“”\"]{1,40}\)"
_CLAUSE_BREAK = re.compile(rf"[.;:!?\n]\s|[“”\"\n]|\((?![\w.&\- ]{{1,15}}\))(?!{_PARENT_BODY[2:]})|\s[-–—]\s")
# After a dash, a lower-case word and a capitalized one are still the name ("… châu Á - châu Phi").
_LOWER_IN_NAME = re.compile(rf"(?![{_VN_UPPER}])\w+ [{_VN_UPPER}]")
_ROLE_LINK = re.compile(r"^[ ,]*(?:kiêm|and|[-–—])?[ ,]*$|^ [^,.;:!?()“”\"\n]{0,60}?, *$")
_ROLE_AFTER = re.compile(r" *(?:,|[-–—]) *")
# "…, a senior economist at …": an article and at most two lower-case words before the title.
_ROLE_ARTICLE = re.compile(r"(?:an?|the|một) ")
_ROLE_ADVERB = re.compile(r"(?:previously|formerly|currently|now|then|also|nguyên là|hiện là|từng là) ")
_ROLE_MODIFIER = re.compile(r"[a-z]+ ")
_ROLE_MODIFIERS = 2
# A title right before one of these introduces where the person works: the capitalized words
# after it are an organization ("analyst at Pacific Rim Advisory"), not the person.
_TITLE_THEN_EMPLOYER = re.compile(r" (?:at|of|with|tại|của) ", re.I)
# An English role names a place after " in " ("… at Pacific Rim Advisory in Singapore"): not the position.
_ROLE_PLACE = re.compile(r" in (?=[A-Z])")
_ROLE_END = re.compile(r"[,.;:!?()“”\"\n]| [-–—] ")
# Where a role phrase stops being a position: a verb, a relative clause, praise ("khả kính").
_ROLE_CLAUSE = re.compile(
    r" (?:đã|đang|sẽ|vừa|mới|cũng|cho biết|cho rằng|nói|nhấn mạnh|khẳng định|phát biểu|chia sẻ|tiếp|gặp|"
    r"có|là|được|bị|khả kính|kính mến|đáng kính|thân mến|(?<!Thư )ký|ngày|hôm|vào|ở|"
    r"said|says|told|who|which|that|has|had|have|was|is|were|are|will|would|met|during|"
    r"on (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|\d)|"
    r"cùng|tiến hành|chủ trì|triệu tập|dẫn đầu|tham dự|hội đàm|điện đàm|làm việc|trao đổi|phát biểu|"
    r"dự(?= lễ| buổi| hội| cuộc| phiên|$))(?!\w)", re.I)
# Caption debris run into a role by a scraped page ("… Bộ Ngoại giao Việt Nam ẢNH: TTXVN").
_CAPTION = re.compile(r" (?:ẢNH|Ảnh:|Ảnh :|Photo:|PHOTO|Nguồn:)")
# A trailing abbreviation in brackets says nothing the role does not ("… Thương mại Mỹ (USTR)").
_ABBREVIATION_IN_BRACKETS = re.compile(r"\([\w.&\-]{2,12}\)")
_ROLE_ABBREVIATION = re.compile(rf"\s*(?:\([\w.&\- ]{{1,15}}\)|{_PARENT_BODY})\s*$")
# A country or body written before an English title belongs to the role ("US Secretary of Commerce").
_ROLE_PREFIX = re.compile(r"(?<![\w.])(?:(?:US|U\.S\.|American|Vietnamese|Vietnam's|Viet Nam's|Communist|Party|"
                          r"Vietnam|Việt Nam|Acting|acting|Former|former|Industry and|Agriculture and) )+$")
_ROLE_PREFIX_REACH = 40
_US_SIDE = re.compile(r"Hoa Kỳ|(?<!châu )(?<!Châu )(?<!Bắc )(?<!Nam )(?<!Trung )Mỹ(?! La)|USTR|Washington|Nhà Trắng|(?<![\w.])(?:US|U\.S\.|USA|American|United States|"
                      r"White House|Secretary of (?:Commerce|State|the Treasury)|(?:Treasury|Commerce) Secretary|Senator|"
                      r"Congress\w*)(?!\w)")
_VN_SIDE = re.compile(r"Việt Nam|Chính phủ|Bộ Công Thương|Quốc hội|Đảng|Viet ?Nam|Vietnamese|"
                      r"Industry and Trade|Communist Party|Party General Secretary|Politburo|National Assembly", re.I)
# Roles of independent experts: an economist is on neither side of the table.
_ANALYST_ROLE = re.compile(
    r"(?<!\w)(?:chuyên gia|nhà phân tích|nhà kinh tế|nhà nghiên cứu|chuyên viên phân tích|kinh tế trưởng|"
    r"chiến lược gia|nghiên cứu viên|bộ phận nghiên cứu|giám đốc nghiên cứu|trưởng nhóm nghiên cứu|"
    r"economist|analyst|researcher|strategist|research fellow|fellow|expert|research)(?!\w)", re.I)
# Third countries and international bodies: whoever holds a position of theirs is on neither side.
_OTHER_SIDE = re.compile(
    r"(?<!\w)(?:Trung Quốc|Nhật Bản|Hàn Quốc|Triều Tiên|Đài Loan|Singapore|Malaysia|Thái Lan|Indonesia|Philippines|"
    r"Campuchia|Lào|Myanmar|Ấn Độ|Úc|Australia|New Zealand|Canada|Mexico|Brazil|Vương quốc Anh|nước Anh|Pháp|"
    r"Cộng hòa Liên bang Đức|CHLB Đức|Liên bang Nga|"
    r"Liên minh châu Âu|EU|Liên Hợp Quốc|Liên hợp quốc|ASEAN|WTO|IMF|OECD|ADB|"
    r"Tổ chức Thương mại Thế giới|Quỹ Tiền tệ Quốc tế|Ngân hàng Thế giới|Ngân hàng Phát triển châu Á|"
    r"China|Chinese|Japan|Japanese|Korea|Korean|Taiwan|Thai|Indian|India|Australian|Canadian|Mexican|"
    r"British|UK|France|French|Germany|German|Russia|Russian|European|United Nations|World Bank|"
    r"World Trade Organization|International Monetary Fund)(?!\w)")
# Where a government works: a role naming one of these is an official's, whatever else it says.
_GOVERNMENT_BODY = re.compile(r"(?<!\w)(?:Bộ|Chính phủ|Cục|Vụ|Tổng cục|Ủy ban|Uỷ ban|Văn phòng|Sở|Quốc hội|"
                              r"Ministry|Government|Department|Agency|Embassy|Đại sứ quán)(?!\w)")
# Capitalized words of titles and institutions: an English name never starts with one nor holds one.
_NOT_NAME_WORDS = frozenset("""
    Minister Ministry Deputy Vice Acting Prime President Presidential Secretary Secretariat State States Under
    Assistant General Party Chief Head Ambassador Embassy Senator Senate Congress Congressman Congresswoman
    Representative Representatives Trade Commerce Industry Finance Foreign Affairs Treasury Department Office
    Director Spokesperson Spokesman Spokeswoman Chairman Chairwoman Chair Governor Executive Economist Analyst
    Strategist Professor Envoy Special Leader Top Government Delegation Negotiation Negotiations National Assembly
    Bank Agriculture Environment Commission Council Committee Agency Administration Order Orders Act Agreement
    Framework Joint Statement Reciprocal Comprehensive Strategic Partnership Bilateral Annex Section Article
    United American Vietnamese Vietnam US USA USTR White House Mr Mrs Ms Dr Sir The A An In On At Of
    For And But Or As By From To With After Before During According This That These Those Its His Her Their Our
    Mr. Mrs. Ms. Dr. Photo Source Reuters Bloomberg Index Securities Economics Group Corporation Company Inc
    Ltd Association Federation Union Chamber Institute University Airlines Airways Times Post News Journal
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Development Market Markets Service Services Investment Economic
    Economy Energy Power Oil Gas Capital Holdings Partners Fund Research Policy Center Centre Forum Organization
    Organisation Board Authority Bureau International Global World Trading Customs Defense Defence Security
    Justice Labor Labour Health Education Science Technology Transport Construction Planning Social
    Street Avenue City Province County District Airport Port Bay River Island
""".split())
# A capitalized word followed by one of these is half of an institution's name ("Chánh Văn phòng
# Trung ương Đảng"), not a short reference to a person.
_INSTITUTION_COMPOUND = re.compile(r" (?:ương|tâm|ủy|uỷ|phủ|nước|học|viện|đoàn|ty|hội|chức)(?!\w)")
# Words of institutions, never the start of a two-word short reference ("Thứ trưởng Bộ Tài chính").
_INSTITUTION_WORDS = frozenset("Bộ Cục Vụ Sở Ban Viện Tổng Ủy Hội Tập Ngân Phòng Chính Quốc Thành Tỉnh Đảng Nhà Cơ "
                               "Văn Trung Đại Học Công Tòa Báo Đài".split())
_FOLDED_SURNAMES = frozenset(fold(s) for s in SURNAMES) - frozenset(("Van", "Mai", "Kim", "Au", "Chu"))


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(token: str) -> bool:
    return _SYLLABLE.fullmatch(fold(token).lower()) is not None


def _is_vietnamese_name(tokens: list[str]) -> bool:
    """`Nguyễn Hồng Diên`, and the same written without diacritics (`Nguyen Hong Dien`)."""
    if not 2 <= len(tokens) <= 4:
        return False
    if tokens[0] not in SURNAMES and not (tokens[0].isascii() and tokens[0] in _FOLDED_SURNAMES):
        return False
    return all(t[0].isupper() and is_vietnamese_syllable(t) for t in tokens)


def _western_name_length(tokens: list[str]) -> int:
    """How many leading tokens form a Western name (`Bryan R. Switzer` → 3), 0 if they don't."""
    n = 0
    for i, t in enumerate(tokens[:5]):
        if (i > 0 and _INITIAL.fullmatch(t)) or (_ASCII_NAME_TOKEN.fullmatch(t) and t not in _NOT_NAME_WORDS
                                                 and not t.isupper()):
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


def _loose(name: str) -> str:
    """A name without its middle initials (`Jamieson L. Greer` → `Jamieson Greer`)."""
    return " ".join(w for w in name.split() if not _INITIAL.fullmatch(w))


@dataclass(frozen=True)
class Lexicon:
    """The registry turned into lookups for extraction; built once per build."""

    registry: Registry

    @cached_property
    def person_aliases(self) -> dict[str, str]:
        """Every way a known person is written → full name.

        The full name and listed aliases; each of them without middle initials (`Bryan Switzer`)
        and without diacritics (`Nguyen Hong Dien`); a Western surname (`Greer`). A form two
        people share belongs to neither, unless one of them lists it.
        """
        table: dict[str, str] = {}
        derived: dict[str, set[str]] = {}
        surnames: dict[str, list[str]] = {}
        for p in self.registry.people:
            table[p.name] = p.name
            for alias in p.aliases:
                table.setdefault(alias, p.name)
            for form in (p.name, *p.aliases):
                for variant in {_loose(form), fold(form), fold(_loose(form))}:
                    derived.setdefault(variant, set()).add(p.name)
            if not _is_vietnamese_name(p.name.split()):
                surnames.setdefault(p.name.split()[-1], []).append(p.name)
        for variant, names in derived.items():
            if len(names) == 1 and variant:
                table.setdefault(variant, next(iter(names)))
        for last, names in surnames.items():
            if len(names) == 1:
                table.setdefault(last, names[0])
                table.setdefault(fold(last), names[0])
        return table

    @cached_property
    def people_by_given_name(self) -> dict[str, list[tuple[str, frozenset[str], frozenset[str]]]]:
        """Folded given name → (full name, its other folded words, its folded role keys) of Vietnamese entries."""
        table: dict[str, list] = {}
        for p in self.registry.people:
            words = fold(p.name).split()
            if _is_vietnamese_name(p.name.split()) and p.roles:
                table.setdefault(words[-1].lower(), []).append(
                    (p.name, frozenset(w.lower() for w in words[:-1]), frozenset(map(role_key, p.role_titles))))
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
        """Alias → organization; aliases of two words or more also by their case-folded form."""
        table = {alias: o.name for o in self.registry.organizations for alias in (o.name, *o.aliases)}
        for alias, name in list(table.items()):
            if " " in alias:
                table.setdefault(alias.casefold(), name)
        return table

    @cached_property
    def organization_index(self) -> dict[str, tuple[tuple[str, str, int], ...]]:
        """First word of every alias, case-folded → (alias, organization, words), longest first
        so `Bộ Thương mại Hoa Kỳ` beats `Bộ Thương mại`.

        A name of three words or more matches in any case (`Hiệp hội Dệt May`, `cơ quan Thương mại
        quốc tế`); one of two words in any case after its first letter (`Bộ Công thương`, not
        `chính phủ`); a single word or abbreviation only as written (`Apple`, `EVN`).
        """
        index: dict[str, list[tuple[str, str, int]]] = {}
        for o in self.registry.organizations:
            for alias in dict.fromkeys((o.name, *o.aliases)):
                if first := _FIRST_WORD.match(alias):
                    index.setdefault(first.group(0).casefold(), []).append((alias, o.name, len(alias.split())))
        return {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in index.items()}

    @cached_property
    def organization_starts_pattern(self) -> re.Pattern | None:
        """The first words of the known organizations as one pattern: the text is scanned for
        them in one pass of the regular-expression engine, the names are compared only there."""
        if not self.organization_index:
            return None
        return re.compile(r"(?<!\w)(?:" + _trie_regex(self.organization_index) + r")(?!\w)", re.I)

    @cached_property
    def organization_starts(self) -> frozenset[str]:
        return frozenset(a.split()[0] for a in self.organization_aliases)

    @cached_property
    def place_aliases(self) -> dict[str, str]:
        """Every way a place is written, also without diacritics (`Ha Noi`) → its name."""
        table = {alias: p.name for p in self.registry.places for alias in (p.name, *p.aliases)}
        for alias, name in list(table.items()):
            table.setdefault(fold(alias), name)
        return table

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
    # A lone word after a title ("ông Sơn", "Minister Dien"), or the last two of a Vietnamese
    # name ("Deputy Minister Nhat Tan"), to be resolved against the article's full names.
    short: bool


def find_people(text: str, lexicon: Lexicon) -> list[Mention]:
    """People named in `text`: registry names and aliases anywhere, other names after a title
    or before an appositive title ("Dan Ives, Chiến lược gia tại …").

    Works line by line in effect: names and titles never span a newline.
    """
    # Every title of the text, found once: the role rules below read them three times.
    title_matches = list(_TITLE.finditer(text))
    titles = [(m.start(), m.end()) for m in title_matches]
    title_ends = [e for _, e in titles]
    aliases, starts = lexicon.person_aliases, lexicon.alias_starts
    found: list[Mention] = []
    floor = 0  # end of the last full name: nothing before it introduces the next one

    def add(name: str, start: int, end: int, known: bool, short: bool) -> bool:
        nonlocal floor
        role = _role_before(text, start, titles, title_ends, floor)
        after, after_end = _role_after(text, end, lexicon.place_aliases)
        if not known and not short and role is None and after is None:
            return False
        roles = _split_roles(role) + _split_roles(after)
        found.append(Mention(name, start, end, known, roles, short))
        if not short:
            floor = after_end  # the appositive's words introduce nobody ("…, Director of the Department …")
        return True

    for words, offsets in _segments(text):
        i = 0
        while i < len(words):
            word, start = words[i], offsets[i]
            if word in starts:
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
            if word in lexicon.organization_starts:
                span = _place_length(words, i, lexicon.organization_aliases)
                if span:
                    i += span  # "Wedbush Securities", "Vietnam Airlines": never a person
                    continue
            if word in SURNAMES or (word.isascii() and len(words) - i > 1):
                n = _unknown_name_length(words, i)
                if n and _employer_after_title(text, start, titles, title_ends):
                    i += n  # "economist at Meridian Asia Research": the employer, not a person
                    continue
                if n:
                    name = " ".join(words[i:i + n])
                    if name not in lexicon.place_aliases and not _after_place_noun(text, start):
                        if add(name, start, offsets[i + n - 1] + len(words[i + n - 1]), False, False):
                            i += n
                            continue
            if i >= len(words) - 2 and _title_just_before(text, start, titles, title_ends) \
                    and not _INSTITUTION_COMPOUND.match(text, offsets[-1] + len(words[-1])) \
                    and not _TITLE.match(text, start):  # "các đồng chí Ủy viên …": a title, not a name
                # A lone word after a title ("ông Sơn"), or the last two of a Vietnamese name.
                rest = words[i:]
                if (len(rest) == 1 or (rest[0] not in _INSTITUTION_WORDS and all(map(is_vietnamese_syllable, rest)))) \
                        and not any(w in _NOT_NAME_WORDS for w in rest):
                    name = " ".join(rest)
                    add(name, start, offsets[-1] + len(words[-1]), False, True)
                    break
            i += 1
    return _roles_in_clauses(text, found, title_matches)


# A verb that puts a person in a position: the title after it is the subject's role
# ("ông Diên, lúc đó giữ cương vị Bộ trưởng …", "giao ông Hùng … giữ vai trò Trưởng đoàn …").
_HOLDS = re.compile(r"(?<!\w)(?:giữ|đảm nhận|đảm nhiệm|làm|trở thành|nhận|kiêm|được bổ nhiệm|bổ nhiệm|"
                    r"became|becomes|become|was appointed|is appointed|appointed|was named|named|serves as|"
                    r"serving as|served as|took over as|in the role of)"
                    r"(?: (?:chức|chức vụ|cương vị|vai trò|vị trí|nhiệm vụ|as))? (?=\w)")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_SENTENCE_START = re.compile(r"(?:[.!?]\s+|\n\s*)$")


def _roles_in_clauses(text: str, found: list[Mention], titles: list[re.Match]) -> list[Mention]:
    """Roles a sentence gives without putting the title before or beside the name:

    - after a verb of office, to the person named last before it in the sentence ("… ông
      Nguyễn Hồng Diên được công bố; ông chuyển sang đảm nhận cương vị Phó bí thư …");
    - once for a list ("các đồng chí Ủy viên Bộ Chính trị: Đại tướng Phan Văn Giang, Bộ
      trưởng Bộ Quốc phòng; Đại tướng Lương Tam Quang, …"), to everyone named after the colon;
    - as the subject without a name, completing a bare title (see `_nameless_titles`).
    """
    if not found:
        return found
    extra: dict[int, list[str]] = {}
    listed: dict[int, list[str]] = {}
    starts = [m.start for m in found]
    for verb in _HOLDS.finditer(text):
        title = _TITLE.match(text, verb.end())
        if not title or title.group(0).lower() in _HONORIFICS:
            continue
        k = bisect_right(starts, verb.start()) - 1
        if k < 0 or _SENTENCE_END.search(text, found[k].end, verb.start()):
            continue
        phrase = text[title.start():_role_end(text, title.end())]
        if not _name_inside(starts, title.start(), title.start() + len(phrase)):
            extra.setdefault(k, []).extend(_split_roles(phrase))
    for title in titles:
        end = _role_end(text, title.end())
        if not text.startswith(":", end) or title.group(0).lower() in _HONORIFICS \
                or _name_inside(starts, title.start(), end):
            continue
        stop = _SENTENCE_END.search(text, end + 1)
        for k in range(bisect_right(starts, end), len(found)):
            if stop and found[k].start > stop.start():
                break
            listed.setdefault(k, []).extend(_split_roles(text[title.start():end]))
    _nameless_titles(text, found, starts, extra, titles)
    if not extra and not listed:
        return found
    # The list's title first: it is said of all of them before each one's own.
    return [replace(m, roles=tuple(dict.fromkeys((*listed.get(k, ()), *m.roles, *extra.get(k, ())))))
            if k in extra or k in listed else m for k, m in enumerate(found)]


def _nameless_titles(text: str, found: list[Mention], starts: list[int], extra: dict[int, list[str]],
                     titles: list[re.Match]) -> None:
    """"Thứ trưởng Bộ Công Thương nhấn mạnh …" with no name: the article's one person called
    just "Thứ trưởng" is meant, and the phrase says of what. With two such people, or
    none, nobody is."""
    bare: dict[str, set[str]] = {}
    first: dict[str, int] = {}
    for k, m in enumerate(found):
        for r in m.roles:
            if _TITLE.fullmatch(r):
                bare.setdefault(r.casefold(), set()).add(m.name)
                first.setdefault(m.name, k)
    if not bare:
        return
    for title in titles:
        holders = bare.get(title.group(0).casefold())
        if not holders or len(holders) != 1 or not text.startswith(" ", title.end()) \
                or not text[title.end() + 1:title.end() + 2].isupper():
            continue
        end = _role_end(text, title.end())
        if _name_inside(starts, title.start(), end):
            continue
        roles = _split_roles(text[title.start():end])
        if roles and len(roles[0]) > len(title.group(0)):
            extra.setdefault(first[next(iter(holders))], []).append(roles[0])


def _name_inside(starts: list[int], start: int, end: int) -> bool:
    """Whether a person's name lies inside text[start:end]: the phrase introduces them instead.
    `starts` are the names' starts in order: asked once per title, a scan of them all would
    make a long article cost titles × names."""
    k = bisect_left(starts, start)
    return k < len(starts) and starts[k] < end


def _segments(text: str):
    """The capitalized runs of `text` as (words, offsets), cut after a word that ends a sentence:
    "… Nguyễn Văn Trung. Trong …" gives "Nguyễn Văn Trung" and "Trong"; "Bryan R. Switzer",
    "Mr. Ta Hoang Linh" stay whole."""
    for run in _CAPITALIZED_RUN.finditer(text):
        pos = run.start()
        words, offsets = [], []
        for w in run.group(0).split(" "):  # the run's words are joined by single spaces
            offsets.append(pos)
            pos += len(w) + 1
            if w[-1] == "." and not _INITIAL.fullmatch(w) and w.rstrip(".") not in _ABBREVIATIONS \
                    and not _TITLE.fullmatch(w):
                words.append(w.rstrip("."))
                yield words, offsets
                words, offsets = [], []
            else:
                words.append(w)
        if words:
            yield words, offsets


_ABBREVIATIONS = frozenset("Mr Mrs Ms Dr Jr Sr St Gen Col Sen Rep Gov Prof Lt Capt Maj Adm U.S U.K TP".split())


def _registry_hit(words: list[str], i: int, aliases: dict[str, str], longest: int) -> tuple[int, str] | None:
    for n in range(min(longest, len(words) - i), 0, -1):
        candidate = " ".join(words[i:i + n])
        name = aliases.get(candidate)
        if name is None and n > 1:
            # "Jamieson L. Greer", "Nguyen Hong Dien": a form written without the initial or marks.
            loose = _loose(candidate)
            name = aliases.get(loose) or (aliases.get(fold(loose)) if loose.isascii() else None)
        if name:
            # A known surname inside another full name is somebody else ("Greer" in "Ann Greer").
            if n == 1 and candidate != name and (_name_word(words, i - 1) or _name_word(words, i + 1)):
                return None
            return n, name
    return None


def _name_word(words: list[str], i: int) -> bool:
    """Whether words[i] could be part of a name beside it (not a title word, not out of range)."""
    if not 0 <= i < len(words):
        return False
    w = words[i]
    return w not in _NOT_NAME_WORDS and not _TITLE.fullmatch(w) and not w.isupper()


def _after_place_noun(text: str, start: int) -> bool:
    """Whether a place noun ends right before `start` ("thành phố Hồ Chí Minh", not "Bộ … Môi trường Lê Hoan")."""
    m = _PLACE_NOUN.search(text, max(0, start - 20), start)
    if not m:
        return False
    before = text[max(0, m.start() - 30):m.start()].rstrip().rsplit(" ", 1)[-1]
    return not (before[:1].isupper() and m.group(0)[:1].islower())


def _place_length(words: list[str], i: int, places: dict[str, str]) -> int:
    """How many words from i make a name of `places` (a place or an organization), 0 if none does."""
    for n in range(min(4, len(words) - i), 0, -1):
        if " ".join(words[i:i + n]) in places:
            return n
    return 0


def _unknown_name_length(words: list[str], i: int) -> int:
    if words[i] in SURNAMES or words[i] in _FOLDED_SURNAMES:
        for n in (4, 3, 2):
            if i + n <= len(words) and _is_vietnamese_name(words[i:i + n]):
                return n
        if not words[i].isascii():
            return 0
    return _western_name_length(words[i:i + 5])  # it reads five tokens at most; no copy of a long run


def _employer_after_title(text: str, start: int, titles, title_ends) -> bool:
    """Whether the words at `start` follow "<title> at/of/with/tại/của": an organization's name."""
    k = bisect_right(title_ends, start) - 1
    return k >= 0 and start - titles[k][1] <= 6 and _TITLE_THEN_EMPLOYER.fullmatch(text, titles[k][1], start) is not None


def _title_just_before(text: str, start: int, titles, title_ends) -> bool:
    k = bisect_right(title_ends, start) - 1
    return k >= 0 and text[titles[k][1]:start].strip(" ,") == ""


def _role_before(text: str, start: int, titles, title_ends, floor: int) -> str | None:
    """The title phrase that introduces the name at `start` ("Bộ trưởng Bộ Công Thương"), or None.

    Chained titles count as one phrase ("Phó Thủ tướng kiêm Bộ trưởng Ngoại giao"); an
    honorific (ông, bà, Mr.) introduces only the name right after it and gives "". Nothing
    before `floor` (the previous name) belongs to this one.
    """
    k = bisect_right(title_ends, start) - 1
    if k < 0 or titles[k][0] < floor or start - titles[k][1] > _ROLE_REACH:
        return None
    if _clause_break(text, titles[k][1], start):
        return None
    if text[titles[k][0]:titles[k][1]].lower() in _HONORIFICS:
        if text[titles[k][1]:start].strip(" ,") != "":
            return None
        return _role_before_honorific(text, titles, k, floor)
    first = titles[k][0]
    # A chain of titles is a phrase, not a page: the bound keeps "Bộ trưởng Bộ trưởng …" linear.
    while k > 0 and titles[k - 1][0] >= floor and start - titles[k - 1][0] <= 3 * _ROLE_REACH:
        gap = text[titles[k - 1][1]:first]
        if not _ROLE_LINK.match(gap) or text[titles[k - 1][0]:titles[k - 1][1]].lower() in _HONORIFICS:
            break
        k -= 1
        first = titles[k][0]
    prefix = _ROLE_PREFIX.search(text, max(floor, first - _ROLE_PREFIX_REACH), first)
    if prefix:
        first = prefix.start()
    return text[first:start].strip(" ,–—-")


def _role_before_honorific(text: str, titles, k: int, floor: int) -> str:
    """"Giám đốc Công ty … Phú Vinh, ông Đỗ Văn Thắng": a title phrase right before ", ông"
    is the role of the name after the honorific; with none, the honorific alone gives ""."""
    comma = text.rfind(",", 0, titles[k][0])
    if k == 0 or comma < 0 or text[comma + 1:titles[k][0]].strip():
        return ""
    first, last = titles[k - 1]
    # Only a phrase that opens the sentence: "theo quyết định của Thủ tướng, ông Diên …" is not his.
    if first > 0 and not _SENTENCE_START.search(text[max(0, first - 3):first]):
        return ""
    if first < floor or comma - first > _ROLE_REACH or first > comma or text[first:last].lower() in _HONORIFICS \
            or _clause_break(text, last, comma):
        return ""
    return text[first:comma]


def _role_after(text: str, end: int, places=frozenset()) -> tuple[str | None, int]:
    """An appositive after a name ("Jamieson Greer, Trưởng đoàn đàm phán phía Hoa Kỳ, …"), and where it ends.

    An English one may open with an article and a word or two before the title ("Daniel
    Whitcombe, a trade analyst at …"): the role is the phrase without the article.
    """
    m = _ROLE_AFTER.match(text, end)
    if not m:
        return None, end
    role_start = m.end()
    if adverb := _ROLE_ADVERB.match(text, role_start):  # "…, previously chairman of Petrovietnam, …"
        role_start = adverb.end()
    title = _TITLE.match(text, role_start)
    if not title and (article := _ROLE_ARTICLE.match(text, role_start)):
        role_start = pos = article.end()
        for _ in range(_ROLE_MODIFIERS + 1):
            if (title := _TITLE.match(text, pos)) or not (word := _ROLE_MODIFIER.match(text, pos)):
                break
            pos = word.end()
    if not title or title.group(0).lower() in _HONORIFICS:
        return None, end
    stop_at = _role_end(text, title.end())
    # More titles may follow ("Phạm Gia Túc, Bí thư Trung ương Đảng, Chánh Văn phòng Trung ương Đảng").
    while text.startswith(", ", stop_at) and (more := _TITLE.match(text, stop_at + 2)) \
            and more.group(0).lower() not in _HONORIFICS:
        stop_at = _role_end(text, more.end())
    # A clause word ends the appositive: what follows may introduce the next person ("…, Chủ tịch
    # Hiệp hội Dệt may Việt Nam - cùng Trưởng đoàn … Nguyễn Hồng Diên").
    if clause := _ROLE_CLAUSE.search(text, title.end(), stop_at):
        stop_at = clause.start()
    # A list: "An, Thứ trưởng Bộ Ngoại giao Trần Thị Bích và Đại sứ …": the title of the next
    # person is theirs, not an appositive of the one before.
    if (person := _next_person(text, title.end(), stop_at, places)) is not None:
        inner = None
        for inner in _TITLE.finditer(text, role_start, person):
            pass
        if inner is not None and not _OBJECT_OF.search(text, max(role_start, inner.start() - 6), inner.start()) \
                and not _NOT_A_NAME_GAP.search(text, inner.end(), person):
            if inner.start() == title.start():
                return None, end
            stop_at = max(text.rfind(",", role_start, inner.start()), text.rfind(" và ", role_start, inner.start()))
            if stop_at <= role_start:
                return None, end
    # An English appositive runs on over ", Ministry of …": its words are not a new name either.
    if text.startswith(",", stop_at) and text[role_start:stop_at].isascii() \
            and text[stop_at + 1:stop_at + 3].strip()[:1].isupper():  # not ", spoke with Deputy USTR …"
        floor_at = _role_end(text, stop_at + 1)
    else:
        floor_at = stop_at
    return text[role_start:stop_at].strip(), floor_at


# "Đặc phái viên của Tổng Bí thư Tô Lâm": the name after "của" is whose envoy, not a list.
_OBJECT_OF = re.compile(r"(?:của|of|for|cho) $")
# Between a title and the name it introduces come only the words of an institution; these
# words mean the capitalized run is something the role is about ("… phụ trách các vấn đề Đông
# Á và Thái Bình Dương").
_NOT_A_NAME_GAP = re.compile(r" (?:và|phụ trách|các|về|của) ")


def _next_person(text: str, start: int, end: int, places) -> int | None:
    """Where a Vietnamese full name (a surname and at least one more syllable, not a place)
    begins inside text[start:end], or None."""
    for run in _CAPITALIZED_RUN.finditer(text, start, end):
        words = run.group(0).split(" ")
        pos = run.start()
        for i, w in enumerate(words):
            rest = words[i:]
            if w in SURNAMES and len(rest) >= 2 and all(map(is_vietnamese_syllable, rest)) \
                    and " ".join(rest) not in places and " ".join(rest[:2]) not in places \
                    and not _after_place_noun(text, pos):
                return pos
            pos += len(w) + 1
    return None


def _role_end(text: str, pos: int) -> int:
    """Where the role phrase from `pos` ends: punctuation, or a dash not inside a name
    ("Tập đoàn Công nghiệp - Năng lượng", "Việt Nam - Hoa Kỳ" go on)."""
    while True:
        stop = _ROLE_END.search(text, pos)
        if not stop:
            return len(text)
        if stop.group(0)[0] == " " and _joins_names(text, stop.start(), stop.end()):
            pos = stop.end()
            continue
        if stop.group(0) == "(" and (abbreviation := _ABBREVIATION_IN_BRACKETS.match(text, stop.start())):
            pos = abbreviation.end()  # "… Nhật Bản (JETRO) tại Hà Nội" goes on
            continue
        return stop.start()


def _joins_names(text: str, dash_start: int, after: int) -> bool:
    """Whether the dash between dash_start and after sits inside one name: between two capitalized
    words ("Việt Nam - Hoa Kỳ"), or before a lower-case word of an institution's name and the
    capitalized one after it ("Vụ Thị trường châu Á - châu Phi")."""
    before = text[max(0, dash_start - 1):dash_start]
    nxt = text[after:after + 1]
    if not before.isalpha():
        return False
    if nxt.isupper():
        return not _TITLE.match(text, after)
    return nxt.islower() and _LOWER_IN_NAME.match(text, after) is not None


def _clause_break(text: str, start: int, end: int) -> bool:
    """Whether a clause ends between start and end; a dash inside a name does not end one."""
    while (m := _CLAUSE_BREAK.search(text, start, end)) is not None:
        if not (len(m.group(0)) == 3 and m.group(0)[1] in "-–—" and _joins_names(text, m.start(), m.end())):
            return True
        start = m.end()
    return False


def _split_roles(role: str | None) -> tuple[str, ...]:
    """"Bộ trưởng Bộ Công Thương, Trưởng đoàn …" → each title phrase on its own, trimmed to the position.

    An English title right after another is a second role ("US Trade Representative
    Ambassador"); a clause after the position is cut ("… đã triệu tập"); an honorific alone
    is no role.
    """
    if not role:
        return ()
    merged: list[str] = []
    for part in _role_parts(role):
        part = part.strip()
        if merged and not _TITLE.match(part):
            merged[-1] += ", " + part
        else:
            merged.extend(_split_english(part))
    out = []
    for m in merged:
        clause = _ROLE_CLAUSE.search(m)
        if clause:
            m = m[:clause.start()]
        if caption := _CAPTION.search(m):
            m = m[:caption.start()]
        if m.isascii() and (place := _ROLE_PLACE.search(m)):
            m = m[:place.start()]
        m = _ROLE_ABBREVIATION.sub("", _shortened(m)).strip(" ,;:–—-")
        if m and m.lower() not in _HONORIFICS and m not in out:
            out.append(m)
    return tuple(out)


# A second employer after "và" is a second role the text runs on into ("Chủ tịch HĐQT Tổng Công
# ty May Việt Tiến và Tổng Công ty May 10"); the first is the one the phrase gives.
_ORGANIZATION_START = (r"(?:Tổng Công ty|Tổng công ty|Công ty|Tập đoàn|Hiệp hội|Ngân hàng|Viện|Trường|Liên đoàn|"
                       r"Liên minh|Tổ chức|Ủy ban|Trung tâm|Quỹ|Bộ (?=[" + _VN_UPPER + r"]))(?!\w)")
_SECOND_EMPLOYER = re.compile(r" và (?=" + _ORGANIZATION_START + ")")
# Where an over-long role can end and still name the position: before its remit ("… phụ trách
# các vấn đề Đông Á …", "… về Thỏa thuận …"), its place ("… tại Singapore"), or its company.
_ROLE_TAIL = re.compile(r" (?:phụ trách|về|của|tại|in charge of|responsible for|for|at)(?!\w)| (?=" +
                        _ORGANIZATION_START + ")")
# "Liên đoàn Thương mại và Công nghiệp Việt Nam (VCCI)": an organization and its abbreviation.
_ORGANIZATION_ABBREVIATED = re.compile(_ORGANIZATION_START + r"[^()]*?\(([\w.&\-]{2,12})\)")
_BRACKETS = re.compile(r"\s*\([^()]*\)")


def _role_words(role: str) -> int:
    return role_words(_BRACKETS.sub("", role))


def _shortened(role: str) -> str:
    """The role trimmed to the position: a second employer left out, and one longer than
    MAX_ROLE_WORDS shortened to the most that fits: an organization named by the abbreviation
    the text gives it ("Phó Tổng Thư ký VCCI"), or the phrase cut before its place, remit or
    company; "" when nothing fits (a clause the other rules did not stop)."""
    if second := _SECOND_EMPLOYER.search(role):
        role = role[:second.start()]
    if _role_words(role) <= MAX_ROLE_WORDS:
        return role
    candidates = [_ORGANIZATION_ABBREVIATED.sub(lambda m: m.group(1), role, count=1)]
    candidates += [role[:tail.start()].rstrip(" ,;:–—-") for tail in _ROLE_TAIL.finditer(role)]
    fitting = [c for c in candidates if 2 <= _role_words(c) <= MAX_ROLE_WORDS]
    return max(fitting, key=_role_words, default="")


_AND_TITLE = re.compile(r" and (?:(?:deputy|vice|acting) )?(?=\w)", re.I)
_ROLE_SPLIT = re.compile(r", *(?=\S)| [-–—] ")


def _role_parts(role: str) -> list[str]:
    """The role split at commas and at dashes that are not inside a name."""
    parts, last = [], 0
    for m in _ROLE_SPLIT.finditer(role):
        if m.group(0)[0] == " " and _joins_names(role, m.start(), m.end()):
            continue
        parts.append(role[last:m.start()])
        last = m.end()
    parts.append(role[last:])
    return parts


def _split_english(part: str) -> list[str]:
    """`US Trade Representative Ambassador` → two roles; Vietnamese chains stay one phrase."""
    if not part.isascii():
        return [part]
    # "Deputy Minister of Industry and Trade and deputy head of …": "and" before a title joins two roles.
    for joint in _AND_TITLE.finditer(part):
        if (title := _TITLE.match(part, joint.end())) and not (
                title.group(0).endswith(" Minister") and part[:joint.start()].rsplit(" ", 1)[-1] in _PORTFOLIOS):
            return _split_english(part[:joint.start()]) + _split_english(part[joint.start() + len(" and "):])
    cuts = [m.start() for m in _TITLE.finditer(part)
            if m.start() > 0 and part[m.start() - 1] == " " and m.group(0)[:1].isupper()
            and part[:m.start() - 1].rsplit(" ", 1)[-1] not in ("of", "for", "to", "the", "and", "Deputy", "Vice")
            and _TITLE.search(part, 0, m.start() - 1)]
    if not cuts:
        return [part]
    pieces, last = [], 0
    for c in cuts:
        pieces.append(part[last:c].strip())
        last = c
    pieces.append(part[last:].strip())
    return [p for p in pieces if p]


# English words of a position and their Vietnamese, so "Minister of Industry and Trade" and
# "Bộ trưởng Bộ Công Thương" compare equal; longest first.
_ROLE_WORDS_EN = (
    ("deputy prime minister", "pho thu tuong"), ("prime minister", "thu tuong"), ("deputy minister", "thu truong"),
    ("vice minister", "thu truong"), ("acting minister", "quyen bo truong"), ("minister", "bo truong"),
    ("industry and trade", "cong thuong"), ("finance", "tai chinh"), ("foreign affairs", "ngoai giao"),
    ("foreign ministry", "ngoai giao"), ("agriculture and environment", "nong nghiep va moi truong"),
    ("spokesperson", "nguoi phat ngon"), ("ambassador", "dai su"), ("party general secretary", "tong bi thu"),
    ("general secretary", "tong bi thu"), ("president", "tong thong"),
    ("secretary of commerce", "bo truong thuong mai"), ("trade representative", "dai dien thuong mai"), ("senator", "thuong nghi si"), ("ministry", "bo"),
)
_ROLE_WORDS_EN_RE = re.compile(r"\b(?:" + "|".join(re.escape(e) for e, _ in _ROLE_WORDS_EN) + r")\b")
_ROLE_WORDS_EN_MAP = dict(_ROLE_WORDS_EN)
_ROLE_KEY_DROP = frozenset("bo of the for cua us u.s. hoa ky my viet nam vietnam vietnamese".split())


@lru_cache(maxsize=4096)
def role_key(role: str) -> str:
    """A position compared across languages and spellings: folded, English rendered in Vietnamese,
    the word Bộ and country names left out ("Minister of Industry and Trade" = "Bộ trưởng Bộ Công Thương")."""
    text = fold(role).lower()
    text = _ROLE_WORDS_EN_RE.sub(lambda m: _ROLE_WORDS_EN_MAP[m.group(0)], text)
    return " ".join(w for w in re.split(r"[\s,;()]+", text) if w and w not in _ROLE_KEY_DROP)


# Words that name the same position in other spellings; the article's country at the end of a
# title says whose position it is, which the side already tells ("Bộ trưởng Công Thương Việt Nam").
_MINISTRY_WORD = re.compile(rf"(?<!\w)[Bb]ộ (?=[{_VN_UPPER}])")
_POSITION_SAME = (
    (re.compile(r"\b(?:my|us|u\.s\.|united states|american|hoa ky)\b"), "hoa ky"),
    (re.compile(r"\b(?:vietnam|vietnamese|viet nam)\b"), "viet nam"),
)
_POSITION_DROP = frozenset("of the for cua phia".split())
_POSITION_COUNTRY_START = re.compile(r"^(?:viet nam|hoa ky) ")
_POSITION_COUNTRY_END = re.compile(r"(?: (?:voi|tai|ve thuong mai|in|to))?(?: (?:viet nam|hoa ky))+$")


@lru_cache(maxsize=4096)
def position_key(role: str) -> str:
    """One position however it is spelled: case and diacritics folded, the word Bộ before a
    ministry's name left out, Mỹ and Hoa Kỳ one country, English rendered in Vietnamese, and the
    country the position belongs to dropped from its end ("Trưởng đoàn đàm phán Chính phủ với
    Hoa Kỳ" = "Trưởng đoàn đàm phán Chính phủ Việt Nam"). Unlike `role_key`, a country inside the
    title stays: "Đại sứ Việt Nam tại Hoa Kỳ" and "Đại sứ Hoa Kỳ tại Việt Nam" are two positions."""
    text = fold(_MINISTRY_WORD.sub("", role)).lower()
    text = _ROLE_WORDS_EN_RE.sub(lambda m: _ROLE_WORDS_EN_MAP[m.group(0)], text)
    for pattern, same in _POSITION_SAME:
        text = pattern.sub(same, text)
    words = [w for w in re.split(r"[\s,;:()\-–—.]+", text) if w and w not in _POSITION_DROP]
    text = " ".join(words)
    # "Minister of Industry and Trade" became "bo truong cong thuong": the Bộ of a ministry goes there too.
    text = re.sub(r"^bo truong bo ", "bo truong ", text)
    text = _POSITION_COUNTRY_END.sub("", text) or text
    # An English title puts the country first ("US Trade Representative").
    return _POSITION_COUNTRY_START.sub("", text) or text


def _registry_person_by_role(name: str, roles: tuple[str, ...], lexicon: Lexicon) -> str | None:
    """The registry person an unknown Vietnamese name stands for when the page garbles one word of it
    (a typo, a machine-translated syllable: "Minister of Industry and Trade Trần Hồng Diên"):
    the same given name and one more word of the name, and a position the registry gives that person."""
    words = fold(name).lower().split()
    if len(words) < 2 or not roles:
        return None
    keys = {role_key(r) for r in roles} - {""}
    hits = [full for full, others, role_keys in lexicon.people_by_given_name.get(words[-1], ())
            if others & set(words[:-1]) and keys & role_keys]
    return hits[0] if len(hits) == 1 else None


def _resolve_people(mentions: list[Mention], lexicon: Lexicon) -> tuple[tuple[PersonFact, ...], dict[str, str]]:
    """Full names in order of first mention, short references folded into the full name they stand for.

    A name written without diacritics (`Nguyen Van An`) is the same person as the same name with
    them in the article. A short reference stands for the one full name of the article that
    ends with it (compared without diacritics when it is written without them).
    """
    full = list(dict.fromkeys(m.name for m in mentions if not m.short))
    with_marks = {fold(n): n for n in full if not n.isascii()}
    same = {n: with_marks[n] for n in full if n.isascii() and n in with_marks}
    unknown_roles: dict[str, list[str]] = {}
    for m in mentions:
        if not m.short and not m.known and m.name not in same:
            unknown_roles.setdefault(m.name, []).extend(m.roles)
    for name, its_roles in unknown_roles.items():
        if name not in lexicon.people and (person := _registry_person_by_role(name, tuple(its_roles), lexicon)):
            same[name] = person
    full = list(dict.fromkeys(same.get(n, n) for n in full))
    by_end: dict[str, set[str]] = {}
    for name in full:
        words = name.split()
        for k in (1, 2):
            if len(words) > k:
                end = " ".join(words[-k:])
                by_end.setdefault(end, set()).add(name)
                by_end.setdefault(fold(end), set()).add(name)
    by_short: dict[str, str] = {}
    for m in mentions:
        if m.short and m.name not in by_short:
            candidates = by_end.get(m.name, set())
            if len(candidates) == 1:
                by_short[m.name] = next(iter(candidates))
    order: dict[str, int] = {}
    roles: dict[str, list[str]] = {}
    known: dict[str, bool] = {}
    for m in mentions:
        name = by_short.get(m.name) if m.short else same.get(m.name, m.name)
        if name is None:
            continue
        order[name] = order.get(name, 0) + 1
        known[name] = known.get(name, False) or m.known or name in lexicon.people
        seen = roles.setdefault(name, [])
        seen.extend(r for r in m.roles if r not in seen)
    people = []
    for name, count in order.items():
        entry = lexicon.people.get(name)
        its_roles = _fullest(roles[name])
        side = entry.side if entry else _side(name, its_roles)
        people.append(PersonFact(name, known[name], its_roles, side, count))
    by_short.update(same)
    return tuple(people), by_short


def _fullest(roles: list[str]) -> tuple[str, ...]:
    """The article's roles of one person without a title another of them spells out
    ("Tổng thống" beside "Tổng thống Hoa Kỳ"); compared without case and diacritics."""
    keys = [fold(r).lower() + " " for r in roles]
    return tuple(r for r, k in zip(roles, keys) if not any(o != k and o.startswith(k) for o in keys))


def _side(name: str, roles: tuple[str, ...]) -> str | None:
    """The side a role names first ("Đại sứ Việt Nam tại Hoa Kỳ" is Việt Nam's, "Đại sứ Nhật Bản tại
    Việt Nam" a third country's: `other`), else a Vietnamese name's.

    An analyst sits at neither side of the table: with only roles of experts, analysts and
    researchers ("chuyên gia kinh tế tại Viện …", "senior economist at …") and no country or
    government body in them, the side is `other`. With no role and a foreign name, it is unknown.
    """
    text = " ".join(roles)
    named = [(m.start(), side) for side, pattern in (("Hoa Kỳ", _US_SIDE), ("Việt Nam", _VN_SIDE), (OTHER_SIDE, _OTHER_SIDE))
             if (m := pattern.search(text))]
    if named:
        return min(named)[1]
    if roles and all(_ANALYST_ROLE.search(r) for r in roles) and not _GOVERNMENT_BODY.search(text):
        return OTHER_SIDE
    if _is_vietnamese_name(name.split()):
        return "Việt Nam"
    return None
