"""The form each type of value is digested in (``digests``), found once per type.

``form_of`` sorts a type into one form: text, a post, a URL wrapper (tag,
category, author), a date, bytes, a value whose ``repr`` is its content
("plain"), Jinja's undefined, a module or class, a macro, a path, a partial, a
function, or else a structure (its items or attributes). ``FORMS`` keeps the
answers; ``type_name`` is a type's name as the digests write it.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import fractions
import functools
import re
import types
from pathlib import PurePath
from typing import Any

from jinja2.runtime import Macro, Undefined
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

__all__ = ["FORMS", "form_of", "type_name"]

_FUNCTIONS = (types.FunctionType, types.MethodType, types.BuiltinFunctionType)
# Values whose repr() is their content.
_BY_REPR = (
    datetime.timedelta,
    datetime.tzinfo,
    decimal.Decimal,
    fractions.Fraction,
    enum.Enum,
    range,
    re.Pattern,
)


# The form each type of value is digested in, found once per type.
FORMS: dict[type, str] = {}
_NAMES: dict[type, bytes] = {}


def form_of(kind: type) -> str:
    """The form values of type ``kind`` are digested in (kept in ``FORMS``)."""
    checks: tuple[tuple[str, Any], ...] = (
        ("str", str),
        ("content", Content),
        ("url", URLWrapper),
        ("date", (datetime.date, datetime.time)),
        ("bytes", bytes),
        ("repr", _BY_REPR),
        ("undefined", Undefined),
        ("named", (types.ModuleType, type)),
        ("macro", Macro),
        ("path", PurePath),
        ("partial", functools.partial),
        ("function", _FUNCTIONS),
    )
    form = "structure"
    if kind in (bool, int, float, complex, type(None)):
        form = "plain"
    else:
        form = next((name for name, base in checks if issubclass(kind, base)), form)
    if form == "repr":
        form = "plain"
    FORMS[kind] = form
    return form


def type_name(kind: type) -> bytes:
    """A type's qualified name, encoded once per type."""
    found = _NAMES.get(kind)
    if found is None:
        found = _NAMES[kind] = kind.__qualname__.encode()
    return found
