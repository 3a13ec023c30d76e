"""Stage 1, read: find the documents under `seeds/`, decode them, and split each into its parts.

A document comes in one of a few shapes (YAML front matter, a ` date YYYY-MM-DD` prefix,
a title on the first line, bare text); this stage recognises the shape and keeps the
text as written. Cleaning the text is the next stage's job.
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
    # Line of the file the title is on (front matter or first line), when it has one.
    title_line: int | None = None


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


def decode(data: bytes) -> Decoded:
    """Bytes of a seed to text with `\\n` line ends, or `Unreadable` saying why not.

    Tried in order: a byte-order mark (UTF-8/16/32), UTF-16 without a mark (told by
    its NUL bytes), strict UTF-8, legacy Windows-1258 when the result reads as
    Vietnamese, and UTF-8 with a few damaged bytes replaced (with a warning naming
    the line) when nearly all of the file is valid UTF-8.
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
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    if damaged * 200 <= len(text):
        line = data.count(b"\n", 0, first_bad) + 1
        return Decoded(_lines(text), "utf-8",
                       (f"line {line}: {damaged} byte(s) are not valid UTF-8 and were replaced by �; "
                        "re-save the file as UTF-8",))
    line = data.count(b"\n", 0, first_bad) + 1
    raise Unreadable("not valid UTF-8, UTF-16 or Windows-1258 text; re-save it as UTF-8", line)


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
# " date 2025-11-12 Title or lead…": the scraper's prefix. Leading blanks are optional.
_DATE_PREFIX = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+|$)", re.I | re.M)
# A line that reads as a headline: not too long, no sentence-final punctuation.
_TITLE_MAX_CHARS = 200
_SENTENCE_END = re.compile(r"[.!?…:;,]$|\.\.\.$")


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
    if not metadata:
        m = _DATE_PREFIX.match(body)
        if m:
            date_prefix = _iso_date(m.group(1))
            if date_prefix is None:
                problems.append(Problem(name, body_line, "warning",
                                        f"date prefix {m.group(1)} is not a real date; ignored"))
            body = body[m.end():]
    if title is None:
        first, rest, skipped_lines = _first_line(body)
        if first is not None and _looks_like_title(first, rest):
            title = first.strip()
            title_line = body_line + skipped_lines - 1
            body = rest
            body_line += skipped_lines
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
    )


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


def _first_line(body: str) -> tuple[str | None, str, int]:
    """The first non-blank line, the text after it, and how many lines that consumed."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            return line, "\n".join(lines[i + 1:]), i + 1
    return None, body, 0


def _looks_like_title(line: str, rest: str) -> bool:
    line = line.strip()
    if not rest.strip() or len(line) > _TITLE_MAX_CHARS or len(line.split()) < 3:
        return False
    if line.startswith(("#", "|", "!", "-", "*", ">")):
        return False
    return not _SENTENCE_END.search(line)


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
