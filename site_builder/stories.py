"""One story, many outlets: articles whose texts are near-duplicates, found without comparing every pair.

The measure is *containment*: the share of the shorter text's 5-word shingles that the other
text has too, estimated from the two MinHash signatures (extract/likeness.py) and the two
shingle counts: with Jaccard estimate J, the shared shingles are J·(a + b)/(1 + J), and
containment is that over min(a, b). A copy with other chrome, another first paragraph, a few
changed sentences or a cut-off end keeps nearly all of the shorter text's word runs (0.85 and
more); two outlets' own reports of one round share names and set phrases, not runs of five
words (under 0.1); a translation shares none; even articles written from one stock of
sentences (the benchmark's synthetic corpus) stay under 0.75. An article is a copy of another
at CONTAINMENT or more.

Candidates come from locality-sensitive hashing, so the work grows with the number of
articles, not of pairs: the 128 values of the whole text in 16 bands of 8 (a pair whose
Jaccard similarity is 0.8 is a candidate with probability 0.95, 0.9 with 0.9999, 0.35 with
0.004), and the values of the opening words in 21 bands of 6 (a copy cut short keeps its
opening whole: probability 1; two texts opening with one shared sentence, 0.0005).

A story is its main article, the most complete text (most shingles; the earliest among
equals), and the articles that are copies *of it*: each article, from the most complete down,
joins the main article it is the closest copy of, or is one. Copies are never chained
through one another, so one story's articles all repeat its main text.

`StoryIndex` keeps the bands and the pairs found between builds, so the dev server rechecks
only the articles whose text changed.
"""
from __future__ import annotations

import datetime as dt
from array import array
from dataclasses import dataclass, field
from operator import eq

from .extract.likeness import PERMUTATIONS, VALUE, TextSignature

ROWS, LEAD_ROWS = 8, 6
CONTAINMENT = 0.8
# A band value shared by more articles than this is a formula (a stock opening sentence, a
# standing paragraph), not a sign of copying: it proposes no candidates, which keeps the work
# per article bounded whatever the corpus repeats. A story's copies share every band, so one
# formula does not hide them.
MAX_BUCKET = 50
_ITEM = array(VALUE).itemsize
# Below this many shingles (about 20 words) a text is too short to call a copy of anything.
MIN_SHINGLES = 16


@dataclass(frozen=True)
class Story:
    id: str  # the main article's id
    main: str
    # The other articles, each with its containment against the main one, in date order.
    copies: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Candidate:
    """What choosing a story's main article needs to know of one article."""

    key: str  # the source file: stable while the article's slug may change
    signature: TextSignature
    date: dt.date | None


def containment(a: TextSignature, b: TextSignature) -> float:
    same = sum(map(eq, a.values(), b.values())) / PERMUTATIONS
    shared = same * (a.shingles + b.shingles) / (1 + same)
    return min(1.0, shared / min(a.shingles, b.shingles))


@dataclass
class StoryIndex:
    """The LSH buckets and the copy pairs of the last build (mutable; kept in BuildState)."""

    signatures: dict[str, TextSignature] = field(default_factory=dict)
    # A band's bytes → the article holding it, or the set of them once there are several: most
    # bands are one article's, and a set for each would be most of the index's memory.
    buckets: dict[bytes, str | set[str]] = field(default_factory=dict)
    pairs: dict[str, dict[str, float]] = field(default_factory=dict)
    checked: int = 0  # signature comparisons made by the last update (for tests and the benchmark)

    def update(self, signatures: dict[str, TextSignature]) -> None:
        """Make the index hold exactly `signatures`, comparing only what is new or changed."""
        self.checked = 0
        for key in [k for k, s in self.signatures.items() if signatures.get(k) != s]:
            self._remove(key)
        for key, sig in signatures.items():
            if key not in self.signatures:
                self._add(key, sig)

    def _bands(self, sig: TextSignature) -> list[bytes]:
        """Each band as bytes: which signature and where, then its values."""
        whole, lead, size = sig.minhash, sig.lead, _ITEM
        return ([bytes((0, i)) + whole[i * size:(i + ROWS) * size] for i in range(0, PERMUTATIONS, ROWS)]
                + [bytes((1, i)) + lead[i * size:(i + LEAD_ROWS) * size]
                   for i in range(0, PERMUTATIONS - LEAD_ROWS + 1, LEAD_ROWS)])

    def _add(self, key: str, sig: TextSignature) -> None:
        self.signatures[key] = sig
        if sig.shingles < MIN_SHINGLES:
            return
        candidates: set[str] = set()
        for band in self._bands(sig):
            bucket = self.buckets.get(band)
            if bucket is None:
                self.buckets[band] = key
            elif isinstance(bucket, str):
                candidates.add(bucket)
                self.buckets[band] = {bucket, key}
            else:
                if len(bucket) < MAX_BUCKET:
                    candidates |= bucket
                bucket.add(key)
        for other in candidates:
            self.checked += 1
            share = containment(sig, self.signatures[other])
            if share >= CONTAINMENT:
                self.pairs.setdefault(key, {})[other] = share
                self.pairs.setdefault(other, {})[key] = share

    def _remove(self, key: str) -> None:
        sig = self.signatures.pop(key)
        if sig.shingles >= MIN_SHINGLES:
            for band in self._bands(sig):
                bucket = self.buckets.get(band)
                if bucket == key:
                    del self.buckets[band]
                elif isinstance(bucket, set):
                    bucket.discard(key)
                    if len(bucket) == 1:
                        self.buckets[band] = bucket.pop()
        for other in self.pairs.pop(key, {}):
            self.pairs.get(other, {}).pop(key, None)


def find_stories(candidates: list[Candidate], index: StoryIndex | None = None) -> tuple[Story, ...]:
    """Stories of two or more articles, keyed by source file (see the module's docstring).
    Drafts are not candidates at all, so a draft is never a story's main article."""
    index = index if index is not None else StoryIndex()
    index.update({c.key: c.signature for c in candidates})
    by_key = {c.key: c for c in candidates}
    far = dt.date.max
    order = sorted((k for k in index.pairs if k in by_key),
                   key=lambda k: (-by_key[k].signature.shingles, by_key[k].date or far, k))
    copies: dict[str, list[tuple[str, float]]] = {}
    for key in order:
        mains = [(share, m) for m, share in index.pairs[key].items() if m in copies]
        if mains:
            share, main = max(mains)
            copies[main].append((key, round(share, 2)))
        else:
            copies[key] = []
    return tuple(Story(main, main, tuple(sorted(found, key=lambda c: (by_key[c[0]].date or far, c[0]))))
                 for main, found in sorted(copies.items()) if found)
