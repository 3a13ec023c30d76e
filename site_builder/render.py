"""Stage 6, render: the one Jinja environment, and the planned pages turned into bytes.

Autoescape is on for every HTML and XML template and undefined names are errors, so a
typo in a template fails the build instead of leaving a blank in a page.
"""
from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import re
from collections import namedtuple
from dataclasses import dataclass, field
from itertools import accumulate
from urllib.parse import urlsplit

import jinja2
import yaml
from jinja2 import pass_context
from markupsafe import Markup

from . import charts
from .config import Config
from .dossier import ARTICLE_DIR, ORGANIZATION_DIR, PERSON_DIR, ROUND_DIR, SIDES, Article, Organization, Person, Round, Topic
from .pages import FIGURES_PAGE, SEARCH_PAGE, TOPICS_PAGE, Assets, File, Page
from .problems import BuildError, Problem
from .roles import RoleHeld
from .theme import Folders, find, folders

STRINGS_FILE = "strings.yaml"


@dataclass(frozen=True)
class SiteGlobals:
    """What every template may use besides its own context."""

    config: Config
    strings: dict = field(hash=False)
    assets: Assets
    # Fragments rendered once in this build and pasted wherever they recur (`once`).
    fragments: dict = field(default_factory=dict, hash=False, compare=False, repr=False)


def load_strings(templates: Folders, language: str) -> dict:
    """The UI strings of `language` from `templates/strings.yaml` (the first templates folder
    that has one), Vietnamese filling any gap."""
    path = find(templates, STRINGS_FILE)
    try:
        if path is None:
            raise FileNotFoundError(STRINGS_FILE)
        table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise BuildError([Problem(f"templates/{STRINGS_FILE}", None, "error", "missing: the UI strings live here")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BuildError([Problem(f"templates/{STRINGS_FILE}", mark.line + 1 if mark else None, "error",
                                  f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    if language not in table:
        known = ", ".join(sorted(table))
        raise BuildError([Problem("dossier.yaml", None, "error",
                                  f"language {language!r} has no strings in templates/{STRINGS_FILE} (known: {known})")])
    strings = dict(table.get("vi", {}))
    strings.update(table[language])
    return strings


def make_environment(templates: Folders) -> jinja2.Environment:
    """The one environment; a template is looked up in the folders in order (a dossier's own first)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders(templates)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["url"] = url
    env.globals["absolute_url"] = absolute_url
    env.globals["once"] = once
    env.globals["asset"] = asset
    env.globals["count"] = count
    env.globals["sections"] = SECTIONS
    env.globals["search_page"] = SEARCH_PAGE
    env.globals["timeline_chart"] = timeline_chart
    env.globals["companion_chart"] = charts.companion_chart
    env.globals["article_json_ld"] = article_json_ld
    env.globals["person_json_ld"] = person_json_ld
    env.filters["date"] = format_date
    env.filters["date_range"] = format_date_range
    env.filters["month"] = format_month
    env.filters["role_span"] = role_span
    env.filters["round_label"] = round_label
    env.filters["name_of"] = name_of
    env.filters["side_name"] = side_name
    env.globals["article_body"] = article_body
    env.filters["web_url"] = web_url
    env.filters["json_ld"] = json_ld
    env.filters["iso"] = lambda d: d.isoformat() if d else ""
    env.filters["topic_name"] = topic_name
    env.filters["topic_description"] = topic_description
    env.globals["rates_chart"] = rates_chart
    return env


# The index page of each section, for the navigation.
SECTIONS = {
    "rounds": f"{ROUND_DIR}/index.html",
    "people": f"{PERSON_DIR}/index.html",
    "organizations": f"{ORGANIZATION_DIR}/index.html",
    "articles": f"{ARTICLE_DIR}/",
    "topics": TOPICS_PAGE,
    "figures": FIGURES_PAGE,
}


def root_prefix(page_path: str) -> str:
    """The way back to the site root from the page at `page_path` (`bai-viet/x.html` → `../`)."""
    return "../" * page_path.count("/")


def page_root(page: Page, base_url: str) -> str:
    """What links on `page` start with: relative, except on a page served at any depth.

    GitHub Pages answers a missing address anywhere with the site's 404.html, so that
    page's links cannot be relative to where it lies: with a base URL they start from
    the base URL's path, which also holds under a custom domain.
    """
    if page.context.get("absolute_links") and base_url:
        return urlsplit(base_url).path
    return root_prefix(page.path)


def relative(from_path: str, target: str) -> str:
    """The link from the page at `from_path` to `target` (both relative to the site root)."""
    return root_prefix(from_path) + (target or "index.html")


@pass_context
def url(ctx, target: str) -> str:
    """A relative link to `target`, so the site works from `/`, from a subpath and from file://."""
    return ctx["root"] + (target or "index.html")


@pass_context
def once(ctx, name: str, *of, caller) -> Markup:
    """The body of `{% call once('name', a, b) %}…{% endcall %}`, rendered once per build for
    the objects `of` and the page's link prefix, then reused; `name` tells the call sites apart.

    An article appears in the lists of the home page and of every person, organization
    and round page it concerns: tens of thousands of identical list items in a large
    dossier, which Jinja would render one by one. The body may use only `of`, the UI
    strings and `url()`: all a build's pages share those, except the link prefix, which
    is in the key. The memo belongs to the build (`SiteGlobals`), so it never outlives
    the objects it names; they are kept in it, so their identities are not reused.
    """
    memo = ctx["site"].fragments
    key = (name, ctx["root"], *map(id, of))
    found = memo.get(key)
    if found is None:
        found = memo[key] = (of, caller())
    return found[1]


@pass_context
def absolute_url(ctx, target: str) -> str:
    """`target` under the configured base URL; empty when none is set."""
    base = ctx["site"].config.base_url
    return base + target if base else ""


@pass_context
def asset(ctx, name: str) -> str:
    paths = ctx["site"].assets.paths
    if name not in paths:
        raise jinja2.TemplateRuntimeError(f"no static file {name!r} in static/")
    return ctx["root"] + paths[name]


@pass_context
def format_date(ctx, day: dt.date | None) -> str:
    if day is None:
        return ""
    t = ctx["t"]
    return t["date_format"].format(day=day.day, month=day.month, year=day.year,
                                   month_name=t["months"][day.month - 1])


@pass_context
def format_date_range(ctx, start: dt.date | None, end: dt.date | None) -> str:
    """`19–22/05/2025`: a span of days written once, shortened where month and year repeat."""
    if start is None:
        return ""
    if end is None or end == start:
        return format_date(ctx, start)
    t = ctx["t"]
    names = t["months"]
    if (start.year, start.month) == (end.year, end.month):
        form = t["range_same_month"]
    elif start.year == end.year:
        form = t["range_same_year"]
    else:
        return f"{format_date(ctx, start)} – {format_date(ctx, end)}"
    return form.format(d1=start.day, m1=start.month, d2=end.day, m2=end.month, year=end.year,
                       month_name1=names[start.month - 1], month_name2=names[end.month - 1])


@pass_context
def format_month(ctx, key_or_date) -> str:
    t = ctx["t"]
    if isinstance(key_or_date, str):
        year, month = int(key_or_date[:4]), int(key_or_date[5:7])
    else:
        year, month = key_or_date.year, key_or_date.month
    return t["month_format"].format(month=month, year=year, month_name=t["months"][month - 1])


@pass_context
def role_span(ctx, role: RoleHeld) -> str:
    """`4/2025 – 11/2025`, `từ 12/2025` (held today, by the editors' dates), or "" when undated."""
    t = ctx["t"]

    def month(day: dt.date) -> str:
        return t["role_month"].format(month=day.month, year=day.year, month_short=t["months_short"][day.month - 1])

    start, end = role.start, role.end
    if start is None and end is None:
        return ""
    if start is None:
        return t["role_until"].format(end=month(end))
    if role.ongoing:
        return t["role_since"].format(start=month(start))
    if end is None or (start.year, start.month) == (end.year, end.month):
        return month(start)
    return t["role_range"].format(start=month(start), end=month(end))


@pass_context
def count(ctx, key: str, n: int) -> str:
    """`3 bài viết` / `1 article`: the string `key`, or `key_one` for one where a language has it."""
    t = ctx["t"]
    form = t.get(f"{key}_one", t[key]) if n == 1 else t[key]
    return form.format(n=n)


@pass_context
def side_name(ctx, side: str) -> str:
    """A side (`Việt Nam`, `Hoa Kỳ`, as the data writes it) in the interface language."""
    return ctx["t"].get("sides", {}).get(side, side)


@pass_context
def name_of(ctx, item) -> str:
    """What a reader sees as the name of `item`: a round's title in the interface's language
    (unless the editor named the round), anything else's own title."""
    if not isinstance(item, Round) or item.title_given:
        return item.title
    t = ctx["t"]
    if item.number is not None:
        return t["round_title"][item.kind].format(n=item.number)
    day = item.start
    return t["round_title_dated"][item.kind].format(date=format_date(ctx, day)) if day else item.title


@pass_context
def round_label(ctx, r: Round) -> str:
    """A round's short name (`Vòng 2`, `Điện đàm 15/10`), for chips and the timeline."""
    t = ctx["t"]
    if r.number is not None:
        return t["round_short"][r.kind].format(n=r.number)
    day = r.start
    return t["round_short_dated"][r.kind].format(day=day.day, month=day.month) if day else name_of(ctx, r)


# What the timeline chart reads of an article.
_Dated = namedtuple("_Dated", "date date_estimated")


@pass_context
def timeline_chart(ctx, days: tuple[tuple[dt.date, bool, int], ...], rounds: tuple[Round, ...]) -> charts.TimelineChart | None:
    """The chart of the articles dated on `days` ((day, estimated, how many), see pages.chart_days)."""
    t = ctx["t"]
    return charts.timeline_chart(
        [_Dated(day, estimated) for day, estimated, n in days for _ in range(n)], rounds,
        round_label=lambda r: round_label(ctx, r),
        month_label=lambda d: t["months_short"][d.month - 1],
    )


# -- topics and figures ---------------------------------------------------------------


@pass_context
def topic_name(ctx, topic: Topic) -> str:
    """A topic's name in the interface's language."""
    return topic.name_en if ctx["t"]["lang"] == "en" else topic.name_vi


@pass_context
def topic_description(ctx, topic: Topic) -> str:
    return (topic.description_en if ctx["t"]["lang"] == "en" else topic.description_vi) or ""


@pass_context
def rates_chart(ctx, mentions) -> charts.RatesChart | None:
    """The tariff-rate chart of `mentions` (substance.FigureGroup): one point per rate and day, at that date."""
    t = ctx["t"]
    return charts.rates_chart(((m.article.date, m.figure.value, m) for m in mentions),
                              month_label=lambda d: t["months_short"][d.month - 1])


# -- an article's body: quotes marked, first mentions linked ---------------------

_TAG = re.compile(r"(<[^>]*>)")
# Text inside these elements is left as it is: links cannot nest, headings stay plain.
_NO_LINK = re.compile(r"<(/?)(a|h[1-6]|code|pre)\b", re.I)


@dataclass(frozen=True)
class Body:
    html: Markup
    quotes: frozenset[int]  # numbers of the quotes found and marked in the text


@pass_context
def article_body(ctx, article: Article, people: tuple[Person, ...] = (),
                 organizations: tuple[Organization, ...] = ()) -> Body:
    """The body HTML with each quote marked (`id="trich-dan-N"`) and the first mention of
    each person and organization linked to their page."""
    quotes = {}
    for i, quote in enumerate(article.quotes, 1):
        quotes.setdefault(quote.text, i)
    html, found = _wrap_first(article.body_html, quotes,
                              lambda text, i: f'<mark class="quote" id="trich-dan-{i}">{text}</mark>', skip_links=False)
    names: dict[str, str] = {}
    for entity in (*people, *organizations):
        href = htmllib.escape(url(ctx, entity.url))
        for name in (entity.name, *entity.aliases):
            names.setdefault(name, href)
    html, _ = _wrap_first(html, names, lambda text, href: f'<a class="mention" href="{href}">{text}</a>')
    return Body(Markup(html), frozenset(found))


def web_url(value: str | None) -> str | None:
    """`value` if it is an http(s) address; an editor's `javascript:` link never reaches a page."""
    if value and re.match(r"https?://[^\s/]", value.strip(), re.I):
        return value.strip()
    return None


def _wrap_first(html: str, phrases: dict, wrap, skip_links: bool = True) -> tuple[str, set]:
    """`html` with the first whole-word occurrence, in a text node, of each key's phrases wrapped by
    `wrap(text, key)`; `phrases` maps phrase → key. Also returns the keys found."""
    phrases = {p: k for p, k in phrases.items() if p and p.strip()}
    if not phrases:
        return html, set()
    index = _phrase_index(sorted(phrases, key=len, reverse=True))
    wanted = len(set(phrases.values()))
    parts = _TAG.split(html)
    done: set = set()
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            m = _NO_LINK.match(part)
            if m and skip_links:
                depth += -1 if m.group(1) else 1
            continue
        if depth > 0 or not part:
            continue
        text = htmllib.unescape(part)
        pieces, last = [], 0
        for start, end in _whole_word_matches(text, index):
            key = phrases[text[start:end]]
            if key in done:
                continue
            done.add(key)
            pieces.append(_escape_text(text[last:start]))
            pieces.append(wrap(_escape_text(text[start:end]), key))
            last = end
        if pieces:
            parts[i] = "".join(pieces) + _escape_text(text[last:])
            if len(done) == wanted:
                break
    return "".join(parts), done


@dataclass(frozen=True)
class _Node:
    """A node of the phrases' trie of tokens (runs of word characters, runs of others)."""

    children: dict = field(default_factory=dict)
    ends: list = field(default_factory=list)  # (rank, phrase) of the phrases whose tokens end here
    # (last run, rank, phrase) of those ending in punctuation ("…"), which the text's run may go on past
    tails: list = field(default_factory=list)


@dataclass(frozen=True)
class _PhraseIndex:
    """Phrases (longest first, by rank); those beginning with a word as a trie of their tokens,
    the few that begin with punctuation apart."""

    ranked: tuple[tuple[int, str], ...]
    trie: _Node
    others: tuple[tuple[int, str], ...]


_TOKEN = re.compile(r"\w+|\W+")
# From this many phrases a text is read token by token, walking the phrases' trie from each
# word; below it, each phrase is searched for (`str.find`, far quicker for the few names and
# quotes of an ordinary article, but a long one's hundreds would cost their number times its
# length). A word alone would not do as the key: a third of the names begin with "Nguyễn".
_LOOKUP_FROM = 64


def _phrase_index(ordered: list[str], lookup_from: int = _LOOKUP_FROM) -> _PhraseIndex:
    ranked = tuple(enumerate(ordered))
    trie, others = _Node(), []
    if len(ranked) < lookup_from:
        return _PhraseIndex(ranked, trie, ())  # searched for one by one: no trie to build
    for rank, phrase in ranked:
        if not _is_word(phrase[0]):
            others.append((rank, phrase))
            continue
        tokens = _TOKEN.findall(phrase)
        last = None if _is_word(tokens[-1][0]) else tokens.pop()
        node = trie
        for token in tokens:
            node = node.children.setdefault(token, _Node())
        if last is None:
            node.ends.append((rank, phrase))
        else:
            node.tails.append((last, rank, phrase))
    return _PhraseIndex(ranked, trie, tuple(others))


def _whole_word_matches(text: str, phrases: list[str] | _PhraseIndex, lookup_from: int = _LOOKUP_FROM) \
        -> list[tuple[int, int]]:
    """Where `phrases` (longest first) occur in `text` as whole words, left to right, none
    overlapping: at each place the longest phrase wins (`Bộ Công Thương Việt Nam` over
    `Bộ Công Thương`), as a regular expression of the alternatives would find them.

    No expression is compiled: each article has its own phrases, and compiling one for
    each article took most of the time of rendering the article pages.
    """
    index = phrases if isinstance(phrases, _PhraseIndex) else _phrase_index(phrases, lookup_from)
    found = _found(text, index.ranked if len(index.ranked) < lookup_from else index.others)
    if len(index.ranked) >= lookup_from:
        found += _found_in_trie(text, index.trie)
    matches, last = [], 0
    for start, _, end in sorted(found):
        if start >= last:
            matches.append((start, end))
            last = end
    return matches


def _found_in_trie(text: str, trie: _Node) -> list[tuple[int, int, int]]:
    """(start, rank, end) of every whole-word occurrence of the trie's phrases. A phrase that
    begins with a word begins at one of the text's words, and its tokens are the text's from
    there (its last run of punctuation may be the start of the text's)."""
    tokens = _TOKEN.findall(text)
    offsets = [0, *accumulate(map(len, tokens))]
    first = trie.children
    found = []
    for i in [i for i, token in enumerate(tokens) if token in first]:
        start, node, j = offsets[i], trie, i
        while True:
            found.extend((start, rank, start + len(phrase)) for rank, phrase in node.ends)
            if j == len(tokens):
                break
            for last, rank, phrase in node.tails:
                end = start + len(phrase)
                if tokens[j].startswith(last) and (end == len(text) or not _is_word(text[end])):
                    found.append((start, rank, end))
            node = node.children.get(tokens[j])
            if node is None:
                break
            j += 1
    return found


def _found(text: str, ranked) -> list[tuple[int, int, int]]:
    """(start, rank, end) of every whole-word occurrence of each phrase, searched for one by one."""
    found = []
    for rank, phrase in ranked:
        at = text.find(phrase)
        while at >= 0:
            end = at + len(phrase)
            if (at == 0 or not _is_word(text[at - 1])) and (end == len(text) or not _is_word(text[end])):
                found.append((at, rank, end))
            at = text.find(phrase, at + 1)
    return found


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches


def _escape_text(text: str) -> str:
    return htmllib.escape(text, quote=False)


# -- structured data -----------------------------------------------------------------


def json_ld(data: dict) -> Markup:
    """`data` as JSON that is safe inside <script>: no `</script>`, `<!--` or `&` can close or confuse it."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)


def _drop_empty(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _organization(ctx) -> dict:
    config = ctx["site"].config
    return {"@type": "Organization", "name": config.publisher or config.title}


@pass_context
def article_json_ld(ctx, article: Article, people: tuple[Person, ...], r: Round | None) -> dict:
    """schema.org `NewsArticle` for an article page; a date only when the article gave one."""
    config = ctx["site"].config
    return _drop_empty({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.description or (article.body_text[0] if article.body_text else None),
        "inLanguage": ctx["t"]["lang"],
        "datePublished": article.date.isoformat() if article.date and not article.date_estimated else None,
        "url": absolute_url(ctx, article.url) or None,
        "mainEntityOfPage": absolute_url(ctx, article.url) or None,
        "isBasedOn": web_url(article.original_url),
        "articleSection": name_of(ctx, r) if r else None,
        "keywords": list(article.tags),
        "author": {"@type": "Organization", "name": article.outlet} if article.outlet
        else {"@type": "Organization", "name": config.author},
        "publisher": _organization(ctx),
        "mentions": [_drop_empty({"@type": "Person", "name": p.name, "url": absolute_url(ctx, p.url) or None})
                     for p in people],
    })


@pass_context
def person_json_ld(ctx, person: Person) -> dict:
    """schema.org `Person` for a person page."""
    return _drop_empty({
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "alternateName": list(person.aliases),
        "jobTitle": list(person.role_titles),
        "nationality": {"@type": "Country", "name": person.side} if person.side in SIDES else None,
        "url": absolute_url(ctx, person.url) or None,
    })


def render_site(plan: tuple[Page | File, ...], env: jinja2.Environment, site: SiteGlobals) -> dict[str, bytes]:
    """Every planned output as bytes, keyed by its path in the site."""
    return dict(render_outputs(plan, env, site))


def render_outputs(items, env: jinja2.Environment, site: SiteGlobals):
    """(path, bytes) of each output in `items`, one at a time, so a build never holds the whole site in memory."""
    for item in items:
        yield item.path, item.data if isinstance(item, File) else render_page(item, env, site)


def render_inputs(page: Page, site: SiteGlobals) -> tuple[tuple, tuple]:
    """Everything `render_page` hands the template besides the template itself: (the page's own, every page's).

    A page's fingerprint (incremental.py) is a hash of these values and of the templates
    the page uses: whatever `render_page` starts passing to templates must be added here.
    """
    return (page.path, page.template, page.context), (site.config, site.strings, site.assets.paths)


def render_page(page: Page, env: jinja2.Environment, site: SiteGlobals) -> bytes:
    try:
        template = env.get_template(page.template)
        root = page_root(page, site.config.base_url)
        html = template.render(page.context, page_path=page.path, root=root, site=site, t=site.strings)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError([Problem(f"templates/{exc.name or page.template}", exc.lineno, "error", exc.message or str(exc))]) from None
    except jinja2.TemplateNotFound as exc:
        raise BuildError([Problem(f"templates/{page.template}", None, "error", f"template {exc.name!r} not found")]) from None
    except (jinja2.UndefinedError, jinja2.TemplateRuntimeError, TypeError, KeyError, AttributeError) as exc:
        line = _template_line(exc, page.template)
        raise BuildError([Problem(f"templates/{page.template}", line, "error",
                                  f"{exc} (while rendering {page.path})")]) from None
    return html.encode("utf-8")


def _template_line(exc: BaseException, template: str) -> int | None:
    """The template line a runtime error happened on, from Jinja's rewritten traceback."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(template):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
