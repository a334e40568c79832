"""Where each key of a JSON header is: Python's ``json`` gives no lines.

``JsonWalk`` walks the text ``json`` has already read, value by value with the
decoder's own scanner, noting the line of each top-level key and reporting keys
given twice (``nodes.repeated``); nesting deeper than ``MAX_DEPTH`` raises
``RecursionError``, which ``tomljson`` turns into a problem.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from ..problems import Refused
from .nodes import MAX_DEPTH, Budget, repeated

__all__ = ["JsonWalk"]

_SPACE = re.compile(r"[ \t\n\r]*")


class JsonWalk:
    """Walks JSON text ``json`` has read, noting the line of every key (Python's
    parser gives none): the top-level keys' lines and the keys given twice."""

    def __init__(self, text: str, budget: Budget) -> None:
        self.text = text
        self.budget = budget
        # set by JSONDecoder.__init__, which typeshed does not see
        self.scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.keys: dict[str, int] = {}  # top-level key -> line of its last value
        self.last_line = 1
        self.last_field: str | None = None

    def line(self, position: int) -> int:
        return bisect.bisect_left(self.newlines, position) + 1

    def skip(self, position: int) -> int:
        found = _SPACE.match(self.text, position)
        assert found is not None  # matches the empty string too
        return found.end()

    def value(self, i: int, field: str, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise RecursionError
        if self.text[i] == "{":
            return self.object(i, field, depth)
        if self.text[i] != "[":
            return self.scan(self.text, i)
        items: list[Any] = []
        i = self.skip(i + 1)
        if self.text[i] == "]":
            return items, i + 1
        while True:
            item, i = self.value(self.skip(i), field, depth + 1)
            items.append(item)
            i = self.skip(i)
            if self.text[i] == "]":
                return items, i + 1
            i = self.skip(i + 1)  # past the comma

    def object(self, i: int, field: str | None, depth: int) -> tuple[Any, int]:
        found: dict[str, Any] = {}
        lines: dict[str, list[int]] = {}
        i = self.skip(i + 1)
        if self.text[i] == "}":
            return found, i + 1
        while True:
            line = self.line(i)
            key, i = json.decoder.scanstring(self.text, i + 1)  # type: ignore[attr-defined]
            name = key.strip()
            if not name:
                raise Refused("a key is empty", line=line, field=field)
            self.last_line, self.last_field = line, field or name
            lines.setdefault(name, []).append(line)
            i = self.skip(self.skip(i) + 1)  # past the colon
            found[name], i = self.value(i, field or name, depth + 1)
            if field is None:
                self.keys[name] = line
            i = self.skip(i)
            if self.text[i] == "}":
                break
            i = self.skip(i + 1)  # past the comma
        repeated(self.budget, field, lines)
        return found, i + 1
