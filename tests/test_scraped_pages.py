"""Scraped pages: the site's chrome above the article, the headline under it, the byline's date."""
from __future__ import annotations

import datetime as dt

import pytest

from site_builder.cache import pack_entry, unpack_entry
from site_builder.normalize import clean_document
from site_builder.sources import name_like, parse_document, read_head, read_stamp


def clean(text: str, name: str = "seeds/a.txt"):
    return clean_document(parse_document(name, text.encode("utf-8"), markdown=name.endswith(".md")))


def cut_lines(doc) -> dict[int, str]:
    return {c.line: c.text for c in doc.cuts}


HEADLINE = "Hai nước kết thúc phiên đàm phán thứ ba về thương mại đối ứng"
LEAD = ("(TAP) - Chiều 12/6, phiên đàm phán thứ ba giữa hai đoàn Việt Nam và Hoa Kỳ đã kết thúc tại "
        "Washington D.C. với nhiều kết quả tích cực, theo thông tin từ Bộ Công Thương.")
CAPTION = "Hai trưởng đoàn trao đổi bên lề phiên họp."
SCRAPED = "\n".join([
    "logo-tinmoi",                                    # 1
    "tiếng nói của người đọc",                        # 2
    "Đăng nhập Đăng ký",                              # 3
    "Trang chủ | Thời sự | Kinh tế | Thế giới",       # 4
    "Chính trị",                                      # 5
    "",                                               # 6
    HEADLINE,                                         # 7
    "",                                               # 8
    "Lê Văn An",                                      # 9
    "Lê Văn An",                                      # 10
    "Thứ năm, 12/06/2025, 14:02 (GMT+7)",             # 11
    "Chia sẻ Bình luận",                              # 12
    "",                                               # 13
    LEAD,                                             # 14
    "",                                               # 15
    f"{HEADLINE} - Ảnh 1.",                           # 16
    CAPTION,                                          # 17
    "ẢNH: BỘ CÔNG THƯƠNG",                            # 18
    "Hai bên nhất trí tiếp tục trao đổi trực tuyến trong thời gian tới để sớm hoàn tất văn kiện.",  # 19
    "Tin liên quan",                                  # 20
    "Một bài khác về thuế quan",                      # 21
])


class TestScrapedPage:
    def test_the_title_is_the_heading_below_the_chrome(self):
        doc = clean(SCRAPED)
        assert doc.title == HEADLINE and not doc.title_derived
        assert doc.title_line == 7

    def test_the_byline_gives_the_publication_date(self):
        doc = clean(SCRAPED)
        assert (doc.byline_date, doc.byline_line) == (dt.date(2025, 6, 12), 11)

    def test_every_chrome_line_is_cut_and_reported(self):
        doc = clean(SCRAPED)
        assert sorted(cut_lines(doc)) == [1, 2, 3, 4, 5, 9, 10, 11, 12, 16, 18, 20, 21]
        reasons = {c.line: c.reason for c in doc.cuts}
        assert reasons[11].startswith("byline") and reasons[9].startswith("byline")
        assert reasons[16] == "the headline repeated under the photo"

    def test_the_article_keeps_its_lead_caption_and_outlet(self):
        doc = clean(SCRAPED)
        assert doc.outlet == "TAP"
        assert doc.paragraphs == (LEAD.removeprefix("(TAP) - "), CAPTION, SCRAPED.split("\n")[18])

    def test_the_headline_repeated_without_a_picture_number_is_cut_too(self):
        doc = clean(f"{HEADLINE}\n\n{LEAD}\n\n{HEADLINE}\n\n{CAPTION}")
        assert cut_lines(doc) == {5: HEADLINE}
        assert CAPTION in doc.paragraphs

    def test_a_date_prefix_then_chrome_then_the_heading(self):
        doc = clean(f" date 2025-06-13 logo-tinmoi\ntiếng nói của người đọc\n\n{HEADLINE}\n\n"
                    f"Ngày đăng: 13-06-2025\n\n{LEAD}")
        assert doc.date_prefix == dt.date(2025, 6, 13)
        assert doc.title == HEADLINE and doc.title_line == 4
        assert (doc.byline_date, doc.byline_line) == (dt.date(2025, 6, 13), 6)
        assert sorted(cut_lines(doc)) == [1, 2, 6]
        assert cut_lines(doc)[1] == "logo-tinmoi"

    def test_a_price_board_line_and_a_dateline_with_a_section(self):
        doc = clean("Bảng giá điện tử Danh mục đầu tư\n\n" + HEADLINE + "\n\n"
                    "15-11-2025 - 21:01 PM | Kinh tế vĩ mô - Đầu tư\n\n" + LEAD)
        assert doc.title == HEADLINE
        assert doc.byline_date == dt.date(2025, 11, 15)
        assert sorted(cut_lines(doc)) == [1, 5]


class TestOtherPages:
    def test_a_forum_post(self):
        doc = clean("\n".join([
            "Đàm phán thương mại: hai bên đạt được thỏa thuận...",
            "Đã gửi: Thứ 4 Tháng 7 02, 2025 6:00 pm",
            "Tổng thống nói đã chốt thỏa thuận với Việt Nam",
            "",
            "Trên mạng xã hội, Tổng thống vừa loan báo rằng ông đã đi tới thỏa thuận thương mại cùng Việt Nam.",
        ]))
        assert doc.title == "Đàm phán thương mại: hai bên đạt được thỏa thuận..."
        assert (doc.byline_date, doc.byline_line) == (dt.date(2025, 7, 2), 2)
        assert cut_lines(doc) == {2: "Đã gửi: Thứ 4 Tháng 7 02, 2025 6:00 pm"}
        assert doc.paragraphs[0] == "Tổng thống nói đã chốt thỏa thuận với Việt Nam"

    def test_an_english_page_with_a_section_label_and_a_timestamp(self):
        doc = clean("\n".join([
            " date 2026-02-05 Politics & Law",
            "Việt Nam, US step up economic–trade policy dialogue",
            "",
            "February 05, 2026 - 21:35",
            "HÀ NỘI — The two sides met for a working session on Thursday to discuss trade and investment ties.",
        ]))
        assert doc.title == "Việt Nam, US step up economic–trade policy dialogue" and doc.title_line == 2
        assert (doc.byline_date, doc.byline_line) == (dt.date(2026, 2, 5), 4)
        assert cut_lines(doc) == {1: "Politics & Law", 4: "February 05, 2026 - 21:35"}

    def test_a_title_line_then_the_author_and_the_time(self):
        doc = clean(f"{HEADLINE}\nTrần Bình\n19/02/2026, 11:27\n{LEAD}")
        assert doc.title == HEADLINE and doc.title_line == 1
        assert doc.byline_date == dt.date(2026, 2, 19)
        assert cut_lines(doc) == {2: "Trần Bình", 3: "19/02/2026, 11:27"}

    def test_a_short_real_title_on_the_first_line_stays_the_title(self):
        doc = clean("Thuế quan mới\n\nNhững điều doanh nghiệp xuất khẩu cần biết\n\n"
                    "Từ ngày 7/8, hàng hóa Việt Nam vào Mỹ chịu mức thuế đối ứng 20%, thấp hơn mức công bố.")
        assert doc.title == "Thuế quan mới" and not doc.title_derived
        assert doc.cuts == ()
        assert doc.paragraphs[0] == "Những điều doanh nghiệp xuất khẩu cần biết"

    def test_a_plain_article_derives_its_title_from_the_lead_not_the_date_line(self):
        doc = clean("02/08/2025 09:15 GMT+7\n\n"
                    "Bộ Công Thương cho biết hai bên đã trao đổi nhiều lần. Câu thứ hai của bài.\n\nĐoạn hai.")
        assert doc.title_derived and doc.title == "Bộ Công Thương cho biết hai bên đã trao đổi nhiều lần"
        assert (doc.byline_date, doc.byline_line) == (dt.date(2025, 8, 2), 1)
        assert cut_lines(doc) == {1: "02/08/2025 09:15 GMT+7"}

    def test_an_outlet_mark_alone_on_the_first_line_is_the_outlet(self):
        doc = clean("(VTC News) -\n\nBộ Công Thương cho biết hai bên đã trao đổi nhiều lần. Câu hai.")
        assert doc.outlet == "VTC News"
        assert doc.title_derived and doc.title == "Bộ Công Thương cho biết hai bên đã trao đổi nhiều lần"

    def test_a_photo_credit_on_the_prefix_line_is_not_the_title(self):
        doc = clean(" date 2025-06 Photo : YONHAP News\n\nNgày 26/6, hai bên cho hay đàm phán tiến triển tốt. Câu hai.")
        assert doc.title == "Ngày 26/6, hai bên cho hay đàm phán tiến triển tốt" and doc.title_derived
        assert cut_lines(doc) == {1: "Photo : YONHAP News"}

    def test_a_sentence_with_a_date_in_the_lead_is_not_a_byline(self):
        doc = clean("Ngày 26/10/2025, hai nhà lãnh đạo đã gặp nhau bên lề hội nghị. Câu hai.\n\nĐoạn hai.")
        assert doc.byline_date is None and doc.cuts == ()
        assert doc.title == "Ngày 26/10/2025, hai nhà lãnh đạo đã gặp nhau bên lề hội nghị"

    def test_a_numbered_section_heading_is_neither_the_title_nor_its_number(self):
        doc = clean("1. Thỏa thuận mới: từ va chạm thuế quan tới điều chỉnh chiến lược\n"
                    "\nNgày 02/7/2025 được xem là một cột mốc trong quan hệ thương mại hai nước.")
        assert doc.title_derived and doc.title == "Thỏa thuận mới: từ va chạm thuế quan tới điều chỉnh chiến lược"


class TestMonthPrefix:
    def test_a_month_prefix_then_the_lead(self):
        text = " date 2026-02 Từ ngày 19-20/2, đoàn đã có mặt tại Washington. Câu hai.\n"
        doc = parse_document("seeds/a.txt", text.encode())
        assert doc.date_prefix is None and doc.date_prefix_month == (2026, 2)
        assert doc.title is None and doc.body.startswith("Từ ngày 19-20/2")
        cleaned = clean_document(doc)
        assert cleaned.date_prefix_month == (2026, 2)
        assert "date" not in cleaned.title and cleaned.title.startswith("Từ ngày 19-20/2")

    def test_a_month_prefix_then_the_title(self):
        doc = clean(" date 2025-07 Việt Nam và Hoa Kỳ đạt thỏa thuận thương mại\n\nĐoạn đầu của bài viết.")
        assert doc.title == "Việt Nam và Hoa Kỳ đạt thỏa thuận thương mại" and not doc.title_derived
        assert (doc.date_prefix, doc.date_prefix_month) == (None, (2025, 7))

    def test_a_month_that_is_not_one_is_a_warning(self):
        doc = parse_document("seeds/a.txt", " date 2025-13 Việt Nam và Hoa Kỳ đạt thỏa thuận\n\nĐoạn.".encode())
        assert doc.date_prefix_month is None and doc.title == "Việt Nam và Hoa Kỳ đạt thỏa thuận"
        assert "2025-13 is not a real date" in doc.problems[0].message

    def test_a_full_date_prefix_has_no_month_prefix(self):
        doc = parse_document("seeds/a.txt", " date 2025-07-10 Việt Nam và Hoa Kỳ đạt thỏa thuận\n\nĐoạn.".encode())
        assert (doc.date_prefix, doc.date_prefix_month) == (dt.date(2025, 7, 10), None)


@pytest.mark.parametrize("line,day", [
    ("Ngày đăng: 18-06-2025", dt.date(2025, 6, 18)),
    ("02/08/2025 09:15 GMT+7", dt.date(2025, 8, 2)),
    ("Thứ năm, 07/08/2025, 14:02 (GMT+7)", dt.date(2025, 8, 7)),
    ("Cập nhật: 08/08/2025 10:00", dt.date(2025, 8, 8)),
    ("Chủ nhật, 26/10/2025 - 18:46", dt.date(2025, 10, 26)),
    ("15-11-2025 - 21:01 PM | Kinh tế vĩ mô - Đầu tư", dt.date(2025, 11, 15)),
    ("Đã gửi: Thứ 4 Tháng 7 02, 2025 6:00 pm", dt.date(2025, 7, 2)),
    ("February 05, 2026 - 21:35", dt.date(2026, 2, 5)),
    ("Published: 5 February 2026", dt.date(2026, 2, 5)),
    ("Reuters10-07-2025", dt.date(2025, 7, 10)),
    ("2025-07-10 08:00", dt.date(2025, 7, 10)),
    ("2025-07-10T08:00:00+07:00", dt.date(2025, 7, 10)),
    ("Cập nhật lúc 14:02 ngày 07/08/2025", dt.date(2025, 8, 7)),
])
def test_date_lines_are_stamps(line, day):
    assert read_stamp(line).date == day


@pytest.mark.parametrize("line", [
    "Ngày 26/10/2025, hai bên gặp nhau.",
    "Vòng 3 diễn ra từ 12/5/2025 tại Hà Nội",
    "Hai bên ký ngày 02/08/2025 và ngày 03/08/2025",
    "Thuế đối ứng 20% từ 7/8",
    "Chính trị",
    "",
])
def test_other_lines_are_not(line):
    assert read_stamp(line) is None


def test_a_date_line_with_a_broken_year_is_a_stamp_without_a_date():
    assert read_stamp("BBC 7/2/225").date is None


@pytest.mark.parametrize("line,name", [
    ("Đậu Tiến Đạt", True), ("Hà Lê", True), ("John R. Smith", True), ("By John Smith", True),
    ("Theo Lan Anh", True), ("Theo Reuters", False),
    ("Chính trị", False), ("Thuế quan mới", False), ("Politics And Law", False), ("Một", False),
    ("Nguyễn Văn An Bình Minh Tâm", False),
])
def test_name_like(line, name):
    assert name_like(line) is name


def test_the_new_fields_survive_the_cache():
    doc = clean(SCRAPED)
    again = unpack_entry("k", pack_entry("k", doc))
    assert again == doc
    assert (again.byline_date, again.byline_line, again.date_prefix_month) == (dt.date(2025, 6, 12), 11, None)
    month = clean(" date 2025-07 Việt Nam và Hoa Kỳ đạt thỏa thuận thương mại\n\nĐoạn.")
    assert unpack_entry("k", pack_entry("k", month)).date_prefix_month == (2025, 7)


def test_two_words_on_the_prefix_line_are_the_title_when_no_headline_follows():
    doc = clean(" date 2025-12-01 Tin mới\n\nNội dung mới của bài.")
    assert doc.title == "Tin mới" and not doc.title_derived and doc.cuts == ()
    doc = clean(" date 2025-12-01 Đối ngoại\nThủ tướng gặp Tổng thống Mỹ bên lề hội nghị\n\nNội dung mới của bài.")
    assert doc.title == "Thủ tướng gặp Tổng thống Mỹ bên lề hội nghị"
    assert cut_lines(doc) == {1: "Đối ngoại"}


def test_the_publication_date_wins_over_an_update():
    doc = clean(f"{HEADLINE}\nCập nhật: 09/08/2025 10:00\nNgày đăng: 07/08/2025 08:00\n{LEAD}")
    assert (doc.byline_date, doc.byline_line) == (dt.date(2025, 8, 7), 3)
    assert sorted(cut_lines(doc)) == [2, 3]


def test_a_masthead_and_a_breadcrumb_above_the_date_line_leave_the_headline_below_it():
    lines = ["Báo Công Thương", "Thời sự | Công nghiệp | Thương mại | Năng lượng", "Thị trường › Xuất nhập khẩu",
             "16/11/2025 08:00", "Cà phê, hạt tiêu Việt Nam hưởng lợi khi Mỹ miễn thuế đối ứng cho nhiều nông sản",
             "(Congthuong.vn) - Sắc lệnh Tổng thống Mỹ ký ngày 14/11/2025 đưa cà phê ra khỏi diện chịu thuế đối ứng, "
             "mở ra cơ hội cho các mặt hàng chủ lực của Việt Nam."]
    head = read_head(lines)
    assert head.title == 4 and head.byline == (3, dt.date(2025, 11, 16))
    assert {i for i, _ in head.chrome} == {0, 1, 2, 3}


@pytest.mark.parametrize("line", ["2 tháng 7 lúc 23:14 · 🌏", "Hôm qua lúc 08:05", "July 2 at 11:14 PM"])
def test_a_social_network_stamp_without_a_year_is_a_date_line_not_a_title(line):
    assert read_stamp(line) is not None and read_stamp(line).date is None
    lines = ["Góc Nhìn Kinh Tế Vĩ Mô", line, "",
             "Tối thứ Tư (2/7), Tổng Bí thư Tô Lâm đã có cuộc điện đàm với Tổng thống Mỹ Donald Trump, "
             "và hai nước đã đạt thỏa thuận thương mại."]
    head = read_head(lines)
    assert head.title is None and 1 in {i for i, _ in head.chrome}


@pytest.mark.parametrize("line", ["2 tháng 7 năm nay, hai bên lúc 9:00 đã họp", "Ngày 2 tháng 7 lúc đó trời mưa"])
def test_a_sentence_is_no_social_stamp(line):
    assert read_stamp(line) is None
