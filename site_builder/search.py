"""Search: a Pagefind index of the rendered pages, made before anything is written.

Pagefind folds tone marks and most diacritics itself, but `đ` has no Unicode
decomposition, so a reader typing `dam phan` would not find `đàm phán`. Each page
is therefore indexed with an appendix of its `đ` words folded to ASCII (`dam`,
`doi`, `dai`). The appendix exists only in the copy handed to Pagefind: the
published page is unchanged, and the search page cuts the appendix off at
`FOLD_MARK` before showing an excerpt.
"""
from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

from .normalize import fold

SEARCH_DIR = "pagefind"
# Where the folded words start in an indexed page's text (an improbable word).
FOLD_MARK = "zzfoldedzz"
_D_WORD = re.compile(r"\w*[đĐ]\w*")
_BODY_END = re.compile(r"</main>", re.I)
_TAGS = re.compile(r"<[^>]+>")


class SearchUnavailable(Exception):
    """The Pagefind binary is missing or failed; the site is still built, without search."""


def folded_words(html: str) -> list[str]:
    """The distinct words holding `đ`/`Đ` in the page's text, folded to ASCII, in order."""
    text = _TAGS.sub(" ", html)
    seen: dict[str, None] = {}
    for word in _D_WORD.findall(text):
        seen.setdefault(fold(word).lower(), None)
    return list(seen)


def with_folded_appendix(html: str) -> str:
    """The page as Pagefind should index it: its `đ` words again, folded, at the end of <main>."""
    words = folded_words(html)
    matches = list(_BODY_END.finditer(html))
    if not words or not matches:
        return html
    at = matches[-1].start()
    appendix = f'<p>{FOLD_MARK} {" ".join(words)}</p>'
    return html[:at] + appendix + html[at:]


def build_index(pages: dict[str, bytes], language: str) -> dict[str, bytes]:
    """Pagefind's files for `pages` (site path → HTML), keyed by their path in the site.

    Only pages marked `data-pagefind-body` are indexed (Pagefind's own rule once one page
    has the mark), so templates decide what is searchable.
    """
    try:
        return asyncio.run(_index(pages, language))
    except FileNotFoundError as exc:
        raise SearchUnavailable(f"the Pagefind binary is not installed ({exc}); pip install 'pagefind[extended]'") from None


async def _index(pages: dict[str, bytes], language: str) -> dict[str, bytes]:
    from pagefind.index import IndexConfig, PagefindIndex

    with tempfile.TemporaryDirectory(prefix="dossier-pagefind-") as tmp:
        out = Path(tmp) / SEARCH_DIR
        config = IndexConfig(force_language=language, output_path=str(out), keep_index_url=True)
        async with PagefindIndex(config=config) as index:
            for path, html in sorted(pages.items()):
                await index.add_html_file(content=with_folded_appendix(html.decode("utf-8")), url="/" + path)
        return {f"{SEARCH_DIR}/{p.relative_to(out).as_posix()}": p.read_bytes()
                for p in sorted(out.rglob("*")) if p.is_file()}
