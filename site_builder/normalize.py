"""Stage 2, normalize: one form for all Vietnamese text, scraped-page debris removed.

Every string that leaves this stage is NFC with the traditional tone-mark placement
(`hòa`, `thủy`, `khỏe`, as the seed articles write them), so two spellings of one word
compare equal for search, people and slugs.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import markup
from .problems import Problem
from .sources import Document, Picture

# ---------------------------------------------------------------------------
# Text


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _tone_moves() -> dict[str, str]:
    """`oà` → `òa` and the like, for every tone and case, in precomposed (NFC) letters."""
    moves = {}
    for first, seconds in (("oO", "aAeE"), ("uU", "yY")):
        for f in first:
            for sec in seconds:
                for tone in _TONE_MARKS:
                    new = unicodedata.normalize("NFC", f + sec + tone)
                    old = unicodedata.normalize("NFC", f + tone + sec)
                    moves[new] = old
    return moves


# The newer convention puts the tone on the second vowel of an open `oa`, `oe` or
# `uy` syllable (hoà, khoẻ, thuỷ); the seeds put it on the first (hòa, khỏe, thủy).
# With a final consonant both agree (hoàn, thuyền), and in `qu` + `y` the `u` belongs
# to the consonant (quý), hence the look-behind and the look-ahead.
_TONE_MOVES = _tone_moves()
# The look-aheads let the engine skip at once to the places a match can start.
_NEW_STYLE_TONE = re.compile(
    "(?=[oOuU])(?:[oO][" + "".join(sorted({k[1] for k in _TONE_MOVES if k[0] in "oO"})) + "](?!\\w)|"
    "[uU][" + "".join(sorted({k[1] for k in _TONE_MOVES if k[0] in "uU"})) + "](?!\\w))"
)


def _move_tone(m: re.Match) -> str:
    at = m.start()
    if at and m.string[at - 1] in "qQ":
        return m.group(0)
    return _TONE_MOVES[m.group(0)]
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f"
_ODD_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_CLEANUP = {ord(c): None for c in _INVISIBLE_CHARS}
_CLEANUP.update({c: None for c in range(0x00, 0x20) if c not in (0x09, 0x0A)})
_CLEANUP.update({c: None for c in range(0x7F, 0xA0)})
_CLEANUP.update({ord(c): " " for c in _ODD_SPACES})
_NEEDS_CLEANUP = re.compile("[" + re.escape(_INVISIBLE_CHARS + _ODD_SPACES) + "\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INNER_SPACES = re.compile(r"(?=  )(?<=\S) {2,}(?=\S)")
_TRAILING_SPACES = re.compile(r" +$", re.M)


def normalize_text(text: str) -> str:
    """NFC, traditional tone placement, no invisible characters, single spaces inside lines.

    Leading spaces of a line stay (Markdown reads them); quotes are kept as written.
    """
    if _NEEDS_CLEANUP.search(text):
        text = text.translate(_CLEANUP)
    text = unicodedata.normalize("NFC", text)
    text = _NEW_STYLE_TONE.sub(_move_tone, text)
    text = _INNER_SPACES.sub(" ", text)
    return _TRAILING_SPACES.sub("", text)


def normalize_value(value):
    """`normalize_text` applied to every string inside front-matter values."""
    if isinstance(value, str):
        return normalize_text(value).strip()
    if isinstance(value, list):
        return [normalize_value(v) for v in value]
    if isinstance(value, dict):
        return {normalize_value(k): normalize_value(v) for k, v in value.items()}
    return value


_FOLD = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Vietnamese without diacritics (`Đàm phán` → `Dam phan`), as readers type it.

    `đ` has no Unicode decomposition, so it is mapped by hand. Slugs and search both
    use this one function so they agree on every letter.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=65536)
def slugify(text: str, max_length: int = 80) -> str:
    """An ASCII URL segment: folded, lower case, words joined by `-`, cut at a word.

    Cached: a dossier slugs the same few hundred organization and people names over and over.
    """
    slug = _NOT_SLUG.sub("-", fold(text).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug


# ---------------------------------------------------------------------------
# Scraped-page debris

# Headings news sites put above lists of other stories; everything from one down is not the article.
_TAIL_MARKERS = frozenset(
    fold(m).lower()
    for m in (
        "Tin bài liên quan", "Tin liên quan", "Bài liên quan", "Bài viết liên quan", "Các tin bài khác",
        "Các tin khác", "Tin khác", "Tin cùng chuyên mục", "Cùng chuyên mục", "Đọc nhiều", "Đọc nhiều nhất",
        "Xem nhiều", "Xem nhiều nhất", "Tin mới", "Tin mới nhất", "Đọc thêm", "Xem thêm", "Có thể bạn quan tâm",
        "Multimedia", "Video", "Tin nổi bật", "Bình luận", "Ý kiến bạn đọc", "Chủ đề", "Từ khóa", "Tags",
    )
)
_MARKER_MAX = max(len(m) for m in _TAIL_MARKERS) + 2
_MEDIA_TEASER = re.compile(r"^\[(video|infographic|ảnh|photo|clip|podcast|emagazine|e-magazine|longform|"
                           r"interactive|megastory|trực tiếp)\]", re.I)
_IMAGE_STUB = re.compile(r"^!\[[^\]]*\]\(\s*\)\s*\|?\s*$")
_CELL_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$", re.M)
_BREADCRUMB = re.compile(r"^(trang chủ|home)\s*[>»/|›]", re.I)
# "Headline - Ảnh 1.": the text a site gives a picture, copied with the page.
_ALT_TEXT = re.compile(r"\S\s*-\s*(?:ảnh|photo|hình)\s*\d{1,2}\.?$", re.I)
_PICTURE_NUMBER = re.compile(r"\s*-\s*(?:ảnh|photo|hình)\s*\d{1,2}\.?$", re.I)
# A photo credit alone on a line: "ẢNH: VGP", "Photo: VNA".
_CREDIT_ONLY = re.compile(r"^\*?\(?(?:ảnh|photo|nguồn ảnh)\s*:\s*[^\s.,;:!?]+(?: [^\s.,;:!?]+){0,4}\)?\*?$", re.I)


def _line_key(text: str) -> str:
    """A line compared as a headline: no picture number, case and end punctuation aside."""
    return " ".join(_PICTURE_NUMBER.sub("", text.strip()).casefold().split()).strip(" .:!?…*#")


@dataclass(frozen=True)
class Cut:
    """A line removed from a document as page debris, with where it was and why."""

    line: int
    text: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "text": self.text, "reason": self.reason}


def remove_debris(body: str, first_line: int, *, markdown: bool, chrome: Mapping[int, str] | None = None,
                  title: str | None = None) -> tuple[list[str], tuple[Cut, ...], frozenset[int]]:
    """The body's lines without scraped-page debris, what was cut, and which kept lines are photo captions.

    The tail of a scraped page (related stories, most read, multimedia…) starts at a
    marker heading and runs to the end; image stubs, media teasers and boxed teasers
    go wherever they are; a boxed row right after an image stub is that photo's caption
    and stays. `chrome` names the lines of the file (with why) that the first stage found
    to be the page's chrome around the headline; a later line repeating `title` (the
    page shows the headline again under the photo, maybe as “… - Ảnh 1.”), a picture's
    alt text and a photo credit alone on a line go too.
    """
    chrome = chrome or {}
    title_key = _line_key(title) if title else None
    lines = body.split("\n")
    has_table = markdown and _TABLE_RULE.search(body) is not None
    kept: list[str] = []
    captions: set[int] = set()
    cuts: list[Cut] = []
    after_image = False
    seen_text = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        number = first_line + i
        if number in chrome:
            cuts.append(Cut(number, stripped, chrome[number]))
            continue
        if seen_text and len(stripped) <= _MARKER_MAX and fold(stripped.rstrip(":").strip()).lower() in _TAIL_MARKERS:
            cuts.extend(Cut(first_line + j, t.strip(), f"after “{stripped}”: list of other stories")
                        for j, t in enumerate(lines[i:], start=i) if t.strip())
            break
        if _IMAGE_STUB.match(stripped):
            cuts.append(Cut(number, stripped, "image without a source"))
            after_image = True
            continue
        cell = None if has_table else _CELL_ROW.match(stripped)
        if cell:
            if after_image:
                captions.add(len(kept))
                kept.append(f"*{cell.group(1)}*" if markdown else cell.group(1))
            else:
                cuts.append(Cut(number, stripped, "boxed teaser of another story"))
            after_image = False
            continue
        if _MEDIA_TEASER.match(stripped):
            cuts.append(Cut(number, stripped, "teaser of a video or infographic"))
            continue
        if _BREADCRUMB.match(stripped):
            cuts.append(Cut(number, stripped, "site navigation"))
            continue
        if seen_text and title_key and _line_key(stripped) == title_key:
            cuts.append(Cut(number, stripped, "the headline repeated under the photo"))
            continue
        if seen_text and _ALT_TEXT.search(stripped):
            cuts.append(Cut(number, stripped, "a picture's alt text"))
            continue
        if seen_text and _CREDIT_ONLY.match(stripped):
            cuts.append(Cut(number, stripped, "photo credit"))
            continue
        if stripped:
            after_image = False
            seen_text = True
        kept.append(line)
    return kept, tuple(cuts), frozenset(captions)


# ---------------------------------------------------------------------------
# Outlet prefixes ("TPO - …")

OUTLETS = {
    "TPO": "Tiền Phong", "VOV": "VOV", "VOV.VN": "VOV", "TTXVN": "TTXVN", "VNA": "TTXVN",
    "VTV": "VTV", "VTV.VN": "VTV", "NDO": "Nhân Dân", "PLO": "Pháp Luật TP.HCM", "NLĐO": "Người Lao Động",
    "KTĐT": "Kinh tế & Đô thị", "ANTĐ": "An ninh Thủ đô", "GDVN": "Giáo dục Việt Nam", "GD&TĐ": "Giáo dục và Thời đại",
    "CAND": "Công an Nhân dân", "QĐND": "Quân đội Nhân dân", "SGGP": "Sài Gòn Giải Phóng", "HNM": "Hà Nội Mới",
    "DNVN": "Doanh nghiệp Việt Nam", "ĐCSVN": "Báo điện tử Đảng Cộng sản Việt Nam", "CHINHPHU.VN": "Báo Chính phủ",
    "DÂN TRÍ": "Dân trí", "VIETNAMPLUS": "VietnamPlus", "VIETNAM+": "VietnamPlus", "VNEXPRESS": "VnExpress",
    "BAOQUOCTE.VN": "Thế giới và Việt Nam", "ĐẦU TƯ": "Đầu tư", "VNECONOMY": "VnEconomy", "ZNEWS": "Znews",
    "VTC NEWS": "VTC News",
}
_OUTLET_PREFIX = re.compile(r"^\(?([^\s()–—-][^()–—-]{0,20}?)\)?\s*[-–—]\s+(?=\S)")
# "(VTC News) - …", "(TAP) - …": a name in brackets opening the lead is the outlet's mark,
# whether or not the table above knows it.
_BRACKETED_OUTLET = re.compile(r"^\(((?:[A-ZĐ][\w.&+]*)(?: [A-ZĐ][\w.&+]*){0,2})\)\s*[-–—]\s+(?=\S)")


def split_outlet(paragraph: str) -> tuple[str | None, str]:
    """`TPO - Thứ trưởng …` → (`Tiền Phong`, `Thứ trưởng …`); anything else is returned unchanged."""
    m = _OUTLET_PREFIX.match(paragraph)
    if not m:
        return None, paragraph
    outlet = OUTLETS.get(m.group(1).strip().upper())
    if outlet is None:
        bracketed = _BRACKETED_OUTLET.match(paragraph)
        if bracketed is None:
            return None, paragraph
        return bracketed.group(1), paragraph[bracketed.end():]
    return outlet, paragraph[m.end():]


# ---------------------------------------------------------------------------
# Titles

_TITLE_LENGTH = 100
_SENTENCE = re.compile(r"(?<=[^\s.][.!?…])\s+(?=[A-ZÀ-Ỹ“\"])|\.\.\.")
# "1. ", "II) ": a section number opening the lead is no part of a headline.
_NUMBERING = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)]\s+(?=\S)")
# A lead reads as text: a sentence, or more words than a label or a name.
_LEAD_MIN_WORDS = 6


def derive_title(lead: str) -> str:
    """A headline for a document that has none: the lead's first sentence, cut at a word, with `…`."""
    first = _SENTENCE.split(_NUMBERING.sub("", lead.strip()), maxsplit=1)[0].strip().rstrip(".")
    if len(first) <= _TITLE_LENGTH:
        return first
    head = first[:_TITLE_LENGTH + 1]
    comma = head.rfind(",")
    cut = comma if comma >= _TITLE_LENGTH // 2 else head.rfind(" ")
    return head[: cut if cut > 0 else _TITLE_LENGTH].rstrip(" ,;:–-") + "…"


# ---------------------------------------------------------------------------
# The document


@dataclass(frozen=True)
class CleanDocument:
    """A document in normalized text: title, outlet, body blocks and body HTML."""

    source: str
    metadata: dict = field(hash=False)
    metadata_lines: dict = field(hash=False)
    title: str
    title_derived: bool
    date_prefix: object
    outlet: str | None
    blocks: tuple[markup.Block, ...]
    html: str
    markup: str
    encoding: str
    original: str = ""
    cuts: tuple[Cut, ...] = ()
    problems: tuple[Problem, ...] = ()
    thumbnail: Picture | None = None
    # Line of the file the title is on; where the text starts when the title is derived from it.
    title_line: int | None = None
    # A ` date YYYY-MM` prefix: (year, month), the month of publication without its day.
    date_prefix_month: tuple[int, int] | None = None
    # The publication date a byline or metadata line at the top gives, and its line of the file.
    byline_date: dt.date | None = None
    byline_line: int | None = None

    @functools.cached_property  # asked for again on every build the dev server makes
    def paragraphs(self) -> tuple[str, ...]:
        """Text of the body's blocks in order, headings included."""
        return tuple(b.text for b in self.blocks)


def clean_document(doc: Document) -> CleanDocument:
    """Normalize a document's text, strip page debris and its outlet prefix, and render its body."""
    metadata = {normalize_text(k).strip(): normalize_value(v) for k, v in doc.metadata.items()}
    problems = list(doc.problems)
    if "url" in metadata and not _is_web_address(metadata["url"]):
        problems.append(Problem(doc.source, doc.metadata_lines.get("url"), "warning",
                                f"url: {metadata['url']!r} is not a web address (http:// or https://); not linked"))
        del metadata["url"]
    is_markdown = doc.markup == "markdown"
    title = doc.title and normalize_text(doc.title).strip()
    lines, cuts, captions = remove_debris(normalize_text(doc.body), doc.body_line, markdown=is_markdown,
                                          chrome={line: why for line, _, why in doc.chrome}, title=title)
    body = "\n".join(lines).strip("\n")
    outlet = None
    stripped = body.lstrip()
    if stripped:
        outlet, rest = split_outlet(stripped)
        if outlet:
            body = rest
    blocks, html = markup.render_body(body, is_markdown, caption_lines=_caption_texts(lines, captions))
    derived = not title
    if derived:
        paragraphs = [b.text for b in blocks if b.kind == "paragraph"]
        lead = (next((p for p in paragraphs if _reads_as_lead(p)), "") or next(iter(paragraphs), "")
                or next((b.text for b in blocks), ""))
        title = derive_title(lead) or doc.source.rsplit("/", 1)[-1]
    source_value = metadata.get("source")
    if isinstance(source_value, str) and source_value:
        outlet = source_value
    return CleanDocument(
        source=doc.source,
        metadata=metadata,
        metadata_lines=dict(doc.metadata_lines),
        title=title,
        title_derived=derived,
        date_prefix=doc.date_prefix,
        outlet=outlet,
        blocks=blocks,
        html=html,
        markup=doc.markup,
        encoding=doc.encoding,
        original=doc.original,
        cuts=cuts,
        problems=tuple(problems),
        thumbnail=doc.thumbnail,
        title_line=doc.body_line if derived else doc.title_line,
        date_prefix_month=doc.date_prefix_month,
        byline_date=doc.byline_date,
        byline_line=doc.byline_line,
    )


def _reads_as_lead(paragraph: str) -> bool:
    """A paragraph a headline can be derived from: a sentence or a real line of text, not a label."""
    return len(paragraph.split()) >= _LEAD_MIN_WORDS or re.search(r"[.!?…]$", paragraph) is not None


_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+\S*", re.I)


def _is_web_address(value) -> bool:
    """Only http(s) links are published: a `javascript:` or `data:` URL would run in the reader's browser."""
    return isinstance(value, str) and _WEB_ADDRESS.fullmatch(value) is not None


def _caption_texts(lines: list[str], captions: frozenset[int]) -> frozenset[str]:
    return frozenset(lines[i].strip().strip("*") for i in captions)
