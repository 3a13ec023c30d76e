"""The dev server: build, serve the output folder with live reload, rebuild on every change.

Built on the livereload package: it serves the output folder, injects its reload script
into pages as it serves them (the built files stay exactly what `build` writes) and
tells the browser to reload after each rebuild. Changes are seen through the operating
system's file events (watchfiles, given to livereload as its watcher), and each rebuild
runs in this process with the previous build's results at hand (`BuildState`), so only
what changed is read, rendered and written.

A rebuild that fails (a template syntax error, a broken `dossier.yaml`) leaves the last
good site up; the console names the file and line, and every page served carries a
banner saying what is wrong until it is fixed. Problems found in the files edited
while the server runs (a seed whose front matter is not valid YAML) are shown the same way.
"""
from __future__ import annotations

import html
import re
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Callable, Iterable

import watchfiles
from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado import web
from tornado.ioloop import IOLoop

from .build import BuildResult, BuildState, build, refresh_search
from .config import CONFIG_FILE, Config
from .problems import BuildError, Problem
from .search import SearchCancelled, prepare_indexing

WATCHED = ("seeds", "templates", "static", "data", CONFIG_FILE)
# Events closer together than this are one change (an editor saving several files, a rename).
SETTLE_MS = 50
# How long the site stays unchanged before the search index is brought up to date: long
# enough to take the several builds of one save together, short enough that an edit is
# findable at once. An edit re-indexes its own shard only (a few hundred pages, under a second).
SEARCH_QUIET_SECONDS = 0.1


class DevSite:
    """The site as the dev server keeps it: its settings, the state between builds, and what to tell the editor."""

    def __init__(self, load: Callable[[], Config], *, clean: bool = False,
                 say: Callable[[str], None] | None = None):
        self._load = load
        self.config = load()  # a broken dossier.yaml at start stops the server: the CLI names the problem
        self.state = BuildState()
        self._clean = clean
        self.say = say or (lambda line: print(line, file=sys.stderr, flush=True))
        # Files edited since the server started, as the report names them (`seeds/a.md`).
        self.touched: set[str] = set()
        # What the pages' banner shows: (headline, problems), or None.
        self.banner: tuple[str, tuple[Problem, ...]] | None = None
        self._lock = threading.Lock()
        # The search bundle is brought up to date after each build, off the build's path:
        # indexing a large dossier takes seconds, and an edit should show at once.
        self._search_wanted = threading.Event()
        self._closing = threading.Event()
        self._searcher: threading.Thread | None = None

    def watched_paths(self) -> list[Path]:
        """The folders and files a change to which means a rebuild."""
        root = self.config.root
        paths = [root / name for name in WATCHED if name != "seeds"] + [self.config.seeds_dir]
        return paths

    def watch_roots(self) -> list[Path]:
        """Existing folders to ask the system for events on (a watched path may not exist yet)."""
        roots = {self.config.root}
        if not self.config.seeds_dir.is_relative_to(self.config.root):
            roots.add(self.config.seeds_dir)
        return sorted(roots)

    def is_watched(self, path: str | Path) -> bool:
        path = Path(path)
        if self.config.out_dir == path or self.config.out_dir in path.parents:
            return False
        return any(path == p or p in path.parents for p in self.watched_paths())

    def rebuild(self, changed: Iterable[Path] = ()) -> BuildResult | None:
        """Build again (incrementally); None when the build failed and the last good site stays up."""
        with self._lock:
            changed = [Path(p) for p in changed]
            names = sorted({self._name(p) for p in changed})
            self.touched.update(names)
            started = time.perf_counter()
            try:
                config = self._load()
                if (config.out_dir, config.seeds_dir) != (self.config.out_dir, self.config.seeds_dir):
                    self.state = BuildState()
                self.config = config
                # The watcher names what changed: the other seeds are not read again (see build.read_seeds).
                result = build(config, clean=self._clean, state=self.state, search=False,
                               changed=changed if names else None)
                self._clean = False
            except BuildError as exc:
                return self._failed(exc.problems)
            except Exception as exc:  # noqa: BLE001 (a bug must not stop the server; it is shown, with its traceback)
                self.say(traceback.format_exc().rstrip())
                return self._failed((Problem("(dev server)", None, "error",
                                             f"internal error: {exc!r}; please report it"),))
            shown = tuple(p for p in result.report.problems if p.file in self.touched)
            self.banner = (f"{len(shown)} problem(s) in the files you changed:", shown) if shown else None
            for problem in shown:
                self.say(f"  {problem}")
            what = f" after changes to {', '.join(names[:3])}{' …' if len(names) > 3 else ''}" if names else ""
            self.say(f"rebuilt{what} in {time.perf_counter() - started:.2f} s: {result.pages_rendered} pages rendered, "
                     f"{result.files_written} files written, {len(result.deleted)} deleted")
        self._refresh_search()
        return result

    def _refresh_search(self) -> None:
        if self._searcher is None:
            self._searcher = threading.Thread(target=self._search_loop, name="dev-server-search", daemon=True)
            self._searcher.start()
        self._search_wanted.set()

    def _search_loop(self) -> None:
        while not self._closing.is_set():
            self._search_wanted.wait()
            self._search_wanted.clear()
            # Wait for a pause in the building: a shard indexed from pages a build is rewriting
            # is thrown away.
            while self._search_wanted.wait(SEARCH_QUIET_SECONDS):
                self._search_wanted.clear()
            if self._closing.is_set():
                return
            try:
                if not refresh_search(self.config, self.state, self._lock, cancel=self._closing):
                    self._search_wanted.set()  # a newer build overtook this one: index that
            except SearchCancelled:
                return
            except Exception as exc:  # noqa: BLE001 (search failing must not stop the server)
                self.say(f"search index not updated: {exc}")

    def close(self, timeout: float = 10.0) -> None:
        """Stop indexing (the indexer is killed, its work folder removed) and wait for it."""
        self._closing.set()
        self._search_wanted.set()
        if self._searcher is not None:
            self._searcher.join(timeout)

    def _failed(self, problems: tuple[Problem, ...]) -> None:
        self.banner = ("The last build failed; this is the last good version of the site.", tuple(problems))
        self.say("build failed; still serving the last good site:")
        for problem in problems:
            self.say(f"  {problem}")
        return None

    def _name(self, path: Path) -> str:
        """A changed path as problems name it: `seeds/a.md` under the seeds folder, else relative to the project."""
        seeds = self.config.seeds_dir
        if path == seeds or seeds in path.parents:
            return f"{seeds.name}/{path.relative_to(seeds).as_posix()}"
        try:
            return path.relative_to(self.config.root).as_posix()
        except ValueError:
            return path.as_posix()

    def banner_html(self) -> bytes:
        if self.banner is None:
            return b""
        headline, problems = self.banner
        lines = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems)
        return (
            '<div id="dev-server-problems" role="alert" style="position:sticky;top:0;z-index:2147483647;'
            "margin:0;padding:.75em 1em;background:#8b0000;color:#fff;font:15px/1.45 system-ui,sans-serif;"
            'box-shadow:0 2px 6px rgba(0,0,0,.4)"><strong>' + html.escape(headline) + "</strong>"
            '<ul style="margin:.4em 0 0;padding-left:1.2em;font-family:ui-monospace,monospace;font-size:13px">'
            + lines + "</ul></div>"
        ).encode("utf-8")


_BODY = re.compile(rb"<body[^>]*>", re.I)


def with_banner(page: bytes, banner: bytes) -> bytes:
    """`page` with `banner` at the top of its body."""
    m = _BODY.search(page)
    at = m.end() if m else 0
    return page[:at] + banner + page[at:]


def _page_handler(site: DevSite) -> type:
    class Pages(StaticFileHandler):
        """livereload's file handler, reading each file whole and adding the problems banner to pages.

        A file is read in one go because a rebuild may replace it at any moment: Tornado's
        own handler takes the size first and the bytes after, and could send half a page.
        """

        async def get(self, path: str, include_body: bool = True) -> None:
            self.path = self.parse_url_path(path)
            absolute = self.validate_absolute_path(self.root, self.get_absolute_path(self.root, self.path))
            if absolute is None:  # redirected to the folder's address with a slash
                return
            self.absolute_path = absolute
            try:
                with open(absolute, "rb") as f:
                    data = f.read()
            except (FileNotFoundError, IsADirectoryError):
                raise web.HTTPError(404) from None
            banner = site.banner_html()
            if banner and absolute.endswith((".html", ".htm")):
                data = with_banner(data, banner)
            kind = self.get_content_type()
            if kind.startswith("text/") or kind in ("application/json", "application/xml", "application/javascript"):
                kind += "; charset=utf-8"  # every text the builder writes is UTF-8
            self.set_header("Content-Type", kind)
            self.set_header("Cache-Control", "no-store")
            self.finish(data if include_body else b"")

        def compute_etag(self) -> None:
            return None  # never cached: each answer is the file as it is now

        def write_error(self, status_code: int, **kwargs) -> None:
            """The site's own 404 page (with the banner), as a host would serve it."""
            page = Path(self.root) / "404.html"
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                banner = site.banner_html()
                data = page.read_bytes()
                self.finish(with_banner(data, banner) if banner else data)
                return
            super().write_error(status_code, **kwargs)

    return Pages


class SiteWatcher(Watcher):
    """livereload's watcher, driven by the system's file events instead of polling every file.

    Each batch of changes is built in this watcher's thread, so the server keeps
    answering while a build runs; then the browsers are told to reload.
    """

    def __init__(self, site: DevSite):
        super().__init__()
        self.site = site
        self.stop = threading.Event()

    def start(self, callback) -> bool:
        loop = IOLoop.current()
        thread = threading.Thread(target=self._run, args=(loop,), name="dev-server-watch", daemon=True)
        thread.start()
        return True  # livereload polls nothing

    def _run(self, loop: IOLoop) -> None:
        keep = watchfiles.DefaultFilter()
        polling = False
        while not self.stop.is_set():
            try:
                for changes in watchfiles.watch(*self.site.watch_roots(), watch_filter=lambda c, p: keep(c, p) and
                                                self.site.is_watched(p), debounce=1600, step=SETTLE_MS,
                                                stop_event=self.stop, raise_interrupt=False, force_polling=polling):
                    self.site.rebuild(Path(p) for _, p in changes)
                    loop.add_callback(LiveReloadHandler.reload_waiters, "*")
            except Exception as exc:  # noqa: BLE001 (no file events here, e.g. too many watches: poll instead)
                if polling:
                    raise
                self.site.say(f"file events are not available ({exc}); watching by polling instead")
                polling = True

    def examine(self):
        # Only livereload's own start-up message passes here; changes come through `_run`.
        if self._changes:
            return self._changes.pop()
        return None, None


def serve(load: Callable[[], Config], *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False,
          clean: bool = False) -> int:
    """Build, then serve the site on `host:port` and rebuild on every change until interrupted."""
    site = DevSite(load, clean=clean)
    prepare_indexing()
    result = site.rebuild()
    if result is not None:
        for problem in result.report.problems:
            site.say(str(problem))
    site.say(f"serving {site.config.out_dir.name}/ at http://{host}:{port}/ — Ctrl-C to stop")
    watcher = SiteWatcher(site)
    server = Server(watcher=watcher)
    server.SFH = _page_handler(site)
    for path in site.watched_paths():
        server.watch(str(path))
    site.config.out_dir.mkdir(parents=True, exist_ok=True)
    # SIGTERM (a process manager, a test, `kill`) stops the server the way Ctrl-C does, so
    # a running indexer is stopped and its temporary files removed rather than left behind.
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler) if in_main else None
    try:
        server.serve(host=host, port=port, root=str(site.config.out_dir),
                     open_url_delay=0.5 if open_browser else None, restart_delay=0)
    finally:
        watcher.stop.set()
        site.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0

