"""Hugo's other front matter: TOML between ``+++`` lines, or a JSON object that
opens the file. Both become the ``Entry`` values a YAML header gives (``nodes``):
same keys, values typed by the parser, every scalar also as text, the line each
top-level key is on, characters XML cannot hold taken out, ``MAX_VALUES`` and
nesting bounded.

- ``read_toml(header, first_line) -> (entries, warnings)``: ``header`` is the
  text between the fences, its first line on file line ``first_line``.
- ``starts_json(text) -> bool``: whether a file opens with a JSON object.
- ``read_json(text) -> (entries, body, body_start_line, warnings)``; the line of
  each JSON key comes from ``json_lines``.

A syntax error is ``Refused`` on the file line the parser names. A JSON key given
twice keeps its last value with a warning; TOML forbids that, so it is an error.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from ..problems import Problem, Refused
from .json_lines import JsonWalk
from .nodes import Budget, Entry, plain

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["read_json", "read_toml", "starts_json"]

_KEY = r"(?P<key>\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|[A-Za-z0-9_-]+)"
_TOML_TABLE = re.compile(rf"[ \t]*\[\[?[ \t]*{_KEY}")
_TOML_KEY = re.compile(rf"[ \t]*{_KEY}[ \t]*[.=]")
_TOML_WHERE = re.compile(
    r"\s*\(at (?:line (?P<line>\d+), column \d+|end of document)\)$"
)
# A JSON object opening the file: "{" then a quoted key, "}", or a bare key
# (a mistake to report); "{%", "{{" and "{:" open Jinja, shortcodes, attr_list.
_JSON_START = re.compile(r"\{\s*(?:[\"'}]|[A-Za-z_$][\w$-]*\s*:)")
_JSON_KEY = re.compile(r"[ \t]*(?P<key>\"(?:[^\"\\\n]|\\.)*\")[ \t]*:")
_BLANK_REST = re.compile(r"[ \t]*(?:\n|\Z)")


def _unquote(key: str) -> str:
    if key.startswith("'"):
        return key[1:-1].strip()
    if key.startswith('"'):
        try:
            return str(json.loads(key)).strip()
        except ValueError:
            return key[1:-1].strip()
    return key


def _too_deep(line: int, field: str | None) -> Refused:
    return Refused("the front matter is nested too deeply", line=line, field=field)


def _entries(
    data: dict[str, Any], lines: dict[str, int], budget: Budget, default_line: int
) -> dict[str, Entry]:
    """``Entry`` values for a parsed header's top level."""
    found: dict[str, Entry] = {}
    for key, value in data.items():
        line = lines.get(key, default_line)
        name = key.strip()
        if not name:
            raise Refused("a key is empty", line=line)
        budget.line = line
        budget.removed = set()
        try:
            value, text = plain(value, budget, name)
        except RecursionError:
            raise _too_deep(line, name) from None
        found[name] = Entry(name, value, text, line, tuple(sorted(budget.removed)))
    return found


# --- TOML ---------------------------------------------------------------------


def read_toml(header: str, first_line: int) -> tuple[dict[str, Entry], list[Problem]]:
    """Entries of a TOML header; ``Refused`` on the line of a syntax error."""
    lines = header.split("\n")
    try:
        data = tomllib.loads(header)
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(str(error), lines, first_line) from None
    except ValueError as error:  # a number past Python's limits
        raise Refused(f"invalid TOML: {error}", line=first_line) from None
    except RecursionError:
        raise _too_deep(first_line, None) from None
    where = {key: first_line + number for key, number in _key_lines(lines).items()}
    _lift_taxonomies(data, where)
    budget = Budget()
    return _entries(data, where, budget, first_line), budget.warnings


def _lift_taxonomies(data: dict[str, Any], where: dict[str, int]) -> None:
    """Zola's ``[taxonomies]`` table (``tags = [...]``, ``categories = [...]``):
    its keys are read as top-level keys, where the header gives none of its own."""
    table = data.get("taxonomies")
    if not isinstance(table, dict):
        return
    given = {key.lower() for key in data}
    for key, value in list(table.items()):
        if key.lower() not in given:
            data[key] = value
            where.setdefault(key, where.get("taxonomies", 0))
            del table[key]
    if not table:
        del data["taxonomies"]


def _toml_error(message: str, lines: list[str], first_line: int) -> Refused:
    where = _TOML_WHERE.search(message)
    if where and where.group("line"):
        number = int(where.group("line")) - 1
    else:  # at end of document: its last line with something on it
        number = max((n for n, line in enumerate(lines) if line.strip()), default=0)
    if where:
        message = message[: where.start()]
    if message.startswith(("Cannot overwrite", "Cannot declare")):
        message += " (a key given twice? TOML forbids that)"
    return Refused(
        f"invalid TOML: {message}",
        line=first_line + number,
        field=_toml_field(lines, number),
    )


def _toml_field(lines: list[str], number: int) -> str | None:
    """The top-level key of header line ``number``: its table's, or its own."""
    if number >= len(lines):
        return None
    own = _TOML_KEY.match(lines[number])
    for line in reversed(lines[: number + 1]):
        table = _TOML_TABLE.match(line)
        if table:
            return _unquote(table.group("key"))
    return _unquote(own.group("key")) if own else None


def _key_lines(lines: list[str]) -> dict[str, int]:
    """The header line (0-based) each top-level key is first written on: a root
    ``key = ...`` or ``key.sub = ...`` line, or a ``[key...]`` table header."""
    found: dict[str, int] = {}
    at_root = True
    depth = 0  # brackets and braces open across lines (multi-line arrays)
    open_string: str | None = None  # a multi-line string's quotes
    for number, line in enumerate(lines):
        start = 0
        if open_string:
            end = line.find(open_string)
            if end < 0:
                continue
            open_string, start = None, end + 3
        elif depth == 0:
            table = _TOML_TABLE.match(line)
            key = _TOML_KEY.match(line)
            if table:
                at_root = False
                found.setdefault(_unquote(table.group("key")), number)
            elif key and at_root:
                found.setdefault(_unquote(key.group("key")), number)
        depth, open_string = _scan(line, start, depth)
    return found


def _scan(line: str, i: int, depth: int) -> tuple[int, str | None]:
    """The bracket depth after ``line``, and the quotes of a string left open."""
    while i < len(line):
        char = line[i]
        if char == "#":
            break
        if line.startswith(('"""', "'''"), i):
            quotes = line[i : i + 3]
            end = line.find(quotes, i + 3)
            if end < 0:
                return depth, quotes
            i = end + 3
            continue
        if char == '"':
            i += 1
            while i < len(line) and line[i] != '"':
                i += 2 if line[i] == "\\" else 1
        elif char == "'":
            end = line.find("'", i + 1)
            i = len(line) if end < 0 else end
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return depth, None


# --- JSON ---------------------------------------------------------------------


def starts_json(text: str) -> bool:
    """Whether ``text`` opens with a JSON object (Hugo's JSON front matter)."""
    return _JSON_START.match(text) is not None


def read_json(text: str) -> tuple[dict[str, Entry], str, int, list[Problem]]:
    """(entries, body, body's first file line, warnings) of a file opening with a
    JSON object; ``Refused`` on the line of a syntax error."""
    try:
        _, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as error:
        line = text.split("\n")[error.lineno - 1]
        key = _JSON_KEY.match(line)
        raise Refused(
            f"invalid JSON: {error.msg}",
            line=error.lineno,
            field=_unquote(key.group("key")) if key else None,
        ) from None
    except ValueError as error:  # a number past Python's limits
        raise Refused(f"invalid JSON: {error}", line=1) from None
    except RecursionError:
        raise _too_deep(1, None) from None
    budget = Budget()
    walk = JsonWalk(text, budget)
    try:
        data, _ = walk.object(0, None, 0)
    except RecursionError:
        raise _too_deep(walk.last_line, walk.last_field) from None
    closing_line = walk.line(end - 1)
    rest = _BLANK_REST.match(text, end)
    if rest:
        body, body_line = text[rest.end() :], closing_line + 1
    else:
        body, body_line = text[end:], closing_line
    entries = _entries(data, walk.keys, budget, 1)
    return entries, body, body_line, budget.warnings
