"""The command line, run as editors run it: `python build.py` in a project folder."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

from conftest import REPO, checkout_env


def run(root, *args, env=None):
    return subprocess.run([sys.executable, str(root / "build.py"), *args], cwd=root, capture_output=True, text=True,
                          timeout=120, env={**checkout_env(), **(env or {})})


def project_with(make_project, files):
    root = make_project(files)
    shutil.copy(REPO / "build.py", root / "build.py")
    return root


def test_plain_build_writes_the_site_and_a_summary(make_project):
    root = project_with(make_project, {"seeds/a.txt": " date 2025-11-12 Tin đàm phán mới\n\nBộ trưởng Nguyễn Hồng Diên."})
    done = run(root)
    assert done.returncode == 0, done.stderr
    assert "built _site/: 1 articles" in done.stdout and "0 warnings" in done.stdout
    export = json.loads((root / "_site/dossier.json").read_text(encoding="utf-8"))
    assert export["articles"][0]["people"] == ["nguyen-hong-dien"]
    assert (root / "_site/index.html").is_file()


def test_options_seeds_out_and_build_command(make_project, tmp_path):
    root = project_with(make_project, {"other/a.txt": "Tin đàm phán ở thư mục khác\n\nNội dung."})
    out = tmp_path / "elsewhere"
    done = run(root, "build", "--seeds", "other", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert json.loads((out / "dossier.json").read_text())["articles"][0]["source_file"] == "other/a.txt"


def test_strict_turns_warnings_into_a_failure(make_project):
    root = project_with(make_project, {"seeds/a.md": "---\ntitle: X\ndate: hôm qua\n---\nA.", "seeds/b.txt": "B bài."})
    assert run(root).returncode == 0
    done = run(root, "--strict")
    assert done.returncode == 1
    assert "seeds/a.md:3: warning: date: 'hôm qua' is not a date" in done.stderr


def test_a_lost_document_fails_the_build_and_is_named(make_project):
    root = project_with(make_project, {"seeds/a.txt": b"\x89PNG\r\n\x1a\n\x00\x00", "seeds/b.txt": "Bài tốt."})
    done = run(root)
    assert done.returncode == 1
    assert "seeds/a.txt: error: binary file (a PNG image), not text" in done.stderr
    report = json.loads((root / "_site/_report.json").read_text())
    assert [(f["source"], f["status"]) for f in report["files"]] == [("seeds/a.txt", "failed"), ("seeds/b.txt", "published")]


def test_bad_settings_stop_the_build_with_every_problem(make_project):
    root = project_with(make_project, {"dossier.yaml": "title: 3\ncolour: blue\n", "seeds/a.txt": "A bài viết."})
    done = run(root)
    assert done.returncode == 2
    assert "dossier.yaml: error: title must be str" in done.stderr
    assert "unknown setting 'colour'" in done.stderr
    assert not (root / "_site").exists()


def test_help_documents_the_options():
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--help"], capture_output=True, text=True,
                          env=checkout_env())
    usage = done.stdout.split("\n\n")[0]
    assert usage == "usage: build.py [build|serve|deploy] [options]\n       build.py new DIR"
    for option in ("--seeds", "--out", "--base-url", "--strict", "-q, --quiet", "--version", "deploy ", "new "):
        assert option in done.stdout


def test_quiet_prints_only_problems(make_project):
    root = project_with(make_project, {"seeds/a.md": "---\ntitle: X\ndate: hôm qua\n---\nA.", "seeds/b.txt": "B bài."})
    for flag in ("-q", "--quiet"):
        done = run(root, flag)
        assert done.returncode == 0 and done.stdout == ""
        assert "seeds/a.md:3: warning" in done.stderr


def test_version_names_the_program_and_the_package_version():
    from site_builder import __version__

    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--version"], capture_output=True, text=True,
                          env=checkout_env())
    assert (done.returncode, done.stdout) == (0, f"build.py {__version__}\n")
    done = subprocess.run([sys.executable, "-m", "site_builder", "--version"], capture_output=True, text=True,
                          env=checkout_env(), cwd=REPO.parent)
    assert (done.returncode, done.stdout) == (0, f"dossier {__version__}\n")
    assert 'version = {attr = "site_builder.__version__"}' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_console_script_is_installed():
    assert shutil.which("dossier"), "pip install -e . installs the `dossier` command"
    done = subprocess.run(["dossier", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "--seeds" in done.stdout


def test_without_a_working_indexer_the_build_says_so_and_writes_nothing(make_project):
    root = project_with(make_project, {"seeds/a.txt": "Tin đàm phán\n\nNội dung."})
    for binary in (str(root / "no-such-pagefind"), shutil.which("false")):
        done = run(root, env={"PAGEFIND_BINARY_PATH": binary})
        assert done.returncode != 0
        assert "pagefind: error: search index not made" in done.stderr and "--no-search" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
        assert not (root / "_site").exists()
    done = run(root, "--no-search", env={"PAGEFIND_BINARY_PATH": str(root / "no-such-pagefind")})
    assert done.returncode == 0, done.stderr
    assert (root / "_site/index.html").is_file() and not (root / "_site/pagefind").exists()


def test_an_unpublished_report_is_written_beside_the_site_and_named(make_project):
    root = project_with(make_project, {"dossier.yaml": "publish_report: false\n", "seeds/a.txt": "Bài tốt.",
                                       "seeds/b.txt": "   \n"})
    done = run(root)
    assert done.returncode == 0, done.stderr
    assert "every file and what became of it: _site.report.json" in done.stdout
    assert not (root / "_site/_report.json").exists()
    report = json.loads((root / "_site.report.json").read_text(encoding="utf-8"))
    assert [(f["source"], f["status"]) for f in report["files"]] == [("seeds/a.txt", "published"),
                                                                     ("seeds/b.txt", "skipped")]
    (root / "_site.report.json").unlink()
    again = run(root)
    assert again.returncode == 0 and (root / "_site.report.json").is_file(), "a build with nothing to do puts it back"


def test_publish_report_must_be_true_or_false(make_project):
    root = project_with(make_project, {"dossier.yaml": "publish_report: 'no'\n", "seeds/a.txt": "Bài tốt."})
    done = run(root)
    assert done.returncode == 2 and "dossier.yaml: error: publish_report must be bool, not 'no'" in done.stderr
