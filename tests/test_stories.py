"""One story, many outlets: where the line between a copy and another report falls."""
from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.extract.likeness import text_signature
from site_builder.registry import Registry
from site_builder.stories import CONTAINMENT, Candidate, StoryIndex, containment, find_stories

from helpers import dossier_of

FIXTURES = Path(__file__).parent / "fixtures" / "stories"
DISPATCH = (FIXTURES / "dispatch.txt").read_text(encoding="utf-8")
TITLE, _, BODY = DISPATCH.partition("\n\n")
PARAGRAPHS = BODY.strip().split("\n\n")

# The same dispatch as outlets print it.
WITH_CHROME = ("Trang chủ | Thời sự | Kinh tế | Thế giới\n" + "Kinh tế › Thị trường\n"
               "Thứ Sáu, 15/11/2025 08:30 (GMT+7)\n" + TITLE + "\n\n" + BODY.strip()
               + "\n\nTin bài liên quan\nGiá vàng hôm nay tăng mạnh\nXuất khẩu gạo đạt kỷ lục\n")
NEW_LEAD = ("Hai đoàn đàm phán Việt Nam – Hoa Kỳ vừa khép lại vòng đàm phán thứ năm tại thủ đô nước Mỹ, "
            "theo thông tin từ Bộ Công Thương chiều 15/11.")
REWRITTEN_LEAD = "Vòng 5 đàm phán thương mại Việt – Mỹ khép lại\n\n" + "\n\n".join([NEW_LEAD, *PARAGRAPHS[1:]])
TRUNCATED = "Kết thúc vòng đàm phán thứ năm\n\n" + "\n\n".join(PARAGRAPHS[:3]) + "\n"
INDEPENDENT = (FIXTURES / "independent.txt").read_text(encoding="utf-8")
TRANSLATION = (FIXTURES / "translation.txt").read_text(encoding="utf-8")


def signature(text: str):
    return text_signature(text.partition("\n\n")[2])


@pytest.mark.parametrize("copy", [WITH_CHROME, REWRITTEN_LEAD, TRUNCATED], ids=["chrome", "new-lead", "truncated"])
def test_a_copy_shares_most_of_the_shorter_text(copy):
    assert containment(signature(DISPATCH), signature(copy)) >= 0.6


@pytest.mark.parametrize("other", [INDEPENDENT, TRANSLATION], ids=["independent-report", "translation"])
def test_another_report_of_the_same_event_or_a_translation_is_not_a_copy(other):
    # Same round, same people, same figures: similarity of topic, not of text.
    assert containment(signature(DISPATCH), signature(other)) < 0.3 < CONTAINMENT


def stories_of(docs: dict[str, str]):
    d = dossier_of(docs, Registry())
    by_file = {a.source_file: a for a in d.articles}
    return d, by_file


def test_copies_form_one_story_under_the_most_complete_text():
    d, by_file = stories_of({
        "seeds/vna.txt": " date 2025-11-15 " + DISPATCH,
        "seeds/aggregator.txt": " date 2025-11-16 " + WITH_CHROME,
        "seeds/rewrite.txt": " date 2025-11-15 " + REWRITTEN_LEAD,
        "seeds/short.txt": " date 2025-11-14 " + TRUNCATED,  # earlier, but cut short: not the main one
        "seeds/own-report.txt": " date 2025-11-15 " + INDEPENDENT,
        "seeds/english.txt": " date 2025-11-15 " + TRANSLATION,
    })
    (story,) = d.stories
    main = by_file["seeds/vna.txt"]
    assert story.main == main.id and main.copy_of is None and main.story == main.id
    assert {k for k, _ in story.copies} == {by_file[f].id for f in ("seeds/aggregator.txt", "seeds/rewrite.txt",
                                                                    "seeds/short.txt")}
    assert all(share >= CONTAINMENT for _, share in story.copies)
    for f in ("seeds/aggregator.txt", "seeds/rewrite.txt", "seeds/short.txt"):
        assert by_file[f].copy_of == main.id and by_file[f].story == main.id and by_file[f].likeness >= CONTAINMENT
    for f in ("seeds/own-report.txt", "seeds/english.txt"):
        assert by_file[f].copy_of is None and by_file[f].story is None


def test_a_draft_is_never_a_story_s_main_article():
    d, by_file = stories_of({
        "seeds/draft.md": "---\ntitle: Bản nháp\ndate: 2025-11-14\ndraft: true\n---\n" + BODY,
        "seeds/short.txt": " date 2025-11-15 " + TRUNCATED,
        "seeds/aggregator.txt": " date 2025-11-16 " + WITH_CHROME,
    })
    (story,) = d.stories
    assert story.main == by_file["seeds/aggregator.txt"].id
    assert "seeds/draft.md" not in by_file and [x.source_file for x in d.drafts] == ["seeds/draft.md"]


def test_an_edit_compares_only_the_edited_article():
    texts = {f"seeds/{i}.txt": f"Tin {i}\n\n" + " ".join(f"từ{i}x{j}" for j in range(80)) for i in range(40)}
    texts["seeds/copy.txt"] = "Bản sao\n\n" + texts["seeds/3.txt"].partition("\n\n")[2]
    candidates = [Candidate(name, signature(text), None) for name, text in texts.items()]
    index = StoryIndex()
    (story,) = find_stories(candidates, index)
    assert {story.main, *(k for k, _ in story.copies)} == {"seeds/3.txt", "seeds/copy.txt"}
    # One article edited: its signature is compared with its LSH neighbours only, not with all 40.
    edited = [c if c.key != "seeds/7.txt" else Candidate(c.key, signature(texts[c.key] + " thêm"), None)
              for c in candidates]
    assert find_stories(edited, index) == (story,)
    assert index.checked <= 2
    # Nothing changed: nothing compared.
    find_stories(edited, index)
    assert index.checked == 0
    # The copy removed: no story left.
    assert find_stories([c for c in edited if c.key != "seeds/copy.txt"], index) == ()
