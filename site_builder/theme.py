"""The packaged default theme and data, and a dossier folder's own files over them.

The wheel carries the repository's `templates/`, `static/` and `data/` inside the package
(pyproject.toml maps them there), so the installed `dossier` command builds a folder that
holds only `seeds/`. A dossier's own `templates/`, `static/` and `data/` come first, file
by file, as MkDocs' `custom_dir` does: a file of the same name replaces the packaged one,
any other file is added to them.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence, Union

_PACKAGE = Path(__file__).resolve().parent
# Where the wheel puts them (see [tool.setuptools.package-dir] in pyproject.toml).
PACKAGED = "defaults"

# A folder, or folders looked in first to last.
Folders = Union[Path, Sequence[Path]]


def defaults_dir() -> Path:
    """The folder holding the packaged `templates/`, `static/` and `data/`.

    Installed, it is inside the package; in a checkout (run with `python build.py`, or
    installed editable) the same folders are at the top of the repository.
    """
    inside = _PACKAGE / PACKAGED
    return inside if inside.is_dir() else _PACKAGE.parent


def search_path(own: Path, name: str, defaults: Path) -> tuple[Path, ...]:
    """`own` (a dossier's folder), then the packaged folder `name`: once, when they are the same."""
    packaged = defaults / name
    return (own,) if own.resolve() == packaged.resolve() else (own, packaged)


def folders(where: Folders) -> tuple[Path, ...]:
    return (where,) if isinstance(where, Path) else tuple(where)


def find(where: Folders, name: str) -> Path | None:
    """The file `name` from the first folder that has it."""
    for folder in folders(where):
        path = folder / name
        if path.is_file():
            return path
    return None


def all_files(where: Folders) -> dict[str, Path]:
    """Every file under the folders (name relative to its folder → the file used), hidden ones left out;
    a name found in an earlier folder hides the same name in a later one."""
    found: dict[str, Path] = {}
    for folder in folders(where):
        if not folder.is_dir():
            continue
        for top, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if not f.startswith("."):
                    path = Path(top) / f
                    found.setdefault(path.relative_to(folder).as_posix(), path)
    return dict(sorted(found.items()))
