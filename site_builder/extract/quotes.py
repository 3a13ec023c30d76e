"""Quotes: quoted words with the person who said them."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .facts import Quote, _Text
from .people import Mention

_SPEECH_VERB = re.compile(
    r"(?<!\w)(?:nhấn mạnh|cho biết|khẳng định|nói|phát biểu|chia sẻ|bày tỏ|cho rằng|nhận định|tuyên bố|"
    r"kêu gọi|đề nghị|nêu rõ|lưu ý|thông tin|trả lời|giải thích|nhận xét|đánh giá|kỳ vọng|mong muốn|"
    r"khuyến nghị|cam kết|viết|lập luận|nhắc lại|tái khẳng định|thừa nhận|cảnh báo)(?!\w)",
    re.I,
)
_QUOTED = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"")
_QUOTE_MIN_WORDS = 5


def _find_quotes(text: _Text, mentions: list[Mention], by_short: dict[str, str]):
    """Quotations with the person who said them: a speaker, a speech verb, then the quoted words."""
    joined = text.joined
    mentions = sorted(mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    for q in _QUOTED.finditer(joined):
        words = (q.group(1) or q.group(2)).strip()
        block = text.block_at(q.start())
        if block < 0 or len(words.split()) < _QUOTE_MIN_WORDS:
            continue
        sentence_start = _sentence_start(joined, q.start())
        verb = None
        for verb in _SPEECH_VERB.finditer(joined, sentence_start, q.start()):
            pass
        if verb is None:
            continue
        near = mentions[bisect_left(mention_starts, sentence_start):bisect_right(mention_starts, verb.start())]
        speakers = [m for m in near if m.end <= verb.start()]
        if not speakers:
            continue
        speaker = speakers[-1]
        name = by_short.get(speaker.name) if speaker.short else speaker.name
        if name:
            yield Quote(name, words.rstrip(" ."), block)


def _sentence_start(text: str, pos: int) -> int:
    """Start of the sentence containing `pos`: after a full stop outside quotes, or the line start."""
    depth = 0
    # No real sentence runs this long before its quote; the bound keeps a huge one-line file linear.
    reach = max(0, pos - _SENTENCE_REACH)
    for i in range(pos - 1, reach - 1, -1):
        c = text[i]
        if c == "\n":
            return i + 1
        if c == "”":
            depth += 1
        elif c == "“":
            depth = max(0, depth - 1)
        elif c in ".!?" and depth == 0 and text[i + 1:i + 2] == " ":
            return i + 2
    return reach


_SENTENCE_REACH = 1000
