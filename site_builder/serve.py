"""The dev server: build, serve the output folder with live reload, rebuild on every change.

The livereload package injects its reload script into pages as it serves them, so the
built files stay exactly what `build` writes.
"""
from __future__ import annotations

import sys
from typing import Callable

from livereload import Server

from .build import build
from .config import Config
from .problems import BuildError

WATCHED = ("seeds", "templates", "static", "data", "dossier.yaml")


def serve(config: Config, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False,
          on_build: Callable[[str], None] | None = None) -> None:
    """Build once, then serve `config.out_dir` on `host:port` until interrupted."""
    say = on_build or (lambda line: print(line, file=sys.stderr, flush=True))

    def rebuild() -> None:
        try:
            result = build(config)
        except BuildError as exc:
            # The last good site stays up; the console says what to fix.
            say("build failed; still serving the last good site:")
            for p in exc.problems:
                say(f"  {p}")
            return
        report = result.report
        say(f"rebuilt: {report.count('published')} articles, {len(report.warnings)} warnings "
            f"in {result.seconds:.2f} s")

    rebuild()
    server = Server()
    for name in WATCHED:
        path = config.root / name
        if name == "seeds":
            path = config.seeds_dir
        server.watch(str(path), rebuild, delay=0.2)
    server.serve(host=host, port=port, root=str(config.out_dir), open_url_delay=0 if open_browser else None,
                 restart_delay=0)
