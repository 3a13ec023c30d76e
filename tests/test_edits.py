"""The dev server's edit path: an edit works out again only what the changed article touches,
and the site it leaves is the cold build's, byte for byte."""
from __future__ import annotations

from pathlib import Path

from site_builder.build import BuildState, build
from site_builder.config import load_config

from test_incremental import SEEDS, changed_bytes, rewritten, snapshot

MORE = {
    # An undated article whose day has no year: dated from the files beside it.
    "seeds/b2.txt": "Doanh nghiệp chờ tin vòng đàm phán\n\nNgày 3/7, các hiệp hội họp tại Hà Nội để bàn về thuế đối ứng.\n",
    # No date at all: on the undated page.
    "seeds/e.txt": "Một bài không ghi ngày về đàm phán\n\nCác chuyên gia bàn về chuỗi cung ứng và thuế đối ứng.\n",
    "seeds/f.txt": " date 2025-05-21 Tin ngắn ngày thứ ba của vòng hai\n\n"
                   "Ông Jamieson Greer và Bộ trưởng Nguyễn Hồng Diên tiếp tục làm việc tại Washington.\n",
}


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def site_bytes(out: Path) -> dict[str, bytes]:
    return {p: data for p, (_, _, data) in snapshot(out).items()}


def test_a_sequence_of_edits_leaves_the_cold_build_s_site(make_project, tmp_path):
    project = make_project({**SEEDS, **MORE})
    config = load_config(project)
    state = BuildState()
    build(config, state=state, search=False)
    seeds = project / "seeds"
    edits = {
        "text": lambda: append(seeds / "b.txt", "\nĐoạn cập nhật: các doanh nghiệp tiếp tục theo dõi.\n"),
        "date": lambda: replace(seeds / "c.txt", " date 2025-08-01", " date 2025-06-02"),
        "round": lambda: replace(seeds / "a.md", "Vòng đàm phán thứ hai diễn ra", "Vòng đàm phán thứ ba diễn ra"),
        "person": lambda: append(seeds / "d.md", "\nThứ trưởng Nguyễn Văn Bình cho biết sẽ có thêm một vòng.\n"),
        "delete": lambda: (seeds / "b.txt").unlink(),
        "add": lambda: (seeds / "g.txt").write_text(" date 2025-07-10 Bài mới về dệt may\n\nBộ trưởng Nguyễn Hồng Diên "
                                                    "gặp các doanh nghiệp dệt may.\n", encoding="utf-8"),
        "title": lambda: replace(seeds / "d.md", "title: Chuyên gia nhận định", "title: Giới chuyên gia nhận định"),
        "nothing": lambda: None,
    }
    for what, edit in edits.items():
        before = snapshot(config.out_dir)
        edit()
        result = build(config, state=state, search=False)
        after = snapshot(config.out_dir)
        assert rewritten(before, after) == changed_bytes(before, after) == set(result.written), what
        cold = tmp_path / f"cold-{what}"
        build(load_config(project, out=cold), clean=True, search=False)
        assert site_bytes(config.out_dir) == site_bytes(cold), what


def test_an_edit_to_an_article_s_text_works_out_only_that_article_again(make_project):
    """Work counted, not timed: what assembly and planning made afresh, and the pages rendered."""
    project = make_project({**SEEDS, **MORE})
    config = load_config(project)
    state = BuildState()
    first = build(config, state=state, search=False)
    articles = len(first.dossier.articles)
    assert state.assembly.made["articles"] == articles and state.plan.made >= 2 * articles

    append(project / "seeds/b.txt", "\nĐoạn cập nhật: các doanh nghiệp tiếp tục theo dõi.\n")
    edited = build(config, state=state, search=False)
    made = state.assembly.made
    named = next(a for a in edited.dossier.articles if a.source_file == "seeds/b.txt").people
    # The article, and the people it names (made again from their articles, equal, so kept).
    assert (made["articles"], made["slugs"], made["people"]) == (1, 1, len(named))
    assert made["events"] <= 1 and made["windows"] <= 1 and made["person ids"] == 0
    # Planned again: its page and source text, and the pages of its round and of the people it
    # names (they read more of it than lists do); the lists it is in show its title and date,
    # which did not change, and are kept. Of all these, only its own page renders other bytes.
    article = next(a for a in edited.dossier.articles if a.source_file == "seeds/b.txt")
    assert 2 < state.plan.made <= 2 + bool(article.round_id) + len(article.people)
    assert len(edited.dossier.articles) + len(edited.dossier.people) > 2 * state.plan.made
    page = article.url
    assert edited.pages_rendered == 1 and page in edited.written
    assert set(edited.written) <= {page, "nguon/" + page.split("/")[-1][:-5] + ".txt"}

    # Nothing changed: the inputs are checked, nothing assembled, planned or rendered.
    again = build(config, state=state, search=False)
    assert again.pages_rendered == 0 and set(again.phases) == {"read"}

    # A new date moves the article to another month: the two month pages, the home page (its
    # chart and archive) and the pages beside it, before and after, are planned again.
    replace(project / "seeds/b.txt", " date 2025-07-04", " date 2025-09-20")
    moved = build(config, state=state, search=False)
    assert state.assembly.made["articles"] == 1
    assert {"thang/2025-07.html", "thang/2025-09.html", "index.html"} <= set(moved.written)
    assert moved.pages_rendered < articles + 10


def test_the_dev_server_reads_only_the_seeds_its_watcher_names(make_project):
    project = make_project({**SEEDS, **MORE})
    config = load_config(project)
    state = BuildState()
    build(config, state=state, search=False)
    target = project / "seeds/c.txt"
    append(target, "\nMột đoạn mới.\n")
    # The edited file named: it alone is read (and parsed) again.
    result = build(config, state=state, search=False, changed=[target])
    assert result.documents_read == 1
    assert "Một đoạn mới" in (config.out_dir / next(a.url for a in result.dossier.articles
                                                   if a.source_file == "seeds/c.txt")).read_text(encoding="utf-8")
    # A file changed on disk that the watcher did not name is still seen: the system says it was touched.
    append(project / "seeds/d.md", "\nThêm một câu.\n")
    result = build(config, state=state, search=False, changed=[target])
    assert result.documents_read == 1
    assert "Thêm một câu" in (config.out_dir / next(a.url for a in result.dossier.articles
                                                    if a.source_file == "seeds/d.md")).read_text(encoding="utf-8")
