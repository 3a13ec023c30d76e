"""The build, top to bottom: read → normalize → extract → assemble → plan → render → write.

Builds are incremental by content. Each seed file's per-document results are cached
under a hash of its bytes (cache.py), so an unchanged file is never parsed again; the
whole-dossier stages (assemble, plan) run every time, in a long-running process from what
the last build worked out (`BuildState`: only what an edit touches is worked out again);
then only the pages whose
inputs changed are rendered and only the files whose bytes changed are written
(incremental.py, write.py). When no input changed at all and the site on disk is the
one the last build wrote, there is nothing to do. `clean=True` ignores the cache.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable

from .cache import ParseCache, cache_folder, code_version, digest, pack_entry, project_lock, source_key, unpack_entry, \
    write_atomically
from .config import Config
from .dossier import AssemblyMemo, Dossier, Parsed, assemble
from .extract import Lexicon, extract_facts
from .incremental import Comparison, Fingerprints, Output, SiteRecord, TemplateSet, load_record, save_record, \
    scan_site, template_hashes
from .normalize import clean_document
from .pages import File, Page, PlanMemo, plan_assets, plan_site
from .problems import BuildError, Problem
from .registry import Registry, load_registry
from .render import STRINGS_FILE, SiteGlobals, load_strings, make_environment, render_inputs, render_page
from .report import BuildReport, Failure, make_report
from .stories import StoryIndex
from .search import MANIFEST, SEARCH_DIR, SearchCancelled, SearchUnavailable, Shard, index_apart, index_shards, \
    manifest, plan_shards, search_version, shard_folder
from .sources import MARKDOWN_SUFFIXES, MAX_DOCUMENT_BYTES, SourceFile, Unreadable, find_picture, find_sources, \
    parse_document
from .theme import find
from .write import SiteUpdate, UnsafePath, recover, safe_relative, stage_file

REPORT_FILE = "_report.json"
# Where the report goes when it must not be published: beside the output folder (`_site.report.json`).
REPORT_BESIDE = ".report.json"
# Below these sizes a process pool costs more (starting workers, shipping results) than it saves.
PARALLEL_PARSE_MIN = 200
PARALLEL_RENDER_MIN = 1000
CHUNK = 64


@dataclass(frozen=True)
class Counts:
    articles: int
    rounds: int
    people: int
    organizations: int


@dataclass(frozen=True)
class BuildResult:
    report: BuildReport
    counts: Counts
    # Files in the site, and what this build did to it.
    files: int
    written: tuple[str, ...]
    deleted: tuple[str, ...]
    pages_rendered: int
    seconds: float
    _dossier: Callable[[], Dossier] = field(repr=False, compare=False)
    # Seconds spent in each step (read, parse, assemble, plan, fingerprint, render+write), for bench/.
    phases: dict = field(default_factory=dict, compare=False)
    # Seed files read and parsed afresh; the others came from the build cache.
    documents_read: int = 0

    @property
    def files_written(self) -> int:
        return len(self.written)

    @cached_property
    def dossier(self) -> Dossier:
        """The dossier the site was built from (assembled again from the cache when the build had nothing to do)."""
        return self._dossier()


@dataclass
class BuildState:
    """What a long-running process (the dev server) keeps between builds, so it need not read it back from disk."""

    parsed: dict = field(default_factory=dict)  # source key → Parsed | Failure
    record: SiteRecord | None = None
    templates: TemplateSet | None = None
    # The last build's plan: a page whose inputs are the same objects or equal values as
    # last time needs no fingerprint to be known unchanged (see `Comparison`).
    pages: dict[str, Page] | None = None
    site_inputs: tuple | None = None
    closures: dict[str, bytes] = field(default_factory=dict)
    # The last dossier: what has not changed in it is reused by the next (see `assemble`).
    dossier: Dossier | None = None
    # The registries as last read, kept while data/ does not change.
    registry: Registry | None = None
    # The copies found last time: an edit compares only the edited article (see stories.py).
    stories: StoryIndex = field(default_factory=StoryIndex)
    # What the last assembly worked out per article and person: an edit works out its own again (see dossier.py).
    assembly: AssemblyMemo = field(default_factory=AssemblyMemo)
    # The last plan's pages by the objects they were made from (see pages.py), and its files:
    # a file that is the same object as last time has the bytes recorded for it.
    plan: PlanMemo = field(default_factory=PlanMemo)
    files: dict[str, File] | None = None
    # Each seed as last read (path → (stat, registry digest, Seed)), for the dev server's edits (see `read_seeds`).
    seen: dict = field(default_factory=dict)
    # The UI strings as last read, with the file they came from.
    strings: tuple | None = None


@dataclass(frozen=True)
class Seed:
    """A seed file found and hashed, with its cache key."""

    source: SourceFile
    markdown: bool
    key: str


def build(config: Config, *, clean: bool = False, state: BuildState | None = None, jobs: int | None = None,
          search: bool = True, changed: Iterable[Path | str] | None = None) -> BuildResult:
    """Build the site described by `config` into `config.out_dir`.

    Raises `BuildError` for mistakes that stop the build (settings, templates); problems
    with single documents are in the returned report instead. `clean` ignores every
    cached result; `state` carries results between the builds of one process; without
    `search` the search bundle is left for `refresh_search` (the dev server's way).
    `changed` (with `state`): the files the dev server's watcher saw change since the last
    build; the other seeds are not read again while the system says they are untouched.
    """
    started = time.perf_counter()
    cache_dir = cache_folder(config.root)
    clock = _Clock()
    changed = None if changed is None or state is None or clean else \
        frozenset(os.path.realpath(p) for p in changed)
    with project_lock(cache_dir), _collector_paused():
        result = _build(config, cache_dir, clean, state, jobs or os.cpu_count() or 1, clock, search, changed)
    return dataclasses.replace(result, seconds=time.perf_counter() - started, phases=clock.phases)


def _build(config: Config, cache_dir: Path | None, clean: bool, state: BuildState | None, jobs: int,
           clock: _Clock, search: bool, changed: frozenset[str] | None = None) -> BuildResult:
    keep = state is not None
    state = state if keep else BuildState()
    if not config.seeds_dir.is_dir():
        raise BuildError([Problem(config.seeds_dir.name, None, "error", "seeds folder not found")])
    recover(config.out_dir)
    registry = state.registry = load_registry(config.data, previous=state.registry)
    sources, skipped = find_sources(config.seeds_dir, config.root)
    seeds, contents, unreadable = read_seeds(sources, registry.digest, state.seen if keep else None, changed)
    site = SiteGlobals(config, _strings(config, state), plan_assets(config.static))
    templates = _templates(config, state)
    # Everything the site is made from (the code is part of every key).
    inputs = Fingerprints().digest(code_version(), _shared_inputs(site), registry.digest,
                                   templates.digest, tuple((s.source.name, s.key) for s in seeds), unreadable,
                                   skipped).hex()
    record = None if clean else state.record or load_record(cache_dir, config.out_dir)
    on_disk = scan_site(config.out_dir)
    clock.lap("read")
    nothing_to_do = (record is not None and record.inputs == inputs and _intact(record, on_disk)
                     and _thumbnails_unchanged(record, sources) and (record.search_current or not search))
    if nothing_to_do and (not keep or state.pages is not None):
        state.record = record
        report, counts = record.summary
        _place_report(config, report)
        return BuildResult(report, counts, len(record.outputs), (), (), 0, 0.0, lambda: read_dossier(config, state))

    parse_cache = ParseCache(cache_dir)
    results, fresh = parse_seeds(seeds, contents, registry, parse_cache, state, clean, jobs)
    del contents
    if keep:
        state.parsed = {s.key: r for s, r in zip(seeds, results)}
    results = [with_thumbnail(r, s.source) for s, r in zip(seeds, results)]
    clock.lap("parse")
    parsed = [r for r in results if isinstance(r, Parsed)]
    thumbnails = thumbnail_lookups(parsed)
    failures = [r for r in results if isinstance(r, Failure)] + list(unreadable)
    dossier = assemble(parsed, registry, window_before=config.round_window_before,
                       window_after=config.round_window_after, previous=state.dossier, story_index=state.stories,
                       memo=state.assembly)
    if keep:
        state.dossier = dossier
    report = make_report(skipped, failures, parsed, dossier, registry.problems)
    counts = Counts(len(dossier.articles), len(dossier.rounds), len(dossier.people), len(dossier.organizations))
    clock.lap("assemble")
    plan = plan_site(dossier, site.assets, state.plan)
    if config.publish_report:
        plan = (*plan, File(REPORT_FILE, report.to_json()))
    clock.lap("plan")
    keys = frozenset(s.key for s in seeds)
    # What the pages need is in the dossier now; the rest of each document can go.
    del results, parsed, failures

    if nothing_to_do:
        # A long-running process starting on a site that is up to date: learn its plan, write nothing.
        _remember_plan(state, plan, site, templates)
        state.record = record
        _place_report(config, record.summary[0])
        return BuildResult(record.summary[0], record.summary[1], len(record.outputs), (), (), 0, 0.0, lambda: dossier)

    outputs, written, deleted, rendered, searched = render_and_write(plan, templates, site, state if keep else None,
                                                                     record, on_disk, jobs, clock, search=search)
    state.record = SiteRecord(str(config.out_dir), inputs, outputs, (report, counts), keys, thumbnails, searched,
                              search)
    save_record(cache_dir, state.record)
    _place_report(config, report)
    if keep:
        _remember_plan(state, plan, site, templates)
    if record is not None and record.sources:
        parse_cache.drop(record.sources - keys)
    elif fresh:
        parse_cache.prune(set(keys))
    clock.lap("record")
    return BuildResult(report, counts, len(outputs), written, deleted, rendered, 0.0, lambda: dossier,
                       documents_read=fresh)


def report_path(config: Config) -> Path:
    """Where the build report is: in the site, or beside it when `publish_report` is false."""
    return config.out_dir / REPORT_FILE if config.publish_report else _beside(config)


def _beside(config: Config) -> Path:
    return config.out_dir.with_name(config.out_dir.name + REPORT_BESIDE)


def _place_report(config: Config, report: BuildReport) -> None:
    """Keep the report beside the site up to date when it is not published; else remove
    the one an earlier build left there, so the editor never reads a stale one."""
    beside = _beside(config)
    if config.publish_report:
        with contextlib.suppress(FileNotFoundError):
            beside.unlink()
        return
    data = report.to_json()
    with contextlib.suppress(OSError):
        if beside.read_bytes() == data:
            return
    write_atomically(beside, data)


def _strings(config: Config, state: BuildState) -> dict:
    """The UI strings, read again only when their file changed: parsing the YAML took longer than an edit's pages."""
    path = find(config.templates, STRINGS_FILE)
    try:
        data = path.read_bytes() if path is not None else None
    except OSError:
        data = None
    key = (config.language, path, data)
    if data is None or state.strings is None or state.strings[0] != key:
        strings = load_strings(config.templates, config.language)
        state.strings = (key, strings) if data is not None else None
        return strings
    return state.strings[1]


def _templates(config: Config, state: BuildState) -> TemplateSet:
    """The one Jinja environment, kept between builds while no template file changed."""
    if state.templates is not None and state.templates.files == template_hashes(config.templates):
        return state.templates
    state.templates = TemplateSet(make_environment(config.templates), config.templates)
    return state.templates


def _shared_inputs(site: SiteGlobals) -> tuple:
    """What every page is rendered from besides its own context (the second half of `render_inputs`)."""
    return render_inputs(Page("", "", {}), site)[1]


def _intact(record: SiteRecord, on_disk: dict) -> bool:
    """The output folder holds exactly the files the recorded build wrote, untouched."""
    return len(on_disk) == len(record.outputs) and all(o.matches(on_disk.get(p)) for p, o in record.outputs.items())


def _remember_plan(state: BuildState, plan, site: SiteGlobals, templates: TemplateSet) -> None:
    state.pages = {item.path: item for item in plan if isinstance(item, Page)}
    state.files = {item.path: item for item in plan if isinstance(item, File)}
    state.site_inputs = _shared_inputs(site)
    state.closures = {name: templates.closure(name) for name in {p.template for p in state.pages.values()}}


# ---------------------------------------------------------------------------
# Read, normalize, extract: one file at a time, from the cache where it can be


def read_seeds(sources, registry_digest: str, known: dict | None = None,
               changed: frozenset[str] | None = None) -> tuple[list[Seed], dict[str, bytes], tuple[Failure, ...]]:
    """Every seed file's cache key, and its bytes by key; a file the system will not let us read is a `Failure`.

    With `changed`, the files the dev server's watcher saw change (real paths), a file it did
    not name is not read again when it is the very file read last time (`known`: path →
    (its stat, the registry digest, its Seed), filled in here): on each edit of a large
    dossier, reading and hashing every seed took longer than the rest of the rebuild.
    """
    seeds, contents, failures = [], {}, []
    for source in sources:
        if changed is not None and known is not None:
            kept = known.get(source.path)
            if kept is not None and kept[1] == registry_digest and str(source.path) not in changed \
                    and kept[0] == _stat_of(source.path):
                seeds.append(kept[2])
                continue
        try:
            with open(source.path, "rb") as f:
                stat = os.fstat(f.fileno())
                size = stat.st_size
                if size > MAX_DOCUMENT_BYTES:
                    failures.append(Failure(source.name, f"{size // (1024 * 1024)} MB: too large for an article "
                                                         f"(the limit is {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB)"))
                    continue
                data = f.read()
        except OSError as exc:
            failures.append(Failure(source.name, f"cannot be read: {exc.strerror or exc}"))
            continue
        markdown = source.path.suffix.lower() in MARKDOWN_SUFFIXES
        key = source_key(source.name, data, markdown, registry_digest)
        seeds.append(Seed(source, markdown, key))
        contents[key] = data
        if known is not None:
            known[source.path] = (_signature(stat), registry_digest, seeds[-1])
    return seeds, contents, tuple(failures)


def _signature(stat: os.stat_result) -> tuple:
    # The change time too: an edit that keeps the size and sets the old modification time back still moves it.
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev


def _stat_of(path: Path) -> tuple | None:
    try:
        return _signature(os.stat(path))
    except OSError:
        return None


def parse_source(name: str, data: bytes, markdown: bool, lexicon: Lexicon) -> Parsed | Failure:
    """One file through the per-document stages; a file that cannot be read becomes a `Failure`.

    What the file's bytes alone decide, and so what the cache may keep: a thumbnail it
    names is looked up on every build (`with_thumbnail`), since that file can change apart.
    """
    try:
        doc = clean_document(parse_document(name, data, markdown=markdown))
        return Parsed(doc, extract_facts(doc, lexicon))
    except Unreadable as exc:
        return Failure(name, str(exc), exc.line, exc.lost)
    except Exception as exc:  # noqa: BLE001 (a bug met by one odd file must not take the other articles down)
        return Failure(name, f"internal error while reading it ({type(exc).__name__}: {exc}); please report it")


def with_thumbnail(result: Parsed | Failure, source: SourceFile) -> Parsed | Failure:
    """The document with the picture its `thumbnail` names, or with a warning saying why there is none."""
    if not isinstance(result, Parsed) or "thumbnail" not in result.doc.metadata:
        return result
    doc = result.doc
    picture, problem = find_picture(doc.metadata["thumbnail"], source, doc.metadata_lines.get("thumbnail"))
    facts = result.facts if problem is None else dataclasses.replace(result.facts,
                                                                      problems=result.facts.problems + (problem,))
    return Parsed(dataclasses.replace(doc, thumbnail=picture), facts)


def thumbnail_lookups(parsed: list[Parsed]) -> tuple:
    """Every thumbnail looked up, with where it was and what it gave (the picture's site path, or "")."""
    return tuple(sorted(((p.doc.source, p.doc.metadata["thumbnail"], p.doc.metadata_lines.get("thumbnail"),
                          p.doc.thumbnail.site_path if p.doc.thumbnail else "")
                         for p in parsed if "thumbnail" in p.doc.metadata), key=lambda lookup: lookup[0]))


def _thumbnails_unchanged(record: SiteRecord, sources) -> bool:
    """Each thumbnail the last build looked up gives the same picture now (a file may have appeared or changed)."""
    by_name = {s.name: s for s in sources}
    for name, value, line, site_path in record.thumbnails:
        source = by_name.get(name)
        if source is None:
            return False
        picture, _ = find_picture(value, source, line)
        if (picture.site_path if picture else "") != site_path:
            return False
    return True


def parse_seeds(seeds: list[Seed], contents: dict[str, bytes], registry: Registry, cache: ParseCache,
                state: BuildState, clean: bool, jobs: int) -> tuple[list, int]:
    """The `Parsed` (or `Failure`) of every seed, in order, and how many had to be parsed afresh.

    Takes the bytes it needs out of `contents`, so they are let go as soon as they are parsed.
    """
    found: dict[str, object] = {} if clean else {s.key: state.parsed[s.key] for s in seeds if s.key in state.parsed}
    if not clean:
        found.update(cache.get_many(s.key for s in seeds if s.key not in found))
    missing = [s for s in seeds if s.key not in found]
    if len(missing) >= PARALLEL_PARSE_MIN and jobs > 1:
        chunks = [[(s.source.name, contents.pop(s.key), s.markdown, s.key) for s in missing[i:i + CHUNK]]
                  for i in range(0, len(missing), CHUNK)]
        with ProcessPoolExecutor(jobs, mp_context=_pool_context(), initializer=_start_parser,
                                 initargs=(registry,)) as pool, cache.writer() as put:
            for part in pool.map(_parse_chunk, chunks):
                for key, blob in part:
                    found[key] = unpack_entry(key, blob)
                    put(key, blob)
    elif missing:
        lexicon = Lexicon(registry)
        with cache.writer() as put:
            for seed in missing:
                value = found[seed.key] = parse_source(seed.source.name, contents.pop(seed.key), seed.markdown,
                                                       lexicon)
                put(seed.key, pack_entry(seed.key, value))
    return [found[s.key] for s in seeds], len(missing)


_LEXICON: Lexicon | None = None


def _start_parser(registry: Registry) -> None:
    global _LEXICON
    _LEXICON = Lexicon(registry)


def _parse_chunk(chunk: list[tuple[str, bytes, bool, str]]) -> list[tuple[str, bytes]]:
    """In a worker: parse files and send each back packed, as the cache stores it (one pickling for both)."""
    return [(key, pack_entry(key, parse_source(name, data, markdown, _LEXICON))) for name, data, markdown, key in chunk]


def read_dossier(config: Config, state: BuildState | None = None) -> Dossier:
    """The dossier of the seeds as they are now, from the cache where it can be (nothing is written)."""
    registry = state.registry = load_registry(config.data, previous=state.registry)
    sources, _ = find_sources(config.seeds_dir, config.root)
    seeds, contents, _ = read_seeds(sources, registry.digest)
    results, _ = parse_seeds(seeds, contents, registry, ParseCache(cache_folder(config.root)),
                             state or BuildState(), False, 1)
    return assemble([r for r in results if isinstance(r, Parsed)], registry,
                    window_before=config.round_window_before, window_after=config.round_window_after)


# ---------------------------------------------------------------------------
# Render and write what changed


@dataclass(frozen=True)
class _Job:
    """An output to produce: its plan item, its fingerprint if known, and its record if the file on disk is it."""

    item: Page | File
    fingerprint: bytes | None
    previous: Output | None


def render_and_write(plan, templates: TemplateSet, site: SiteGlobals, state: BuildState | None,
                     record: SiteRecord | None, on_disk: dict, jobs: int, clock: _Clock, *, search: bool = True):
    """Render the pages whose inputs changed, write the files whose bytes changed, delete the rest.

    Which pages changed is decided by fingerprint against the record of the last build, or,
    in a process that kept the last plan (`state`), by comparing each page's inputs with
    last time's. With `search`, the search bundle is brought up to date in the same update
    (see `stage_search`); without, its files are left as they are for `refresh_search`.
    Returns the new record's outputs, the paths written and deleted, how many pages were
    rendered, and the search key of the bundle now in the site.
    """
    out_dir = site.config.out_dir
    items: dict[str, Page | File] = {}
    # A path the last plan had was checked then.
    checked = state.pages.keys() | state.files.keys() if state is not None and state.pages is not None and \
        state.files is not None else frozenset()
    try:
        for item in plan:
            if item.path not in checked:
                safe_relative(item.path)
            items[item.path] = item  # a later item for the same path wins
    except UnsafePath as exc:
        raise BuildError([Problem(out_dir.name, None, "error", str(exc))]) from None
    whole = record is None or not out_dir.is_dir()
    outputs: dict[str, Output] = {}
    todo: list[_Job] = []
    shared = _shared_inputs(site)
    compare = _comparison(state, shared) if not whole else None
    known_files = state.files if state is not None and state.files is not None and not whole else {}
    prints = Fingerprints()
    for path, item in items.items():
        previous = None if whole else record.outputs.get(path)
        if previous is not None and not previous.matches(on_disk.get(path)):
            previous = None
        if isinstance(item, File):
            if previous is not None and (known_files.get(path) is item or previous.digest == digest(item.data)):
                outputs[path] = previous
            else:
                todo.append(_Job(item, None, previous))
            continue
        if compare is not None:
            old = state.pages.get(path)
            if previous is not None and old is not None and old.template == item.template and \
                    templates.closure(item.template) == state.closures.get(item.template) and \
                    compare.same(item.context, old.context):
                outputs[path] = previous
                continue
            # Changed: rendered; its fingerprint is left for a build that needs one.
            todo.append(_Job(item, None, previous))
            continue
        fingerprint = prints.digest(templates.closure(item.template), render_inputs(item, site)[0], shared)
        if previous is not None and previous.fingerprint == fingerprint:
            outputs[path] = previous
        else:
            todo.append(_Job(item, fingerprint, previous))
    del prints, compare
    # The search bundle is not in the plan: its files are the search step's to keep or replace.
    stale = [] if whole else sorted(p for p in on_disk if p not in items and not p.startswith(SEARCH_PREFIX))
    clock.lap("fingerprint")

    try:
        update = SiteUpdate(out_dir, whole=whole)
    except UnsafePath as exc:
        raise BuildError([Problem(out_dir.name, None, "error", str(exc))]) from None
    with update, _collecting_only_new_garbage():
        done = _produce(todo, templates.env, site, update.staging, jobs)
        written = []
        for job, (content, size, changed) in zip(todo, done):
            if changed:
                update.staged(job.item.path, size)
                written.append(job.item.path)
            else:  # rendered again, same bytes: the file stays as it is
                outputs[job.item.path] = dataclasses.replace(job.previous, fingerprint=job.fingerprint)
        for path in stale:
            update.delete(path)
        made = {job.item.path: (content, job.fingerprint) for job, (content, _, _) in zip(todo, done)}
        clock.lap("render+write")
        search_key = record.search if record is not None and not whole else ()
        bundle: dict[str, Output | None] = {} if whole else _search_outputs(record, on_disk)
        if search:
            digests = {path: o.digest for path, o in outputs.items()} | {p: c for p, (c, _) in made.items()}
            staged = set(written)
            search_key, bundle, search_written, search_deleted = stage_search(
                update, plan, digests, site.config, None if whole else record, bundle,
                lambda path: (update.staging if path in staged else out_dir) / path, jobs)
            for path, content in search_written.items():
                made[path] = (content, None)
                written.append(path)
            stale += search_deleted
            clock.lap("search")
        update.commit()
    for path, kept in bundle.items():
        if kept is not None:
            outputs[path] = kept
    for path in written:
        st = os.stat(out_dir / path)
        content, fingerprint = made[path]
        outputs[path] = Output(fingerprint, content, st.st_size, st.st_mtime_ns, st.st_ino)
    pages = sum(1 for job in todo if isinstance(job.item, Page))
    return outputs, tuple(written), tuple(stale), pages, search_key


def _comparison(state: BuildState | None, shared: tuple) -> Comparison | None:
    """A `Comparison` with the last build's plan, when this process has it and nothing site-wide changed."""
    if state is None or state.pages is None or state.site_inputs is None:
        return None
    compare = Comparison()
    return compare if compare.same(shared, state.site_inputs) else None


def _produce(todo: list[_Job], env, site: SiteGlobals, staging: Path, jobs: int) -> list[tuple]:
    """(content hash, size, written) for each job: pages rendered, and staged when their bytes changed."""
    if len(todo) >= PARALLEL_RENDER_MIN and jobs > 1 and _can_fork():
        global _RENDERING
        # Forked workers see the plan as it is in this process: nothing is copied to them.
        _RENDERING = (todo, env, site, staging)
        try:
            # A few long runs of neighbouring pages rather than many short ones: pages next to
            # each other in the plan share objects, and a worker copies what it touches.
            size = -(-len(todo) // (jobs * 4))
            chunks = [range(i, min(i + size, len(todo))) for i in range(0, len(todo), size)]
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                done = [r for part in pool.map(_render_chunk, chunks) for r in part]
        except _PageFailed as exc:
            raise BuildError(exc.problems) from None
        finally:
            _RENDERING = None
        return done
    return _render_range(todo, env, site, staging, range(len(todo)))


_RENDERING: tuple | None = None


class _PageFailed(Exception):
    """A `BuildError` on its way back from a worker process."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


def _render_chunk(indices: range) -> list[tuple]:
    try:
        return _render_range(*_RENDERING, indices)
    except BuildError as exc:
        raise _PageFailed(list(exc.problems)) from None


def _render_range(todo: list[_Job], env, site: SiteGlobals, staging: Path, indices) -> list[tuple]:
    done = []
    for i in indices:
        job = todo[i]
        item = job.item
        data = item.data if isinstance(item, File) else render_page(item, env, site)
        content = digest(data)
        changed = job.previous is None or job.previous.digest != content
        if changed:
            stage_file(staging, item.path, data)
        done.append((content, len(data), changed))
    return done


# ---------------------------------------------------------------------------
# The search bundle: shards made from the searchable pages as written, each kept while its pages are unchanged

SEARCH_PREFIX = SEARCH_DIR + "/"
MANIFEST_PATH = f"{SEARCH_DIR}/{MANIFEST}"


@dataclass(frozen=True)
class ShardRecord:
    """What one shard's bundle in the site was made from (kept in the build record)."""

    folder: str
    # The shard's pages as written (their bytes' hashes), the language and the indexer.
    pages_key: str
    # The copies of them Pagefind read (`search.copies_key`): pages can change where it does not look.
    copies_key: str


def searchable(plan) -> list[str]:
    """The pages the search index covers: those the plan marks searchable."""
    return sorted(item.path for item in plan if isinstance(item, Page) and item.context.get("searchable"))


def pages_key(shard: Shard, digests: dict[str, str], language: str) -> str:
    """What a shard's bundle is made from, as far as the pages' bytes tell: cheap to compare on every build."""
    return digest("\n".join([search_version(), language, shard.folder, str(shard.main),
                             *(f"{p} {digests[p]}" for p in shard.pages)]).encode("utf-8"))


def _search_outputs(record: SiteRecord | None, on_disk: dict) -> dict[str, Output | None]:
    """The bundle the last build left, file by file: its record while untouched on disk, else None."""
    if record is None:
        return {}
    return {p: (o if o.matches(on_disk.get(p)) else None) for p, o in record.outputs.items()
            if p.startswith(SEARCH_PREFIX)}


def _scan_bundle(out_dir: Path) -> dict:
    """The files of the search bundle on disk, as `scan_site` gives them: the rest of the site is not looked at."""
    return {f"{SEARCH_PREFIX}{p}": st for p, st in scan_site(out_dir / SEARCH_DIR).items()}


def _stale_shards(shards: list[Shard], keys: dict[str, str], record: SiteRecord | None,
                  bundle: dict[str, Output | None]) -> list[tuple[Shard, str | None]]:
    """The shards to index again, each with the copies key its bundle was made from (None: index it whatever).

    A shard stands while its pages' bytes are those it was made from and its files are on
    disk untouched; when only the bytes changed, its pages' copies decide.
    """
    previous = {s.folder: s for s in record.search} if record is not None else {}
    intact: dict[str, bool] = {}
    for path, output in bundle.items():
        folder = shard_folder(path)
        if folder is not None:
            intact[folder] = intact.get(folder, True) and output is not None
    stale = []
    for shard in shards:
        old = previous.get(shard.folder)
        if old is None or not intact.get(shard.folder, False):
            stale.append((shard, None))
        elif old.pages_key != keys[shard.folder]:
            stale.append((shard, old.copies_key))
    return stale


def _shard_records(shards: list[Shard], keys: dict[str, str], record: SiteRecord | None,
                   indexed: dict) -> tuple[ShardRecord, ...]:
    previous = {s.folder: s for s in record.search} if record is not None else {}
    return tuple(ShardRecord(s.folder, keys[s.folder], indexed[s.folder].copies_key if s.folder in indexed
                             else previous[s.folder].copies_key) for s in shards)


def _bundle_changes(shards: list[Shard], indexed: dict, bundle: dict[str, Output | None]):
    """What to write (path → bytes) and delete for the shards just indexed, the manifest, and shards gone."""
    folders = {s.folder for s in shards}
    writes: dict[str, bytes] = {}
    remade = set()
    for folder, result in indexed.items():
        if result.files is None:
            continue
        remade.add(folder)
        for path, data in result.files.items():
            old = bundle.get(path)
            if old is None or old.digest != digest(data):
                writes[path] = data
    listing = manifest(shards)
    old = bundle.get(MANIFEST_PATH)
    if old is None or old.digest != digest(listing):
        writes[MANIFEST_PATH] = listing
    new_files = {p for r in indexed.values() if r.files is not None for p in r.files}
    deleted = sorted(p for p in bundle if (folder := shard_folder(p)) is not None and
                     (folder not in folders or (folder in remade and p not in new_files)))
    return writes, deleted


def stage_search(update: SiteUpdate, plan, digests: dict[str, str], config: Config, record: SiteRecord | None,
                 bundle: dict[str, Output | None], locate: Callable[[str], Path], jobs: int):
    """Bring the search bundle up to date inside `update`.

    Returns the shards' records, the files kept as they are, the files written (path →
    content hash) and the files deleted. A shard is indexed only when its pages changed
    (indexing takes seconds on a large dossier, and the same pages give the same bundle),
    `jobs` shards at a time.
    """
    shards = plan_shards(searchable(plan), config.search_shard_size)
    keys = {s.folder: pages_key(s, digests, config.language) for s in shards}
    stale = _stale_shards(shards, keys, record, bundle)
    try:
        indexed = index_shards(stale, lambda path: locate(path).read_bytes(), config.language, jobs=jobs)
    except SearchUnavailable as exc:
        # Nothing is written: a site published without its search would answer every query with nothing.
        raise BuildError([Problem(SEARCH_DIR, None, "error", f"search index not made: {exc}; "
                                  "`--no-search` builds the site without it")]) from None
    writes, deleted = _bundle_changes(shards, indexed, bundle)
    written: dict[str, str] = {}
    for path, data in writes.items():
        update.write(path, data)
        written[path] = digest(data)
    for path in deleted:
        update.delete(path)
    kept = {p: o for p, o in bundle.items() if p not in written and p not in deleted}
    return _shard_records(shards, keys, record, indexed), kept, written, deleted


def refresh_search(config: Config, state: BuildState, lock: threading.Lock, *,
                   cancel: threading.Event | None = None, jobs: int | None = None) -> bool:
    """Bring the search bundle of a dev-server build up to date; False when a newer build overtook part of it.

    The dev server writes pages first (`build(..., search=False)`) so an edit shows at once,
    then calls this: which shards to index is decided under `lock`; their pages are read
    and indexed without it, in a process of its own (at the lowest priority when there are
    many: the server keeps building), and each shard is written under it unless a build
    changed its pages meanwhile (those are left for the next call). `cancel` stops the
    indexing (`SearchCancelled`).
    """
    with lock:
        record = state.record
        found = _search_plan(config, state.pages, record)
        if found is None:
            return True
        shards, keys = found
        bundle = _search_outputs(record, _scan_bundle(config.out_dir))
        stale = _stale_shards(shards, keys, record, bundle)
        listing = bundle.get(MANIFEST_PATH)
        if not stale and listing is not None and listing.digest == digest(manifest(shards)):
            if not record.search_current:
                state.record = dataclasses.replace(record, search_current=True)
                save_record(cache_folder(config.root), state.record)
            return True
    try:
        indexed = index_apart(config.out_dir, stale, config.language, jobs=jobs or os.cpu_count() or 1,
                              cancel=cancel)
    except SearchCancelled:
        raise
    except SearchUnavailable:
        with lock:
            if state.record is not record:
                return False  # a build changed the pages as they were read: index the new ones
        raise
    with lock, project_lock(cache_folder(config.root)):
        record = state.record
        found = _search_plan(config, state.pages, record)
        if found is None:
            return True
        shards, now = found
        # A shard indexed from pages that a build has changed since is left for the next call.
        indexed = {f: r for f, r in indexed.items() if now.get(f) == keys.get(f)}
        bundle = _search_outputs(record, _scan_bundle(config.out_dir))
        behind = {s.folder for s, _ in _stale_shards(shards, now, record, bundle)} - set(indexed)
        previous = {s.folder: s for s in record.search}
        # The manifest lists the shards that have files: those indexed now or before.
        present = [s for s in shards if s.folder in indexed or s.folder in previous]
        writes, deleted = _bundle_changes(present, indexed, bundle)
        with SiteUpdate(config.out_dir, whole=False) as update:
            for path, data in writes.items():
                update.write(path, data)
            for path in deleted:
                update.delete(path)
            update.commit()
        outputs = {p: o for p, o in record.outputs.items() if not p.startswith(SEARCH_PREFIX)}
        outputs.update((p, o) for p, o in bundle.items() if o is not None and p not in writes and p not in deleted)
        for path, data in writes.items():
            st = os.stat(config.out_dir / path)
            outputs[path] = Output(None, digest(data), st.st_size, st.st_mtime_ns, st.st_ino)
        search = []
        for shard in present:
            if shard.folder in indexed:
                search.append(ShardRecord(shard.folder, now[shard.folder], indexed[shard.folder].copies_key))
            else:  # unchanged, or behind: an empty pages key has the next call index it
                search.append(ShardRecord(shard.folder, "" if shard.folder in behind else now[shard.folder],
                                          previous[shard.folder].copies_key))
        state.record = dataclasses.replace(record, outputs=outputs, search=tuple(search), search_current=not behind)
        save_record(cache_folder(config.root), state.record)
    return not behind


def _search_plan(config: Config, plan: dict[str, Page] | None,
                 record: SiteRecord | None) -> tuple[list[Shard], dict[str, str]] | None:
    """The shards of the searchable pages of `plan` as `record` has them written, and their
    pages' keys; None when there is no plan or a page is not written."""
    if record is None or plan is None:
        return None
    pages = searchable(plan.values())
    if any(p not in record.outputs for p in pages):
        return None
    shards = plan_shards(pages, config.search_shard_size)
    digests = {p: record.outputs[p].digest for p in pages}
    return shards, {s.folder: pages_key(s, digests, config.language) for s in shards}


# ---------------------------------------------------------------------------
# Processes, timing


def _can_fork() -> bool:
    """Fork only a process with a single thread: a thread holding a lock at the fork would leave it locked."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _pool_context():
    if _can_fork():
        return multiprocessing.get_context("fork")
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class _Clock:
    def __init__(self):
        self.phases: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - self._last
        self._last = now


@contextlib.contextmanager
def _collecting_only_new_garbage():
    """While rendering: collect the reference cycles Jinja leaves behind, without walking the model again.

    Everything made so far is moved out of the collector's sight (`gc.freeze`), so a
    collection only looks at what rendering made; forked workers inherit the same.
    """
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        gc.disable()
        gc.unfreeze()


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cycle collector during a build.

    A build makes a few hundred thousand long-lived objects and almost no reference
    cycles; the collector would walk them all again and again (it doubles the time
    to load the cache). What little cyclic garbage rendering leaves is collected after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
