"""What can be wrong with a file, said once: ``Problem``, ``Refused`` and ``report``.

Every step that reads a post (splitting the header, reading a value, checking a
path) raises ``Refused`` or collects ``Problem``s; the build logs them through
Pelican's logger with ``report`` and ``pelican-reflections check`` prints the same
records. A problem is always one line: ``path:line: field: message``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

__all__ = ["RECORD_KEY", "Problem", "Refused", "one_line", "report"]

logger = logging.getLogger(__name__)

# The attribute of a log record that carries its Problem (for ``check``).
RECORD_KEY = "reflections_problem"
# Characters that would end a line (or hide part of it) in a terminal or a log.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters shown as escapes."""
    return _LINE_BREAKING.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Problem:
    """A warning or an error about one file, at one line, about one field."""

    path: str
    line: int | None
    level: int
    field: str | None
    message: str

    @property
    def is_error(self) -> bool:
        """Whether the file must be held back."""
        return self.level >= logging.ERROR

    @property
    def level_name(self) -> str:
        """``error``, ``warning`` or ``note`` (a hint, below warnings)."""
        if self.is_error:
            return "error"
        return "warning" if self.level >= logging.WARNING else "note"

    def at(self, path: str) -> Problem:
        """The same problem, named by ``path``."""
        return replace(self, path=path)

    def describe(self, with_level: bool = False) -> str:
        """``path:line: [error|warning: ]field: message`` on one line."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        level = f"{self.level_name}: " if with_level else ""
        field = f"{self.field}: " if self.field else ""
        return one_line(f"{where}: {level}{field}{self.message}")

    def __str__(self) -> str:
        return self.describe()


class Refused(Exception):
    """A value or file that cannot be used; the message says why to its author."""

    def __init__(
        self,
        message: str,
        level: int = logging.ERROR,
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.level = level
        self.line = line
        self.field = field

    def problem(
        self, path: str, line: int | None = None, field: str | None = None
    ) -> Problem:
        """This refusal as a Problem; its own line and field win over the given."""
        return Problem(
            path, self.line or line, self.level, self.field or field, self.message
        )


def report(problems: Iterable[Problem]) -> None:
    """Log each problem once through Pelican's logger, at its own level.

    ``logger.error``/``logger.warning`` rather than ``logger.log(level, ...)``:
    Pelican 4.10 and 4.11 make ``--fatal`` fail a build only through those.
    """
    for problem in problems:
        log = {"error": logger.error, "warning": logger.warning}.get(
            problem.level_name, logger.info
        )
        log("%s", problem.describe(), extra={RECORD_KEY: problem})
