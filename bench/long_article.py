#!/usr/bin/env python3
"""One very long article, for the "long article" series of `run.py`.

    python bench/long_article.py --mb 2 -o long.txt

The synthetic corpus's articles (`anchors/gen_corpus.py`, the same seed, so the same text
every time) are run together into one, with what makes extraction work per article grow:
days written without a year ("Sáng 12/6"), quotes with their speaker, titled people and
percentages between them. The file has a title line and no publication date, so each year
is found from the article's own dates, the costliest way.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "anchors"))
import gen_corpus  # noqa: E402

_ASIDES = [
    "Sáng {day}/{month}, {role} {name} cho biết: “{said}”",
    "“{said}”, {role} {name} nói tại cuộc họp ngày {day}/{month}.",
    "Chiều {day}/{month}, phiên đàm phán kỹ thuật tiếp tục với sự tham gia của {role} {name}.",
    "Từ ngày {day}-{day2}/{month}, đoàn công tác do {role} {name} dẫn đầu đã làm việc tại Washington.",
    "Ngày {day}/{month}/{year}, {role} {name} nhấn mạnh “Việt Nam sẵn sàng mua thêm hàng hóa của Hoa Kỳ nhằm "
    "cân bằng cán cân thương mại”.",
]


def long_article(size: int, seed: int = 20251112) -> str:
    """An article of about `size` bytes of UTF-8 (a little over: whole paragraphs)."""
    rng = random.Random(seed)
    # A longer text names more people, as a compilation of many reports does.
    people = gen_corpus.make_people(rng, max(200, size // 4000))
    parts = ["Toàn cảnh đàm phán thương mại đối ứng Việt Nam – Hoa Kỳ qua các vòng\n"]
    total, i = len(parts[0].encode()), 0
    while total < size:
        body = gen_corpus.make_article(i, rng, people).body
        person = rng.choice(people)
        day = rng.randint(1, 27)
        # Words quoted differ from one quote to the next, as they do in real reports.
        said = gen_corpus.fill(rng.choice(gen_corpus.SENTENCES), rng, {
            "p1": person.name, "p2": person.name, "round": "Vòng 3", "round_lower": "vòng đàm phán thứ ba"}).rstrip(".")
        aside = rng.choice(_ASIDES).format(day=day, day2=day + 1, month=rng.randint(1, 12), pct=rng.randint(3, 46),
                                           year=rng.choice([2025, 2026]), role=person.role, name=person.name,
                                           said=said)
        chunk = f"{aside}\n\n{body}\n"
        parts.append(chunk)
        total += len(chunk.encode())
        i += 1
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, required=True, help="size in MB (10^6 bytes)")
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args()
    args.out.write_text(long_article(int(args.mb * 1e6)), encoding="utf-8")


if __name__ == "__main__":
    main()
