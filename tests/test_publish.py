"""The publisher: `python build.py deploy` against real git repositories, and reproducible builds."""
from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, checkout_env
from site_builder.problems import Problem
from site_builder.publish import Changes, DeployError, check_cname, compare, pages_address, refusal
from site_builder.report import BuildReport, FileOutcome

BASE_URL = "https://dossier.example.org/"
CNAME = "dossier.example.org"

# Tests must work on a machine with no git configuration at all: identity from the
# environment, and neither the global nor the system config read.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Biên tập viên",
    "GIT_AUTHOR_EMAIL": "bien-tap@example.org",
    "GIT_COMMITTER_NAME": "Biên tập viên",
    "GIT_COMMITTER_EMAIL": "bien-tap@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def env(**extra: str) -> dict[str, str]:
    return {**checkout_env(), **GIT_ENV, **extra}


def git(cwd: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env(), timeout=60)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {done.stderr}")
    return done.stdout.strip()


def run(root: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(root / "build.py"), *args], cwd=root, capture_output=True,
                          text=True, timeout=120, env=env(**extra_env))


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".git" not in p.relative_to(folder).parts}


@pytest.fixture
def project(make_project):
    """The sample seeds in a project folder that is a git repository with no remote yet."""

    def make(settings: str = f"base_url: {BASE_URL}\ncname: {CNAME}\n", *, repo: bool = True,
             seeds: dict[str, str | bytes] | None = None) -> Path:
        root = make_project({"dossier.yaml": settings, ".gitignore": "_site/\n", **(seeds or {})})
        shutil.copy(REPO / "build.py", root / "build.py")
        if seeds is None:
            for seed in sorted((REPO / "seeds").iterdir()):
                shutil.copy(seed, root / "seeds" / seed.name)
        if repo:
            git(root, "init", "-q", "-b", "main")
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "Hồ sơ")
        return root

    return make


@pytest.fixture
def origin(tmp_path) -> Path:
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    return bare


def branch_tip(bare: Path, branch: str = "gh-pages") -> str | None:
    line = git(bare, "ls-remote", str(bare), f"refs/heads/{branch}")
    return line.split()[0] if line else None


def clone_branch(bare: Path, into: Path, branch: str = "gh-pages") -> Path:
    git(bare.parent, "clone", "-q", "--branch", branch, str(bare), str(into))
    return into


def test_deploy_pushes_the_site_with_nojekyll_and_cname_and_a_second_deploy_pushes_nothing(project, origin, tmp_path):
    root = project()
    git(root, "remote", "add", "origin", str(origin))

    first = run(root, "deploy")
    assert first.returncode == 0, first.stderr
    commit = branch_tip(origin)
    assert commit, "gh-pages was not pushed"
    built = files_under(root / "_site")
    assert f"pushed commit {commit[:12]} to gh-pages on origin" in first.stdout
    assert f"{len(built) + 2} files" in first.stdout

    published = files_under(clone_branch(origin, tmp_path / "published"))
    assert published.pop(".nojekyll") == b""
    assert published.pop("CNAME") == CNAME.encode()
    assert published == built, "gh-pages must hold exactly the built site"
    assert b'<link rel="canonical" href="https://dossier.example.org/' in published["index.html"]

    second = run(root, "deploy")
    assert second.returncode == 0, second.stderr
    assert "already holds these" in second.stdout and "nothing pushed" in second.stdout
    assert branch_tip(origin) == commit, "a deploy with no change must not push a new commit"


def test_publish_report_false_keeps_the_report_out_of_the_pushed_site_but_beside_it(project, origin, tmp_path):
    root = project(f"base_url: {BASE_URL}\npublish_report: false\n")
    git(root, "remote", "add", "origin", str(origin))
    done = run(root, "deploy")
    assert done.returncode == 0, done.stderr
    published = files_under(clone_branch(origin, tmp_path / "published"))
    assert "index.html" in published and "_report.json" not in published
    assert not [name for name, data in published.items() if b"seeds/000_" in data and name != "dossier.json"]
    beside = root / "_site.report.json"
    assert b'"source":"seeds/000_' in beside.read_bytes()

    # Published again: the next deploy adds it to the branch, and the copy beside the site goes.
    (root / "dossier.yaml").write_text(f"base_url: {BASE_URL}\n", encoding="utf-8")
    done = run(root, "deploy")
    assert done.returncode == 0, done.stderr
    assert "1 added, 0 changed, 0 removed" in done.stdout
    assert "_report.json" in files_under(clone_branch(origin, tmp_path / "again"))
    assert not beside.exists()


def test_a_changed_article_pushes_only_the_files_it_changes(project, origin):
    root = project()
    git(root, "remote", "add", "origin", str(origin))
    assert run(root, "deploy").returncode == 0
    before = branch_tip(origin)

    seed = root / "seeds/003_e7ceec54ec5c2c73.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nĐoạn bổ sung của biên tập viên.\n", encoding="utf-8")
    done = run(root, "deploy")
    assert done.returncode == 0, done.stderr
    after = branch_tip(origin)
    assert after != before
    changed = set(git(origin, "diff", "--name-only", before, after).splitlines())
    assert "0 added" in done.stdout and f"{len(changed)} changed" in done.stdout
    assert any(p.startswith("nguon/") for p in changed), changed
    assert not any(p.startswith("static/") for p in changed), changed
    assert len(changed) < len(git(origin, "ls-tree", "-r", "--name-only", after).splitlines()) / 2


def test_a_deploy_from_another_clone_builds_on_the_published_branch(project, origin, tmp_path):
    root = project()
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "-q", "origin", "main")
    assert run(root, "deploy").returncode == 0
    first = branch_tip(origin)

    # Another editor's clone has never fetched gh-pages.
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", "--branch", "main", "--single-branch", str(origin), str(other))
    (other / "seeds/004_extra.txt").write_text(" date 2025-11-20 Tin mới từ biên tập viên khác\n\nNội dung.",
                                               encoding="utf-8")
    done = run(other, "deploy")
    assert done.returncode == 0, done.stderr
    assert git(origin, "rev-parse", f"{branch_tip(origin)}^") == first, "the new commit follows the published one"
    # Nothing published goes but search-index chunks, whose names follow their content.
    before = set(git(origin, "ls-tree", "-r", "--name-only", first).splitlines())
    after = set(git(origin, "ls-tree", "-r", "--name-only", branch_tip(origin)).splitlines())
    assert {f for f in before - after if not f.startswith("pagefind/")} == set()


def test_dry_run_shows_what_would_be_pushed_and_pushes_nothing(project, origin):
    root = project()
    git(root, "remote", "add", "origin", str(origin))
    done = run(root, "deploy", "--dry-run")
    assert done.returncode == 0, done.stderr
    count = len(files_under(root / "_site")) + 2
    assert f"dry run: would push {count} files to gh-pages on origin" in done.stdout
    assert f"{count} added, 0 changed, 0 removed" in done.stdout
    for path in ("  + index.html", "  + .nojekyll", "  + CNAME", "  + feed.xml"):
        assert path in done.stdout.splitlines()
    assert branch_tip(origin) is None
    assert git(root, "branch", "--list", "gh-pages") == "", "a dry run makes no commit, not even locally"


def test_remote_and_branch_options_choose_where_the_site_goes(project, tmp_path):
    root = project("")
    mirror = tmp_path / "mirror.git"
    git(tmp_path, "init", "-q", "--bare", str(mirror))
    git(root, "remote", "add", "mirror", str(mirror))
    done = run(root, "deploy", "--remote", "mirror", "--branch", "site", "--message", "Xuất bản hồ sơ")
    assert done.returncode == 0, done.stderr
    assert branch_tip(mirror, "site") and branch_tip(mirror) is None
    assert git(mirror, "log", "-1", "--format=%s", "site") == "Xuất bản hồ sơ"
    published = files_under(clone_branch(mirror, tmp_path / "published", "site"))
    assert "CNAME" not in published and ".nojekyll" in published
    assert "no base_url is set" in done.stdout


def test_refuses_outside_a_git_repository_before_building(project):
    root = project(repo=False)
    done = run(root, "deploy")
    assert done.returncode == 2
    assert "not deployed: project/ is not in a git repository" in done.stderr
    assert not (root / "_site").exists(), "git is checked before anything is built"


def test_refuses_when_the_remote_is_missing(project, origin):
    root = project()
    git(root, "remote", "add", "upstream", str(origin))
    done = run(root, "deploy")
    assert done.returncode == 2
    assert "no remote 'origin': add it with `git remote add origin URL`, or choose one of upstream" in done.stderr
    assert branch_tip(origin) is None


def test_refuses_a_build_with_a_lost_document(project, origin):
    root = project(seeds={"seeds/a.txt": "Bài tốt về đàm phán.", "seeds/b.txt": b"\x89PNG\r\n\x1a\n\x00\x00"})
    git(root, "remote", "add", "origin", str(origin))
    done = run(root, "deploy")
    assert done.returncode == 1
    assert "seeds/b.txt: error: binary file" in done.stderr
    assert "not deployed: the build has 1 failed documents" in done.stderr
    assert branch_tip(origin) is None


def test_strict_refuses_a_build_with_warnings(project, origin):
    root = project(seeds={"seeds/a.md": "---\ntitle: Bài\ndate: hôm qua\n---\nNội dung."})
    git(root, "remote", "add", "origin", str(origin))
    done = run(root, "deploy", "--strict")
    assert done.returncode == 1
    assert "not deployed: --strict: the build has 1 warnings" in done.stderr
    assert branch_tip(origin) is None


def test_refuses_a_cname_that_is_not_a_domain(project, origin):
    root = project("cname: https://dossier.example.org/\n")
    git(root, "remote", "add", "origin", str(origin))
    done = run(root, "deploy")
    assert done.returncode == 2
    assert "cname 'https://dossier.example.org/' must be a bare domain" in done.stderr
    assert branch_tip(origin) is None


def test_refuses_to_rewrite_the_checked_out_branch(project, origin):
    root = project()
    git(root, "remote", "add", "origin", str(origin))
    git(root, "checkout", "-q", "-b", "gh-pages")
    done = run(root, "deploy")
    assert done.returncode == 2 and "branch 'gh-pages' is checked out here" in done.stderr


def test_refuses_when_git_does_not_know_the_committer(project, origin):
    root = project()
    git(root, "remote", "add", "origin", str(origin))
    bare_env = {k: v for k, v in env().items() if not k.startswith(("GIT_AUTHOR", "GIT_COMMITTER"))}
    done = subprocess.run([sys.executable, "build.py", "deploy"], cwd=root, capture_output=True, text=True,
                          env=bare_env, timeout=120)
    assert done.returncode == 2 and "git does not know who you are" in done.stderr
    assert branch_tip(origin) is None


def test_refuses_when_the_remote_cannot_be_reached(project, tmp_path):
    root = project()
    git(root, "remote", "add", "origin", str(tmp_path / "nowhere.git"))
    done = run(root, "deploy")
    assert done.returncode == 2
    assert "not deployed: cannot reach remote 'origin'" in done.stderr


def test_a_rejected_push_is_reported(project, origin):
    root = project()
    git(root, "remote", "add", "origin", str(origin))
    hook = origin / "hooks/pre-receive"
    hook.write_text("#!/bin/sh\necho 'branch protected' >&2\nexit 1\n")
    hook.chmod(0o755)
    done = run(root, "deploy")
    assert done.returncode == 2
    assert "branch protected" in done.stderr
    assert "not deployed: git push to origin" in done.stderr and "failed" in done.stderr
    assert branch_tip(origin) is None


def test_deploy_help_lists_its_options():
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "deploy", "--help"], capture_output=True,
                          text=True, env=checkout_env(), timeout=60)
    assert done.returncode == 0
    for option in ("--remote", "--branch", "--message", "--dry-run", "--base-url", "--strict"):
        assert option in done.stdout


def test_two_builds_of_the_same_input_are_byte_identical(project, tmp_path):
    """Different folders, hash seeds and time zones: the same bytes, so a deploy with no change pushes nothing."""
    outputs = []
    for name, seed, tz in (("a", "1", "UTC"), ("b", "2", "Asia/Ho_Chi_Minh")):
        root = project(repo=False) if name == "a" else shutil.copytree(tmp_path / "project", tmp_path / "copy")
        out = tmp_path / f"site-{name}"
        done = run(root, "build", "--out", str(out), PYTHONHASHSEED=seed, TZ=tz)
        assert done.returncode == 0, done.stderr
        outputs.append(files_under(out))
    first, second = outputs
    assert sorted(first) == sorted(second)
    for path in first:
        if first[path] != second[path]:
            diff = difflib.unified_diff(first[path].decode("utf-8", "replace").splitlines(),
                                        second[path].decode("utf-8", "replace").splitlines(), lineterm="")
            pytest.fail(f"{path} differs between two builds:\n" + "\n".join(list(diff)[:40]))


def test_compare_lists_added_changed_and_removed_paths():
    before = {"index.html": "1", "old.html": "2", "feed.xml": "3"}
    after = {"index.html": "1", "feed.xml": "4", "new.html": "5"}
    assert compare(before, after) == Changes(added=("new.html",), changed=("feed.xml",), removed=("old.html",))
    assert compare(after, after).empty
    assert compare(None, after).added == ("feed.xml", "index.html", "new.html")


def test_refusal_follows_the_build_report():
    ok = FileOutcome("seeds/a.txt", "published", url="bai-viet/a.html")
    warned = FileOutcome("seeds/b.md", "published", url="bai-viet/b.html",
                         problems=(Problem("seeds/b.md", 3, "warning", "date"),))
    failed = FileOutcome("seeds/c.txt", "failed", reason="binary",
                         problems=(Problem("seeds/c.txt", None, "error", "binary"),))
    assert refusal(BuildReport((ok, warned))) is None
    assert "1 warnings" in refusal(BuildReport((ok, warned)), strict=True)
    assert "1 failed documents and 1 errors" in refusal(BuildReport((ok, failed)))
    general = BuildReport((ok,), general=(Problem("data/people.yaml", 2, "error", "bad"),))
    assert "0 failed documents and 1 errors" in refusal(general)


@pytest.mark.parametrize("remote, cname, address", [
    ("git@github.com:bien-tap/dossier.git", "", "https://bien-tap.github.io/dossier/"),
    ("https://github.com/Bien-Tap/dossier", "", "https://bien-tap.github.io/dossier/"),
    ("https://github.com/bien-tap/bien-tap.github.io.git", "", "https://bien-tap.github.io/"),
    ("git@github.com:bien-tap/dossier.git", "dossier.example.org", "https://dossier.example.org/"),
    ("/srv/git/dossier.git", "", None),
])
def test_pages_address_of_a_remote(remote, cname, address):
    assert pages_address(remote, cname) == address


@pytest.mark.parametrize("cname", ["dossier.example.org", "www.ho-so.vn", " dossier.example.org "])
def test_a_bare_domain_is_a_valid_cname(cname):
    assert check_cname(cname) == cname.strip()


@pytest.mark.parametrize("cname", ["https://dossier.example.org", "dossier.example.org/ho-so", "localhost", "a b.org"])
def test_anything_else_is_not_a_cname(cname):
    with pytest.raises(DeployError, match="must be a bare domain"):
        check_cname(cname)
