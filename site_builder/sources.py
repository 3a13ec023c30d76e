"""Stage 1, read: find the documents under `seeds/`, decode them, and split each into its parts.

A document comes in one of a few shapes (YAML front matter, a ` date YYYY-MM-DD` or
` date YYYY-MM` prefix, a title on the first line, text scraped from a news site with the
site's chrome above the headline, bare text); this stage recognises the shape, finds the
title, the chrome and the byline's date, and keeps the text as written. Cleaning the text
(cutting the chrome among it) is the next stage's job.
"""
from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from frontmatter.default_handlers import YAMLHandler

from .problems import Problem

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown")
MARKDOWN_SUFFIXES = (".md", ".markdown")

Markup = Literal["markdown", "text"]


@dataclass(frozen=True)
class SourceFile:
    """A file found under the seeds folder; `name` is what messages and the report call it."""

    path: Path
    name: str
    # The folders a seed may point into (the project, the seeds folder): a thumbnail
    # outside them is never read, whatever `../` or symbolic link leads there.
    roots: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A file under the seeds folder that is not read as an article, and why."""

    name: str
    reason: str
    # True when the skipped path may hold articles that are now missing from the site.
    lost: bool = False


@dataclass(frozen=True)
class Picture:
    """A picture inside the project that an article shows, and the safe name it is published under."""

    path: Path = field(compare=False)
    site_path: str


@dataclass(frozen=True)
class Document:
    """One decoded document split into its parts, text still as the editor wrote it."""

    source: str
    metadata: dict = field(hash=False)
    # Line of the file each front-matter key is on, for messages about its value.
    metadata_lines: dict = field(hash=False)
    title: str | None
    # The ` date YYYY-MM-DD` prefix, when the document starts with one.
    date_prefix: dt.date | None
    body: str
    # Line of the file on which `body` starts, so later stages can name lines.
    body_line: int
    markup: Markup
    encoding: str
    # The whole decoded file, published beside the article so readers can check the cleaning.
    original: str = ""
    problems: tuple[Problem, ...] = ()
    thumbnail: Picture | None = None
    # Line of the file the title is on (front matter, first line or a scraped page's heading), when it has one.
    title_line: int | None = None
    # A ` date YYYY-MM` prefix (the month alone): (year, month). `date_prefix` holds full dates.
    date_prefix_month: tuple[int, int] | None = None
    # Lines at the head of a scraped page that are the site's chrome, not the article, as
    # (line of the file, text, why): menus, logos, the byline and its date… They stay in
    # `body` (so every line is accounted for); the next stage cuts and reports them.
    chrome: tuple[tuple[int, str, str], ...] = ()
    # The publication date a byline or metadata line at the head gives ("Ngày đăng: 10/4/2025",
    # "26/10/2025 18:46 GMT+7"), and the line of the file it is on.
    byline_date: dt.date | None = None
    byline_line: int | None = None


class Unreadable(Exception):
    """The file holds no article text that can be recovered; the message says why.

    `lost` is False when there was nothing to lose (an empty file): the build reports
    it but does not fail for it.
    """

    def __init__(self, message: str, line: int | None = None, *, lost: bool = True):
        super().__init__(message)
        self.line = line
        self.lost = lost


# ---------------------------------------------------------------------------
# Finding files


def find_sources(seeds_dir: Path, root: Path | None = None) -> tuple[tuple[SourceFile, ...], tuple[Skipped, ...]]:
    """Every document under `seeds_dir`, in path order, and every other file with the reason it is skipped.

    Hidden files and folders are not content. Symbolic links are read only when they
    stay inside the seeds folder, so a seed can never pull in a file from elsewhere.
    `root` is the project folder, which seeds may also point into (for thumbnails).
    """
    seeds_dir = seeds_dir.resolve()
    roots = tuple(dict.fromkeys(r for r in (root.resolve() if root else None, seeds_dir) if r))
    label = seeds_dir.name
    found: list[SourceFile] = []
    skipped: list[Skipped] = []

    def unreadable_folder(error: OSError) -> None:
        # A folder that cannot be listed may hold articles: it is reported, never passed over.
        folder = Path(error.filename) if error.filename else seeds_dir
        skipped.append(Skipped(_name(label, seeds_dir, folder) + "/",
                               f"folder cannot be read ({error.strerror or error}): its articles are missing",
                               lost=True))

    def walk(here: Path, prefix: str) -> None:
        # os.scandir's entries know from the directory listing whether each is a link, a
        # folder or a file: no system call per file for what os.walk + Path would ask again.
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            unreadable_folder(error)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = here / entry.name
            if entry.is_dir(follow_symlinks=False):
                walk(path, f"{prefix}{entry.name}/")
                continue
            name = _printable(f"{label}/{prefix}{entry.name}")
            if entry.is_symlink():
                if path.is_dir():
                    skipped.append(Skipped(name, "symbolic link to a folder: not followed"))
                    continue
                target = path.resolve()
                if not target.is_relative_to(seeds_dir) or not target.is_file():
                    skipped.append(Skipped(name, "symbolic link pointing outside the seeds folder: not followed"))
                    continue
            if not path.suffix.lower() in DOCUMENT_SUFFIXES:
                skipped.append(Skipped(name, f"not a document ({path.suffix or 'no extension'}); "
                                             f"articles end in {', '.join(DOCUMENT_SUFFIXES)}"))
                continue
            if not entry.is_file():
                # A named pipe or a device would block or never end when read.
                skipped.append(Skipped(name, "not a regular file (a pipe, socket or device): not read"))
                continue
            found.append(SourceFile(path, name, roots))

    walk(seeds_dir, "")
    found = _distinct_names(found)
    found.sort(key=lambda s: s.name)
    skipped.sort(key=lambda s: s.name)
    return tuple(found), tuple(skipped)


def _distinct_names(found: list[SourceFile]) -> list[SourceFile]:
    """Two files whose names print the same (NFC and NFD spellings, broken bytes) stay two entries."""
    seen: set[str] = set()
    out = []
    for s in sorted(found, key=lambda s: os.fsencode(s.path)):
        name, n = s.name, 2
        while name in seen:
            name, n = f"{s.name} ({n})", n + 1
        seen.add(name)
        out.append(s if name == s.name else SourceFile(s.path, name, s.roots))
    return out


def _name(label: str, seeds_dir: Path, path: Path) -> str:
    """The name messages use: NFC, and printable even when the file name is not valid UTF-8."""
    relative = path.relative_to(seeds_dir).as_posix() if path != seeds_dir else ""
    return _printable(f"{label}/{relative}".rstrip("/"))


def _printable(name: str) -> str:
    if not name.isprintable():
        name = os.fsencode(name).decode("utf-8", "replace")
        name = "".join(c if c.isprintable() else "\ufffd" for c in name)
    return unicodedata.normalize("NFC", name)


# ---------------------------------------------------------------------------
# Decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image or audio)"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "a program"),
)

# Vowels of the Vietnamese alphabet with every tone, and đ: what legacy text decodes to.
_VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
) | frozenset("đĐ")
_TYPOGRAPHY = frozenset("–—‘’“”…•·«»°€§©®™×")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


# A file that is UTF-8 but for a few bad bytes (a copy cut off inside a character, a stray
# Latin-1 byte) is published with U+FFFD in their place: up to this share of its bytes, and
# whatever its size up to DAMAGED_BYTES_ANYWAY of them (a short file's one broken character is
# more than 1% of it). Beyond that it is another encoding or not text at all (random bytes are
# mostly invalid UTF-8), and fails rather than be published as a page of �.
DAMAGED_SHARE = 0.01
DAMAGED_BYTES_ANYWAY = 8
# The warning names this many of the damaged lines, then says how many more there are.
DAMAGED_LINES_NAMED = 10


def decode(data: bytes) -> Decoded:
    """Bytes of a seed to text with `\\n` line ends, or `Unreadable` saying why not.

    Tried in order: a byte-order mark (UTF-8/16/32), UTF-16 without a mark (told by
    its NUL bytes), strict UTF-8, legacy Windows-1258 when the result reads as
    Vietnamese, and UTF-8 with its few damaged bytes replaced by U+FFFD (with a warning
    naming the lines) when they are few enough (`DAMAGED_SHARE`, `DAMAGED_BYTES_ANYWAY`).
    """
    if not data.strip():
        raise Unreadable("empty file" if not data else "only whitespace, no text", lost=False)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(_lines(data.decode(encoding)), encoding.replace("-sig", "") + " with BOM")
            except UnicodeDecodeError as exc:
                raise Unreadable(f"starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason}") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise Unreadable(f"binary file ({what}), not text")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise Unreadable("binary file (holds NUL bytes), not text")
    try:
        return Decoded(_lines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    legacy = _windows_1258(data)
    if legacy is not None:
        return legacy
    # What "ignore" drops is exactly the bytes that are not UTF-8.
    damaged = len(data) - len(data.decode("utf-8", errors="ignore").encode("utf-8"))
    if damaged <= max(DAMAGED_BYTES_ANYWAY, DAMAGED_SHARE * len(data)):
        text = _lines(data.decode("utf-8", errors="replace"))
        return Decoded(text, "utf-8", (_damage_warning(text, damaged),))
    line = data.count(b"\n", 0, first_bad) + 1
    raise Unreadable(f"not valid UTF-8, UTF-16 or Windows-1258 text ({damaged} of its {len(data)} bytes are "
                     f"not UTF-8); re-save it as UTF-8", line)


def _damage_warning(text: str, damaged: int) -> str:
    """"lines 3, 17 and 42: 4 byte(s) …": where an editor finds the � to mend."""
    lines = [n for n, line in enumerate(text.split("\n"), start=1) if "\ufffd" in line]
    named = [str(n) for n in lines[:DAMAGED_LINES_NAMED]]
    if len(lines) > DAMAGED_LINES_NAMED:
        where = f"lines {', '.join(named)} and {len(lines) - DAMAGED_LINES_NAMED} more"
    elif len(named) > 1:
        where = f"lines {', '.join(named[:-1])} and {named[-1]}"
    else:
        where = f"line {named[0]}"
    return f"{where}: {damaged} byte(s) are not valid UTF-8 and were replaced by �; re-save the file as UTF-8"


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf16_without_bom(data: bytes) -> Decoded | None:
    # Mostly-ASCII UTF-16 has a NUL in every other byte: odd positions for
    # little-endian, even ones for big-endian.
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for nuls, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if nuls >= half * 0.3:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if "\x00" in text:
                return None
            return Decoded(_lines(text), encoding,
                           (f"UTF-16 without a byte-order mark, read as {encoding}; re-save the file as UTF-8",))
    return None


def _windows_1258(data: bytes) -> Decoded | None:
    """Decode legacy Vietnamese text, or None when the bytes are not that."""
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    foreign = [c for c in text if ord(c) > 127 and c not in _VIETNAMESE_LETTERS and c not in _TYPOGRAPHY
               and not (c.isalpha() and unicodedata.name(c, "").startswith("LATIN"))]
    vietnamese = sum(1 for c in text if c in _VIETNAMESE_LETTERS and ord(c) > 127)
    if vietnamese == 0 or len(foreign) * 20 > vietnamese:
        return None
    if any(unicodedata.combining(c) for c in text):
        return None
    return Decoded(_lines(text), "windows-1258",
                   ("legacy Windows-1258 encoding; re-save the file as UTF-8",))


# ---------------------------------------------------------------------------
# Shapes

_YAML = YAMLHandler()
# libyaml's loader when PyYAML was built with it: the same safe subset, many times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_SAFE_LOADER):
    """The safe loader with dates left as text, so `date: 2025-02-31` is reported, with its
    line, like any other date that is not one (PyYAML would raise a bare ValueError)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _SAFE_LOADER.yaml_implicit_resolvers.items()
}
# " date 2025-11-12 Title or lead…": the scraper's prefix; " date 2025-11 …" gives the month
# alone. Leading blanks are optional.
_DATE_PREFIX = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?![\d-])(?:[ \t]+|$)", re.I | re.M)


# Far beyond any news article (the longest seeds are tens of kilobytes): a file this big
# is a mistake, and reading it would only exhaust memory.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


def read_document(source: SourceFile) -> Document:
    """Read one file into a `Document`, or raise `Unreadable`."""
    try:
        size = source.path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise Unreadable(f"{size // (1024 * 1024)} MB: too large for an article "
                             f"(the limit is {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB)")
        data = source.path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    doc = parse_document(source.name, data, markdown=source.path.suffix.lower() in MARKDOWN_SUFFIXES)
    if "thumbnail" in doc.metadata:
        picture, problem = find_picture(doc.metadata["thumbnail"], source, doc.metadata_lines.get("thumbnail"))
        doc = dataclasses.replace(doc, thumbnail=picture, problems=doc.problems + ((problem,) if problem else ()))
    return doc


def parse_document(name: str, data: bytes, *, markdown: bool = False) -> Document:
    """Decode `data` and recognise its shape; `name` is used in messages."""
    decoded = decode(data)
    problems = [Problem(name, None, "warning", w) for w in decoded.warnings]
    text = decoded.text.lstrip("\ufeff")
    metadata: dict = {}
    metadata_lines: dict = {}
    body, body_line = text, 1
    if _YAML.detect(text):
        metadata, metadata_lines, body, body_line = _front_matter(name, text, problems)
    title = _str_or_none(metadata.get("title"))
    title_line = metadata_lines.get("title") if title is not None else None
    if isinstance(metadata.get("title"), (dict, list)):
        problems.append(Problem(name, metadata_lines.get("title"), "warning",
                                "title is a YAML list or mapping, not text; ignored"))
        title = None
    date_prefix = None
    date_prefix_month = None
    prefixed = False
    if not metadata:
        m = _DATE_PREFIX.match(body)
        if m:
            prefixed = True
            date_prefix, date_prefix_month = _prefix_date(m.group(1))
            if date_prefix is None and date_prefix_month is None:
                problems.append(Problem(name, body_line, "warning",
                                        f"date prefix {m.group(1)} is not a real date; ignored"))
            body = body[m.end():]
    lines = body.split("\n")
    head = read_head(lines, find_title=title is None, after_prefix=prefixed)
    top = body_line  # the line of the file `lines[0]` is on
    if head.title is not None:
        title, title_line = _tidy(lines[head.title]), top + head.title
        if head.title == _first_text_line(lines):
            # A title on the first line: the body starts after it.
            body, body_line = "\n".join(lines[head.title + 1:]), title_line + 1
        else:
            # A scraped page's heading below the site's chrome: the chrome stays in the body,
            # for the next stage to cut and report with its lines; the heading leaves a blank.
            lines[head.title] = ""
            body = "\n".join(lines)
    chrome = tuple((top + i, _tidy(lines[i]), why) for i, why in head.chrome)
    byline_date, byline_line = (head.byline[1], top + head.byline[0]) if head.byline else (None, None)
    if not body.strip() and not title:
        raise Unreadable("front matter but no title and no text" if metadata else "no text", lost=False)
    markup: Markup = "markdown" if markdown or metadata or _has_markdown_headings(body) else "text"
    return Document(
        source=name,
        metadata=metadata,
        metadata_lines=metadata_lines,
        title=title,
        date_prefix=date_prefix,
        body=body,
        body_line=body_line,
        markup=markup,
        encoding=decoded.encoding,
        original=text,
        problems=tuple(problems),
        title_line=title_line,
        date_prefix_month=date_prefix_month,
        chrome=chrome,
        byline_date=byline_date,
        byline_line=byline_line,
    )


def _prefix_date(text: str) -> tuple[dt.date | None, tuple[int, int] | None]:
    """A prefix's date: a full date, or (year, month) for a month alone; (None, None) when it is not a date."""
    if len(text) > 7:
        return _iso_date(text), None
    year, month = int(text[:4]), int(text[5:7])
    return None, ((year, month) if 1 <= month <= 12 and year >= 1 else None)


# ---------------------------------------------------------------------------
# The head of a page: chrome, headline, byline
#
# Text copied from a news site keeps the site's chrome above the article: a logo, a tagline,
# menus, a section name, login and share widgets, the author's name and the publication
# date. The head is every line above the first line that reads as text (a sentence, or a
# line too long for a headline); the title is the line there that reads as a headline,
# and around it the rest is chrome. Only the head is searched, so nothing of the article
# below its first paragraph is ever taken for chrome.

# A line that reads as a headline: a few words, not too many, no sentence-final punctuation.
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 28
_TITLE_MIN_WORDS = 3
_SENTENCE_END = re.compile(r"[.!?…:;,]$|\.\.\.$")
# How far down a page its headline and byline may be: so many lines besides menus and widgets.
_HEAD_LINES = 12
_HEAD_MAX_LINES = 40
# Chrome is short: menus, names, widgets, date lines.
_CHROME_MAX_CHARS = 120
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


@dataclass(frozen=True)
class Head:
    """What the top of a document holds, as indexes into its lines."""

    title: int | None = None
    # Lines that are the page's chrome, with why.
    chrome: tuple[tuple[int, str], ...] = ()
    # The byline or metadata line giving the publication date, and that date.
    byline: tuple[int, dt.date] | None = None


def _tidy(line: str) -> str:
    """A line as the head rules read it: NFC, no invisible characters, single spaces."""
    return " ".join(unicodedata.normalize("NFC", line.translate(_INVISIBLE)).split())


def _fold(text: str) -> str:
    """Lower case without diacritics, so `hoá`, `hóa` and `HOA` compare equal."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _first_text_line(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


# Words of site menus, section names and page widgets (login, share, language, prices…):
# a line made only of these, above the article, is the site's, not the article's.
_CHROME_WORDS = tuple(sorted({_fold(w) for w in (
    # Vietnamese menus and sections
    "trang chủ", "trang nhất", "tin tức", "thời sự", "chính trị", "xã hội", "kinh tế",
    "kinh doanh", "tài chính", "chứng khoán", "bất động sản", "doanh nghiệp", "thế giới", "quốc tế", "pháp luật",
    "văn hóa", "giải trí", "thể thao", "giáo dục", "sức khỏe", "đời sống", "công nghệ", "khoa học", "du lịch",
    "xe", "bạn đọc", "ý kiến", "góc nhìn", "phân tích", "multimedia", "video", "ảnh", "podcast", "emagazine",
    "infographic", "media", "tiêu điểm", "chuyên đề", "nhịp sống", "vĩ mô", "đầu tư", "thị trường",
    "bạn cần biết", "tiện ích", "liên hệ", "giới thiệu", "quảng cáo", "tòa soạn", "đặt báo",
    "bảng giá", "bảng giá điện tử", "danh mục đầu tư", "tra cứu", "thời tiết", "giá vàng", "tỷ giá",
    # widgets
    "đăng nhập", "đăng ký", "đăng xuất", "tài khoản", "tìm kiếm", "menu", "chia sẻ", "bình luận", "gửi bình luận",
    "in bài", "lưu", "lưu bài", "theo dõi", "theo dõi trên", "nghe", "nghe bài", "đọc bài", "cỡ chữ", "sao chép",
    "liên kết", "copy link", "facebook", "zalo", "twitter", "youtube", "tiktok", "google news", "email",
    "tiếng việt", "english", "中文", "日本語", "한국어", "français", "español",
    # English sites
    "home", "news", "latest", "politics", "law", "business", "economy", "society", "world", "sports", "life",
    "lifestyle", "opinion", "culture", "travel", "environment", "features", "national", "sign in", "sign up",
    "log in", "login", "register", "subscribe", "search", "share", "comment", "comments", "print", "follow",
)}, key=len, reverse=True))
_CHROME_SEPARATORS = re.compile(r"[|/·•»›>&+:\-–—()\[\]]|\b\d{1,4}\b")
_PHOTO_CREDIT = re.compile(r"^(?:ảnh|photo|photos|ảnh minh họa|ảnh minh hoạ|nguồn ảnh|đồ họa|đồ hoạ|video)\s*:\s*\S",
                           re.I)
_LIST_ITEM = re.compile(r"^(?:[-*+•>#|!]|\d{1,2}[.)]\s|[IVXivx]{1,4}[.)]\s)")
_NAME_WORD = re.compile(r"^[A-ZÀ-ỸĐ][a-zà-ỹđ]*\.?$|^[A-ZĐ]\.?$")
_BYLINE_LABEL = re.compile(r"^(?:theo|by|tác giả\s*:|bài\s*:|bài và ảnh\s*:|phóng viên\s*:|pv\s*:)\s*", re.I)
_NAME_STOPWORDS = frozenset({"The", "And", "Of", "To", "In", "On", "For", "With", "Và", "Của", "Với", "Tại", "Trong"})


def _chrome_words_only(text: str) -> bool:
    """Whether the line is nothing but menu, section and widget words (`Bạn cần biết Tiện ích Liên hệ`)."""
    rest = " " + " ".join(_CHROME_SEPARATORS.sub(" ", _fold(text)).split()) + " "
    if not rest.strip():
        return False
    rest = rest.replace(" ", "  ")  # every word between two spaces of its own, so neighbours both match
    for words in _CHROME_WORDS:
        rest = rest.replace(" " + words.replace(" ", "  ") + " ", " ")
    return not rest.strip()


def _menu(text: str) -> bool:
    """A line of short items between bars or arrows: `Trang chủ | Thời sự | Kinh tế`, `VI | EN`."""
    if text.startswith("|") or text.endswith("|"):
        return False  # a table's row, or an image stub
    items = [t.strip() for t in re.split(r"\s*[|»›]\s*", text)]
    items = [t for t in items if t]
    return (len(items) >= 2 and all(len(t.split()) <= 4 and not _SENTENCE_END.search(t) for t in items)
            and not any(ch.isdigit() for t in items for ch in t))


def _logo(text: str) -> bool:
    """One token of letters and hyphens or dots: `logo-tapnews`, `vnexpress.net`."""
    return " " not in text and re.fullmatch(r"[\w]+(?:[-_.][\w]+)+", text) is not None


def _strong_chrome(text: str) -> str | None:
    """Why the line is the site's chrome wherever it sits in the head, or None."""
    if len(text) > _CHROME_MAX_CHARS:
        return None
    if _menu(text):
        return "site menu"
    if _chrome_words_only(text):
        return "site menu, section name or widget"
    if _logo(text):
        return "site logo"
    if _PHOTO_CREDIT.match(text) and len(text.split()) <= 6:
        return "photo credit"
    return None


def name_like(text: str) -> bool:
    """A person's name alone on a line, as bylines give it: 2–4 capitalized words (`Đậu Tiến Đạt`),
    maybe after `Theo`, `By`, `Tác giả:`, `Bài và ảnh:`."""
    words = _BYLINE_LABEL.sub("", text).split()
    return (2 <= len(words) <= 4 and len(text) <= 40 and all(_NAME_WORD.match(w) for w in words)
            and not any(w in _NAME_STOPWORDS for w in words))


def _headline(text: str, *, lenient: bool = False, min_words: int = _TITLE_MIN_WORDS) -> bool:
    """Whether the line reads as a headline; `lenient` lets it end in `?`, `!` or `…` (it heads a byline)."""
    words = text.split()
    if not min_words <= len(words) <= _TITLE_MAX_WORDS or len(text) > _TITLE_MAX_CHARS:
        return False
    if _LIST_ITEM.match(text) or text.startswith(("(", "[", "!", "http")):
        return False
    first = next((c for c in text if c.isalnum()), "")
    if not first or (first.isalpha() and not first.isupper()):
        return False
    end = text.rstrip("\"”’'»)")
    if lenient:
        return not re.search(r"[.:;,]$", end) or end.endswith("...")
    return not _SENTENCE_END.search(end)


def _reads_as_text(text: str) -> bool:
    """A sentence or a paragraph: where the head of a page ends."""
    return (_SENTENCE_END.search(text.rstrip("\"”’'»)")) is not None or len(text.split()) > _TITLE_MAX_WORDS
            or len(text) > _TITLE_MAX_CHARS)


def read_head(lines: list[str], *, find_title: bool = True, after_prefix: bool = False) -> Head:
    """The title (when `find_title`), the chrome and the byline date at the top of a document's lines.

    The head runs down to the first line that reads as text. With a byline or date line
    there, the title is the headline just above it (past the author's name); without, the
    first line there that reads as a headline. Above the title everything is chrome; below
    it, the date line, the author's name beside it and lines of menu and widget words are.
    `after_prefix` says the first line is the rest of a ` date …` prefix's line, the place
    of a title, which may then be as short as two words when no other headline follows.
    """
    head: list[tuple[int, str]] = []
    others = 0  # lines of the head that are not plainly chrome
    for i, line in enumerate(lines):
        text = _tidy(line)
        if not text:
            continue
        if len(head) >= _HEAD_MAX_LINES or others >= _HEAD_LINES or len(text) > _TITLE_MAX_CHARS:
            break
        chrome = _strong_chrome(text) is not None
        others += not chrome
        if not chrome and read_stamp(text) is None and _reads_as_text(text):
            if find_title and _headline(text, lenient=True) and _stamp_follows(lines, i):
                head.append((i, text))  # a headline ending in ? or …, right above its byline
                continue
            break
        head.append((i, text))
    stamps = [(k, read_stamp(text)) for k, (_, text) in enumerate(head)]
    stamps = [(k, s) for k, s in stamps if s is not None]
    names = _bylines(head, {k for k, _ in stamps})
    title = None
    if find_title:
        title = _title_in_head(head, [k for k, _ in stamps], names,
                               after_prefix=after_prefix and bool(head) and head[0][0] == 0)
    byline = _publication_stamp(head, stamps)
    chrome: list[tuple[int, str]] = []
    for k, (i, text) in enumerate(head):
        if k == title:
            continue
        why = None
        if byline is not None and i == byline[0]:
            why = "byline: date of publication"
        elif any(k == s for s, _ in stamps):
            why = "byline: date line"
        elif k in names:
            why = "byline: author"
        elif _strong_chrome(text):
            why = _strong_chrome(text)
        elif title is not None and k < title:
            why = "site chrome above the headline"
        if why:
            chrome.append((i, why))
    return Head(head[title][0] if title is not None else None, tuple(chrome), byline)


def _stamp_follows(lines: list[str], at: int) -> bool:
    """Whether a date line comes right after line `at`, past blank lines and an author's name."""
    for line in lines[at + 1: at + 6]:
        text = _tidy(line)
        if not text or name_like(text):
            continue
        return read_stamp(text) is not None
    return False


def _bylines(head: list[tuple[int, str]], stamps: set[int]) -> set[int]:
    """Head lines that are an author's name right above or below a date line (maybe twice)."""
    names: set[int] = set()
    for s in stamps:
        for step in (-1, 1):
            k = s + step
            while 0 <= k < len(head) and k not in stamps and name_like(head[k][1]):
                names.add(k)
                k += step
    return names


def _title_in_head(head: list[tuple[int, str]], stamps: list[int], names: set[int], *,
                   after_prefix: bool = False) -> int | None:
    def candidate(k: int, lenient: bool = False, min_words: int = _TITLE_MIN_WORDS) -> bool:
        text = head[k][1]
        return (k not in names and k not in stamps and not _strong_chrome(text)
                and _headline(text, lenient=lenient, min_words=min_words))

    if stamps:
        first = stamps[0]
        k = first - 1
        while k >= 0 and k in names:
            k -= 1
        if k >= 0 and candidate(k, lenient=True):
            return k
        if k < 0 or _strong_chrome(head[k][1]):
            # The date line comes first, or only chrome (a breadcrumb, a menu) is right above
            # it: the headline is below it.
            below = next((j for j in range(first + 1, len(head)) if candidate(j)), None)
            if below is not None or k < 0:
                return below
    if after_prefix and not stamps and candidate(0, min_words=2) and not any(map(candidate, range(1, len(head)))):
        return 0
    for k in range(len(head)):
        if candidate(k):
            return k if _after_chrome_only(head, k, names, stamps) else None
    return None


def _after_chrome_only(head, k, names, stamps) -> bool:
    """Lines above a headline found without a byline must all read as chrome, or it is not the title."""
    for j in range(k):
        text = head[j][1]
        if j in names or j in stamps or _strong_chrome(text):
            continue
        words = text.split()
        first = next((c for c in text if c.isalpha()), "")
        if len(words) < _TITLE_MIN_WORDS or (first and not first.isupper()):
            continue  # a word or two (a logo, a section), or a tagline in lower case
        return False
    return True


def _publication_stamp(head, stamps) -> tuple[int, dt.date] | None:
    """The date of publication among the head's date lines: a first one not marked as an update."""
    dated = [(head[k][0], s) for k, s in stamps if s.date is not None]
    for i, s in dated:
        if not s.updated:
            return i, s.date
    return (dated[0][0], dated[0][1].date) if dated else None


# ---------------------------------------------------------------------------
# Date lines ("Ngày đăng: 10/4/2025", "26/10/2025 18:46 GMT+7", "February 05, 2026 - 21:35")


# "2 tháng 7 lúc 23:14", "Hôm qua lúc 08:05", "July 2 at 11:14 PM", then an audience icon.
_YEARLESS_STAMP = re.compile(r"(?:\d{1,2}\s+tháng\s+\d{1,2}|hôm\s+(?:qua|nay)|[A-Z][a-z]+\s+\d{1,2}|yesterday|today)"
                             r"\s+(?:lúc|at)\s+\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?(?:\s*[·•]\s*\S{0,3})?", re.I)


@dataclass(frozen=True)
class Stamp:
    """A line that is a date and time stamp; `date` is None when its date is not a real one."""

    date: dt.date | None
    updated: bool = False


# English month names and their abbreviations → month number (stamps here, dates in the text
# at the extract stage).
ENGLISH_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = "(" + "|".join(sorted(ENGLISH_MONTHS, key=len, reverse=True)) + r")\.?"
_STAMP_LABEL = re.compile(
    r"^(?:(?:ngày\s+)?(?:đăng|cập\s+nhật|xuất\s+bản)(?:\s+(?:lúc|ngày|vào))?|đã\s+gửi|gửi\s+lúc|gửi|thời\s+gian"
    r"|ngày|published|updated|last\s+updated|posted|created|modified|date)(?:\s+(?:on|at))?\s*:?\s*", re.I)
_UPDATE_LABEL = re.compile(r"^(?:ngày\s+)?cập\s+nhật|^(?:last\s+)?updated|^modified", re.I)
_STAMP_DATES = (
    # (pattern, order of the groups: d m y)
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})(?![\d/.-])"), "d_m_y"),
    (re.compile(r"\btháng\s+(\d{1,2}),?\s+(\d{1,2}),?\s+(\d{4})\b", re.I), "mdy"),
    (re.compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2}),?\s+(?:năm\s+)?(\d{4})\b", re.I), "dmy"),
    (re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I), "Mdy"),
    (re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b", re.I), "dMy"),
)
_STAMP_NOISE = re.compile(
    r"\bT(?=\d{1,2}:\d{2})|(?<!\d)\d{1,2}[:h]\d{2}(?::\d{2})?(?:\.\d+)?(?:\s*(?:am|pm|sa|ch)\b)?"  # a time
    r"|\b(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?|\b(?:gmt|utc|ict)\b|[+-]\d{2}:\d{2}"  # a time zone
    r"|\bthứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])\b|\bchủ\s+nhật\b|\bcn\b"  # a weekday
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b"
    r"|\b(?:ngày|lúc|vào|at|on)\b"
    r"|[\s,.;|()\[\]–—-]", re.I)
# An agency or author glued to the date: "Reuters10-07-2025", "BBC 7/2/2025".
_STAMP_SOURCE = re.compile(r"^(?:[A-ZĐ][\wÀ-ỹ]*\.?\s*){1,3}$")


def read_stamp(text: str) -> Stamp | None:
    """The line as a date stamp (a byline's date, a metadata line), or None when it is anything else.

    The line must be essentially a date: an optional label (Ngày đăng, Cập nhật, Đã gửi,
    Published…), a weekday, the date, a time, a time zone, and after `|` a section name.
    A sentence that mentions a date is not a stamp.
    """
    if len(text) > 80:
        return None
    if _YEARLESS_STAMP.fullmatch(text):
        return Stamp(None)  # a social network's "2 tháng 7 lúc 23:14 · 🌏": when, but no year
    label = _STAMP_LABEL.match(text)
    updated = bool(label and _UPDATE_LABEL.match(text))
    rest = text[label.end():] if label else text
    parts = rest.split("|")
    for n, part in enumerate(parts):
        found = _stamp_date(part)
        if found is None:
            continue
        day, (start, end) = found
        before, after = part[:start], part[end:]
        if _STAMP_NOISE.sub("", after) or not _stamp_source(_STAMP_NOISE.sub(" ", before).strip(), label):
            return None
        others = parts[:n] + parts[n + 1:]
        if all(_STAMP_NOISE.sub("", o) == "" or _section(o) for o in others):
            return Stamp(day, updated)
        return None
    return None


def _stamp_source(before: str, label) -> bool:
    return not before or (not label and _STAMP_SOURCE.match(before) is not None)


def _section(text: str) -> bool:
    """A section name after a date line's `|`: a few words, no digits, no sentence."""
    text = text.strip()
    return 0 < len(text.split()) <= 8 and not any(c.isdigit() for c in text) and not _SENTENCE_END.search(text)


def _stamp_date(text: str) -> tuple[dt.date | None, tuple[int, int]] | None:
    """The one date in `text` and where it is; its date None when not a real one (`7/2/225`)."""
    for pattern, order in _STAMP_DATES:
        matches = list(pattern.finditer(text))
        if not matches:
            continue
        if len(matches) > 1:
            return None
        m = matches[0]
        g = m.groups()
        if order == "ymd":
            y, mo, d = g
        elif order == "d_m_y":
            d, _, mo, y = g
        elif order == "mdy":
            mo, d, y = g
        elif order == "dmy":
            d, mo, y = g
        elif order == "Mdy":
            mo, d, y = ENGLISH_MONTHS[g[0].lower()], g[1], g[2]
        else:
            d, mo, y = g[0], ENGLISH_MONTHS[g[1].lower()], g[2]
        year = int(y) + (2000 if len(y) == 2 else 0)
        try:
            day = dt.date(year, int(mo), int(d)) if len(y) in (2, 4) and 1990 <= year <= 2100 else None
        except ValueError:
            day = None
        return day, m.span()
    return None


# ---------------------------------------------------------------------------
# Thumbnails

# Published pictures live here under a name made from their bytes: nothing the editor
# wrote (`../`, spaces, an `.html` suffix) reaches the site's paths.
PICTURE_DIR = "anh"
MAX_PICTURE_BYTES = 10 * 1024 * 1024
_PICTURE_KINDS = (
    (b"\x89PNG\r\n\x1a\n", 0, ".png"),
    (b"\xff\xd8\xff", 0, ".jpg"),
    (b"GIF87a", 0, ".gif"),
    (b"GIF89a", 0, ".gif"),
    (b"WEBP", 8, ".webp"),
    (b"ftypavif", 4, ".avif"),
)


def find_picture(value, source: SourceFile, line: int | None) -> tuple[Picture | None, Problem | None]:
    """The picture a `thumbnail` names when it is a picture file inside the project; else a warning why not.

    The path is looked up beside the seed, then from the project folder. SVG is not
    accepted: it can carry scripts.
    """
    text = str(value).strip() if isinstance(value, (str, int, float)) else ""

    def refuse(why: str) -> tuple[None, Problem]:
        shown = repr(text) if text else repr(value)
        return None, Problem(source.name, line, "warning", f"thumbnail {shown}: {why}; no picture is shown")

    if not text:
        return refuse("not a file path")
    if re.match(r"[a-z][a-z0-9+.-]+:", text, re.I) or text.startswith("//"):
        return refuse("a web address, and the site shows only pictures kept in the project")
    if text.startswith(("/", "\\")) or re.match(r"[a-z]:[\\/]", text, re.I):
        return refuse("an absolute path; write it relative to the project folder")
    roots = source.roots or (source.path.parent.resolve(),)
    relative = text.replace("\\", "/")
    outside = False
    for base in (source.path.parent, *roots):
        try:
            candidate = (base / relative).resolve()
            if not any(candidate.is_relative_to(r) for r in roots):
                outside = True
                continue
            if candidate.exists():
                return _picture(candidate, refuse)
        except (OSError, ValueError) as exc:  # a NUL byte, a name too long for the file system
            return refuse(f"not a usable file path ({getattr(exc, 'strerror', None) or exc})")
    if outside:
        return refuse("points outside the project, so it is not read")
    return refuse("not found in the project")


def _picture(path: Path, refuse) -> tuple[Picture | None, Problem | None]:
    if not path.is_file():
        return refuse("not a file")
    try:
        if path.stat().st_size > MAX_PICTURE_BYTES:
            return refuse(f"larger than {MAX_PICTURE_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        return refuse(f"cannot be read ({exc.strerror or exc})")
    suffix = next((s for magic, at, s in _PICTURE_KINDS if data[at:at + len(magic)] == magic), None)
    if suffix is None:
        return refuse("not a PNG, JPEG, GIF, WebP or AVIF picture")
    return Picture(path, f"{PICTURE_DIR}/{hashlib.sha256(data).hexdigest()[:16]}{suffix}"), None


# Front matter bigger than this, once YAML aliases are expanded, is refused (a "billion laughs").
MAX_VALUES = 10_000
_MAX_DEPTH = 20


def _front_matter(name: str, text: str, problems: list[Problem]) -> tuple[dict, dict, str, int]:
    try:
        fm, content = _YAML.split(text)
    except ValueError:
        problems.append(Problem(name, 1, "warning",
                                "front matter starts with --- but has no closing --- line; read as text"))
        return {}, {}, text, 1
    body_line = text[: len(text) - len(content)].count("\n") + 1
    try:
        metadata = yaml.load(fm, Loader=_FrontMatterLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None and mark.line >= fm.rstrip("\n").count("\n") + 1:
            # Found at the end (an unclosed bracket or quote): where the construct opened says more.
            mark = getattr(exc, "context_mark", None) or mark
        line = mark.line + 1 if mark else 1
        reason = str(getattr(exc, "problem", None) or "cannot be parsed")
        problems.append(Problem(name, line, "warning", f"front matter is not valid YAML ({reason}); metadata ignored"))
        return {}, {}, content, body_line
    except (ValueError, TypeError, OverflowError) as exc:
        # Explicit tags (`!!timestamp`, `!!float`) can still raise these.
        problems.append(Problem(name, 1, "warning", f"front matter is not valid YAML ({exc}); metadata ignored"))
        return {}, {}, content, body_line
    except RecursionError:
        problems.append(Problem(name, 1, "warning", "front matter is nested too deeply; metadata ignored"))
        return {}, {}, content, body_line
    if metadata is None:
        return {}, {}, content, body_line
    if not isinstance(metadata, dict):
        problems.append(Problem(name, 2, "warning",
                                f"front matter is a YAML {type(metadata).__name__}, not a mapping of keys; ignored"))
        return {}, {}, content, body_line
    if not small_enough(metadata):
        problems.append(Problem(name, 2, "warning",
                                f"front matter holds more than {MAX_VALUES} values or nests deeper than "
                                f"{_MAX_DEPTH} levels (YAML aliases can multiply it); metadata ignored"))
        return {}, {}, content, body_line
    lines = {m.group(1): fm.count("\n", 0, m.start()) + 1
             for m in re.finditer(r"^([^\s#:][^:]*?)\s*:", fm, re.M)}
    return {str(k): v for k, v in metadata.items()}, lines, content, body_line


def small_enough(value) -> bool:
    """Whether `value`, with every YAML alias expanded, stays small: aliases can build
    exponentially large or cyclic structures that later stages would walk forever."""
    budget = MAX_VALUES
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        budget -= 1
        if budget < 0 or depth > _MAX_DEPTH:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for kv in item.items() for v in kv)
        elif isinstance(item, (list, tuple, set)):
            stack.extend((v, depth + 1) for v in item)
    return True


def _has_markdown_headings(body: str) -> bool:
    return re.search(r"^#{1,6}[ \t]+\S", body, re.M) is not None


def _str_or_none(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
