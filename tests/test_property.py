"""Property-based: whatever bytes an editor's folder holds, reading and normalizing never
raises anything but `Unreadable`, the text that comes out is NFC, and every file is in the report."""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import unicodedata

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from conftest import REPO
from site_builder.build import build
from site_builder.config import load_config
from site_builder.extract import extract_facts
from site_builder.normalize import clean_document
from site_builder.sources import Unreadable, parse_document

# Letters as Vietnamese text holds them, in both precomposed and decomposed forms, with the
# characters that come with copy-pasted web pages.
VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ"
TONES = "\u0300\u0301\u0303\u0309\u0323"
ODD = "\u00a0\u200b\u200d\ufeff\u00ad\t\r“”\"'«»–—…•|#*_`>[]()!<>&/:\\\x00\x07\x1b\x85\u2028\ufffd"
WORDS = ["Bộ trưởng", "Nguyễn Hồng Diên", "Jamieson Greer", "vòng đàm phán thứ hai", "ngày 12/6", "từ ngày 19–22/5/2025",
         "Tin bài liên quan", "TPO - ", "![]() |", "| Ảnh: TTXVN |", "[Video]", "hoà", "thuỷ", "khoẻ", "ông Sơn",
         "nhấn mạnh", "“hai bên cần sớm ký kết hiệp định”", "cấp Bộ trưởng lần thứ 8", "điện đàm", " date 2025-11-12 ",
         "---", "\n", "\n\n", "# ", "## ", "- ", "> ", "<script>alert(1)</script>", "[x](javascript:alert(1))"]

letters = st.sampled_from(VIETNAMESE_LETTERS)
syllable = st.builds(lambda base, tone, nfd: unicodedata.normalize("NFD" if nfd else "NFC", base + tone),
                     st.text(letters, min_size=1, max_size=6), st.sampled_from(("", *TONES)), st.booleans())
token = st.one_of(syllable, st.sampled_from(WORDS), st.text(st.sampled_from(ODD), min_size=1, max_size=2),
                  st.text(max_size=3))
vietnamese_text = st.lists(token, max_size=60).map(" ".join)

scalar = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(), vietnamese_text,
                   st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(str),
                   st.sampled_from(["31/02/2025", "hôm qua", "2025-02-31", "../../etc/passwd", "javascript:alert(1)",
                                    "Đàm phán vòng 3", "false", "vòng đàm phán thứ ba", "https://example.com/a"]))
key = st.one_of(st.text(max_size=5), syllable)
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(key, inner, max_size=4)),
                     max_leaves=12)
KEYS = ["title", "date", "created_at", "slug", "description", "thumbnail", "source", "url", "tags", "round", "use",
        "category"]
front_matter_mapping = st.dictionaries(st.one_of(st.sampled_from(KEYS), key), value, max_size=8)


def dump(mapping: dict) -> str:
    try:
        return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError):
        return "title: x\n"


# YAML that breaks readers: unclosed brackets, cycles, alias bombs, unhashable keys, unsafe
# tags, impossible timestamps, bad base64, deep nesting, a list instead of a mapping.
HOSTILE_YAML = ["- a\n- b\n", "a: [\n", "a: &x [*x]\n", "? [a]\n: b\n", "x: !!python/object:os.system {}\n",
                "date: !!timestamp 2025-13-45\n", "b: !!binary 'zzz'\n", "d: 2025-02-31\n", "n: " + "[" * 50 + "]" * 50 + "\n",
                "l0: &l0 [a, a, a, a, a, a, a, a, a]\n" + "".join(
                    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 7)),
                "title:\n  - x\n  - y\n", "title: {a: b}\n", "f: !!float abc\n", "\t: x\n", "'\n",
                "ho\u0300a\u0301 ke\u0302\u0301: [thu\u0309y, {kho\u0309e: đa\u0300m}]\n"]
front_matter = st.lists(st.one_of(front_matter_mapping.map(dump), st.sampled_from(HOSTILE_YAML), vietnamese_text),
                        max_size=3).map("".join)
# Hypothesis keeps examples and caches under .hypothesis/ in the working folder; tests never
# write into the repository, so that goes to a temporary folder, and a failure prints its
# example (pin it with @example).
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hypothesis-"))
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258", "latin-1")


@st.composite
def seed_file(draw) -> bytes:
    """The bytes of one seed: a shape (front matter, date prefix, title line, bare), text, an encoding."""
    shape = draw(st.sampled_from(("front_matter", "front_matter", "prefix", "title", "bare", "bytes")))
    if shape == "bytes":
        return draw(st.binary(max_size=400))
    body = draw(vietnamese_text)
    if shape == "front_matter":
        text = f"---\n{draw(front_matter)}---\n{body}"
    elif shape == "prefix":
        text = f" date {draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))} {body}"
    elif shape == "title":
        text = f"{draw(vietnamese_text)}\n{body}"
    else:
        text = body
    if draw(st.booleans()):
        text = text.replace("\n", draw(st.sampled_from(("\r\n", "\r"))))
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


def all_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from all_strings(k)
            yield from all_strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from all_strings(v)


def with_hostile_yaml(test):
    """Every known-hostile front matter is tried on every run, besides what hypothesis draws."""
    for fm in HOSTILE_YAML:
        test = example(data=f"---\n{fm}---\nThân bài.".encode(), markdown=True)(test)
    return test


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=seed_file(), markdown=st.booleans())
@with_hostile_yaml
def test_reading_and_normalizing_never_raises_and_gives_nfc(data, markdown, lexicon):
    try:
        doc = clean_document(parse_document("seeds/x.md" if markdown else "seeds/x.txt", data, markdown=markdown))
    except Unreadable as exc:
        assert str(exc) and isinstance(exc.lost, bool)
        return
    texts = [doc.title, doc.html, doc.outlet or "", *(b.text for b in doc.blocks), *all_strings(doc.metadata)]
    for text in texts:
        assert unicodedata.is_normalized("NFC", text), repr(text)
    assert doc.title.strip()
    for problem in doc.problems:
        assert problem.file == doc.source and problem.level in ("warning", "error") and problem.message
    extract_facts(doc, lexicon)


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.tuples(st.sampled_from((".txt", ".md", ".markdown", ".jpg", "")), seed_file()),
                      min_size=1, max_size=6))
@example(files=[(".md", f"---\nthumbnail: {path}\nslug: {path}\n---\nThân.".encode())
                for path in ('"a\\0b.png"', "x" * 5000, "../../../../etc/passwd", "/dev/zero", "seeds")])
def test_every_file_is_accounted_for_in_the_report(files, tmp_path_factory):
    root = tmp_path_factory.mktemp("property")
    for name in ("templates", "static", "data"):
        shutil.copytree(REPO / name, root / name)
    seeds = root / "seeds"
    seeds.mkdir()
    names = []
    for i, (suffix, data) in enumerate(files):
        (seeds / f"{i}{suffix}").write_bytes(data)
        names.append(f"seeds/{i}{suffix}")
    result = build(load_config(root))
    outcomes = {f.source: f for f in result.report.files}
    assert sorted(outcomes) == sorted(names)
    published = {a.source_file: a for a in result.dossier.articles}
    for name, found in outcomes.items():
        assert found.status in ("published", "draft", "skipped", "failed")
        # The build turns a bug met by one file into that file's failure; here that is a defect.
        assert not (found.reason or "").startswith("internal error"), found.reason
        if found.status == "published":
            assert found.url == published[name].url and (root / "_site" / found.url).is_file()
        else:
            assert name not in published and found.reason
    assert len(published) == result.report.count("published")
