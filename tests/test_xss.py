"""In headless Chromium: no script from a seed runs on any built page, and the
Content-Security-Policy both blocks inline script and leaves the dev server's live reload working."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


from conftest import REPO, checkout_env
from hostile import MARK, XSS_TITLE, hostile_site  # noqa: F401 (hostile_site is a fixture)


# Everything a page may hold that could run code: event handlers, script URLs, foreign frames.
DANGEROUS_DOM = """() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
            if (attr.name.startsWith('on')) found.push(`${el.tagName} ${attr.name}`);
            if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href'].includes(attr.name)
                && (value.startsWith('javascript:') || value.startsWith('data:text/html') || attr.name === 'srcdoc'))
                found.push(`${el.tagName} ${attr.name}=${attr.value}`);
        }
        if (['IFRAME', 'OBJECT', 'EMBED', 'FRAME', 'BASE'].includes(el.tagName)) found.push(el.tagName);
        // The only form the site has is its own search box, which goes to the search page.
        if (el.tagName === 'FORM' && !new URL(el.action).pathname.endsWith('/tim-kiem.html')) found.push(el.outerHTML);
        // Data blocks (JSON-LD, the search page's strings) are never executed.
        if (el.tagName === 'SCRIPT' && !['application/ld+json', 'application/json'].includes(el.type)
            && !(el.src && new URL(el.src).pathname.includes('/static/'))) found.push('SCRIPT ' + el.outerHTML);
    }
    return found;
}"""


FIRE_EVENTS = """() => {
    for (const el of document.querySelectorAll('main *')) {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'load', 'error', 'animationstart'])
            el.dispatchEvent(new Event(type));
    }
}"""


class Visit:
    """A page opened in the browser with every dialog, script error and CSP report recorded."""

    def __init__(self, browser, url: str | None = None):
        self.page = browser.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda msg: self.console.append(msg.text))
        if url:
            self.go(url)

    def go(self, url: str) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.page.goto(url, wait_until="load")
        # Give anything scheduled (onload, timers, image errors) its chance to run.
        self.page.wait_for_timeout(20)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def mark(self):
        return self.page.evaluate(f"() => typeof window.{MARK} === 'undefined' ? null : window.{MARK}")

    def close(self) -> None:
        self.page.close()


def html_pages(root: Path) -> list[Path]:
    return sorted((root / "_site").rglob("*.html"))


def test_no_injected_script_runs_on_any_built_page(hostile_site, browser):
    root, result = hostile_site
    pages = html_pages(root)
    article_pages = {root / "_site" / a.url for a in result.dossier.articles}
    assert article_pages <= set(pages) and len(pages) > len(article_pages)
    visit = Visit(browser)
    try:
        for path in pages:
            visit.go(path.as_uri())
            name = path.relative_to(root / "_site").as_posix()
            assert visit.dialogs == [], name
            assert visit.mark() is None, name
            assert visit.errors == [], name
            assert visit.page.evaluate(DANGEROUS_DOM) == [], name
            policy = visit.page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
            script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
            sources = script_src.split()[1:]
            # 'wasm-unsafe-eval' (search page) compiles WebAssembly only; it never runs a string as script.
            assert "'self'" in sources and not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(sources), name
            # Hovering over, focusing and loading everything fires no handler either.
            visit.page.evaluate(FIRE_EVENTS)
            assert visit.dialogs == [] and visit.mark() is None, name
    finally:
        visit.close()


def test_the_payloads_are_shown_as_text(hostile_site, browser):
    root, result = hostile_site
    (title_article,) = [a for a in result.dossier.articles if a.source_file == "seeds/xss-title.md"]
    (body_article,) = [a for a in result.dossier.articles if a.source_file == "seeds/xss-body.md"]
    visit = Visit(browser, (root / "_site" / title_article.url).as_uri())
    try:
        assert visit.page.inner_text("h1") == XSS_TITLE
        assert visit.page.title().startswith(XSS_TITLE)
        # The `url: javascript:…` of the front matter is not linked at all.
        assert visit.page.query_selector_all("a[href*='javascript' i]") == []
    finally:
        visit.close()
    visit = Visit(browser, (root / "_site" / body_article.url).as_uri())
    try:
        body = visit.page.inner_text(".prose")
        assert f"<script>window.{MARK}=1;alert(1)</script>" in body
        # Markdown links to javascript: stay visible as text; the page still shows the article.
        assert "[Bấm vào đây](javascript:" in body
        assert visit.page.query_selector_all(".prose a") == [] and visit.page.query_selector_all(".prose img") == []
    finally:
        visit.close()


def test_the_csp_blocks_inline_script_even_if_one_got_into_a_page(hostile_site, browser):
    root, result = hostile_site
    article = result.dossier.articles[0]
    visit = Visit(browser, (root / "_site" / article.url).as_uri())
    try:
        # Put an inline script and an inline handler into the live page, as a missed payload would be.
        visit.page.evaluate(f"""() => {{
            const s = document.createElement('script');
            s.textContent = 'window.{MARK} = "inline"';
            document.body.appendChild(s);
            const img = document.createElement('img');
            img.setAttribute('onerror', 'window.{MARK} = "handler"');
            img.src = 'missing.png';
            document.body.appendChild(img);
        }}""")
        visit.page.wait_for_timeout(100)
        assert visit.mark() is None
        assert any("Content Security Policy" in line for line in visit.console)
        # The site's own stylesheet still loads under the policy, from file:// too.
        assert visit.page.evaluate("getComputedStyle(document.querySelector('.wrap')).maxWidth") != "none"
    finally:
        visit.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_csp_lets_the_dev_server_live_reload_run(make_project, browser):
    root = make_project({"seeds/a.txt": "Bài cho máy chủ thử nghiệm\n\nNội dung."})
    port = _free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port", str(port)],
                              cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=checkout_env())
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the dev server did not start"
                time.sleep(0.1)
        visit = Visit(browser, f"http://127.0.0.1:{port}/index.html")
        try:
            visit.page.wait_for_function("() => typeof window.LiveReload !== 'undefined'", timeout=10_000)
            assert not [line for line in visit.console if "Content Security Policy" in line]
        finally:
            visit.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
