"""What a page's templates read while it renders, recorded as digests.

The ``Recorder`` keeps the page being rendered and what it read: each name from
its context, each attribute of a post, each template (``hooks`` report them from
Jinja). Python code the templates call with a post (a filter, a global, a method
of the post) may read anything of it, so the whole post is recorded then, unless
the code reads through ``reads.attribute`` (the recorder watches it while a page
renders). Reads outside a page's rendering are not recorded.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, TemplateNotFound
from jinja2.runtime import missing
from pelican.contents import Content

from .. import pelican_api
from ..theming.reads import attribute, reads_recorded, watching
from .digests import Digester, content_key, unstable

# ``attribute`` and ``reads_recorded`` live in ``reads`` (theme code imports them
# from there); they stay importable from here for code written against 1.x.
__all__ = ["MISSING", "PageReads", "Recorder", "attribute", "reads_recorded"]

MISSING = b"missing"
# How deep Python code's arguments are searched for posts ("categories" is a list
# of (category, [posts]) pairs).
_SEARCH_DEPTH = 3


@dataclass
class PageReads:
    """Everything one page's rendering read, as digests."""

    inputs: dict[str, Any]  # the page's context, as the writer passed it
    shared: Mapping[str, Any]  # the context every page of the build starts from
    templates: dict[str, bytes | None] = field(default_factory=dict)
    names: dict[str, bytes] = field(default_factory=dict)  # this page's own
    shared_names: dict[str, bytes] = field(default_factory=dict)  # the build's
    # post key -> (kind, name) -> digest
    reads: dict[str, dict[tuple[str, Any], bytes]] = field(default_factory=dict)
    wholes: dict[str, bytes] = field(default_factory=dict)


class Recorder:
    """Records reads into the page being rendered (``current``)."""

    def __init__(self, digester: Digester) -> None:
        self.digester = digester
        self.current: PageReads | None = None
        self.in_code = 0  # how deep in Python code the templates called
        self._template_digests: dict[tuple[int, str], bytes | None] = {}
        self._read_digests: dict[tuple[int, str, Any, Any], tuple[Any, bytes]] = {}
        self._whole_digests: dict[tuple[int, Any], tuple[Content, bytes]] = {}
        self._value_digests: dict[int, tuple[Any, bytes]] = {}
        self.wrapped_sizes: dict[int, int] = {}  # id(filter table) -> size wrapped

    @contextmanager
    def recording(
        self, inputs: dict[str, Any], shared: Mapping[str, Any]
    ) -> Iterator[PageReads]:
        """Record into a new ``PageReads`` while the block runs."""
        page = self.current = PageReads(inputs, shared)
        try:
            with watching(self.attribute_read):
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
        key = (id(content), kind, name, local_site_url(content))
        found = self._read_digests.get(key)
        if found is None:
            found = self._read_digests[key] = (content, self.digester.of(value))
        return found[1]

    def value_digest(self, value: Any) -> bytes:
        """``Digester.of``, memoised by identity for the build (the values in a
        page's context are the same objects page after page)."""
        if value is missing:
            return MISSING
        found = self._value_digests.get(id(value))
        if found is None or found[0] is not value:
            found = self._value_digests[id(value)] = (value, self.digester.of(value))
        return found[1]

    def read_digest_now(
        self, env: Environment, content: Content, kind: str, name: Any, site: Any
    ) -> bytes:
        """``read_digest`` of what a template would read from ``content`` now (read
        only if not read yet in this build); ``site`` is its ``local_site_url``."""
        key = (id(content), kind, name, site)
        found = self._read_digests.get(key)
        if found is None:
            value = plain_read(env, content, kind, name)
            found = self._read_digests[key] = (content, self.digester.of(value))
        return found[1]

    def whole_digest(self, content: Content) -> bytes:
        """``Digester.whole`` of a post, memoised per site URL of the page."""
        key = (id(content), local_site_url(content))
        found = self._whole_digests.get(key)
        if found is None:
            found = self._whole_digests[key] = (content, self.digester.whole(content))
        return found[1]

    # What the hooks call.

    def name_read(self, key: str, value: Any, env: Environment) -> None:
        page = self.current
        if page is None:
            return
        if self.in_code:  # Python code (a pass_context filter) looked it up
            self.code_called((value,), {})
        if key in page.names or key in page.shared_names:
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
        if inputs.get(key, missing) is page.shared.get(key, missing):
            page.shared_names[key] = self.value_digest(value)
        else:
            page.names[key] = self.value_digest(value)

    def _key_on_page(self, content: Content) -> tuple[PageReads, str] | None:
        """The page being rendered and the post's key; None outside a page (and
        for a post with no key, which makes the page never kept)."""
        page = self.current
        if page is None:
            return None
        key = content_key(content)
        if key is None:
            page.wholes["?"] = unstable()
            return None
        return page, sys.intern(key)

    def attribute_read(
        self, content: Content, kind: str, name: Any, value: Any
    ) -> None:
        found = self._key_on_page(content)
        if found is not None:
            reads = found[0].reads.setdefault(found[1], {})
            if (kind, name) not in reads:
                reads[kind, name] = self.read_digest(content, kind, name, value)

    def whole_read(self, content: Content) -> None:
        found = self._key_on_page(content)
        if found is not None and found[1] not in found[0].wholes:
            found[0].wholes[found[1]] = self.whole_digest(content)

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


def local_site_url(content: Content) -> Any:
    """The site URL a post's body is made relative to now (``RELATIVE_URLS``)."""
    context = pelican_api.context_of(content)
    return context.get("localsiteurl") if context is not None else None


def _posts_in(value: Any, depth: int) -> Iterator[Content]:
    if isinstance(value, Content):
        yield value
    elif depth > 0 and isinstance(value, (list, tuple)):
        for item in value:
            yield from _posts_in(item, depth - 1)


def plain_read(env: Environment, obj: Any, kind: str, name: Any) -> Any:
    """Read ``name`` of ``obj`` as a template does ("a": ``obj.name``, "i":
    ``obj[name]``), without recording it."""
    read = Environment.getattr if kind == "a" else Environment.getitem
    return read(env, obj, name)
