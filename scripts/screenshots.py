"""Screenshots of the home, a round, an article, a person, the people index, a topic and the figures page at 1280 and 390 px wide.

    python scripts/screenshots.py                  # build seeds/ into a temporary folder, shoot it
    python scripts/screenshots.py --site _site     # shoot an already built site
    python scripts/screenshots.py --dark           # with prefers-color-scheme: dark

PNGs go to screenshots/ (git-ignored). Pages are opened from file://, the hardest place
for a static site to work. The browser is found as the browser tests find it: $CHROMIUM, a
system Chromium or Chrome, or Playwright's own Chromium (tests/find_browser.py).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.find_browser import NoBrowser, find_chromium  # noqa: E402 (after the path is set)

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = (1280, 390)
FIGURES_PAGE = "so-lieu/index.html"


def pick_pages(site: Path) -> dict[str, str]:
    """The pages worth looking at: the busiest round, an article with quotes, the person with the
    longest role history (the most-mentioned among equals), the people index, the most-discussed
    topic and the figures page."""
    data = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
    pages = {"home": "index.html"}
    if data["rounds"]:
        pages["round"] = max(data["rounds"], key=lambda r: len(r["articles"]))["url"]
    if data["articles"]:
        pages["article"] = max(data["articles"], key=lambda a: (len(a["quotes"]), len(a["people"])))["url"]
    if data["people"]:
        pages["person"] = max(data["people"], key=lambda p: (len(p["roles"]), len(p["articles"])))["url"]
        pages["people"] = "nhan-vat/index.html"
    if data.get("topics"):
        pages["topic"] = max(data["topics"], key=lambda t: len(t["articles"]))["url"]
    if (site / FIGURES_PAGE).is_file():
        pages["figures"] = FIGURES_PAGE
    return pages


def shoot(site: Path, out: Path, *, dark: bool = False, widths=WIDTHS, browser=None) -> list[Path]:
    """Full-page PNGs of the chosen pages at each width; `browser` is a Playwright browser to reuse."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            try:
                executable = find_chromium(pw)
            except NoBrowser as exc:
                raise SystemExit(str(exc)) from None
            browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                return shoot(site, out, dark=dark, widths=widths, browser=browser)
            finally:
                browser.close()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for width in widths:
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1,
                                      color_scheme="dark" if dark else "light")
        page = context.new_page()
        for name, path in pick_pages(site).items():
            page.goto((site / path).resolve().as_uri())
            file = out / f"{name}-{width}{'-dark' if dark else ''}.png"
            page.screenshot(path=str(file), full_page=True)
            written.append(file)
        context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build seeds/ into a temporary folder)")
    parser.add_argument("--out", type=Path, default=REPO / "screenshots", help="where the PNGs go (default: screenshots/)")
    parser.add_argument("--dark", action="store_true", help="emulate prefers-color-scheme: dark")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            from site_builder.build import build
            from site_builder.config import load_config

            site = Path(tmp) / "site"
            build(load_config(REPO, out=site))
        for file in shoot(site.resolve(), args.out, dark=args.dark):
            print(file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
