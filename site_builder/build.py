"""The build, top to bottom: read → normalize → extract → assemble → plan → render → write."""
from __future__ import annotations

import time
from dataclasses import dataclass

from .config import Config
from .dossier import Dossier, Parsed, assemble
from .extract import Lexicon, extract_facts
from .normalize import clean_document
from .pages import plan_assets, plan_site
from .problems import BuildError, Problem
from .registry import load_registry
from .render import SiteGlobals, load_strings, make_environment, render_site
from .report import BuildReport, Failure, make_report
from .search import SEARCH_DIR, build_index
from .sources import SourceFile, Unreadable, find_sources, read_document
from .write import UnsafePath, write_site

REPORT_FILE = "_report.json"


@dataclass(frozen=True)
class BuildResult:
    dossier: Dossier
    report: BuildReport
    files_written: int
    seconds: float


def read_source(source: SourceFile, lexicon: Lexicon) -> Parsed | Failure:
    """One file through the per-document stages; a file that cannot be read becomes a `Failure`."""
    try:
        doc = clean_document(read_document(source))
        return Parsed(doc, extract_facts(doc, lexicon))
    except Unreadable as exc:
        return Failure(source.name, str(exc), exc.line, exc.lost)
    except Exception as exc:  # noqa: BLE001 (a bug met by one odd file must not take the other articles down)
        return Failure(source.name, f"internal error while reading it ({type(exc).__name__}: {exc}); please report it")


def search_index(outputs: dict[str, bytes], language: str) -> dict[str, bytes]:
    """Pagefind's files for the rendered pages (templates mark which pages are searchable)."""
    pages = {path: data for path, data in outputs.items() if path.endswith(".html") and b"data-pagefind-body" in data}
    return build_index(pages, language)


def build(config: Config) -> BuildResult:
    """Build the site described by `config` into `config.out_dir`.

    Raises `BuildError` for mistakes that stop the build (settings, templates); problems
    with single documents are in the returned report instead.
    """
    started = time.perf_counter()
    if not config.seeds_dir.is_dir():
        raise BuildError([Problem(config.seeds_dir.name, None, "error", "seeds folder not found")])
    registry = load_registry(config.data_dir)
    lexicon = Lexicon(registry)
    sources, skipped = find_sources(config.seeds_dir, config.root)
    parsed: list[Parsed] = []
    failures: list[Failure] = []
    for source in sources:
        result = read_source(source, lexicon)
        (failures if isinstance(result, Failure) else parsed).append(result)
    dossier = assemble(parsed, registry, window_before=config.round_window_before,
                       window_after=config.round_window_after)
    report = make_report(skipped, failures, parsed, dossier, registry.problems)

    env = make_environment(config.templates_dir)
    site = SiteGlobals(config, load_strings(config.templates_dir, config.language), plan_assets(config.static_dir))
    outputs = render_site(plan_site(dossier, site.assets), env, site)
    outputs.update(search_index(outputs, config.language))
    outputs[REPORT_FILE] = report.to_json()
    try:
        stats = write_site(outputs, config.out_dir)
    except UnsafePath as exc:
        raise BuildError([Problem(config.out_dir.name, None, "error", str(exc))]) from None
    return BuildResult(dossier, report, stats.files, time.perf_counter() - started)
