"""The packaged theme and data, and a dossier folder's own files over them, file by file."""
from __future__ import annotations

from site_builder.build import build
from site_builder.config import load_config
from site_builder.theme import all_files, defaults_dir, find, search_path

from conftest import REPO, write_files

SEED = {"seeds/a.txt": " date 2025-05-22 Vòng đàm phán thứ hai kết thúc\n\n"
                       "Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên và ông Jamieson Greer kết thúc vòng đàm phán "
                       "thứ hai.\n"}


def dossier(tmp_path, files):
    root = tmp_path / "dossier"
    write_files(root, {**SEED, **files})
    return root


def test_in_a_checkout_the_defaults_are_the_repository_folders():
    assert defaults_dir() == REPO
    assert search_path(REPO / "templates", "templates", REPO) == (REPO / "templates",)


def test_a_folder_holding_only_seeds_builds_with_the_packaged_theme_and_data(tmp_path):
    root = dossier(tmp_path, {})
    result = build(load_config(root))
    assert not result.report.errors and not result.report.warnings
    site = root / "_site"
    assert "Hồ sơ đàm phán" in (site / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in (site / "static").iterdir() if p.name.startswith("style.")]
    # The packaged people.yaml knows Greer's roles; an article alone would not say them.
    greer = next(p for p in result.dossier.people if p.id == "jamieson-greer")
    assert greer.known and greer.side == "Hoa Kỳ"


def test_own_files_replace_packaged_ones_of_the_same_name_and_add_to_the_rest(tmp_path):
    packaged_css = (REPO / "static/style.css").read_bytes()
    root = dossier(tmp_path, {
        "templates/404.html": "{% extends 'base.html' %}{% block content %}<p>Không có trang này (riêng)</p>"
                              "{% endblock %}",
        "static/style.css": "body { color: navy }\n",
        "static/extra/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "data/people.yaml": "- name: Jamieson Greer\n  roles: [Đại sứ]\n",
    })
    result = build(load_config(root))
    site = root / "_site"
    assert "Không có trang này (riêng)" in (site / "404.html").read_text(encoding="utf-8")
    # Every other template is still the packaged one.
    assert '<header class="site-header">' in (site / "index.html").read_text(encoding="utf-8")
    styles = {p.name: p.read_bytes() for p in (site / "static").rglob("*") if p.is_file()}
    assert [data for name, data in styles.items() if name.startswith("style.")] == [b"body { color: navy }\n"]
    assert packaged_css not in styles.values()
    assert any(name.startswith("logo.") for name in styles) and any(name.startswith("search.") for name in styles)
    greer = next(p for p in result.dossier.people if p.id == "jamieson-greer")
    assert greer.role_titles == ("Đại sứ",), "data/people.yaml replaces the packaged list"
    # The packaged organizations.yaml still fills the gap the dossier left.
    assert "bo-cong-thuong" in {o.id for o in result.dossier.organizations}


def test_the_ui_strings_are_found_the_same_way(tmp_path):
    strings = (REPO / "templates/strings.yaml").read_text(encoding="utf-8")
    line = "skip_to_content: Bỏ qua, đến nội dung chính"
    assert line in strings
    root = dossier(tmp_path, {"templates/strings.yaml": strings.replace(line, "skip_to_content: Đến thẳng nội dung", 1)})
    build(load_config(root))
    assert "Đến thẳng nội dung" in (root / "_site/index.html").read_text(encoding="utf-8")


def test_a_new_override_renders_again_the_pages_that_use_it(tmp_path):
    root = dossier(tmp_path, {})
    config = load_config(root)
    build(config)
    same = build(config)
    assert same.pages_rendered == 0 and same.written == ()
    write_files(root, {"templates/404.html": "{% extends 'base.html' %}{% block content %}riêng{% endblock %}"})
    changed = build(config)
    assert changed.written == ("404.html",)
    # The same bytes as the packaged file: the page is the same, nothing is written.
    (root / "templates/404.html").write_bytes((REPO / "templates/404.html").read_bytes())
    back = build(config)
    assert back.written == ("404.html",)
    again = build(config)
    assert again.written == ()


def test_a_new_data_file_reads_the_seeds_again(tmp_path):
    root = dossier(tmp_path, {})
    config = load_config(root)
    first = build(config)
    assert "jamieson-greer" in {p.id for p in first.dossier.people if p.known}
    write_files(root, {"data/people.yaml": "# nobody yet\n"})
    second = build(config)
    assert not [p for p in second.dossier.people if p.known]


def test_lookups_take_the_first_folder_that_has_the_file(tmp_path):
    own, packaged = tmp_path / "own", tmp_path / "packaged"
    write_files(own, {"a.html": "own", "sub/c.html": "own c"})
    write_files(packaged, {"a.html": "packaged", "b.html": "packaged b", ".hidden": "x"})
    assert find((own, packaged), "a.html") == own / "a.html"
    assert find((own, packaged), "b.html") == packaged / "b.html"
    assert find((own, packaged), "z.html") is None
    assert all_files((own, packaged)) == {"a.html": own / "a.html", "b.html": packaged / "b.html",
                                          "sub/c.html": own / "sub/c.html"}
