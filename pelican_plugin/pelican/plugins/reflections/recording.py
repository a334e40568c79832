"""What a page's templates read while it renders, recorded as digests.

Hooks on one Jinja environment, installed once per build: its context class records
each name a template takes from the page's context; its ``getattr`` / ``getitem``
record each attribute read from a post; its ``get_template`` records each template
and partial loaded (or looked for and missing). Python code the templates call with
a post (a filter, a global, a method of the post) may read anything of it, so the
whole post is recorded then. Reads outside a page's rendering are not recorded.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, TemplateNotFound
from jinja2.runtime import Context, Macro, missing
from pelican.contents import Content

from .digests import Digester, content_key, unstable

__all__ = ["MISSING", "PageReads", "Recorder"]

MISSING = b"missing"
# How deep Python code's arguments are searched for posts ("categories" is a list
# of (category, [posts]) pairs).
_SEARCH_DEPTH = 3
# Jinja's own filters and tests, and the builtins among them (``length`` is
# ``len``): they read posts through the environment, or not at all.
_JINJA_OWN = frozenset(
    {"jinja2.filters", "jinja2.tests", "builtins", "_operator", "markupsafe"}
)


@dataclass
class PageReads:
    """Everything one page's rendering read, as digests."""

    inputs: dict[str, Any]  # the page's context, as the writer passed it
    templates: dict[str, bytes | None] = field(default_factory=dict)
    names: dict[str, bytes] = field(default_factory=dict)
    reads: dict[tuple[str, str, Any], bytes] = field(default_factory=dict)
    wholes: dict[str, bytes] = field(default_factory=dict)


class Recorder:
    """Records reads into the page being rendered (``current``)."""

    def __init__(self, digester: Digester) -> None:
        self.digester = digester
        self.current: PageReads | None = None
        self._template_digests: dict[tuple[int, str], bytes | None] = {}
        self._read_digests: dict[tuple[int, str, Any, Any], tuple[Any, bytes]] = {}
        self._whole_digests: dict[tuple[int, Any], tuple[Content, bytes]] = {}

    @contextmanager
    def recording(self, inputs: dict[str, Any]) -> Iterator[PageReads]:
        """Record into a new ``PageReads`` while the block runs."""
        page = self.current = PageReads(inputs)
        try:
            yield page
        finally:
            self.current = None

    # Digests, memoised for the build: many pages read the same post's title.

    def template_digest(self, env: Environment, name: str) -> bytes | None:
        """The digest of template ``name`` as ``env`` finds it; None if absent."""
        key = (id(env), name)
        if key not in self._template_digests:
            try:
                source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
            except TemplateNotFound:
                self._template_digests[key] = None
            else:
                self._template_digests[key] = self.digester.of((filename, source))
        return self._template_digests[key]

    def read_digest(self, content: Content, kind: str, name: Any, value: Any) -> bytes:
        """The digest of ``value``, read from ``content`` as ``kind`` ("a" for an
        attribute, "i" for an item) ``name``; memoised per site URL of the page (a
        post's body is made relative to the page under ``RELATIVE_URLS``)."""
        key = (id(content), kind, name, _local_site_url(content))
        found = self._read_digests.get(key)
        if found is None:
            found = self._read_digests[key] = (content, self.digester.of(value))
        return found[1]

    def whole_digest(self, content: Content) -> bytes:
        """``Digester.whole`` of a post, memoised per site URL of the page."""
        key = (id(content), _local_site_url(content))
        found = self._whole_digests.get(key)
        if found is None:
            found = self._whole_digests[key] = (content, self.digester.whole(content))
        return found[1]

    # What the hooks call.

    def name_read(self, key: str, value: Any, env: Environment) -> None:
        page = self.current
        if page is None or key in page.names:
            return
        inputs = page.inputs
        if key in inputs:
            if inputs[key] is not value:
                return  # the template set it: made from what it read
        elif key in env.globals:
            if env.globals[key] is not value:
                return
        elif value is not missing:
            return  # a name the including template set
        page.names[key] = MISSING if value is missing else self.digester.of(value)

    def attribute_read(
        self, content: Content, kind: str, name: Any, value: Any
    ) -> None:
        page = self.current
        if page is None:
            return
        key = content_key(content)
        if key is None:
            page.wholes["?"] = unstable()
            return
        read = (sys.intern(key), kind, name)
        if read not in page.reads:
            page.reads[read] = self.read_digest(content, kind, name, value)

    def whole_read(self, content: Content) -> None:
        page = self.current
        if page is None:
            return
        key = content_key(content)
        if key is None:
            page.wholes["?"] = unstable()
        elif key not in page.wholes:
            page.wholes[sys.intern(key)] = self.whole_digest(content)

    def code_called(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Python code got these arguments: every post among them is read whole."""
        if self.current is None:
            return
        for content in _posts_in((args, tuple(kwargs.values())), _SEARCH_DEPTH):
            self.whole_read(content)

    def template_loaded(self, env: Environment, name: str) -> None:
        page = self.current
        if page is not None and name not in page.templates:
            page.templates[name] = self.template_digest(env, name)


def _local_site_url(content: Content) -> Any:
    context = getattr(content, "_context", None)
    return context.get("localsiteurl") if isinstance(context, dict) else None


def _posts_in(value: Any, depth: int) -> Iterator[Content]:
    if isinstance(value, Content):
        yield value
    elif depth > 0 and isinstance(value, (list, tuple)):
        for item in value:
            yield from _posts_in(item, depth - 1)


class RecordingContext(Context):
    """A Jinja context that tells the environment's recorder the names it resolves
    and the Python code it calls."""

    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        recorder: Recorder | None = getattr(
            self.environment, "reflections_recorder", None
        )
        if recorder is not None and key not in self.vars:
            recorder.name_read(key, value, self.environment)
        return value

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        recorder: Recorder | None = getattr(
            __self.environment, "reflections_recorder", None
        )
        if recorder is not None and not isinstance(__obj, Macro):
            owner = getattr(__obj, "__self__", None)
            if isinstance(owner, Content):
                recorder.whole_read(owner)
            recorder.code_called(args, kwargs)
        return super().call(__obj, *args, **kwargs)


def watch(env: Environment, recorder: Recorder) -> None:
    """Install the hooks on ``env`` for this build (again if the recorder is new)."""
    if getattr(env, "reflections_recorder", None) is recorder:
        _wrap_code(env.filters, recorder)
        _wrap_code(env.tests, recorder)
        return
    env.reflections_recorder = recorder  # type: ignore[attr-defined]
    env.context_class = RecordingContext
    plain = Environment.getattr.__get__(env)
    plain_item = Environment.getitem.__get__(env)
    plain_get = Environment.get_template.__get__(env)
    plain_select = Environment.select_template.__get__(env)

    def getattr_(obj: Any, attribute: str) -> Any:
        value = plain(obj, attribute)
        if isinstance(obj, Content):
            recorder.attribute_read(obj, "a", attribute, value)
        return value

    def getitem(obj: Any, argument: Any) -> Any:
        value = plain_item(obj, argument)
        if isinstance(obj, Content):
            recorder.attribute_read(obj, "i", argument, value)
        return value

    def get_template(name: Any, parent: str | None = None, globals: Any = None) -> Any:
        if isinstance(name, str):
            recorder.template_loaded(env, name)
        return plain_get(name, parent, globals)

    def select_template(
        names: Any, parent: str | None = None, globals: Any = None
    ) -> Any:
        for name in names:
            if isinstance(name, str):
                recorder.template_loaded(env, name)
                if recorder.template_digest(env, name) is not None:
                    break
        return plain_select(names, parent, globals)

    env.getattr = getattr_  # type: ignore[method-assign]
    env.getitem = getitem  # type: ignore[method-assign]
    env.get_template = get_template  # type: ignore[method-assign]
    env.select_template = select_template  # type: ignore[method-assign]
    _wrap_code(env.filters, recorder)
    _wrap_code(env.tests, recorder)


def plain_read(env: Environment, obj: Any, kind: str, name: Any) -> Any:
    """Read ``name`` of ``obj`` as a template does, without recording it."""
    read = Environment.getattr if kind == "a" else Environment.getitem
    return read(env, obj, name)


def _wrap_code(table: dict[str, Callable[..., Any]], recorder: Recorder) -> None:
    """Filters and tests written in Python (Jinja's own read through the
    environment, so they are left alone) report the posts they are given."""
    for name, function in list(table.items()):
        if getattr(function, "__module__", None) in _JINJA_OWN:
            continue
        if getattr(function, "reflections_recorder", None) is recorder:
            continue
        if hasattr(function, "reflections_recorder"):  # a wrapper of an earlier build
            function = function.__wrapped__
        table[name] = _reporting(function, recorder)


def _reporting(function: Callable[..., Any], recorder: Recorder) -> Callable[..., Any]:
    @functools.wraps(function)
    def reporting(*args: Any, **kwargs: Any) -> Any:
        recorder.code_called(args, kwargs)
        return function(*args, **kwargs)

    reporting.reflections_recorder = recorder  # type: ignore[attr-defined]
    return reporting
