"""Organizations: the known ones named in the text."""
from __future__ import annotations

from .people import Lexicon


def find_organizations(text: str, lexicon: Lexicon) -> list[tuple[str, int]]:
    """Known organizations named in `text`, with where each first appears.

    The text is scanned once for the first words of the known names, and only the names
    starting with the word found are compared there, longest first (an alternation of every
    whole name tried at every position cost more than the rest of extraction together).
    """
    index, starts = lexicon.organization_index, lexicon.organization_starts_pattern
    found: dict[str, int] = {}
    resume = 0
    for word in starts.finditer(text) if starts is not None else ():
        start = word.start()
        if start < resume:
            continue
        for alias, name, words in index.get(word.group(0).casefold(), ()):
            end = start + len(alias)
            written = text[start:end]
            if end < len(text) and text[end].isalnum():
                continue
            if written == alias or (written.casefold() == alias.casefold()
                                    and (words >= 3 or (words == 2 and written[0] == alias[0]))):
                found.setdefault(name, start)
                resume = end
                break
    return list(found.items())
