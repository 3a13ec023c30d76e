"""The build cache: per-file results of the per-document stages, kept by content.

An entry is the `Parsed` (or `Failure`) of one seed file, stored under a key made of
the file's bytes, its name, the registry it was read against and the version of this
code, so a file is parsed again exactly when something it was parsed from changed.
File times play no part. An entry that cannot be read back, fails its checksum or was
written by other code is ignored and replaced: the cache may make a build faster but
never changes what it builds.

Layout under the project (git-ignored): `.cache/site-builder/parsed.sqlite` (the entries),
`.cache/site-builder/records/<output folder>.record` (see `incremental.py`), and a lock
file that keeps two builds of one project from writing at once.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import platform
import sqlite3
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

CACHE_DIR = Path(".cache") / "site-builder"
DATABASE = "parsed.sqlite"
_BATCH = 500
_MAGIC = b"dossier-cache\n"
_DIGEST_SIZE = 16
# Libraries whose behaviour shapes what a seed becomes or how a page is rendered.
_LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "mdit-py-plugins", "pyyaml", "python-frontmatter",
              "charset-normalizer", "nh3")


def digest(data: bytes) -> str:
    """A short content hash (BLAKE2b, 128 bits), as hex."""
    return hashlib.blake2b(data, digest_size=_DIGEST_SIZE).hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """A key for this code: the package's own source files, the Python and the libraries it runs on.

    Any edit to the builder (a filter, a stage, a default) makes every cached result and
    every page fingerprint stale, which is what a change of code may require.
    """
    h = hashlib.blake2b(digest_size=_DIGEST_SIZE)
    h.update(f"{platform.python_implementation()} {platform.python_version()}\n".encode())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-\n".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        # The packaged theme and data are inputs, hashed where they are used (and the same
        # files in a checkout, outside the package); the starter dossier is never built.
        if path.relative_to(package).parts[0] in ("defaults", "starter"):
            continue
        if path.suffix in (".py", ".yaml", ".json") and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def source_key(name: str, data: bytes, markdown: bool, registry_digest: str) -> str:
    """The cache key of one seed file: everything its `Parsed` is made from."""
    h = hashlib.blake2b(digest_size=_DIGEST_SIZE)
    for part in (code_version(), registry_digest, name, "md" if markdown else "text"):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    h.update(data)
    return h.hexdigest()


def pack_entry(key: str, value) -> bytes:
    """`value` as a cache entry: magic, key, checksum, pickle."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return b"".join((_MAGIC, key.encode(), b"\n", hashlib.blake2b(payload, digest_size=_DIGEST_SIZE).digest(), payload))


def unpack_entry(key: str, blob: bytes):
    """The value in `blob` if it is a sound entry for `key`, else None (never an exception)."""
    head = len(_MAGIC) + len(key) + 1
    if not blob.startswith(_MAGIC) or blob[len(_MAGIC):head] != key.encode() + b"\n":
        return None
    checksum, payload = blob[head:head + _DIGEST_SIZE], blob[head + _DIGEST_SIZE:]
    if hashlib.blake2b(payload, digest_size=_DIGEST_SIZE).digest() != checksum:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 (an entry from other code: a class renamed, a field gone)
        return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class ParseCache:
    """Cached per-document results, looked up by `source_key`, in one SQLite file.

    One database file rather than a file per entry: a cold build stores thousands of
    entries, and creating thousands of small files costs far more (and far less
    predictably) than one transaction. A database that cannot be opened or read is
    thrown away and started afresh.
    """

    def __init__(self, folder: Path | None):
        # None: no cache at all (a read-only project, or a test that wants none).
        self.path = folder / DATABASE if folder is not None else None

    def get(self, key: str):
        return self.get_many([key]).get(key)

    def get_many(self, keys) -> dict:
        """The sound entries among `keys`, unpacked (a damaged or foreign entry is simply missing)."""
        keys = list(keys)
        found = {}
        if self.path is None or not keys or not self.path.exists():
            return found
        with self._connection() as db:
            if db is None:
                return found
            for i in range(0, len(keys), _BATCH):
                batch = keys[i:i + _BATCH]
                rows = db.execute(f"SELECT key, blob FROM entries WHERE key IN ({','.join('?' * len(batch))})", batch)
                for key, blob in rows:
                    value = unpack_entry(key, bytes(blob))
                    if value is not None:
                        found[key] = value
        return found

    def put(self, key: str, blob: bytes) -> None:
        with self.writer() as put:
            put(key, blob)

    @contextlib.contextmanager
    def writer(self):
        """`put(key, blob)` for packed entries, all stored in one transaction when the block ends.

        A cache that cannot be written is only a slower next build: `put` then does nothing.
        """
        if self.path is None:
            yield lambda key, blob: None
            return
        with self._connection() as db:
            if db is None:
                yield lambda key, blob: None
            else:
                yield lambda key, blob: db.execute("INSERT OR REPLACE INTO entries (key, blob) VALUES (?, ?)",
                                                   (key, blob))

    def drop(self, keys) -> None:
        """Remove these entries (the old versions of edited files, deleted files)."""
        keys = list(keys)
        if self.path is None or not keys or not self.path.exists():
            return
        with self._connection() as db:
            if db is not None:
                db.executemany("DELETE FROM entries WHERE key = ?", [(k,) for k in keys])

    def prune(self, keep: set[str]) -> None:
        """Remove every entry no current seed file uses (a sweep, for when the last build's keys are unknown)."""
        if self.path is None or not self.path.exists():
            return
        with self._connection() as db:
            if db is not None:
                stale = [(k,) for (k,) in db.execute("SELECT key FROM entries") if k not in keep]
                db.executemany("DELETE FROM entries WHERE key = ?", stale)

    @contextlib.contextmanager
    def _connection(self):
        """A connection in a transaction (committed at the end), or None where the database is unusable."""
        db = None
        try:
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, blob BLOB NOT NULL)")
        except sqlite3.Error:
            if db is not None:
                db.close()
            db = self._start_afresh()
        try:
            with db if db is not None else contextlib.nullcontext():
                yield db
        except sqlite3.DatabaseError:
            # A damaged database: what was asked is taken as missing, and the next build starts a new one.
            db.close()
            db = self._start_afresh()
        finally:
            if db is not None:
                db.close()

    def _start_afresh(self):
        try:
            self.path.unlink()
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, blob BLOB NOT NULL)")
            return db
        except (OSError, sqlite3.Error):
            return None


def cache_folder(root: Path) -> Path | None:
    """The project's cache folder, created if need be; None where it cannot be (a read-only project)."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


@contextlib.contextmanager
def project_lock(folder: Path | None):
    """Hold the project's build lock: a second build of the same project waits for the first."""
    if folder is None:
        yield
        return
    try:
        import fcntl
    except ImportError:  # not on POSIX: builds are not serialized
        yield
        return
    try:
        handle = open(folder / "lock", "a+b")  # noqa: SIM115
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
