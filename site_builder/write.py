"""Stage 7, write: the only code that touches the output folder.

Every file of a build is first written into a staging folder beside the output folder;
nothing in the output folder changes until the build has rendered everything it
needs, so a build that fails (a broken template, a full disk) leaves the previous site
exactly as it was. Then one of two commits:

- whole (a cold build, or `write_site`): the staging folder holds the complete site and
  is swapped in with two renames.
- update (an incremental build): the staging folder holds only the files whose bytes
  changed. A journal listing them and the files to delete is written, then each file is
  moved in with one atomic rename and the stale ones are deleted.

Why not always the whole swap? An incremental build would have to hard-link every
unchanged file into the staging folder (10,000 links for 5,000 articles, plus removing
the old tree: a few hundred milliseconds) to change the handful of files an edit
touches. Moving only those keeps an edit's cost proportional to the edit, and unchanged
files keep their inode and modification time. The update is still safe: Ctrl-C and
SIGTERM are held during the commit (a few milliseconds), every file is replaced by a
rename so a reader (the dev server, a browser) sees it old or new, never half-written,
and a build killed outright mid-commit leaves its journal, which the next build
completes before anything else.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

STAGING_PREFIX = ".staging-"
RETIRED_PREFIX = ".retired-"
JOURNAL = ".journal.json"


@dataclass(frozen=True)
class WriteStats:
    files: int
    bytes: int
    deleted: int = 0


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
    for path in outputs:
        safe_relative(path)
    with SiteUpdate(out_dir, whole=True) as update:
        for path, data in sorted(outputs.items()):
            update.write(path, data)
        return update.commit()


def stage_file(staging: Path, path: str, data: bytes) -> None:
    """Write one output into a staging folder (also called by render workers)."""
    target = staging / safe_relative(path)
    try:
        target.write_bytes(data)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


class SiteUpdate:
    """A change to the output folder, staged beside it and committed at once (see the module's notes).

    Use as a context manager: leaving the block without `commit()` (an error, Ctrl-C)
    throws the staged files away and the site stays as it was.
    """

    def __init__(self, out_dir: Path, *, whole: bool):
        self.out_dir = out_dir.resolve()
        self.whole = whole
        check_output_folder(self.out_dir)
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        recover(self.out_dir)
        self.staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{self.out_dir.name}-", dir=self.out_dir.parent))
        self._written: list[str] = []
        self._deleted: list[str] = []
        self._bytes = 0
        self._done = False

    def __enter__(self) -> SiteUpdate:
        return self

    def __exit__(self, *exc) -> None:
        if not self._done:
            self.discard()

    def write(self, path: str, data: bytes) -> None:
        stage_file(self.staging, path, data)
        self.staged(path, len(data))

    def staged(self, path: str, size: int) -> None:
        """Count a file a worker process wrote into `staging` itself."""
        self._written.append(path)
        self._bytes += size

    def delete(self, path: str) -> None:
        """Remove `path` from the site when the update is committed (not needed for a whole update)."""
        safe_relative(path)
        self._deleted.append(path)

    def commit(self) -> WriteStats:
        if self.whole:
            _swap_in(self.staging, self.out_dir)
        else:
            journal = {"write": self._written, "delete": self._deleted}
            _write_journal(self.staging, journal)
            with _signals_held():
                _apply(self.staging, self.out_dir, journal)
            shutil.rmtree(self.staging, ignore_errors=True)
        self._done = True
        return WriteStats(len(self._written), self._bytes, len(self._deleted))

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self._done = True


def check_output_folder(out_dir: Path) -> None:
    """`UnsafePath` unless `out_dir` is missing, empty, or a site a build wrote."""
    if out_dir.is_dir() and not (out_dir / SITE_MARKER).is_file() and any(out_dir.iterdir()):
        raise UnsafePath(f"{out_dir.name}/ holds files but no {SITE_MARKER}: it is not a built site, "
                         "so it is not replaced; choose another --out")
    if out_dir.exists() and not out_dir.is_dir():
        raise UnsafePath(f"{out_dir.name} is a file, not a folder; choose another --out")


def recover(out_dir: Path) -> None:
    """Finish or undo what an interrupted build left beside `out_dir`.

    A staging folder with a journal was being committed: the commit is completed. One
    without was never committed: it is removed. A retired folder with no site beside it
    is the previous site (the build died between the two renames of a swap): it is put back.
    """
    parent = out_dir.parent
    if not parent.is_dir():
        return
    for staging in sorted(parent.glob(f"{STAGING_PREFIX}{out_dir.name}-*")):
        journal = _read_journal(staging)
        if journal is not None and out_dir.is_dir():
            _apply(staging, out_dir, journal)
        shutil.rmtree(staging, ignore_errors=True)
    retired = sorted(parent.glob(f"{RETIRED_PREFIX}{out_dir.name}-*"), key=lambda p: p.stat().st_mtime)
    if retired and not out_dir.exists():
        os.rename(retired.pop(), out_dir)
    for p in retired:
        shutil.rmtree(p, ignore_errors=True)


def _swap_in(staging: Path, out_dir: Path) -> None:
    retired = None
    with _signals_held():
        # Between the two renames there is no site at all: Ctrl-C waits until both are done.
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


def _write_journal(staging: Path, journal: dict) -> None:
    tmp = staging / (JOURNAL + ".tmp")
    tmp.write_text(json.dumps(journal, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, staging / JOURNAL)


def _read_journal(staging: Path) -> dict | None:
    try:
        journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
        for key in ("write", "delete"):
            for path in journal[key]:
                safe_relative(path)
        return journal
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _apply(staging: Path, out_dir: Path, journal: dict) -> None:
    """Move the staged files into the site and delete the stale ones; safe to run twice."""
    made: set[Path] = set()
    for path in journal["write"]:
        source = staging / path
        if not source.is_file():
            continue  # moved already by an interrupted run of this journal
        target = out_dir / path
        if target.parent not in made:
            _make_folder(out_dir, target.parent)
            made.add(target.parent)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(source, target)
    for path in journal["delete"]:
        target = out_dir / path
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        _remove_empty_folders(out_dir, target.parent)


def _make_folder(out_dir: Path, folder: Path) -> None:
    """`folder` inside the site, replacing a stale file that stands where a folder must be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        here = out_dir
        for part in folder.relative_to(out_dir).parts:
            here = here / part
            if here.exists() and not here.is_dir():
                here.unlink()
        folder.mkdir(parents=True, exist_ok=True)


def _remove_empty_folders(out_dir: Path, folder: Path) -> None:
    while folder != out_dir and out_dir in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


@contextlib.contextmanager
def _signals_held():
    """Hold SIGINT and SIGTERM (delivered when the block ends) where the platform allows it."""
    held = {signal.SIGINT, signal.SIGTERM}
    can_hold = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if can_hold:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        if can_hold:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
