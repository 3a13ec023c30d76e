"""Search: a Pagefind index of the rendered pages, made before anything is written.

Pagefind folds tone marks and most diacritics itself, but `đ` has no Unicode
decomposition, so a reader typing `dam phan` would not find `đàm phán`. Each page
is therefore indexed with an appendix of its `đ` words folded to ASCII (`dam`,
`doi`, `dai`). The appendix exists only in the copy handed to Pagefind: the
published page is unchanged, and the search page cuts the appendix off at
`FOLD_MARK` before showing an excerpt.
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
from pathlib import Path

import cbor2

from .normalize import fold

SEARCH_DIR = "pagefind"
# Where the folded words start in an indexed page's text (an improbable word).
FOLD_MARK = "zzfoldedzz"
_WORD = re.compile(r"\w+")
_TAGS = re.compile(r"<[^>]+>")
# Pagefind runs the text of adjacent cells and list items together ("Thời gian19/05/2025").
_CELL_END = re.compile(r"</(dt|dd|li|td|th|figcaption)>", re.I)
# What the search page loads; Pagefind's ready-made UIs are not used.
_BUNDLE_KEPT = re.compile(r"(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\..*|.*\.pf_meta|"
                          r"(index|fragment|filter)/.*)$")


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


def build_index(pages: dict[str, bytes], language: str, *,
                cancel: threading.Event | None = None) -> dict[str, bytes]:
    """Pagefind's files for `pages` (site path → HTML), keyed by their path in the site.

    Only pages marked `data-pagefind-body` are indexed (Pagefind's own rule once one page
    has the mark), so templates decide what is searchable. The binary that the `pagefind`
    package ships is run on a folder of the pages' indexed copies: its Python API runs an
    event loop of its own, which cannot start inside the dev server's, and takes about
    0.1 s a page where the binary takes under a second for hundreds. Setting `cancel`
    stops the binary and raises `SearchCancelled`.
    """
    executable = _executable()
    _sweep_abandoned()
    with tempfile.TemporaryDirectory(prefix=f"{_WORK_PREFIX}{os.getpid()}-") as tmp:
        site, out = Path(tmp) / "site", Path(tmp) / SEARCH_DIR
        for path, html in pages.items():
            copy = site / path
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(indexed_copy(html.decode("utf-8")), encoding="utf-8")
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
            if p.is_file() and _BUNDLE_KEPT.fullmatch(name):
                files[name] = p.read_bytes()
    return {f"{SEARCH_DIR}/{name}": data for name, data in canonical_filters(files).items()}


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


def index_apart(site_dir: Path, paths: list[str], language: str, *,
                cancel: threading.Event | None = None) -> dict[str, bytes]:
    """`build_index` of the pages at `paths` under `site_dir`, in a process of its own at the lowest priority.

    The dev server indexes while the editor goes on editing. In a process of its own,
    reading thousands of pages and preparing their copies (seconds of Python) does not
    hold the server's interpreter lock while the next rebuild needs it, the pages are
    never all in the server's memory, and the indexer yields the cores to the rebuild.
    Setting `cancel` kills the process and its indexer and raises `SearchCancelled`.
    """
    if cancel is not None and cancel.is_set():
        raise SearchCancelled("indexing stopped")
    _sweep_abandoned()
    with tempfile.TemporaryDirectory(prefix=f"{_WORK_PREFIX}{os.getpid()}-") as tmp:
        work = Path(tmp)
        process = multiprocessing.get_context("spawn").Process(
            target=_index_in_child, args=(str(site_dir), list(paths), language, tmp), daemon=True,
            name="dossier-search-index")
        process.start()
        while process.exitcode is None:
            process.join(0.1)
            if cancel is not None and cancel.is_set() and process.exitcode is None:
                _kill_group(process)
                _sweep_abandoned()  # the work folder the killed process could not remove
                raise SearchCancelled("indexing stopped")
        failure = work / "failed.txt"
        if failure.exists():
            raise SearchUnavailable(failure.read_text(encoding="utf-8"))
        if process.exitcode != 0:
            raise SearchUnavailable(f"the indexing process ended with exit code {process.exitcode}")
        bundle = work / "bundle"
        return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


def _index_in_child(site_dir: str, paths: list[str], language: str, work: str) -> None:
    if os.name == "posix":
        os.setpgrp()  # a group of its own: killing it kills the indexer it runs too
        os.nice(19)
        # Terminated (multiprocessing ends daemon processes so when the server exits): take the indexer along.
        signal.signal(signal.SIGTERM, lambda *_: os.killpg(0, signal.SIGKILL))
    try:
        site = Path(site_dir)
        files = build_index({p: (site / p).read_bytes() for p in paths}, language)
    except (SearchUnavailable, OSError) as exc:
        Path(work, "failed.txt").write_text(str(exc), encoding="utf-8")
        return
    for name, data in files.items():
        target = Path(work, "bundle", name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


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
