"""`pip install .` (not editable) into a fresh virtual environment, then what a new user runs:
`dossier new x && cd x && dossier build && dossier serve`.

The environment sees the machine's packages (`--system-site-packages`), so the dependencies
are not downloaded again, and the wheel is built without build isolation or an index: the
test needs no network. The project itself is installed into the environment, from a copy
of the checkout (a build writes `build/` and `*.egg-info` into the folder it builds), and
imported from there, never from the checkout.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest

from conftest import REPO

# setuptools builds wheels by itself from 70.1 on; older ones need the `wheel` package as well.
SETUPTOOLS = (70, 1)
# What a checkout holds that is no part of the package, and that a build or a test run leaves.
NOT_SOURCE = (".git", "_site", "*.report.json", ".cache", "build", "dist", "*.egg-info", "__pycache__",
              ".pytest_cache", ".hypothesis", "screenshots", "results", ".staging-*", ".retired-*")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh virtual environment with this project installed into it, not editable."""
    version = tuple(int(p) for p in metadata.version("setuptools").split(".")[:2])
    if version < SETUPTOOLS:
        pytest.fail(f"setuptools {metadata.version('setuptools')} cannot build the wheel here; "
                    f"pip install -e '.[test]' installs setuptools>={'.'.join(map(str, SETUPTOOLS))}", pytrace=False)
    top = tmp_path_factory.mktemp("install")
    source = top / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    env_dir = top / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(env_dir)],
                   check=True, timeout=120)
    python = env_dir / "bin" / "python"
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                           "--no-index", "--no-build-isolation", str(source)],
                          capture_output=True, text=True, timeout=300, cwd=top, env=outside_env(env_dir))
    assert done.returncode == 0, done.stdout + done.stderr
    return env_dir


def outside_env(env_dir: Path) -> dict[str, str]:
    """The environment of a user's shell with the virtual environment activated: no path to the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTEST_XDIST_WORKER")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}"
    env["VIRTUAL_ENV"] = str(env_dir)
    return env


def run(env_dir: Path, cwd: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), cwd=cwd, capture_output=True, text=True, timeout=180,
                          env=outside_env(env_dir))


def test_the_installed_package_is_imported_from_the_environment_with_its_theme(venv, tmp_path):
    done = run(venv, tmp_path, "python", "-c",
               "import site_builder, site_builder.theme as t; print(site_builder.__file__); print(t.defaults_dir())")
    assert done.returncode == 0, done.stderr
    module, defaults = (Path(line) for line in done.stdout.splitlines())
    assert module.is_relative_to(venv) and not module.is_relative_to(REPO)
    assert defaults == module.parent / "defaults"
    for name in ("templates/base.html", "templates/strings.yaml", "static/style.css", "data/people.yaml"):
        assert (defaults / name).read_bytes() == (REPO / name).read_bytes(), name
    assert shutil.which("dossier", path=str(venv / "bin")) == str(venv / "bin" / "dossier")


def test_dossier_new_build_and_serve(venv, tmp_path):
    done = run(venv, tmp_path, "dossier", "new", "x")
    assert done.returncode == 0, done.stderr
    root = tmp_path / "x"
    done = run(venv, root, "dossier", "build")
    assert done.returncode == 0, done.stderr
    assert "built _site/: 5 articles" in done.stdout and "0 warnings, 0 errors" in done.stdout
    assert (root / "_site/index.html").is_file() and (root / "_site/pagefind").is_dir()

    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as console:
        server = subprocess.Popen(["dossier", "serve", "--port", str(port)], cwd=root, env=outside_env(venv),
                                  stdin=subprocess.DEVNULL, stdout=console, stderr=console)
    try:
        page = None
        deadline = time.monotonic() + 60
        while page is None and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode("utf-8")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        assert page is not None, f"nothing served in 60 s:\n{log.read_text(encoding='utf-8', errors='replace')}"
        assert "<title>Hồ sơ đàm phán</title>" in page
    finally:
        # Ctrl-C, as a user stops it.
        server.send_signal(signal.SIGINT)
        try:
            code = server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            raise
    assert code == 0, log.read_text(encoding="utf-8", errors="replace")
    assert f"http://127.0.0.1:{port}/" in log.read_text(encoding="utf-8")
