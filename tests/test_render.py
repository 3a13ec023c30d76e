"""The render stage: the Jinja environment's filters and globals, and pages rendered from a plan."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.config import load_config, replace
from site_builder.registry import ROUND_KINDS
from site_builder.pages import Page, plan_assets, plan_site
from site_builder.registry import Registry, RoundEntry
from site_builder.render import (SiteGlobals, _whole_word_matches, _wrap_first, json_ld, load_strings,
                                 make_environment, render_page, root_prefix, web_url)

from conftest import REPO
from helpers import dossier_of, grows_linearly, lines_run

D = dt.date


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("render")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "static").mkdir()
    (root / "static/style.css").write_text("/* test */\n", encoding="utf-8")
    (root / "static/favicon.svg").write_text("<svg/>\n", encoding="utf-8")
    return root


def site_for(project, language="vi", base_url=""):
    config = replace(load_config(project), language=language, base_url=base_url)
    return SiteGlobals(config, load_strings(config.templates_dir, language), plan_assets(config.static_dir))


def render_string(project, source: str, *, language="vi", base_url="", page_path="bai-viet/x.html", **context):
    env = make_environment(project / "templates")
    site = site_for(project, language, base_url)
    return env.from_string(source).render(context, page_path=page_path, root=root_prefix(page_path), site=site,
                                          t=site.strings)


@pytest.mark.parametrize("page, prefix", [("index.html", ""), ("bai-viet/a.html", "../"), ("a/b/c.html", "../../")])
def test_links_are_relative_to_the_page(project, page, prefix):
    out = render_string(project, "{{ url('nhan-vat/x.html') }} {{ asset('style.css') }}", page_path=page)
    link, css = out.split()
    assert link == prefix + "nhan-vat/x.html"
    assert re.fullmatch(re.escape(prefix) + r"static/style\.[0-9a-f]{10}\.css", css)


@pytest.mark.parametrize("language, start, end, expected", [
    ("vi", D(2025, 5, 19), D(2025, 5, 22), "19–22/05/2025"),
    ("vi", D(2025, 5, 30), D(2025, 6, 2), "30/05 – 02/06/2025"),
    ("vi", D(2025, 12, 30), D(2026, 1, 2), "30/12/2025 – 02/01/2026"),
    ("vi", D(2025, 11, 10), D(2025, 11, 10), "10/11/2025"),
    ("vi", D(2025, 11, 10), None, "10/11/2025"),
    ("en", D(2025, 5, 19), D(2025, 5, 22), "May 19–22, 2025"),
    ("en", D(2025, 5, 30), D(2025, 6, 2), "May 30 – June 2, 2025"),
])
def test_date_ranges_are_written_once(project, language, start, end, expected):
    assert render_string(project, "{{ s|date_range(e) }}", language=language, s=start, e=end) == expected


@pytest.mark.parametrize("language, n, expected", [("vi", 1, "1 bài viết"), ("vi", 3, "3 bài viết"),
                                                   ("en", 1, "1 article"), ("en", 3, "3 articles")])
def test_counts_use_the_singular_where_a_language_has_one(project, language, n, expected):
    assert render_string(project, "{{ count('article_count', n) }}", language=language, n=n) == expected


def test_json_ld_cannot_close_its_script_element():
    data = {"headline": "a </script><script>alert(1)</script> <!-- & \u2028"}
    text = str(json_ld(data))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


@pytest.mark.parametrize("value, expected", [
    ("https://vnexpress.net/a", "https://vnexpress.net/a"),
    (" http://x.vn/b ", "http://x.vn/b"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,<script>", None),
    ("//evil.example/x", None),
    ("", None),
    (None, None),
])
def test_only_web_addresses_become_links(value, expected):
    assert web_url(value) == expected


def test_wrap_first_skips_links_and_headings_and_keeps_escaping():
    def italic(text, key):
        return f"<i>{text}</i>"

    html = '<h2>Ông Greer</h2>\n<p><a href="x">Greer</a> và Greer &amp; <b>Greer</b></p>\n'
    assert _wrap_first(html, {"Greer": 1}, italic) == \
        ('<h2>Ông Greer</h2>\n<p><a href="x">Greer</a> và <i>Greer</i> &amp; <b>Greer</b></p>\n', {1})
    # Whole words only, and text that needs escaping stays escaped.
    assert _wrap_first("<p>Greerson &lt;Greer&gt;</p>", {"Greer": 1}, italic)[0] == "<p>Greerson &lt;<i>Greer</i>&gt;</p>"
    assert _wrap_first("<p>không có</p>", {"Greer": 1}, italic) == ("<p>không có</p>", set())


def test_wrap_first_takes_each_key_once_and_the_longest_phrase():
    html = "<p>Jamieson Greer gặp ông Greer và Bộ Công Thương Việt Nam.</p><p>Jamieson Greer nói.</p>"
    phrases = {"Jamieson Greer": "g", "Greer": "g", "Bộ Công Thương": "b", "Bộ Công Thương Việt Nam": "b"}
    out, found = _wrap_first(html, phrases, lambda text, key: f"[{key}:{text}]")
    assert out == "<p>[g:Jamieson Greer] gặp ông Greer và [b:Bộ Công Thương Việt Nam].</p><p>Jamieson Greer nói.</p>"
    assert found == {"g", "b"}


SEEDS = {
    "seeds/a.txt": (
        " date 2025-05-23 Kết thúc vòng đàm phán thứ hai\n"
        "Vòng đàm phán thứ hai diễn ra từ ngày 19–22/5/2025. Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên "
        "dẫn đầu đoàn Việt Nam.\n\nBộ trưởng Nguyễn Hồng Diên nhấn mạnh “hai bên cần sớm hoàn tất một hiệp định "
        "công bằng và cân bằng” cho doanh nghiệp.\n"
    ),
    "seeds/b.txt": " date 2025-06-01 Bài thứ hai\nJamieson Greer <script>alert(1)</script> phát biểu.\n",
}


@pytest.fixture(scope="module")
def dossier(registry):
    return dossier_of({name: text for name, text in SEEDS.items()}, registry)


def render_plan_page(project, dossier, path, **site_args):
    site = site_for(project, **site_args)
    env = make_environment(project / "templates")
    (page,) = [p for p in plan_site(dossier, site.assets) if p.path == path]
    return render_page(page, env, site).decode("utf-8")


def test_article_page_marks_quotes_and_links_first_mentions(project, dossier):
    a = dossier.articles[0]
    html = render_plan_page(project, dossier, a.url)
    assert '<mark class="quote" id="trich-dan-1">hai bên cần sớm hoàn tất' in html
    assert html.count('class="mention" href="../nhan-vat/nguyen-hong-dien.html"') == 1
    assert html.count('class="mention" href="../to-chuc/bo-cong-thuong.html"') == 1
    assert 'href="#trich-dan-1"' in html
    assert f'href="../{a.original_path}"' in html


def test_article_text_is_escaped(project, dossier):
    html = render_plan_page(project, dossier, dossier.articles[1].url)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_canonical_and_open_graph_follow_the_base_url(project, dossier):
    a = dossier.articles[0]
    without = render_plan_page(project, dossier, a.url)
    assert 'rel="canonical"' not in without and 'og:url' not in without
    with_base = render_plan_page(project, dossier, a.url, base_url="https://example.org/ho-so/")
    assert f'<link rel="canonical" href="https://example.org/ho-so/{a.url}">' in with_base
    assert '<meta property="og:type" content="article">' in with_base
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', with_base, re.S).group(1))
    assert ld["@type"] == "NewsArticle" and ld["url"] == f"https://example.org/ho-so/{a.url}"
    assert ld["datePublished"] == "2025-05-23"
    assert ld["mentions"][0] == {"@type": "Person", "name": "Nguyễn Hồng Diên",
                                 "url": "https://example.org/ho-so/nhan-vat/nguyen-hong-dien.html"}


def test_person_page_has_person_json_ld(project, dossier):
    html = render_plan_page(project, dossier, "nhan-vat/nguyen-hong-dien.html")
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "Person" and ld["name"] == "Nguyễn Hồng Diên" and "Bộ trưởng Bộ Công Thương" in ld["jobTitle"]
    assert '<meta property="og:type" content="profile">' in html


def test_language_en_switches_the_interface(project, dossier):
    vi = render_plan_page(project, dossier, "index.html")
    en = render_plan_page(project, dossier, "index.html", language="en")
    assert '<html lang="vi">' in vi and "Dòng thời gian" in vi
    assert '<html lang="en">' in en and "Timeline" in en and "Dòng thời gian" not in en


def test_rounds_are_named_in_the_interface_s_language_unless_the_editor_named_them(project, dossier, registry):
    (round_,) = [r for r in dossier.rounds if r.id == "vong-2"]
    assert round_.title == "Vòng đàm phán thứ 2" and not round_.title_given  # the model keeps Vietnamese
    article = dossier.articles[0].url
    vi = render_plan_page(project, dossier, round_.url)
    en = render_plan_page(project, dossier, round_.url, language="en")
    assert '<h1 id="page-title">Vòng đàm phán thứ 2</h1>' in vi
    assert '<h1 id="page-title">Negotiation round 2</h1>' in en and "Vòng đàm phán" not in en
    en_article = render_plan_page(project, dossier, article, language="en")
    assert '<span data-pagefind-filter="round">Negotiation round 2</span>' in en_article
    assert '"articleSection": "Negotiation round 2"' in en_article and "Vòng đàm phán thứ 2" not in en_article
    named = Registry(rounds=(RoundEntry("round", 2, title="Vòng hai tại Washington"),))
    renamed = dossier_of(SEEDS, named)
    assert "Vòng hai tại Washington</h1>" in render_plan_page(project, renamed, round_.url, language="en")
    dated = replace_round(round_, number=None, start=dt.date(2025, 5, 19))
    assert name_of_en(project, dated) == "Negotiation round of May 19, 2025"


@pytest.mark.parametrize("kind", ROUND_KINDS)
@pytest.mark.parametrize("number, start", [(8, None), (None, dt.date(2025, 10, 15))])
def test_the_vietnamese_interface_names_rounds_as_the_model_does(project, dossier, kind, number, start):
    # The model's titles (dossier.json) and the interface's strings spell the same names twice:
    # this keeps the two from drifting apart.
    from site_builder.dossier import _round_title

    r = replace_round(dossier.rounds[0], kind=kind, number=number, start=start,
                      title=_round_title(kind, number, start), title_given=False)
    assert render_string(project, "{{ r|name_of }}", r=r) == r.title


def replace_round(r, **changes):
    return dataclasses.replace(r, **changes)


def name_of_en(project, r) -> str:
    return render_string(project, "{{ r|name_of }}", language="en", r=r)


def test_404_page_links_from_the_base_path_when_the_base_url_is_known(project, dossier):
    # Served at any depth, the 404 page cannot link relatively; the base URL's path also holds under a custom domain.
    html = render_plan_page(project, dossier, "404.html", base_url="https://example.org/ho-so/")
    assert 'href="/ho-so/index.html"' in html
    assert re.search(r'href="/ho-so/static/style\.[0-9a-f]{10}\.css"', html)
    assert 'rel="canonical"' not in html
    relative = render_plan_page(project, dossier, "404.html")
    assert 'href="index.html"' in relative


def test_a_template_error_names_the_template_and_page(project, dossier, tmp_path):
    from site_builder.problems import BuildError

    shutil.copytree(project / "templates", tmp_path / "templates")
    (tmp_path / "templates/round.html").write_text("{% extends 'base.html' %}{% block content %}{{ nope.x }}"
                                                   "{% endblock %}", encoding="utf-8")
    site = site_for(project)
    env = make_environment(tmp_path / "templates")
    page = Page("vong-dam-phan/x.html", "round.html", {})
    with pytest.raises(BuildError) as err:
        render_page(page, env, site)
    assert "templates/round.html" in str(err.value.problems[0]) and "vong-dam-phan/x.html" in str(err.value.problems[0])


def test_a_list_item_is_rendered_once_a_build_for_each_link_prefix(project):
    env = make_environment(project / "templates")
    site = site_for(project)
    runs = []
    source = ("{% for x in items %}{% call once('item', x) %}{% set _ = note(x) %}<a href=\"{{ url(x.url) }}\">{{ x.title }}</a>"
              "{% endcall %}{% endfor %}")

    def render(page_path, items):
        return env.from_string(source).render(items=items, note=runs.append, page_path=page_path,
                                              root=root_prefix(page_path), site=site, t=site.strings)

    a, b = {"url": "bai-viet/a.html", "title": "A <b>"}, {"url": "bai-viet/b.html", "title": "B"}
    home = render("index.html", [a, b, a])
    person = render("nhan-vat/x.html", [b, a])
    other = render("to-chuc/y.html", [a])
    assert home == '<a href="bai-viet/a.html">A &lt;b&gt;</a><a href="bai-viet/b.html">B</a>' \
                   '<a href="bai-viet/a.html">A &lt;b&gt;</a>'
    assert person == '<a href="../bai-viet/b.html">B</a><a href="../bai-viet/a.html">A &lt;b&gt;</a>'
    assert other == '<a href="../bai-viet/a.html">A &lt;b&gt;</a>'
    assert len(runs) == 4, "once for each item and link prefix, reused after that"
    two_sites = "{% call once('one', x) %}1{% endcall %}{% call once('two', x) %}2{% endcall %}"
    assert env.from_string(two_sites).render(x=a, page_path="index.html", root="", site=site, t=site.strings) == "12"
    # Another build starts with nothing remembered.
    site = site_for(project)
    render("to-chuc/y.html", [a])
    assert len(runs) == 5


WORDS = st.sampled_from(["Bộ", "Công", "Thương", "Việt", "Nam", "Greer", "ông", "Đại", "sứ", "_x", "1"])


@settings(max_examples=300, deadline=None)
@given(phrases=st.lists(st.tuples(st.sampled_from(["", "", "(", "“"]),
                                   st.lists(WORDS, min_size=1, max_size=4).map(" ".join),
                                   st.sampled_from(["", "!", "?", "…", ".", "?!"])).map("".join),
                         min_size=1, max_size=6, unique=True),
       text=st.lists(st.one_of(WORDS, st.sampled_from([" ", ", ", ".", "-", "Bộx", "!", "?!", "…", "(", "“"])),
                     max_size=40).map("".join))
def test_whole_word_matches_are_what_a_regular_expression_of_the_alternatives_finds(phrases, text):
    ordered = sorted(phrases, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
    expected = [m.span() for m in pattern.finditer(text)]
    assert _whole_word_matches(text, ordered) == expected
    # Read word by word, as from many phrases on (a long article's names and quotes).
    assert _whole_word_matches(text, ordered, lookup_from=0) == expected


def test_many_names_in_a_long_text_cost_its_words_not_names_times_words():
    """Hundreds of names and quotes over a long article: the text is read once, each word
    looked up, not searched through once per name."""
    from site_builder import render

    def work(n: int) -> int:
        names = [f"Nguyễn Văn {k}" for k in range(n)]
        html = "".join(f"<p>Ông Nguyễn Văn {k} cho biết “hai bên đã thu hẹp khoảng cách số {k}”.</p>" for k in range(n))
        found = []
        count = lines_run(lambda: found.append(_wrap_first(html, {x: x for x in names}, lambda t, k: f"<b>{t}</b>")),
                          render)
        assert len(found[0][1]) == n
        return count

    grows_linearly(work, 100)
