"""YAML nodes to values: every tag checked, aliases and size bounded.

``frontmatter.split`` composes the header into YAML's node tree; ``entries``
turns its top level into one ``Entry`` per key, keeping both the value YAML types
and the text the author typed. Nothing is constructed from a tag other than
YAML's plain types, characters XML cannot hold are taken out (and listed), and
a header may hold at most ``MAX_VALUES`` values, aliases expanded. A key written
twice in one mapping keeps its last value, with one warning (``repeated``).
``plain`` does the same for values already built (TOML and JSON headers).
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..problems import Problem, Refused

__all__ = [
    "MAP",
    "MAX_VALUES",
    "NOT_XML",
    "Budget",
    "Entry",
    "entries",
    "plain",
    "repeated",
    "tag_error",
]

# Most values a header may hold once aliases are expanded: far above any real
# front matter, far below what an alias bomb needs.
MAX_VALUES = 10_000
# Deepest nesting of lists and mappings in a value: real front matter uses 3 or
# 4 levels; a limit of its own makes every Python refuse the same files.
MAX_DEPTH = 50
# What XML 1.0 cannot hold (feeds and sitemaps are XML): C0 controls but tab and
# line ends, lone surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_YAML = "tag:yaml.org,2002:"
_NULL = _YAML + "null"
_STR = _YAML + "str"
_SCALARS = {_YAML + name for name in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = _YAML + "timestamp"
_KEY_TAGS = _SCALARS | {_TIMESTAMP}
_SEQ = _YAML + "seq"
MAP = _YAML + "map"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


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


def tag_error(node: yaml.Node, first_line: int, field: str | None) -> Refused:
    """Refuse a node whose tag is not one of YAML's plain types."""
    tag = node.tag.replace(_YAML, "!!")
    return Refused(
        f"the YAML tag {tag} is not allowed in front matter",
        line=first_line + node.start_mark.line,
        field=field,
    )


class Budget:
    """Counts values visited, aliases included, and stops past ``MAX_VALUES``;
    collects the warnings about keys given twice (``warnings``)."""

    def __init__(self) -> None:
        self.left = MAX_VALUES
        self.aliased = False  # whether an alias was expanded
        self.removed: set[str] = set()  # characters taken out of the current key
        self.line = 0  # the line of the key being converted
        self.warnings: list[Problem] = []  # no path yet, like ``fields``' problems
        self.warned: set[tuple[str, int]] = set()  # (key, line) warned about

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


def repeated(budget: Budget, field: str | None, seen: dict[str, list[int]]) -> None:
    """Warn once for each key of one mapping given more than once; ``seen`` maps
    each key to the lines it is on, in order (the last one's value is kept)."""
    for key, lines in seen.items():
        if len(lines) < 2 or (key, lines[-1]) in budget.warned:
            continue  # a mapping read again through a YAML alias warns once
        budget.warned.add((key, lines[-1]))
        times = "twice" if len(lines) == 2 else f"{len(lines)} times"
        where = ", ".join(str(line) for line in lines[:-1]) + f" and {lines[-1]}"
        named = "given" if field is None else f"'{key}' is given"  # in field's value
        message = f"{named} {times} (lines {where}); the last value is used"
        budget.warnings.append(
            Problem("", lines[-1], logging.WARNING, field or key, message)
        )


def entries(
    node: yaml.MappingNode, first_line: int, budget: Budget | None = None
) -> dict[str, Entry]:
    """One ``Entry`` per top-level key; a key given twice keeps its last value,
    with a warning in ``budget.warnings``."""
    budget = budget or Budget()
    entries: dict[str, Entry] = {}
    seen: dict[str, list[int]] = {}
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        key = _key(key_node, line, None)
        seen.setdefault(key, []).append(line)
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
    repeated(budget, None, seen)
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
    node: yaml.Node,
    budget: Budget,
    first_line: int,
    field: str,
    seen: set[int],
    depth: int = 0,
) -> tuple[Any, Any]:
    """Return (YAML-typed value, value as typed) for one node, checking its tag."""
    if depth > MAX_DEPTH:
        raise RecursionError  # reported as "nested too deeply" by ``entries``
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
        pairs = [
            _convert(item, budget, first_line, field, seen, depth + 1)
            for item in node.value
        ]
        return [value for value, _ in pairs], [text for _, text in pairs]
    if isinstance(node, yaml.MappingNode) and node.tag == MAP:
        values: dict[str, Any] = {}
        texts: dict[str, Any] = {}
        lines: dict[str, list[int]] = {}
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            key = _key(key_node, line, field)
            lines.setdefault(key, []).append(line)
            values[key], texts[key] = _convert(
                value_node, budget, first_line, field, seen, depth + 1
            )
        repeated(budget, field, lines)
        return values, texts
    raise tag_error(node, first_line, field)


def _scalar(node: yaml.ScalarNode) -> Any:
    """Construct a plain scalar; a value YAML cannot build (2024-02-30) stays text."""
    if node.tag == _STR:
        return node.value
    construct = _CONSTRUCTOR.yaml_constructors[node.tag]
    try:
        return construct(_CONSTRUCTOR, node)
    except (ValueError, yaml.YAMLError):
        return node.value


def plain(value: Any, budget: Budget, field: str, depth: int = 0) -> tuple[Any, Any]:
    """(value, value as text) for a value a TOML or JSON parser built, shaped as
    ``_convert`` shapes YAML's: strings as they are, other scalars as text
    (``true``, ``2024``, ``2024-05-05``), a TOML time of day as text in both."""
    if depth > MAX_DEPTH:
        raise RecursionError  # reported as "nested too deeply" by the caller
    budget.spend(field)
    if value is None:
        return None, None
    if isinstance(value, str):
        if NOT_XML.search(value):
            budget.removed.update(NOT_XML.findall(value))
            value = NOT_XML.sub("", value)
        return value, value
    if isinstance(value, bool):
        return value, "true" if value else "false"
    if isinstance(value, (int, float)):
        return value, str(value)
    if isinstance(value, datetime.time):
        return value.isoformat(), value.isoformat()
    if isinstance(value, datetime.date):
        return value, value.isoformat()
    if isinstance(value, list):
        pairs = [plain(item, budget, field, depth + 1) for item in value]
        return [found for found, _ in pairs], [text for _, text in pairs]
    if isinstance(value, dict):
        values: dict[str, Any] = {}
        texts: dict[str, Any] = {}
        for key, item in value.items():
            name = str(key).strip()
            if not name:
                raise Refused("a key is empty", line=budget.line, field=field)
            values[name], texts[name] = plain(item, budget, field, depth + 1)
        return values, texts
    raise Refused(  # not reached: TOML and JSON build nothing else
        f"a value of type {type(value).__name__} is not allowed",
        line=budget.line,
        field=field,
    )
