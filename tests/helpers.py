"""Helpers the tests share: run small documents through the per-file stages."""
from __future__ import annotations

from site_builder.dossier import assemble
from site_builder.dossier import Parsed
from site_builder.extract import Lexicon, extract_facts
from site_builder.normalize import clean_document
from site_builder.registry import Registry
from site_builder.sources import parse_document


def parse(text: str | bytes, lexicon: Lexicon, name: str = "seeds/a.txt") -> Parsed:
    """One document through read → normalize → extract."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    doc = clean_document(parse_document(name, data, markdown=name.endswith(".md")))
    return Parsed(doc, extract_facts(doc, lexicon))


def dossier_of(docs: dict[str, str], registry: Registry, **kwargs):
    lexicon = Lexicon(registry)
    return assemble([parse(text, lexicon, name) for name, text in docs.items()], registry, **kwargs)
