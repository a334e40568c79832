"""Split a Markdown file into its YAML front matter and its body.

python-frontmatter finds the ``---`` fences; the header is composed with the YAML
loader python-frontmatter picks (libyaml's C safe loader when present). Working on
the composed node tree keeps, for every value, both its YAML type and the text the
author typed, plus the line it is on. Nothing is ever constructed from a tag other
than YAML's plain types, and alias expansion is bounded.

Public API (also used by the CLI, without Pelican building):

- ``read_text(path) -> str``: the file as text; ``Refused`` when it is not
  UTF-8 or cannot be read.
- ``has_header(text) -> bool``: whether the text starts with a ``---`` fence.
- ``split(text, path="") -> (header, body, body_start_line)``: ``header`` maps each
  top-level key, as written, to an ``Entry``; ``body_start_line`` is the 1-based
  file line on which ``body[0]`` sits. Raises ``Refused`` with a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from frontmatter.default_handlers import SafeLoader, YAMLHandler

from .problems import Refused

__all__ = [
    "MAX_VALUES",
    "NOT_XML",
    "Entry",
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
# Line 1 of a header: dashes, maybe "yaml" or another word, maybe a comment;
# "+++" opens Hugo's TOML headers.
_OPENING = re.compile(
    r"\A(?P<fence>-{3,}|\+{3,})[ \t]*(?P<kind>[A-Za-z][\w-]*)?[ \t]*(?:#[^\n]*)?"
    r"(?=[\r\n]|\Z)"
)
# What XML 1.0 cannot hold (feeds and sitemaps are XML): C0 controls but tab and
# line ends, lone surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TOP_LEVEL_KEY = re.compile(r"^([^\s#'\"-][^:]*?|'[^']*'|\"[^\"]*\"):(\s|$)")


@dataclass(frozen=True)
class Entry:
    """One top-level front-matter key: its value typed by YAML and as typed.

    ``value`` is str, bool, int, float, date, datetime, list, dict or None (YAML
    null, ``key:`` with nothing after it). ``text`` has the same shape with every
    scalar as the author typed it (``No`` stays ``"No"``) and None for null.
    ``removed`` lists characters XML cannot hold that were taken out of it
    (``"\\b"`` in a double-quoted string is a backspace, for one).
    """

    key: str
    value: Any
    text: Any
    line: int
    removed: tuple[str, ...] = ()


def read_text(path: str) -> str:
    """Read a file as UTF-8 (a BOM is dropped), lines ending in ``\\n`` only."""
    try:
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
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _opening(text: str) -> re.Match[str] | None:
    return _OPENING.match(text)


def has_header(text: str) -> bool:
    """Whether ``text`` opens with a front-matter fence (``---`` on line 1).

    ``--- # a comment`` and ``---yaml`` open a YAML header too; any other word
    after the dashes (``---toml``) or a ``+++`` line is a header this plugin
    refuses, so the file is never published with it in its body.
    """
    return _opening(text) is not None


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def split(text: str) -> tuple[dict[str, Entry], str, int]:
    """Split ``text`` into (header entries, Markdown body, body's first file line).

    Text without a header gives ``({}, text, 1)``. Raises ``Refused``
    for a header with no closing fence, tab indentation, invalid YAML, a header
    that is not a mapping, duplicate keys, tags other than YAML's plain types,
    and headers that expand past ``MAX_VALUES`` values.
    """
    opening = _opening(text)
    if opening is None:
        return {}, text, 1
    text = _unix_lines(text)
    opening = _opening(text)
    assert opening is not None  # the same first line
    kind = (opening.group("kind") or "yaml").lower()
    if kind != "yaml" or opening.group("fence").startswith("+"):
        raise Refused(
            f"the front matter opens with '{opening.group().strip()}'; this plugin "
            "reads YAML headers opened and closed by '---' lines",
            line=1,
        )
    try:
        header, body = _HANDLER.split("---" + text[opening.end() :])
    except ValueError:
        raise Refused("the front matter has no closing '---' line", line=1) from None
    first_line = 1  # the header text starts with the newline after the fence
    body_start_line = _line_at(text, len(text) - len(body))
    tab = _TAB_INDENT.search(header)
    if tab:
        number = header.count("\n", 0, tab.start())
        raise _tab_error(first_line, header.split("\n"), number)
    node = _compose(header, first_line)
    if node is None:
        return {}, body, body_start_line
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise Refused(
            f"the front matter must be 'key: value' lines, not {kind}",
            line=first_line + node.start_mark.line,
        )
    if node.tag != _MAP:
        raise _tag_error(node, first_line, None)
    return _entries(node, first_line), body, body_start_line


def _tab_error(first_line: int, lines: list[str], number: int) -> Refused:
    return Refused(
        "a tab is used for indentation; YAML indents with spaces only",
        line=first_line + number,
        field=_field_above(lines, number),
    )


def _tag_error(node: yaml.Node, first_line: int, field: str | None) -> Refused:
    tag = node.tag.replace(_YAML, "!!")
    return Refused(
        f"the YAML tag {tag} is not allowed in front matter",
        line=first_line + node.start_mark.line,
        field=field,
    )


def _field_above(lines: list[str], number: int) -> str | None:
    """The top-level key whose value spans header line ``number`` (0-based)."""
    for line in reversed(lines[: number + 1]):
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            return match.group(1).strip("'\"")
    return None


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


class _Budget:
    """Counts values visited, aliases included, and stops past ``MAX_VALUES``."""

    def __init__(self) -> None:
        self.left = MAX_VALUES
        self.aliased = False  # whether an alias was expanded
        self.removed: set[str] = set()  # characters taken out of the current key
        self.line = 0  # the line of the key being converted

    def spend(self, field: str) -> None:
        self.left -= 1
        if self.left < 0:
            why = " (YAML aliases repeating each other?)" if self.aliased else ""
            raise Refused(
                f"the front matter holds more than {MAX_VALUES} values{why}; "
                "no post needs that many",
                line=self.line,
                field=field,
            )


def _entries(node: yaml.MappingNode, first_line: int) -> dict[str, Entry]:
    budget = _Budget()
    entries: dict[str, Entry] = {}
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        key = _key(key_node, line, None)
        if key in entries:
            raise Refused(
                f"'{key}' is given twice (lines {entries[key].line} and {line})",
                line=line,
                field=key,
            )
        budget.line = line
        budget.removed = set()
        try:
            value, text = _convert(value_node, budget, first_line, key, set())
        except RecursionError:
            raise Refused(
                "the value is nested too deeply", line=line, field=key
            ) from None
        removed = tuple(sorted(budget.removed))
        entries[key] = Entry(key, value, text, line, removed)
    return entries


def _key(node: yaml.Node, line: int, field: str | None) -> str:
    if node.tag == _YAML + "merge":
        raise Refused("YAML merge keys (<<) are not allowed", line=line, field=field)
    if not isinstance(node, yaml.ScalarNode) or node.tag not in _KEY_TAGS:
        raise Refused("keys must be plain words", line=line, field=field)
    if not node.value.strip():
        raise Refused("a key is empty", line=line, field=field)
    return node.value.strip()


def _convert(
    node: yaml.Node, budget: _Budget, first_line: int, field: str, seen: set[int]
) -> tuple[Any, Any]:
    """Return (YAML-typed value, value as typed) for one node, checking its tag."""
    budget.spend(field)
    if id(node) in seen:
        budget.aliased = True
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode) and node.tag in _KEY_TAGS:
        if node.tag == _NULL:
            return None, None
        if NOT_XML.search(node.value):
            budget.removed.update(NOT_XML.findall(node.value))
            node.value = NOT_XML.sub("", node.value)
        return _scalar(node), node.value
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        pairs = [_convert(item, budget, first_line, field, seen) for item in node.value]
        return [value for value, _ in pairs], [text for _, text in pairs]
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        values: dict[str, Any] = {}
        texts: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _key(key_node, first_line + key_node.start_mark.line, field)
            values[key], texts[key] = _convert(
                value_node, budget, first_line, field, seen
            )
        return values, texts
    raise _tag_error(node, first_line, field)


def _scalar(node: yaml.ScalarNode) -> Any:
    """Construct a plain scalar; a value YAML cannot build (2024-02-30) stays text."""
    if node.tag == _STR:
        return node.value
    construct = _CONSTRUCTOR.yaml_constructors[node.tag]
    try:
        return construct(_CONSTRUCTOR, node)
    except (ValueError, yaml.YAMLError):
        return node.value
