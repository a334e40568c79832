"""Split a Markdown file into its YAML front matter and its body.

python-frontmatter finds the ``---`` fences; the header is composed with the YAML
loader python-frontmatter picks (libyaml's C safe loader when present). Working on
the composed node tree keeps, for every value, both its YAML type and the text the
author typed, plus the line it is on. Nothing is ever constructed from a tag other
than YAML's plain types, and alias expansion is bounded.

Public API (also used by the CLI, without Pelican building):

- ``read_text(path) -> str``: the file as text; ``FrontMatterError`` when it is
  not UTF-8.
- ``has_header(text) -> bool``: whether the text starts with a ``---`` fence.
- ``split(text, path="") -> (header, body, body_start_line)``: ``header`` maps each
  top-level key, as written, to an ``Entry``; ``body_start_line`` is the 1-based
  file line on which ``body[0]`` sits. Raises ``FrontMatterError``.
- ``describe(path, line, field, message) -> str``: the one-line form of a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from frontmatter.default_handlers import SafeLoader, YAMLHandler

__all__ = [
    "MAX_VALUES",
    "Entry",
    "FrontMatterError",
    "describe",
    "has_header",
    "read_text",
    "split",
]

# Most values a header may hold once aliases are expanded: far above any real
# front matter, far below what an alias bomb needs.
MAX_VALUES = 10_000

_HANDLER = YAMLHandler()
_YAML = "tag:yaml.org,2002:"
_NULL = _YAML + "null"
_STR = _YAML + "str"
_SCALARS = {_YAML + name for name in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = _YAML + "timestamp"
_KEY_TAGS = _SCALARS | {_TIMESTAMP}
_SEQ = _YAML + "seq"
_MAP = _YAML + "map"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAB_INDENT = re.compile(r"^\t", re.MULTILINE)
_TOP_LEVEL_KEY = re.compile(r"^([^\s#'\"-][^:]*?|'[^']*'|\"[^\"]*\"):(\s|$)")


def describe(path: str, line: int | None, field: str | None, message: str) -> str:
    """Format a problem as ``path:line: field: message`` (missing parts left out)."""
    where = f"{path}:{line}" if line else path
    return f"{where}: {field}: {message}" if field else f"{where}: {message}"


class FrontMatterError(ValueError):
    """A file that cannot be read as front matter + Markdown; it must be skipped."""

    def __init__(
        self, path: str, line: int | None, field: str | None, message: str
    ) -> None:
        super().__init__(path, line, field, message)
        self.path = path
        self.line = line
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return describe(self.path, self.line, self.field, self.message)


@dataclass(frozen=True)
class Entry:
    """One top-level front-matter key: its value typed by YAML and as typed.

    ``value`` is str, bool, int, float, date, datetime, list, dict or None (YAML
    null, ``key:`` with nothing after it). ``text`` has the same shape with every
    scalar as the author typed it (``No`` stays ``"No"``) and None for null.
    """

    key: str
    value: Any
    text: Any
    line: int


def read_text(path: str) -> str:
    """Read a file as UTF-8 (a BOM is dropped); refuse non-UTF-8 text."""
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FrontMatterError(
            path,
            line,
            None,
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8",
        ) from None
    return text


def has_header(text: str) -> bool:
    """Whether ``text`` starts with a front-matter fence (``---`` on line 1)."""
    return _HANDLER.detect(text)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def split(text: str, path: str = "") -> tuple[dict[str, Entry], str, int]:
    """Split ``text`` into (header entries, Markdown body, body's first file line).

    Text without a header gives ``({}, text, 1)``. Raises ``FrontMatterError``
    for a header with no closing fence, tab indentation, invalid YAML, a header
    that is not a mapping, duplicate keys, tags other than YAML's plain types,
    and headers that expand past ``MAX_VALUES`` values.
    """
    if not has_header(text):
        return {}, text, 1
    opening = _HANDLER.FM_BOUNDARY.match(text)
    assert opening is not None  # has_header() matched it
    try:
        header, body = _HANDLER.split(text)
    except ValueError:
        raise FrontMatterError(
            path, 1, None, "the front matter has no closing '---' line"
        ) from None
    first_line = _line_at(text, opening.end())
    body_start_line = _line_at(text, len(text) - len(body))
    tab = _TAB_INDENT.search(header)
    if tab:
        number = header.count("\n", 0, tab.start())
        raise _tab_error(path, first_line, header.split("\n"), number)
    node = _compose(header, path, first_line)
    if node is None:
        return {}, body, body_start_line
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise FrontMatterError(
            path,
            first_line + node.start_mark.line,
            None,
            f"the front matter must be 'key: value' lines, not {kind}",
        )
    if node.tag != _MAP:
        raise _tag_error(node, path, first_line, None)
    return _entries(node, path, first_line), body, body_start_line


def _tab_error(
    path: str, first_line: int, lines: list[str], number: int
) -> FrontMatterError:
    return FrontMatterError(
        path,
        first_line + number,
        _field_above(lines, number),
        "a tab is used for indentation; YAML indents with spaces only",
    )


def _tag_error(
    node: yaml.Node, path: str, first_line: int, field: str | None
) -> FrontMatterError:
    tag = node.tag.replace(_YAML, "!!")
    return FrontMatterError(
        path,
        first_line + node.start_mark.line,
        field,
        f"the YAML tag {tag} is not allowed in front matter",
    )


def _field_above(lines: list[str], number: int) -> str | None:
    """The top-level key whose value spans header line ``number`` (0-based)."""
    for line in reversed(lines[: number + 1]):
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            return match.group(1).strip("'\"")
    return None


def _compose(header: str, path: str, first_line: int) -> yaml.Node | None:
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
            raise _tab_error(path, first_line, lines, number) from None
        problem = error.problem or error.context or "invalid YAML"
        raise FrontMatterError(
            path,
            first_line + number,
            _field_above(lines, number),
            f"invalid YAML: {problem}",
        ) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(
            path, first_line, None, f"invalid YAML: {error}"
        ) from None
    except RecursionError:
        raise FrontMatterError(
            path, first_line, None, "the front matter is nested too deeply"
        ) from None


class _Budget:
    """Counts values visited, aliases included, and stops past ``MAX_VALUES``."""

    def __init__(self, path: str) -> None:
        self.left = MAX_VALUES
        self.path = path
        self.line = 0  # the line of the key being converted

    def spend(self, field: str) -> None:
        self.left -= 1
        if self.left < 0:
            raise FrontMatterError(
                self.path,
                self.line,
                field,
                f"the front matter expands to more than {MAX_VALUES} values "
                "(YAML aliases repeating each other?)",
            )


def _entries(node: yaml.MappingNode, path: str, first_line: int) -> dict[str, Entry]:
    budget = _Budget(path)
    entries: dict[str, Entry] = {}
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        key = _key(key_node, path, line, None)
        if key in entries:
            raise FrontMatterError(
                path,
                line,
                key,
                f"'{key}' is given twice (lines {entries[key].line} and {line})",
            )
        budget.line = line
        try:
            value, text = _convert(value_node, budget, path, first_line, key)
        except RecursionError:
            raise FrontMatterError(
                path, line, key, "the value is nested too deeply"
            ) from None
        entries[key] = Entry(key=key, value=value, text=text, line=line)
    return entries


def _key(node: yaml.Node, path: str, line: int, field: str | None) -> str:
    if node.tag == _YAML + "merge":
        raise FrontMatterError(
            path, line, field, "YAML merge keys (<<) are not allowed"
        )
    if not isinstance(node, yaml.ScalarNode) or node.tag not in _KEY_TAGS:
        raise FrontMatterError(path, line, field, "keys must be plain words")
    if not node.value.strip():
        raise FrontMatterError(path, line, field, "a key is empty")
    return node.value.strip()


def _convert(
    node: yaml.Node, budget: _Budget, path: str, first_line: int, field: str
) -> tuple[Any, Any]:
    """Return (YAML-typed value, value as typed) for one node, checking its tag."""
    budget.spend(field)
    if isinstance(node, yaml.ScalarNode) and node.tag in _KEY_TAGS:
        if node.tag == _NULL:
            return None, None
        return _scalar(node), node.value
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        pairs = [_convert(item, budget, path, first_line, field) for item in node.value]
        return [value for value, _ in pairs], [text for _, text in pairs]
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        values: dict[str, Any] = {}
        texts: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _key(key_node, path, first_line + key_node.start_mark.line, field)
            values[key], texts[key] = _convert(
                value_node, budget, path, first_line, field
            )
        return values, texts
    raise _tag_error(node, path, first_line, field)


def _scalar(node: yaml.ScalarNode) -> Any:
    """Construct a plain scalar; a value YAML cannot build (2024-02-30) stays text."""
    if node.tag == _STR:
        return node.value
    construct = _CONSTRUCTOR.yaml_constructors[node.tag]
    try:
        return construct(_CONSTRUCTOR, node)
    except (ValueError, yaml.YAMLError):
        return node.value
