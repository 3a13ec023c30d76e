#!/usr/bin/env python3
"""Write N deterministic articles in the shapes real seeds come in, for the mixed-shape benchmark.

The articles themselves come from the anchors' generator (anchors/gen_corpus.py), so
the text is the same kind as the competitors' corpus; only the shapes differ, in the
proportions of the seeds editors collect:

- 30 % YAML front matter, Markdown (`.md`), as the anchors' corpus;
- 30 % a ` date YYYY-MM-DD` prefix with the title on the same line, plain text;
- 25 % scraped from a news site: title line, an outlet prefix (`TPO - `), an image stub
  with its caption, `[Video]` teasers and a related-news tail the builder must cut;
- 15 % bare text with no title and no date (the builder derives both).

    python bench/mixed.py -n 1000 -o OUT        # writes OUT/seeds/NNN_<hash>.txt|.md
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "anchors"))
import gen_corpus  # noqa: E402  (the anchors' generator, vendored beside this file)

OUTLETS = ["TPO", "VOV", "VTV", "TTXVN", "Chinhphu.vn", "Nhân Dân"]
TEASERS = ["[Video] Toàn cảnh phiên đàm phán thương mại Việt Nam – Hoa Kỳ",
           "[Infographic] Kim ngạch xuất khẩu sang Hoa Kỳ 10 tháng đầu năm",
           "[Video] Doanh nghiệp chuẩn bị cho thỏa thuận thương mại đối ứng"]
RELATED = ["Tin bài liên quan", "Đọc nhiều", "Tin cùng chuyên mục"]
OTHER_NEWS = ["Giá vàng hôm nay tăng mạnh", "Thời tiết Hà Nội chuyển lạnh", "Khai mạc hội chợ hàng Việt",
              "Xuất khẩu gạo đạt kỷ lục", "Lễ hội văn hóa thế giới tại Hà Nội"]


def plain(body: str) -> str:
    """The Markdown body as text a scraper would keep: no heading marks, no bold, no list dashes."""
    body = re.sub(r"^#+\s*", "", body, flags=re.M)
    body = body.replace("**", "")
    return re.sub(r"^- ", "", body, flags=re.M)


def shaped(a: gen_corpus.Article, rng: random.Random) -> tuple[str, str]:
    """(suffix, text) of one article in one of the seed shapes."""
    roll = rng.random()
    day = a.when.strftime("%Y-%m-%d")
    if roll < 0.30:
        tags = ", ".join(gen_corpus.yaml_str(p) for p in a.people)
        return ".md", (f"---\ntitle: {gen_corpus.yaml_str(a.title)}\ndate: {a.when:%Y-%m-%d %H:%M}\n"
                       f"tags: [{tags}]\nsource: {gen_corpus.yaml_str(a.author)}\n---\n\n{a.body}")
    body = plain(a.body)
    if roll < 0.60:
        return ".txt", f" date {day} {a.title}\n\n{body}"
    if roll < 0.85:
        first, _, rest = body.partition("\n\n")
        stub = f"![](https://example.org/anh/{a.slug[:20]}.jpg) | Ảnh minh họa: {a.title[:60]}"
        teasers = "\n".join(rng.sample(TEASERS, 2))
        tail = "\n".join([rng.choice(RELATED), *rng.sample(OTHER_NEWS, 3)])
        return ".txt", (f"{a.title}\n{rng.choice(OUTLETS)} - {first}\n\n{stub}\n\n{rest}\n{teasers}\n\n{tail}\n\n\n")
    return ".txt", body


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=20251112)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    people = gen_corpus.make_people(rng, 200)
    shapes = random.Random(args.seed + 1)
    seeds = args.out / "seeds"
    if seeds.exists():
        shutil.rmtree(seeds)
    seeds.mkdir(parents=True)
    for i in range(args.n):
        a = gen_corpus.make_article(i, rng, people)
        suffix, text = shaped(a, shapes)
        name = f"{i:05d}_{hashlib.sha256(a.slug.encode()).hexdigest()[:16]}{suffix}"
        (seeds / name).write_text(text, encoding="utf-8")
    print(f"{args.n} articles in {seeds}")


if __name__ == "__main__":
    main()
