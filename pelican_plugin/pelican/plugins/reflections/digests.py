"""Stable digests of what a page was made from, comparable from one build to the next.

A digest stands for a value's content, never its identity: a list of posts is the
posts' keys in order, a dict its items, an object its attributes. Posts themselves
(Pelican ``Content``) are only their key (the source path): what a template read
*from* a post is recorded as a read of its own (``recording``). A value with no
stable form (an object at some memory address, too deep a structure) gets a digest
that matches nothing, so whatever read it is rendered again: when in doubt, render.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import fractions
import functools
import hashlib
import os
import re
import types
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any

from jinja2.runtime import Macro, Undefined
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

__all__ = ["Digester", "content_key", "unstable"]

SIZE = 12
MAX_DEPTH = 40
# Attributes of a post that are the build around it, not the post.
_NOT_OF_THE_POST = frozenset({"_context", "settings"})
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


def content_key(content: Content) -> str | None:
    """The key a post is known by from one build to the next: its source path."""
    return getattr(content, "source_path", None)


def unstable() -> bytes:
    """A digest that matches no other: the value cannot be compared."""
    return b"?" + os.urandom(SIZE - 1)


def _text_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=SIZE).digest()


class Digester:
    """Digests of one build's values, memoised while the build lasts."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self._settings = settings
        # id(value) -> (value, digest); the value is kept so its id stays its own.
        self._memo: dict[int, tuple[Any, bytes]] = {}

    def of(self, value: Any) -> bytes:
        """The digest of ``value``."""
        if type(value) is str:
            return _text_digest(b"s" + value.encode("utf-8", "surrogatepass"))
        memo = self._memo.get(id(value))
        if memo is not None and memo[0] is value:
            return hashlib.blake2b(memo[1], digest_size=SIZE).digest()
        hasher = hashlib.blake2b(digest_size=SIZE)
        if not self._feed(hasher.update, value, 0, set()):
            return unstable()
        return hasher.digest()

    def whole(self, content: Content) -> bytes:
        """Everything about a post: its attributes, and its body as the site shows it
        (links to other posts resolved), for Python code that reads what it likes."""
        hasher = hashlib.blake2b(digest_size=SIZE)
        state = {
            name: value
            for name, value in vars(content).items()
            if name not in _NOT_OF_THE_POST
        }
        ok = self._feed(hasher.update, (type(content).__qualname__, state), 0, set())
        if not ok:
            return unstable()
        body = getattr(content, "content", None)
        if isinstance(body, str):
            hasher.update(body.encode("utf-8", "surrogatepass"))
        return hasher.digest()

    def _feed(
        self, put: Callable[[bytes], Any], value: Any, depth: int, path: set[int]
    ) -> bool:
        """Write ``value``'s stable form into ``put``; False when it has none."""
        if depth > MAX_DEPTH:
            return False
        kind = type(value)
        if value is None or kind in (bool, int, float, complex):
            put(b"p%s:%s;" % (kind.__name__.encode(), repr(value).encode()))
            return True
        if isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            put(b"s%s:%d:" % (kind.__qualname__.encode(), len(data)))
            put(data)
            return True
        if isinstance(value, bytes):
            put(b"b%d:" % len(value))
            put(value)
            return True
        if isinstance(value, Content):
            key = content_key(value)
            if key is None:
                return False
            put(
                b"C%s:%s;"
                % (kind.__qualname__.encode(), key.encode("utf-8", "surrogatepass"))
            )
            return True
        if isinstance(value, URLWrapper):
            # Its URLs and file names follow from its name, slug and the settings.
            put(b"U%s:" % kind.__qualname__.encode())
            return self._feed(put, (value.name, value.slug), depth + 1, path)
        if isinstance(value, (datetime.date, datetime.time)):
            tzinfo = getattr(value, "tzinfo", None)
            put(
                b"d%s:%s:%s;"
                % (
                    kind.__qualname__.encode(),
                    value.isoformat().encode(),
                    str(tzinfo).encode(),
                )
            )
            return True
        if isinstance(value, _BY_REPR):
            put(b"r%s:%s;" % (kind.__qualname__.encode(), repr(value).encode()))
            return True
        if isinstance(value, Undefined):
            put(b"undefined;")
            return True
        if value is self._settings:
            put(b"settings;")  # digested once for the whole build
            return True
        if isinstance(value, (types.ModuleType, type)):
            put(
                b"m%s.%s;"
                % (
                    str(getattr(value, "__module__", "")).encode(),
                    value.__qualname__.encode()
                    if isinstance(value, type)
                    else value.__name__.encode(),
                )
            )
            return True
        if isinstance(value, Macro):
            put(b"macro:%s;" % value.name.encode())  # its template is recorded
            return True
        if isinstance(value, PurePath):
            return self._feed(put, str(value), depth + 1, path)
        if isinstance(value, functools.partial):
            put(b"partial:")
            return self._feed(
                put, (value.func, value.args, value.keywords), depth + 1, path
            )
        ident = id(value)
        if ident in path:
            put(b"cycle;")
            return True
        memo = self._memo.get(ident)
        if memo is not None:
            put(memo[1])
            return True
        inner = hashlib.blake2b(digest_size=SIZE)
        path.add(ident)
        try:
            if isinstance(value, _FUNCTIONS):
                ok = self._feed_function(inner.update, value, depth, path)
            else:
                ok = self._feed_structure(inner.update, value, depth, path)
        finally:
            path.discard(ident)
        if not ok:
            return False
        digest = inner.digest()
        self._memo[ident] = (value, digest)
        put(digest)
        return True

    def _feed_structure(
        self, put: Callable[[bytes], Any], value: Any, depth: int, path: set[int]
    ) -> bool:
        kind = type(value)
        if isinstance(value, Mapping):
            put(b"{%s:%d:" % (kind.__qualname__.encode(), len(value)))
            for key, item in value.items():
                if not (
                    self._feed(put, key, depth + 1, path)
                    and self._feed(put, item, depth + 1, path)
                ):
                    return False
            return True
        if isinstance(value, (list, tuple)):
            put(b"[%s:%d:" % (kind.__qualname__.encode(), len(value)))
            return all(self._feed(put, item, depth + 1, path) for item in value)
        if isinstance(value, (set, frozenset)):
            items = sorted(self.of(item) for item in value)
            put(b"<%d:" % len(items))
            for item in items:
                put(item)
            return True
        state = getattr(value, "__dict__", None)
        slots = [
            name
            for klass in kind.__mro__
            for name in getattr(klass, "__slots__", ())
            if isinstance(name, str) and hasattr(value, name)
        ]
        if state is None and not slots:
            return False  # no attributes to compare: render
        put(b"o%s.%s:" % (kind.__module__.encode(), kind.__qualname__.encode()))
        fields = dict(state or {})
        fields.update((name, getattr(value, name)) for name in slots)
        return self._feed(put, fields, depth + 1, path)

    def _feed_function(
        self, put: Callable[[bytes], Any], value: Any, depth: int, path: set[int]
    ) -> bool:
        """A function is its name, its code, its defaults and what it closes over."""
        owner = getattr(value, "__self__", None)
        if owner is not None and not isinstance(owner, types.ModuleType):
            put(b"bound:")
            if not self._feed(put, owner, depth + 1, path):
                return False
            value = getattr(value, "__func__", value)
        module = str(getattr(value, "__module__", ""))
        name = str(getattr(value, "__qualname__", ""))
        put(b"f%s.%s:" % (module.encode(), name.encode()))
        code = getattr(value, "__code__", None)
        if code is None:
            return True  # a builtin: its name is all there is
        _feed_code(put, code)
        cells = tuple(
            cell.cell_contents for cell in value.__closure__ or () if _filled(cell)
        )
        return self._feed(
            put, (value.__defaults__, value.__kwdefaults__, cells), depth + 1, path
        )


def _filled(cell: types.CellType) -> bool:
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:
        return False
    return True


def _feed_code(put: Callable[[bytes], Any], code: types.CodeType) -> None:
    """Bytecode and constants, nested code objects (lambdas, comprehensions) too."""
    put(code.co_code)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _feed_code(put, const)
        else:
            put(repr(const).encode("utf-8", "surrogatepass"))
    put(repr(code.co_names).encode())
