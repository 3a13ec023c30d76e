"""Crawl the whole built site: valid HTML, no broken link or missing asset, every article near home."""
from __future__ import annotations

import json
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import html5lib
import pytest

from site_builder.build import build
from site_builder.config import load_config

from conftest import REPO, write_files

BASE_URL = "https://example.org/ho-so/"

# Beside the five samples: an article with no date at all, and one whose title and body try
# to break out of the page's markup and its JSON-LD.
EXTRA_SEEDS = {
    "seeds/extra/undated.txt": "Một bài không ghi ngày\nHai bên tiếp tục trao đổi về thuế đối ứng, chưa nêu thời điểm cụ thể.\n",
    "seeds/extra/hostile.md": (
        "---\ntitle: \"Tin </script><script>alert(1)</script> & <!-- x\"\ndate: 2025-07-01\n"
        "url: \"javascript:alert(2)\"\n---\n"
        "Bộ trưởng Nguyễn Hồng Diên nói </script><img src=x onerror=alert(3)> tại Hà Nội ngày 1/7/2025.\n\n"
        "Hai bên đàm phán thuế đối ứng <b onmouseover=alert(4)>46%</b> \"><svg onload=alert(5)> và hàng nông sản.\n"
    ),
    # Roles that run long in the text: a remit, a second employer, a clause, a caption.
    "seeds/extra/roles.txt": (
        " date 2025-07-02 Gặp gỡ doanh nghiệp\n\n"
        "Ông Michael DeSombre, Trợ lý Ngoại trưởng Hoa Kỳ phụ trách các vấn đề Đông Á và Thái Bình Dương, "
        "gặp ông Vũ Đức Giang - Chủ tịch HĐQT Tổng Công ty May Việt Tiến và Tổng Công ty May 10, Chủ tịch Hiệp "
        "hội Dệt may Việt Nam - cùng Trưởng Đoàn đàm phán Chính phủ với Hoa Kỳ Nguyễn Hồng Diên đã triệu tập và "
        "chủ trì vào chiều ngày 2/7/2025 một cuộc họp quan trọng với doanh nghiệp.\n\n"
        "Thứ trưởng Bộ Ngoại giao Việt Nam Phạm Quang Huy ẢNH: TTXVN\n"
    ),
}


def copy_of_a_sample() -> dict[str, str]:
    """An aggregator's repost of sample 003 under its own headline: one story, two pages."""
    first, _, rest = (REPO / "seeds" / "003_e7ceec54ec5c2c73.txt").read_text(encoding="utf-8").partition("\n")
    return {"seeds/extra/copy.txt": "Vòng đàm phán lần 3: nhiều kết quả tích cực\n" + rest}


def make_site(tmp_path_factory, name: str, settings: str) -> Path:
    root = tmp_path_factory.mktemp(name)
    for folder in ("seeds", "templates", "static", "data"):
        shutil.copytree(REPO / folder, root / folder)
    write_files(root, {**EXTRA_SEEDS, **copy_of_a_sample(), "dossier.yaml": settings})
    result = build(load_config(root))
    assert result.report.count("failed") == 0
    return root / "_site"


@pytest.fixture(scope="module", params=["vi-relative", "en-base-url"])
def site(request, tmp_path_factory) -> Path:
    settings = "" if request.param == "vi-relative" else f"language: en\nbase_url: {BASE_URL}\n"
    return make_site(tmp_path_factory, request.param, settings)


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def parse(site: Path, page: str):
    """The page's tree; html5lib in strict mode raises on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse((site / page).read_bytes())


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def links(tree) -> list[tuple[str, str]]:
    """(element, address) for every link, stylesheet, script, image and form target in the page."""
    out = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        name = local_name(el.tag)
        if name == "form" and el.get("action") is not None:
            out.append((name, el.get("action")))
        for attr in ("href", "src"):
            value = el.get(attr) or el.get("{http://www.w3.org/1999/xlink}" + attr)
            if value is not None and name in ("a", "link", "script", "img", "source", "use"):
                out.append((name, value))
    return out


def ids(tree) -> set[str]:
    return {el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}


def resolve(page: str, href: str) -> tuple[str, str] | None:
    """(path in the site, fragment) that `href` on `page` points to; None for another site."""
    base_path = urlsplit(BASE_URL).path
    if href.startswith(BASE_URL) or href.startswith(base_path):
        href = href[len(BASE_URL if href.startswith(BASE_URL) else base_path):] or "index.html"
        page = "index.html"
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    target, fragment = urldefrag(href)
    if not target:
        return page, fragment
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(target)))
    assert not path.startswith(".."), f"{page}: {href} leaves the site"
    if target.endswith("/"):
        path += "/index.html"
    return path, fragment


@pytest.fixture(scope="module")
def trees(site):
    return {page: parse(site, page) for page in html_pages(site)}


def test_every_page_is_well_formed_html(site, trees):
    assert len(trees) >= 25  # the pages were parsed (strictly) by the fixture
    for page, tree in trees.items():
        assert tree.find("head/title") is not None, page
        assert tree.find(".//main") is not None, page
        assert len(tree.findall(".//h1")) == 1, page


def test_no_broken_internal_link_or_missing_asset(site, trees):
    broken = []
    for page, tree in trees.items():
        for element, href in links(tree):
            found = resolve(page, href)
            if found is None:
                continue
            path, fragment = found
            if not (site / path).is_file():
                broken.append(f"{page}: <{element}> {href} → {path} is missing")
            elif fragment and path.endswith(".html") and fragment not in ids(trees[path]):
                broken.append(f"{page}: <{element}> {href} → no id {fragment!r} in {path}")
    assert not broken, "\n".join(broken)


def test_every_page_has_its_stylesheet(site, trees):
    for page, tree in trees.items():
        sheets = [el.get("href") for el in tree.iter("link") if el.get("rel") == "stylesheet"]
        assert len(sheets) == 1 and "/style." in "/" + sheets[0], page


def clicks_from_home(trees) -> dict[str, int]:
    depth = {"index.html": 0}
    queue = deque(["index.html"])
    while queue:
        page = queue.popleft()
        for element, href in links(trees[page]):
            found = resolve(page, href)
            if element not in ("a", "form") or found is None or found[0] not in trees or found[0] in depth:
                continue
            depth[found[0]] = depth[page] + 1
            queue.append(found[0])
    return depth


def test_every_article_within_two_clicks_of_home(site, trees):
    export = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    depth = clicks_from_home(trees)
    articles = [a["url"] for a in export["articles"]]
    assert len(articles) == 6 + len(EXTRA_SEEDS)
    far = {url: depth.get(url) for url in articles if depth.get(url) is None or depth[url] > 2}
    assert not far, f"not reachable within two clicks: {far}"
    # Every page but the 404 page is reachable at all.
    assert set(trees) - set(depth) == {"404.html"}


def test_the_month_pages_alone_reach_every_article(site, trees):
    """The home page lists only the latest stories: the month pages it links hold every other one."""
    export = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    home = {found[0] for _, href in links(trees["index.html"]) if (found := resolve("index.html", href))}
    months = sorted(p for p in trees if p.startswith("thang/"))
    assert months and set(months) <= home
    listed = {found[0] for page in months for _, href in links(trees[page]) if (found := resolve(page, href))}
    mains = {a["url"] for a in export["articles"] if not a["copy_of"]}
    assert mains <= listed
    # A copy is listed under its story's main article, and linked from it.
    copies = {a["url"] for a in export["articles"] if a["copy_of"]}
    assert copies <= listed | {found[0] for page in mains for _, href in links(trees[page])
                               if (found := resolve(page, href))}


def test_feed_and_sitemap_are_well_formed(site, trees):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert entries and all(e.find(f"{atom}title").text for e in entries)
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locs = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = set(trees) - {"404.html"}
    if (site / "index.html").read_text(encoding="utf-8").count('rel="canonical"'):
        assert locs == {BASE_URL + p for p in expected}
    else:
        assert locs == expected


def test_robots_txt(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    if "canonical" in (site / "index.html").read_text(encoding="utf-8"):
        assert f"Sitemap: {BASE_URL}sitemap.xml" in robots


def test_source_texts_are_published_as_utf8(site):
    export = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    for a in export["articles"]:
        data = (site / a["source_text_url"]).read_bytes()
        # The BOM makes a browser read it as UTF-8 even when the server names no charset.
        assert data.startswith(b"\xef\xbb\xbf")
        assert (REPO / a["source_file"]).exists() or a["source_file"].startswith("seeds/extra/")


@pytest.mark.parametrize("where", ["article", "topic", "figures"])
def test_hostile_text_stays_text(site, trees, where):
    (page,) = [p for p in trees if p.startswith("bai-viet/tin-script")]
    if where != "article":
        # Its sentences are quoted on the topic page and in the figures table and chart: as text.
        page = "chu-de/tariff.html" if where == "topic" else "so-lieu/index.html"
        text = (site / page).read_text(encoding="utf-8")
        assert "&lt;svg onload=alert(5)&gt;" in text and "<svg onload" not in text
        assert not [el for el in trees[page].iter() if isinstance(el.tag, str)
                    and any(k.startswith("on") for k in el.attrib)]
        return
    tree = trees[page]
    assert not [el for el in tree.iter("script") if el.get("type") != "application/ld+json"]
    assert not [el for el in tree.iter() if isinstance(el.tag, str) and any(k.startswith("on") for k in el.attrib)]
    (ld,) = [el for el in tree.iter("script") if el.get("type") == "application/ld+json"]
    data = json.loads(ld.text)
    assert data["headline"] == "Tin </script><script>alert(1)</script> & <!-- x"
    assert "isBasedOn" not in data
    assert not [a for a in tree.iter("a") if (a.get("href") or "").lower().startswith("javascript:")]


def test_canonical_and_structured_data_follow_base_url(site, trees):
    has_base = "canonical" in (site / "index.html").read_text(encoding="utf-8")
    data = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    url = {a["id"]: a["url"] for a in data["articles"]}
    # A copy names its story's main article (relative to itself when the site has no address).
    main_of = {a["url"]: url[a["copy_of"]] for a in data["articles"] if a["copy_of"]}
    assert main_of
    for page, tree in trees.items():
        canonical = [el.get("href") for el in tree.iter("link") if el.get("rel") == "canonical"]
        if page in main_of:
            target = main_of[page]
            if has_base:
                assert canonical == [BASE_URL + target], page
            else:
                assert [posixpath.normpath(posixpath.join(posixpath.dirname(page), h)) for h in canonical] == [target], page
        elif has_base and page != "404.html":
            expected = BASE_URL + ("" if page == "index.html" else page)
            assert canonical == [expected], page
        elif not has_base:
            assert canonical == [], page
    kinds = {}
    for page, tree in trees.items():
        for el in tree.iter("script"):
            if el.get("type") == "application/ld+json":
                data = json.loads(el.text)
                kinds.setdefault(data["@type"], []).append(page)
                if has_base:
                    assert data["url"] == BASE_URL + page
    assert all(p.startswith("bai-viet/") for p in kinds["NewsArticle"]) and len(kinds["NewsArticle"]) == 6 + len(EXTRA_SEEDS)
    assert all(p.startswith("nhan-vat/") for p in kinds["Person"])


def test_404_links_are_absolute_when_the_site_knows_its_address(site, trees):
    hrefs = [href for _, href in links(trees["404.html"])]
    if "canonical" in (site / "index.html").read_text(encoding="utf-8"):
        # The host serves 404.html at any depth: only links from the base path work from there.
        assert all(h.startswith((BASE_URL, urlsplit(BASE_URL).path, "#")) for h in hrefs)
    else:
        assert not [h for h in hrefs if h.startswith(("http:", "https:", "/"))]


def test_no_role_on_the_site_is_longer_than_twelve_words(site, trees):
    """A role is a short noun phrase (README, "Roles and sides"): wherever a page shows one."""
    shown = []
    for page, tree in trees.items():
        for el in tree.iter():
            if isinstance(el.tag, str) and set((el.get("class") or "").split()) & {"role", "role-title"}:
                text = "".join(el.itertext())
                shown.append(text)
                assert len(re.findall(r"\w+", text)) <= 12, f"{page}: {text!r}"
    assert shown
    # The long ones of the extra seed were read, shortened to their positions.
    data = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    (article,) = [a for a in data["articles"] if a["source_file"] == "seeds/extra/roles.txt"]
    written = {r for roles in article["roles"].values() for r in roles}
    assert {"Trợ lý Ngoại trưởng Hoa Kỳ", "Chủ tịch HĐQT Tổng Công ty May Việt Tiến", "Chủ tịch Hiệp hội Dệt may Việt Nam",
            "Trưởng Đoàn đàm phán Chính phủ với Hoa Kỳ", "Thứ trưởng Bộ Ngoại giao Việt Nam"} <= written
    assert all(len(re.findall(r"\w+", r)) <= 12 for r in written)


def test_a_story_is_listed_once_and_its_copy_points_at_its_main_article(site, trees):
    data = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    (story,) = data["stories"]
    by_id = {a["id"]: a for a in data["articles"]}
    (copy,) = [by_id[c["article"]] for c in story["copies"]]
    main = by_id[story["main"]]
    assert main["source_file"] == "seeds/003_e7ceec54ec5c2c73.txt" and copy["source_file"] == "seeds/extra/copy.txt"
    assert copy["copy_of"] == main["id"] == copy["story"] == main["story"] and main["copy_of"] is None
    # The home timeline and the round page list the story once, under its main article, with the copy beside it.
    for page in ("index.html", posixpath.normpath(by_id[main["id"]]["url"] and
                                                     next(r["url"] for r in data["rounds"] if r["id"] == main["round"]))):
        hrefs = [el.get("href") for el in trees[page].iter() if isinstance(el.tag, str) and "tl-title" in (el.get("class") or "")]
        assert sum(h.endswith(main["url"].rsplit("/", 1)[1]) for h in hrefs) == 1, page
        assert not any(h.endswith(copy["url"].rsplit("/", 1)[1]) for h in hrefs), page
        also = [el for el in trees[page].iter() if isinstance(el.tag, str) and "tl-also" in (el.get("class") or "")]
        assert any(copy["url"].rsplit("/", 1)[1] in (a.get("href") or "") for p in also for a in p.iter("a")), page
    # The copy's page says whose text it is and names it canonical.
    tree = trees[copy["url"]]
    canonical = [el.get("href") for el in tree.iter("link") if el.get("rel") == "canonical"]
    assert len(canonical) == 1 and canonical[0].endswith(main["url"].rsplit("/", 1)[1])
    note = [el for el in tree.iter() if isinstance(el.tag, str) and "story-note" in (el.get("class") or "")]
    assert note and main["url"].rsplit("/", 1)[1] in "".join(a.get("href") or "" for a in note[0].iter("a"))
    # And it is left out of the search index: the story is found once.
    assert "data-pagefind-body" not in (site / copy["url"]).read_text(encoding="utf-8")
    report = json.loads((site / "_report.json").read_text(encoding="utf-8"))
    (entry,) = [f for f in report["files"] if f["source"] == "seeds/extra/copy.txt"]
    assert entry["copy_of"] == "seeds/003_e7ceec54ec5c2c73.txt" and entry["likeness"] >= 0.5
