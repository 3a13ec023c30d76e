#!/usr/bin/env python3
"""Extraction quality: build a labelled corpus and score the dossier against its labels.

    python bench/extraction.py CORPUS                  # print every miss, then the totals
    python bench/extraction.py CORPUS --json out.json  # and write per-file results and totals
    python bench/extraction.py CORPUS --fail-under     # exit 1 when a target is missed

CORPUS holds `raw/` (the articles, in whatever shape and encoding) and `labels.yaml` (what a
correct dossier finds in each; its README explains the keys and the scoring). The articles are
copied into a temporary `seeds/` folder and built with this project's builder and `data/`
registries (`build.py --no-search --quiet`); `dossier.json` and `_report.json` are then
compared with the labels: date, event (group), title, people (with one real person on two
person pages counted as a miss), organizations, roles and sides, files lost, topics and figures.

Every miss is printed on a line of its own, prefixed by the file name; the last eight lines
are the totals (topics, figures, then roles, organizations, date, event, title, people with
the files lost: the last six).
Exit status: 0 (also when targets are missed, unless --fail-under), 1 a target missed with
--fail-under, 2 no corpus (no labels.yaml or raw/) or the build stopped.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any, Iterable

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from site_builder.normalize import normalize_text  # noqa: E402 (the project the command measures)

BUILD_TIMEOUT_S = 40
TARGETS = {"date": 0.97, "event": 0.95, "title": 0.95, "people_precision": 0.97, "people_recall": 0.95,
           "roles_precision": 0.9, "roles_recall": 0.85, "sides": 0.95}
# No role on the site longer than this (a longer one is a clause, not a position).
MAX_ROLE_WORDS = 12
# Topics and figures (issue 13), scored where a label has the `topics` / `figures` key.
SUBSTANCE_TARGETS = {"topics_precision": 0.90, "topics_recall": 0.85, "figures_recall": 0.90}
CORPUS_PREFIX = "*corpus*"  # prefix of the lines that concern the whole corpus, not one file

# Kinds of group the labels name with a fixed word; everything else is "other" (README: group_kind).
_NAMED_KINDS = ("round", "ministerial", "call", "joint-statement")


# ---------------------------------------------------------------------------
# Text helpers


def _s(value: Any) -> str | None:
    """A label value as text: YAML reads unquoted ISO dates as date objects."""
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def norm_name(text: str | None) -> str:
    """Names and organizations: NFC with the one tone placement the dossier writes (a label's
    `hoá` is the site's `hóa`), case folded, spaces collapsed."""
    return " ".join(normalize_text(nfc(text or "")).casefold().split())


_QUOTES = "\"'“”‘’«»„‟`"
_END_PUNCT = ".:!?…"


def norm_title(text: str | None) -> str:
    """NFC, case folded, spaces collapsed, surrounding quotes and trailing . : ! ? … removed."""
    t = " ".join(nfc(text or "").casefold().split())
    while True:
        before = t
        t = t.strip().rstrip(_END_PUNCT).strip()
        if len(t) >= 2 and t[0] in _QUOTES and t[-1] in _QUOTES:
            t = t[1:-1]
        if t == before:
            return t


def fold(text: str) -> str:
    """Case and diacritics folded (NFD, combining marks dropped, đ → d)."""
    t = unicodedata.normalize("NFD", nfc(text).casefold())
    t = "".join(c for c in t if not unicodedata.combining(c))
    return t.replace("đ", "d")


def fold_role(role: str) -> str:
    """A role compared as the README says: case, diacritics, Mỹ/Hoa Kỳ and the word Bộ folded away."""
    t = " ".join(nfc(role).casefold().split())
    t = re.sub(r"\bmỹ\b", "hoa kỳ", t)
    t = fold(t)
    words = [w for w in re.split(r"[\s,;]+", t) if w and w != "bo"]
    return " ".join(words).strip(" .:;-")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def decode_raw(data: bytes) -> str:
    """A raw article as text: UTF-16 by its BOM, else UTF-8 (with or without BOM), else Windows-1258; NFC."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    return nfc(text)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _ratio(n: int, total: int) -> float | None:
    return n / total if total else None


# ---------------------------------------------------------------------------
# Scoring one article (pure functions: dictionaries in, dictionaries out)


def accepts_date(entry: str, date: str | None, event_dates: Iterable[dict] = ()) -> bool:
    """Does one `date_accept` entry accept an article dated `date` (ISO or None)?"""
    entry = entry.strip()
    if entry == "undated":
        return date is None
    if entry.startswith("--"):  # a day with no year
        if date is not None:
            return date[4:] == entry[1:]
        return any(e.get("month_day") == entry for e in event_dates)
    if date is None:
        return False
    if ".." in entry:
        low, high = (part.strip() for part in entry.split("..", 1))
        return low <= date <= high
    if re.fullmatch(r"\d{4}-\d{2}", entry) or re.fullmatch(r"\d{4}", entry):
        return date.startswith(entry + "-")
    return date == entry


def score_date(article: dict | None, label: dict) -> dict:
    accept = [_s(a) for a in (label.get("date_accept") or [])]
    if article is None:
        return {"ok": False, "got": None, "want": accept, "lines": ["date: no article, want one of [" + ", ".join(accept) + "]"]}
    date = article.get("date")
    ok = any(accepts_date(a, date, article.get("event_dates") or ()) for a in accept)
    lines = [] if ok else [f"date: got {date or 'null'}, want one of [{', '.join(accept)}]"]
    return {"ok": ok, "got": date, "want": accept, "lines": lines}


def _dossier_kind(kind: str | None) -> str:
    kind = (kind or "other").strip()
    return "joint-statement" if kind == "statement" else kind


def group_names(round_: dict | None) -> list[str]:
    """The label-style names of a dossier round: round-N, ministerial-N / ministerial-DATE, KIND-DATE."""
    if round_ is None:
        return []
    kind, number, start = round_.get("kind"), round_.get("number"), round_.get("start")
    names: list[str] = []
    if kind == "round":
        names.append(f"round-{number}" if number is not None else f"round-{start}")
    elif kind == "ministerial":
        if number is not None:
            names.append(f"ministerial-{number}")
        if start:
            names.append(f"ministerial-{start}")
    else:
        names.append(f"{kind}-{start}")
        if kind == "statement":
            names.append(f"joint-statement-{start}")
    return names or [str(round_.get("id"))]


def _label_group(group: str | None) -> tuple[str, str] | None:
    """`meeting-2025-10-26` → ("meeting", "2025-10-26"); a group without a date → None."""
    m = re.fullmatch(r"(.+)-(\d{4}-\d{2}-\d{2})", group or "")
    return (m.group(1), m.group(2)) if m else None


def same_kind_same_day(round_: dict, group: str | None, group_kind: str | None = None) -> bool:
    """README: "A dossier that makes its own group of the same kind on the same day also counts as right".

    The kinds match when the dossier's kind is the label's (`statement` counts as `joint-statement`),
    or when the dossier calls its group `other` and the label's kind is one of the `other` kinds
    (meeting, briefing, tariff-order …: `group_kind: other`); the day is the group's start.
    """
    parsed = _label_group(group)
    if parsed is None or not round_.get("start"):
        return False
    prefix, day = parsed
    if round_["start"] != day:
        return False
    kind = _dossier_kind(round_.get("kind"))
    if kind == prefix:
        return True
    label_kind = group_kind or (prefix if prefix in _NAMED_KINDS else "other")
    return kind == "other" and label_kind == "other" and prefix not in _NAMED_KINDS


def score_event(article: dict | None, label: dict, rounds: dict[str, dict]) -> dict:
    group = _s(label.get("group"))
    alternatives = [_s(a) for a in (label.get("group_alternatives") or [])]
    accepted = [group] + alternatives
    want = f"{group or 'null'}" + (f" (or {', '.join(a or 'null' for a in alternatives)})" if alternatives else "")
    if article is None:
        return {"ok": False, "got": None, "want": accepted, "lines": [f"event: no article, want {want}"]}
    round_id = article.get("round")
    if round_id is None:
        ok = None in accepted
        got = "null"
    else:
        round_ = rounds.get(round_id) or {"id": round_id, "kind": None, "number": None, "start": None}
        names = group_names(round_)
        ok = any(n in accepted for n in names)
        if not ok:
            ok = same_kind_same_day(round_, group, _s(label.get("group_kind"))) or any(
                same_kind_same_day(round_, alt) for alt in alternatives if alt)
        got = names[0] + ("" if names[0] == round_id else f" ({round_id})")
    lines = [] if ok else [f"event: got {got}, want {want}"]
    return {"ok": ok, "got": None if round_id is None else got, "want": accepted, "lines": lines}


_DATE_START = re.compile(r"(date\s|\d{4}-\d{1,2}|\d{1,2}\s*[-/.]\s*\d{1,2}([-/.]\s*\d{2,4})?\b)")


def derived_title_ok(title: str, raw_text: str, boilerplate: Iterable[str]) -> tuple[bool, str]:
    """A title derived from the text: words of the text, not page chrome, not a date prefix."""
    t = norm_title(re.sub(r"(…|\.\.\.)\s*$", "", title.strip()))
    if not t:
        return False, "empty"
    if _DATE_START.match(t):
        return False, "starts with a date"
    for line in boilerplate:
        b = norm_title(_s(line))
        if b and (b == t or b in t):
            return False, f"page chrome ({_s(line)!r})"
    raw = " ".join(raw_text.casefold().split())
    if t in raw:
        return True, ""
    # Compared as words, so Markdown (**, [text](url)) and tone placement (hoà/hòa) do not matter.
    words, raw_words = _words(t), _words(re.sub(r"\]\([^)\s]*\)", "]", raw_text))
    n = len(words)
    if n and any(raw_words[i:i + n] == words for i in range(len(raw_words) - n + 1)):
        return True, ""
    return False, "not words of the text"


def score_title(article: dict | None, label: dict, raw_text: str = "") -> dict:
    want_title = _s(label.get("title"))
    where = _s(label.get("title_in_file")) or "none"
    if article is None:
        return {"ok": False, "got": None, "lines": [f'title: no article, want "{want_title}"']}
    got = article.get("title") or ""
    why = ""
    if where != "none" and want_title is not None:
        ok = norm_title(got) == norm_title(want_title)
    else:
        ok = want_title is not None and norm_title(got) == norm_title(want_title)
        if not ok:
            if article.get("title_derived"):
                ok, why = derived_title_ok(got, raw_text, label.get("boilerplate_lines") or ())
            else:
                why = "not derived"
    if ok:
        lines = []
    elif where != "none":
        lines = [f'title: got "{got}", want "{want_title}"']
    else:
        wanted = f'"{want_title}" or ' if want_title else ""
        lines = [f'title: got "{got}", want {wanted}words of the text ({why})']
    return {"ok": ok, "got": got, "lines": lines}


def _person_keys(person: dict) -> set[str]:
    return {norm_name(person.get("name"))} | {norm_name(a) for a in person.get("aliases") or ()}


def score_people(article: dict | None, label: dict, people: dict[str, dict]) -> dict:
    """Per-article precision/recall of people.

    A dossier person matches a label person when the names are equal (NFC, case folded), when
    the label name is one of the person's aliases, or when the label's `people_forms_in_text`
    for that person holds the dossier person's name. People matching `people_neutral` count
    neither way. A second dossier person matching a label person already matched on the same
    page is an extra (the page shows the same man twice).
    """
    wanted = [_s(p) for p in label.get("people") or ()]
    neutral = {norm_name(_s(n)) for n in label.get("people_neutral") or ()}
    forms = {norm_name(_s(k)): {norm_name(_s(f)) for f in (v or ())}
             for k, v in (label.get("people_forms_in_text") or {}).items()}
    found_ids = list(dict.fromkeys((article or {}).get("people") or ()))
    found = [people.get(pid) or {"id": pid, "name": pid, "aliases": []} for pid in found_ids]

    matched: dict[str, str] = {}  # label name → dossier person id
    extras: list[dict] = []
    duplicates: list[tuple[dict, str]] = []
    neutral_hits: list[str] = []
    pending: list[dict] = []

    def assign(person: dict, target: str | None, unmatched: list[dict]) -> None:
        if target is None:
            unmatched.append(person)
        elif target in matched:
            duplicates.append((person, target))
        else:
            matched[target] = person["id"]

    # Pass 1: by name or alias; pass 2: by a form the label lists for the person.
    for person in found:
        keys = _person_keys(person)
        if keys & neutral:
            neutral_hits.append(person["id"])
            continue
        assign(person, next((w for w in wanted if norm_name(w) in keys), None), pending)
    for person in pending:
        name = norm_name(person.get("name"))
        assign(person, next((w for w in wanted if name in forms.get(norm_name(w), ())), None), extras)
    missed = [w for w in wanted if w not in matched]
    lines = [f'people: missed "{w}"' for w in missed]
    lines += [f'people: extra "{p.get("name")}"' for p in extras]
    lines += [f'people: extra "{p.get("name")}" (a second "{w}" on this page)' for p, w in duplicates]
    return {"tp": len(matched), "fp": len(extras) + len(duplicates), "fn": len(missed), "matched": matched,
            "missed": missed, "extra": [p.get("name") for p in extras + [d for d, _ in duplicates]],
            "neutral": neutral_hits, "lines": lines}


def find_splits(people_results: dict[str, dict], people: dict[str, dict]) -> list[dict]:
    """Label people matched by two or more distinct dossier people across the corpus (one person, two pages)."""
    ids: dict[str, list[str]] = {}
    for result in people_results.values():
        for name, pid in result.get("matched", {}).items():
            if pid not in ids.setdefault(name, []):
                ids[name].append(pid)
    return [{"name": name, "ids": pids, "lines": [f'split: "{name}" on {len(pids)} pages ({", ".join(pids)})']}
            for name, pids in sorted(ids.items()) if len(pids) > 1]


def score_organizations(article: dict | None, label: dict, organizations: dict[str, dict]) -> dict:
    wanted = [_s(o) for o in label.get("organizations") or ()]
    keys: set[str] = set()
    for oid in (article or {}).get("organizations") or ():
        org = organizations.get(oid) or {"name": oid, "aliases": []}
        keys |= _person_keys(org)
    missed = [o for o in wanted if not _organization_forms(o) & keys]
    return {"found": len(wanted) - len(missed), "total": len(wanted), "missed": missed,
            "lines": [f'organizations: missed "{o}"' for o in missed]}


_ABBREVIATED = re.compile(r"^(.+?)\s*\(([^()]+)\)$")


def _organization_forms(label: str) -> set[str]:
    """A labelled organization's forms: as written, and for "Name (ABBR)" the name and the
    abbreviation each (the dossier may know it by either)."""
    forms = {norm_name(label)}
    if m := _ABBREVIATED.match(label.strip()):
        forms |= {norm_name(m.group(1)), norm_name(m.group(2))}
    return forms


def side_ok(got: str | None, want: str | None) -> bool:
    want_n, got_n = norm_name(want), norm_name(got)
    return got_n == want_n


def score_roles(people_results: dict[str, dict], labels: dict[str, dict], people: dict[str, dict],
                articles_by_file: dict[str, dict]) -> dict:
    """Roles and sides of every labelled person matched to a dossier person, article by article.

    A role is scored where the article gives it: the roles the dossier read in an article for
    a person (`articles[].roles`, as written) against the roles the label says that article's
    text gives. Every one of them is on the person's page, in the history entry of its
    position. Sides are the person's side on the site.
    """
    file_lines: dict[str, list[str]] = {}
    found = labelled = precise = given = sides_ok = sides_total = 0
    for file, result in people_results.items():
        label_roles = (labels.get(file) or {}).get("roles") or {}
        article_roles = (articles_by_file.get(file) or {}).get("roles") or {}
        for name, pid in result.get("matched", {}).items():
            person = people.get(pid) or {}
            entry = label_roles.get(name)
            if not isinstance(entry, dict):
                continue
            want = {fold_role(_s(r)): _s(r) for r in entry.get("roles") or ()}
            got = {fold_role(r): r for r in article_roles.get(pid) or ()}
            labelled += len(want)
            found += len(want.keys() & got.keys())
            given += len(got)
            precise += len(want.keys() & got.keys())
            lines = file_lines.setdefault(file, [])
            lines += [f'roles: missed "{want[k]}" for {name}' for k in want.keys() - got.keys()]
            lines += [f'roles: extra "{got[k]}" for {name}' for k in got.keys() - want.keys()]
            if "side" in entry:
                sides_total += 1
                if side_ok(person.get("side"), _s(entry.get("side"))):
                    sides_ok += 1
                else:
                    lines.append(f"side: got {person.get('side') or 'null'}, want {_s(entry.get('side'))} for {name}")
    corpus_lines = []
    longest = 0
    for pid, person in sorted(people.items()):
        for role in person.get("roles") or ():
            title = role["title"] if isinstance(role, dict) else role
            words = len(re.findall(r"\w+", title))
            longest = max(longest, words)
            if words > MAX_ROLE_WORDS:
                corpus_lines.append(f'roles: "{title}" for {person.get("name")} has {words} words (at most {MAX_ROLE_WORDS})')
    return {"precision": _ratio(precise, given), "recall": _ratio(found, labelled),
            "sides": _ratio(sides_ok, sides_total),
            "counts": {"roles_precise": precise, "roles_given": given, "roles_found": found,
                       "roles_labelled": labelled, "sides_ok": sides_ok, "sides_total": sides_total,
                       "longest_role_words": longest},
            "file_lines": {f: v for f, v in file_lines.items() if v}, "lines": corpus_lines}


def score_topics(article: dict | None, label: dict) -> dict | None:
    """Precision and recall of the article's topics; None when the label has no `topics` key."""
    if "topics" not in label:
        return None
    wanted = [_s(t) for t in label.get("topics") or ()]
    got = list(dict.fromkeys((article or {}).get("topics") or ()))
    tp = [t for t in got if t in wanted]
    extra = [t for t in got if t not in wanted]
    missed = [t for t in wanted if t not in got]
    lines = [f'topics: missed "{t}"' for t in missed] + [f'topics: extra "{t}"' for t in extra]
    return {"tp": len(tp), "fp": len(extra), "fn": len(missed), "missed": missed, "extra": extra, "lines": lines}


# A labelled "figure" that is an ordinal ("lần thứ 5", "eighth", "sixth round"): the event's
# number, which the dossier gives as the article's round; issue 13 rules ordinals out as figures.
_ORDINAL = re.compile(r"(?:lần|vòng|phiên)\s+thứ\s+\S+|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
                      r"ninth|tenth|\d+(?:st|nd|rd|th))(?:\s+(?:round|session)s?)?", re.I)
# A figure that is a date or a year is a mistake whatever the labels say.
_DATE_LIKE = re.compile(r"(?:19|20)\d{2}|\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?")


def _fold_figure(text: str) -> str:
    return " ".join(normalize_text(nfc(text)).casefold().split())


def figure_found(label: str, figures: Iterable[dict]) -> bool:
    """A labelled figure is found when an extracted figure covers it: the label, as written (case and
    spaces aside), occurs in the figure's sentence at a place overlapping the figure."""
    want = _fold_figure(label)
    for f in figures:
        sentence = _fold_figure(f.get("sentence") or "")
        raw = nfc(f.get("sentence") or "")
        # Offsets are in the sentence as written; folding keeps the length of NFC Vietnamese text.
        start = f.get("offset") or 0
        end = start + len(f.get("text") or "")
        if len(sentence) != len(raw):
            start, end = 0, len(sentence)
        at = sentence.find(want)
        while at >= 0:
            if at < end and start < at + len(want):
                return True
            at = sentence.find(want, at + 1)
    return False


def score_figures(article: dict | None, label: dict) -> dict | None:
    """Recall of the labelled figures; the extracted figures that are dates or years. None when
    the label has no `figures` key."""
    if "figures" not in label:
        return None
    figures = (article or {}).get("figures") or ()
    wanted = [_s(f) for f in label.get("figures") or ()]
    missed = [f for f in wanted if not figure_found(f, figures)]
    ordinals = [f for f in wanted if _ORDINAL.fullmatch(f.strip())]
    dates = [f.get("text") for f in figures if _DATE_LIKE.fullmatch((f.get("text") or "").strip())]
    lines = [f'figures: missed "{f}"' + (" (an ordinal: by rule not a figure)" if f in ordinals else "")
             for f in missed]
    lines += [f'figures: "{d}" is a date or a year' for d in dates]
    return {"found": len(wanted) - len(missed), "total": len(wanted), "missed": missed,
            "ordinals": len(ordinals), "ordinals_missed": sum(1 for f in missed if f in ordinals),
            "dates": dates, "lines": lines}


def substance_totals(files: dict[str, dict]) -> dict:
    """Topic precision and recall, figure recall (over all labels, and without the ordinals)."""
    topics = [r["topics"] for r in files.values() if r.get("topics")]
    figures = [r["figures"] for r in files.values() if r.get("figures")]
    tp, fp, fn = (sum(t[k] for t in topics) for k in ("tp", "fp", "fn"))
    found, total = sum(f["found"] for f in figures), sum(f["total"] for f in figures)
    ordinals = sum(f["ordinals"] for f in figures)
    ordinals_found = ordinals - sum(f["ordinals_missed"] for f in figures)
    return {"topics": {"tp": tp, "fp": fp, "fn": fn, "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn)},
            "figures": {"found": found, "total": total, "recall": _ratio(found, total),
                        "recall_without_ordinals": _ratio(found - ordinals_found, total - ordinals),
                        "ordinals": ordinals, "dates": sum(len(f["dates"]) for f in figures)}}


def substance_lines(totals: dict) -> list[str]:
    """The topic and figure totals: two lines printed just before the six closing ones."""
    t, f = totals["topics"], totals["figures"]
    return [
        f"topics: precision {_fmt(t['precision'])} recall {_fmt(t['recall'])} ({t['tp']}/{t['fp']}/{t['fn']})"
        f"  target P {SUBSTANCE_TARGETS['topics_precision']:.2f} R {SUBSTANCE_TARGETS['topics_recall']:.2f}",
        f"figures: recall {_fmt(f['recall_without_ordinals'])} without ordinals, {_fmt(f['recall'])} ({f['found']}/{f['total']})"
        f" with the {f['ordinals']} ordinal labels  target {SUBSTANCE_TARGETS['figures_recall']:.2f};"
        f" dates or years as figures: {f['dates']}",
    ]


def substance_missed(totals: dict) -> list[str]:
    t, f = totals["topics"], totals["figures"]
    missed = []
    if t["precision"] is not None and t["precision"] < SUBSTANCE_TARGETS["topics_precision"]:
        missed.append("topics precision")
    if t["recall"] is not None and t["recall"] < SUBSTANCE_TARGETS["topics_recall"]:
        missed.append("topics recall")
    if f["recall_without_ordinals"] is not None and f["recall_without_ordinals"] < SUBSTANCE_TARGETS["figures_recall"]:
        missed.append("figures recall")
    if f["dates"]:
        missed.append("dates as figures")
    return missed


def find_lost(raw_files: Iterable[str], report: dict, articles_by_file: dict[str, dict]) -> dict[str, str]:
    """Files of raw/ missing from the build report, or (unless `failed`) missing from dossier.json."""
    outcomes = {seed_relative(f.get("source", "")): f for f in report.get("files") or ()}
    lost: dict[str, str] = {}
    for name in raw_files:
        outcome = outcomes.get(name)
        if outcome is None:
            lost[name] = "not in _report.json"
        elif outcome.get("status") != "failed" and name not in articles_by_file:
            lost[name] = f"status {outcome.get('status')} ({outcome.get('reason') or 'no reason'}), not in dossier.json"
    return lost


# ---------------------------------------------------------------------------
# The whole corpus


def seed_relative(source: str) -> str:
    """`seeds/sub/a.txt` → `sub/a.txt`: a dossier/report path relative to the seeds folder."""
    parts = Path(source.replace("\\", "/")).parts
    if parts and parts[0] == "seeds":
        parts = parts[1:]
    return "/".join(parts)


def index_articles(dossier: dict) -> dict[str, dict]:
    return {seed_relative(a.get("source_file") or ""): a for a in dossier.get("articles") or ()}


def _article_for(name: str, articles: dict[str, dict]) -> dict | None:
    if name in articles:
        return articles[name]
    base = [a for rel, a in articles.items() if Path(rel).name == Path(name).name]
    return base[0] if len(base) == 1 else None


def evaluate(labels: list[dict], dossier: dict, report: dict, raw_texts: dict[str, str]) -> dict:
    """Score a built dossier against the labels: per-file results, corpus lines and totals."""
    rounds = {r["id"]: r for r in dossier.get("rounds") or ()}
    people = {p["id"]: p for p in dossier.get("people") or ()}
    organizations = {o["id"]: o for o in dossier.get("organizations") or ()}
    articles = index_articles(dossier)
    outcomes = {seed_relative(f.get("source", "")): f for f in report.get("files") or ()}
    labels_by_file = {str(entry.get("file")): entry for entry in labels}

    files: dict[str, dict] = {}
    people_results: dict[str, dict] = {}
    for name, label in labels_by_file.items():
        article = _article_for(name, articles)
        result: dict[str, Any] = {"article": (article or {}).get("id"), "notes": []}
        if article is None:
            outcome = outcomes.get(name)
            if outcome is not None and outcome.get("status") == "failed":
                result["notes"].append(f"failed: {outcome.get('reason')}")
            elif name not in raw_texts:
                result["notes"].append("labelled, but not in raw/")
            else:
                result["notes"].append("no article in dossier.json")
        result["date"] = score_date(article, label)
        result["event"] = score_event(article, label, rounds)
        result["title"] = score_title(article, label, raw_texts.get(name, ""))
        result["people"] = people_results[name] = score_people(article, label, people)
        result["organizations"] = score_organizations(article, label, organizations)
        result["topics"] = score_topics(article, label)
        result["figures"] = score_figures(article, label)
        files[name] = result

    splits = find_splits(people_results, people)
    roles = score_roles(people_results, labels_by_file, people, articles)
    lost = find_lost(sorted(raw_texts), report, articles)
    unlabelled = sorted(set(raw_texts) - set(labels_by_file))

    def count(key: str) -> tuple[int, int]:
        return sum(1 for r in files.values() if r[key]["ok"]), len(files)

    tp = sum(r["tp"] for r in people_results.values())
    fp = sum(r["fp"] for r in people_results.values())
    # One real person on two (or more) person pages counts as one miss: one false negative
    # is added per split person (the true positives of the article matches stay).
    fn = sum(r["fn"] for r in people_results.values()) + len(splits)
    orgs_found = sum(r["organizations"]["found"] for r in files.values())
    orgs_total = sum(r["organizations"]["total"] for r in files.values())
    totals = {
        "date": count("date"), "event": count("event"), "title": count("title"),
        "people": {"tp": tp, "fp": fp, "fn": fn, "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
                   "splits": len(splits)},
        "organizations": {"found": orgs_found, "total": orgs_total, "recall": _ratio(orgs_found, orgs_total)},
        "roles": {"precision": roles["precision"], "recall": roles["recall"], "sides": roles["sides"],
                  **roles["counts"]},
        "lost": len(lost),
        **substance_totals(files),
    }
    return {"files": files, "splits": splits, "roles": roles, "lost": lost, "unlabelled": unlabelled,
            "totals": totals}


def miss_lines(result: dict) -> list[str]:
    """Every miss, one line each, prefixed by the file name; corpus-wide lines last."""
    out: list[str] = []
    role_lines = result["roles"]["file_lines"]
    for name in sorted(set(result["files"]) | set(result["lost"])):
        r = result["files"].get(name)
        lines: list[str] = []
        if r is not None:
            lines += r["notes"]
            for key in ("date", "event", "title", "people", "organizations", "topics", "figures"):
                if r.get(key):
                    lines += r[key]["lines"]
            lines += role_lines.get(name, [])
        if name in result["lost"]:
            lines.append(f"lost: {result['lost'][name]}")
        out += [f"{name}: {line}" for line in lines]
    out += [f"{name}: not labelled (not scored)" for name in result["unlabelled"]]
    for split in result["splits"]:
        out += [f"{CORPUS_PREFIX}: {line}" for line in split["lines"]]
    out += [f"{CORPUS_PREFIX}: {line}" for line in result["roles"]["lines"]]
    return out


def totals_lines(totals: dict) -> list[str]:
    """The six closing lines, in a fixed order (`tail -n 6` shows them)."""

    def part(key: str) -> str:
        n, total = totals[key]
        return f"{key}: {_fmt(_ratio(n, total))} ({n}/{total})  target {TARGETS[key]:.2f}"

    p, o, r = totals["people"], totals["organizations"], totals["roles"]
    return [
        f"roles: precision {_fmt(r['precision'])} recall {_fmt(r['recall'])} ({r['roles_found']}/{r['roles_labelled']}); "
        f"sides {_fmt(r['sides'])} ({r['sides_ok']}/{r['sides_total']}); longest {r['longest_role_words']} words"
        f"  target P {TARGETS['roles_precision']:.2f} R {TARGETS['roles_recall']:.2f} sides {TARGETS['sides']:.2f}"
        f" ≤ {MAX_ROLE_WORDS} words",
        f"organizations: recall {_fmt(o['recall'])} ({o['found']}/{o['total']})",
        part("date"),
        part("event"),
        part("title"),
        f"people: precision {_fmt(p['precision'])} recall {_fmt(p['recall'])} ({p['tp']}/{p['fp']}/{p['fn']})"
        f"  target P {TARGETS['people_precision']:.2f} R {TARGETS['people_recall']:.2f}; lost: {totals['lost']}",
    ]


def targets_missed(totals: dict) -> list[str]:
    missed = [key for key in ("date", "event", "title")
              if totals[key][1] and totals[key][0] / totals[key][1] < TARGETS[key]]
    p = totals["people"]
    if p["precision"] is not None and p["precision"] < TARGETS["people_precision"]:
        missed.append("people precision")
    if p["recall"] is not None and p["recall"] < TARGETS["people_recall"]:
        missed.append("people recall")
    r = totals["roles"]
    for key, name in (("precision", "roles_precision"), ("recall", "roles_recall"), ("sides", "sides")):
        if r[key] is not None and r[key] < TARGETS[name]:
            missed.append(name.replace("_", " "))
    if r["longest_role_words"] > MAX_ROLE_WORDS:
        missed.append("role length")
    if totals["lost"]:
        missed.append("lost")
    return missed


# ---------------------------------------------------------------------------
# Reading the corpus and building it


def load_labels(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("articles") if isinstance(data, dict) else data
    return [e for e in entries or () if isinstance(e, dict) and e.get("file")]


def raw_files(raw: Path) -> list[str]:
    """Every file under raw/, hidden ones aside (the builder skips them too), as POSIX relative paths."""
    out = []
    for path in sorted(raw.rglob("*")):
        rel = path.relative_to(raw)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        out.append(rel.as_posix())
    return out


def build(raw: Path, work: Path) -> tuple[int, str]:
    """Copy raw/ to work/seeds and build it with this checkout's build.py; (exit status, stderr)."""
    seeds, site = work / "seeds", work / "site"
    shutil.copytree(raw, seeds)
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}
    done = subprocess.run(
        [sys.executable, "build.py", "--seeds", str(seeds), "--out", str(site), "--no-search", "--quiet"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    return done.returncode, done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/extraction.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, metavar="CORPUS", help="folder with raw/ and labels.yaml")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the per-file results and totals")
    parser.add_argument("--fail-under", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")

    corpus: Path = args.corpus
    labels_path, raw = corpus / "labels.yaml", corpus / "raw"
    if not labels_path.is_file() or not raw.is_dir():
        print(f"extraction: {corpus} is not a labelled corpus: it needs labels.yaml and raw/", file=sys.stderr)
        return 2
    try:
        labels = load_labels(labels_path)
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        print(f"extraction: {labels_path}: cannot be read: {exc}", file=sys.stderr)
        return 2
    if not labels:
        print(f"extraction: {labels_path}: no labelled articles", file=sys.stderr)
        return 2
    names = raw_files(raw)
    raw_texts = {name: decode_raw((raw / name).read_bytes()) for name in names}

    with tempfile.TemporaryDirectory(prefix="extraction-") as tmp:
        work = Path(tmp)
        try:
            status, stderr = build(raw, work)
        except subprocess.TimeoutExpired:
            print(f"extraction: the build took more than {BUILD_TIMEOUT_S} s; stopped", file=sys.stderr)
            return 2
        site = work / "site"
        if status not in (0, 1) or not (site / "dossier.json").is_file():
            print(stderr.rstrip(), file=sys.stderr)
            print(f"extraction: the build stopped (exit status {status}); nothing to score", file=sys.stderr)
            return 2
        dossier = json.loads((site / "dossier.json").read_text(encoding="utf-8"))
        report_path = site / "_report.json"
        report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.is_file() else {}

    result = evaluate(labels, dossier, report, raw_texts)
    failed = sum(1 for f in report.get("files") or () if f.get("status") == "failed")
    print(f"build: exit status {status}; {len(dossier.get('articles') or ())} articles, {failed} failed, "
          f"{len(labels)} labelled, {len(names)} in raw/")
    for line in miss_lines(result):
        print(line)
    totals = result["totals"]
    for line in substance_lines(totals) + totals_lines(totals):
        print(line)

    if args.json:
        payload = {"corpus": corpus.name, "build_status": status, "totals": totals,
                   "targets": {**TARGETS, **SUBSTANCE_TARGETS},
                   "targets_missed": targets_missed(totals) + substance_missed(totals),
                   "files": result["files"], "splits": result["splits"], "lost": result["lost"],
                   "unlabelled": result["unlabelled"],
                   "roles": {k: v for k, v in result["roles"].items() if k != "counts"}}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    return 1 if args.fail_under and (targets_missed(totals) or substance_missed(totals)) else 0


if __name__ == "__main__":
    sys.exit(main())
