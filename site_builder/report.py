"""The build report: what became of every file under the seeds folder, and every problem found."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .dossier import Dossier, Parsed
from .export import json_lines
from .normalize import Cut
from .problems import Problem
from .sources import Skipped

Status = Literal["published", "draft", "skipped", "failed"]


@dataclass(frozen=True)
class Failure:
    """A document that could not be read at all."""

    source: str
    reason: str
    line: int | None = None
    # False when the file held nothing to lose (empty, only whitespace): reported as
    # skipped with a warning, so it does not fail the build.
    lost: bool = True


@dataclass(frozen=True)
class FileOutcome:
    source: str
    status: Status
    url: str | None = None
    reason: str | None = None
    encoding: str | None = None
    problems: tuple[Problem, ...] = ()
    cuts: tuple[Cut, ...] = ()
    # A near-copy of another published file's text: that file and the share of text in common.
    copy_of: str | None = None
    likeness: float | None = None

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "status": self.status,
            "url": self.url,
            "reason": self.reason,
            "encoding": self.encoding,
            "problems": [p.as_dict() for p in self.problems],
            "cut": [c.as_dict() for c in self.cuts],
            # Only for a copy: the file whose text it repeats, and how much of it.
            **({"copy_of": self.copy_of, "likeness": self.likeness} if self.copy_of else {}),
        }


@dataclass(frozen=True)
class BuildReport:
    files: tuple[FileOutcome, ...]
    # Problems not tied to one seed file (data/, dossier.yaml, templates).
    general: tuple[Problem, ...] = ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.general + tuple(p for f in self.files for p in f.problems)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "warning")

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "error")

    def count(self, status: Status) -> int:
        return sum(1 for f in self.files if f.status == status)

    def as_dict(self) -> dict:
        return {
            "summary": {s: self.count(s) for s in ("published", "draft", "skipped", "failed")}
            | {"warnings": len(self.warnings), "errors": len(self.errors)},
            "files": [f.as_dict() for f in self.files],
            "problems": [p.as_dict() for p in self.general],
        }

    def to_json(self) -> bytes:
        return json_lines(self.as_dict())


def make_report(
    skipped: tuple[Skipped, ...],
    failures: list[Failure],
    parsed: list[Parsed],
    dossier: Dossier,
    general: tuple[Problem, ...] = (),
) -> BuildReport:
    """One outcome per file under the seeds folder, in path order."""
    by_source = {a.source_file: a for a in dossier.articles}
    drafts = {d.source_file for d in dossier.drafts}
    dossier_problems: dict[str, list[Problem]] = {}
    for p in dossier.problems:
        dossier_problems.setdefault(p.file, []).append(p)
    files: list[FileOutcome] = []
    for s in skipped:
        status, level = ("failed", "error") if s.lost else ("skipped", "warning")
        files.append(FileOutcome(s.name, status, reason=s.reason, problems=(Problem(s.name, None, level, s.reason),)))
    for f in failures:
        status, level = ("failed", "error") if f.lost else ("skipped", "warning")
        files.append(FileOutcome(f.source, status, reason=f.reason, problems=(Problem(f.source, f.line, level, f.reason),)))
    for p in parsed:
        source = p.doc.source
        problems = p.facts.problems + tuple(dossier_problems.get(source, ()))
        if source in drafts:
            files.append(FileOutcome(source, "draft", reason="draft (use: false); not published",
                                     encoding=p.doc.encoding, problems=problems, cuts=p.cuts))
        else:
            a = by_source[source]
            files.append(FileOutcome(source, "published", url=a.url, encoding=p.doc.encoding,
                                     problems=problems, cuts=p.cuts,
                                     copy_of=dossier.article[a.copy_of].source_file if a.copy_of else None,
                                     likeness=a.likeness))
    files.sort(key=lambda f: f.source)
    return BuildReport(tuple(files), general)
