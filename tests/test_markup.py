"""Article bodies to HTML: Markdown and plain text, always through the sanitizer."""
from __future__ import annotations

import pytest

from site_builder.markup import render_body, sanitize


def html_of(body: str, markdown: bool = True) -> str:
    return render_body(body, markdown)[1]


@pytest.mark.parametrize("body,expected", [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
    ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"),
    ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"),
    ("[web](https://example.com/?a=1&b=2)",
     '<p><a href="https://example.com/?a=1&amp;b=2" rel="nofollow noopener noreferrer">web</a></p>\n'),
])
def test_markdown_html_is_escaped_and_links_are_checked(body, expected):
    assert html_of(body) == expected


def test_plain_text_is_escaped():
    assert html_of("a <b onclick=x>đậm</b>", markdown=False) == "<p>a &lt;b onclick=x&gt;đậm&lt;/b&gt;</p>\n"


def test_a_local_image_shows_its_description_and_a_web_image_stays():
    assert html_of("![ảnh bìa](images/a.png) ![web](https://example.com/a.jpg)") == (
        '<p>ảnh bìa <img src="https://example.com/a.jpg" alt="web"></p>\n')


def test_tables_keep_their_alignment_and_headings_stay():
    out = html_of("## Mục\n\n| a | b |\n|--:|---|\n| 1 | 2 |")
    assert "<h2>Mục</h2>" in out and '<th style="text-align:right">a</th>' in out


@pytest.mark.parametrize("dirty,clean", [
    ('<p class="caption evil" onclick="x()">a</p>', '<p class="caption">a</p>'),
    ('<a href="JaVaScRiPt:alert(1)">j</a>', '<a rel="nofollow noopener noreferrer">j</a>'),
    ('<iframe src="x"></iframe><object data="x"></object>', ""),
    ("<svg><script>alert(1)</script></svg><style>*{}</style>", ""),
    ('<table><tr><td style="position:fixed;text-align:left">x</td></tr></table>',
     '<table><tbody><tr><td style="text-align:left">x</td></tr></tbody></table>'),
    ('<img src="data:text/html,x" alt="d">', '<img alt="d">'),
])
def test_the_sanitizer_removes_what_could_run_or_cover_the_page(dirty, clean):
    assert sanitize(dirty) == clean
