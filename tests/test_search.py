"""Search: the Pagefind index of the built site, driven in headless Chromium like a reader would."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

from site_builder.build import build
from site_builder.config import load_config
from site_builder.normalize import fold
from site_builder.search import (FOLD_MARK, Indexed, SearchCancelled, SearchUnavailable, Shard, build_index,
                                 folded_words, index_apart, index_shards, indexed_copy, manifest, plan_shards, shard_count,
                                 shard_folder)

from conftest import REPO, serve_folder

# Two more articles beside the samples: the newer tone placement (hoà) and the older (hòa).
EXTRA = {
    "seeds/hoa-moi.txt": " date 2025-07-01 Hai bên hướng tới thỏa thuận hoà bình về thương mại\n\n"
                         "Thứ trưởng Bộ Tài chính Trần Quốc Phương cho biết hai bên mong muốn hoà giải các khác biệt.",
    "seeds/hoa-cu.txt": " date 2025-07-02 Doanh nghiệp hòa nhịp với tiến trình đàm phán\n\n"
                        "Các doanh nghiệp dệt may cho biết đang hòa nhịp với tiến trình đàm phán thương mại.",
}
# Shards this small put the sample site's 35 searchable pages in 8 shards, so every search
# below runs across merged indexes as a large dossier's does.
SHARD_SIZE = 6


class TestIndexedCopy:
    def test_folded_words_are_the_d_words_once_each(self):
        assert folded_words("<p>Đàm phán <b>đối</b> ứng, đàm phán tiếp; Đại sứ</p>") == ["dam", "doi", "dai"]

    def test_only_main_is_indexed_with_the_folded_words_at_its_end(self):
        html = ('<html><head><title>x</title></head><body><header>Đầu trang</header>'
                '<main data-pagefind-body><dl><dt>Thời gian</dt><dd>12/06</dd></dl><p>Đàm phán</p></main>'
                '<footer>Đường dẫn</footer></body></html>')
        copy = indexed_copy(html)
        assert "Đầu trang" not in copy and "Đường dẫn" not in copy
        assert copy.endswith(f"<p>{FOLD_MARK} dam</p></main></body></html>")
        assert "<dt>Thời gian </dt>" in copy  # cells do not run together in excerpts

    def test_bundle_holds_what_the_search_page_loads_and_only_marked_pages(self):
        pages = {
            "a.html": "<html><body><main data-pagefind-body><h1>Đàm phán</h1></main></body></html>".encode(),
            "index.html": b"<html><body><main><h1>Home</h1></main></body></html>",
        }
        files = build_index(pages, "vi")
        assert {"pagefind/pagefind.js", "pagefind/pagefind-worker.js", "pagefind/pagefind-entry.json"} <= set(files)
        assert not [f for f in files if "-ui" in f], "Pagefind's ready-made UIs are not shipped"
        assert b'"page_count":1' in files["pagefind/pagefind-entry.json"].replace(b" ", b"")


def test_the_same_pages_give_the_same_bundle_bytes():
    # Pagefind writes filter values in hash-map order; the bundle is put in a stable order.
    pages = {f"p{i}.html": (f'<html><body><main data-pagefind-body><h1>Bài {i}</h1>'
                            f'<span data-pagefind-filter="round">Vòng {i % 5}</span>'
                            f'<span data-pagefind-filter="person">Người {i % 7}</span></main></body></html>').encode()
             for i in range(40)}
    first = build_index(pages, "vi")
    assert all(build_index(pages, "vi") == first for _ in range(4))



def article(i: int, text: str = "") -> bytes:
    return (f'<html><body><main data-pagefind-body><h1>Bài {i} đàm phán</h1><p>{text}</p>'
            f'<span data-pagefind-filter="round">Vòng {i % 3}</span></main></body></html>').encode()


class TestShards:
    def test_the_count_is_the_fewest_powers_of_two_holding_the_size_on_average(self):
        assert [shard_count(n, 200) for n in (0, 1, 200, 201, 400, 401, 5235, 10470)] == [1, 1, 1, 2, 2, 4, 32, 64]

    def test_each_page_is_in_one_shard_and_keeps_it_while_others_come_and_go(self):
        pages = [f"bai-viet/p{i}.html" for i in range(100)]

        def where(paths, size=20):
            return {p: s.folder for s in plan_shards(paths, size) for p in s.pages}

        first = where(pages)
        assert sorted(first) == sorted(pages) and len(set(first.values())) == 8
        grown = where(pages + [f"bai-viet/moi-{i}.html" for i in range(40)])   # 140 pages: still 8 shards
        shrunk = where(pages[10:])
        assert all(grown[p] == first[p] for p in pages)
        assert all(shrunk[p] == first[p] for p in pages[10:])
        # Past 160 pages the count doubles: each shard splits in two, pages move only to the new half.
        doubled = {p: int(f.rpartition("-")[2]) if "-" in f else 0
                   for p, f in where(pages + [f"bai-viet/moi-{i}.html" for i in range(61)]).items()}
        before = {p: int(f.rpartition("-")[2]) if "-" in f else 0 for p, f in first.items()}
        assert all(doubled[p] in (before[p], before[p] + 8) for p in pages)

    def test_the_main_shard_is_first_and_the_manifest_lists_the_others(self):
        shards = plan_shards([f"p{i}.html" for i in range(50)], 10)
        assert shards[0].main and shards[0].folder == "pagefind" and not any(s.main for s in shards[1:])
        assert manifest(shards) == ("[" + ",".join(f'"{s.folder[len("pagefind/"):]}/"' for s in shards[1:])
                                    + "]").encode()


def test_shards_are_indexed_side_by_side_each_as_it_would_be_alone(tmp_path):
    pages = {f"bai-viet/p{i}.html": article(i) for i in range(40)}
    read = pages.__getitem__
    shards = plan_shards(sorted(pages), 10)
    assert len(shards) == 4
    made = index_shards([(s, None) for s in shards], read, "vi", jobs=2)
    assert list(made) == [s.folder for s in shards]
    for shard in shards:
        files = made[shard.folder].files
        alone = build_index({p: pages[p] for p in shard.pages}, "vi")
        if shard.main:
            assert files == alone
        else:  # the script and WebAssembly come from the main bundle
            assert files == {f"{shard.folder}/{name[len('pagefind/'):]}": data for name, data in alone.items()
                             if not re.search(r"/(pagefind\.js|pagefind-worker\.js|wasm\.[^/]*)$", name)}
            assert f"{shard.folder}/pagefind-entry.json" in files
    # A shard whose pages' copies are those its bundle was made from is not indexed again.
    again = index_shards([(shards[1], made[shards[1].folder].copies_key)], read, "vi", jobs=2)
    assert again == {shards[1].folder: Indexed(made[shards[1].folder].copies_key, None)}


def test_a_failing_shard_stops_the_others_and_is_the_error_raised():
    pages = {f"p{i}.html": article(i, "Đàm phán thương mại đối ứng. " * 50) for i in range(400)}
    shards = [Shard("pagefind", tuple(sorted(pages)[:200]), True), Shard("pagefind/shard-1", (), False),
              Shard("pagefind/shard-2", tuple(sorted(pages)[200:]), False)]
    with pytest.raises(SearchUnavailable, match="not able to build an index") as raised:
        index_shards([(s, None) for s in shards], pages.__getitem__, "vi", jobs=2)
    assert not isinstance(raised.value, SearchCancelled)
    assert work_folders(os.getpid()) == []


def test_indexing_apart_reads_the_pages_from_the_site_and_makes_the_same_bundles(tmp_path):
    pages = {f"bai-viet/p{i}.html": article(i) for i in range(30)}
    for path, html in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(html)
    (tmp_path / "index.html").write_bytes(b"<html><body><main>not listed: not indexed</main></body></html>")
    work = [(s, None) for s in plan_shards(sorted(pages), 10)]
    assert index_apart(tmp_path, work, "vi", jobs=2) == index_shards(work, pages.__getitem__, "vi", jobs=1)
    with pytest.raises(SearchUnavailable, match="missing.html"):
        index_apart(tmp_path, [(Shard("pagefind", ("missing.html",), True), None)], "vi", jobs=2)


def test_cancelled_indexing_apart_kills_the_process_and_leaves_no_work_folder(tmp_path):
    for i in range(1000):
        (tmp_path / f"p{i}.html").write_text(f"<html><body><main data-pagefind-body><h1>Bài {i}</h1>"
                                             f"<p>{'Đàm phán thương mại đối ứng. ' * 20}</p></main></body></html>",
                                             encoding="utf-8")
    cancel = SetOnceAsked()
    work = [(s, None) for s in plan_shards([f"p{i}.html" for i in range(1000)], 500)]
    with pytest.raises(SearchCancelled):
        index_apart(tmp_path, work, "vi", jobs=2, cancel=cancel)
    assert cancel.asked == 2, "asked before starting, then while it ran"
    left = [f for f in Path(tempfile.gettempdir()).glob("dossier-pagefind-*-*") if not alive(f)]
    assert left == [], "no work folder of a process that is gone"


def alive(folder: Path) -> bool:
    pid = int(folder.name.split("-")[2])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def work_folders(pid: int) -> list[Path]:
    return sorted(Path(tempfile.gettempdir()).glob(f"dossier-pagefind-{pid}-*"))


class SetOnceAsked(threading.Event):
    """An event that is set from the second time it is asked: after the indexer has started."""

    def __init__(self):
        super().__init__()
        self.asked = 0

    def is_set(self) -> bool:
        self.asked += 1
        return self.asked > 1


def test_a_cancelled_indexer_is_killed_and_leaves_no_work_folder():
    # Enough pages that Pagefind is still at work a tenth of a second after it starts.
    pages = {f"p{i}.html": (f"<html><body><main data-pagefind-body><h1>Bài {i}</h1>"
                            f"<p>{'Đàm phán thương mại đối ứng. ' * 20}{i}</p></main></body></html>").encode()
             for i in range(1000)}
    cancel = SetOnceAsked()
    with pytest.raises(SearchCancelled):
        build_index(pages, "vi", cancel=cancel)
    assert cancel.asked == 2, "asked before starting, then while it ran"
    assert work_folders(os.getpid()) == []
    done = threading.Event()
    done.set()
    with pytest.raises(SearchCancelled):  # already set: nothing is started
        build_index(pages, "vi", cancel=done)
    small = dict(list(pages.items())[:3])
    assert build_index(small, "vi", cancel=threading.Event())["pagefind/pagefind-entry.json"]


@pytest.mark.skipif(os.name != "posix", reason="work folders are swept where processes can be probed")
def test_work_folders_of_processes_killed_outright_are_swept():
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    left = Path(tempfile.mkdtemp(prefix=f"dossier-pagefind-{dead_pid}-"))
    (left / "page.html").write_text("x", encoding="utf-8")
    alive = Path(tempfile.mkdtemp(prefix=f"dossier-pagefind-{os.getppid()}-"))
    try:
        build_index({"a.html": b"<html><body><main data-pagefind-body>x</main></body></html>"}, "vi")
        assert not left.exists(), "the folder of a process that is gone is removed"
        assert alive.exists(), "a running process's folder is left alone"
    finally:
        shutil.rmtree(left, ignore_errors=True)
        shutil.rmtree(alive, ignore_errors=True)


def test_canonical_filters_sorts_values_and_renames_what_refers_to_them():
    from site_builder.search import _pack, _unpack, canonical_filters

    def bundle(values):
        return {
            "pagefind-entry.json": b'{"version":"1.5.2","languages":{"vi":{"hash":"vi_m","page_count":2}}}',
            "pagefind.vi_m.pf_meta": _pack(["1.5.2", [], [], [["round", "vi_f"]], [], []]),
            "filter/vi_f.pf_filter": _pack(["round", values]),
            "index/vi_i.pf_index": b"untouched",
        }

    a = canonical_filters(bundle([["B", [1]], ["A", [0]]]))
    b = canonical_filters(bundle([["A", [0]], ["B", [1]]]))
    assert a == b
    (meta_name,) = [n for n in a if n.endswith(".pf_meta")]
    (filter_name,) = [n for n in a if n.startswith("filter/")]
    assert _unpack(a[filter_name]) == ["round", [["A", [0]], ["B", [1]]]]
    assert _unpack(a[meta_name])[3] == [["round", filter_name[len("filter/"):-len(".pf_filter")]]]
    assert f'"hash":"{meta_name[len("pagefind."):-len(".pf_meta")]}"' in a["pagefind-entry.json"].decode()
    assert a["index/vi_i.pf_index"] == b"untouched"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    for name in ("seeds", "templates", "static", "data"):
        shutil.copytree(REPO / name, root / name)
    for name, text in EXTRA.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "dossier.yaml").write_text(f"search_shard_size: {SHARD_SIZE}\n", encoding="utf-8")
    result = build(load_config(root))
    return root / "_site", result.dossier


def shard_of_page(site_dir: Path, size: int = SHARD_SIZE) -> dict[str, str]:
    """Each searchable page of the built site (site path) → the folder of its shard."""
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                   if "data-pagefind-body" in p.read_text(encoding="utf-8"))
    return {page: shard.folder for shard in plan_shards(pages, size) for page in shard.pages}


@pytest.fixture(scope="module")
def address(site):
    with serve_folder(site[0]) as base:
        yield base


@pytest.fixture
def page(browser, address):
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()


def all_results(page, address, query: str) -> list[str]:
    """Every page Pagefind returns for `query` (site paths), through the bundle the search page uses."""
    page.goto(address + "tim-kiem.html")
    page.wait_for_selector("[data-search-fallback]", state="hidden")
    return page.evaluate("""async (q) => {
        const pagefind = await import('./pagefind/pagefind.js');
        const found = await pagefind.search(q);
        const data = await Promise.all(found.results.map((r) => r.data()));
        return data.map((d) => d.url.replace(/^\\//, ''));
    }""", query)


def containing(dossier, phrase: str) -> set[str]:
    """Articles whose own text holds `phrase` as whole words, whatever its diacritics."""
    pattern = re.compile(rf"\b{re.escape(phrase)}\b")
    return {a.url for a in dossier.articles
            if pattern.search(fold(" ".join((a.title, *a.body_text))).lower())}


@pytest.mark.parametrize("query,phrase", [
    ("dam", "dam"),
    ("dam phan", "dam phan"),
    ("đàm phán", "dam phan"),
    ("doi ung", "doi ung"),
    ("dai su", "dai su"),
])
def test_vietnamese_typed_without_diacritics_finds_the_articles(page, address, site, query, phrase):
    expected = containing(site[1], phrase)
    assert expected, f"the fixture has articles with “{phrase}”"
    assert expected <= set(all_results(page, address, query))
    assert page.problems == []


def test_single_word_without_d_bar_finds_d_bar_words_only_through_the_folded_copy(page, address, site):
    # `dam` is not a prefix of anything but `đàm`/`đám`/`đậm` in these articles: without the
    # folded appendix, Pagefind (which leaves đ alone) would return nothing.
    assert len(all_results(page, address, "dam")) >= len(site[1].articles)


def test_the_site_is_indexed_in_shards_merged_by_the_search_page(site):
    site_dir = site[0]
    listed = json.loads((site_dir / "pagefind/shards.json").read_text(encoding="utf-8"))
    folders = sorted(set(shard_of_page(site_dir).values()))
    assert len(folders) >= 6 and sorted(f"pagefind/{name}".rstrip("/") for name in listed) == \
        sorted(f for f in folders if f != "pagefind")
    for folder in folders:
        assert (site_dir / folder / "pagefind-entry.json").is_file()
        assert (site_dir / folder / "pagefind.js").is_file() == (folder == "pagefind"), "one script, in the main bundle"


def test_a_search_finds_pages_of_every_shard(page, address, site):
    where = shard_of_page(site[0])
    found = all_results(page, address, "dam phan")
    assert set(found) <= set(where)
    with_articles = {where[a.url] for a in site[1].articles if a.url in where}
    assert {where[p] for p in found} >= with_articles and len(with_articles) >= 5


def test_both_tone_placements_find_the_same_pages(page, address):
    new, old = set(all_results(page, address, "hoà")), set(all_results(page, address, "hòa"))
    assert new == old
    assert {"bai-viet/hai-ben-huong-toi-thoa-thuan-hoa-binh-ve-thuong-mai.html",
            "bai-viet/doanh-nghiep-hoa-nhip-voi-tien-trinh-dam-phan.html"} <= new


def test_a_person_page_is_found_by_the_person_not_by_the_titles_it_lists(page, address):
    found = all_results(page, address, "thoa thuan hoa binh")
    assert "bai-viet/hai-ben-huong-toi-thoa-thuan-hoa-binh-ve-thuong-mai.html" in found
    assert "nhan-vat/tran-quoc-phuong.html" not in found, "the page lists that article's title, unindexed"
    assert "nhan-vat/tran-quoc-phuong.html" in all_results(page, address, "tran quoc phuong")


def test_people_by_short_name_and_full_name_without_diacritics(page, address):
    assert "nhan-vat/jamieson-greer.html" in all_results(page, address, "greer")
    assert all_results(page, address, "nguyen hong dien")[0] == "nhan-vat/nguyen-hong-dien.html"


def test_round_by_number(page, address, site):
    found = all_results(page, address, "vong 3")
    assert "vong-dam-phan/vong-3.html" in found
    (third,) = [a.url for a in site[1].articles if a.round_id == "vong-3"]
    assert third in found


def test_typing_in_the_box_shows_titles_dates_rounds_and_the_original_words(page, address):
    # Within one round: which of the many pages saying "đàm phán" come first is the ranking's business.
    page.goto(address + "tim-kiem.html?round=" + quote("Phiên đàm phán cấp Bộ trưởng lần thứ 8"))
    page.wait_for_selector("[data-search-fallback]", state="hidden")
    page.fill("[data-search-query]", "dam phan")
    page.wait_for_selector(".search-result mark")  # the round's pages are listed before the words are typed
    marks = page.eval_on_selector_all(".search-result mark", "els => els.map((e) => e.textContent)")
    assert "đàm" in marks and "phán" in marks
    metas = page.eval_on_selector_all(".result-meta", "els => els.map((e) => e.textContent)")
    assert "Bài viết · 12/11/2025 · Phiên đàm phán cấp Bộ trưởng lần thứ 8" in metas
    assert "q=dam+phan" in page.url
    for link in page.eval_on_selector_all(".search-result h2 a", "els => els.map((e) => e.getAttribute('href'))"):
        assert not link.startswith("/"), "result links are relative, so a subpath works"
    assert page.problems == []


def test_filters_by_round_and_by_person(page, address, site):
    dossier = site[1]
    page.goto(address + "tim-kiem.html?q=dam")
    page.wait_for_selector(".search-result")
    page.select_option("[data-filter=round]", "Vòng đàm phán thứ 3")
    # Predicates are functions, not strings: the page's CSP forbids evaluating strings.
    page.wait_for_function("() => document.querySelectorAll('.search-result').length > 0 && "
                           "[...document.querySelectorAll('.result-meta')].every((m) => m.textContent.includes('thứ 3'))")
    page.select_option("[data-filter=round]", "")
    where = shard_of_page(site[0])

    def pages_of(person) -> set[str]:
        return {a.url for a in dossier.articles if person.id in a.people} | {person.url}

    # A person whose pages (fewer than a page of results) are in several shards.
    person = next(p for p in sorted(dossier.people, key=lambda p: p.id)
                  if len(pages_of(p)) <= 10 and len({where[u] for u in pages_of(p)}) >= 2)
    page.select_option("[data-filter=person]", person.name)
    expected = pages_of(person)
    page.wait_for_function(f"() => document.querySelectorAll('.search-result').length === {len(expected)}")
    shown = page.eval_on_selector_all(".search-result h2 a", "els => els.map((e) => e.getAttribute('href'))")
    assert set(shown) == expected
    assert page.problems == []


def test_the_header_box_on_every_page_leads_to_results(page, address):
    page.goto(address + "bai-viet/viet-nam-dam-phan-hiep-dinh-thuong-mai-voi-my.html")
    page.fill("#site-search-q", "greer")
    page.press("#site-search-q", "Enter")
    page.wait_for_selector(".search-result")
    assert page.url.startswith(address + "tim-kiem.html?q=greer")
    assert page.input_value("[data-search-query]") == "greer"
    assert page.problems == []


def test_without_javascript_the_page_points_to_the_index_pages(browser, address):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(address + "tim-kiem.html?q=dam")
    assert page.is_visible("[data-search-fallback]")
    links = page.eval_on_selector_all("[data-search-fallback] a", "els => els.map((e) => e.getAttribute('href'))")
    assert {"vong-dam-phan/index.html", "nhan-vat/index.html", "to-chuc/index.html"} <= set(links)
    context.close()


def test_from_file_the_page_degrades_to_the_index_pages(browser, site):
    page = browser.new_page()
    page.goto((site[0] / "tim-kiem.html").as_uri())
    page.wait_for_timeout(300)  # give the module a chance to load (it cannot, from file://)
    assert page.is_visible("[data-search-fallback]")
    page.close()


def bundle_files(site_dir: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the search bundle: its bytes and modification time."""
    return {p.relative_to(site_dir).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted((site_dir / "pagefind").rglob("*")) if p.is_file()}


@pytest.fixture
def pagefind_runs(tmp_path, monkeypatch):
    """The real Pagefind binary behind a script that notes each run (the folder it indexes); returns the notes."""
    from pagefind.service import get_executable

    log = tmp_path / "pagefind-runs.log"
    script = tmp_path / "pagefind-counted"
    script.write_text(f'#!/bin/sh\necho "$2" >> "{log}"\nexec "{get_executable()}" "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    return lambda: log.read_text(encoding="utf-8").splitlines() if log.exists() else []


@pytest.mark.skipif(os.name != "posix", reason="the counting wrapper is a shell script")
def test_a_build_reindexes_only_the_shards_whose_pages_changed_for_pagefind(make_project, pagefind_runs):
    seeds = {f"seeds/a{i:02}.txt": f" date 2025-06-{i + 1:02} Đàm phán bài số {i}\n\nNội dung riêng của bài {i}."
             for i in range(12)}
    root = make_project({**seeds, "dossier.yaml": "search_shard_size: 3\n"})
    config = load_config(root)
    first = build(config)
    site_dir = root / "_site"
    where = shard_of_page(site_dir, 3)
    assert len(pagefind_runs()) == len(set(where.values())) >= 4, "one Pagefind run a shard"
    before = bundle_files(site_dir)

    # Organization pages are not searchable, and the footer is outside what Pagefind reads:
    # pages are written again, no shard is indexed again.
    template = root / "templates/organizations.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{% block content %}",
                                                                     "{% block content %}<!-- sửa -->", 1),
                        encoding="utf-8")
    base = root / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<!-- chân trang mới --></footer>", 1),
                    encoding="utf-8")
    again = build(config)
    assert len([p for p in again.written if p in where]) == len(where), "every searchable page was written"
    assert not [p for p in again.written if p.startswith("pagefind/")]
    assert bundle_files(site_dir) == before
    assert len(pagefind_runs()) == len(set(where.values())), "the copies given to Pagefind are unchanged: no run"

    # One article's text changed: its shard is indexed again, and only it.
    (root / "seeds/a05.txt").write_text(seeds["seeds/a05.txt"] + " Phóng viên ghi nhận thêm.", encoding="utf-8")
    edited = build(config)
    (article,) = [a.url for a in first.dossier.articles if a.source_file.endswith("a05.txt")]
    changed = {shard_folder(p) for p in edited.written if p.startswith("pagefind/")}
    assert changed == {where[article]}
    assert len(pagefind_runs()) == len(set(where.values())) + 1, "one run, for that shard"
    after = bundle_files(site_dir)
    others = {p: f for p, f in before.items() if shard_folder(p) not in (where[article], None)}
    assert others and {p: after[p] for p in others} == others, "the other shards' files: same bytes, not rewritten"
    # The same pages give the same bundle, however they were reached.
    cold = build(load_config(root, out=root / "cold"), clean=True)
    assert cold.written and {p: d for p, (d, _) in bundle_files(root / "cold").items()} == \
        {p: d for p, (d, _) in after.items()}


def test_topic_pages_are_found_and_filter_by_topic(page, address, site):
    dossier = site[1]
    topic = max(dossier.topics, key=lambda t: len(t.article_ids))
    assert "chu-de/" + topic.id + ".html" in all_results(page, address, topic.name_vi)
    page.goto(address + "tim-kiem.html?q=dam")
    page.wait_for_selector(".search-result")
    page.select_option("[data-filter=topic]", topic.name_vi)
    expected = {dossier.article[x].url for x in topic.article_ids} | {topic.url}
    where = shard_of_page(site[0])
    assert len({where[p] for p in expected}) >= 2, "the filter gathers pages of several shards"
    page.wait_for_function(f"() => document.querySelectorAll('.search-result').length === {len(expected)}")
    shown = page.eval_on_selector_all(".search-result h2 a", "els => els.map((e) => e.getAttribute('href'))")
    assert set(shown) == expected
    assert page.problems == []
