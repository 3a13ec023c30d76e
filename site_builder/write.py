"""Stage 7, write: the only code that touches the output folder.

The new site is written into a staging folder beside the output folder and swapped in
only when complete, so a failed or interrupted build leaves the previous site as it was.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

STAGING_PREFIX = ".staging-"
RETIRED_PREFIX = ".retired-"


@dataclass(frozen=True)
class WriteStats:
    files: int
    bytes: int


class UnsafePath(ValueError):
    pass


# A file every build writes: a non-empty output folder without it was not made by a build,
# and is never replaced (think `--out .` or `--out seeds`).
SITE_MARKER = "dossier.json"


def safe_relative(path: str) -> PurePosixPath:
    """`path` as a relative path that stays inside the output folder, or `UnsafePath`."""
    p = PurePosixPath(path)
    if p.is_absolute() or not p.parts or any(part in ("..", "") for part in p.parts) or "\\" in path:
        raise UnsafePath(f"output path {path!r} would leave the site folder")
    return p


def write_site(outputs: dict[str, bytes], out_dir: Path) -> WriteStats:
    """Replace `out_dir` with exactly `outputs`, all at once."""
    out_dir = out_dir.resolve()
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / SITE_MARKER).is_file():
        raise UnsafePath(f"{out_dir.name}/ holds files but no {SITE_MARKER}: it is not a built site, "
                         "so it is not replaced; choose another --out")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    staging = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{out_dir.name}-", dir=out_dir.parent))
        total = 0
        made: set[Path] = set()
        for path, data in sorted(outputs.items()):
            target = staging / safe_relative(path)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
            total += len(data)
        _swap_in(staging, out_dir)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteStats(len(outputs), total)


def _swap_in(staging: Path, out_dir: Path) -> None:
    retired = None
    with _signals_deferred():
        # Between the two renames there is no site at all, so Ctrl-C or a kill waits until both are done.
        if out_dir.exists():
            retired = Path(tempfile.mkdtemp(prefix=f"{RETIRED_PREFIX}{out_dir.name}-", dir=out_dir.parent))
            os.rmdir(retired)
            os.rename(out_dir, retired)
        try:
            os.rename(staging, out_dir)
        except BaseException:
            if retired is not None:
                os.rename(retired, out_dir)
            raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


@contextlib.contextmanager
def _signals_deferred():
    """SIGINT and SIGTERM during the block are held back: SIGTERM is delivered after it, and a
    Ctrl-C that comes while the new site is being swapped in is too late to cancel the build."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    received: list[int] = []
    previous = {sig: signal.signal(sig, lambda number, frame: received.append(number))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
    if signal.SIGTERM in received:
        signal.raise_signal(signal.SIGTERM)


def _remove_leftovers(out_dir: Path) -> None:
    """Staging and retired folders an interrupted build left behind."""
    for prefix in (STAGING_PREFIX, RETIRED_PREFIX):
        for p in out_dir.parent.glob(f"{prefix}{out_dir.name}-*"):
            shutil.rmtree(p, ignore_errors=True)
