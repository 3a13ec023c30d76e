"""Stage 3, quotes: quoted words with their speaker."""
from __future__ import annotations

from helpers import parse


class TestQuotes:
    def test_quote_with_its_speaker(self, lexicon):
        text = ("Đoạn đầu.\n\nBộ trưởng Nguyễn Hồng Diên nhấn mạnh: “Việt Nam cam kết thúc đẩy cải cách. "
                "Hiệp định sẽ tạo nền tảng vững chắc”.")
        (q,) = parse(text, lexicon).facts.quotes
        assert q.speaker == "Nguyễn Hồng Diên"
        assert q.text == "Việt Nam cam kết thúc đẩy cải cách. Hiệp định sẽ tạo nền tảng vững chắc"

    def test_short_reference_speaker_and_straight_quotes(self, lexicon):
        text = ('Phó Thủ tướng Bùi Thanh Sơn đến dự.\n\nTại cuộc họp, ông Sơn đã kêu gọi doanh nghiệp để hai nước '
                'có thể "sớm ký kết một hiệp định thương mại công bằng".')
        (q,) = parse(text, lexicon).facts.quotes
        assert q.speaker == "Bùi Thanh Sơn"

    def test_scare_quotes_and_unattributed_quotes_are_not_quotes(self, lexicon):
        text = ("Văn kiện được coi là “kim chỉ nam” cho giai đoạn cuối.\n\n"
                "Việt Nam nhấn mạnh nguyên tắc “thực tiễn, linh hoạt và cùng có lợi”.")
        assert parse(text, lexicon).facts.quotes == ()
