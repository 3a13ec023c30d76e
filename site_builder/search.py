"""Search: a Pagefind index of the rendered pages, made before anything is written.

Pagefind folds tone marks and most diacritics itself, but `đ` has no Unicode
decomposition, so a reader typing `dam phan` would not find `đàm phán`. Each page
is therefore indexed with an appendix of its `đ` words folded to ASCII (`dam`,
`doi`, `dai`). The appendix exists only in the copy handed to Pagefind: the
published page is unchanged, and the search page cuts the appendix off at
`FOLD_MARK` before showing an excerpt.

The index is made in shards: Pagefind bundles of a few hundred pages each, which the
search page merges in the browser (Pagefind's `mergeIndex`). A page's shard is fixed by a
hash of its path, so editing a page re-indexes its shard alone; shards are indexed side
by side, one Pagefind process per core, and each process holds one shard, not the site.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import cbor2

from .normalize import fold

SEARCH_DIR = "pagefind"
# Where the folded words start in an indexed page's text (an improbable word).
FOLD_MARK = "zzfoldedzz"
_WORD = re.compile(r"\w+")
_TAGS = re.compile(r"<[^>]+>")
# Pagefind runs the text of adjacent cells and list items together ("Thời gian19/05/2025").
_CELL_END = re.compile(r"</(dt|dd|li|td|th|figcaption)>", re.I)
# The list of the shards merged into the main bundle, in the main bundle's folder.
MANIFEST = "shards.json"
# What the search page loads; Pagefind's ready-made UIs are not used. A merged shard is
# searched with the main bundle's script and WebAssembly, so it keeps only its index.
_INDEX_FILES = re.compile(r"(pagefind-entry\.json|.*\.pf_meta|(index|fragment|filter)/.*)$")
_SCRIPT_FILES = re.compile(r"(pagefind\.js|pagefind-worker\.js|wasm\..*)$")


def search_version() -> str:
    """The indexer a bundle was made with: a different Pagefind makes a different bundle."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"pagefind {version('pagefind')}"
    except PackageNotFoundError:
        return "pagefind (unknown version)"


class SearchUnavailable(Exception):
    """The Pagefind binary is missing or failed."""


def folded_words(html: str) -> list[str]:
    """The distinct words holding `đ`/`Đ` in the page's text, folded to ASCII, in order."""
    text = _TAGS.sub(" ", html)
    seen: dict[str, None] = {}
    # Every word, then those with `đ`: a pattern that looks for `đ` inside words would
    # start again at each letter of each word, and a person's page can be 600 KB of text.
    for word in dict.fromkeys(_WORD.findall(text)):
        if "đ" in word or "Đ" in word:
            seen.setdefault(fold(word).lower(), None)
    return list(seen)


def indexed_copy(html: str) -> str:
    """The page as Pagefind should index it: its <main> (which carries `data-pagefind-body`),
    with the `đ` words of the page again, folded, at its end. The head and the site's
    header and footer are left out: Pagefind would ignore them, and reading them is slower."""
    start, end = html.find("<main"), html.rfind("</main>")
    if start < 0 or end < 0:
        return html
    main = _CELL_END.sub(r" </\1>", html[start:end])
    words = folded_words(main)
    appendix = f'<p>{FOLD_MARK} {" ".join(words)}</p>' if words else ""
    return f"<!DOCTYPE html><html><body>{main}{appendix}</main></body></html>"


@dataclass(frozen=True)
class Shard:
    """One bundle of the search index: its folder in the site and the pages it indexes.

    The main shard (`main`) is at `SEARCH_DIR` with Pagefind's script; the search page
    loads it and merges the others, listed in its `MANIFEST`.
    """

    folder: str
    pages: tuple[str, ...]
    main: bool


@dataclass(frozen=True)
class Indexed:
    """What indexing a shard gave: the key of the copies given to Pagefind, and its bundle
    (site path → bytes), or None when the copies were those of `previous` and the bundle stands."""

    copies_key: str
    files: dict | None


def shard_count(pages: int, size: int) -> int:
    """The fewest shards, a power of two, that hold `size` pages or fewer each on average.

    A power of two so that the count changes only when the site doubles or halves: the
    count changing moves most pages to another shard, and then every shard is made again.
    """
    count = 1
    while pages > count * max(1, size):
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    """The shard of the page at `path`: a hash of the path alone, so adding or removing other
    pages never moves it (while the count stays); when the count doubles, shard k splits
    into k and k + count."""
    return int.from_bytes(hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest(), "big") % count


def plan_shards(pages: Sequence[str], size: int) -> list[Shard]:
    """The searchable `pages` in shards of about `size` pages, by `shard_of`; empty shards are left out.

    The first shard that has pages is the main one (shard 0, unless a tiny site with a
    tiny `size` leaves it empty).
    """
    count = shard_count(len(pages), size)
    groups: list[list[str]] = [[] for _ in range(count)]
    for path in sorted(pages):
        groups[shard_of(path, count)].append(path)
    shards = []
    for k, group in enumerate(groups):
        if group:
            main = not shards
            shards.append(Shard(SEARCH_DIR if main else f"{SEARCH_DIR}/shard-{k}", tuple(group), main))
    return shards


def manifest(shards: Sequence[Shard]) -> bytes:
    """The main bundle's list of the shards to merge, as paths relative to it."""
    names = [s.folder[len(SEARCH_DIR) + 1:] + "/" for s in shards if not s.main]
    return json.dumps(names, separators=(",", ":")).encode("utf-8")


def shard_folder(path: str) -> str | None:
    """The folder of the shard a bundle file belongs to; None for the manifest."""
    if path == f"{SEARCH_DIR}/{MANIFEST}":
        return None
    head, _, rest = path[len(SEARCH_DIR) + 1:].partition("/")
    return f"{SEARCH_DIR}/{head}" if rest and head.startswith("shard-") else SEARCH_DIR


def copies_key(copies: dict[str, str], language: str, main: bool) -> str:
    """What a shard's bundle is made from: the indexed copies of its pages, the language, the indexer."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{search_version()}\n{language}\n{main}\n".encode("utf-8"))
    for path in sorted(copies):
        data = copies[path].encode("utf-8")
        h.update(f"{path}\n{len(data)}\n".encode("utf-8"))
        h.update(data)
    return h.hexdigest()


def build_index(pages: dict[str, bytes], language: str, *,
                cancel: threading.Event | None = None) -> dict[str, bytes]:
    """The search bundle of `pages` (site path → HTML) as one shard, keyed by path in the site."""
    _sweep_abandoned()
    copies = {path: indexed_copy(html.decode("utf-8")) for path, html in pages.items()}
    return {f"{SEARCH_DIR}/{name}": data
            for name, data in _index_copies(_executable(), copies, language, True, cancel).items()}


def index_shards(work: Sequence[tuple[Shard, str | None]], read: Callable[[str], bytes], language: str, *,
                 jobs: int, cancel: threading.Event | None = None) -> dict[str, Indexed]:
    """Index each shard of `work` (with the `copies_key` its bundle was made from, or None), `jobs` at a time.

    A shard whose indexed copies are those its bundle was made from is not indexed again
    (a page can change outside what Pagefind reads). Each shard is one Pagefind process
    over a folder of its pages' copies; `jobs` bounds the processes, and with them the
    memory, which grows with a shard's pages. The first failure stops the other shards
    and is raised; setting `cancel` stops them all and raises `SearchCancelled`.
    """
    if cancel is not None and cancel.is_set():
        raise SearchCancelled("indexing stopped")
    if not work:
        return {}
    executable = _executable()
    _sweep_abandoned()
    stop = _Stop(cancel)

    def one(shard: Shard, previous: str | None) -> tuple[str, Indexed]:
        if stop.is_set():
            raise SearchCancelled("indexing stopped")
        copies = {path: indexed_copy(read(path).decode("utf-8")) for path in shard.pages}
        key = copies_key(copies, language, shard.main)
        if key == previous:
            return shard.folder, Indexed(key, None)
        files = _index_copies(executable, copies, language, shard.main, stop)
        return shard.folder, Indexed(key, {f"{shard.folder}/{name}": data for name, data in files.items()})

    with ThreadPoolExecutor(max(1, min(jobs, len(work))), thread_name_prefix="search-shard") as pool:
        futures = [pool.submit(one, shard, previous) for shard, previous in work]
        wait(futures, return_when=FIRST_EXCEPTION)
        stop.set()  # after a failure nothing new starts and the running indexers are killed
    failures = [f.exception() for f in futures if f.exception() is not None]
    if failures:
        # The failure that stopped the others, not the cancellations it caused.
        raise next((e for e in failures if not isinstance(e, SearchCancelled)), failures[0])
    return dict(f.result() for f in futures)


class _Stop(threading.Event):
    """Set by the indexing itself (a shard failed, or all are done), or by the caller's `cancel`."""

    def __init__(self, outer: threading.Event | None):
        super().__init__()
        self._outer = outer

    def is_set(self) -> bool:
        return super().is_set() or (self._outer is not None and self._outer.is_set())


def _index_copies(executable: Path, copies: dict[str, str], language: str, main: bool,
                  cancel: threading.Event | None) -> dict[str, bytes]:
    """Pagefind's bundle of `copies` (site path → indexed copy), keyed by name in the bundle's folder.

    Only pages marked `data-pagefind-body` are indexed (Pagefind's own rule once one page
    has the mark), so templates decide what is searchable. The binary that the `pagefind`
    package ships is run on a folder of the copies: its Python API runs an event loop of
    its own, which cannot start inside the dev server's, and takes about 0.1 s a page where
    the binary takes under a second for hundreds. Setting `cancel` stops the binary and
    raises `SearchCancelled`.
    """
    with tempfile.TemporaryDirectory(prefix=f"{_WORK_PREFIX}{os.getpid()}-") as tmp:
        site, out = Path(tmp) / "site", Path(tmp) / SEARCH_DIR
        for path, copy in copies.items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(copy, encoding="utf-8")
        returncode, output = _run(
            [str(executable), "--site", str(site), "--output-path", str(out), "--force-language", language,
             "--keep-index-url", "--silent"],
            cancel=cancel,
        )
        if returncode != 0:
            said = output.strip()[:500]
            raise SearchUnavailable(f"Pagefind failed with exit code {returncode}{': ' + said if said else ''}")
        files = {}
        for p in sorted(out.rglob("*")):
            name = p.relative_to(out).as_posix()
            if p.is_file() and (_INDEX_FILES.fullmatch(name) or (main and _SCRIPT_FILES.fullmatch(name))):
                files[name] = p.read_bytes()
    return canonical_filters(files)


_SIGNATURE = b"pagefind_dcd"


def _unpack(data: bytes):
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise SearchUnavailable("unexpected Pagefind file format")
    return cbor2.loads(raw[len(_SIGNATURE):])


def _pack(value) -> bytes:
    return gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)


def canonical_filters(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle with its filter files in a stable order, so the same site gives the same bytes.

    Pagefind 1.5 writes each filter's values in hash-map order, which changes from run to
    run (Pagefind issue #638: "filter/metadata indexes" still change), and with them the
    files' hashed names, the metadata file that lists them and the entry file. Here each
    filter's values are sorted and the three kinds of file re-encoded and renamed by their
    content; nothing else in the bundle is touched.
    """
    entry = json.loads(files["pagefind-entry.json"])
    out = dict(files)
    for language, info in entry["languages"].items():
        meta_name = f"pagefind.{info['hash']}.pf_meta"
        meta = _unpack(out.pop(meta_name))
        filters = []
        for filter_name, old_hash in meta[3]:
            name, values = _unpack(out.pop(f"filter/{old_hash}.pf_filter"))
            data = _pack([name, sorted(values, key=lambda v: v[0])])
            new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
            out[f"filter/{new_hash}.pf_filter"] = data
            filters.append([filter_name, new_hash])
        meta[3] = sorted(filters)
        data = _pack(meta)
        info["hash"] = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        out[f"pagefind.{info['hash']}.pf_meta"] = data
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return dict(sorted(out.items()))


class SearchCancelled(SearchUnavailable):
    """The indexer was stopped before it finished."""


# Up to this many shards are indexed at the dev server's own priority (see `_index_in_child`).
_SMALL_WORK = 2


def index_apart(site_dir: Path, work: Sequence[tuple[Shard, str | None]], language: str, *, jobs: int,
                cancel: threading.Event | None = None) -> dict[str, Indexed]:
    """`index_shards` of pages read from `site_dir`, in a process of its own (at the lowest priority for many shards).

    The dev server indexes while the editor goes on editing. In a process of its own,
    reading pages and preparing their copies (seconds of Python when every shard is made
    again) does not hold the server's interpreter lock while the next rebuild needs it,
    the pages are never all in the server's memory, and, when there are many shards to
    index, the indexer yields the cores to the rebuild. Setting `cancel` kills the process
    and its indexers and raises `SearchCancelled`.
    """
    if cancel is not None and cancel.is_set():
        raise SearchCancelled("indexing stopped")
    if not work:
        return {}
    _sweep_abandoned()
    with tempfile.TemporaryDirectory(prefix=f"{_WORK_PREFIX}{os.getpid()}-") as tmp:
        work_dir = Path(tmp)
        process = _context().Process(
            target=_index_in_child, args=(str(site_dir), list(work), language, jobs, tmp), daemon=True,
            name="dossier-search-index")
        process.start()
        while process.exitcode is None:
            process.join(0.05)
            if cancel is not None and cancel.is_set() and process.exitcode is None:
                _kill_group(process)
                _sweep_abandoned()  # the work folder the killed process could not remove
                raise SearchCancelled("indexing stopped")
        failure = work_dir / "failed.txt"
        if failure.exists():
            raise SearchUnavailable(failure.read_text(encoding="utf-8"))
        if process.exitcode != 0:
            raise SearchUnavailable(f"the indexing process ended with exit code {process.exitcode}")
        bundle = work_dir / "bundle"
        return {folder: Indexed(key, None if names is None else {name: (bundle / name).read_bytes() for name in names})
                for folder, key, names in json.loads((work_dir / "indexed.json").read_text(encoding="utf-8"))}


def _context():
    """Processes forked from a server process that has already imported this module, where
    there is one: starting the indexer then costs milliseconds, not the half second of a
    fresh interpreter, and an edit is findable that much sooner."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def prepare_indexing() -> None:
    """Start now the process that `index_apart`'s processes are forked from, so the first edit
    does not wait for it (the dev server calls this before anything else starts one)."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _index_in_child(site_dir: str, work: list, language: str, jobs: int, tmp: str) -> None:
    if os.name == "posix":
        os.setpgrp()  # a group of its own: killing it kills the indexers it runs too
        # Many shards (a template changed): seconds of work that must not slow the next
        # rebuild. An edit's shard or two: a second's work at the server's own priority, so
        # that other work on the machine does not starve it and the edit is findable at once.
        if len(work) > _SMALL_WORK:
            os.nice(19)
        # Terminated (multiprocessing ends daemon processes so when the server exits): take the indexers along.
        signal.signal(signal.SIGTERM, lambda *_: os.killpg(0, signal.SIGKILL))
    site = Path(site_dir)
    try:
        results = index_shards(work, lambda path: (site / path).read_bytes(), language, jobs=jobs)
    except (SearchUnavailable, OSError) as exc:
        Path(tmp, "failed.txt").write_text(str(exc), encoding="utf-8")
        return
    for indexed in results.values():
        for name, data in (indexed.files or {}).items():
            target = Path(tmp, "bundle", name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    Path(tmp, "indexed.json").write_text(json.dumps(
        [[folder, r.copies_key, None if r.files is None else sorted(r.files)] for folder, r in results.items()]),
        encoding="utf-8")


def _kill_group(process) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except ProcessLookupError:  # not yet in a group of its own
        process.kill()
    process.join()


def _run(command: list[str], *, cancel: threading.Event | None) -> tuple[int, str]:
    """Run the indexer; its exit code and what it printed. Killed, and `SearchCancelled`, once `cancel` is set."""
    if cancel is not None and cancel.is_set():
        raise SearchCancelled("indexing stopped")
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except OSError as exc:
        raise SearchUnavailable(f"the Pagefind binary cannot be run ({exc})") from None
    if cancel is None:
        output, _ = process.communicate()
        return process.returncode, output
    while True:
        try:
            output, _ = process.communicate(timeout=0.1)
            return process.returncode, output
        except subprocess.TimeoutExpired:
            if cancel.is_set():
                process.kill()
                process.communicate()
                raise SearchCancelled("indexing stopped") from None


# Pagefind works in a temporary folder named after the process that made it, so that a
# folder left by a process killed outright (SIGKILL, a power cut) can be recognised and removed.
_WORK_PREFIX = "dossier-pagefind-"


def _sweep_abandoned() -> None:
    """Remove work folders whose process is gone."""
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return
    for folder in Path(tempfile.gettempdir()).glob(f"{_WORK_PREFIX}*-*"):
        pid = folder.name[len(_WORK_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass  # alive, under another user


def _executable() -> Path:
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise SearchUnavailable("the Pagefind binary is not installed: pip install 'pagefind[extended]'")
    return executable
