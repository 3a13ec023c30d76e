"""Organizations: the known ones named in the text."""
from __future__ import annotations

from .people import Lexicon


def find_organizations(text: str, lexicon: Lexicon) -> list[tuple[str, int]]:
    """Known organizations named in `text`, with where each first appears."""
    pattern = lexicon.organization_pattern
    found: dict[str, int] = {}
    if pattern is None:
        return []
    for m in pattern.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if before.isalnum() or after.isalnum():
            continue
        name = lexicon.organization(m.group(0))
        if name:
            found.setdefault(name, m.start())
    return list(found.items())
