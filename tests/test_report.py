"""The build report: one outcome per file, the right status for what was lost and what was not."""
from __future__ import annotations

import json

from helpers import parse
from site_builder.dossier import assemble
from site_builder.problems import Problem
from site_builder.report import Failure, make_report
from site_builder.sources import Skipped


def report_of(lexicon, registry, *, docs=None, skipped=(), failures=(), general=()):
    parsed = [parse(text, lexicon, name) for name, text in (docs or {}).items()]
    return make_report(tuple(skipped), list(failures), parsed, assemble(parsed, registry), tuple(general))


def test_each_file_has_one_outcome_in_path_order(lexicon, registry):
    report = report_of(
        lexicon, registry,
        docs={"seeds/c.txt": "Tin đàm phán thương mại mới\n\nNội dung.",
              "seeds/a.md": "---\ntitle: Bản nháp chưa đăng\nuse: false\n---\nNội dung."},
        skipped=[Skipped("seeds/b.jpg", "not a document (.jpg)")],
        failures=[Failure("seeds/d.txt", "binary file (a PNG image), not text")],
    )
    assert [(f.source, f.status) for f in report.files] == [
        ("seeds/a.md", "draft"), ("seeds/b.jpg", "skipped"), ("seeds/c.txt", "published"), ("seeds/d.txt", "failed")]
    assert report.files[2].url == "bai-viet/tin-dam-phan-thuong-mai-moi.html"
    assert report.files[0].reason == "draft (use: false); not published"


def test_a_file_with_nothing_to_lose_is_skipped_with_a_warning(lexicon, registry):
    report = report_of(lexicon, registry, failures=[Failure("seeds/empty.txt", "empty file", lost=False)])
    (found,) = report.files
    assert (found.status, found.reason) == ("skipped", "empty file")
    assert found.problems == (Problem("seeds/empty.txt", None, "warning", "empty file"),)
    assert report.errors == () and len(report.warnings) == 1


def test_a_lost_document_is_an_error_with_its_line(lexicon, registry):
    report = report_of(lexicon, registry, failures=[Failure("seeds/x.txt", "not valid UTF-8", line=7)])
    (found,) = report.files
    assert found.status == "failed"
    assert found.problems == (Problem("seeds/x.txt", 7, "error", "not valid UTF-8"),)
    assert [str(p) for p in report.errors] == ["seeds/x.txt:7: error: not valid UTF-8"]


def test_an_unreadable_folder_is_a_loss(lexicon, registry):
    report = report_of(lexicon, registry, skipped=[Skipped("seeds/private/", "folder cannot be read", lost=True)])
    (found,) = report.files
    assert found.status == "failed" and found.problems[0].level == "error"


def test_document_problems_and_cut_lines_are_kept(lexicon, registry):
    text = "---\ntitle: Ngày hỏng ở đây\ndate: hôm qua\n---\nNội dung bài.\n\nTin liên quan\n\nBài khác."
    report = report_of(lexicon, registry, docs={"seeds/a.md": text})
    (found,) = report.files
    assert [str(p) for p in found.problems] == [
        "seeds/a.md:3: warning: date: 'hôm qua' is not a date (write YYYY-MM-DD); ignored"]
    assert [(c.line, c.text) for c in found.cuts] == [(7, "Tin liên quan"), (9, "Bài khác.")]


def test_json_has_a_summary_every_file_and_the_general_problems(lexicon, registry):
    report = report_of(
        lexicon, registry,
        docs={"seeds/a.txt": "Tin đàm phán thương mại mới\n\nNội dung."},
        failures=[Failure("seeds/b.txt", "empty file", lost=False), Failure("seeds/c.txt", "binary file")],
        general=[Problem("data/people.yaml", 3, "error", "bad entry")],
    )
    data = json.loads(report.to_json())
    assert data["summary"] == {"published": 1, "draft": 0, "skipped": 1, "failed": 1, "warnings": 1, "errors": 2}
    assert data["files"][0] == {
        "source": "seeds/a.txt", "status": "published", "url": "bai-viet/tin-dam-phan-thuong-mai-moi.html",
        "reason": None, "encoding": "utf-8", "problems": [], "cut": []}
    assert data["files"][2]["problems"] == [{"file": "seeds/c.txt", "line": None, "level": "error",
                                             "message": "binary file"}]
    assert data["problems"] == [{"file": "data/people.yaml", "line": 3, "level": "error", "message": "bad entry"}]


def test_json_stays_valid_utf8_with_any_file_name(lexicon, registry):
    report = report_of(lexicon, registry, skipped=[Skipped("seeds/tên \ufffd “lạ”.jpg", "not a document")])
    assert json.loads(report.to_json().decode("utf-8"))["files"][0]["source"] == "seeds/tên \ufffd “lạ”.jpg"
