"""A site published under a subpath (https://user.github.io/dossier/): every link, asset and absolute URL holds."""
from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import deque
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from conftest import REPO, checkout_env

SUBPATH = "/dossier/"
PAGES_BASE = "https://user.github.io/dossier/"
# Attributes whose value is a URL the browser follows or fetches.
URL_ATTRIBUTES = {"href", "src", "action", "poster", "data"}
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
ENTRY_FILES = ("sitemap.xml", "robots.txt", "feed.xml", "dossier.json")
ABSOLUTE_URL = re.compile(r"https?://[^\s\"'<>]+")


class Links(HTMLParser):
    """Every URL an HTML page points at, and every id a fragment may name."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.canonical: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value is None:
                continue
            if name in URL_ATTRIBUTES:
                self.urls.append(value.strip())
            elif name in ("srcset", "imagesrcset"):
                self.urls.extend(part.split()[0] for part in value.split(",") if part.strip())
            elif name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
        if tag == "meta" and ABSOLUTE_URL.fullmatch(attrs.get("content") or ""):
            self.urls.append(attrs["content"])  # og:url, og:image, twitter:image
        if tag == "link" and "canonical" in (attrs.get("rel") or "").split():
            self.canonical.append(attrs.get("href") or "")


def parse_html(text: str) -> Links:
    links = Links()
    links.feed(text)
    links.close()
    return links


def build(make_project, out: Path, base_url: str) -> Path:
    """The sample seeds, built by the real command line into `out`."""
    root = make_project()
    for seed in sorted((REPO / "seeds").iterdir()):
        shutil.copy(seed, root / "seeds" / seed.name)
    shutil.copy(REPO / "build.py", root / "build.py")
    done = subprocess.run([sys.executable, "build.py", "build", "--out", str(out), "--base-url", base_url],
                          cwd=root, capture_output=True, text=True, timeout=120, env=checkout_env())
    assert done.returncode == 0, done.stderr
    return out


class PagesLikeHandler(SimpleHTTPRequestHandler):
    """Static files, and, as GitHub Pages does, the site's 404.html for a missing address under the site."""

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / SUBPATH.strip("/") / "404.html"
        if code == 404 and self.path.startswith(SUBPATH) and not_found.is_file():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def pages_server(tmp_path):
    """A server on 127.0.0.1 (free port) whose document root holds the site under `dossier/`."""
    www = tmp_path / "www"
    www.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesLikeHandler, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield www, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


def is_skipped(url: str) -> bool:
    return not url or url.lower().startswith(SKIPPED_SCHEMES)


def crawl(starts: list[str], origin: str) -> tuple[dict[str, int], dict[str, set[str]], list[tuple[str, str]]]:
    """Follow every same-origin link from `starts`: status per URL, ids per HTML page, (page, link) pairs."""
    statuses: dict[str, int] = {}
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    queue = deque(starts)
    while queue:
        url = queue.popleft()
        if url in statuses:
            continue
        status, kind, body = fetch(url)
        statuses[url] = status
        if status != 200:
            continue
        text = body.decode("utf-8", "replace")
        if kind == "text/html":
            page = parse_html(text)
            ids[url] = page.ids
            found = page.urls
        elif kind == "application/json":
            # dossier.json: every `url` is the page's path relative to the site root.
            found = [urljoin(url, value) for value in json_urls(json.loads(text))]
        else:
            found = ABSOLUTE_URL.findall(text)  # feed.xml, sitemap.xml, robots.txt
        for link in found:
            if is_skipped(link):
                continue
            target = urljoin(url, link)
            if not target.startswith(origin + "/"):
                continue  # another site
            links.append((url, target))
            queue.append(urldefrag(target).url)
    return statuses, ids, links


def json_urls(value) -> list[str]:
    if isinstance(value, dict):
        return [v for k, v in value.items() if k.endswith("url") and isinstance(v, str) and v] + [
            u for v in value.values() if isinstance(v, (dict, list)) for u in json_urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in json_urls(v)]
    return []


def test_the_site_served_from_a_subpath_has_no_broken_link(make_project, pages_server):
    www, origin = pages_server
    base = f"{origin}{SUBPATH}"
    site = build(make_project, www / SUBPATH.strip("/"), base)

    # The home page, and the files crawlers and feed readers ask for without a link.
    statuses, ids, links = crawl([base] + [base + name for name in ENTRY_FILES], origin)
    assert all(statuses[base + name] == 200 for name in ENTRY_FILES), statuses

    broken = sorted(f"{page} → {target} ({statuses.get(urldefrag(target).url)})" for page, target in links
                    if statuses.get(urldefrag(target).url) != 200)
    assert not broken, "broken links:\n" + "\n".join(broken)
    outside = sorted({t for _, t in links if not urlsplit(t).path.startswith(SUBPATH)})
    assert not outside, f"links that leave {SUBPATH}: {outside}"
    missing_ids = sorted(f"{page} → {target}" for page, target in links
                         if urldefrag(target).fragment and urldefrag(target).url in ids
                         and unquote(urldefrag(target).fragment) not in ids[urldefrag(target).url])
    assert not missing_ids, "links to ids that do not exist:\n" + "\n".join(missing_ids)

    reached = {urlsplit(u).path[len(SUBPATH):] or "index.html" for u in statuses}
    for planned in ("index.html", "vong-dam-phan/index.html", "nhan-vat/index.html", "to-chuc/index.html",
                    "chu-de/index.html", "chu-de/tariff.html", "so-lieu/index.html"):
        assert planned in reached, f"the crawl never reached {planned}"
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}
    assert pages <= reached, f"pages no link leads to: {sorted(pages - reached)}"
    assert any(p.startswith("static/") for p in reached), "no stylesheet or script was fetched"


def test_the_404_page_works_at_any_depth(make_project, pages_server):
    www, origin = pages_server
    build(make_project, www / SUBPATH.strip("/"), f"{origin}{SUBPATH}")
    missing = f"{origin}{SUBPATH}bai-viet/khong-con/bai-da-xoa.html"

    status, kind, body = fetch(missing)

    assert status == 404 and kind == "text/html"
    page = parse_html(body.decode("utf-8"))
    targets = [urljoin(missing, u) for u in page.urls if not is_skipped(u) and not u.startswith("#")]
    internal = [t for t in targets if t.startswith(origin + "/")]
    assert any("/static/" in t for t in internal), "the 404 page loads its stylesheet"
    broken = [t for t in internal if fetch(urldefrag(t).url)[0] != 200]
    assert not broken, f"links on the 404 page, seen from {missing}, that do not answer 200: {broken}"


def site_path(url: str, base: str) -> str:
    """The file an absolute URL under `base` is served from."""
    path = unquote(urldefrag(url).url[len(base):].split("?")[0])
    return path + "index.html" if path == "" or path.endswith("/") else path


def test_every_absolute_url_under_the_base_url_names_a_file_that_exists(make_project, tmp_path):
    site = build(make_project, tmp_path / "site", PAGES_BASE)
    host = urlsplit(PAGES_BASE).netloc
    seen: dict[str, list[str]] = {}
    for file in sorted(p for p in site.rglob("*") if p.is_file() and not p.name.startswith("_")):
        text = file.read_bytes().decode("utf-8", "replace")
        for url in ABSOLUTE_URL.findall(text):
            if urlsplit(url).netloc == host:
                seen.setdefault(file.relative_to(site).as_posix(), []).append(url)

    wrong = [(f, u) for f, urls in seen.items() for u in urls if not u.startswith(PAGES_BASE)]
    assert not wrong, f"absolute URLs on {host} that leave {urlsplit(PAGES_BASE).path}: {wrong}"
    missing = [(f, u) for f, urls in seen.items() for u in urls if not (site / site_path(u, PAGES_BASE)).is_file()]
    assert not missing, f"absolute URLs with no file behind them: {missing}"

    feed = (site / "feed.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<entry>(.*?)</entry>", feed, re.S)
    assert entries, "the feed has entries"
    for entry in entries:
        hrefs = re.findall(r'<link[^>]*href="([^"]+)"', entry)
        assert hrefs and all(h.startswith(PAGES_BASE) for h in hrefs), entry
    assert f'href="{PAGES_BASE}feed.xml"' in feed

    locs = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(PAGES_BASE) for loc in locs), locs
    assert f"Sitemap: {PAGES_BASE}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")

    for page in sorted(site.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        canonical = parse_html(page.read_text(encoding="utf-8")).canonical
        if path == "404.html" and not canonical:
            continue  # a page served for missing addresses may well name no canonical one
        assert len(canonical) == 1, f"{path}: {len(canonical)} canonical links"
        assert site_path(canonical[0], PAGES_BASE) == path, f"{path}: canonical {canonical[0]} is another page"


def test_without_a_base_url_no_page_names_an_absolute_address_of_its_own(make_project, tmp_path):
    site = build(make_project, tmp_path / "site", "")
    for page in sorted(site.rglob("*.html")):
        links = parse_html(page.read_text(encoding="utf-8"))
        assert links.canonical == [], page
        own = [u for u in links.urls if u.startswith("/") and not u.startswith("//")]
        assert not own, f"{page.relative_to(site)}: root-absolute links break under a subpath: {own}"
