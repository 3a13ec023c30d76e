"""Sentences of an article's title and blocks: what topics and figures are quoted by."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    block: int  # index of the body block; -1 for the title
    start: int  # where it starts in the block's text
    text: str


# A full stop, question or exclamation mark (closing quotes and brackets after it) and a space;
# or a stop glued to the next sentence's capital after a small letter ("hai tuần tới.Người"),
# which an abbreviation ("D.C", "U.S") never is.
# (The look-ahead lets the engine skip at once to the stops instead of trying every place.)
_END = re.compile(r"(?=[.!?…])(?:[.!?…]+[”\"’')\]]*\s+|(?<=[^\W\d_])[.!?](?=[^\W\d_]))")


def split_sentences(block: int, text: str) -> list[Sentence]:
    """The sentences of one block. A stop ends a sentence only before a capital, a digit or an
    opening quote: "U.S. officials" and "123,5 tỷ USD. còn" stay whole, and a decimal point
    ("13.7") is never followed by a space."""
    out, start = [], 0
    for m in _END.finditer(text):
        after = text[m.end():m.end() + 1]
        if not after or not (after.isupper() or after.isdigit() or after in "“\"‘'(["):
            continue
        if not m.group(0)[-1].isspace() and not (text[m.start() - 1].islower() and after.isupper()):
            continue
        piece = text[start:m.end()].rstrip()
        if piece:
            out.append(Sentence(block, start, piece))
        start = m.end()
    piece = text[start:].rstrip()
    if piece.strip():
        out.append(Sentence(block, start, piece))
    return out
