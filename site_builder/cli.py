"""The command line: `python build.py [build|serve|deploy|new] [options]` (also installed as `dossier`)."""
from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import __version__
from .build import BuildResult, build, report_path
from .config import Config, load_config
from .problems import BuildError

COMMANDS = ("build", "serve", "deploy", "new")

_DESCRIPTION = """\
Build the negotiation dossier: read every document in the seeds folder, normalize the
Vietnamese text, extract dates, rounds and people, and write a static site.

commands:
  build   (the default) build the site into --out
  serve   build, serve on http://127.0.0.1:8000 and rebuild with live reload on every change
  deploy  build, then push the site to the gh-pages branch of origin (GitHub Pages)
  new     write a starter dossier into a new folder: `new DIR`

exit status: 0 built; 1 a document was lost (or, with --strict, any warning); 2 the build stopped.
"""


def _parser(command: str, default_root: Path, prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog if command == "build" else f"{prog} {command}",
        usage=f"{prog} [build|serve|deploy] [options]\n       {prog} new DIR" if command == "build" else None,
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{prog} {__version__}")
    if command == "new":
        parser.add_argument("folder", type=Path, metavar="DIR", help="the folder to create (or an empty one)")
        return parser
    parser.add_argument("--root", type=Path, default=default_root, metavar="DIR",
                        help="project folder holding seeds/, and templates/, static/, data/ overriding the "
                             "packaged ones (default: the current folder; for build.py, its own folder)")
    parser.add_argument("--seeds", type=Path, metavar="DIR", help="documents to publish (default: seeds/)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="where the site is written (default: _site/)")
    parser.add_argument("--base-url", metavar="URL",
                        help="absolute URL the site is published at, e.g. https://user.github.io/dossier/")
    parser.add_argument("--strict", action="store_true", help="exit non-zero on any warning")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--no-search", action="store_true",
                        help="leave the search index as it is (a cold build then has none); for quick local builds")
    parser.add_argument("--clean", action="store_true",
                        help="ignore the build cache (.cache/) and build everything afresh")
    if command == "serve":
        parser.add_argument("--host", default="127.0.0.1",
                            help="address to listen on (default 127.0.0.1: this machine only)")
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--open", action="store_true", help="open the site in a browser")
    if command == "deploy":
        _deploy_options(parser)
    return parser


def main(argv: list[str] | None = None, default_root: Path | None = None) -> int:
    """The `dossier` command; build.py passes its own folder as `default_root`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show Vietnamese (or a file name with broken bytes) must not crash the summary.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    command = argv.pop(0) if argv and argv[0] in COMMANDS else "build"
    prog = "dossier" if default_root is None else "build.py"
    args = _parser(command, default_root or Path("."), prog).parse_args(argv)
    if command == "new":
        return _new(args.folder)
    try:
        config = load_config(args.root, seeds=args.seeds, out=args.out, base_url=args.base_url)
        if command == "serve":
            from .serve import serve

            return serve(lambda: load_config(args.root, seeds=args.seeds, out=args.out, base_url=args.base_url),
                         host=args.host, port=args.port, open_browser=args.open, clean=args.clean)
        if command == "deploy":
            return _deploy(config, args)
        result = build(config, clean=args.clean, search=not args.no_search)
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("build stopped; the previous site (if any) is unchanged.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the previous site (if any) is unchanged.", file=sys.stderr)
        return 130
    except Exception:
        if args.debug:
            traceback.print_exc()
        else:
            print(f"internal error: {sys.exc_info()[1]!r} (run with --debug for the traceback)", file=sys.stderr)
        return 2
    try:
        return _summarize(result, config, strict=args.strict, quiet=args.quiet)
    except KeyboardInterrupt:
        print(f"interrupted after the new site was written to {config.out_dir.name}/.", file=sys.stderr)
        return 130


def _summarize(result: BuildResult, config: Config, *, strict: bool, quiet: bool) -> int:
    """Every problem, file by file and line by line, then what was built; the exit status."""
    report, counts, out_dir = result.report, result.counts, config.out_dir
    for problem in report.general:
        print(problem, file=sys.stderr)
    for outcome in report.files:
        for problem in sorted(outcome.problems, key=lambda p: p.line or 0):
            print(problem, file=sys.stderr)
    if not quiet:
        print(
            f"built {out_dir.name}/: {counts.articles} articles, {counts.rounds} rounds, "
            f"{counts.people} people, {counts.organizations} organizations; "
            f"{report.count('draft')} drafts, {report.count('skipped')} skipped, {report.count('failed')} failed; "
            f"{len(report.warnings)} warnings, {len(report.errors)} errors; "
            f"{result.files} files ({result.files_written} written, {len(result.deleted)} deleted); "
            f"{result.documents_read} documents read, the others from the build cache; in {result.seconds:.2f} s"
        )
        if report.count("published") != len(report.files):
            print(f"every file and what became of it: {_shown(report_path(config), config.root)}")
    lost = [f.source for f in report.files if f.status == "failed"]
    if lost:
        print(f"{len(lost)} document(s) not published because they could not be read: {', '.join(lost)}",
              file=sys.stderr)
    if lost or report.errors:
        return 1
    if strict and report.warnings:
        print(f"--strict: {len(report.warnings)} warnings", file=sys.stderr)
        return 1
    return 0


def _shown(path: Path, root: Path) -> str:
    """`path` as the editor knows it: relative to the project folder when it is inside it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _new(folder: Path) -> int:
    from .starter import StarterError, write_starter

    try:
        written = write_starter(folder)
    except StarterError as exc:
        print(f"dossier new: {exc}", file=sys.stderr)
        return 2
    print(f"wrote a starter dossier in {folder}/: {len(written)} files; next: cd {folder} && dossier serve")
    return 0


# --- deploy: the publisher (site_builder/publish.py) behind the command line ---

def _deploy_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--remote", default="origin", help="git remote to push to (default origin)")
    parser.add_argument("--branch", default="gh-pages", help="branch GitHub Pages serves (default gh-pages)")
    parser.add_argument("--message", metavar="TEXT", help="commit message (default: names the source commit)")
    parser.add_argument("--dry-run", action="store_true", help="build and show what would be pushed; push nothing")


def _deploy(config: Config, args: argparse.Namespace) -> int:
    """Check git first, build, refuse a build with errors, then push; 2 when git stands in the way."""
    from .publish import DeployError, deploy, find_target, refusal

    try:
        target = find_target(config.root, remote=args.remote, branch=args.branch)
        result = build(config)
        status = _summarize(result, config, strict=args.strict, quiet=args.quiet)
        reason = refusal(result.report, strict=args.strict)
        if reason:
            print(f"not deployed: {reason}", file=sys.stderr)
            return status or 1
        deployment = deploy(config.out_dir, target, cname=config.cname, base_url=config.base_url,
                            message=args.message, dry_run=args.dry_run)
    except DeployError as exc:
        print(f"not deployed: {exc}", file=sys.stderr)
        return 2
    print(deployment.describe())
    return 0
