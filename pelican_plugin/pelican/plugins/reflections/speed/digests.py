"""Stable digests of what a page was made from, comparable from one build to the next.

A digest stands for a value's content, never its identity: a list is its items in
order, a dict its items, an object its attributes. A post (Pelican ``Content``) is
only its key (the source path): what a template read *from* a post is a read of
its own (``recording``). A value with no stable form (an object at some memory
address, too deep a structure) gets a digest that matches nothing, so whatever
read it is rendered again: when in doubt, render. How each type of value is
written (its form) is found in ``forms``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from typing import Any

from pelican.contents import Content

from . import functions
from .forms import FORMS, form_of, type_name

__all__ = ["Digester", "content_key", "text_digest", "unstable"]

SIZE = 12
MAX_DEPTH = 40
# Attributes of a post that are the build around it, not the post.
_NOT_OF_THE_POST = frozenset({"_context", "settings"})


def content_key(content: Content) -> str | None:
    """The key a post is known by from one build to the next: its source path."""
    return getattr(content, "source_path", None)


def unstable() -> bytes:
    """A digest that matches no other: the value cannot be compared."""
    return b"?" + os.urandom(SIZE - 1)


def _text_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=SIZE).digest()


def text_digest(text: str) -> bytes:
    """The digest of a text (``Digester.of`` gives the same for a ``str``)."""
    return _text_digest(b"s" + text.encode("utf-8", "surrogatepass"))


class Digester:
    """Digests of one build's values, memoised while the build lasts."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self._settings = settings
        # id(value) -> (value, digest); the value is kept so its id stays its own.
        self._memo: dict[int, tuple[Any, bytes]] = {}
        self._keys: dict[int, tuple[Content, bytes | None]] = {}

    def of(self, value: Any) -> bytes:
        """The digest of ``value``."""
        if type(value) is str:
            return text_digest(value)
        memo = self._memo.get(id(value))
        if memo is not None and memo[0] is value:
            return hashlib.blake2b(memo[1], digest_size=SIZE).digest()
        hasher = hashlib.blake2b(digest_size=SIZE)
        if not self._safely_feed(hasher.update, value):
            return unstable()
        return hasher.digest()

    def _safely_feed(self, put: Callable[[bytes], Any], value: Any) -> bool:
        """``_feed``, where a value whose attributes raise (a plugin's own class, a
        property that fails) has no stable form instead of failing the build."""
        try:
            return self._feed(put, value, 0, set())
        except Exception:  # a value we cannot read: render what read it
            return False

    def whole(self, content: Content) -> bytes:
        """Everything about a post: its attributes, and its body as the site shows it
        (links to other posts resolved), for Python code that reads what it likes."""
        hasher = hashlib.blake2b(digest_size=SIZE)
        state = {
            name: value
            for name, value in vars(content).items()
            if name not in _NOT_OF_THE_POST
        }
        ok = self._safely_feed(hasher.update, (type(content).__qualname__, state))
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
        form = FORMS.get(kind) or form_of(kind)
        if form == "str":
            data = value.encode("utf-8", "surrogatepass")
            put(b"s%s:%d:" % (type_name(kind), len(data)))
            put(data)
            return True
        if form == "content":
            key = self._key(value)
            if key is None:
                return False
            put(key)
            return True
        if form != "structure" and form != "function":
            return self._feed_value(put, value, form, depth, path)
        if value is self._settings:
            put(b"settings;")  # digested once for the whole build
            return True
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
            if form == "function":
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

    def _feed_value(
        self,
        put: Callable[[bytes], Any],
        value: Any,
        form: str,
        depth: int,
        path: set[int],
    ) -> bool:
        """``_feed`` for the forms that are neither text, posts nor structures."""
        kind = type(value)
        if form == "plain":
            put(b"p%s:%s;" % (type_name(kind), repr(value).encode()))
            return True
        if form == "url":  # URLs and file names follow from name, slug, settings
            put(b"U%s:" % type_name(kind))
            return self._feed(put, (value.name, value.slug), depth + 1, path)
        if form == "date":
            stamp = value.isoformat().encode()
            zone = str(getattr(value, "tzinfo", None)).encode()  # a date has none
            put(b"d%s:%s:%s;" % (type_name(kind), stamp, zone))
            return True
        if form == "bytes":
            put(b"b%d:" % len(value))
            put(value)
            return True
        if form == "undefined":
            put(b"undefined;")
            return True
        if form == "named":  # a module or a class
            module = str(getattr(value, "__module__", "") or "")
            put(
                b"m%s.%s;"
                % (
                    module.encode(),
                    str(
                        value.__qualname__
                        if isinstance(value, type)
                        else value.__name__
                    ).encode(),
                )
            )
            return True
        if form == "macro":
            put(b"macro:%s;" % value.name.encode())  # its template is recorded
            return True
        if form == "path":
            return self._feed(put, str(value), depth + 1, path)
        assert form == "partial", form  # every other form is handled above
        put(b"partial:")
        parts = (value.func, value.args, value.keywords)
        return self._feed(put, parts, depth + 1, path)

    def _key(self, content: Content) -> bytes | None:
        """A post's form: its class and key, made once a build."""
        found = self._keys.get(id(content))
        if found is None or found[0] is not content:
            key = content_key(content)
            encoded = None
            if key is not None:
                name = type_name(type(content))
                encoded = b"C%s:%s;" % (name, key.encode("utf-8", "surrogatepass"))
            found = self._keys[id(content)] = (content, encoded)
        return found[1]

    def _feed_structure(
        self, put: Callable[[bytes], Any], value: Any, depth: int, path: set[int]
    ) -> bool:
        kind = type(value)
        feed, deeper = self._feed, depth + 1
        if kind is list or kind is tuple or isinstance(value, (list, tuple)):
            put(b"[%s:%d:" % (type_name(kind), len(value)))
            for item in value:  # noqa: SIM110 - a loop: no generator a list
                if not feed(put, item, deeper, path):
                    return False
            return True
        if kind is dict or isinstance(value, Mapping):
            put(b"{%s:%d:" % (type_name(kind), len(value)))
            for key, item in value.items():
                if not (feed(put, key, deeper, path) and feed(put, item, deeper, path)):
                    return False
            return True
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
        owner, name, code, captured = functions.parts(value)
        if owner is not None:
            put(b"bound:")
            if not self._feed(put, owner, depth + 1, path):
                return False
        put(name)
        put(code)
        return self._feed(put, captured, depth + 1, path)
