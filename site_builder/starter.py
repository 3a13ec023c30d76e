"""`dossier new DIR`: a starter dossier to edit, built with the packaged theme.

The starter's files are in `starter/` beside this module, as they will be written, except
that a leading `dot_` in a name stands for the dot (`dot_gitignore` → `.gitignore`):
package data leaves hidden files out. `requirements.txt`, which tells the GitHub Actions
workflow where to get the builder, is written from how this copy was installed.
"""
from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from . import __version__

STARTER = Path(__file__).resolve().parent / "starter"
DISTRIBUTION = "negotiation-dossier"
REQUIREMENTS = "requirements.txt"


class StarterError(Exception):
    """Why a starter was not written."""


def starter_files() -> dict[str, bytes]:
    """Every file of the starter, by its path in the new dossier."""
    files = {}
    for path in sorted(STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts = path.relative_to(STARTER).parts
            name = "/".join("." + p[len("dot_"):] if p.startswith("dot_") else p for p in parts)
            files[name] = path.read_bytes()
    files[REQUIREMENTS] = requirements().encode("utf-8")
    return files


def requirements() -> str:
    """What the workflow installs: this builder, from where this copy came when pip can find it there again."""
    return ("# The builder, for the GitHub Actions workflow (pip install -r requirements.txt).\n"
            "# To take it from its repository instead of the package index, write for example\n"
            "#   negotiation-dossier @ git+https://github.com/OWNER/REPOSITORY@TAG\n"
            f"{builder_requirement()}\n")


def builder_requirement() -> str:
    try:
        direct = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
        origin = json.loads(direct) if direct else {}
    except (metadata.PackageNotFoundError, ValueError):
        origin = {}
    vcs = origin.get("vcs_info") or {}
    # Installed from a git repository: the same commit. A local folder is no use on a runner.
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and str(origin.get("url", "")).startswith("https://"):
        return f"{DISTRIBUTION} @ git+{origin['url']}@{vcs['commit_id']}"
    return f"{DISTRIBUTION}=={__version__}"


def write_starter(folder: Path) -> list[str]:
    """Write the starter into `folder` (created if need be); the paths written.

    Refuses a folder that holds anything, even a hidden file: nothing is overwritten.
    """
    if folder.exists():
        if not folder.is_dir():
            raise StarterError(f"{folder} exists and is not a folder")
        if any(folder.iterdir()):
            raise StarterError(f"{folder}/ is not empty; a starter is written only into a new or empty folder, "
                               "so that nothing is overwritten")
    files = starter_files()
    try:
        for name, data in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    except OSError as exc:
        raise StarterError(f"cannot write into {folder}/: {exc.strerror or exc}") from None
    return sorted(files)
