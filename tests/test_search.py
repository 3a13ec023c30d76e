"""Search: the Pagefind index of the built site, driven in headless Chromium like a reader would."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.config import load_config
from site_builder.normalize import fold
from site_builder.search import (FOLD_MARK, SearchCancelled, SearchUnavailable, build_index, folded_words, index_apart,
                                 indexed_copy)

from conftest import REPO, serve_folder

# Two more articles beside the samples: the newer tone placement (hoà) and the older (hòa).
EXTRA = {
    "seeds/hoa-moi.txt": " date 2025-07-01 Hai bên hướng tới thỏa thuận hoà bình về thương mại\n\n"
                         "Thứ trưởng Bộ Tài chính Trần Quốc Phương cho biết hai bên mong muốn hoà giải các khác biệt.",
    "seeds/hoa-cu.txt": " date 2025-07-02 Doanh nghiệp hòa nhịp với tiến trình đàm phán\n\n"
                        "Các doanh nghiệp dệt may cho biết đang hòa nhịp với tiến trình đàm phán thương mại.",
}


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



def test_indexing_apart_reads_the_pages_from_the_site_and_makes_the_same_bundle(tmp_path):
    pages = {f"bai-viet/p{i}.html": (f'<html><body><main data-pagefind-body><h1>Bài {i} đàm phán</h1>'
                                     f'<span data-pagefind-filter="round">Vòng {i % 3}</span></main></body></html>').encode()
             for i in range(30)}
    for path, html in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(html)
    (tmp_path / "index.html").write_bytes(b"<html><body><main>not listed: not indexed</main></body></html>")
    assert index_apart(tmp_path, sorted(pages), "vi") == build_index(pages, "vi")
    with pytest.raises(SearchUnavailable, match="missing.html"):
        index_apart(tmp_path, ["missing.html"], "vi")


def test_cancelled_indexing_apart_kills_the_process_and_leaves_no_work_folder(tmp_path):
    for i in range(1000):
        (tmp_path / f"p{i}.html").write_text(f"<html><body><main data-pagefind-body><h1>Bài {i}</h1>"
                                             f"<p>{'Đàm phán thương mại đối ứng. ' * 20}</p></main></body></html>",
                                             encoding="utf-8")
    cancel = SetOnceAsked()
    with pytest.raises(SearchCancelled):
        index_apart(tmp_path, [f"p{i}.html" for i in range(1000)], "vi", cancel=cancel)
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
    result = build(load_config(root))
    return root / "_site", result.dossier


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
    page.goto(address + "tim-kiem.html")
    page.wait_for_selector("[data-search-fallback]", state="hidden")
    page.fill("[data-search-query]", "dam phan")
    page.wait_for_selector(".search-result")
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
    page.select_option("[data-filter=person]", "Bryan R. Switzer")
    expected = {a.url for a in dossier.articles if "bryan-r-switzer" in a.people} | {"nhan-vat/bryan-r-switzer.html"}
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


def test_a_build_reindexes_only_when_a_searchable_page_changed(make_project):
    root = make_project({"seeds/a.txt": " date 2025-06-01 Đàm phán vòng ba\n\nBộ trưởng Nguyễn Hồng Diên phát biểu.",
                         "seeds/b.txt": " date 2025-06-02 Đàm phán vòng bốn\n\nNội dung khác."})
    config = load_config(root)
    build(config)
    bundle = {p: p.stat().st_mtime_ns for p in (root / "_site/pagefind").rglob("*")}
    # Organization pages are not searchable: a change to theirs alone leaves the index as it is.
    template = root / "templates/organizations.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}<!-- sửa -->", 1),
                        encoding="utf-8")
    again = build(config)
    assert again.written and not [p for p in again.written if p.startswith("pagefind/")]
    assert {p: p.stat().st_mtime_ns for p in (root / "_site/pagefind").rglob("*")} == bundle
    # An article changed: the index is made again, in the same update as the pages.
    (root / "seeds/b.txt").write_text(" date 2025-06-02 Đàm phán vòng bốn\n\nNội dung đã sửa.", encoding="utf-8")
    edited = build(config)
    assert [p for p in edited.written if p.startswith("pagefind/")]
    cold = build(load_config(root, out=root / "cold"), clean=True)
    for path in sorted((root / "cold/pagefind").rglob("*")):
        if path.is_file():
            assert (root / "_site/pagefind" / path.relative_to(root / "cold/pagefind")).read_bytes() == path.read_bytes()


def test_topic_pages_are_found_and_filter_by_topic(page, address, site):
    dossier = site[1]
    topic = max(dossier.topics, key=lambda t: len(t.article_ids))
    assert "chu-de/" + topic.id + ".html" in all_results(page, address, topic.name_vi)
    page.goto(address + "tim-kiem.html?q=dam")
    page.wait_for_selector(".search-result")
    page.select_option("[data-filter=topic]", topic.name_vi)
    expected = {dossier.article[x].url for x in topic.article_ids} | {topic.url}
    page.wait_for_function(f"() => document.querySelectorAll('.search-result').length === {len(expected)}")
    shown = page.eval_on_selector_all(".search-result h2 a", "els => els.map((e) => e.getAttribute('href'))")
    assert set(shown) == expected
    assert page.problems == []
