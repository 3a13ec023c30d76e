"""Stage 2: one form for all Vietnamese text, debris removed."""
from __future__ import annotations

import unicodedata

import pytest

from site_builder.normalize import (
    clean_document, derive_title, fold, normalize_text, remove_debris, slugify, split_outlet,
)
from site_builder.sources import parse_document


class TestText:
    def test_nfd_input_compares_equal_after_normalization(self):
        nfc = "Đàm phán thương mại đối ứng"
        nfd = unicodedata.normalize("NFD", nfc)
        assert nfd != nfc
        assert normalize_text(nfd) == nfc

    @pytest.mark.parametrize("new,old", [
        ("hoà", "hòa"), ("Hoà Bình", "Hòa Bình"), ("thuỷ sản", "thủy sản"), ("khoẻ", "khỏe"), ("HOÀ", "HÒA"),
        ("hoạ", "họa"), ("xoá", "xóa"), ("tuỳ", "tùy"),
    ])
    def test_old_tone_placement_becomes_the_seeds_placement(self, new, old):
        assert normalize_text(new) == old
        assert normalize_text(unicodedata.normalize("NFD", new)) == old

    @pytest.mark.parametrize("word", ["hoàn", "thuyền", "quý", "quỳnh", "khuya", "khuỷu", "hòa", "toàn"])
    def test_syllables_both_conventions_agree_on_are_unchanged(self, word):
        assert normalize_text(word) == word

    def test_invisible_characters_and_odd_spaces(self):
        assert normalize_text("Đàm\u200b phán\u00a0\u00a0song\ufeff  phương \t") == "Đàm phán song phương"

    def test_leading_indentation_and_quotes_are_kept(self):
        text = '    mã\n“kim chỉ nam” và "win-win"'
        assert normalize_text(text) == text

    def test_fold_and_slug(self):
        assert fold("Đàm phán Đối ứng") == "Dam phan Doi ung"
        assert slugify("Việt Nam đàm phán hiệp định thương mại với Mỹ") == "viet-nam-dam-phan-hiep-dinh-thuong-mai-voi-my"
        assert slugify("../../etc/passwd") == "etc-passwd"
        assert len(slugify("từ " * 60)) <= 80
        assert slugify("hoà") == slugify("hòa") == "hoa"


class TestDebris:
    SCRAPED = "\n".join([
        "Đoạn một của bài.",
        "![]() |",
        "| Bộ trưởng phát biểu. (Ảnh: Bộ Công Thương) |",
        "Đoạn hai.",
        "| Tin tóm tắt của một bài khác, có tên ông Marc Knapper. |",
        "[Video] Một video khác",
        "Tin bài liên quan",
        "Đại sứ Marc Knapper nói chuyện",
        "Đọc nhiều",
        "Bài khác",
    ])

    def test_the_article_keeps_its_text_and_photo_caption(self):
        kept, cuts, captions = remove_debris(self.SCRAPED, 10, markdown=False)
        assert [k for k in kept if k] == ["Đoạn một của bài.", "Bộ trưởng phát biểu. (Ảnh: Bộ Công Thương)", "Đoạn hai."]
        assert captions == {1}
        assert [(c.line, c.reason.split(":")[0]) for c in cuts] == [
            (11, "image without a source"),
            (14, "boxed teaser of another story"),
            (15, "teaser of a video or infographic"),
            (16, "after “Tin bài liên quan”"),
            (17, "after “Tin bài liên quan”"),
            (18, "after “Tin bài liên quan”"),
            (19, "after “Tin bài liên quan”"),
        ]

    def test_a_marker_at_the_very_start_is_not_a_tail(self):
        kept, cuts, _ = remove_debris("Multimedia\nBài viết về multimedia.", 1, markdown=False)
        assert kept == ["Multimedia", "Bài viết về multimedia."] and cuts == ()

    def test_real_markdown_tables_are_left_alone(self):
        table = "Đoạn.\n\n| Mặt hàng | Thuế |\n|---|---|\n| Dệt may | 20% |"
        kept, cuts, _ = remove_debris(table, 1, markdown=True)
        assert "\n".join(kept) == table and cuts == ()


class TestDocument:
    def test_outlet_prefix_becomes_the_source(self):
        assert split_outlet("TPO - Thứ trưởng cho biết.") == ("Tiền Phong", "Thứ trưởng cho biết.")
        assert split_outlet("(TTXVN) – Sáng nay,") == ("TTXVN", "Sáng nay,")
        assert split_outlet("Hà Nội - Sáng nay") == (None, "Hà Nội - Sáng nay")

    def test_derived_title_cut_at_a_word(self):
        lead = ("Trong khuôn khổ đàm phán Hiệp định song phương về thương mại đối ứng giữa Việt Nam và Hoa Kỳ, "
                "phiên đàm phán cấp Bộ trưởng đã diễn ra.")
        title = derive_title(lead)
        assert title == "Trong khuôn khổ đàm phán Hiệp định song phương về thương mại đối ứng giữa Việt Nam và Hoa Kỳ…"
        assert derive_title("Ngắn gọn. Câu hai.") == "Ngắn gọn"

    def test_clean_document_marks_a_derived_title(self):
        doc = clean_document(parse_document("seeds/a.txt", "Hai bên nhất trí tiếp tục trao đổi. Câu hai.\n\nĐoạn hai.".encode()))
        assert doc.title == "Hai bên nhất trí tiếp tục trao đổi" and doc.title_derived
        assert doc.paragraphs == ("Hai bên nhất trí tiếp tục trao đổi. Câu hai.", "Đoạn hai.")

    def test_markdown_raw_html_is_escaped_and_headings_are_blocks(self):
        doc = clean_document(parse_document("seeds/a.md", b"## M\xe1\xbb\xa5c\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n"))
        assert "<script>" not in doc.html and "&lt;script&gt;" in doc.html
        assert "href=\"javascript:" not in doc.html
        assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "paragraph"]

    def test_plain_text_keeps_its_paragraphs(self):
        doc = clean_document(parse_document("seeds/a.txt", "Tiêu đề của bài viết này\nDòng một.\nDòng hai.\n\nĐoạn ba.".encode()))
        assert doc.html == "<p>Dòng một.</p>\n<p>Dòng hai.</p>\n<p>Đoạn ba.</p>\n"


@pytest.mark.parametrize("url,linked", [
    ("https://tienphong.vn/bai-viet.html", True),
    ("HTTP://example.com", True),
    ("javascript:alert(1)", False),
    ("  javascript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("//evil.example/x", False),
    ("tienphong.vn/bai", False),
])
def test_only_web_addresses_are_kept_as_the_original_link(url, linked):
    doc = clean_document(parse_document("seeds/a.md", f"---\ntitle: Tiêu đề bài\nurl: '{url}'\n---\nThân.".encode()))
    assert ("url" in doc.metadata) is linked
    if not linked:
        (problem,) = doc.problems
        assert (problem.line, problem.message) == (3, f"url: {url.strip()!r} is not a web address (http:// or https://); "
                                                      "not linked")


def test_front_matter_keys_and_values_come_out_nfc():
    nfd = unicodedata.normalize("NFD", "chủ đề")
    doc = clean_document(parse_document("seeds/a.md", f"---\n{nfd}: [{nfd}, {{{nfd}: {nfd}}}]\n---\nThân.".encode()))
    assert doc.metadata == {"chủ đề": ["chủ đề", {"chủ đề": "chủ đề"}]}
