"""The GitHub Actions workflow that publishes the site with GitHub Pages, and the README that explains it."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from conftest import REPO, checkout_env

WORKFLOW = REPO / ".github/workflows/pages.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


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
    assert used == ["actions/checkout", "actions/setup-python", "actions/configure-pages",
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


def test_deploy_job_deploys_the_uploaded_artifact(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
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
