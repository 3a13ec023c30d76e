"""The GitHub Actions workflow that publishes the site with GitHub Pages, and the README that explains it."""
from __future__ import annotations

import re
import shutil
import subprocess

import sys

import pytest
import yaml

from conftest import REPO, checkout_env
from site_builder import __version__
from site_builder.cache import CACHE_DIR
from site_builder.starter import STARTER

WORKFLOW = REPO / ".github/workflows/pages.yml"
STARTER_WORKFLOW = STARTER / "dot_github/workflows/pages.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["repository", "starter"])
def any_workflow(request) -> dict:
    """The repository's workflow and the one `dossier new` writes: both build with the cache."""
    path = WORKFLOW if request.param == "repository" else STARTER_WORKFLOW
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def on_runner(command: str, cwd, tmp_path, **env) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """Run a `run:` step as the runner's bash would, with this checkout's builder as `dossier`;
    also returns what the step wrote to $GITHUB_OUTPUT."""
    shims = tmp_path / "shims"
    shims.mkdir(exist_ok=True)
    dossier = shims / "dossier"
    dossier.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m site_builder "$@"\n', encoding="utf-8")
    dossier.chmod(0o755)
    outputs = tmp_path / "github-output"
    outputs.write_text("", encoding="utf-8")
    base = checkout_env()
    done = subprocess.run(["bash", "-e", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**base, "PATH": f"{shims}:{base['PATH']}", "GITHUB_OUTPUT": str(outputs), **env})
    written = dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines() if "=" in line)
    return done, written


def steps(job: dict) -> dict[str, dict]:
    """Each step by the action it uses (without version), or by its name for a `run` step."""
    return {(s["uses"].split("@")[0] if "uses" in s else s["name"]): s for s in job["steps"]}


def test_runs_on_push_to_main_and_on_demand(workflow):
    # YAML 1.1 reads the bare key `on` as true.
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers


def test_may_deploy_to_pages_and_deploys_one_at_a_time(workflow):
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_build_job_follows_the_official_pages_flow(workflow):
    build = workflow["jobs"]["build"]
    used = [s["uses"].split("@")[0] for s in build["steps"] if "uses" in s]
    assert used == ["actions/checkout", "actions/setup-python", "actions/cache", "actions/configure-pages",
                    "actions/upload-pages-artifact"]
    by_action = steps(build)
    python = by_action["actions/setup-python"]["with"]
    assert python["cache"] == "pip" and python["cache-dependency-path"] == "pyproject.toml"
    requires = re.search(r'requires-python = ">=(\d+\.\d+)"', (REPO / "pyproject.toml").read_text()).group(1)
    assert tuple(map(int, python["python-version"].split("."))) >= tuple(map(int, requires.split(".")))
    assert by_action["Install"]["run"] == "python -m pip install ."
    assert by_action["actions/configure-pages"]["id"] == "pages"
    order = [s.get("uses", s.get("name")).split("@")[0] for s in build["steps"]]
    assert order.index("actions/configure-pages") < order.index("Build") < order.index("actions/upload-pages-artifact")


def test_the_base_url_comes_from_the_pages_configuration(workflow):
    build_step = steps(workflow["jobs"]["build"])["Build"]
    assert build_step["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert build_step["run"].startswith("python build.py build --base-url ")
    assert "$BASE_URL" in build_step["run"] and "${{" not in build_step["run"], \
        "the URL reaches the shell through the environment, never pasted into the script"


def test_the_test_suite_runs_before_anything_is_deployed(workflow):
    test = workflow["jobs"]["test"]
    by_action = steps(test)
    assert by_action["actions/setup-python"]["with"]["python-version"] == \
        steps(workflow["jobs"]["build"])["actions/setup-python"]["with"]["python-version"]
    assert by_action["Install"]["run"] == "python -m pip install -e '.[test]'"
    assert by_action["Test"]["run"].startswith("python -m pytest")
    order = [s.get("uses", s.get("name")).split("@")[0] for s in test["steps"]]
    assert order.index("actions/checkout") < order.index("Install") < order.index("Test")
    assert "test" in workflow["jobs"]["deploy"]["needs"], "deploy waits for the tests"
    assert "if" not in workflow["jobs"]["deploy"], "a failed test run must stop the deploy"


def test_the_build_cache_is_kept_between_runs_keyed_on_the_builder_and_the_data(any_workflow, tmp_path):
    build = any_workflow["jobs"]["build"]
    by_action = steps(build)
    cache = by_action["actions/cache"]["with"]
    assert cache["path"] == CACHE_DIR.as_posix() == ".cache/site-builder"
    version, data = "${{ steps.builder.outputs.version }}", "${{ hashFiles('data/**') }}"
    assert cache["key"] == f"site-builder-{version}-{data}-${{{{ github.run_id }}}}", \
        "each run saves its own cache (a cache is never overwritten under the same key)"
    assert cache["restore-keys"].strip() == f"site-builder-{version}-{data}-"
    order = [s.get("uses", s.get("name")).split("@")[0] for s in build["steps"]]
    assert order.index("Install") < order.index("Builder version") < order.index("actions/cache") < order.index("Build")
    done, outputs = on_runner(by_action["Builder version"]["run"], tmp_path, tmp_path)
    assert done.returncode == 0, done.stderr
    assert outputs == {"version": __version__}


def test_a_push_adding_one_article_reads_only_that_one(workflow, make_project, tmp_path):
    """Two runs of the build step on fresh checkouts, the second with the cache the first saved."""
    by_action = steps(workflow["jobs"]["build"])
    first = make_project(name="first-run")
    for seed in sorted((REPO / "seeds").iterdir()):
        shutil.copy(seed, first / "seeds" / seed.name)
    shutil.copy(REPO / "build.py", first / "build.py")
    env = {"BASE_URL": "https://user.github.io/dossier/"}
    done, _ = on_runner(by_action["Build"]["run"], first, tmp_path, **env)
    assert done.returncode == 0, done.stderr
    assert "; 5 documents read," in done.stdout

    second = tmp_path / "second-run"
    shutil.copytree(first, second, ignore=shutil.ignore_patterns("_site", ".cache"))
    shutil.copytree(first / by_action["actions/cache"]["with"]["path"], second / ".cache/site-builder")
    (second / "seeds/005_new.txt").write_text(" date 2025-11-20 Tin mới về đàm phán\n\nNội dung bài mới.\n",
                                              encoding="utf-8")
    done, _ = on_runner(by_action["Build"]["run"], second, tmp_path, **env)
    assert done.returncode == 0, done.stderr
    assert "built _site/: 6 articles" in done.stdout and "; 1 documents read," in done.stdout


def test_the_starter_workflow_builds_a_new_dossier_and_publishes_no_report(tmp_path):
    from site_builder.cli import main

    workflow = yaml.safe_load(STARTER_WORKFLOW.read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]
    by_action = steps(build)
    assert by_action["Install"]["run"] == "python -m pip install -r requirements.txt"
    assert by_action["actions/setup-python"]["with"]["cache-dependency-path"] == "requirements.txt"
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    root = tmp_path / "x"
    assert main(["new", str(root)]) == 0
    done, _ = on_runner(by_action["Build"]["run"], root, tmp_path, BASE_URL="https://user.github.io/x/")
    assert done.returncode == 0, done.stderr
    uploaded = root / by_action["actions/upload-pages-artifact"]["with"]["path"]
    assert '<link rel="canonical" href="https://user.github.io/x/"' in (uploaded / "index.html").read_text()
    assert not (uploaded / "_report.json").exists(), "the starter sets publish_report: false"
    assert (root / "_site.report.json").is_file()


def test_deploy_job_deploys_the_uploaded_artifact(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == ["test", "build"]
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    (step,) = deploy["steps"]
    assert step["uses"].startswith("actions/deploy-pages@") and step["id"] == "deployment"


def test_the_build_step_writes_the_folder_the_upload_step_uploads(workflow, make_project, tmp_path):
    """Run the workflow's own build command, as the runner's bash would, with a Pages base URL."""
    root = make_project()
    for seed in sorted((REPO / "seeds").iterdir()):
        shutil.copy(seed, root / "seeds" / seed.name)
    shutil.copy(REPO / "build.py", root / "build.py")
    by_action = steps(workflow["jobs"]["build"])
    done = subprocess.run(["bash", "-e", "-c", by_action["Build"]["run"]], cwd=root, capture_output=True,
                          text=True, timeout=120,
                          env={**checkout_env(), "BASE_URL": "https://user.github.io/dossier"})
    assert done.returncode == 0, done.stderr
    uploaded = root / by_action["actions/upload-pages-artifact"]["with"]["path"]
    assert (uploaded / "index.html").is_file()
    assert '<link rel="canonical" href="https://user.github.io/dossier/"' in (uploaded / "index.html").read_text()
    assert not [p for p in uploaded.rglob(".*")], "upload-pages-artifact leaves out dotfiles"


def test_readme_explains_both_ways_to_publish():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Publish\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert match, "README.md has a '## Publish' section"
    section = match.group(1)
    for needed in ("python build.py deploy", "--dry-run", "--remote", "--branch", "cname", "base_url",
                   ".github/workflows/pages.yml", "GitHub Actions", "gh-pages", ".nojekyll"):
        assert needed in section, f"the Publish section mentions {needed}"
