"""The built site in real headless Chromium: accessibility, script errors, phones, and links
that work served from `/`, from a subpath and from file://."""
from __future__ import annotations

import functools
import json
import http.server
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from scripts.screenshots import pick_pages, shoot
from site_builder.build import build
from site_builder.config import load_config

from conftest import REPO, write_files

# A hostile article rides along: its text must not run as script anywhere.
HOSTILE = {
    "seeds/extra/hostile.md": (
        "---\ntitle: \"Tin </script><script>alert(1)</script>\"\ndate: 2025-07-01\n---\n"
        "Bộ trưởng Nguyễn Hồng Diên nói </script><img src=x onerror=alert(3)> tại Hà Nội.\n"
    ),
}


def copy_of_a_sample() -> dict[str, str]:
    """An aggregator's repost of sample 003 under its own headline: a copy page rides along too."""
    first, _, rest = (REPO / "seeds" / "003_e7ceec54ec5c2c73.txt").read_text(encoding="utf-8").partition("\n")
    return {"seeds/extra/copy.txt": "Vòng đàm phán lần 3: nhiều kết quả tích cực\n" + rest}


def copy_page(site: Path) -> str:
    data = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    (copy,) = [a for a in data["articles"] if a["copy_of"]]
    return copy["url"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample site built into <tmp>/www/dossier/, and a server on 127.0.0.1 for <tmp>/www."""
    root = tmp_path_factory.mktemp("browser")
    for folder in ("seeds", "templates", "static", "data"):
        shutil.copytree(REPO / folder, root / folder)
    # Small search shards: the search page merges several indexes, as a large dossier's does.
    write_files(root, {**HOSTILE, **copy_of_a_sample(), "dossier.yaml": "search_shard_size: 6\n"})
    site = root / "www" / "dossier"
    build(load_config(root, out=site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(site.parent)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/dossier/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def pages(served) -> dict[str, str]:
    site, _ = served
    chosen = pick_pages(site)
    assert set(chosen) == {"home", "round", "article", "person", "people", "topic", "figures"}
    return chosen


def open_page(browser, address: str, *, width: int = 1280, scheme: str = "light"):
    """A page at `address`, with every console error and uncaught exception collected."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(address, wait_until="load")
    return context, page, errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["home", "round", "article", "person", "people", "copy", "topic", "figures"])
def test_no_serious_accessibility_violation(browser, served, pages, name, scheme):
    site, base = served
    context, page, _ = open_page(browser, base + (copy_page(site) if name == "copy" else pages[name]), scheme=scheme)
    try:
        results = Axe().run(page)
    finally:
        context.close()
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, results.generate_report()


@pytest.mark.parametrize("width", [360, 390])
def test_no_script_error_and_nothing_scrolls_sideways(browser, served, pages, width):
    site, base = served
    problems = []
    for name, path in [*pages.items(), ("hostile", "bai-viet/tin-script-script-alert-1-script.html"),
                       ("copy", copy_page(site))]:
        context, page, errors = open_page(browser, base + path, width=width)
        try:
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .map(el => el.tagName + '.' + el.className).slice(0, 5)""")
        finally:
            context.close()
        if overflow > 0:
            problems.append(f"{name} scrolls sideways by {overflow}px at {width}px: {wide}")
        problems.extend(f"{name}: {e}" for e in errors)
    assert not problems, "\n".join(problems)


def link_targets(page) -> list[str]:
    """Every link, stylesheet and icon on the page, resolved by the browser."""
    return page.evaluate("""() => [...document.querySelectorAll('a[href], link[href]')]
        .map(el => new URL(el.getAttribute('href'), document.baseURI).href)""")


def served_from_root(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.mark.parametrize("where", ["root", "subpath", "file"])
def test_links_work_wherever_the_site_is_served(browser, served, pages, where):
    site, subpath_base = served
    server = None
    if where == "root":
        server, base = served_from_root(site)
    elif where == "subpath":
        base = subpath_base
    else:
        base = site.resolve().as_uri() + "/"
    # Links to this origin must stay inside the site's folder; others are other sites.
    origin = "file:" if where == "file" else base[:base.index("/", len("http://"))]
    context, page, errors = open_page(browser, base + "index.html")
    try:
        checked, broken = set(), []
        for path in [*pages.values(), "vong-dam-phan/index.html", "nhan-vat/index.html", "to-chuc/index.html",
                     "chu-de/index.html"]:
            page.goto(base + path, wait_until="load")
            styled = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--ink').trim()")
            assert styled, f"{path}: the stylesheet did not load ({where})"
            for target in link_targets(page):
                address = target.split("#", 1)[0]
                if address in checked or not address.startswith(origin):
                    continue
                checked.add(address)
                if not address.startswith(base):
                    broken.append(f"{path}: {target} leaves the site's folder")
                elif not exists(address):
                    broken.append(f"{path}: {target} is missing")
            # Follow the first article link the way a reader would.
            first = page.locator("main a[href*='bai-viet/']:visible").first  # not one folded in a <details>
            if first.count():
                first.click()
                page.wait_for_load_state("load")
                assert page.url.startswith(base) and "bai-viet/" in page.url
                assert page.locator("h1").count() == 1
        assert len(checked) > 20
        assert not broken, "\n".join(broken)
        assert not errors, errors
    finally:
        context.close()
        if server is not None:
            server.shutdown()
            server.server_close()


@pytest.mark.parametrize("where", ["root", "subpath"])
def test_search_results_lead_to_the_pages_wherever_the_site_is_served(browser, served, where):
    site, subpath_base = served
    assert json.loads((site / "pagefind/shards.json").read_text(encoding="utf-8")), "several shards"
    server = None
    if where == "root":
        server, base = served_from_root(site)
    else:
        base = subpath_base
    context, page, errors = open_page(browser, base + "tim-kiem.html?q=dam+phan")
    try:
        page.wait_for_selector(".search-result")
        targets = page.eval_on_selector_all(".search-result h2 a", "els => els.map((e) => e.href)")
        assert len(targets) == 10 and all(t.startswith(base) and exists(t) for t in targets), targets
        page.locator(".search-result h2 a").first.click()
        page.wait_for_load_state("load")
        assert page.url == targets[0] and page.locator("h1").count() == 1
        assert not errors, errors
    finally:
        context.close()
        if server is not None:
            server.shutdown()
            server.server_close()


def exists(address: str) -> bool:
    if address.startswith("file:"):
        return Path(urllib.request.url2pathname(urlsplit(address).path)).is_file()
    try:
        with urllib.request.urlopen(address) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def test_the_screenshot_script_shoots_every_page_at_both_widths(browser, served, tmp_path):
    site, _ = served
    files = shoot(site, tmp_path, browser=browser)
    assert sorted(f.name for f in files) == sorted(f"{n}-{w}.png"
                                                   for n in ("home", "round", "article", "person", "people", "topic", "figures")
                                                   for w in (1280, 390))
    for f in files:
        assert f.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and f.stat().st_size > 10_000


def test_keyboard_reaches_the_skip_link_first_and_sees_focus(browser, served, pages):
    _, base = served
    context, page, errors = open_page(browser, base + pages["article"], width=390)
    try:
        page.keyboard.press("Tab")
        skip = page.evaluate("""() => { const el = document.activeElement, box = el.getBoundingClientRect();
            return {cls: el.className, href: el.getAttribute('href'), top: box.top, outline: getComputedStyle(el).outlineStyle}; }""")
        page.keyboard.press("Enter")
        focused = page.evaluate("document.activeElement.id")
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    finally:
        context.close()
    assert skip["cls"] == "skip-link" and skip["href"] == "#main"
    assert skip["top"] >= 0 and skip["outline"] != "none"  # on screen and outlined once focused
    assert focused == "main"
    assert outline != "none"
    assert not errors


def test_the_figures_table_reads_without_script_and_sorts_with_it(browser, served, pages):
    _, base = served
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + pages["figures"], wait_until="load")
        plain = page.locator("table.figures-table tbody tr").count()
        assert plain >= 3 and page.locator("table.figures-table th button").count() == 0
    finally:
        context.close()
    context, page, errors = open_page(browser, base + pages["figures"])
    try:
        assert page.locator("table.figures-table tbody tr").count() == plain
        heading = page.locator("table.figures-table th").nth(1)      # the date column
        heading.locator("button").click()
        assert heading.get_attribute("aria-sort") == "ascending"
        dates = page.eval_on_selector_all("table.figures-table tbody tr td:nth-child(2)", "cells => cells.map(c => c.dataset.sort)")
        assert dates == sorted(dates)
        heading.locator("button").click()
        assert heading.get_attribute("aria-sort") == "descending"
        dates = page.eval_on_selector_all("table.figures-table tbody tr td:nth-child(2)", "cells => cells.map(c => c.dataset.sort)")
        assert dates == sorted(dates, reverse=True)
        assert not errors, errors
    finally:
        context.close()


def test_every_point_of_the_tariff_chart_is_a_named_link_to_its_article(browser, served, pages):
    _, base = served
    context, page, errors = open_page(browser, base + pages["figures"], width=390)
    try:
        points = page.eval_on_selector_all(".rates-chart a", "links => links.map(a => [a.getAttribute('aria-label'), a.getAttribute('href')])")
    finally:
        context.close()
    assert points and all("%" in label and href.startswith("../bai-viet/") for label, href in points)
    assert not errors
