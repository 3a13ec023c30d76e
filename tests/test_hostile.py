"""Hostile and broken inputs: each yields a clear message, the exact outcome in the report and
on the page, and the rest of the site still builds."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, checkout_env, write_files
from hostile import LEAD, SECRET, hostile_site, png  # noqa: F401 (hostile_site is a fixture)
from site_builder.build import build
from site_builder.config import load_config
from site_builder.write import write_site

UNDATED = "Chưa rõ ngày"


def outcome(result, source: str):
    (found,) = [f for f in result.report.files if f.source == source]
    return found


def problems(found) -> list[tuple]:
    return [(p.line, p.level, p.message) for p in found.problems]


def page(root: Path, url: str) -> str:
    return (root / "_site" / url).read_text(encoding="utf-8")


def leftover_folders(root) -> list[str]:
    """Staging or retired folders a build left beside the site (the build cache is meant to stay)."""
    from site_builder.write import RETIRED_PREFIX, STAGING_PREFIX

    return sorted(p.name for p in root.iterdir() if p.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)))


def heading(html: str) -> str:
    """The page's <h1> text, however the template marks it up."""
    m = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert m, "the page has a heading"
    return m.group(1).strip()


def site_files(root: Path) -> dict[str, bytes]:
    site = root / "_site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------
# The report: one exact outcome per hostile file

W, E = "warning", "error"
NOT_DOCUMENT = "not a document (.jpg); articles end in .txt, .md, .markdown"
BINARY = "not valid UTF-8, UTF-16 or Windows-1258 text (200 of its 222 bytes are not UTF-8); re-save it as UTF-8"

OUTCOMES = [
    # source, status, url (published) or reason, [(line, level, message)]
    ("seeds/good.txt", "published", "bai-viet/bai-viet-binh-thuong-ve-dam-phan-thuong-mai.html", []),
    ("seeds/empty.txt", "skipped", "empty file", [(None, W, "empty file")]),
    ("seeds/blank.md", "skipped", "only whitespace, no text", [(None, W, "only whitespace, no text")]),
    ("seeds/only-front-matter.md", "skipped", "front matter but no title and no text",
     [(None, W, "front matter but no title and no text")]),
    ("seeds/image-named-txt.txt", "failed", "binary file (a PNG image), not text",
     [(None, E, "binary file (a PNG image), not text")]),
    ("seeds/photo.jpg", "skipped", NOT_DOCUMENT, [(None, W, NOT_DOCUMENT)]),
    ("seeds/invalid-utf8.txt", "failed", BINARY, [(3, E, BINARY)]),
    ("seeds/damaged-byte.txt", "published", "bai-viet/bai-co-mot-byte-hong-o-cuoi-bai.html",
     [(None, W, "line 43: 1 byte(s) are not valid UTF-8 and were replaced by �; re-save the file as UTF-8")]),
    ("seeds/damaged-lines.txt", "published", "bai-viet/bai-co-vai-byte-hong-tren-nhieu-dong.html",
     [(None, W, "lines 3, 5 and 7: 3 byte(s) are not valid UTF-8 and were replaced by �; re-save the file as UTF-8")]),
    ("seeds/utf16-no-bom.txt", "published", "bai-viet/bai-viet-luu-bang-utf-16-khong-co-bom.html",
     [(None, W, "UTF-16 without a byte-order mark, read as utf-16-le; re-save the file as UTF-8")]),
    ("seeds/yaml-list.md", "published", None,
     [(2, W, "front matter is a YAML list, not a mapping of keys; ignored")]),
    ("seeds/date-slashes.md", "published", "bai-viet/ngay-ba-muoi-mot-thang-hai.html",
     [(3, W, "date: '31/02/2025' is not a date (write YYYY-MM-DD); ignored")]),
    ("seeds/date-words.md", "published", "bai-viet/ngay-viet-bang-chu-hom-qua.html",
     [(3, W, "date: 'hôm qua' is not a date (write YYYY-MM-DD); ignored")]),
    ("seeds/date-iso.md", "published", "bai-viet/ngay-iso-khong-co-that.html",
     [(3, W, "date: '2025-02-31' is not a date (write YYYY-MM-DD); ignored")]),
    ("seeds/slug-escape.md", "published", "bai-viet/etc-passwd.html",
     [(3, W, "slug '../../etc/passwd' is not a plain ASCII URL segment; using 'etc-passwd'")]),
    ("seeds/slug-words.md", "published", "bai-viet/dam-phan-vong-3-tai-ha-noi.html",
     [(3, W, "slug 'Đàm phán vòng 3 tại Hà Nội' is not a plain ASCII URL segment; using 'dam-phan-vong-3-tai-ha-noi'")]),
    ("seeds/dup-a.md", "published", "bai-viet/trung-lap.html", []),
    ("seeds/dup-b.md", "published", "bai-viet/trung-lap-2.html",
     [(3, W, "slug 'trung-lap' is already used by seeds/dup-a.md; this article is at 'trung-lap-2'")]),
    ("seeds/thumb-ok.md", "published", "bai-viet/anh-dai-dien-co-trong-du-an.html", []),
    ("seeds/thumb-outside.md", "published", "bai-viet/anh-dai-dien-ngoai-du-an.html",
     [(3, W, "thumbnail '../outside/secret.png': points outside the project, so it is not read; "
             "no picture is shown")]),
    ("seeds/thumb-link.md", "published", "bai-viet/anh-dai-dien-qua-lien-ket-tuong-trung.html",
     [(3, W, "thumbnail 'images/link.png': points outside the project, so it is not read; no picture is shown")]),
    ("seeds/thumb-svg.md", "published", "bai-viet/anh-dai-dien-svg.html",
     [(3, W, "thumbnail 'images/chart.svg': not a PNG, JPEG, GIF, WebP or AVIF picture; no picture is shown")]),
    ("seeds/thumb-web.md", "published", "bai-viet/anh-dai-dien-tren-mang.html",
     [(3, W, "thumbnail 'javascript:alert(1)': a web address, and the site shows only pictures kept in the "
             "project; no picture is shown")]),
    ("seeds/004_1fd1ada92c3e2376.txt", "published", "bai-viet/viet-nam-dam-phan-hiep-dinh-thuong-mai-voi-my.html",
     [(4, W, "thumbnail 'data/6.images/images/viet-nam-dam-phan-hiep-dinh-thuong-mai-voi-my.webp': "
             "not found in the project; no picture is shown")]),
    ("seeds/draft.md", "draft", "draft (use: false); not published", []),
    ("seeds/link-out.txt", "skipped", "symbolic link pointing outside the seeds folder: not followed",
     [(None, W, "symbolic link pointing outside the seeds folder: not followed")]),
    ("seeds/linked-folder", "skipped", "symbolic link to a folder: not followed",
     [(None, W, "symbolic link to a folder: not followed")]),
    ("seeds/pipe.txt", "skipped", "not a regular file (a pipe, socket or device): not read",
     [(None, W, "not a regular file (a pipe, socket or device): not read")]),
    ("seeds/bad-name-\ufffd.txt", "published", "bai-viet/ten-tep-co-byte-hong-o-giua.html", []),
    ("seeds/xss-title.md", "published", None,
     [(4, W, "url: 'javascript:window.__xss=1' is not a web address (http:// or https://); not linked")]),
]


@pytest.mark.parametrize("source,status,url_or_reason,expected", OUTCOMES, ids=[o[0] for o in OUTCOMES])
def test_report_names_the_exact_outcome(hostile_site, source, status, url_or_reason, expected):
    root, result = hostile_site
    found = outcome(result, source)
    assert found.status == status
    if status == "published":
        if url_or_reason:
            assert found.url == url_or_reason
        assert (root / "_site" / found.url).is_file()
    else:
        assert found.url is None and found.reason == url_or_reason
    assert problems(found) == expected
    # The same outcome is in _report.json, as the editor reads it.
    report = json.loads((root / "_site/_report.json").read_text(encoding="utf-8"))
    (entry,) = [f for f in report["files"] if f["source"] == source]
    assert (entry["status"], entry["url"] if status == "published" else entry["reason"]) == (
        status, found.url if status == "published" else url_or_reason)


def test_every_file_is_in_the_report_once(hostile_site):
    root, result = hostile_site
    on_disk = sorted(p.name for p in (root / "seeds").iterdir())
    assert len(result.report.files) == len(on_disk) == len({f.source for f in result.report.files})
    report = json.loads((root / "_site/_report.json").read_text(encoding="utf-8"))
    summary = report["summary"]
    assert summary == {"published": result.report.count("published"), "draft": 1, "skipped": 7, "failed": 2,
                       "warnings": len(result.report.warnings), "errors": 2}
    assert sum(summary[s] for s in ("published", "draft", "skipped", "failed")) == len(on_disk)


def test_a_broken_front_matter_is_named_with_its_line_and_the_text_published(hostile_site):
    root, result = hostile_site
    found = outcome(result, "seeds/yaml-invalid.md")
    assert problems(found)[0] == (3, W, "front matter is not valid YAML (did not find expected ',' or ']'); "
                                        "metadata ignored")
    html = page(root, found.url)
    assert LEAD in html and UNDATED in html


def test_an_alias_bomb_in_front_matter_is_refused_quickly(hostile_site):
    root, result = hostile_site
    found = outcome(result, "seeds/alias-bomb.md")
    assert problems(found)[0] == (2, W, "front matter holds more than 10000 values or nests deeper than 20 levels "
                                        "(YAML aliases can multiply it); metadata ignored")
    assert LEAD in page(root, found.url)


# ---------------------------------------------------------------------------
# The pages


def test_the_rest_of_the_site_builds(hostile_site):
    root, result = hostile_site
    assert result.report.count("published") == len(result.dossier.articles) == 25
    # The home page lists the latest stories and links the month pages (and the undated one), which list the rest.
    home = page(root, "index.html")
    months = [p.relative_to(root / "_site").as_posix() for p in sorted((root / "_site/thang").glob("*.html"))]
    assert months and all(f'href="{m}"' in home for m in months)
    lists = home + "".join(page(root, m).replace('href="../', 'href="') for m in months)
    for a in result.dossier.articles:
        assert f'href="{a.url}"' in lists, a.source_file
    assert LEAD in page(root, outcome(result, "seeds/good.txt").url)


@pytest.mark.parametrize("source", ["seeds/empty.txt", "seeds/blank.md", "seeds/image-named-txt.txt",
                                    "seeds/invalid-utf8.txt", "seeds/draft.md", "seeds/only-front-matter.md"])
def test_what_is_not_published_has_no_page(hostile_site, source):
    root, result = hostile_site
    export = json.loads(page(root, "dossier.json"))
    assert source not in {a["source_file"] for a in export["articles"]}
    assert source not in {a.source_file for a in result.dossier.articles}


def test_a_damaged_byte_shows_as_a_replacement_character(hostile_site):
    root, result = hostile_site
    assert "Cu\ufffdi." in page(root, outcome(result, "seeds/damaged-byte.txt").url)
    assert page(root, outcome(result, "seeds/damaged-lines.txt").url).count("Di\ufffdn") >= 3


def test_utf16_without_a_bom_reads_as_vietnamese(hostile_site):
    root, result = hostile_site
    html = page(root, outcome(result, "seeds/utf16-no-bom.txt").url)
    assert heading(html) == "Bài viết lưu bằng UTF-16 không có BOM" and LEAD in html


@pytest.mark.parametrize("source", ["seeds/date-slashes.md", "seeds/date-words.md", "seeds/date-iso.md"])
def test_a_date_that_is_not_a_date_leaves_the_article_undated(hostile_site, source):
    root, result = hostile_site
    (a,) = [a for a in result.dossier.articles if a.source_file == source]
    assert a.date is None and a.date_source == "none"
    html = page(root, a.url)
    assert f'<span class="undated">{UNDATED}</span>' in html and "<time" not in html.split("<main")[1]


def test_slugs_never_leave_the_article_folder(hostile_site):
    root, result = hostile_site
    assert heading(page(root, "bai-viet/etc-passwd.html")) == "Slug muốn thoát ra ngoài"
    assert heading(page(root, "bai-viet/dam-phan-vong-3-tai-ha-noi.html")) == "Slug có dấu và khoảng trắng"
    for base in (root, root.parent, root / "_site"):
        assert not (base / "etc").exists()
    assert all(a.url.startswith("bai-viet/") and a.slug.isascii() and "/" not in a.slug for a in result.dossier.articles)


def test_duplicate_slugs_each_get_their_own_page(hostile_site):
    root, _ = hostile_site
    assert heading(page(root, "bai-viet/trung-lap.html")) == "Bài trùng slug thứ nhất"
    assert heading(page(root, "bai-viet/trung-lap-2.html")) == "Bài trùng slug thứ hai"


def test_a_thumbnail_inside_the_project_is_published_under_a_safe_name(hostile_site):
    root, result = hostile_site
    name = f"anh/{hashlib.sha256(png(2, 2)).hexdigest()[:16]}.png"
    assert (root / "_site" / name).read_bytes() == png(2, 2)
    html = page(root, outcome(result, "seeds/thumb-ok.md").url)
    assert f'<figure class="thumbnail"><img src="../{name}" alt=""></figure>' in html
    # The only picture published is that one: nothing from outside, no SVG.
    assert sorted(p.name for p in (root / "_site/anh").iterdir()) == [name.split("/")[1]]
    exported = {a["source_file"]: a for a in json.loads((root / "_site/dossier.json").read_bytes())["articles"]}
    assert exported["seeds/thumb-ok.md"]["thumbnail_url"] == name
    assert exported["seeds/thumb-outside.md"]["thumbnail_url"] is None


@pytest.mark.parametrize("source", ["seeds/thumb-outside.md", "seeds/thumb-link.md", "seeds/thumb-svg.md",
                                    "seeds/thumb-web.md", "seeds/004_1fd1ada92c3e2376.txt"])
def test_a_thumbnail_that_cannot_be_shown_leaves_no_broken_image(hostile_site, source):
    root, result = hostile_site
    html = page(root, outcome(result, source).url)
    assert "<img" not in html and "thumbnail" not in html


def test_nothing_from_outside_the_project_reaches_the_site(hostile_site):
    root, _ = hostile_site
    secret_png = png(3, 3)
    for name, data in site_files(root).items():
        assert SECRET.encode() not in data, name
        assert data != secret_png, name


def test_a_file_name_with_broken_bytes_is_published_and_named(hostile_site):
    root, result = hostile_site
    html = page(root, outcome(result, "seeds/bad-name-\ufffd.txt").url)
    assert heading(html) == "Tên tệp có byte hỏng ở giữa"


# ---------------------------------------------------------------------------
# Size and number


def test_a_5_mb_article_is_published_whole(make_project):
    paragraphs = [f"Đoạn {i}: {LEAD} Ông Greer nhấn mạnh “hai bên cần sớm hoàn tất hiệp định công bằng”."
                  for i in range(40_000)]
    body = "\n\n".join(paragraphs)
    assert len(body.encode()) > 5 * 1024 * 1024
    root = make_project({"seeds/dai.txt": f"Bài rất dài về đàm phán thương mại\n\n{body}\n"})
    result = build(load_config(root))
    (a,) = result.dossier.articles
    assert outcome(result, "seeds/dai.txt").status == "published"
    html = page(root, a.url)
    assert paragraphs[0] in html and paragraphs[-1] in html and html.count("<p>Đoạn ") == 40_000


def test_2000_files_in_one_folder_are_all_published(make_project):
    files = {f"seeds/{i:04d}.txt": f" date 2025-{i % 12 + 1:02d}-{i % 28 + 1:02d} Tin số {i} về đàm phán thương mại\n\n"
                                   f"Nội dung riêng của tin số {i}.\n" for i in range(2000)}
    root = make_project(files)
    result = build(load_config(root))
    assert result.report.count("published") == len(result.report.files) == 2000
    assert not result.report.problems
    urls = {f.url for f in result.report.files}
    assert len(urls) == 2000 and all((root / "_site" / u).is_file() for u in urls)
    # The home page lists the latest; the twelve month pages it links list them all.
    home = page(root, "index.html")
    months = [f"thang/2025-{m:02d}.html" for m in range(1, 13)]
    assert all(f'href="{m}"' in home for m in months) and home.count('class="tl-item') <= 50
    lists = "".join(page(root, m).replace('href="../', 'href="') for m in months)
    assert all(f'href="{u}"' in lists for u in urls)


# ---------------------------------------------------------------------------
# Files that change between builds (what the dev server does on every change)


def test_a_deleted_or_renamed_file_leaves_no_stale_page(make_project):
    root = make_project({
        "seeds/giu.txt": "Bài giữ nguyên không đổi gì\n\nNội dung giữ.",
        "seeds/xoa.txt": "Bài sẽ bị xóa khỏi thư mục\n\nNội dung xóa.",
        "seeds/cu.txt": "Bài sẽ được đổi tên tệp\n\nNội dung đổi tên.",
    })
    config = load_config(root)
    first = build(config)
    deleted = outcome(first, "seeds/xoa.txt").url
    renamed = outcome(first, "seeds/cu.txt").url
    (root / "seeds/xoa.txt").unlink()
    (root / "seeds/cu.txt").rename(root / "seeds/moi.txt")
    second = build(config)
    assert [f.source for f in second.report.files] == ["seeds/giu.txt", "seeds/moi.txt"]
    assert not (root / "_site" / deleted).exists()
    assert not (root / "_site/nguon" / Path(deleted).with_suffix(".txt").name).exists()
    assert deleted not in page(root, "index.html") and deleted not in page(root, "sitemap.xml")
    assert outcome(second, "seeds/moi.txt").url == renamed
    assert "Nội dung đổi tên." in page(root, renamed)
    export = json.loads(page(root, "dossier.json"))
    assert sorted(a["source_file"] for a in export["articles"]) == ["seeds/giu.txt", "seeds/moi.txt"]


# ---------------------------------------------------------------------------
# The command line: exit status and console


def run_cli(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), *args], cwd=root,
                          capture_output=True, text=True, timeout=300, env=checkout_env(), **kwargs)


def test_lost_documents_fail_the_build_and_are_named_last(hostile_site):
    root, _ = hostile_site
    done = run_cli(root)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == ("2 document(s) not published because they could not be read: "
                                            "seeds/image-named-txt.txt, seeds/invalid-utf8.txt")
    assert "seeds/dup-b.md:3: warning: slug 'trung-lap' is already used by seeds/dup-a.md" in done.stderr
    assert "every file and what became of it: _site/_report.json" in done.stdout


def test_warnings_alone_pass_unless_strict(make_project):
    root = make_project({
        "seeds/a.md": "---\ntitle: Ngày hỏng\ndate: hôm qua\n---\nNội dung.",
        "seeds/empty.txt": "",
        "seeds/b.txt": "Bài bình thường ở đây\n\nNội dung.",
    })
    normal = run_cli(root)
    assert normal.returncode == 0, normal.stderr
    assert normal.stderr.splitlines() == [
        "seeds/a.md:3: warning: date: 'hôm qua' is not a date (write YYYY-MM-DD); ignored",
        "seeds/empty.txt: warning: empty file",
    ]
    strict = run_cli(root, "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1] == "--strict: 2 warnings"


# ---------------------------------------------------------------------------
# Atomic output: a failed or interrupted build leaves the previous site exactly as it was


def test_a_render_failure_part_way_leaves_the_previous_site_byte_for_byte(make_project):
    root = make_project({f"seeds/{i}.txt": f"Tin số {i} về vòng đàm phán\n\nBộ trưởng Nguyễn Hồng Diên phát biểu."
                         for i in range(20)})
    assert run_cli(root).returncode == 0
    before = site_files(root)
    # Article pages render first; the person pages come later in the plan and now fail.
    (root / "templates/person.html").write_text("{{ person.no_such_field }}", encoding="utf-8")
    (root / "seeds/new.txt").write_text("Tin mới không được xuất bản\n\nNội dung.", encoding="utf-8")
    done = run_cli(root)
    assert done.returncode == 2
    assert "templates/person.html" in done.stderr and "the previous site (if any) is unchanged" in done.stderr
    assert site_files(root) == before
    assert leftover_folders(root) == []


def test_a_write_failure_part_way_leaves_the_previous_site_and_no_staging(tmp_path):
    out = tmp_path / "_site"
    write_site({"dossier.json": b"{}", "index.html": b"old"}, out)
    # "a" is written as a file, then "a/b.html" needs it to be a folder: the write fails midway.
    with pytest.raises(OSError):
        write_site({"dossier.json": b"{}", "a": b"x", "a/b.html": b"y", "index.html": b"new"}, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {"dossier.json": b"{}", "index.html": b"old"}
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


def test_ctrl_c_during_the_write_leaves_the_previous_site_byte_for_byte(make_project):
    """SIGINT a real build while it writes its staging folder: the old site stays, whole."""
    root = make_project({f"seeds/{i:03d}.txt": f"Tin số {i} về đàm phán\n\n{LEAD}" for i in range(400)})
    assert run_cli(root, "--quiet").returncode == 0
    before = site_files(root)
    for i in range(400):
        (root / f"seeds/{i:03d}.txt").write_text(f"Tin đã sửa số {i}\n\nNội dung mới.", encoding="utf-8")
    kept = 0
    for _attempt in range(6):
        # An earlier interrupted attempt may have left a staging folder (the next build clears it).
        leftovers = set(root.glob(".staging-_site-*"))
        proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root), "--quiet"], cwd=root,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=checkout_env())
        deadline = time.monotonic() + 120
        while (not set(root.glob(".staging-_site-*")) - leftovers and proc.poll() is None
               and time.monotonic() < deadline):
            time.sleep(0.001)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        after = site_files(root)
        if err.endswith("interrupted; the previous site (if any) is unchanged.\n"):
            assert proc.returncode == 130
            assert after == before
            kept += 1
        else:
            # The signal came as or after the new site was swapped in (or as the process exited):
            # then the new site is complete, never a mix.
            assert proc.returncode in (0, 130, -signal.SIGINT), err
            # (The home page lists the latest articles only: each article's own page is looked at.)
            pages = "".join(p.read_text(encoding="utf-8") for p in (root / "_site/bai-viet").glob("*.html"))
            assert all(f"Tin đã sửa số {i}" in pages for i in (0, 399)) and len(after) == len(before)
            shutil.rmtree(root / "_site")
            write_files(root / "_site", before)
        if kept >= 2:
            break
    assert kept >= 2
    # Whatever an interrupted build left beside the site, the next build clears away.
    assert run_cli(root, "--quiet").returncode == 0
    assert leftover_folders(root) == []


# ---------------------------------------------------------------------------
# The dev server serves the output folder and nothing else


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _raw_get(port: int, target: str) -> tuple[int, bytes]:
    """A GET with the path sent exactly as given (no client-side clean-up of `..`)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


def _listening_addresses(port: int) -> set[str]:
    """The local addresses listening on `port`, from the kernel's socket tables (Linux)."""
    found = set()
    for table, size in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                # The kernel writes each 32-bit word in host (little-endian) order.
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, size, 4))
                found.add(socket.inet_ntop(socket.AF_INET if size == 4 else socket.AF_INET6, words))
    return found


def test_the_dev_server_listens_on_this_machine_only_and_serves_nothing_outside_the_site(make_project):
    root = make_project({"seeds/a.txt": "Bài cho máy chủ thử nghiệm\n\nNội dung.", "secret.txt": SECRET})
    port = _free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port", str(port)],
                              cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=checkout_env())
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the dev server did not start"
                time.sleep(0.1)
        assert _raw_get(port, "/index.html")[0] == 200
        assert _listening_addresses(port) == {"127.0.0.1"}
        for target in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/static/../../secret.txt",
                       "/%2e%2e%2fseeds%2fa.txt", "/..\\secret.txt", "//etc/passwd", "/../seeds/a.txt"):
            status, data = _raw_get(port, target)
            assert status in (400, 403, 404), target
            assert SECRET.encode() not in data and b"root:" not in data and "Nội dung.".encode() not in data, target
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
