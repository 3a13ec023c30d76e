"""The publisher, at the edge of the pipeline: the built site onto a GitHub Pages branch, with ghp-import.

Git is checked before anything is built (as `mkdocs gh-deploy` does); ghp-import makes the
commit and pushes it. Beside that, the site is compared with what the branch already
holds, so a dry run can say what would change and a deploy with no change pushes nothing.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import ghp_import

from .report import BuildReport

DEFAULT_REMOTE = "origin"
DEFAULT_BRANCH = "gh-pages"
# Without it GitHub Pages runs Jekyll over the site, which drops files whose names start with `_`.
NOJEKYLL = ".nojekyll"
CNAME = "CNAME"

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)
_GITHUB_REMOTE = re.compile(r"github\.com[:/](?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$")


class DeployError(Exception):
    """A reason not to deploy, said so that an editor can act on it."""


@dataclass(frozen=True)
class Target:
    """Where the site goes: a branch of one remote of the project's git repository."""

    repo: Path
    remote: str
    branch: str
    url: str


@dataclass(frozen=True)
class Changes:
    """How the site differs from what the branch holds (paths in the branch)."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"

    def lines(self) -> list[str]:
        return ([f"  + {p}" for p in self.added] + [f"  ~ {p}" for p in self.changed]
                + [f"  - {p}" for p in self.removed])


@dataclass(frozen=True)
class Deployment:
    """What a deploy did, or with `dry_run` would do."""

    target: Target
    files: int
    changes: Changes
    # The commit now at the tip of the branch; None when nothing was pushed.
    commit: str | None
    dry_run: bool = False
    address: str | None = None
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        where = f"{self.target.branch} on {self.target.remote} ({self.target.url})"
        if self.dry_run:
            lines = [f"dry run: would push {self.files} files to {where}: {self.changes.summary()}",
                     *self.changes.lines()]
            if self.changes.empty:
                lines[0] = f"dry run: {where} already holds these {self.files} files; nothing would be pushed"
        elif self.commit is None:
            lines = [f"{where} already holds these {self.files} files; nothing pushed"]
        else:
            lines = [f"pushed commit {self.commit[:12]} to {where}: {self.files} files; {self.changes.summary()}"]
        if self.address:
            lines.append(f"site: {self.address}")
        lines.extend(f"note: {n}" for n in self.notes)
        return "\n".join(lines)


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1].removeprefix("fatal: ") if lines else "unknown git error"


def find_target(root: Path, *, remote: str = DEFAULT_REMOTE, branch: str = DEFAULT_BRANCH) -> Target:
    """Check that `root` is in a git repository with `remote` and a known committer, before any build."""
    if shutil.which("git") is None:
        raise DeployError("git is not installed (or not on PATH); deploy pushes the site with git")
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise DeployError(f"{root.name}/ is not in a git repository; deploy pushes the site to a branch of the "
                          "project's repository (run `git init` and `git remote add origin URL`, or use the "
                          "GitHub Actions workflow instead)")
    repo = Path(top.stdout.strip())
    url = _git(repo, "remote", "get-url", remote)
    if url.returncode != 0:
        others = _git(repo, "remote").stdout.split()
        hint = f", or choose one of {', '.join(others)} with --remote" if others else ""
        raise DeployError(f"this repository has no remote {remote!r}: add it with "
                          f"`git remote add {remote} URL`{hint}")
    if _git(repo, "symbolic-ref", "-q", "--short", "HEAD").stdout.strip() == branch:
        raise DeployError(f"branch {branch!r} is checked out here; ghp-import rewrites that branch, so switch "
                          "to your working branch first (or choose another with --branch)")
    # ghp-import signs its commit the same way: the environment first, then git's config.
    if not (os.environ.get("GIT_COMMITTER_NAME") or _git(repo, "config", "user.name").stdout.strip()):
        raise DeployError("git does not know who you are: run `git config user.name \"Your Name\"` and "
                          "`git config user.email you@example.org`")
    return Target(repo, remote, branch, url.stdout.strip())


def refusal(report: BuildReport, *, strict: bool = False) -> str | None:
    """Why this build must not be published, or None when it may be."""
    failed = report.count("failed")
    if failed or report.errors:
        return (f"the build has {failed} failed documents and {len(report.errors)} errors (listed above); "
                "fix them, or they would vanish from the published site")
    if strict and report.warnings:
        return f"--strict: the build has {len(report.warnings)} warnings (listed above)"
    return None


def check_cname(cname: str) -> str:
    """The custom domain from `dossier.yaml`, or `DeployError` when it is not a bare host name."""
    cname = cname.strip()
    if cname and not _HOSTNAME.match(cname):
        raise DeployError(f"dossier.yaml: cname {cname!r} must be a bare domain such as dossier.example.org "
                          "(no https://, no path)")
    return cname


def pages_address(remote_url: str, cname: str = "") -> str | None:
    """Where GitHub Pages serves a site pushed to this remote, when that can be told."""
    if cname:
        return f"https://{cname}/"
    m = _GITHUB_REMOTE.search(remote_url)
    if not m:
        return None
    owner, repo = m["owner"], m["repo"]
    if repo.lower() == f"{owner.lower()}.github.io":
        return f"https://{repo.lower()}/"
    return f"https://{owner.lower()}.github.io/{repo}/"


def _object_format(repo: Path) -> str:
    found = _git(repo, "rev-parse", "--show-object-format")
    return found.stdout.strip() if found.returncode == 0 and found.stdout.strip() else "sha1"


def _blob_id(data: bytes, object_format: str) -> str:
    return hashlib.new(object_format, b"blob %d\0" % len(data) + data).hexdigest()


def site_tree(out_dir: Path, target: Target, cname: str = "") -> dict[str, str]:
    """What the branch will hold after the push, path → blob id, exactly as ghp-import writes it."""
    fmt = _object_format(target.repo)
    tree = {p.relative_to(out_dir).as_posix(): _blob_id(p.read_bytes(), fmt)
            for p in sorted(out_dir.rglob("*")) if p.is_file()}
    tree[NOJEKYLL] = _blob_id(b"", fmt)
    if cname:
        tree[CNAME] = _blob_id(cname.encode("utf-8"), fmt)
    return tree


def _tree_at(target: Target, ref: str) -> dict[str, str]:
    listed = subprocess.run(["git", "ls-tree", "-r", "-z", "--full-tree", ref], cwd=target.repo,
                            capture_output=True)
    if listed.returncode != 0:
        raise DeployError(f"cannot read {ref}: {_last_line(listed.stderr.decode('utf-8', 'replace'))}")
    tree = {}
    for entry in listed.stdout.decode("utf-8").split("\0"):
        if entry:
            meta, path = entry.split("\t", 1)
            tree[path] = meta.split()[2]
    return tree


def published_tree(target: Target) -> dict[str, str] | None:
    """What the remote branch holds now, path → blob id; None when the branch does not exist yet.

    The branch is fetched first: ghp-import builds on `<remote>/<branch>` as this clone last
    saw it, and a stale view would make the push a rejected non-fast-forward.
    """
    heads = _git(target.repo, "ls-remote", "--exit-code", target.remote, f"refs/heads/{target.branch}")
    if heads.returncode == 2:
        return None
    if heads.returncode != 0:
        raise DeployError(f"cannot reach remote {target.remote!r} ({target.url}): {_last_line(heads.stderr)}")
    tracking = f"refs/remotes/{target.remote}/{target.branch}"
    fetched = _git(target.repo, "fetch", "--quiet", target.remote, f"+refs/heads/{target.branch}:{tracking}")
    if fetched.returncode != 0:
        raise DeployError(f"cannot fetch {target.branch} from {target.remote}: {_last_line(fetched.stderr)}")
    return _tree_at(target, tracking)


def compare(before: dict[str, str] | None, after: dict[str, str]) -> Changes:
    before = before or {}
    return Changes(
        added=tuple(sorted(p for p in after if p not in before)),
        changed=tuple(sorted(p for p in after if p in before and before[p] != after[p])),
        removed=tuple(sorted(p for p in before if p not in after)),
    )


@contextmanager
def _working_directory(path: Path):
    # ghp-import runs git in the current directory and takes no other.
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def default_message(target: Target) -> str:
    head = _git(target.repo, "rev-parse", "--short", "HEAD")
    return f"Deploy the dossier from {head.stdout.strip()}" if head.returncode == 0 else "Deploy the dossier"


def push(out_dir: Path, target: Target, *, message: str, cname: str = "") -> str:
    """Commit `out_dir` (with .nojekyll and CNAME) onto the branch and push it; the new commit's id."""
    try:
        with _working_directory(target.repo):
            ghp_import.ghp_import(str(out_dir), mesg=message, remote=target.remote, branch=target.branch,
                                  push=True, nojekyll=True, cname=cname or None)
    except ghp_import.GhpError as exc:
        raise DeployError(f"ghp-import: {exc.message}") from None
    except subprocess.CalledProcessError:
        raise DeployError(f"git push to {target.remote} ({target.url}) failed; git's message is above") from None
    return _git(target.repo, "rev-parse", f"refs/heads/{target.branch}").stdout.strip()


def deploy(out_dir: Path, target: Target, *, cname: str = "", base_url: str = "", message: str | None = None,
           dry_run: bool = False) -> Deployment:
    """Push the built site in `out_dir` to `target` unless the branch already holds exactly it."""
    cname = check_cname(cname)
    if not (out_dir / "index.html").is_file():
        raise DeployError(f"{out_dir.name}/ holds no built site (no index.html)")
    tree = site_tree(out_dir, target, cname)
    before = published_tree(target)
    changes = compare(before, tree)
    guessed = pages_address(target.url, cname)
    notes = []
    if not base_url:
        where = f"; this remote publishes at {guessed}" if guessed else ""
        notes.append("no base_url is set (dossier.yaml or --base-url), so pages carry no canonical links and "
                     f"the feed and sitemap no absolute ones{where}")
    elif cname and urlsplit(base_url).hostname != cname.lower():
        notes.append(f"base_url {base_url} is not on the custom domain {cname}; absolute links will point there")
    deployment = Deployment(target, len(tree), changes, commit=None, dry_run=dry_run,
                            address=base_url or guessed, notes=tuple(notes))
    if dry_run or (before is not None and changes.empty):
        return deployment
    commit = push(out_dir, target, message=message or default_message(target), cname=cname)
    if _tree_at(target, commit) != tree:
        raise DeployError(f"ghp-import did not commit the site as built; {target.branch} is at {commit[:12]}")
    return Deployment(target, len(tree), changes, commit=commit, address=deployment.address,
                      notes=deployment.notes)
