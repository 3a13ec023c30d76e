"""extract/figures.py: the numbers that matter, with their unit, qualifier and sentence; never a date."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.extract import Lexicon
from site_builder.extract.figures import _FIGURE, _figures_in, number
from site_builder.registry import Registry, TopicEntry

from helpers import parse

TOPICS = (
    TopicEntry("tariff", "Thuế quan", "Tariffs", signals=("thuế đối ứng", "thuế quan", "mức thuế", "tariff")),
    TopicEntry("purchases", "Mua hàng", "Purchases", signals=("mua", "máy bay")),
)
LEXICON = Lexicon(Registry(topics=TOPICS))


def figures(body: str, title: str = "Tin đàm phán thương mại") -> list:
    return list(parse(f"{title}\n{body}\n", LEXICON).facts.figures)


def texts(body: str) -> list[str]:
    return [f.text for f in figures(body)]


@pytest.mark.parametrize("body, kind, value, unit, text", [
    ("Mỹ áp thuế đối ứng 46% với hàng Việt Nam.", "percent", 46, "%", "46%"),
    ("Mức thuế giảm còn 9,5% với sản phẩm này.", "percent", 9.5, "%", "9,5%"),
    ("The tariff was cut to 20 per cent in July.", "percent", 20, "%", "20 per cent"),
    ("Both sides agreed on a zero percent rate.", "percent", 0, "%", "zero percent"),
    ("Năm 2024 Mỹ mua 123,5 tỷ USD hàng Việt Nam.", "money", 123.5e9, "USD", "123,5 tỷ USD"),
    ("Doanh nghiệp ký hơn 20 tỷ USD hợp đồng.", "money", 20e9, "USD", "hơn 20 tỷ USD"),
    ("Firms signed deals worth US$2 billion.", "money", 2e9, "USD", "US$2 billion"),
    ("Imports reached USD 13.7 billion.", "money", 13.7e9, "USD", "USD 13.7 billion"),
    ("Việt Nam mua 681 triệu USD bông.", "money", 681e6, "USD", "681 triệu USD"),
    ("Việt Nam cam kết mua 2 triệu tấn ngô.", "count", 2e6, "tấn", "2 triệu tấn"),
    ("Vietnam Airlines mua 50 máy bay Boeing.", "count", 50, "máy bay", "50 máy bay"),
    ("Hai bên đã qua 5 phiên đàm phán.", "count", 5, "phiên đàm phán", "5 phiên đàm phán"),
    ("Mỹ hoãn áp thuế thêm 90 ngày.", "count", 90, "ngày", "90 ngày"),
    ("Việt Nam muốn đưa thuế quan về mức 0, nếu Mỹ cũng vậy.", "percent", 0, "%", "mức 0"),
    ("Hàng Mỹ vào Việt Nam với thuế BẰNG KHÔNG.", "percent", 0, "%", "BẰNG KHÔNG"),
])
def test_forms_of_figures(body, kind, value, unit, text):
    found = figures(body)
    assert [(f.kind, f.value, f.unit, f.text) for f in found] == [(kind, value, unit, text)]


@pytest.mark.parametrize("body", [
    "Năm 2024, hai nước ký kết nhiều văn bản.",                        # a year
    "Ngày 9/4/2025, hai bên nhất trí mở đàm phán.",                    # a date
    "On May 19-22, 2025 the delegations met in Washington.",           # an English date
    "Phiên đàm phán trực tiếp cấp Bộ trưởng lần thứ 8 đã diễn ra.",     # an ordinal
    "Vòng đàm phán thứ 6 khép lại; kỳ họp thứ 9 Quốc hội khóa XV.",     # ordinals, a session
    "Liên hệ đường dây nóng 0243 826 4431 hoặc 1900 1234.",            # phone numbers
    "Tổng Công ty May 10 và Sắc lệnh 14257 được nhắc tới lúc 12h01.",   # numbers in names, a clock time
    "Hiệp định có hiệu lực từ 7/8 và 5.10, chậm nhất 30-11.",          # day and month written three ways
])
def test_dates_years_ordinals_and_codes_are_not_figures(body):
    assert texts(body) == []


def test_a_percentage_in_a_cut_related_news_line_does_not_count():
    body = ("Bộ Công Thương cho biết hai bên tiếp tục trao đổi về thuế đối ứng 20%.\n\n"
            "Tin bài liên quan\n\nMỹ áp thuế đối ứng 46%: Bộ Công Thương không điều chỉnh mục tiêu xuất khẩu")
    assert texts(body) == ["20%"]


def test_the_qualifier_is_the_signal_before_the_figure_in_its_clause():
    found = figures("Hoa Kỳ áp thuế đối ứng 46% với hàng Việt Nam, sau đó giảm còn 20%. "
                    "The 40 percent tariff applies to transshipped goods. Chỉ số VN-Index giảm 6,68%.")
    assert [(f.text, f.qualifier, f.topic) for f in found] == [
        ("46%", "thuế đối ứng", "tariff"),
        ("20%", None, None),                        # a comma ends the clause the qualifier stood in
        ("40 percent", "tariff", "tariff"),         # English puts the noun after the figure
        ("6,68%", None, None),                      # market data, not a tariff rate
    ]


def test_each_figure_keeps_its_sentence_and_where_it_stands():
    found = figures("Hai bên gặp nhau tại Hà Nội. Việt Nam mua 50 máy bay Boeing của Mỹ. Hội đàm kết thúc.")
    [f] = found
    assert f.sentence.text == "Việt Nam mua 50 máy bay Boeing của Mỹ."
    assert f.sentence.block == 0 and f.block == 0
    assert f.sentence.text[f.offset - f.sentence.start:].startswith("50 máy bay")
    assert (f.qualifier, f.topic) == ("mua", "purchases")


def test_a_figure_in_the_title_is_read_with_the_title_as_its_sentence():
    [f] = figures("Bài viết không có số nào.", title="Mỹ giảm thuế đối ứng với Việt Nam xuống 20%")
    assert (f.text, f.block, f.sentence.text) == ("20%", -1, "Mỹ giảm thuế đối ứng với Việt Nam xuống 20%")


@pytest.mark.parametrize("written, value", [
    ("46", 46.0), ("123,5", 123.5), ("13.7", 13.7), ("1.200", 1200.0), ("1,200", 1200.0),
    ("2.000.000", 2e6), ("1,234.5", 1234.5), ("24,62", 24.62),
])
def test_numbers_read_in_vietnamese_and_english_notation(written, value):
    assert number(written) == value


def test_figures_come_in_text_order_each_occurrence_once():
    assert texts("Thuế 46% rồi 20%; sau đó 20% nữa và 0%.") == ["46%", "20%", "20%", "0%"]


def test_a_figure_in_brackets_is_qualified_by_the_words_before_them():
    [f] = figures("Ông nói mức thuế dành cho Việt Nam (46%) cao hơn hẳn.")
    assert (f.text, f.qualifier, f.topic) == ("46%", "mức thuế", "tariff")


_PIECES = ["hơn", "more than", "at least", "ước tính", "US$", "USD", "$", "€", "20", "1.234,5", "9,5", "46", "0",
           "%", "phần trăm", "per cent", "percent", "tỷ", "billion", "tấn", "máy bay", "phiên đàm phán", "zero",
           "không", "mức", "bằng", "thuế", "tariff", "ngày", "9/4", "-", "−", "+", ".", ",", "(", ")", "a", "Mỹ",
           "x" * 90, "1.234.567.890", "12.345.678.901.234.567.890,5", " " * 30]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", "  ", "\n"])), max_size=40))
def test_figures_are_looked_for_only_around_anchors_yet_found_as_a_scan_of_the_whole_text_finds_them(pieces):
    text = "".join(p + gap for p, gap in pieces)
    assert [m.span() for m in _figures_in(text)] == [m.span() for m in _FIGURE.finditer(text)]
