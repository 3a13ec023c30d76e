"""Hostile and broken inputs, written by code (no binary fixtures in the repository).

`hostile_project` lays out a project whose seeds folder holds one file for every case the
robustness tests check; `HOSTILE_SITE` builds it once per test session for the tests of
the report, the pages and the browser.
"""
from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from conftest import REPO, write_files

LEAD = "Bộ trưởng Công Thương Nguyễn Hồng Diên cho biết hai bên đã thu hẹp khoảng cách trong đàm phán."
SECRET = "NỘI DUNG BÍ MẬT NGOÀI DỰ ÁN"
# Every script a payload manages to run sets this global or opens a dialog.
MARK = "__xss"


def png(width: int = 1, height: int = 1) -> bytes:
    """A valid PNG image (grey pixels), made here so no binary file is checked in."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def article(title: str, *, front: str = "", body: str = LEAD) -> str:
    """A Markdown article with front matter: `title` plus any extra YAML lines."""
    return f"---\ntitle: {title}\n{front}---\n\n{body}\n"


ALIAS_BOMB = "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['ha'] * 9)}]\n" for i in range(9)
)

# The XSS payloads: each would set window.__xss or open a dialog if it ever ran.
XSS_TITLE = f"<script>window.{MARK}=1</script><img src=x onerror=alert(1)>"
XSS_MARKDOWN = f"""\
Đoạn mở đầu có <script>window.{MARK}=1;alert(1)</script> ngay trong văn bản.

<img src=x onerror="window.{MARK}=1;alert(1)">

<svg onload="window.{MARK}=1"><script>alert(1)</script></svg>

<iframe srcdoc="<script>parent.{MARK}=1</script>"></iframe>

[Bấm vào đây](javascript:window.{MARK}=1) và [đây nữa](JaVaScRiPt:alert(1)) và [mã hóa](&#x6A;avascript:alert(1))

<a href="javascript:window.{MARK}=1">liên kết HTML</a> <javascript:alert(1)>

![ảnh](javascript:alert(1)) ![ảnh dữ liệu](data:text/html,<script>alert(1)</script>)

<style>body {{ display: none }}</style><object data="javascript:alert(1)"></object>

<div onmouseover="window.{MARK}=1" style="position:fixed;inset:0">phủ toàn trang</div>
"""
XSS_TEXT = f"Bài dạng văn bản thô có thẻ script\n\n<script>window.{MARK}=1</script> và <b onclick=alert(1)>chữ đậm</b>.\n"


def hostile_seeds(outside: Path) -> dict[str, str | bytes]:
    """Seed files by name; `outside` is a folder outside the project holding a secret."""
    return {
        "seeds/good.txt": f"Bài viết bình thường về đàm phán thương mại\n\n{LEAD}\n",
        "seeds/empty.txt": b"",
        "seeds/blank.md": b"  \n\t\n\r\n",
        "seeds/image-named-txt.txt": png(),
        "seeds/photo.jpg": png(),
        "seeds/invalid-utf8.txt": "Dòng một\nDòng hai\n".encode() + b"\xff\xfe\xfa\xc0" * 50,
        "seeds/damaged-byte.txt": ("Bài có một byte hỏng ở cuối bài\n\n" + f"{LEAD}\n" * 40).encode() + b"Cu\xffi.\n",
        "seeds/damaged-lines.txt": b"".join(
            line.encode() if n not in (3, 5, 7) else line.encode().replace("Diên".encode(), b"Di\xean")
            for n, line in enumerate(["Bài có vài byte hỏng trên nhiều dòng\n", "\n"] + [f"{LEAD}\n"] * 8, start=1)),
        "seeds/utf16-no-bom.txt": f"Bài viết lưu bằng UTF-16 không có BOM\n\n{LEAD}\n".encode("utf-16-le"),
        "seeds/yaml-invalid.md": f"---\ndate: 2025-11-12\ntitle: [Tiêu đề hỏng\n---\n\nFront matter hỏng. {LEAD}\n",
        "seeds/yaml-list.md": f"---\n- một\n- hai\n---\n\nFront matter là danh sách. {LEAD}\n",
        "seeds/date-slashes.md": article("Ngày ba mươi mốt tháng hai", front="date: 31/02/2025\n"),
        "seeds/date-words.md": article("Ngày viết bằng chữ hôm qua", front="date: hôm qua\n"),
        "seeds/date-iso.md": article("Ngày ISO không có thật", front="date: 2025-02-31\n"),
        "seeds/slug-escape.md": article("Slug muốn thoát ra ngoài", front="slug: ../../etc/passwd\n"),
        "seeds/slug-words.md": article("Slug có dấu và khoảng trắng", front="slug: Đàm phán vòng 3 tại Hà Nội\n"),
        "seeds/dup-a.md": article("Bài trùng slug thứ nhất", front="slug: trung-lap\n"),
        "seeds/dup-b.md": article("Bài trùng slug thứ hai", front="slug: trung-lap\n"),
        "seeds/thumb-ok.md": article("Ảnh đại diện có trong dự án", front="thumbnail: images/bia.png\n"),
        "seeds/thumb-outside.md": article("Ảnh đại diện ngoài dự án", front="thumbnail: ../outside/secret.png\n"),
        "seeds/thumb-link.md": article("Ảnh đại diện qua liên kết tượng trưng", front="thumbnail: images/link.png\n"),
        "seeds/thumb-svg.md": article("Ảnh đại diện SVG", front="thumbnail: images/chart.svg\n"),
        "seeds/thumb-web.md": article("Ảnh đại diện trên mạng", front="thumbnail: javascript:alert(1)\n"),
        "seeds/draft.md": article("Bản nháp chưa đăng", front="use: false\n"),
        "seeds/only-front-matter.md": "---\nslug: chi-co-front-matter\n---\n",
        "seeds/alias-bomb.md": article("Front matter bom bí danh", front=ALIAS_BOMB, body=f"Bom bí danh. {LEAD}"),
        "seeds/xss-title.md": article(f'"{XSS_TITLE}"', front=f'description: "\\"><script>window.{MARK}=1</script>"\n'
                                      f"url: javascript:window.{MARK}=1\n"
                                      f'source: "<img src=x onerror=window.{MARK}=1>"\n'
                                      f'tags: ["<script>window.{MARK}=1</script>"]\n'),
        "seeds/xss-body.md": article("Bài có mã độc trong Markdown", body=XSS_MARKDOWN),
        "seeds/xss-text.txt": XSS_TEXT,
        "seeds/<img src=x onerror=alert(1)>.txt": f"Tên tệp là một thẻ HTML. {LEAD}\n",
        # Not seeds: what the thumbnails point at.
        "images/bia.png": png(2, 2),
        "images/chart.svg": f'<svg xmlns="http://www.w3.org/2000/svg"><script>window.{MARK}=1</script></svg>',
    }


def hostile_project(make_project, tmp_path: Path) -> Path:
    """A project with every hostile seed, the sample 004 (its thumbnail is missing), and links out."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "secret.png").write_bytes(png(3, 3))
    (outside / "folder").mkdir()
    (outside / "folder" / "inside.txt").write_text(SECRET, encoding="utf-8")
    root = make_project(hostile_seeds(outside))
    # make_project puts the project at tmp_path/project, so ../outside is beside it.
    assert root.parent == tmp_path
    sample = next((REPO / "seeds").glob("004_*.txt"))
    shutil.copy(sample, root / "seeds" / sample.name)
    os.symlink(outside / "secret.txt", root / "seeds" / "link-out.txt")
    os.symlink(outside / "folder", root / "seeds" / "linked-folder")
    os.symlink(outside / "secret.png", root / "images" / "link.png")
    os.mkfifo(root / "seeds" / "pipe.txt")
    (root / "seeds" / os.fsdecode(b"bad-name-\xff.txt")).write_text(f"Tên tệp có byte hỏng ở giữa\n\n{LEAD}\n",
                                                                    encoding="utf-8")
    write_files(root, {"secret-in-project.txt": SECRET})
    return root


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """The hostile project, built once: (project folder, build result)."""
    from site_builder.build import build
    from site_builder.config import load_config

    tmp_path = tmp_path_factory.mktemp("hostile")

    def make_project(files):
        root = tmp_path / "project"
        root.mkdir()
        for name in ("templates", "static", "data"):
            shutil.copytree(REPO / name, root / name)
        (root / "seeds").mkdir()
        write_files(root, files)
        return root

    root = hostile_project(make_project, tmp_path)
    return root, build(load_config(root))
