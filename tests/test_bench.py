"""The benchmark runs end to end at a tiny size (a smoke run: its figures are not checked, only its shape)."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO, checkout_env


def test_a_tiny_benchmark_run_reports_every_figure(tmp_path):
    results = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench/run.py"), "--sizes", "12", "--runs", "1", "--anchors", "no", "--no-long",
         "--work", str(tmp_path / "work"), "--results", str(results)],
        capture_output=True, text=True, timeout=300, env=checkout_env())
    assert done.returncode == 0, done.stderr[-3000:]
    header = next(line for line in done.stdout.splitlines() if line.startswith("| N | corpus | tool |"))
    for column in ("cold s", "cold, no search index s", "no-change s", "one-file rebuild s", "edit→written s",
                   "edit→served s", "edit→findable s", "peak RSS MB", "peak PSS MB", "HTML pages", "write floor s", "pages/s"):
        assert column in header
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 12 |")]
    assert [row.split("|")[2:4] for row in rows if row.split("|")[3] == " ours "] == [[" anchors ", " ours "],
                                                                                   [" mixed ", " ours "]]
    search_rows = [row for row in rows if row.split("|")[3].startswith(" ours (")]
    assert [row.split("|")[2] for row in search_rows] == [" anchors ", " mixed "], "the search index table"
    assert "Targets:" in done.stdout and "Where the time goes" in done.stdout

    (report,) = results.glob("bench-*.json")
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["meta"]["command"].startswith("python bench/run.py")
    for entry in data["results"]:
        ours = entry["tools"]["ours"]
        assert ours["html_files"] > 12 and ours["edit_files_written"] >= 1
        for key in ("cold_s", "cold_bare_s", "no_change_s", "rebuild_s", "edit_written_s", "edit_served_s",
                    "edit_findable_s", "search_poll_s", "pss_mb", "search_files", "search_mb", "search_shards"):
            assert ours[key] > 0
        assert set(ours["phases"]["edit"]) >= {"read", "parse", "assemble", "plan", "fingerprint", "render+write"}
    assert (tmp_path / "work/site-12/_site/index.html").is_file()


def test_the_search_index_alone_in_shards_and_as_one(tmp_path):
    results = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench/run.py"), "--sizes", "12", "--runs", "1", "--search-only", "--shard-size",
         "10", "--work", str(tmp_path / "work"), "--results", str(results)],
        capture_output=True, text=True, timeout=300, env=checkout_env())
    assert done.returncode == 0, done.stderr[-3000:]
    (report,) = results.glob("search-*.json")
    (row,) = json.loads(report.read_text(encoding="utf-8"))["rows"]
    assert row["one"]["shards"] == 1 and row["shards"]["shards"] > 1
    assert row["one"]["pages"] == row["shards"]["pages"] > 12
    for key in ("index_s", "cpu_s", "pagefind_mb", "pss_mb"):
        assert row["one"][key] > 0 and row["shards"][key] > 0
    assert row["edit_findable_s"] >= row["search_poll_s"] > 0


def test_the_mixed_corpus_comes_in_every_seed_shape(tmp_path):
    subprocess.run([sys.executable, str(REPO / "bench/mixed.py"), "-n", "60", "-o", str(tmp_path)], check=True,
                   capture_output=True, env=checkout_env())
    texts = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "seeds").iterdir())]
    assert len(texts) == 60
    assert any(t.startswith("---\n") for t in texts)
    assert any(t.startswith(" date 20") for t in texts)
    assert any("Tin bài liên quan" in t or "Đọc nhiều" in t or "Tin cùng chuyên mục" in t for t in texts)
    assert any(not t.startswith(("---", " date")) and "\n" not in t.split("\n\n")[0] for t in texts)
    again = tmp_path / "again"
    subprocess.run([sys.executable, str(REPO / "bench/mixed.py"), "-n", "60", "-o", str(again)], check=True,
                   capture_output=True, env=checkout_env())
    assert [p.read_bytes() for p in sorted((again / "seeds").iterdir())] == \
           [p.read_bytes() for p in sorted((tmp_path / "seeds").iterdir())]


def test_the_long_article_series_alone_reports_seconds_per_mb(tmp_path):
    results = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench/run.py"), "--long-only", "--long-sizes", "0.02", "0.04", "--runs", "1",
         "--work", str(tmp_path / "work"), "--results", str(results)],
        capture_output=True, text=True, timeout=300, env=checkout_env())
    assert done.returncode == 0, done.stderr[-3000:]
    header = next(line for line in done.stdout.splitlines() if line.startswith("| long article MB |"))
    assert "s per MB" in header and "s the article adds, per MB" in header
    rows = [line.split("|")[1].strip() for line in done.stdout.splitlines() if line.startswith("| 0.0")]
    assert rows == ["0.02", "0.04"]
    assert "| N | corpus | tool |" not in done.stdout, "only the long-article series"
    (report,) = results.glob("bench-*.json")
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [r["mb"] for r in data["long"]] == [0, 0.02, 0.04] and data["results"] == []
    assert all(r["cold_s"] > 0 for r in data["long"])


def test_the_long_article_has_the_size_asked_and_the_same_text_every_time():
    sys.path.insert(0, str(REPO / "bench"))
    from long_article import long_article

    text = long_article(200_000)
    assert 200_000 <= len(text.encode()) < 210_000
    assert text == long_article(200_000)
    assert "“" in text and "%" in text and "Sáng " in text


def test_the_targets_compare_like_with_like_and_say_met_or_missed_with_the_amount():
    sys.path.insert(0, str(REPO / "bench"))
    import run

    ours = {"cold_s": 30.0, "cold_bare_s": 12.0, "no_change_s": 0.5, "edit_written_s": 0.25, "edit_served_s": 0.5,
            "edit_findable_s": 1.5, "rss_mb": 900.0, "pss_mb": 1100.0, "bare_rss_mb": 350.0, "bare_pss_mb": 400.0,
            "rebuild_s": 1.0, "html_files": 10}
    tools = {"ours": ours, "hugo": {"cold_s": 4.0, "rss_mb": 600.0, "pss_mb": 610.0, "rebuild_s": 3.0, "html_files": 10},
             "pelican": {"cold_s": 20.0, "rss_mb": 140.0, "rebuild_s": 9.0, "html_files": 10},
             "hugo+pagefind": {"cold_s": 32.0, "rss_mb": 2100.0, "pss_mb": 2100.0, "search_s": 28.0,
                               "search_files": 5, "search_mb": 1.0, "html_files": 10}}
    lines = run.targets([{"n": 5000, "corpus": "anchors", "tools": tools}])
    said = {line.split(":")[0]: line for line in lines}
    assert "met" in said["- N=5000 cold build with the search index vs Hugo + Pagefind"]
    assert "MISSED — missed by 8.00 s (3.0×)" in said["- N=5000 cold build without the search index vs Hugo"]
    assert "met" in said["- N=5000 one-article edit written (dev server)"]
    assert "MISSED" in said["- N=5000 one-article edit served (dev server)"]
    assert "met" in said["- N=5000 edited article findable in search (dev server)"]
    assert "MISSED — missed by 50.00 MB" in said["- N=5000 peak memory, largest process, no search index"]
    assert "met" in said["- N=5000 peak memory with the search index, largest process, vs Hugo + Pagefind"]
    (row,) = [line for line in run.like_for_like([{"n": 5000, "corpus": "anchors", "tools": tools}])
              if line.startswith("| 5000")]
    assert [c.strip() for c in row.split("|")[1:-1]] == [
        "5000", "30.00", "32.00", "0.94×", "900 / 1100", "2100 / 2100", "12.00", "4.00", "3.00×", "350 / 400", "600 / 610"]
