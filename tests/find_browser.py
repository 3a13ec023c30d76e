"""Which Chromium drives the browser tests (and scripts/screenshots.py): the first there is of
`$CHROMIUM`, a system Chromium or Chrome, and the Chromium Playwright manages itself."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

SYSTEM = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
MISSING = ("no browser for the browser tests: set $CHROMIUM to a Chromium or Chrome, install one "
           "(Debian: apt-get install chromium), or run `python -m playwright install chromium`")


class NoBrowser(Exception):
    """None of the ways to a browser gave one; the message names them all, on one line."""


def find_chromium(playwright, *, environ=os.environ, system=SYSTEM, path: str | None = None) -> str | None:
    """The executable to launch; None for Playwright's own Chromium. Raises `NoBrowser`.

    `environ`, `system` and `path` (the PATH searched) are the machine's unless a test says otherwise.
    """
    chosen = environ.get("CHROMIUM")
    if chosen:
        found = shutil.which(chosen, path=path)
        if not found:
            raise NoBrowser(f"$CHROMIUM is {chosen}, which is not there; {MISSING}")
        return found
    for name in system:
        found = shutil.which(name, path=path)
        if found:
            return found
    if Path(playwright.chromium.executable_path).is_file():
        return None
    raise NoBrowser(MISSING)
