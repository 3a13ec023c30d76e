"""`dossier new DIR`: a starter dossier that builds at once, and never over someone's files."""
from __future__ import annotations

import json

import pytest
import yaml

from site_builder import __version__
from site_builder.build import build
from site_builder.cli import main
from site_builder.config import load_config
from site_builder.registry import load_registry
from site_builder.starter import requirements

STARTER_FILES = [
    ".github/workflows/pages.yml", ".gitignore", "data/organizations.yaml", "data/people.yaml",
    "data/places.yaml", "data/rounds.yaml", "dossier.yaml", "requirements.txt", "seeds/1-front-matter.md",
    "seeds/2-date-prefix.txt", "seeds/3-title-line.txt", "seeds/4-plain-text.txt", "seeds/5-scraped-page.txt",
]


@pytest.fixture
def starter(tmp_path, capsys):
    folder = tmp_path / "x"
    assert main(["new", str(folder)]) == 0
    assert f"wrote a starter dossier in {folder}/" in capsys.readouterr().out
    return folder


def files_in(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_new_writes_the_starter(starter):
    assert files_in(starter) == STARTER_FILES
    settings = (starter / "dossier.yaml").read_text(encoding="utf-8")
    assert settings.startswith("#") and "# publish_report" not in settings and "# base_url:" in settings
    config = load_config(starter)
    assert config.title == "Hồ sơ đàm phán" and config.publish_report is False
    ignored = (starter / ".gitignore").read_text(encoding="utf-8").split()
    assert {"_site/", ".cache/", "*.report.json"} <= set(ignored)
    assert yaml.safe_load((starter / ".github/workflows/pages.yml").read_text(encoding="utf-8"))["jobs"]["deploy"]
    assert f"\nnegotiation-dossier=={__version__}\n" in (starter / "requirements.txt").read_text(encoding="utf-8"), \
        "a copy installed from a folder (this checkout) cannot be found again by a runner: the release is named"


def test_the_data_files_explain_themselves_and_replace_the_packaged_lists(starter, tmp_path):
    examples = tmp_path / "examples"
    examples.mkdir()
    for name in ("people", "organizations", "places", "rounds"):
        text = (starter / f"data/{name}.yaml").read_text(encoding="utf-8")
        assert all(ln.startswith("#") for ln in text.splitlines() if ln.strip()), f"data/{name}.yaml: all comments"
        # The examples follow the explanation, a blank line apart; uncommented, they are valid entries.
        block = text.split("\n\n", 1)[1]
        (examples / f"{name}.yaml").write_text("\n".join(ln[2:] if ln.startswith("# ") else ln.lstrip("#")
                                                         for ln in block.splitlines()), encoding="utf-8")
    empty = load_registry(load_config(starter).data)
    assert empty.people == empty.organizations == empty.places == empty.rounds == () and not empty.problems
    uncommented = load_registry(examples)
    assert not uncommented.problems
    assert all((uncommented.people, uncommented.organizations, uncommented.places, uncommented.rounds))


def test_each_seed_shows_one_shape_the_reader_accepts(starter):
    result = build(load_config(starter))
    report = result.report
    assert [f.status for f in report.files] == ["published"] * 5
    assert not report.warnings and not report.errors
    articles = {a["source_file"].removeprefix("seeds/"): a
                for a in json.loads((starter / "_site/dossier.json").read_text(encoding="utf-8"))["articles"]}
    shapes = {name: (a["date_source"], a["title_derived"]) for name, a in articles.items()}
    assert shapes == {
        "1-front-matter.md": ("front_matter", False),
        "2-date-prefix.txt": ("prefix", False),
        "3-title-line.txt": ("text", False),
        "4-plain-text.txt": ("text", True),
        "5-scraped-page.txt": ("byline", False),
    }
    assert articles["3-title-line.txt"]["title"] == "Hai bên thống nhất lịch làm việc cho vòng đàm phán tiếp theo"
    assert articles["5-scraped-page.txt"]["title"] == "Việt Nam và Hoa Kỳ kết thúc vòng đàm phán thứ hai tại Washington"
    assert "Tin bài liên quan" not in (starter / "_site" / articles["5-scraped-page.txt"]["url"]).read_text()
    # Not published: the report names the source files, so the starter keeps it beside the site.
    assert not (starter / "_site/_report.json").exists()
    assert json.loads((starter / "_site.report.json").read_text(encoding="utf-8"))["files"]


@pytest.mark.parametrize("existing", ["notes.txt", ".git/HEAD", "seeds/a.txt"])
def test_new_refuses_a_folder_that_holds_anything(tmp_path, capsys, existing):
    folder = tmp_path / "x"
    (folder / existing).parent.mkdir(parents=True, exist_ok=True)
    (folder / existing).write_text("mine", encoding="utf-8")
    assert main(["new", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not empty" in err and str(folder) in err
    assert files_in(folder) == [existing] and (folder / existing).read_text(encoding="utf-8") == "mine"


def test_new_fills_an_empty_folder_and_refuses_a_file(tmp_path, capsys):
    folder = tmp_path / "x"
    folder.mkdir()
    assert main(["new", str(folder)]) == 0
    assert files_in(folder) == STARTER_FILES
    capsys.readouterr()
    (tmp_path / "f").write_text("", encoding="utf-8")
    assert main(["new", str(tmp_path / "f")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_the_workflow_gets_the_builder_from_requirements():
    lines = [ln for ln in requirements().splitlines() if ln and not ln.startswith("#")]
    assert len(lines) == 1 and lines[0].startswith("negotiation-dossier")
