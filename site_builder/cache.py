"""The build cache: per-file results of the per-document stages, kept by content.

An entry is the `Parsed` (or `Failure`) of one seed file, stored under a key made of
the file's bytes, its name, the registry it was read against and the version of this
code, so a file is parsed again exactly when something it was parsed from changed.
File times play no part. An entry that cannot be read back, fails its checksum or was
written by other code is ignored and replaced: the cache may make a build faster but
never changes what it builds.

Layout under the project (git-ignored): `.cache/site-builder/parsed/ab/abcdef….entry`,
`.cache/site-builder/records/<output folder>.record` (see `incremental.py`), and a lock
file that keeps two builds of one project from writing at once.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import platform
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

CACHE_DIR = Path(".cache") / "site-builder"
ENTRY_SUFFIX = ".entry"
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
    """Cached per-document results on disk, looked up by `source_key`."""

    def __init__(self, folder: Path | None):
        # None: no cache at all (a read-only project, or a test that wants none).
        self.folder = folder / "parsed" if folder is not None else None

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{ENTRY_SUFFIX}"

    def get(self, key: str):
        if self.folder is None:
            return None
        try:
            blob = self.path(key).read_bytes()
        except OSError:
            return None
        return unpack_entry(key, blob)

    def put(self, key: str, blob: bytes) -> None:
        """Store a packed entry; a cache that cannot be written is only a slower next build."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            write_atomically(self.path(key), blob)

    def drop(self, keys) -> None:
        """Remove these entries (the old versions of edited files, deleted files)."""
        if self.folder is None:
            return
        for key in keys:
            with contextlib.suppress(OSError):
                self.path(key).unlink()

    def prune(self, keep: set[str]) -> None:
        """Remove every entry no current seed file uses (a sweep, for when the last build's keys are unknown)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for sub in os.scandir(self.folder):
            if not sub.is_dir():
                continue
            for entry in os.scandir(sub.path):
                name = entry.name
                if not (name.endswith(ENTRY_SUFFIX) and name[: -len(ENTRY_SUFFIX)] in keep):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


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
