"""bench/extraction.py: the scoring rules of the labelled corpus, and one run end to end."""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys

import pytest

from conftest import REPO, checkout_env

_spec = importlib.util.spec_from_file_location("bench_extraction", REPO / "bench/extraction.py")
ex = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ex)


def article(**fields):
    base = {"id": "a", "source_file": "seeds/a.txt", "title": "T", "title_derived": False, "date": None,
            "event_dates": [], "round": None, "people": [], "organizations": []}
    return {**base, **fields}


# -- date ---------------------------------------------------------------------------


@pytest.mark.parametrize("accept, date, event_dates, ok", [
    (["2025-04-04"], "2025-04-04", [], True),
    (["2025-04-04"], "2025-04-05", [], False),
    (["2025-04-02..2025-04-03"], "2025-04-02", [], True),      # both ends inclusive
    (["2025-04-02..2025-04-03"], "2025-04-03", [], True),
    (["2025-04-02..2025-04-03"], "2025-04-04", [], False),
    (["2025-06"], "2025-06-30", [], True),
    (["2025-06"], "2025-07-01", [], False),
    (["--04-03"], None, [{"month_day": "--04-03"}], True),      # no year, but the day is there
    (["--04-03"], None, [{"month_day": "--04-04"}], False),
    (["--04-03"], "2026-04-03", [], True),                      # a full date with that month and day
    (["--04-03"], "2026-03-04", [], False),
    (["undated"], None, [], True),
    (["undated"], "2025-04-04", [], False),
    (["2025-04-04"], None, [], False),
])
def test_date_accept_entries(accept, date, event_dates, ok):
    result = ex.score_date(article(date=date, event_dates=event_dates), {"date_accept": accept})
    assert result["ok"] is ok
    assert bool(result["lines"]) is (not ok)


def test_date_accepts_yaml_date_objects_and_says_what_it_wanted():
    import datetime

    label = {"date_accept": [datetime.date(2025, 4, 4), "--04-04", "undated"]}
    assert ex.score_date(article(date="2025-04-04"), label)["ok"]
    miss = ex.score_date(article(date="2025-05-01"), label)
    assert miss["lines"] == ["date: got 2025-05-01, want one of [2025-04-04, --04-04, undated]"]
    assert not ex.score_date(None, label)["ok"]


# -- event --------------------------------------------------------------------------

ROUNDS = {
    "vong-2": {"id": "vong-2", "kind": "round", "number": 2, "start": "2025-05-19"},
    "phien-8": {"id": "phien-8", "kind": "ministerial", "number": 8, "start": "2025-11-10"},
    "phien-x": {"id": "phien-x", "kind": "ministerial", "number": None, "start": "2025-04-09"},
    "dien-dam-2025-04-04": {"id": "dien-dam-2025-04-04", "kind": "call", "number": None, "start": "2025-04-04"},
    "tb": {"id": "tb", "kind": "statement", "number": None, "start": "2025-10-26"},
    "khac": {"id": "khac", "kind": "other", "number": None, "start": "2025-10-26"},
}


@pytest.mark.parametrize("round_id, label, ok", [
    ("vong-2", {"group": "round-2"}, True),
    ("vong-2", {"group": "round-3"}, False),
    ("phien-8", {"group": "ministerial-8"}, True),
    ("phien-8", {"group": "ministerial-2025-11-10"}, True),          # a numbered session by its date too
    ("phien-x", {"group": "ministerial-2025-04-09"}, True),
    ("phien-x", {"group": "ministerial-3"}, False),
    ("dien-dam-2025-04-04", {"group": "call-2025-04-04"}, True),     # the dossier's own id, named by kind and date
    ("dien-dam-2025-04-04", {"group": "call-2025-04-05"}, False),
    ("dien-dam-2025-04-04", {"group": "briefing-2025-04-04", "group_kind": "other"}, False),
    ("tb", {"group": "joint-statement-2025-10-26", "group_kind": "joint-statement"}, True),
    ("khac", {"group": "meeting-2025-10-26", "group_kind": "other"}, True),  # same kind (other), same day
    ("khac", {"group": "meeting-2025-10-27", "group_kind": "other"}, False),
    ("khac", {"group": "call-2025-10-26", "group_kind": "call"}, False),
    ("vong-2", {"group": "meeting-2025-05-19", "group_alternatives": ["round-2"]}, True),
    (None, {"group": "meeting-2025-05-07", "group_alternatives": [None]}, True),  # null: unassigned is right
    (None, {"group": "meeting-2025-05-07", "group_alternatives": []}, False),
    (None, {"group": None, "group_alternatives": []}, True),
    ("vong-2", {"group": None, "group_alternatives": []}, False),
])
def test_event_groups(round_id, label, ok):
    result = ex.score_event(article(round=round_id), label, ROUNDS)
    assert result["ok"] is ok, result
    assert bool(result["lines"]) is (not ok)


def test_event_miss_names_the_group_and_the_alternatives():
    label = {"group": "call-2025-04-04", "group_alternatives": ["meeting-2025-04-04", None]}
    (line,) = ex.score_event(article(round="vong-2"), label, ROUNDS)["lines"]
    assert line == "event: got round-2 (vong-2), want call-2025-04-04 (or meeting-2025-04-04, null)"


# -- title --------------------------------------------------------------------------

RAW = "date 2025-06 Photo : YONHAP News\nNgày 26/6, Thủ tướng Phạm Minh Chính phát biểu tại Thiên Tân về chuỗi cung ứng.\n"


@pytest.mark.parametrize("got, derived, label, ok", [
    ("Việt Nam và Mỹ ra tuyên bố chung.", False,
     {"title": "“VIỆT NAM   và Mỹ ra tuyên bố chung”", "title_in_file": "first-line"}, True),
    ("Bảng giá điện tử Danh mục đầu tư", False,
     {"title": "Việt Nam, Hoa Kỳ kết thúc vòng 5", "title_in_file": "scraped-heading"}, False),
    ("Thủ tướng Phạm Minh Chính phát biểu tại Thiên Tân…", True,
     {"title": None, "title_in_file": "none"}, True),                       # words of the text, cut at a word
    ("Thủ tướng Phạm Minh Chính phát biểu ở Bắc Kinh…", True,
     {"title": None, "title_in_file": "none"}, False),                      # not in the text
    ("Photo : YONHAP News", True,
     {"title": None, "title_in_file": "none", "boilerplate_lines": ["Photo : YONHAP News"]}, False),  # chrome
    ("date 2025-06 Photo : YONHAP News", True, {"title": None, "title_in_file": "none"}, False),  # a prefix
    ("26/6, Thủ tướng Phạm Minh Chính phát biểu", True, {"title": None, "title_in_file": "none"}, False),
    ("Thủ tướng Phạm Minh Chính phát biểu tại Thiên Tân", False,
     {"title": None, "title_in_file": "none"}, False),                      # taken as a title, not derived
    ("Tầm cao mới của đối ngoại Việt Nam", False,
     {"title": "Tầm cao mới của đối ngoại Việt Nam", "title_in_file": "none"}, True),
])
def test_titles(got, derived, label, ok):
    result = ex.score_title(article(title=got, title_derived=derived), label, RAW)
    assert result["ok"] is ok, result
    assert bool(result["lines"]) is (not ok)


def test_a_derived_title_is_words_of_the_text_across_markup_and_tone_placement():
    raw = "---\ndate: 2025-01-01\n---\n**Thoả thuận** thương mại [Việt Nam](https://x.vn) được ký\n"
    label = {"title": None, "title_in_file": "none"}
    assert ex.score_title(article(title="Thỏa thuận thương mại Việt Nam được ký", title_derived=True), label, raw)["ok"]
    assert not ex.score_title(article(title="Thỏa thuận Việt Nam được ký", title_derived=True), label, raw)["ok"]


def test_raw_files_are_decoded_by_bom_then_utf8_then_windows_1258():
    text = "Bộ trưởng Nguyễn Hồng Diên"
    assert ex.decode_raw(b"\xff\xfe" + text.encode("utf-16-le")) == text
    assert ex.decode_raw(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    decomposed = "Bô\u0323 trươ\u0309ng"  # what cp1258 holds: base letters and combining tone marks
    assert ex.decode_raw(decomposed.encode("cp1258")) == "Bộ trưởng"


# -- people -------------------------------------------------------------------------

PEOPLE = {
    "nguyen-sinh-nhat-tan": {"id": "nguyen-sinh-nhat-tan", "name": "Nguyễn Sinh Nhật Tân", "aliases": []},
    "nguyen-birthday-tan": {"id": "nguyen-birthday-tan", "name": "Nguyen Birthday Tan", "aliases": []},
    "jamieson-greer": {"id": "jamieson-greer", "name": "Jamieson L. Greer", "aliases": ["Jamieson Greer"]},
    "nguyen-minh": {"id": "nguyen-minh", "name": "Nguyên Minh", "aliases": []},
    "truth-social": {"id": "truth-social", "name": "Truth Social", "aliases": []},
    "ho-duc-phoc": {"id": "ho-duc-phoc", "name": "Hồ Đức Phớc", "aliases": []},
}


def test_people_alias_form_neutral_extra_and_missed():
    label = {
        "people": ["Nguyễn Sinh Nhật Tân", "Jamieson Greer", "Tạ Hoàng Linh"],
        "people_forms_in_text": {"Nguyễn Sinh Nhật Tân": ["Deputy Minister Nhat Tan", "Nguyen Birthday Tan"]},
        "people_neutral": ["Nguyên Minh"],
    }
    found = article(people=["nguyen-birthday-tan", "jamieson-greer", "nguyen-minh", "truth-social"])
    result = ex.score_people(found, label, PEOPLE)
    assert result["matched"] == {"Nguyễn Sinh Nhật Tân": "nguyen-birthday-tan", "Jamieson Greer": "jamieson-greer"}
    assert (result["tp"], result["fp"], result["fn"]) == (2, 1, 1)
    assert result["lines"] == ['people: missed "Tạ Hoàng Linh"', 'people: extra "Truth Social"']


def test_people_compare_nfc_and_case_and_a_second_match_on_one_page_is_an_extra():
    label = {"people": ["nguyễn sinh nhật tân"],
             "people_forms_in_text": {"nguyễn sinh nhật tân": ["Nguyen Birthday Tan"]}}
    decomposed = {"x": {"id": "x", "name": "Nguye\u0302\u0303n Sinh Nha\u0323\u0302t Ta\u0302n", "aliases": []}}
    result = ex.score_people(article(people=["x"]), label, decomposed)
    assert (result["tp"], result["fp"], result["fn"]) == (1, 0, 0)
    both = ex.score_people(article(people=["nguyen-sinh-nhat-tan", "nguyen-birthday-tan"]), label, PEOPLE)
    assert (both["tp"], both["fp"], both["fn"]) == (1, 1, 0)


def test_one_person_on_two_pages_is_a_split_and_one_more_miss():
    labels = [
        {"file": "a.txt", "people": ["Nguyễn Sinh Nhật Tân"], "date_accept": [], "group": None,
         "people_forms_in_text": {"Nguyễn Sinh Nhật Tân": ["Nguyen Birthday Tan"]}},
        {"file": "b.txt", "people": ["Nguyễn Sinh Nhật Tân"], "date_accept": [], "group": None},
    ]
    dossier = {"articles": [article(id="a", source_file="seeds/a.txt", people=["nguyen-birthday-tan"]),
                            article(id="b", source_file="seeds/b.txt", people=["nguyen-sinh-nhat-tan"])],
               "people": list(PEOPLE.values()), "rounds": [], "organizations": []}
    report = {"files": [{"source": "seeds/a.txt", "status": "published"},
                        {"source": "seeds/b.txt", "status": "published"}]}
    result = ex.evaluate(labels, dossier, report, {"a.txt": "", "b.txt": ""})
    (split,) = result["splits"]
    assert split["lines"] == ['split: "Nguyễn Sinh Nhật Tân" on 2 pages (nguyen-birthday-tan, nguyen-sinh-nhat-tan)']
    people = result["totals"]["people"]
    assert (people["tp"], people["fp"], people["fn"]) == (2, 0, 1)
    assert any(line.startswith("*corpus*: split:") for line in ex.miss_lines(result))


# -- organizations, roles, sides, lost ----------------------------------------------------


def test_organizations_recall_by_name_or_alias():
    orgs = {"ustr": {"id": "ustr", "name": "Văn phòng Đại diện Thương mại Hoa Kỳ", "aliases": ["USTR"]}}
    result = ex.score_organizations(article(organizations=["ustr"]), {"organizations": ["ustr", "WTO"]}, orgs)
    assert (result["found"], result["total"], result["missed"]) == (1, 2, ["WTO"])


def test_roles_fold_case_diacritics_my_hoa_ky_and_bo():
    assert ex.fold_role("Bộ trưởng Bộ Công Thương") == ex.fold_role("bộ trưởng công thương")
    assert ex.fold_role("Tổng thống Mỹ") == ex.fold_role("Tổng thống Hoa Kỳ")
    assert ex.fold_role("Trưởng đoàn đàm phán") == "truong doan dam phan"
    assert ex.fold_role("Thứ trưởng") != ex.fold_role("Bộ trưởng")


def test_roles_are_scored_where_each_article_gives_them():
    people = {"t": {"id": "t", "name": "Donald Trump", "side": "Hoa Kỳ",
                    "roles": [{"title": "Tổng thống Hoa Kỳ", "from": None, "to": None, "articles": ["a"]}]},
              "i": {"id": "i", "name": "Dan Ives", "roles": [], "side": None}}
    labels = {"a.txt": {"roles": {"Donald Trump": {"side": "Hoa Kỳ", "roles": ["Tổng thống Mỹ"]},
                                  "Dan Ives": {"side": "other", "roles": ["Trưởng bộ phận nghiên cứu"]}}},
              "b.txt": {"roles": {"Donald Trump": {"side": "Việt Nam", "roles": ["Tổng thống"]}}}}
    # What each article's text gave each person, as written (dossier.json's articles[].roles).
    articles = {"a.txt": {"roles": {"t": ["Tổng thống Mỹ", "Tỷ phú"]}}, "b.txt": {"roles": {}}}
    results = {"a.txt": {"matched": {"Donald Trump": "t", "Dan Ives": "i"}}, "b.txt": {"matched": {"Donald Trump": "t"}}}
    roles = ex.score_roles(results, labels, people, articles)
    assert roles["recall"] == pytest.approx(1 / 3)      # Tổng thống Mỹ found in a.txt; two roles missed
    assert roles["precision"] == pytest.approx(1 / 2)   # Tỷ phú is in no label of a.txt for Trump
    assert roles["sides"] == pytest.approx(1 / 3)       # Ives is `other`, not unknown; Trump's b.txt label differs
    assert roles["file_lines"]["a.txt"] == ['roles: extra "Tỷ phú" for Donald Trump',
                                            'roles: missed "Trưởng bộ phận nghiên cứu" for Dan Ives',
                                            "side: got null, want other for Dan Ives"]
    assert roles["file_lines"]["b.txt"] == ['roles: missed "Tổng thống" for Donald Trump',
                                            "side: got Hoa Kỳ, want Việt Nam for Donald Trump"]
    assert roles["counts"]["longest_role_words"] == 4 and roles["lines"] == []


def test_a_role_longer_than_twelve_words_anywhere_is_reported():
    title = "Trợ lý Ngoại trưởng Hoa Kỳ phụ trách các vấn đề Đông Á và Thái Bình Dương"
    people = {"d": {"id": "d", "name": "Michael DeSombre", "side": "Hoa Kỳ",
                    "roles": [{"title": title, "from": None, "to": None, "articles": []}]}}
    roles = ex.score_roles({}, {}, people, {})
    assert roles["counts"]["longest_role_words"] == 17
    assert roles["lines"] == [f'roles: "{title}" for Michael DeSombre has 17 words (at most 12)']


def test_side_other_is_its_own_side():
    assert ex.side_ok("other", "other") and not ex.side_ok(None, "other")
    assert not ex.side_ok("Hoa Kỳ", "other")
    assert ex.side_ok("Việt Nam", "Việt Nam") and not ex.side_ok(None, "Việt Nam")


def test_lost_files():
    report = {"files": [{"source": "seeds/a.txt", "status": "published"},
                        {"source": "seeds/b.txt", "status": "failed", "reason": "binary"},
                        {"source": "seeds/c.txt", "status": "skipped", "reason": "empty file"},
                        {"source": "seeds/d.txt", "status": "published"}]}
    articles = {"a.txt": {}}
    lost = ex.find_lost(["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"], report, articles)
    assert sorted(lost) == ["c.txt", "d.txt", "e.txt"]
    assert lost["e.txt"] == "not in _report.json"


def test_the_last_six_lines_are_the_totals_in_order():
    totals = {"date": (35, 36), "event": (34, 36), "title": (36, 36),
              "people": {"tp": 80, "fp": 2, "fn": 4, "precision": 80 / 82, "recall": 80 / 84},
              "organizations": {"found": 9, "total": 10, "recall": 0.9},
              "roles": {"precision": 0.5, "recall": 0.25, "sides": 1.0, "roles_found": 1, "roles_labelled": 4,
                        "sides_ok": 3, "sides_total": 3, "longest_role_words": 9}, "lost": 0}
    assert ex.totals_lines(totals) == [
        "roles: precision 0.50 recall 0.25 (1/4); sides 1.00 (3/3); longest 9 words  "
        "target P 0.90 R 0.85 sides 0.95 ≤ 12 words",
        "organizations: recall 0.90 (9/10)",
        "date: 0.97 (35/36)  target 0.97",
        "event: 0.94 (34/36)  target 0.95",
        "title: 1.00 (36/36)  target 0.95",
        "people: precision 0.98 recall 0.95 (80/2/4)  target P 0.97 R 0.95; lost: 0",
    ]
    assert ex.targets_missed(totals) == ["event", "roles precision", "roles recall"]
    good_roles = {**totals["roles"], "precision": 0.95, "recall": 0.9}
    assert ex.targets_missed({**totals, "event": (36, 36), "roles": good_roles, "lost": 1}) == ["lost"]
    assert ex.targets_missed({**totals, "event": (36, 36), "roles": {**good_roles, "longest_role_words": 13}}) == \
        ["role length"]


# -- end to end ------------------------------------------------------------------------

LABELS = """\
articles:
- file: a.md
  title: Việt Nam và Hoa Kỳ bước vào vòng đàm phán thứ hai
  title_in_file: front-matter
  date_accept: [2025-05-19]
  group: round-2
  group_alternatives: [null]
  people: []
  organizations: []
- file: b.txt
  title: Thông tin mới về đàm phán thuế đối ứng
  title_in_file: prefix-line
  date_accept: ['2025-09-15']
  group: null
  group_alternatives: []
  people: []
  organizations: []
- file: bad.txt
  title: Không đọc được
  title_in_file: first-line
  date_accept: [2025-01-01]
  group: null
  people: [Nguyễn Hồng Diên]
  organizations: []
"""


def run(args, **kwargs):
    return subprocess.run([sys.executable, str(REPO / "bench/extraction.py"), *args], capture_output=True,
                          text=True, timeout=120, env=checkout_env(), **kwargs)


def test_a_tiny_corpus_end_to_end(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    (corpus / "labels.yaml").write_text(LABELS, encoding="utf-8")
    (corpus / "raw/a.md").write_text(
        "---\ntitle: Việt Nam và Hoa Kỳ bước vào vòng đàm phán thứ hai\ndate: 2025-05-19\n---\n\n"
        "Sáng 19/5, hai đoàn bắt đầu làm việc tại Washington.\n", encoding="utf-8")
    (corpus / "raw/b.txt").write_text(
        " date 2025-09-15 Thông tin mới về đàm phán thuế đối ứng\n\nHai bên tiếp tục trao đổi.\n", encoding="utf-8")
    (corpus / "raw/bad.txt").write_bytes(b"\x00\x01binary\x00")   # the build cannot read it (exit 1)
    (corpus / "raw/empty.txt").write_text("", encoding="utf-8")      # skipped: in the report, not in the dossier
    out = tmp_path / "result.json"

    done = run([str(corpus), "--json", str(out)])
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    last = lines[-6:]
    assert last[0].startswith("roles: precision n/a recall n/a (0/0); sides n/a (0/0); longest 0 words")
    assert re.fullmatch(r"organizations: recall \S+ \(0/0\)", last[1])
    assert last[2] == "date: 0.67 (2/3)  target 0.97"           # bad.txt has no article: a miss
    assert last[3] == "event: 0.67 (2/3)  target 0.95"
    assert last[4] == "title: 0.67 (2/3)  target 0.95"
    assert last[5] == "people: precision n/a recall 0.00 (0/0/1)  target P 0.97 R 0.95; lost: 1"
    assert any(line.startswith("bad.txt: failed: ") for line in lines)   # failed, not lost
    assert 'bad.txt: people: missed "Nguyễn Hồng Diên"' in lines
    assert any(line.startswith("empty.txt: lost: status skipped") for line in lines)
    assert not any(line.startswith(("a.md:", "b.txt:")) for line in lines)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["totals"]["date"] == [2, 3] and data["totals"]["lost"] == 1
    assert data["files"]["a.md"]["date"]["got"] == "2025-05-19"
    assert set(data["targets_missed"]) >= {"date", "event", "title", "people recall", "lost"}

    assert run([str(corpus), "--fail-under"]).returncode == 1

    (corpus / "labels.yaml").unlink()
    missing = run([str(corpus)])
    assert missing.returncode == 2 and "labels.yaml" in missing.stderr


def test_an_organization_labelled_with_its_abbreviation_matches_either_form():
    organizations = {"bsr": {"name": "Công ty cổ phần Lọc hóa dầu Bình Sơn", "aliases": ["BSR"]}}
    label = {"organizations": ["Lọc hoá dầu Bình Sơn (BSR)", "Petrovietnam (PVN)"]}
    result = ex.score_organizations({"organizations": ["bsr"]}, label, organizations)
    assert result["found"] == 1 and result["missed"] == ["Petrovietnam (PVN)"]


# -- topics and figures -------------------------------------------------------------------


def test_topics_precision_and_recall_per_article():
    result = ex.score_topics(article(topics=["tariff", "investment"]), {"topics": ["tariff", "agriculture"]})
    assert (result["tp"], result["fp"], result["fn"]) == (1, 1, 1)
    assert result["lines"] == ['topics: missed "agriculture"', 'topics: extra "investment"']
    assert ex.score_topics(article(topics=["tariff"]), {}) is None          # not labelled: not scored
    assert ex.score_topics(article(topics=[]), {"topics": []})["lines"] == []


def figure(text, sentence, offset=None, **more):
    return {"text": text, "sentence": sentence, "offset": sentence.index(text) if offset is None else offset, **more}


def test_a_labelled_figure_is_found_when_an_extracted_one_covers_it():
    figures = [figure("46%", "Mỹ áp thuế 46% với hàng Việt Nam."), figure("50 máy bay", "Hãng mua 50 máy bay Boeing."),
               figure("zero percent", "a zero percent reciprocal tariff rate.")]
    assert ex.figure_found("46%", figures)
    assert ex.figure_found("50 máy bay Boeing", figures)                   # the label reaches past the figure
    assert ex.figure_found("Zero Percent", figures)                        # case aside
    assert not ex.figure_found("46 triệu USD", figures)
    # The same words elsewhere in the sentence than the figure are not it.
    assert not ex.figure_found("20%", [figure("46%", "Từ 20% lên 46%.", offset=9)])


def test_figures_recall_ordinals_and_dates_taken_as_figures():
    label = {"figures": ["46%", "lần thứ 5", "sixth round", "90 ngày"]}
    got = article(figures=[figure("46%", "Thuế 46%."), figure("2025", "Năm 2025."), figure("9/4", "Ngày 9/4.")])
    result = ex.score_figures(got, label)
    assert (result["found"], result["total"], result["ordinals"]) == (1, 4, 2)
    assert result["lines"] == ['figures: missed "lần thứ 5" (an ordinal: by rule not a figure)',
                               'figures: missed "sixth round" (an ordinal: by rule not a figure)',
                               'figures: missed "90 ngày"', 'figures: "2025" is a date or a year',
                               'figures: "9/4" is a date or a year']
    assert ex.score_figures(got, {}) is None


def test_topic_and_figure_totals_and_their_lines():
    files = {"a": {"topics": {"tp": 9, "fp": 1, "fn": 1}, "figures": {"found": 9, "total": 11, "ordinals": 1,
                                                                   "ordinals_missed": 1, "dates": []}},
             "b": {"topics": None, "figures": None}}
    totals = ex.substance_totals(files)
    assert ex.substance_lines(totals) == [
        "topics: precision 0.90 recall 0.90 (9/1/1)  target P 0.90 R 0.85",
        "figures: recall 0.90 without ordinals, 0.82 (9/11) with the 1 ordinal labels  target 0.90; "
        "dates or years as figures: 0",
    ]
    assert ex.substance_missed(totals) == []
    files["a"]["figures"]["dates"] = ["2025"]
    assert ex.substance_missed(ex.substance_totals(files)) == ["dates as figures"]


def test_a_tiny_corpus_with_topics_and_figures_end_to_end(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    (corpus / "labels.yaml").write_text("""\
articles:
- file: a.txt
  title: Mỹ giảm thuế đối ứng
  title_in_file: prefix-line
  date_accept: [2025-08-01]
  group: null
  people: []
  organizations: []
  topics: [tariff, agriculture]
  figures: [20%, 46%, lần thứ 5]
""", encoding="utf-8")
    (corpus / "raw/a.txt").write_text(
        " date 2025-08-01 Mỹ giảm thuế đối ứng\n\nHai bên đàm phán giảm thuế đối ứng từ 46% xuống 20% năm 2025.\n",
        encoding="utf-8")
    done = run([str(corpus)])
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert 'a.txt: topics: missed "agriculture"' in lines
    assert 'a.txt: figures: missed "lần thứ 5" (an ordinal: by rule not a figure)' in lines
    assert lines[-8] == "topics: precision 1.00 recall 0.50 (1/0/1)  target P 0.90 R 0.85"
    assert lines[-7] == ("figures: recall 1.00 without ordinals, 0.67 (2/3) with the 1 ordinal labels  target 0.90; "
                         "dates or years as figures: 0")
    assert run([str(corpus), "--fail-under"]).returncode == 1            # topic recall under its target
