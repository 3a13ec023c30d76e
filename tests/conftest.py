"""Shared fixtures: small projects written into tmp_path, never the repository folder."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from site_builder.extract import Lexicon
from site_builder.registry import Registry, load_registry

REPO = Path(__file__).resolve().parent.parent


def checkout_env() -> dict[str, str]:
    """Environment for a subprocess that must run this checkout's code, not another installed copy."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def make_project(tmp_path):
    """A project folder with the repository's templates and static files, and the given files.

    `data=True` also copies the repository's data/ registries.
    """

    def make(files: dict[str, str | bytes] | None = None, *, data: bool = True, name: str = "project") -> Path:
        root = tmp_path / name
        root.mkdir()
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copytree(REPO / "static", root / "static")
        if data:
            shutil.copytree(REPO / "data", root / "data")
        (root / "seeds").mkdir()
        write_files(root, files or {})
        return root

    return make


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry(REPO / "data")


@pytest.fixture(scope="session")
def lexicon(registry) -> Lexicon:
    return Lexicon(registry)


# -- golden files and the browser (site tests) ------------------------------------

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing (review the diff!)")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (see find_browser.py for which)."""
    from playwright.sync_api import sync_playwright

    from find_browser import NoBrowser, find_chromium

    with sync_playwright() as pw:
        try:
            executable = find_chromium(pw)
        except NoBrowser as exc:
            pytest.fail(str(exc), pytrace=False)
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_folder(folder: Path):
    """Serve `folder` over HTTP on 127.0.0.1 and a free port; yields the base address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
