"""Site settings: read once from `dossier.yaml`, then passed explicitly as a frozen `Config`."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import BuildError, Problem
from .theme import defaults_dir, search_path

CONFIG_FILE = "dossier.yaml"


@dataclass(frozen=True)
class Config:
    """Everything a build needs to know besides the documents themselves.

    Paths are absolute; `base_url` is either empty (relative links only) or ends in `/`.
    `data_dir`, `templates_dir` and `static_dir` are the dossier's own folders (they need
    not exist); the packaged ones under `defaults` fill in every file they do not have.
    """

    root: Path
    seeds_dir: Path
    out_dir: Path
    data_dir: Path
    templates_dir: Path
    static_dir: Path
    defaults: Path
    # Shown in the header, the feed and the metadata of every page.
    title: str = "Hồ sơ đàm phán thương mại Việt Nam – Hoa Kỳ"
    # One or two sentences for the home page and search engines.
    description: str = (
        "Theo dõi tiến trình đàm phán Hiệp định thương mại đối ứng Việt Nam – Hoa Kỳ "
        "2025–2026 qua báo chí Việt Nam: các vòng đàm phán, nhân vật, phát ngôn."
    )
    # Absolute URL the site is published at; empty means relative links only.
    base_url: str = ""
    # Interface language: a key of the UI string table (vi, en).
    language: str = "vi"
    author: str = "Ban biên tập hồ sơ"
    publisher: str = ""
    # Custom domain for GitHub Pages (written to CNAME on deploy).
    cname: str = ""
    # Days before a round's first day and after its last day in which an
    # article with no explicit round mention is still grouped with it.
    round_window_before: int = 3
    round_window_after: int = 5
    # The build report names the source files; when false it is written beside the site
    # (see `report_path`), for the editor, instead of inside it, where it would be published.
    publish_report: bool = True
    # Pages per search shard, at most, on average (see search.py): an edit re-indexes the
    # pages of one shard, and each Pagefind process holds one shard. 200 pages index in
    # about half a second; the browser merges one bundle per shard (32 at 5,000 articles).
    search_shard_size: int = 200

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def templates(self) -> tuple[Path, ...]:
        return search_path(self.templates_dir, "templates", self.defaults)

    @property
    def static(self) -> tuple[Path, ...]:
        return search_path(self.static_dir, "static", self.defaults)

    @property
    def data(self) -> tuple[Path, ...]:
        return search_path(self.data_dir, "data", self.defaults)


# The settings an editor may put in dossier.yaml, with what each must be.
_EDITABLE = {
    "title": str,
    "description": str,
    "base_url": str,
    "language": str,
    "author": str,
    "publisher": str,
    "cname": str,
    "round_window_before": int,
    "round_window_after": int,
    "publish_report": bool,
    "search_shard_size": int,
}


def normalize_base_url(url: str) -> str:
    url = (url or "").strip()
    if url and not url.endswith("/"):
        url += "/"
    return url


def load_config(
    root: Path,
    *,
    seeds: Path | None = None,
    out: Path | None = None,
    base_url: str | None = None,
) -> Config:
    """Read `dossier.yaml` under `root` (optional) and apply command-line overrides.

    All problems in the file are collected and raised together, so an editor fixes
    them in one pass.
    """
    root = root.resolve()
    settings: dict = {}
    path = root / CONFIG_FILE
    if path.exists():
        settings = _read_settings(path)
    if base_url is not None:
        settings["base_url"] = base_url
    settings["base_url"] = normalize_base_url(settings.get("base_url", ""))

    def under_root(p: Path | None, default: str) -> Path:
        p = Path(default) if p is None else Path(p)
        return (p if p.is_absolute() else root / p).resolve()

    return Config(
        root=root,
        seeds_dir=under_root(seeds, "seeds"),
        out_dir=under_root(out, "_site"),
        data_dir=root / "data",
        templates_dir=root / "templates",
        static_dir=root / "static",
        defaults=defaults_dir(),
        **settings,
    )


def _read_settings(path: Path) -> dict:
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise BuildError([Problem(name, line, "error", f"not valid YAML: {_yaml_reason(exc)}")]) from None
    except UnicodeDecodeError:
        raise BuildError([Problem(name, None, "error", "not UTF-8 text")]) from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BuildError([Problem(name, 1, "error", "must be a mapping of settings (key: value)")])
    problems, settings = [], {}
    for key, value in raw.items():
        kind = _EDITABLE.get(key)
        if kind is None:
            known = ", ".join(sorted(_EDITABLE))
            problems.append(Problem(name, None, "error", f"unknown setting {key!r} (known: {known})"))
        elif not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            problems.append(Problem(name, None, "error", f"{key} must be {kind.__name__}, not {value!r}"))
        elif key == "search_shard_size" and value < 1:
            problems.append(Problem(name, None, "error", f"{key} must be at least 1, not {value!r}"))
        else:
            settings[key] = value
    if problems:
        raise BuildError(problems)
    return settings


def _yaml_reason(exc: yaml.YAMLError) -> str:
    return str(getattr(exc, "problem", None) or exc).strip()


def replace(config: Config, **changes) -> Config:
    return dataclasses.replace(config, **changes)
