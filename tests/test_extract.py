"""Stage 3: dates, rounds, people, organizations and quotes of one article."""
from __future__ import annotations

from helpers import parse


class TestArticle:
    def test_round_from_the_lead_not_from_later_paragraphs(self, lexicon):
        text = ("Tiêu đề về đàm phán thương mại hôm nay\nVòng đàm phán thứ hai đã kết thúc.\n\nĐoạn hai.\n\n"
                "Chuẩn bị cho vòng đàm phán thứ ba.")
        facts = parse(text, lexicon).facts
        assert (facts.round_mention.kind, facts.round_mention.number) == ("round", 2)
        assert [(m.number, m.block) for m in facts.other_rounds] == [(3, 2)]

    def test_front_matter_round_and_category(self, lexicon):
        assert parse("---\nround: 4\n---\nNội dung.", lexicon, "seeds/a.md").facts.round_mention.number == 4
        facts = parse("---\ncategory: Vòng 7\n---\nNội dung.", lexicon, "seeds/a.md").facts
        assert facts.round_mention.number == 7

    def test_publication_date_sources_and_bad_dates(self, lexicon):
        assert parse("---\ndate: 2025-11-12\n---\nA.", lexicon, "seeds/a.md").facts.published_source == "front_matter"
        facts = parse("---\ntitle: X\ndate: 31/02/2025\n---\nA.", lexicon, "seeds/a.md").facts
        assert facts.published is None
        (problem,) = facts.problems
        assert problem.line == 3 and "31/02/2025" in problem.message

    def test_call_in_the_lead(self, lexicon):
        facts = parse(" date 2025-10-15 Tin mới\n\nHai bên có cuộc điện đàm trực tuyến.", lexicon).facts
        assert facts.reported_event == "call" and facts.round_mention is None
