"""The dev server, run as editors run it: `python build.py serve` on a free port of 127.0.0.1."""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from tornado.websocket import websocket_connect

from site_builder.serve import with_banner

from conftest import REPO, checkout_env

WAIT = 30  # seconds: the bound on every wait below (a change is usually served well within one)
SEEDS = {
    "seeds/vong-hai.md": "---\ntitle: Vòng đàm phán thứ hai kết thúc\ndate: 2025-05-22\nslug: vong-hai\n---\n"
                         "Bộ trưởng Nguyễn Hồng Diên và ông Jamieson Greer kết thúc vòng đàm phán thứ hai.\n",
    "seeds/det-may.txt": " date 2025-07-04 Doanh nghiệp dệt may chờ kết quả đàm phán\n\n"
                         "Bộ trưởng Nguyễn Hồng Diên cho biết hai bên đã thu hẹp khoảng cách.\n",
}
BANNER = 'id="dev-server-problems"'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DevServer:
    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.log = root.parent / "serve.log"
        self.process = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--port", str(self.port)], cwd=root, env=checkout_env(),
            stdout=subprocess.DEVNULL, stderr=open(self.log, "wb"), stdin=subprocess.DEVNULL)

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def get(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def until(self, check, what: str):
        """Poll `check` (given the server's answer) until it holds; fail after WAIT seconds."""
        deadline = time.monotonic() + WAIT
        last = None
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server stopped:\n{self.console()}"
            try:
                last = check()
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                last = None
            if last:
                return last
            time.sleep(0.05)
        pytest.fail(f"not within {WAIT} s: {what}\n{self.console()}")

    def console(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.console()


@pytest.fixture
def server(make_project):
    root = make_project(SEEDS)
    shutil.copy(REPO / "build.py", root / "build.py")
    dev = DevServer(root)
    dev.until(lambda: dev.get()[0] == 200, "the server answers")
    yield dev
    dev.stop()


def edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_the_site_is_served_on_localhost_with_live_reload_and_built_files_stay_clean(server):
    status, page = server.get()
    assert status == 200 and "Vòng đàm phán thứ hai kết thúc" in page
    assert "livereload.js" in page
    on_disk = (server.root / "_site/index.html").read_text(encoding="utf-8")
    assert "livereload" not in on_disk and BANNER not in on_disk
    assert f"http://127.0.0.1:{server.port}" in server.console()
    assert server.get("bai-viet/khong-co.html")[0] == 404


def test_an_edit_is_served_and_the_browser_told_to_reload(server):
    assert "Bài viết đã sửa" not in server.get("bai-viet/vong-hai.html")[1]

    async def watch_for_reload() -> dict:
        socket_ = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
        await socket_.write_message(json.dumps({"command": "hello", "protocols": [
            "http://livereload.com/protocols/official-7"]}))
        assert json.loads(await socket_.read_message())["command"] == "hello"
        await socket_.write_message(json.dumps({"command": "info", "url": server.url("bai-viet/vong-hai.html")}))
        server.until(lambda: "Browser Connected" in server.console(), "the page's reload socket is registered")
        edit(server.root / "seeds/vong-hai.md", SEEDS["seeds/vong-hai.md"] + "\nBài viết đã sửa lúc đang xem.\n")
        message = await asyncio.wait_for(socket_.read_message(), WAIT)
        socket_.close()
        return json.loads(message)

    # In a thread of its own: the session's browser (Playwright) may run an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, watch_for_reload()).result()["command"] == "reload"
    page = server.until(lambda: (p := server.get("bai-viet/vong-hai.html")[1]) and "Bài viết đã sửa" in p and p,
                        "the edited article is served")
    assert BANNER not in page


def test_a_deleted_seed_is_gone_and_the_home_page_updated(server):
    assert server.get("bai-viet/vong-hai.html")[0] == 200
    (server.root / "seeds/vong-hai.md").unlink()
    server.until(lambda: server.get("bai-viet/vong-hai.html")[0] == 404, "the deleted article's page is gone")
    server.until(lambda: "Vòng đàm phán thứ hai kết thúc" not in server.get()[1], "the home page no longer lists it")
    (server.root / "seeds/det-may.txt").rename(server.root / "seeds/det-may-2.txt")
    server.until(lambda: "seeds/det-may-2.txt" in server.get("_report.json")[1], "a renamed seed is read")
    assert "seeds/det-may.txt" not in server.get("_report.json")[1]


def test_broken_files_keep_the_server_up_and_say_what_is_wrong(server):
    seed = server.root / "seeds/vong-hai.md"
    edit(seed, "---\ntitle: Vòng đàm phán thứ hai kết thúc\ndate: [2025-05-22\n---\nNội dung.\n")
    page = server.until(lambda: (p := server.get()[1]) and BANNER in p and p, "the banner names the broken seed")
    assert re.search(r"seeds/vong-hai\.md:\d+: warning: front matter is not valid YAML", page)
    edit(seed, SEEDS["seeds/vong-hai.md"])
    server.until(lambda: BANNER not in server.get()[1], "the banner goes once the seed is fixed")

    template = server.root / "templates/article.html"
    good = template.read_text(encoding="utf-8")
    edit(template, good.replace("{% block content %}", "{% block content %}{% if %}", 1))
    page = server.until(lambda: (p := server.get("bai-viet/vong-hai.html")[1]) and BANNER in p and p,
                        "the banner names the broken template")
    line = good.splitlines().index(next(x for x in good.splitlines() if "{% block content %}" in x)) + 1
    assert f"templates/article.html:{line}: error" in page
    assert "Bộ trưởng Nguyễn Hồng Diên" in page  # the last good page is still served
    assert server.get()[0] == 200
    edit(template, good.replace("{% block content %}", "{% block content %}<p>Đã sửa mẫu.</p>", 1))
    # The page is written a moment before the build is over and the banner dropped: wait for both.
    server.until(lambda: (p := server.get("bai-viet/vong-hai.html")[1]) and "Đã sửa mẫu" in p and BANNER not in p,
                 "the fixed template is used and the banner gone")
    console = server.stop()
    assert f"templates/article.html:{line}: error" in console
    assert re.search(r"seeds/vong-hai\.md:\d+: warning: front matter is not valid YAML", console)


def test_broken_settings_while_serving_keep_the_last_good_site(server):
    settings = server.root / "dossier.yaml"
    edit(settings, "title: [không đóng ngoặc\n")
    page = server.until(lambda: (p := server.get()[1]) and BANNER in p and p, "the banner names dossier.yaml")
    assert re.search(r"dossier\.yaml:\d+: error: not valid YAML", page)
    assert "Vòng đàm phán thứ hai kết thúc" in page
    edit(settings, "title: Hồ sơ thử nghiệm\n")
    server.until(lambda: (p := server.get()[1]) and "Hồ sơ thử nghiệm" in p and BANNER not in p,
                 "the new title is used and the banner gone")


def test_the_banner_goes_at_the_top_of_the_body():
    assert with_banner(b"<html><body class='x'><p>a</p></body>", b"<div>!</div>") == \
        b"<html><body class='x'><div>!</div><p>a</p></body>"
    assert with_banner(b"<p>no body</p>", b"<div>!</div>") == b"<div>!</div><p>no body</p>"


def test_the_search_index_follows_edits_after_the_pages(server):
    def indexed() -> int:
        status, body = server.get("pagefind/pagefind-entry.json")
        return json.loads(body)["languages"]["vi"]["page_count"] if status == 200 else -1

    before = server.until(lambda: (n := indexed()) > 0 and n, "the first build's search index is written")
    (server.root / "seeds/moi.txt").write_text(" date 2025-12-01 Tin hoàn toàn mới về thương mại\n\nNội dung mới.",
                                               encoding="utf-8")
    server.until(lambda: server.get("bai-viet/tin-hoan-toan-moi-ve-thuong-mai.html")[0] == 200, "the page is served")
    server.until(lambda: indexed() == before + 1, "the new article is in the search index")


def found_by_the_search_page(browser, server, word: str, path: str) -> bool:
    """The dev server's search page, loaded afresh in Chromium, lists `path` among the results for `word`."""
    context = browser.new_context()
    try:
        page = context.new_page()
        failed = []
        page.on("pageerror", lambda error: failed.append(error))
        page.on("console", lambda message: failed.append(message) if message.type == "error" else None)
        page.goto(server.url(f"tim-kiem.html?q={word}"))
        # The status line is written once the search has run; before the first index there is none to load.
        deadline = time.monotonic() + WAIT
        while not page.text_content("[data-search-status]"):
            if failed or time.monotonic() > deadline:
                return False
            page.wait_for_timeout(20)
        return path in page.eval_on_selector_all(".search-result h2 a", "els => els.map((e) => e.getAttribute('href'))")
    except PlaywrightError:  # the server's live reload navigated the page away as it was read: ask again
        return False
    finally:
        context.close()


def test_an_edit_is_findable_and_reindexes_its_own_shard(browser, make_project):
    articles = {f"seeds/bai-{i}.txt": f" date 2025-08-{i + 1:02} Tin đàm phán số {i}\n\nNội dung riêng của tin {i}."
                for i in range(10)}
    root = make_project({**articles, "dossier.yaml": "search_shard_size: 3\n"})
    shutil.copy(REPO / "build.py", root / "build.py")
    server = DevServer(root)
    try:
        server.until(lambda: server.get()[0] == 200, "the server answers")
        path = "bai-viet/tin-dam-phan-so-4.html"
        server.until(lambda: found_by_the_search_page(browser, server, "rieng", path), "the first index is made")
        shards = json.loads(server.get("pagefind/shards.json")[1])
        assert len(shards) >= 3, "several shards, merged by the search page"
        bundle = root / "_site/pagefind"
        before = {p: p.stat().st_mtime_ns for p in bundle.rglob("*") if p.is_file()}
        edit(root / "seeds/bai-4.txt", articles["seeds/bai-4.txt"] + " Từ khoá mới: kiemtraxong.")
        server.until(lambda: found_by_the_search_page(browser, server, "kiem tra xong", path) or
                     found_by_the_search_page(browser, server, "kiemtraxong", path), "the edit is findable")
        after = {p: p.stat().st_mtime_ns for p in bundle.rglob("*") if p.is_file()}
        touched = {p.relative_to(bundle).parts[0] for p in after if before.get(p) != after[p]} - {"shards.json"}
        # One shard: a merged one (its folder), or the main one (its files at the top of the bundle).
        assert len({t if t.startswith("shard-") else "main" for t in touched}) == 1, touched
    finally:
        server.stop()


def test_sigterm_stops_the_server_cleanly_and_leaves_no_indexer_files(server):
    (server.root / "seeds/moi.txt").write_text(" date 2025-12-01 Tin mới\n\nNội dung mới.", encoding="utf-8")
    server.until(lambda: server.get("bai-viet/tin-moi.html")[0] == 200, "the page is served")
    server.process.terminate()
    assert server.process.wait(WAIT) == 0, server.console()
    # Whether or not the indexer was running, nothing of it is left behind.
    assert not list(Path(tempfile.gettempdir()).glob(f"dossier-pagefind-{server.process.pid}-*"))
