"""Stage 6, render: the one Jinja environment, and the planned pages turned into bytes.

Autoescape is on for every HTML and XML template and undefined names are errors, so a
typo in a template fails the build instead of leaving a blank in a page.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml
from jinja2 import pass_context

from .config import Config
from .pages import Assets, File, Page
from .problems import BuildError, Problem

STRINGS_FILE = "strings.yaml"


@dataclass(frozen=True)
class SiteGlobals:
    """What every template may use besides its own context."""

    config: Config
    strings: dict = field(hash=False)
    assets: Assets


def load_strings(templates_dir: Path, language: str) -> dict:
    """The UI strings of `language` from `templates/strings.yaml`, Vietnamese filling any gap."""
    path = templates_dir / STRINGS_FILE
    try:
        table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise BuildError([Problem(f"templates/{STRINGS_FILE}", None, "error", "missing: the UI strings live here")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BuildError([Problem(f"templates/{STRINGS_FILE}", mark.line + 1 if mark else None, "error",
                                  f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    if language not in table:
        known = ", ".join(sorted(table))
        raise BuildError([Problem("dossier.yaml", None, "error",
                                  f"language {language!r} has no strings in templates/{STRINGS_FILE} (known: {known})")])
    strings = dict(table.get("vi", {}))
    strings.update(table[language])
    return strings


def make_environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["url"] = url
    env.globals["absolute_url"] = absolute_url
    env.globals["asset"] = asset
    env.filters["date"] = format_date
    env.filters["month"] = format_month
    env.filters["iso"] = lambda d: d.isoformat() if d else ""
    return env


def root_prefix(page_path: str) -> str:
    """The way back to the site root from the page at `page_path` (`bai-viet/x.html` → `../`)."""
    return "../" * page_path.count("/")


def relative(from_path: str, target: str) -> str:
    """The link from the page at `from_path` to `target` (both relative to the site root)."""
    return root_prefix(from_path) + (target or "index.html")


@pass_context
def url(ctx, target: str) -> str:
    """A relative link to `target`, so the site works from `/`, from a subpath and from file://."""
    return ctx["root"] + (target or "index.html")


@pass_context
def absolute_url(ctx, target: str) -> str:
    """`target` under the configured base URL; empty when none is set."""
    base = ctx["site"].config.base_url
    return base + target if base else ""


@pass_context
def asset(ctx, name: str) -> str:
    paths = ctx["site"].assets.paths
    if name not in paths:
        raise jinja2.TemplateRuntimeError(f"no static file {name!r} in static/")
    return ctx["root"] + paths[name]


@pass_context
def format_date(ctx, day: dt.date | None) -> str:
    if day is None:
        return ""
    t = ctx["t"]
    return t["date_format"].format(day=day.day, month=day.month, year=day.year,
                                   month_name=t["months"][day.month - 1])


@pass_context
def format_month(ctx, key_or_date) -> str:
    t = ctx["t"]
    if isinstance(key_or_date, str):
        year, month = int(key_or_date[:4]), int(key_or_date[5:7])
    else:
        year, month = key_or_date.year, key_or_date.month
    return t["month_format"].format(month=month, year=year, month_name=t["months"][month - 1])


def render_site(plan: tuple[Page | File, ...], env: jinja2.Environment, site: SiteGlobals) -> dict[str, bytes]:
    """Every planned output as bytes, keyed by its path in the site."""
    return dict(render_outputs(plan, env, site))


def render_outputs(items, env: jinja2.Environment, site: SiteGlobals):
    """(path, bytes) of each output in `items`, one at a time, so a build never holds the whole site in memory."""
    for item in items:
        yield item.path, item.data if isinstance(item, File) else render_page(item, env, site)


def render_inputs(page: Page, site: SiteGlobals) -> tuple[tuple, tuple]:
    """Everything `render_page` hands the template besides the template itself: (the page's own, every page's).

    A page's fingerprint (incremental.py) is a hash of these values and of the templates
    the page uses: whatever `render_page` starts passing to templates must be added here.
    """
    return (page.path, page.template, page.context), (site.config, site.strings, site.assets.paths)


def render_page(page: Page, env: jinja2.Environment, site: SiteGlobals) -> bytes:
    try:
        template = env.get_template(page.template)
        html = template.render(page.context, page_path=page.path, root=root_prefix(page.path), site=site,
                               t=site.strings)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError([Problem(f"templates/{exc.name or page.template}", exc.lineno, "error", exc.message or str(exc))]) from None
    except jinja2.TemplateNotFound as exc:
        raise BuildError([Problem(f"templates/{page.template}", None, "error", f"template {exc.name!r} not found")]) from None
    except (jinja2.UndefinedError, jinja2.TemplateRuntimeError, TypeError, KeyError, AttributeError) as exc:
        line = _template_line(exc, page.template)
        raise BuildError([Problem(f"templates/{page.template}", line, "error",
                                  f"{exc} (while rendering {page.path})")]) from None
    return html.encode("utf-8")


def _template_line(exc: BaseException, template: str) -> int | None:
    """The template line a runtime error happened on, from Jinja's rewritten traceback."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(template):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
