"""Stage 7: the output folder is replaced whole, or not at all."""
from __future__ import annotations

import pytest

from site_builder.write import UnsafePath, write_site


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
