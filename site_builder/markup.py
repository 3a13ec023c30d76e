"""Article bodies to HTML: Markdown through markdown-it-py, plain text by paragraphs.

Article text is untrusted. Raw HTML in Markdown is not passed through (markdown-it
escapes it) and markdown-it refuses `javascript:`-style link targets; plain text is
escaped. Whatever comes out is then cleaned by nh3 (the ammonia sanitizer) to a short
list of tags and attributes, so a future renderer option or bug cannot let a script,
an event handler or a dangerous URL through. The blocks returned alongside are the
same text without markup, for extraction.
"""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from typing import Literal

import nh3
from markdown_it import MarkdownIt

BlockKind = Literal["heading", "paragraph", "caption", "item", "quote"]


@dataclass(frozen=True)
class Block:
    """One block of an article body as plain text (a paragraph, heading, list item…)."""

    kind: BlockKind
    text: str


_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
# Hard-wrapped plain text has lines of a similar width; scraped text has one paragraph a line.
_WRAP_MIN, _WRAP_MAX = 50, 100


# What an article body may contain: the HTML CommonMark and its tables produce, nothing else.
_ALLOWED_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "hr", "br", "pre", "code",
    "em", "strong", "s", "del", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
})
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
}
_CLEANER = nh3.Cleaner(
    tags=set(_ALLOWED_TAGS),
    attributes={k: set(v) for k, v in _ALLOWED_ATTRIBUTES.items()},
    allowed_classes={"p": {"caption"}},
    filter_style_properties={"text-align"},
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener noreferrer",
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """`html` with every tag, attribute and URL scheme not on the allow-list removed."""
    return _CLEANER.clean(html)


def render_body(body: str, is_markdown: bool, *, caption_lines: frozenset[str] = frozenset()) -> tuple[tuple[Block, ...], str]:
    """The body's blocks and its sanitized HTML."""
    blocks, html = _markdown(body, caption_lines) if is_markdown else _plain(body, caption_lines)
    return blocks, sanitize(html)


def _plain(body: str, caption_lines: frozenset[str]) -> tuple[tuple[Block, ...], str]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", body):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        if len(lines) > 1 and all(_WRAP_MIN <= len(ln) <= _WRAP_MAX for ln in lines[:-1]):
            lines = [" ".join(lines)]
        for line in lines:
            blocks.append(Block("caption" if line in caption_lines else "paragraph", line))
    out = []
    for b in blocks:
        text = htmllib.escape(b.text, quote=False)
        out.append(f'<p class="caption">{text}</p>' if b.kind == "caption" else f"<p>{text}</p>")
    return tuple(blocks), "\n".join(out) + ("\n" if out else "")


def _markdown(body: str, caption_lines: frozenset[str]) -> tuple[tuple[Block, ...], str]:
    tokens = _MD.parse(body)
    blocks: list[Block] = []
    context: list[str] = []
    for tok in tokens:
        if tok.nesting == 1 and tok.type != "paragraph_open":
            context.append(tok.type)
        elif tok.nesting == -1 and tok.type != "paragraph_close":
            if context:
                context.pop()
        elif tok.type == "inline":
            text = _inline_text(tok).strip()
            if not text:
                continue
            if "heading_open" in context:
                kind: BlockKind = "heading"
            elif "list_item_open" in context:
                kind = "item"
            elif "blockquote_open" in context:
                kind = "quote"
            elif text in caption_lines:
                kind = "caption"
            else:
                kind = "paragraph"
            blocks.append(Block(kind, text))
    _unlink_local_images(tokens)
    return tuple(blocks), _MD.renderer.render(tokens, _MD.options, {})


def _unlink_local_images(tokens) -> None:
    """An image given by a path in the editor's folder is never published, so show its
    description instead of a broken picture; images on the web stay."""
    for tok in tokens:
        for child in tok.children or ():
            if child.type == "image" and not re.match(r"https?://", child.attrGet("src") or "", re.I):
                child.type, child.tag, child.attrs, child.children = "text", "", {}, None


def _inline_text(token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
