"""Topics: which subjects of the negotiation an article discusses, and the sentences that say so.

The signals are editorial data (`data/topics.yaml`), not a model: the press writes about
these subjects with a small, stable vocabulary (thuế đối ứng, chuyển tải, xuất xứ, D1–D3 …),
and a reader can check and extend it. The text is scanned once, word by word, down a trie of
the signals' words: the cost grows with the article, not with the number of signals.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..registry import TopicEntry
from .sentences import Sentence

# A topic is discussed when the article's own text uses its signals at least this many
# times, or once in a sentence about the negotiation itself (NEGOTIATION): one passing word
# ("giới đầu tư bàng hoàng", "trade and investment") is not a discussion, but a topic named
# among what the two sides negotiate, agree or commit to is on the table.
MIN_SIGNALS = 2
# Words that make a sentence one about the negotiation: talks, agreements, commitments, the
# two sides and what they cooperate on.
NEGOTIATION = re.compile(
    r"(?<!\w)(?:đàm phán|thương lượng|thảo luận|trao đổi|hiệp định|thỏa thuận|tuyên bố chung|cam kết|nhất trí|"
    r"thống nhất|đề nghị|đề xuất|yêu cầu|ký kết|ký|hai bên|hai nước|hai đoàn|các lĩnh vực|nội dung|hợp tác|"
    r"negotiat\w*|talks|agreement|framework|deal|commit\w*|discuss\w*|agreed|both sides|two sides|"
    r"two countries|both countries|cooperat\w*)(?!\w)", re.I)
# The sentences kept to show what an article says on a topic.
SHOWN_SENTENCES = 2

_WORD = re.compile(r"\w+")
_BREAK = re.compile(r"[.!?;:()“”\"\n]")


@dataclass(frozen=True)
class Signal:
    """A signal of a topic where the text writes it."""

    topic: str
    block: int
    start: int  # in the block's text
    end: int
    text: str


@dataclass(frozen=True)
class TopicFact:
    """An article's discussion of a topic: how many times its signals are used, and the sentences to show."""

    topic: str
    signals: int
    shown: tuple[Sentence, ...]


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]  # as written, compared as they are when `exact`
    exact: bool  # a signal written in capitals must be written so ("TBT", "D1")
    topic: str | None  # None: a phrase that is no signal (a ministry's name)


# The key of a trie node's phrases (a word cannot be empty).
_END_KEY = ""


class Matcher:
    """The signals of every topic in a trie of their words (lower case)."""

    def __init__(self, topics: tuple[TopicEntry, ...]):
        trie: dict = {}
        seen: set[tuple[tuple[str, ...], bool, str | None]] = set()
        for entry in topics:
            for phrase, topic in [*((s, entry.id) for s in entry.signals), *((s, None) for s in entry.not_signals)]:
                words = tuple(_WORD.findall(phrase))
                exact = not any(c.islower() for c in phrase)
                key = (words if exact else tuple(w.lower() for w in words), exact, topic)
                if not words or key in seen:
                    continue
                seen.add(key)
                node = trie
                for w in words:
                    node = node.setdefault(w.lower(), {})
                node.setdefault(_END_KEY, []).append(_Phrase(key[0], exact, topic))
        for node in _nodes(trie):
            # A non-signal first: a name is never read as a signal.
            node.get(_END_KEY, []).sort(key=lambda p: p.topic is not None)
        self.trie = trie

    def signals(self, block: int, text: str) -> list[Signal]:
        """The signals in one block, left to right, none overlapping, the longest at each place."""
        words = list(_WORD.finditer(text))
        lowered = text.lower()
        # Lower case keeps the length of Vietnamese and English text, so its words are the
        # text's; where it does not (a Turkish İ), each word is lowered apart.
        lower = _WORD.findall(lowered) if len(lowered) == len(text) else [w.group(0).lower() for w in words]
        trie = self.trie
        out: list[Signal] = []
        after = 0  # the next signal starts after the last one
        # A walk down the trie starts only at a word that begins some phrase: most begin none.
        for i in [i for i, w in enumerate(lower) if w in trie]:
            if i < after:
                continue
            node, j, found = trie, i, None
            while j < len(words) and (node := node.get(lower[j])) is not None:
                # Words of one phrase are apart by spaces, a hyphen or a comma ("non-tariff",
                # "Fair, and Balanced"), never by the end of a sentence.
                if j > i and (words[j].start() - words[j - 1].end() > 3
                              or _BREAK.search(text, words[j - 1].end(), words[j].start())):
                    break
                for p in node.get(_END_KEY, ()):
                    if not p.exact or all(words[i + k].group(0) == w for k, w in enumerate(p.words)):
                        found = (p, j)
                        break
                j += 1
            if found is None:
                continue
            p, last = found
            start, end = words[i].start(), words[last].end()
            if p.topic is not None:
                out.append(Signal(p.topic, block, start, end, text[start:end]))
            after = last + 1
        return out


def _nodes(trie: dict):
    stack = [trie]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(v for k, v in node.items() if k != _END_KEY)


@lru_cache(maxsize=8)
def matcher(topics: tuple[TopicEntry, ...]) -> Matcher:
    """The matcher of a registry's topics, built once per process for each set of topics."""
    return Matcher(topics)


def find_topics(sentences: list[Sentence], signals: list[Signal], figure_offsets: set[tuple[int, int]] = frozenset(),
                order: tuple[str, ...] = ()) -> tuple[TopicFact, ...]:
    """The topics the article discusses (see MIN_SIGNALS), in the order of `order` (the
    registry's), each with the sentences that carry it most: the most signals, then one
    holding a figure (`figure_offsets`: (block, offset) of each figure), then the earliest;
    shown in the order of the text."""
    per_sentence: dict[str, dict[int, int]] = {}
    bounds = [(s.block, s.start, s.start + len(s.text)) for s in sentences]
    i = 0
    for sig in sorted(signals, key=lambda s: (s.block, s.start)):
        while i < len(bounds) and (bounds[i][0], bounds[i][2]) <= (sig.block, sig.start):
            i += 1
        if i == len(bounds) or bounds[i][0] != sig.block or bounds[i][1] > sig.start:
            continue
        counts = per_sentence.setdefault(sig.topic, {})
        counts[i] = counts.get(i, 0) + 1
    starts = [(b, s) for b, s, _ in bounds]
    with_figure = {j for at in figure_offsets if (j := bisect_right(starts, at) - 1) >= 0 and bounds[j][0] == at[0]}
    rank = {t: n for n, t in enumerate(order)}
    facts = []
    about_talks: dict[int, bool] = {}
    for topic, counts in per_sentence.items():
        if sum(counts.values()) < MIN_SIGNALS and not any(
                about_talks.setdefault(j, NEGOTIATION.search(sentences[j].text) is not None) for j in counts):
            continue
        best = sorted(counts, key=lambda j: (-counts[j], j not in with_figure, j))[:SHOWN_SENTENCES]
        facts.append(TopicFact(topic, sum(counts.values()), tuple(sentences[j] for j in sorted(best))))
    facts.sort(key=lambda f: (rank.get(f.topic, len(rank)), f.topic))
    return tuple(facts)
