"""Stage 7: the output folder is replaced whole, or updated file by file under a journal; never left half-done."""
from __future__ import annotations

import json

import pytest

from site_builder.write import JOURNAL, RETIRED_PREFIX, STAGING_PREFIX, SiteUpdate, UnsafePath, recover, write_site


def test_replaces_the_folder_exactly(tmp_path):
    out = tmp_path / "_site"
    write_site({"dossier.json": b"{}", "a/b.html": b"1", "old.html": b"x"}, out)
    write_site({"dossier.json": b"{}", "a/b.html": b"2"}, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["a/b.html", "dossier.json"]
    assert (out / "a/b.html").read_bytes() == b"2"
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


@pytest.mark.parametrize("path", ["../x.html", "/etc/x", "a/../../x", ""])
def test_paths_never_leave_the_site(tmp_path, path):
    out = tmp_path / "_site"
    write_site({"dossier.json": b"{}"}, out)
    with pytest.raises(UnsafePath):
        write_site({"dossier.json": b"{}", path: b"x"}, out)
    assert (out / "dossier.json").exists()
    assert not (tmp_path / "x.html").exists()


def test_a_folder_that_is_not_a_built_site_is_never_replaced(tmp_path):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "keep.txt").write_text("x")
    with pytest.raises(UnsafePath, match="not a built site"):
        write_site({"dossier.json": b"{}"}, precious)
    assert (precious / "keep.txt").exists()


def test_an_update_moves_in_only_what_changed(tmp_path):
    out = tmp_path / "_site"
    write_site({"dossier.json": b"{}", "a.html": b"1", "b/c.html": b"2", "old/x.html": b"x"}, out)
    kept = (out / "a.html").stat()
    with SiteUpdate(out, whole=False) as update:
        update.write("b/c.html", b"3")
        update.write("new/d.html", b"4")
        update.delete("old/x.html")
        stats = update.commit()
    assert (stats.files, stats.deleted) == (2, 1)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == \
        ["a.html", "b/c.html", "dossier.json", "new/d.html"]
    assert (out / "b/c.html").read_bytes() == b"3" and not (out / "old").exists()
    assert (out / "a.html").stat().st_mtime_ns == kept.st_mtime_ns
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


def test_an_update_left_without_commit_changes_nothing(tmp_path):
    out = tmp_path / "_site"
    write_site({"dossier.json": b"{}", "a.html": b"1"}, out)
    with pytest.raises(RuntimeError):
        with SiteUpdate(out, whole=False) as update:
            update.write("a.html", b"2")
            raise RuntimeError("a template failed")
    assert (out / "a.html").read_bytes() == b"1"
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


def test_a_commit_cut_short_is_completed_by_the_next_build(tmp_path):
    out = tmp_path / "_site"
    write_site({"dossier.json": b"{}", "a.html": b"1", "gone.html": b"x", "b.html": b"old"}, out)
    staging = tmp_path / f"{STAGING_PREFIX}_site-killed"
    (staging / "a.html").parent.mkdir(parents=True)
    (staging / "a.html").write_bytes(b"2")
    # b.html was moved in before the build died; a.html was not yet, gone.html not yet deleted.
    (out / "b.html").write_bytes(b"new")
    (staging / JOURNAL).write_text(json.dumps({"write": ["b.html", "a.html"], "delete": ["gone.html"]}))
    never_committed = tmp_path / f"{STAGING_PREFIX}_site-failed"
    never_committed.mkdir()
    (never_committed / "a.html").write_bytes(b"never")
    recover(out)
    assert (out / "a.html").read_bytes() == b"2" and (out / "b.html").read_bytes() == b"new"
    assert not (out / "gone.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


def test_a_swap_cut_short_puts_the_previous_site_back(tmp_path):
    out = tmp_path / "_site"
    write_site({"dossier.json": b"{}", "a.html": b"1"}, out)
    out.rename(tmp_path / f"{RETIRED_PREFIX}_site-x")
    recover(out)
    assert (out / "a.html").read_bytes() == b"1"
