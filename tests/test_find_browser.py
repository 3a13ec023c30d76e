"""Which browser the browser tests drive, and what they say when there is none."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from playwright.sync_api import sync_playwright

from conftest import REPO
from find_browser import NoBrowser, find_chromium


def executable(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture(scope="module")
def pw():
    with sync_playwright() as playwright:
        yield playwright


def test_chromium_variable_then_system_browsers_in_order(pw, tmp_path):
    bin_dir = tmp_path / "bin"
    chrome = executable(bin_dir / "google-chrome")
    chromium = executable(bin_dir / "chromium")
    chosen = executable(tmp_path / "elsewhere/my-chromium")
    system = ("chromium", "google-chrome")
    look = dict(system=system, path=str(bin_dir))
    assert find_chromium(pw, environ={"CHROMIUM": str(chosen)}, **look) == str(chosen)
    assert find_chromium(pw, environ={}, **look) == str(chromium)
    chromium.unlink()
    assert find_chromium(pw, environ={}, **look) == str(chrome)
    with pytest.raises(NoBrowser, match=r"\$CHROMIUM is .*no-such-browser, which is not there"):
        find_chromium(pw, environ={"CHROMIUM": str(tmp_path / "no-such-browser")}, **look)


def lookup_with_playwright_browsers_in(folder, tmp_path, make_managed: bool) -> dict:
    """find_chromium in a process whose Playwright keeps its browsers in `folder`, with no other browser."""
    code = f"""
import json, sys
from pathlib import Path
sys.path.insert(0, {str(REPO / "tests")!r})
from playwright.sync_api import sync_playwright
from find_browser import NoBrowser, find_chromium
with sync_playwright() as pw:
    if {make_managed!r}:
        managed = Path(pw.chromium.executable_path)
        managed.parent.mkdir(parents=True)
        managed.write_text("")
    try:
        print(json.dumps({{"found": find_chromium(pw, environ={{}}, system=(), path={str(tmp_path)!r})}}))
    except NoBrowser as exc:
        print(json.dumps({{"error": str(exc)}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={"PLAYWRIGHT_BROWSERS_PATH": str(folder), "PATH": ""})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_playwrights_own_chromium_comes_last(tmp_path):
    assert lookup_with_playwright_browsers_in(tmp_path / "browsers", tmp_path, make_managed=True) == {"found": None}


def test_with_no_browser_the_failure_names_every_way_to_one_in_one_line(tmp_path):
    error = lookup_with_playwright_browsers_in(tmp_path / "browsers", tmp_path, make_managed=False)["error"]
    assert "\n" not in error
    for way in ("$CHROMIUM", "apt-get install chromium", "python -m playwright install chromium"):
        assert way in error
