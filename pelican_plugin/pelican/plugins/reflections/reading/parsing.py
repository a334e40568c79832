"""The one reading path: a file becomes body HTML, metadata and problems.

The build's reader and ``pelican-reflections check`` both call ``parse``; the
reader logs the problems, ``check`` prints them. A file without a header (YAML,
TOML or JSON) is marked ``native``: Pelican's own Markdown reader reads it, in
both.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem, Refused
from . import fields, frontmatter
from .values import Reading

__all__ = ["Parsed", "native_lines", "parse"]

# A headerless file's Pelican metadata: "Key: value" lines before the first blank.
_NATIVE_KEY = re.compile(r"([A-Za-z][\w-]*)\s*:")


@dataclass
class Parsed:
    """What reading one file gave.

    ``html`` is None when the file must be held back (an error in ``problems``)
    or when it has no header (``native``); ``lines`` maps each field (and
    each other key, lower-cased) to the line it is on.
    """

    html: str | None
    metadata: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    native: bool = False

    @property
    def held_back(self) -> bool:
        """Whether the file must not be published."""
        return any(problem.is_error for problem in self.problems)


def parse(
    source_path: str,
    shown_path: str,
    reading: Reading,
    render_body: Callable[[str], str] | None,
    read_native: Callable[[], tuple[str, dict[str, Any]]],
) -> Parsed:
    """Read ``source_path``; problems are named by ``shown_path``.

    ``render_body`` turns the Markdown body into HTML (None: the body is not
    rendered, and ``html`` is "" for a file that could be published);
    ``read_native`` is Pelican's own reader, for a file without a header.
    """
    text = None
    try:
        text = frontmatter.read_text(source_path)
        if not frontmatter.has_header(text):
            return _native(text, shown_path, read_native)
        header = frontmatter.read(text)
    except Refused as refused:
        if text is not None and frontmatter.pelican_style(text):
            return _read_as_pelican_does(text, shown_path, read_native, refused)
        return Parsed(None, problems=[refused.problem(shown_path)])
    lines: dict[str, int] = {}
    for entry in header.entries.values():
        name = fields.field_name(entry.key, reading.keys) or entry.key.lower()
        lines.setdefault(name, entry.line)
    metadata, problems = fields.read_header(header.entries, reading)
    problems += _status(metadata, lines)
    parsed = Parsed(
        None,
        metadata,
        [problem.at(shown_path) for problem in [*header.warnings, *problems]],
        lines,
    )
    body, body_line = header.body, header.body_line
    if frontmatter.NOT_XML.search(body):
        body = _clean_text(body, body_line, shown_path, parsed.problems)
    if not parsed.held_back:
        parsed.html = render_body(body) if render_body else ""
    return parsed


def _read_as_pelican_does(
    text: str,
    shown_path: str,
    read_native: Callable[[], tuple[str, dict[str, Any]]],
    refused: Refused,
) -> Parsed:
    """A ``---`` header YAML cannot read, made of the ``key: value`` lines Pelican's
    own reader reads (``title: Scraping: an introduction``): published as stock
    Pelican publishes it, with a warning (``--fatal warnings`` stops there)."""
    parsed = _native(text, shown_path, read_native)
    fix = (
        "add the closing '---' line"
        if refused.field is None
        else "put the value in quotes"
    )
    message = (
        f"{refused.message}; read as a Pelican header, as stock Pelican reads it "
        f"({fix} to have it read as YAML)"
    )
    warning = Problem(shown_path, refused.line, logging.WARNING, refused.field, message)
    parsed.problems.insert(0, warning)
    return parsed


def _native(
    text: str,
    shown_path: str,
    read_native: Callable[[], tuple[str, dict[str, Any]]],
) -> Parsed:
    """A stock Pelican file: Pelican's reader, then the rules that hold for all."""
    html, metadata = read_native()
    parsed = Parsed(html, metadata, lines=native_lines(text), native=True)
    if frontmatter.NOT_XML.search(text):
        _clean_text(text, 1, shown_path, parsed.problems)
        parsed.html = frontmatter.NOT_XML.sub("", html)
        for key, value in metadata.items():
            if isinstance(value, str):
                metadata[key] = frontmatter.NOT_XML.sub("", value)
    for key in fields.PATH_FIELDS:
        value = metadata.get(key)
        if isinstance(value, str):
            try:
                fields.check_path(key, value)
            except Refused as refused:
                line = parsed.lines.get(key)
                parsed.problems.append(refused.problem(shown_path, line, key))
    parsed.problems += [p.at(shown_path) for p in _status(metadata, parsed.lines)]
    if parsed.held_back:
        parsed.html = None
    return parsed


# The statuses Pelican publishes or keeps (``Article``'s and ``Page``'s alike).
_STATUSES = ("published", "hidden", "draft")


def _status(metadata: dict[str, Any], lines: dict[str, int]) -> list[Problem]:
    """An unknown ``status``: an error on its line (Pelican would skip the file
    with a line of its own, naming neither line nor field)."""
    status = metadata.get("status")
    if not isinstance(status, str) or status.lower() in (*_STATUSES, "skip"):
        return []
    message = f"'{status}' is not one of {', '.join(_STATUSES)}"
    return [Problem("", lines.get("status"), logging.ERROR, "status", message)]


def native_lines(text: str) -> dict[str, int]:
    """The line of each key of a stock Pelican header (its lines up to a blank)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or (number > 1 and line.rstrip() in ("---", "...")):
            break
        match = _NATIVE_KEY.match(line)
        if match:
            lines.setdefault(match.group(1).lower(), number)
    return lines


def _clean_text(body: str, body_line: int, path: str, problems: list[Problem]) -> str:
    """``body`` without what XML cannot hold, and a warning where it was."""
    first = frontmatter.NOT_XML.search(body)
    assert first is not None
    found = sorted(set(frontmatter.NOT_XML.findall(body)))
    names = ", ".join(f"U+{ord(character):04X}" for character in found)
    line = body_line + body.count("\n", 0, first.start())
    message = f"removed {names} from the text, which feeds cannot hold"
    problems.append(Problem(path, line, logging.WARNING, None, message))
    return frontmatter.NOT_XML.sub("", body)
