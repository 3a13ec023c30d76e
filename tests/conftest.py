"""Shared fixtures: small projects written into tmp_path, never the repository folder."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from site_builder.extract import Lexicon
from site_builder.registry import Registry, load_registry

REPO = Path(__file__).resolve().parent.parent


def checkout_env() -> dict[str, str]:
    """Environment for a subprocess that must run this checkout's code, not another installed copy."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def make_project(tmp_path):
    """A project folder with the repository's templates and static files, and the given files.

    `data=True` also copies the repository's data/ registries.
    """

    def make(files: dict[str, str | bytes] | None = None, *, data: bool = True, name: str = "project") -> Path:
        root = tmp_path / name
        root.mkdir()
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copytree(REPO / "static", root / "static")
        if data:
            shutil.copytree(REPO / "data", root / "data")
        (root / "seeds").mkdir()
        write_files(root, files or {})
        return root

    return make


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry(REPO / "data")


@pytest.fixture(scope="session")
def lexicon(registry) -> Lexicon:
    return Lexicon(registry)
