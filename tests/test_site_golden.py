"""Golden pages: one article, one round and one person page built from small fixture files; and,
from a second fixture with topics, a topic page and a round's "what changed" section.

The expected HTML is in tests/golden/. After a deliberate change to the templates, rewrite
it with `python -m pytest tests/test_site_golden.py --update-golden` and review the diff.
"""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.config import load_config

from conftest import REPO, write_files

GOLDEN = Path(__file__).parent / "golden"

FIXTURE = {
    "dossier.yaml": "base_url: https://example.org/ho-so/\npublisher: Nhóm biên tập thử nghiệm\n",
    "data/people.yaml": """\
- name: Nguyễn Hồng Diên
  roles: [Bộ trưởng Bộ Công Thương, Trưởng đoàn đàm phán Chính phủ Việt Nam]
  side: Việt Nam
- name: Jamieson Greer
  roles: [Trưởng Đại diện Thương mại Hoa Kỳ (USTR), Trưởng đoàn đàm phán phía Hoa Kỳ]
  side: Hoa Kỳ
""",
    "data/organizations.yaml": """\
- name: Bộ Công Thương
- name: Văn phòng Đại diện Thương mại Hoa Kỳ (USTR)
  aliases: [USTR]
""",
    "data/places.yaml": """\
- name: Washington D.C.
  aliases: [Washington D.C, Washington]
- name: Hà Nội
""",
    "data/rounds.yaml": """\
- kind: round
  number: 2
  start: 2025-05-19
  end: 2025-05-22
  place: Washington D.C.
  summary: Hai đoàn rà soát toàn bộ nội dung từ vòng đầu tiên.
""",
    # A date prefix, an outlet prefix, a quote, an organization written by its alias.
    "seeds/a.txt": """\
 date 2025-05-23 Kết thúc vòng đàm phán thứ hai
TPO - Vòng đàm phán thứ hai giữa Việt Nam và Hoa Kỳ diễn ra từ ngày 19–22/5/2025 tại Washington D.C. \
Đoàn Việt Nam do Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên dẫn đầu; đoàn Hoa Kỳ do Đại sứ Jamieson Greer làm trưởng đoàn.

Phát biểu bế mạc, Bộ trưởng Nguyễn Hồng Diên nhấn mạnh “hai bên cần sớm hoàn tất một hiệp định công bằng \
và cân bằng” cho doanh nghiệp hai nước.

Đại diện USTR cho biết các nhóm kỹ thuật sẽ tiếp tục làm việc trực tuyến.
""",
    # Front matter, Markdown, characters that must be escaped.
    "seeds/b.md": """\
---
title: "Bộ Công Thương công bố kết quả vòng hai"
created_at: "2025-05-26 08:00:00"
description: "Bộ Công Thương thông tin về kết quả vòng đàm phán thứ hai với Hoa Kỳ."
url: "https://example.com/bai-goc"
tags: [đàm phán, thương mại]
---
## Kết quả chính

Theo Bộ Công Thương, vòng đàm phán thứ hai đã thu hẹp khoảng cách trong nhiều lĩnh vực. Ông Jamieson Greer \
đánh giá cao thiện chí của phía Việt Nam & các đề xuất <mới>.
""",
    # No publication date: dated by the event it reports, and marked as estimated.
    "seeds/c.txt": """\
Chuẩn bị cho vòng đàm phán thứ hai
Ngày 16/5/2025, Bộ trưởng Nguyễn Hồng Diên họp với các bộ, ngành tại Hà Nội để chuẩn bị cho vòng đàm phán thứ hai với Hoa Kỳ.
""",
    # A call: a round of its own, after round 2.
    "seeds/d.txt": """\
 date 2025-06-10 Hai Trưởng đoàn điện đàm
Chiều ngày 10/6/2025, Bộ trưởng Nguyễn Hồng Diên đã có cuộc điện đàm với Đại sứ Jamieson Greer về các bước \
tiếp theo của tiến trình đàm phán.
""",
}

PAGES = {
    "article.html": "bai-viet/ket-thuc-vong-dam-phan-thu-hai.html",
    "round.html": "vong-dam-phan/vong-2.html",
    "person.html": "nhan-vat/nguyen-hong-dien.html",
    "month.html": "thang/2025-05.html",
}


def built(tmp_path_factory, name: str, seeds: dict[str, str]):
    root = tmp_path_factory.mktemp(name)
    shutil.copytree(REPO / "templates", root / "templates")
    # Fixed stand-ins for the static files, so the pages' hashed asset names do not follow every CSS edit.
    stand_ins = {f"static/{p.relative_to(REPO / 'static').as_posix()}": "golden\n"
                 for p in (REPO / "static").rglob("*") if p.is_file()}
    write_files(root, {**seeds, **stand_ins})
    build(load_config(root))
    return root / "_site"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built(tmp_path_factory, "golden", FIXTURE)


@pytest.mark.parametrize("golden, page", PAGES.items())
def test_page_matches_golden(site, golden, page, update_golden):
    actual = (site / page).read_text(encoding="utf-8")
    expected_file = GOLDEN / golden
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"tests/golden/{golden}", page))
        pytest.fail(f"{page} differs from tests/golden/{golden} "
                    f"(if the change is intended: pytest --update-golden, then review):\n{diff}")


# Two rounds with topics and figures: the topic's page tells its story across them, and round 3
# says what changed since round 2 (a topic new, one dropped, a figure different, a person joined).
TOPICS_FIXTURE = {
    "dossier.yaml": "publisher: Nhóm biên tập thử nghiệm\n",
    "data/people.yaml": FIXTURE["data/people.yaml"] + """\
- name: Nguyễn Sinh Nhật Tân
  roles: [Thứ trưởng Bộ Công Thương]
  side: Việt Nam
""",
    "data/rounds.yaml": """\
- kind: round
  number: 2
  start: 2025-05-19
  end: 2025-05-22
  place: Washington D.C.
- kind: round
  number: 3
  start: 2025-06-09
  end: 2025-06-12
  place: Washington D.C.
""",
    "data/topics.yaml": """\
- id: tariff
  name: {vi: Thuế quan, en: Tariffs}
  description: {vi: Mức thuế đối ứng Hoa Kỳ áp lên hàng Việt Nam., en: The reciprocal tariff on Vietnamese goods.}
  signals: {vi: [thuế đối ứng, mức thuế], en: [tariff]}
- id: agriculture
  name: {vi: Nông nghiệp, en: Agriculture}
  description: {vi: Nông sản trong đàm phán., en: Farm goods in the talks.}
  signals: {vi: [nông sản, cà phê]}
- id: transshipment-origin
  name: {vi: Trung chuyển và xuất xứ, en: Transshipment and rules of origin}
  description: {vi: Hàng đội lốt xuất xứ Việt Nam., en: Goods passed off as Vietnamese.}
  signals: {vi: [xuất xứ, trung chuyển]}
""",
    "seeds/v2.txt": """\
 date 2025-05-23 Kết thúc vòng đàm phán thứ hai
Vòng đàm phán thứ hai diễn ra từ ngày 19–22/5/2025 tại Washington D.C. giữa Bộ trưởng Nguyễn Hồng Diên và \
Đại sứ Jamieson Greer. Hai bên đàm phán về mức thuế đối ứng 46% Hoa Kỳ công bố hồi tháng 4.

Hai đoàn cũng trao đổi về nông sản, trong đó có cà phê và <hồ tiêu> & gia vị.
""",
    "seeds/v3.txt": """\
 date 2025-06-13 Kết thúc vòng đàm phán thứ ba
Vòng đàm phán thứ ba diễn ra từ ngày 9–12/6/2025 tại Washington D.C.; Bộ trưởng Nguyễn Hồng Diên và \
Thứ trưởng Nguyễn Sinh Nhật Tân làm việc với Đại sứ Jamieson Greer.

Hai bên bàn việc giảm thuế đối ứng xuống 20% và chống gian lận xuất xứ; hàng trung chuyển có thể chịu mức thuế 40%.
""",
}

TOPIC_PAGES = {
    "topic.html": "chu-de/tariff.html",
    "round-changes.html": "vong-dam-phan/vong-3.html",
}


@pytest.fixture(scope="module")
def topics_site(tmp_path_factory):
    return built(tmp_path_factory, "golden-topics", TOPICS_FIXTURE)


@pytest.mark.parametrize("golden, page", TOPIC_PAGES.items())
def test_topic_page_and_what_changed_match_golden(topics_site, golden, page, update_golden):
    test_page_matches_golden(topics_site, golden, page, update_golden)
