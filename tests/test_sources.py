"""Stage 1: finding files, decoding them, and recognising their shape."""
from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import unicodedata

import pytest

from site_builder.sources import (MAX_DOCUMENT_BYTES, SourceFile, Unreadable, decode, find_picture, find_sources,
                                  parse_document, read_document)

TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Text as legacy software wrote it: letters like ô, ơ, đ precomposed, tones as combining marks."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)))
        out.append("".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


VIETNAMESE = "Bộ trưởng Nguyễn Hồng Diên hội đàm với Đại sứ Jamieson Greer về thương mại đối ứng."


class TestShapes:
    def test_front_matter_keeps_unknown_keys_and_lines(self):
        doc = parse_document("seeds/a.md", "---\ntitle: Tiêu đề\nslug: x\nfoo: bar\n---\n\nThân bài.\n".encode())
        assert doc.title == "Tiêu đề"
        assert doc.metadata["foo"] == "bar"
        assert doc.metadata_lines == {"title": 2, "slug": 3, "foo": 4}
        assert doc.markup == "markdown"
        assert doc.body_line == 6  # the blank line after the closing ---

    def test_date_prefix_with_title_on_the_same_line(self):
        doc = parse_document("seeds/a.txt", b" date 2025-10-15 Th\xc3\xb4ng tin m\xe1\xbb\x9bi v\xe1\xbb\x81 \xc4\x91\xc3\xa0m ph\xc3\xa1n\n\nTPO - N\xe1\xbb\x99i dung.\n")
        assert doc.date_prefix == dt.date(2025, 10, 15)
        assert doc.title == "Thông tin mới về đàm phán"
        assert doc.body.strip() == "TPO - Nội dung."

    def test_date_prefix_followed_by_the_lead_is_not_a_title(self):
        lead = "Trong khuôn khổ đàm phán, phiên đàm phán cấp Bộ trưởng đã diễn ra ngày 10/11/2025 tại Washington D.C, Hoa Kỳ..."
        doc = parse_document("seeds/a.txt", f" date 2025-11-12 {lead}\n\nĐoạn hai.".encode())
        assert doc.date_prefix == dt.date(2025, 11, 12)
        assert doc.title is None
        assert doc.body.startswith("Trong khuôn khổ")

    def test_title_on_the_first_line(self):
        doc = parse_document("seeds/a.txt", "Việt Nam - Hoa Kỳ đạt nhiều kết quả tại vòng đàm phán lần 3\nĐoạn đầu tiên của bài.".encode())
        assert doc.title == "Việt Nam - Hoa Kỳ đạt nhiều kết quả tại vòng đàm phán lần 3"
        assert doc.body == "Đoạn đầu tiên của bài."
        assert doc.body_line == 2

    def test_a_first_sentence_is_not_a_title(self):
        doc = parse_document("seeds/a.txt", f"{VIETNAMESE}\n\nĐoạn hai.".encode())
        assert doc.title is None

    def test_txt_with_headings_is_markdown_and_plain_text_is_text(self):
        assert parse_document("seeds/a.txt", "Một hai ba bốn.\n\n## Mục\n\nNội dung.".encode()).markup == "markdown"
        assert parse_document("seeds/a.txt", "Một hai ba bốn.\n\nNội dung.".encode()).markup == "text"

    def test_invalid_front_matter_is_reported_with_its_line_and_the_text_kept(self):
        doc = parse_document("seeds/a.md", "---\ntitle: a\ndate: [\n---\nThân bài vẫn còn.\n".encode())
        assert doc.metadata == {}
        assert "Thân bài vẫn còn." in doc.body
        (problem,) = doc.problems
        assert problem.line == 4 and "not valid YAML" in problem.message

    def test_front_matter_that_is_not_a_mapping(self):
        doc = parse_document("seeds/a.md", "---\n- a\n- b\n---\nThân bài.\n".encode())
        assert doc.metadata == {}
        assert "not a mapping" in doc.problems[0].message


class TestEncodings:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
    def test_unicode_encodings(self, encoding):
        data = VIETNAMESE.encode(encoding)
        if encoding in ("utf-16-le", "utf-16-be"):
            data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
        assert decode(data).text == VIETNAMESE

    def test_utf16_without_bom_is_read_with_a_warning(self):
        decoded = decode(VIETNAMESE.encode("utf-16-le"))
        assert decoded.text == VIETNAMESE
        assert "without a byte-order mark" in decoded.warnings[0]

    def test_windows_1258_decodes_to_the_same_words_after_normalization(self):
        legacy = to_cp1258(VIETNAMESE)
        decoded = decode(legacy)
        assert decoded.encoding == "windows-1258"
        assert unicodedata.normalize("NFC", decoded.text) == VIETNAMESE
        assert "Windows-1258" in decoded.warnings[0]

    @pytest.mark.parametrize("ending", [b"\r\n", b"\r"])
    def test_line_endings(self, ending):
        assert decode(b"a" + ending + b"b" + ending).text == "a\nb\n"

    @pytest.mark.parametrize("data,reason", [
        (b"", "empty file"),
        (b"  \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (bytes(range(256)) * 4, "binary"),
    ])
    def test_unreadable_files_say_why(self, data, reason):
        with pytest.raises(Unreadable, match=reason):
            decode(data)

    def test_one_damaged_byte_is_replaced_and_its_line_named(self):
        text = ("Dòng một.\n" * 50).encode() + b"D\xc3\xb2ng h\xff.\n"
        decoded = decode(text)
        assert "\ufffd" in decoded.text
        assert decoded.warnings[0].startswith("line 51:")


class TestDamagedBytes:
    """A file that is UTF-8 but for a few bad bytes is published with U+FFFD in their place and
    a warning naming the lines; only a file mostly not UTF-8 fails (README, "What goes in")."""

    LINE = "Bộ trưởng Nguyễn Hồng Diên cho biết hai bên đã thu hẹp khoảng cách trong đàm phán.\n"

    def test_a_stray_latin_1_byte_is_replaced_not_read_as_windows_1258(self):
        data = (self.LINE * 3).encode() + "Giá cà phê (café) tăng.\n".encode().replace("é".encode(), b"\xe9") \
            + (self.LINE * 3).encode()
        decoded = decode(data)
        assert decoded.encoding == "utf-8"
        assert decoded.text == (self.LINE * 3) + "Giá cà phê (caf\ufffd) tăng.\n" + (self.LINE * 3)
        assert decoded.warnings == ("line 4: 1 byte(s) are not valid UTF-8 and were replaced by �; "
                                    "re-save the file as UTF-8",)

    def test_a_copy_cut_off_inside_a_character_keeps_all_before_it(self):
        whole = (self.LINE * 5 + "Hai bên sẽ gặp lại vào tháng tới tại Hà Nội").encode()
        cut = whole[:-2]  # "i", and the last of the three bytes of "ộ": two are left
        assert cut.endswith(b"\xe1\xbb")
        decoded = decode(cut)
        assert decoded.text == self.LINE * 5 + "Hai bên sẽ gặp lại vào tháng tới tại Hà N\ufffd"
        assert decoded.warnings[0].startswith("line 6: 2 byte(s) are not valid UTF-8")

    def test_a_few_bad_bytes_on_several_lines_are_all_named(self):
        lines = [self.LINE.encode()] * 12
        for n in (2, 5, 9):
            lines[n - 1] = lines[n - 1].replace(b"Di\xc3\xaan", b"Di\xeaan")
        decoded = decode(b"".join(lines))
        assert decoded.text.count("\ufffd") == 3
        assert decoded.warnings[0].startswith("lines 2, 5 and 9: 3 byte(s) are not valid UTF-8")

    def test_past_ten_lines_the_warning_says_how_many_more(self):
        lines = [self.LINE.encode()] * 100
        for n in range(1, 13):
            lines[n * 7] = lines[n * 7].replace(b"Di\xc3\xaan", b"Di\xeaan")
        decoded = decode(b"".join(lines))
        assert decoded.warnings[0].startswith("lines 8, 15, 22, 29, 36, 43, 50, 57, 64, 71 and 2 more: 12 byte(s)")

    def test_a_short_file_with_one_broken_character_is_published(self):
        decoded = decode("Tin ngắ".encode()[:-1] + b"\n")  # the damage is more than 1% of it
        assert decoded.text == "Tin ng\ufffd\n"

    def test_the_threshold_is_one_byte_in_a_hundred(self):
        from site_builder.sources import DAMAGED_SHARE

        text = (self.LINE * 40).encode()
        allowed = int(len(text) * DAMAGED_SHARE)
        assert allowed > 8

        def damaged(n: int) -> bytes:
            return text + b"\xff" * n

        assert decode(damaged(allowed - 1)).text.count("\ufffd") == allowed - 1
        with pytest.raises(Unreadable, match=r"not valid UTF-8.*bytes are not UTF-8"):
            decode(damaged(allowed + 40))

    def test_a_mostly_binary_file_fails_saying_how_much_is_not_text(self):
        data = bytes(range(1, 256)) * 20  # no NUL: not taken for UTF-16, and no known magic bytes
        with pytest.raises(Unreadable, match=r"not valid UTF-8, UTF-16 or Windows-1258 text \(\d+ of its 5100 bytes") \
                as caught:
            decode(data)
        assert caught.value.lost


class TestFinding:
    def test_recursive_sorted_hidden_skipped_and_others_reported(self, tmp_path):
        seeds = tmp_path / "seeds"
        (seeds / "sub").mkdir(parents=True)
        (seeds / ".hidden").mkdir()
        for name in ("b.txt", "a.md", "sub/c.markdown", ".secret.txt", ".hidden/d.txt", "photo.jpg"):
            (seeds / name).write_text("x")
        found, skipped = find_sources(seeds)
        assert [s.name for s in found] == ["seeds/a.md", "seeds/b.txt", "seeds/sub/c.markdown"]
        assert [(s.name, "not a document" in s.reason) for s in skipped] == [("seeds/photo.jpg", True)]

    def test_symlink_outside_the_seeds_folder_is_not_followed(self, tmp_path):
        seeds = tmp_path / "seeds"
        seeds.mkdir()
        secret = tmp_path / "secret.txt"
        secret.write_text("mật khẩu")
        os.symlink(secret, seeds / "link.txt")
        (seeds / "real.txt").write_text("bài")
        os.symlink(seeds / "real.txt", seeds / "inside.txt")
        found, skipped = find_sources(seeds)
        assert [s.name for s in found] == ["seeds/inside.txt", "seeds/real.txt"]
        assert skipped[0].name == "seeds/link.txt" and "outside" in skipped[0].reason


class TestHostileFiles:
    def test_names_are_nfc_and_printable_and_never_collide(self, tmp_path):
        seeds = tmp_path / "seeds"
        seeds.mkdir()
        nfd = unicodedata.normalize("NFD", "đàm phán.txt")
        nfc = unicodedata.normalize("NFC", "đàm phán.txt")
        for name in (nfd, nfc, os.fsdecode(b"h\xffng.txt")):
            (seeds / name).write_text("bài", encoding="utf-8")
        found, _ = find_sources(seeds)
        assert sorted(s.name for s in found) == ["seeds/h\ufffdng.txt", "seeds/đàm phán.txt", "seeds/đàm phán.txt (2)"]
        assert {s.path.name for s in found} == {nfd, nfc, os.fsdecode(b"h\xffng.txt")}

    def test_pipes_are_not_read(self, tmp_path):
        seeds = tmp_path / "seeds"
        seeds.mkdir()
        os.mkfifo(seeds / "pipe.txt")
        found, skipped = find_sources(seeds)
        assert found == () and skipped[0].reason == "not a regular file (a pipe, socket or device): not read"

    def test_a_folder_that_cannot_be_listed_is_reported_as_lost(self, tmp_path):
        not_a_folder = tmp_path / "seeds"
        not_a_folder.write_text("x")
        _, skipped = find_sources(not_a_folder)
        (entry,) = skipped
        assert entry.lost and entry.reason.startswith("folder cannot be read (Not a directory)")

    def test_a_huge_file_is_refused_without_reading_it(self, tmp_path):
        path = tmp_path / "huge.txt"
        with path.open("wb") as f:
            f.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: no disk space used
        with pytest.raises(Unreadable, match="too large for an article"):
            read_document(SourceFile(path, "seeds/huge.txt"))

    def test_empty_files_lose_nothing_and_binary_ones_do(self):
        for data, lost in ((b"", False), (b" \n", False), (b"\x89PNG\r\n\x1a\n", True)):
            with pytest.raises(Unreadable) as caught:
                decode(data)
            assert caught.value.lost is lost

    @pytest.mark.parametrize("front,message", [
        ("date: 2025-02-31", None),
        ("a: &x [*x]", "front matter holds more than 10000 values"),
        ("title: [a, b]", "title is a YAML list or mapping, not text; ignored"),
        ("f: !!float abc", "front matter is not valid YAML (could not convert string to float: 'abc')"),
        ("title: [unclosed\nslug: x", "front matter is not valid YAML"),
    ])
    def test_hostile_front_matter_is_a_warning_never_an_exception(self, front, message):
        doc = parse_document("seeds/a.md", f"---\n{front}\n---\nThân bài.".encode())
        assert "Thân bài." in doc.body
        if message is None:
            assert doc.metadata == {"date": "2025-02-31"}  # left as text, for the date check to report
        else:
            assert doc.problems[0].message.startswith(message)


class TestPictures:
    PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20

    def source(self, root):
        (root / "seeds").mkdir(exist_ok=True)
        return SourceFile(root / "seeds" / "a.md", "seeds/a.md", (root.resolve(), (root / "seeds").resolve()))

    def test_a_picture_beside_the_seed_or_in_the_project_gets_a_name_from_its_bytes(self, tmp_path):
        (tmp_path / "images").mkdir()
        (tmp_path / "images" / "bìa ảnh.PNG.html").write_bytes(self.PNG)
        (tmp_path / "seeds").mkdir()
        (tmp_path / "seeds" / "near.png").write_bytes(self.PNG)
        source = self.source(tmp_path)
        digest = hashlib.sha256(self.PNG).hexdigest()[:16]
        for value in ("images/bìa ảnh.PNG.html", "near.png", "seeds/near.png", "images\\bìa ảnh.PNG.html"):
            picture, problem = find_picture(value, source, 3)
            assert problem is None and picture.site_path == f"anh/{digest}.png", value

    @pytest.mark.parametrize("value,why", [
        ("../secret.png", "points outside the project, so it is not read"),
        ("/etc/passwd", "an absolute path; write it relative to the project folder"),
        ("C:\\images\\a.png", "an absolute path; write it relative to the project folder"),
        ("https://example.com/a.png", "a web address, and the site shows only pictures kept in the project"),
        ("javascript:alert(1)", "a web address, and the site shows only pictures kept in the project"),
        ("missing.png", "not found in the project"),
        ("images", "not a file"),
        ("images/a.svg", "not a PNG, JPEG, GIF, WebP or AVIF picture"),
        ("", "not a file path"),
        (["a.png"], "not a file path"),
        ("a\x00b.png", "not a usable file path (embedded null byte)"),
        ("x" * 5000 + ".png", "not a usable file path (File name too long)"),
    ])
    def test_what_cannot_be_shown_is_a_warning_with_the_line(self, tmp_path, value, why):
        project = tmp_path / "project"
        (project / "images").mkdir(parents=True)
        (project / "images" / "a.svg").write_text("<svg><script>alert(1)</script></svg>")
        (tmp_path / "secret.png").write_bytes(self.PNG)
        picture, problem = find_picture(value, self.source(project), 4)
        assert picture is None
        assert problem.line == 4 and problem.level == "warning"
        assert problem.message.endswith(f": {why}; no picture is shown")

    def test_a_symbolic_link_out_of_the_project_is_not_followed(self, tmp_path):
        project = tmp_path / "project"
        project.mkdir()
        (tmp_path / "secret.png").write_bytes(self.PNG)
        os.symlink(tmp_path / "secret.png", project / "link.png")
        picture, problem = find_picture("link.png", self.source(project), 2)
        assert picture is None and "points outside the project" in problem.message
