#!/usr/bin/env python3
"""What finding stories costs: signatures and LSH against the cold build they are part of.

    python bench/stories.py                 # 5,000 synthetic articles, a tenth of them reposted
    python bench/stories.py --sizes 1000 5000 --runs 3

For each size N, `anchors/gen_corpus.py` writes N articles and this script adds N/10 copies
(an aggregator's repost of a random article under another headline, with a new first
sentence). It then measures, median over --runs:

- the cold build, `python build.py --clean --no-search` in a fresh process: seconds on the
  clock and of processor time (the build and its parsing workers together);
- the share of it spent on what stories need: the MinHash signature of every article
  (`extract.likeness.text_signature`, part of parsing) and `stories.find_stories` (part of
  assembling), each timed alone on the same texts in this process, in processor time, over
  the build's processor time (on a machine busy with other work, processor time is what
  stays comparable);
- one edit as the dev server meets it: the index updated for one changed article
  (`StoryIndex.update`), and how many signatures that compared.

The issue's budget: the cold build at 5,000 articles no more than 5% slower.
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from run import checkout_env, generate, make_project  # noqa: E402
from site_builder.build import parse_source  # noqa: E402
from site_builder.config import load_config  # noqa: E402
from site_builder.extract import Lexicon, signature_text  # noqa: E402
from site_builder.registry import load_registry  # noqa: E402
from site_builder.dossier import Parsed  # noqa: E402
from site_builder.extract.likeness import text_signature  # noqa: E402
from site_builder.stories import Candidate, StoryIndex, find_stories  # noqa: E402


def add_copies(seeds: Path, share: float, rng: random.Random) -> int:
    files = sorted(seeds.iterdir())
    picked = rng.sample(files, int(len(files) * share))
    for i, f in enumerate(picked):
        lines = f.read_text(encoding="utf-8").split("\n")
        # Another headline, another first sentence; the rest is the dispatch as printed.
        body = "\n".join(lines[1:])
        (seeds / f"zz-copy-{i:05d}{f.suffix}").write_text(
            f"Tin đăng lại {i}\nTheo thông tấn xã, bản tin sau đây được đăng lại nguyên văn.\n{body}", encoding="utf-8")
    return len(picked)


def cold_build(root: Path, seeds: Path) -> tuple[float, float]:
    """Seconds on the clock, and of processor time in the build and its workers."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--seeds", str(seeds), "--clean",
                    "--no-search", "--quiet"], check=True, env=checkout_env(), stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bodies(root: Path, seeds: Path) -> list[tuple[str, str]]:
    """(source, the text signatures are made of) of every article, read the way the build reads them."""
    config = load_config(root, seeds=seeds)
    lexicon = Lexicon(load_registry(config.data))
    out = []
    for f in sorted(seeds.iterdir()):
        parsed = parse_source(f.name, f.read_bytes(), f.suffix == ".md", lexicon)
        if isinstance(parsed, Parsed):
            out.append((parsed.doc.source, signature_text(parsed.doc)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[5000])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(7)
    print("articles  copies  cold build s (clock / processor)  signatures s  stories s  share  stories found"
          "  edit: s / compared")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as work:
            work = Path(work)
            generate(work / "corpus", n, "articles")
            root = make_project(work, f"site-{n}")
            seeds = work / "corpus" / "articles"
            copies = add_copies(seeds, 0.1, rng)
            colds = [cold_build(root, seeds) for _ in range(args.runs)]
            texts = bodies(root, seeds)
            sig_times, story_times = [], []
            for _ in range(args.runs):
                start = time.process_time()
                signatures = [(source, text_signature(text)) for source, text in texts]
                sig_times.append(time.process_time() - start)
                candidates = [Candidate(s, sig, None) for s, sig in signatures if sig is not None]
                start = time.process_time()
                index = StoryIndex()
                stories = find_stories(candidates, index)
                story_times.append(time.process_time() - start)
            # One edit: one article's text changes, the index is updated for it alone.
            victim = candidates[len(candidates) // 2]
            edited = [c if c is not victim else Candidate(c.key, text_signature(texts[len(candidates) // 2][1] + " sửa"),
                                                          None) for c in candidates]
            start = time.perf_counter()
            find_stories(edited, index)
            edit = time.perf_counter() - start
            wall = statistics.median(w for w, _ in colds)
            cpu = statistics.median(c for _, c in colds)
            sig, st = statistics.median(sig_times), statistics.median(story_times)
            print(f"{n + copies:8d}  {copies:6d}  {wall:6.2f} / {cpu:6.2f}  {sig:12.2f}  {st:9.2f}  {(sig + st) / cpu:5.1%}"
                  f"  {len(stories):13d}  {edit:.4f} / {index.checked}")


if __name__ == "__main__":
    main()
