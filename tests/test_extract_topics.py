"""extract/topics.py: an article discusses a topic when its own text does so, not by one passing word."""
from __future__ import annotations

from site_builder.extract import Lexicon
from site_builder.extract.topics import Matcher
from site_builder.registry import Registry, TopicEntry, load_registry

from helpers import parse

TOPICS = (
    TopicEntry("tariff", "Thuế quan", "Tariffs", signals=("thuế đối ứng", "thuế quan", "tariff", "tariffs"),
               not_signals=("Bộ Tài chính",)),
    TopicEntry("investment", "Đầu tư", "Investment", signals=("đầu tư", "investment"),
               not_signals=("giới đầu tư", "Bộ Kế hoạch và Đầu tư")),
    TopicEntry("non-tariff-barriers", "Phi thuế quan", "Non-tariff barriers",
               signals=("phi thuế quan", "hàng rào kỹ thuật", "TBT", "non-tariff barriers")),
    TopicEntry("agriculture", "Nông nghiệp", "Agriculture", signals=("nông sản", "cà phê")),
)
LEXICON = Lexicon(Registry(topics=TOPICS))


def topics(body: str, title: str = "Tin thương mại trong tuần") -> dict:
    return {t.topic: t for t in parse(f"{title}\n{body}\n", LEXICON).facts.topics}


def test_one_passing_word_is_not_a_topic():
    assert topics("Giới chức cho biết đầu tư của doanh nghiệp tăng nhẹ trong quý.") == {}


def test_signals_used_twice_make_a_topic():
    found = topics("Mỹ áp thuế đối ứng 46% với hàng Việt Nam. Doanh nghiệp lo ngại, nhưng thuế quan chưa áp ngay.")
    assert list(found) == ["tariff"] and found["tariff"].signals == 2


def test_one_signal_in_a_sentence_about_the_negotiation_is_a_topic():
    found = topics("Hai đoàn đạt tiến bộ ở các lĩnh vực nông sản và hàng rào kỹ thuật.")
    assert sorted(found) == ["agriculture", "non-tariff-barriers"]


def test_a_signal_inside_a_name_does_not_count():
    # "giới đầu tư" is the stock market's investors; Bộ Kế hoạch và Đầu tư a ministry.
    assert topics("Giới đầu tư bàng hoàng. Bộ Kế hoạch và Đầu tư họp. Bộ Tài chính đánh giá tác động.") == {}


def test_a_longer_signal_wins_over_the_shorter_one_inside_it():
    # "phi thuế quan" holds "thuế quan": it is the non-tariff topic, not the tariff one.
    assert list(topics("Hai bên thảo luận các biện pháp phi thuế quan. Việt Nam gỡ bỏ rào cản phi thuế quan.")) == [
        "non-tariff-barriers"]


def test_a_signal_in_capitals_must_be_written_so():
    assert "non-tariff-barriers" not in topics("Các tbt chưa rõ ràng. Những tbt khác cũng vậy.")
    assert "non-tariff-barriers" in topics("Hai bên bàn về TBT. Phía Mỹ nêu quan ngại về TBT.")


def test_phrases_match_across_case_and_punctuation_but_not_across_sentences():
    assert "tariff" in topics("The two sides discussed Tariffs. Non-tariff barriers came up too.")
    assert topics("Hai bên bàn về thuế. Quan điểm hai bên còn khác.") == {}


def test_a_signal_in_a_cut_related_news_line_does_not_count():
    body = ("Bộ trưởng cho biết đầu tư nước ngoài tăng.\n\nTin bài liên quan\n\n"
            "Hai bên đàm phán thuế đối ứng 46%\n\nThuế quan: doanh nghiệp chuẩn bị kịch bản")
    assert topics(body) == {}


def test_the_sentences_shown_are_the_ones_that_carry_the_topic_most_with_a_figure_first():
    body = ("Thuế đối ứng được bàn lại. Mỹ hạ thuế đối ứng xuống 20%. Thời tiết đẹp. "
            "Doanh nghiệp hỏi về thuế quan. Thuế quan và thuế đối ứng được nhắc lại.")
    shown = [s.text for s in topics(body)["tariff"].shown]
    assert shown == ["Mỹ hạ thuế đối ứng xuống 20%.", "Thuế quan và thuế đối ứng được nhắc lại."]


def test_topics_come_in_the_registry_order():
    found = topics("Hai bên đàm phán về cà phê và đầu tư. Hai bên cũng đàm phán thuế đối ứng.")
    assert list(found) == ["tariff", "investment", "agriculture"]


def test_the_matcher_reads_each_word_once_however_many_signals():
    # 2,000 signals sharing a first word: a scan that tried them all at each position would crawl.
    entries = (TopicEntry("x", "X", "X", signals=tuple(f"thuế mẫu {i}" for i in range(2000)) + ("thuế đối ứng",)),)
    text = "thuế đối ứng " * 5000
    assert len(Matcher(entries).signals(0, text)) == 5000


def test_a_topic_added_to_data_topics_yaml_needs_no_code(tmp_path):
    (tmp_path / "topics.yaml").write_text(
        "- id: energy\n  name: {vi: Năng lượng, en: Energy}\n  description: {vi: Khí LNG., en: LNG.}\n"
        "  signals: {vi: [khí hóa lỏng, điện gió], en: [LNG]}\n", encoding="utf-8")
    registry = load_registry(tmp_path)
    assert registry.problems == ()
    found = {t.topic for t in parse("Tin năng lượng\nHai bên ký thỏa thuận mua khí hóa lỏng.\n", Lexicon(registry)).facts.topics}
    assert found == {"energy"}


def test_bad_topic_entries_are_reported_with_their_line(tmp_path):
    (tmp_path / "topics.yaml").write_text(
        "- name: {vi: Không mã}\n"
        "- id: Thuế quan\n  name: Thuế quan\n  signals: [thuế]\n"
        "- id: thue-quan\n  name: Lặp lại\n"
        "- id: empty\n  name: Trống\n", encoding="utf-8")
    registry = load_registry(tmp_path)
    assert [t.id for t in registry.topics] == ["thue-quan", "empty"]
    assert [str(p) for p in registry.problems] == [
        "data/topics.yaml:1: error: topic without an `id`; ignored",
        "data/topics.yaml:2: warning: id 'Thuế quan' is not a plain ASCII slug; using 'thue-quan'",
        "data/topics.yaml:5: error: topic 'thue-quan' is listed twice; this entry ignored",
        "data/topics.yaml:7: warning: topic 'empty' has no `signals`: no article will be found for it",
    ]


def test_the_projects_topics_are_the_fourteen_of_the_label_scheme():
    from conftest import REPO

    registry = load_registry(REPO / "data")
    assert [t.id for t in registry.topics] == [
        "tariff", "transshipment-origin", "agriculture", "digital-trade", "services", "intellectual-property",
        "non-tariff-barriers", "market-economy-status", "export-controls", "purchases", "investment",
        "labor-environment", "supply-chain", "trade-balance"]
    assert all(t.name_vi and t.name_en and t.description_vi and t.description_en and t.signals for t in registry.topics)
    assert not [p for p in registry.problems if "topics" in p.source]
