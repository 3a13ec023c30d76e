"""Stage 3, likeness: a MinHash signature of an article's own text, to find copies of one story.

Outlets reprint a news agency's dispatch under another first line, aggregators repost whole
pages, an editor saves a page twice. What stays the same across such copies is the run of
words, so the text is taken as its set of 5-word shingles (case folded), and the set is
summarised by 128 MinHash values: the share of equal values between two signatures estimates
the Jaccard similarity of the two sets (see stories.py for how copies are told apart). A
second signature covers the opening words alone, which a copy cut short keeps whole. The
hashing is rensa's (Rust), which a build can afford for every article.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass

from rensa import RMinHash

SHINGLE_WORDS = 5
PERMUTATIONS = 128
# The opening a truncated copy keeps: about the first paragraph.
LEAD_WORDS = 60
# Fixed, so signatures read from the parse cache compare with fresh ones.
SEED = 20251026


# The values are kept packed (8 bytes each, machine order): as tuples of Python integers the
# two signatures took 10 KB an article, a sixth of a parsed article in memory.
VALUE = "Q"


@dataclass(frozen=True)
class TextSignature:
    minhash: bytes  # PERMUTATIONS values, packed (see `values`)
    lead: bytes  # the same over the first LEAD_WORDS words
    shingles: int  # how many distinct shingles the text has: its size, for containment

    def values(self) -> memoryview:
        return memoryview(self.minhash).cast(VALUE)


def text_signature(text: str) -> TextSignature | None:
    """The signature of `text`, or None for a text too short to have a single shingle."""
    # Split at spaces, punctuation kept: copies of one text punctuate it alike, and this is
    # the cheapest way through a long article.
    words = text.casefold().split()
    if len(words) < SHINGLE_WORDS:
        return None
    runs = list(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)))))
    shingles = set(runs)
    return TextSignature(_minhash(shingles), _minhash(set(runs[:LEAD_WORDS - SHINGLE_WORDS + 1])), len(shingles))


def _minhash(shingles: set[str]) -> bytes:
    sketch = RMinHash(num_perm=PERMUTATIONS, seed=SEED)
    sketch.update(list(shingles))
    return array(VALUE, sketch.digest()).tobytes()
