"""Incremental builds: what an edit rewrites, what the cache may and may not be trusted with."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder import build as build_module
from site_builder.build import BuildState, build, read_seeds
from site_builder.cache import CACHE_DIR, DATABASE, ParseCache, pack_entry
from site_builder.config import load_config
from site_builder.incremental import Fingerprints, TemplateSet, record_path
from site_builder.pages import Page, plan_assets, plan_site
from site_builder.problems import BuildError
from site_builder.registry import load_registry
from site_builder.render import SiteGlobals, load_strings, make_environment, render_inputs
from site_builder.sources import find_sources

from conftest import REPO, checkout_env

SEEDS = {
    "seeds/a.md": "---\ntitle: Vòng đàm phán thứ hai kết thúc tại Washington\ndate: 2025-05-22\n---\n"
                  "Vòng đàm phán thứ hai diễn ra từ ngày 19–22/5/2025 giữa Bộ trưởng Nguyễn Hồng Diên và "
                  "ông Jamieson Greer.\n\nHai bên thống nhất tiếp tục trao đổi.\n",
    "seeds/b.txt": " date 2025-07-04 Doanh nghiệp dệt may chờ kết quả đàm phán\n\n"
                   "Bộ trưởng Nguyễn Hồng Diên cho biết hai bên đã thu hẹp khoảng cách.\n\n"
                   "Ngành dệt may chiếm phần lớn kim ngạch xuất khẩu.\n",
    "seeds/c.txt": " date 2025-08-01 Hoa Kỳ ghi nhận nỗ lực của Việt Nam\n\n"
                   "Ông Jamieson Greer đánh giá cao thiện chí của Việt Nam trong đàm phán.\n",
    "seeds/d.md": "---\ntitle: Chuyên gia nhận định về thuế đối ứng\ndate: 2025-09-10\n---\n"
                  "Các chuyên gia cho rằng mức thuế đối ứng sẽ được điều chỉnh.\n",
}


def snapshot(out: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of the site: (inode, modification time, bytes)."""
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in out.rglob("*") if p.is_file()}


def rewritten(before: dict, after: dict) -> set[str]:
    """Files that are new, or whose file on disk was replaced."""
    return {p for p, (ino, mtime, _) in after.items() if p not in before or before[p][:2] != (ino, mtime)}


def cached(project: Path) -> dict[str, bytes]:
    """The parse cache's entries: key → packed entry."""
    with contextlib.closing(sqlite3.connect(project / CACHE_DIR / DATABASE)) as db:
        return {key: bytes(blob) for key, blob in db.execute("SELECT key, blob FROM entries")}


def changed_bytes(before: dict, after: dict) -> set[str]:
    return {p for p, (_, _, data) in after.items() if p not in before or before[p][2] != data}


@pytest.fixture
def project(make_project):
    return make_project(SEEDS)


def page_of(result, source: str) -> str:
    return next(a.url for a in result.dossier.articles if a.source_file == source)


def test_an_edit_rewrites_exactly_the_files_whose_bytes_change(project, tmp_path):
    config = load_config(project)
    first = build(config)
    article, source_text = page_of(first, "seeds/b.txt"), next(
        a.original_path for a in first.dossier.articles if a.source_file == "seeds/b.txt")
    before = snapshot(config.out_dir)
    with open(project / "seeds/b.txt", "a", encoding="utf-8") as f:
        f.write("\nĐoạn cập nhật: các doanh nghiệp tiếp tục theo dõi.\n")

    second = build(config)
    after = snapshot(config.out_dir)

    assert rewritten(before, after) == changed_bytes(before, after) == set(second.written)
    assert {article, source_text} <= set(second.written)
    assert len(cached(project)) == len(SEEDS)
    other_articles = {a.url for a in second.dossier.articles} - {article}
    assert not other_articles & set(second.written)
    # Only search-index chunks go: their names follow their content, which the edit changed.
    assert [p for p in second.deleted if not p.startswith("pagefind/")] == []
    assert "Đoạn cập nhật" in (config.out_dir / article).read_text(encoding="utf-8")
    # The incremental result is the cold build's, byte for byte.
    cold = build(load_config(project, out=tmp_path / "cold"), clean=True)
    assert cold.files == second.files
    assert {p: d for p, (_, _, d) in snapshot(tmp_path / "cold").items()} == {p: d for p, (_, _, d) in after.items()}


def test_nothing_changed_means_nothing_rendered_or_written(project):
    config = load_config(project)
    build(config)
    before = snapshot(config.out_dir)
    again = build(config)
    assert (again.pages_rendered, again.written, again.deleted) == (0, (), ())
    assert snapshot(config.out_dir) == before
    assert again.counts.articles == 4 and again.dossier.articles[0].title


def test_a_second_command_line_build_writes_nothing(project):
    shutil.copy(REPO / "build.py", project / "build.py")

    def run(*args):
        return subprocess.run([sys.executable, "build.py", *args], cwd=project, capture_output=True, text=True,
                              timeout=120, env=checkout_env())

    assert run().returncode == 0
    before = snapshot(project / "_site")
    done = run()
    assert done.returncode == 0, done.stderr
    assert "(0 written, 0 deleted)" in done.stdout
    assert snapshot(project / "_site") == before
    clean = run("--clean")
    assert clean.returncode == 0 and "(0 written" not in clean.stdout  # "(80 written" holds "0 written"


def test_a_deleted_article_disappears_from_every_page_that_listed_it(project):
    config = load_config(project)
    first = build(config)
    gone = next(a for a in first.dossier.articles if a.source_file == "seeds/c.txt")
    listing = [p.url for p in first.dossier.people if gone.id in p.article_ids]
    assert listing
    (project / "seeds/c.txt").unlink()

    second = build(config)
    assert {gone.url, gone.original_path} <= set(second.deleted)
    assert not (config.out_dir / gone.url).exists()
    for page in ["index.html", *listing]:
        assert gone.url not in (config.out_dir / page).read_text(encoding="utf-8")
    assert "index.html" in second.written
    # The cache keeps one entry per seed: the deleted file's is gone.
    assert len(cached(project)) == len(SEEDS) - 1


def test_created_and_renamed_seeds(project):
    config = load_config(project)
    build(config)
    (project / "seeds/e.txt").write_text(" date 2025-10-01 Tin mới về điện đàm\n\nHai bên điện đàm.\n",
                                         encoding="utf-8")
    created = build(config)
    new_page = page_of(created, "seeds/e.txt")
    assert new_page in created.written and (config.out_dir / new_page).is_file()

    (project / "seeds/e.txt").rename(project / "seeds/sub-folder-e.txt")
    renamed = build(config)
    report = json.loads((config.out_dir / "_report.json").read_text(encoding="utf-8"))
    assert "seeds/sub-folder-e.txt" in {f["source"] for f in report["files"]}
    assert "seeds/e.txt" not in {f["source"] for f in report["files"]}
    assert (config.out_dir / page_of(renamed, "seeds/sub-folder-e.txt")).is_file()


def test_a_template_change_renders_only_the_pages_that_use_it(project):
    config = load_config(project)
    first = build(config)
    people = {p.url for p in first.dossier.people}
    template = project / "templates/person.html"
    template.write_text(template.read_text(encoding="utf-8") + "{# a comment changes no page #}", encoding="utf-8")
    quiet = build(config)
    assert quiet.pages_rendered == len(people) and quiet.written == ()

    template.write_text(template.read_text(encoding="utf-8").replace("{% block content %}",
                                                                     "{% block content %}<!-- person -->"),
                        encoding="utf-8")
    loud = build(config)
    assert loud.pages_rendered == len(people)
    assert set(loud.written) == people


def test_a_static_change_rewrites_the_pages_that_link_it(project):
    config = load_config(project)
    build(config)
    old = {p.relative_to(config.out_dir).as_posix() for p in (config.out_dir / "static").iterdir()}
    with open(project / "static/style.css", "a", encoding="utf-8") as f:
        f.write("\nbody { margin: 0 }\n")
    second = build(config)
    new = {p.relative_to(config.out_dir).as_posix() for p in (config.out_dir / "static").iterdir()}
    (added,) = new - old
    assert set(second.deleted) == old - new and added in second.written
    linking = {p.relative_to(config.out_dir).as_posix() for p in config.out_dir.rglob("*.html")
               if Path(added).name in p.read_text(encoding="utf-8")}
    assert linking and {p for p in second.written if p.endswith(".html")} == linking


def test_a_registry_change_reads_the_seeds_again(project):
    config = load_config(project)
    first = build(config)
    assert "nguyen-van-an" not in {p.id for p in first.dossier.people}
    (project / "seeds/d.md").write_text(SEEDS["seeds/d.md"] + "\nAnh Tư nhận định thuế sẽ giảm.\n", encoding="utf-8")
    build(config)
    with open(project / "data/people.yaml", "a", encoding="utf-8") as f:
        f.write("\n- name: Nguyễn Văn An\n  aliases: [Anh Tư]\n")
    third = build(config)
    article = next(a for a in third.dossier.articles if a.source_file == "seeds/d.md")
    assert "nguyen-van-an" in article.people


def test_cache_entries_are_used_and_clean_ignores_them(project):
    """A sound entry stands for its file (so an unchanged file is never parsed again); --clean reads everything."""
    config = load_config(project)
    build(config)
    registry = load_registry(config.data_dir)
    sources, _ = find_sources(config.seeds_dir)
    seeds, _, _ = read_seeds(sources, registry.digest)
    seed = next(s for s in seeds if s.source.name == "seeds/d.md")
    cache = ParseCache(project / CACHE_DIR)
    forged = cache.get(seed.key)
    forged = type(forged)(type(forged.doc)(**{**vars(forged.doc), "title": "Tiêu đề từ bộ nhớ đệm"}), forged.facts)
    cache.put(seed.key, pack_entry(seed.key, forged))
    shutil.rmtree(config.out_dir)

    cached = build(config)
    assert "Tiêu đề từ bộ nhớ đệm" in {a.title for a in cached.dossier.articles}
    clean = build(config, clean=True)
    assert "Tiêu đề từ bộ nhớ đệm" not in {a.title for a in clean.dossier.articles}
    assert "Chuyên gia nhận định về thuế đối ứng" in {a.title for a in clean.dossier.articles}


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-version", "flipped-byte", "no-database"])
def test_unsound_cache_entries_are_ignored_and_replaced(project, damage):
    config = load_config(project)
    first = build(config)
    expected = {p: d for p, (_, _, d) in snapshot(config.out_dir).items()}
    entries = cached(project)
    assert len(entries) == len(SEEDS)
    database = project / CACHE_DIR / DATABASE
    if damage == "no-database":
        database.write_bytes(b"this is not a database " * 100)
    else:
        with contextlib.closing(sqlite3.connect(database)) as db, db:
            for key, blob in entries.items():
                db.execute("UPDATE entries SET blob = ? WHERE key = ?", ({
                    "garbage": b"not a cache entry",
                    "truncated": blob[: len(blob) // 2],
                    "other-version": pack_entry("0" * len(key), "a value from other code"),
                    "flipped-byte": blob[:-10] + bytes([blob[-10] ^ 1]) + blob[-9:],
                }[damage], key))
    record_path(project / CACHE_DIR, config.out_dir).write_bytes(b"not a record")
    shutil.rmtree(config.out_dir)

    again = build(config)
    assert again.counts == first.counts
    assert {p: d for p, (_, _, d) in snapshot(config.out_dir).items()} == expected
    assert cached(project) == entries  # every entry written again, sound


def test_a_site_changed_by_hand_is_put_right(project):
    config = load_config(project)
    build(config)
    expected = {p: d for p, (_, _, d) in snapshot(config.out_dir).items()}
    (config.out_dir / "index.html").unlink()
    (config.out_dir / "feed.xml").write_text("edited by hand", encoding="utf-8")
    (config.out_dir / "stray.html").write_text("not planned", encoding="utf-8")
    again = build(config)
    assert {"index.html", "feed.xml"} <= set(again.written) and again.deleted == ("stray.html",)
    assert {p: d for p, (_, _, d) in snapshot(config.out_dir).items()} == expected


def test_a_failed_build_leaves_the_site_as_it_was(project):
    config = load_config(project)
    build(config)
    before = snapshot(config.out_dir)
    (project / "seeds/a.md").write_text(SEEDS["seeds/a.md"] + "\nThêm một đoạn.\n", encoding="utf-8")
    template = project / "templates/article.html"
    template.write_text(template.read_text(encoding="utf-8") + "{% if %}", encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build(config)
    assert "templates/article.html" in str(failure.value)
    assert snapshot(config.out_dir) == before
    assert not [p for p in project.iterdir() if p.name.startswith((".staging-", ".retired-"))]


def test_a_build_in_worker_processes_writes_the_same_site(project, tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "PARALLEL_PARSE_MIN", 1)
    monkeypatch.setattr(build_module, "PARALLEL_RENDER_MIN", 1)
    monkeypatch.setattr(build_module, "CHUNK", 2)
    parallel = build(load_config(project, out=tmp_path / "parallel"), clean=True, jobs=2)
    serial = build(load_config(project, out=tmp_path / "serial"), clean=True, jobs=1)
    assert parallel.files == serial.files
    assert {p: d for p, (_, _, d) in snapshot(tmp_path / "parallel").items()} == \
           {p: d for p, (_, _, d) in snapshot(tmp_path / "serial").items()}
    # What the workers put in the cache is sound.
    registry = load_registry(project / "data")
    seeds, _, _ = read_seeds(find_sources(project / "seeds")[0], registry.digest)
    cache = ParseCache(project / CACHE_DIR)
    assert all(cache.get(s.key).doc.source == s.source.name for s in seeds)


def test_state_kept_between_builds_gives_the_same_site(project, tmp_path):
    config = load_config(project)
    state = BuildState()
    build(config, state=state)
    (project / "seeds/b.txt").write_text(SEEDS["seeds/b.txt"].replace("thu hẹp", "rút ngắn"), encoding="utf-8")
    (project / "seeds/a.md").unlink()
    in_process = build(config, state=state)
    assert len(state.parsed) == len(SEEDS) - 1
    cold = build(load_config(project, out=tmp_path / "cold"), clean=True)
    assert in_process.counts == cold.counts
    assert {p: d for p, (_, _, d) in snapshot(config.out_dir).items()} == \
           {p: d for p, (_, _, d) in snapshot(tmp_path / "cold").items()}


def test_the_code_version_covers_the_files_of_sub_packages(tmp_path, monkeypatch):
    """An edit to `extract/people.py` must make cached parses stale like an edit to `build.py`."""
    from site_builder import cache as cache_module
    package = tmp_path / "site_builder"
    shutil.copytree(Path(cache_module.__file__).resolve().parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    nested = sorted(p for p in package.rglob("*.py") if p.parent != package)
    assert package / "extract" / "people.py" in nested
    monkeypatch.setattr(cache_module, "__file__", str(package / "cache.py"))
    cache_module.code_version.cache_clear()
    try:
        before = cache_module.code_version()
        for path in nested:
            original = path.read_bytes()
            path.write_bytes(original + b"\n# edited\n")
            cache_module.code_version.cache_clear()
            assert cache_module.code_version() != before, path.relative_to(package)
            path.write_bytes(original)
        cache_module.code_version.cache_clear()
        assert cache_module.code_version() == before
    finally:
        monkeypatch.undo()
        cache_module.code_version.cache_clear()


def test_every_value_the_plan_passes_to_templates_can_be_fingerprinted():
    config = load_config(REPO, out=REPO / "_never_written")
    from site_builder.build import parse_seeds
    registry = load_registry(config.data_dir)
    sources, _ = find_sources(config.seeds_dir)
    seeds, contents, _ = read_seeds(sources, registry.digest)
    results, _ = parse_seeds(seeds, contents, registry, ParseCache(None), BuildState(), True, 1)
    from site_builder.dossier import Parsed, assemble
    dossier = assemble([r for r in results if isinstance(r, Parsed)], registry)
    site = SiteGlobals(config, load_strings(config.templates_dir, config.language), plan_assets(config.static_dir))
    templates = TemplateSet(make_environment(config.templates_dir), config.templates_dir)
    prints, again = Fingerprints(), Fingerprints()
    pages = [p for p in plan_site(dossier, site.assets) if isinstance(p, Page)]
    first = [prints.digest(templates.closure(p.template), *render_inputs(p, site)) for p in pages]
    second = [again.digest(templates.closure(p.template), *render_inputs(p, site)) for p in pages]
    assert prints.volatile == set()
    assert first == second and len(set(first)) == len(pages)
    assert not (REPO / "_never_written").exists()


def test_unknown_objects_make_a_page_volatile_not_wrong():
    class Opaque:
        pass

    prints = Fingerprints()
    assert prints.digest({"x": Opaque()}) != Fingerprints().digest({"x": Opaque()})
    assert prints.volatile == {f"{__name__}.test_unknown_objects_make_a_page_volatile_not_wrong.<locals>.Opaque"}
    same = Fingerprints()
    assert same.digest(("a", 1, (2.0, None)), {"k": b"v"}) == Fingerprints().digest(("a", 1, (2.0, None)), {"k": b"v"})
    assert Fingerprints().digest(("a", "b")) != Fingerprints().digest(["a", "b"])
    assert Fingerprints().digest(("ab",)) != Fingerprints().digest(("a", "b"))


def test_the_cache_lives_in_the_project_and_is_git_ignored(project):
    build(load_config(project))
    assert (project / CACHE_DIR / DATABASE).is_file()
    assert ".cache/" in (REPO / ".gitignore").read_text().splitlines()
    assert os.path.isfile(record_path(project / CACHE_DIR, (project / "_site").resolve()))


def test_a_long_running_process_stays_equal_to_a_cold_build_through_every_kind_of_change(project, tmp_path):
    """The dev server's path: the previous plan kept in memory, each page's inputs compared with last time's."""
    config = load_config(project)
    state = BuildState()
    build(config, state=state)
    template = project / "templates/article.html"

    def append(name, text):
        with open(project / name, "a", encoding="utf-8") as f:
            f.write(text)

    changes = [
        lambda: append("seeds/b.txt", "\nMột đoạn mới ở cuối bài.\n"),
        lambda: append("seeds/c.txt", "\nBộ trưởng Nguyễn Hồng Diên cũng có mặt.\n"),
        lambda: template.write_text(template.read_text(encoding="utf-8").replace(
            "{% block content %}", "{% block content %}<!-- sửa mẫu -->"), encoding="utf-8"),
        lambda: append("static/style.css", "\na { color: red }\n"),
        lambda: append("data/people.yaml", "\n- name: Nguyễn Văn An\n  aliases: [Các chuyên gia]\n"),
        lambda: (project / "seeds/a.md").rename(project / "seeds/a-moi.md"),
        lambda: (project / "seeds/d.md").unlink(),
        lambda: None,
    ]
    for number, change in enumerate(changes):
        before = snapshot(config.out_dir)
        change()
        result = build(config, state=state)
        after = snapshot(config.out_dir)
        assert rewritten(before, after) == changed_bytes(before, after) == set(result.written), number
        cold = tmp_path / f"cold-{number}"
        build(load_config(project, out=cold), clean=True)
        assert {p: d for p, (_, _, d) in after.items()} == {p: d for p, (_, _, d) in snapshot(cold).items()}, number
    assert result.pages_rendered == 0 and result.written == ()

    # A later build in a fresh process takes over from what the long-running one left.
    append("seeds/b.txt", "\nĐoạn thêm sau khi máy chủ dừng.\n")
    fresh = build(config)
    build(load_config(project, out=tmp_path / "cold-final"), clean=True)
    assert {p: d for p, (_, _, d) in snapshot(config.out_dir).items()} == \
        {p: d for p, (_, _, d) in snapshot(tmp_path / "cold-final").items()}
    assert page_of(fresh, "seeds/b.txt") in fresh.written


def test_comparing_with_the_last_plan_is_strict_about_types_and_fields():
    from dataclasses import dataclass as dc

    from site_builder.incremental import Comparison

    @dc(frozen=True)
    class Thing:
        name: str
        count: int
        parts: tuple = ()

    same = Comparison().same
    shared = ("một", "hai")
    assert same(Thing("a", 1, shared), Thing("a", 1, shared))
    assert same({"k": [1, 2.5, None]}, {"k": [1, 2.5, None]})
    assert not same(Thing("a", 1), Thing("a", True))  # equal in Python, not on a page
    assert not same({"a": 1, "b": 2}, {"b": 2, "a": 1})  # a template sees the order
    assert not same(Thing("a", 1, ("x",)), Thing("a", 1, ("y",)))
    assert not same((1, 2), [1, 2])
    assert not same(object(), object())


def test_a_topic_page_follows_the_articles_that_feed_it_and_data_topics_yaml(project):
    """A topic page is rewritten when an article starts discussing its topic, the figures page when
    a figure appears, and every article is read again when data/topics.yaml changes."""
    config = load_config(project)
    (project / "data/topics.yaml").write_text(
        "- id: textiles\n  name: {vi: Dệt may, en: Textiles}\n  signals: [dệt may]\n", encoding="utf-8")
    first = build(config)
    assert first.dossier.topic["textiles"].article_ids == (page_of(first, "seeds/b.txt").rsplit("/", 1)[-1][:-5],)
    unrelated = {page_of(first, "seeds/a.md"), page_of(first, "seeds/d.md")}
    with open(project / "seeds/c.txt", "a", encoding="utf-8") as f:
        f.write("\nHai bên đàm phán về hàng dệt may; thuế với hàng dệt may có thể giảm còn 20%.\n")
    second = build(config)
    assert {"chu-de/textiles.html", "so-lieu/index.html", page_of(second, "seeds/c.txt")} <= set(second.written)
    assert not unrelated & set(second.written)
    assert len(second.dossier.topic["textiles"].article_ids) == 2

    (project / "data/topics.yaml").write_text(
        "- id: textiles\n  name: {vi: Dệt may, en: Textiles}\n  signals: [dệt may]\n"
        "- id: experts\n  name: {vi: Chuyên gia, en: Experts}\n  signals: [chuyên gia]\n", encoding="utf-8")
    third = build(config)
    assert third.dossier.topic["experts"].article_ids == (page_of(third, "seeds/d.md").rsplit("/", 1)[-1][:-5],)
    assert {"chu-de/experts.html", "chu-de/index.html", page_of(third, "seeds/d.md")} <= set(third.written)


def test_the_dev_server_compares_only_an_edited_article_for_copies(make_project):
    body = ("Ngày 14/11/2025, hai đoàn đàm phán Việt Nam và Hoa Kỳ kết thúc ba ngày làm việc tại Washington, rà soát "
            "từng chương của dự thảo hiệp định, tập trung vào quy tắc xuất xứ, hàng rào kỹ thuật và thương mại số, "
            "và thống nhất giao các nhóm kỹ thuật tiếp tục làm việc trực tuyến để hoàn thiện văn bản.")
    project = make_project({**SEEDS, "seeds/goc.txt": " date 2025-11-15 Tin gốc\n\n" + body + " Hai bên hẹn gặp lại.\n",
                            "seeds/dang-lai.txt": " date 2025-11-16 Tin đăng lại\n\n" + body + "\n"})
    config = load_config(project)
    state = BuildState()
    first = build(config, state=state, search=False)
    (story,) = first.dossier.stories
    assert {a.source_file for a in first.dossier.articles if a.story} == {"seeds/goc.txt", "seeds/dang-lai.txt"}
    # Another article edited: nothing to compare it with shares a band, the story stands.
    with open(project / "seeds/b.txt", "a", encoding="utf-8") as f:
        f.write("\nĐoạn cập nhật: các doanh nghiệp tiếp tục theo dõi.\n")
    second = build(config, state=state, search=False)
    assert second.dossier.stories == (story,) and state.stories.checked == 0
    # The copy rewritten into another text: it alone is compared again, and the story is gone.
    (project / "seeds/dang-lai.txt").write_text(" date 2025-11-16 Tin khác\n\nMột bài viết khác hẳn về giá gạo "
                                                "xuất khẩu sang châu Phi trong quý cuối năm.\n", encoding="utf-8")
    third = build(config, state=state, search=False)
    assert third.dossier.stories == () and state.stories.checked <= 1
