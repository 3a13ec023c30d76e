"""What can go wrong with an editor's input, said as `file:line: what and what to do`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["warning", "error"]


@dataclass(frozen=True)
class Problem:
    """One thing an editor should look at; `file` is relative to the project."""

    file: str
    line: int | None
    level: Level
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "level": self.level, "message": self.message}


class BuildError(Exception):
    """A mistake that stops the build (bad settings, broken template); carries every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
