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


def lines_run(call, *modules) -> int:
    """How many lines of `modules` (their files) running `call()` executes: the work a stage
    does, counted rather than timed, so a test can check it grows with its input and not
    with its square. Work done inside a regular expression or a C function is not counted."""
    import sys

    files = {m.__file__ for m in modules}
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename in files else None

    before = sys.gettrace()
    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(before)
    return count


def grows_linearly(work, small: int, factor: int = 4, slack: float = 1.25) -> tuple[int, int]:
    """`work(n)` at `small` and at `factor` times it; asserts the second is at most `factor`
    times the first (with `slack` for what does not scale at all, or as n log n)."""
    a, b = work(small), work(small * factor)
    assert b <= a * factor * slack, f"work {a} at n={small}, {b} at n={small * factor}: grows faster than n"
    return a, b
