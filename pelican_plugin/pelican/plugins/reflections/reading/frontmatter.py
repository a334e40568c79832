"""Split a Markdown file into its front matter and its body.

A YAML header sits between ``---`` lines: python-frontmatter finds the fences;
the header is composed with the YAML loader python-frontmatter picks (libyaml's
C safe loader when present), and ``nodes`` turns the node tree into entries that
keep, for every value, both its YAML type and the text the author typed, plus
the line it is on. Hugo's TOML (``+++`` lines) and JSON (an object opening the
file) headers give the same entries (``tomljson``).

Public API (also used by the CLI, without Pelican building):

- ``read_text(path) -> str``: the file as text; ``Refused`` when it is not
  UTF-8 or cannot be read.
- ``has_header(text) -> bool``: whether the text starts with a header.
- ``read(text) -> Header``: the entries, body, body's first line and the
  warnings (a key given twice) of a file. Raises ``Refused`` with a line.
- ``split(text) -> (header, body, body_start_line)``: ``read`` without the
  warnings; ``header`` maps each top-level key, as written, to an ``Entry``;
  ``body_start_line`` is the 1-based file line on which ``body[0]`` sits.
- ``pelican_style(text) -> bool``: whether a ``---`` header is one Pelican's own
  Markdown reader reads whole (``key: value`` lines, as Python-Markdown's meta
  syntax has them), for the headers YAML cannot read.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from dataclasses import dataclass, field

import yaml
from frontmatter.default_handlers import SafeLoader, YAMLHandler

from ..problems import Problem, Refused
from . import tomljson
from .nodes import MAP, MAX_VALUES, NOT_XML, Budget, Entry, entries, tag_error

__all__ = [
    "MAX_VALUES",
    "NOT_XML",
    "Entry",
    "Header",
    "has_header",
    "pelican_style",
    "read",
    "read_text",
    "split",
]


@dataclass
class Header:
    """A file's front matter read: its entries, the Markdown body, the body's
    first file line, and warnings (no path yet)."""

    entries: dict[str, Entry]
    body: str
    body_line: int
    warnings: list[Problem] = field(default_factory=list)


class _Handler(YAMLHandler):
    """python-frontmatter's YAML handler; the header may also end with ``...``,
    YAML's own end-of-document line (pelican-yaml-metadata and Python-Markdown's
    meta syntax accept it)."""

    FM_BOUNDARY = re.compile(r"^(?:-{3,}|\.{3})[ \t]*$", re.MULTILINE)


_HANDLER = _Handler()
# Python-Markdown's meta syntax, which Pelican's Markdown reader reads: a line is
# "key: value"; a value that opens a YAML list, mapping, block or alias is not
# one a writer of Pelican headers meant.
_PELICAN_LINE = re.compile(
    r"[ ]{0,3}[A-Za-z0-9_-]+:(?:[ \t]+(?![\[{|>&*!])\S.*)?[ \t]*"
)
_CLOSING = re.compile(r"(?:-{3}|\.{3})(?:\s.*)?")
_TAB_INDENT = re.compile(r"^\t", re.MULTILINE)
# Line 1 of a header: dashes, maybe "yaml" or another word, maybe a comment;
# "+++" opens Hugo's TOML headers.
_OPENING = re.compile(
    r"\A(?P<fence>-{3,}|\+{3,})[ \t]*(?P<kind>[A-Za-z][\w-]*)?[ \t]*(?:#[^\n]*)?"
    r"(?=[\r\n]|\Z)"
)
_TOML_CLOSING = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)
_TOP_LEVEL_KEY = re.compile(r"^([^\s#'\"-][^:]*?|'[^']*'|\"[^\"]*\"):(\s|$)")


def read_text(path: str) -> str:
    """Read a file as UTF-8 (a BOM is dropped), lines ending in ``\\n`` only."""
    try:
        # A FIFO or a device is never opened: reading one would wait for ever.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise Refused(
                "is not a regular file (a FIFO or a device): skipped", logging.WARNING
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise Refused(f"cannot be read: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise Refused(
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            line=line,
        ) from None
    return _unix_lines(text)


def _unix_lines(text: str) -> str:
    """Markdown reads CR and CRLF as line ends too; the fences must be found alike."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _opening(text: str) -> re.Match[str] | None:
    return _OPENING.match(text)


def has_header(text: str) -> bool:
    """Whether ``text`` opens with front matter: a fence (``---`` or ``+++`` on
    line 1) or a JSON object.

    ``--- # a comment`` and ``---yaml`` open a YAML header too, ``+++toml`` a
    TOML one; any other word after the fence (``---json``) is a header this
    plugin refuses, so the file is never published with it in its body.
    """
    return _opening(text) is not None or tomljson.starts_json(text)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def split(text: str) -> tuple[dict[str, Entry], str, int]:
    """Split ``text`` into (header entries, Markdown body, body's first file line).

    Text without a header gives ``({}, text, 1)``. ``read`` says more.
    """
    header = read(text)
    return header.entries, header.body, header.body_line


def read(text: str) -> Header:
    """Read the front matter of ``text``: YAML, TOML or JSON.

    Raises ``Refused`` for a header with no closing fence, tab indentation,
    invalid YAML, TOML or JSON, a header that is not a mapping, tags other than
    YAML's plain types, and headers that expand past ``MAX_VALUES`` values. A key
    given twice keeps its last value, with a warning (an error in TOML).
    """
    if "\r" in text:
        text = _unix_lines(text)
    if tomljson.starts_json(text):
        found, body, body_line, warnings = tomljson.read_json(text)
        return Header(found, body, body_line, warnings)
    opening = _opening(text)
    if opening is None:
        return Header({}, text, 1)
    fence = opening.group("fence")[0]
    kind = (opening.group("kind") or "").lower()
    if fence == "+" and kind in ("", "toml"):
        return _toml(text, opening.end())
    if fence == "+" or kind not in ("", "yaml"):
        raise Refused(
            f"the front matter opens with '{opening.group().strip()}'; this plugin "
            "reads YAML headers between '---' lines, TOML headers between '+++' "
            "lines and JSON objects ('{' on line 1)",
            line=1,
        )
    try:
        header, body = _HANDLER.split("---" + text[opening.end() :])
    except ValueError:
        raise Refused(
            "the front matter has no closing '---' (or '...') line", line=1
        ) from None
    first_line = 1  # the header text starts with the newline after the fence
    body_start_line = _line_at(text, len(text) - len(body))
    tab = _TAB_INDENT.search(header)
    if tab:
        number = header.count("\n", 0, tab.start())
        raise _tab_error(first_line, header.split("\n"), number)
    node = _compose(header, first_line)
    if node is None:
        return Header({}, body, body_start_line)
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise Refused(
            f"the front matter must be 'key: value' lines, not {kind}",
            line=first_line + node.start_mark.line,
        )
    if node.tag != MAP:
        raise tag_error(node, first_line, None)
    budget = Budget()
    found = entries(node, first_line, budget)
    return Header(found, body, body_start_line, budget.warnings)


def _toml(text: str, opening_end: int) -> Header:
    """A TOML header from the line after the ``+++`` fence to the next one."""
    closing = _TOML_CLOSING.search(text, opening_end + 1)
    if closing is None or opening_end >= len(text):
        raise Refused("the front matter has no closing '+++' line", line=1)
    header = text[opening_end + 1 : closing.start()]
    found, warnings = tomljson.read_toml(header, 2)
    body = text[closing.end() :]
    body_line = _line_at(text, closing.start())
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    return Header(found, body, body_line, warnings)


def pelican_style(text: str) -> bool:
    """Whether the ``---`` header opening ``text`` is all ``key: value`` lines,
    which Pelican's own Markdown reader reads whole: up to a closing ``---`` or
    ``...`` line, or, with no closing line, up to the first blank line (where
    Python-Markdown's meta syntax ends its header too)."""
    lines = _unix_lines(text).split("\n")
    if not lines or lines[0].rstrip() != "---":
        return False
    keys = 0
    for line in lines[1:]:
        if _CLOSING.fullmatch(line) or not line.strip():
            return keys > 0
        if not _PELICAN_LINE.fullmatch(line):
            return False
        keys += 1
    return keys > 0


def _tab_error(first_line: int, lines: list[str], number: int) -> Refused:
    return Refused(
        "a tab is used for indentation; YAML indents with spaces only",
        line=first_line + number,
        field=_field_above(lines, number),
    )


def _field_above(lines: list[str], number: int) -> str | None:
    """The top-level key whose value spans header line ``number`` (0-based)."""
    for line in reversed(lines[: number + 1]):
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            return match.group(1).strip("'\"")
    return None


# PyYAML's contexts that start where the author opened something left open.
_OPENERS = {
    "while parsing a flow sequence": "the '[' opened here",
    "while parsing a flow mapping": "the '{' opened here",
    "while scanning a quoted scalar": "the quote opened here",
}


def _unclosed(error: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """The header line (0-based) where a bracket or quote left open was opened,
    and what it was; None for other errors."""
    what = _OPENERS.get(error.context or "")
    mark = error.context_mark
    if what is None or mark is None:
        return None
    return mark.line, what


def _compose(header: str, first_line: int) -> yaml.Node | None:
    try:
        return yaml.compose(header, Loader=SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        number = mark.line if mark else 0
        lines = header.split("\n")
        if (
            number < len(lines)
            and "\t" in lines[number][: mark.column + 1 if mark else 0]
        ):
            raise _tab_error(first_line, lines, number) from None
        problem = error.problem or error.context or "invalid YAML"
        opened = _unclosed(error)
        if opened is not None:  # named where the bracket or quote was opened
            where, what = opened
            found = first_line + number
            problem = f"{what} is never closed ({problem} on line {found})"
            number = where
        raise Refused(
            f"invalid YAML: {problem}",
            line=first_line + number,
            field=_field_above(lines, number),
        ) from None
    except yaml.YAMLError as error:
        raise Refused(f"invalid YAML: {error}", line=first_line) from None
    except RecursionError:
        raise Refused(
            "the front matter is nested too deeply", line=first_line
        ) from None
