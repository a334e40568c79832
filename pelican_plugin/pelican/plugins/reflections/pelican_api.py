"""Every use of Pelican's private API, in one place.

Pelican has no public way to do these things (and rich, which draws the
``pelican`` command's status, none for the last). Each has a test of its own
(``tests/test_pelican_api.py``), so a Pelican release that changes one fails
one clearly named test rather than a build somewhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pelican
import pelican.utils as pelican_utils
from markdown import Markdown
from pelican import server
from pelican.contents import Content
from pelican.readers import MarkdownReader
from pelican.writers import Writer

__all__ = [
    "OpeningWriter",
    "claim_output",
    "context_of",
    "defer_cache_save",
    "forget_cached",
    "forget_memoized",
    "live_display_lock",
    "made_again",
    "pelican_listen",
    "resolve_links",
    "serve_previews_with",
    "share_markdown",
    "unrendered_body",
    "wait_for_changes_with",
]


def context_of(content: Content) -> dict[str, Any] | None:
    """The context of the build that made ``content`` (``Content._context``);
    None for a post made outside a build."""
    context = getattr(content, "_context", None)
    return context if isinstance(context, dict) else None


def resolve_links(content: Content, html: str) -> str:
    """``{filename}``, ``{static}`` and other intra-site links in ``html`` made
    into URLs, as Pelican does for a post's body and summary
    (``Content._update_content``)."""
    return content._update_content(html, content.get_siteurl())


def unrendered_body(content: Content) -> str:
    """A post's body HTML before its intra-site links are resolved
    (``Content._content``); "" without one."""
    body = getattr(content, "_content", None)
    return body if isinstance(body, str) else ""


def share_markdown(reader: MarkdownReader, md: Markdown) -> None:
    """Keep ``md`` where Pelican's Markdown reader keeps its instance
    (``MarkdownReader._md``), for plugins that read it there after a read."""
    reader._md = md


def claim_output(writer: Writer, path: str, override: bool) -> None:
    """Count ``path`` as written by ``writer``, as Pelican's writer does when it opens
    a file (``Writer._written_files`` and ``_overridden_files``, with which it finds
    two outputs for one file), for a file this plugin leaves as it is."""
    if override:
        writer._overridden_files.add(path)
    writer._written_files.add(path)


def forget_cached(cacher: Any, key: str) -> None:
    """Drop ``key`` from a Pelican content cache (a generator's or its readers',
    ``FileDataCacher._cache``), so the file is read again in this build."""
    cache = getattr(cacher, "_cache", None)
    if isinstance(cache, dict):
        cache.pop(key, None)


class OpeningWriter(Writer):
    """Pelican's writer, asking ``open_instead`` before it opens a file for a page
    (``Writer._open_w``): what that returns is written to instead (None: the file)."""

    def open_instead(self, filename: str, override: bool) -> Any:
        """A file-like object to write the page to instead; None for the file."""
        return None

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        instead = self.open_instead(filename, override)
        if instead is not None:
            return instead
        return super()._open_w(filename, encoding, override)


def forget_memoized(contents: Iterable[Content]) -> None:
    """Drop what Pelican memoised for ``contents`` (``Content.get_content`` and
    ``get_summary`` keep each post's HTML for the life of the process, keyed by
    the post): its text changed, or the build that made it is over."""
    gone = {id(content) for content in contents}
    if not gone:
        return
    for name in ("get_content", "get_summary"):
        cache = getattr(getattr(Content, name, None), "cache", None)
        if isinstance(cache, dict):
            for key in [k for k in cache if k and id(k[0]) in gone]:
                del cache[key]


def made_again(
    kind: type[Content], attributes: dict[str, Any], context: dict[str, Any]
) -> Content:
    """A post made from the attributes an earlier reading gave it, in this build's
    ``context`` (``Content._context``), without ``__init__``, as unpickling makes
    Pelican's generator-cached posts; its ``translations`` as ``__init__`` sets
    them, for Pelican to link again."""
    content: Content = object.__new__(kind)
    content.__dict__.update(attributes)
    content._context = context
    content.translations = []
    return content


def live_display_lock(thread: Any) -> Any:
    """The lock rich's live display (the ``pelican`` command's status) holds while
    its refresh thread writes (``Live._lock``); None for another thread."""
    return getattr(getattr(thread, "live", None), "_lock", None)


# Pelican's own ``listen``, kept before ``serve_previews_with`` replaces it.
_PELICAN_LISTEN = pelican.listen


def serve_previews_with(
    handler: type[server.ComplexHTTPRequestHandler] | None,
    listen: Callable[..., None] | None = None,
) -> None:
    """Have ``pelican --listen`` serve with ``handler``, started through ``listen``
    (None: Pelican's own). Pelican's ``listen`` builds its server with the module
    global ``ComplexHTTPRequestHandler``, and ``main`` runs the global ``listen``
    (with ``--autoreload`` in a process of its own, which a spawned process starts
    by importing Pelican afresh: ``listen`` can put the handler back there)."""
    pelican.ComplexHTTPRequestHandler = handler or server.ComplexHTTPRequestHandler
    pelican.listen = listen or _PELICAN_LISTEN


def pelican_listen(host: str, port: int, output: str, excqueue: Any = None) -> None:
    """Pelican's own ``listen``: serve ``output`` on ``host:port`` until stopped."""
    _PELICAN_LISTEN(host, port, output, excqueue)


# Pelican's own ``wait_for_changes``, kept before ``wait_for_changes_with`` wraps it.
_PELICAN_WAIT = pelican.wait_for_changes


class _Watching:
    """``pelican.utils.watchfiles`` while autoreload waits: its ``watch`` asks
    ``first`` once the watcher runs (its first timeout), so that nothing saved
    before the watcher started, nor after, is missed."""

    def __init__(self, real: Any, first: Callable[[], set[Any]]) -> None:
        self._real = real
        self._first = first

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def watch(self, *paths: Any, **options: Any) -> Iterator[set[Any]]:
        options.update(rust_timeout=100, yield_on_timeout=True)
        asked = False
        for changes in self._real.watch(*paths, **options):
            if not changes and not asked:
                asked = True
                changes = self._first()
            if changes:
                yield changes
                return


def wait_for_changes_with(first: Callable[[Any], set[Any]] | None) -> None:
    """Have ``pelican --autoreload`` ask ``first(settings)`` for the changes made
    before its watcher started (None: Pelican's own wait). Pelican's
    ``autoreload`` calls the module global ``wait_for_changes`` after each build,
    which watches with ``pelican.utils.watchfiles.watch``, started only then."""
    if first is None:
        pelican.wait_for_changes = _PELICAN_WAIT
        return

    def wait(settings_file: str, settings: Any) -> Any:
        real = pelican_utils.watchfiles
        pelican_utils.watchfiles = _Watching(real, lambda: first(settings))
        try:
            return _PELICAN_WAIT(settings_file, settings)
        finally:
            pelican_utils.watchfiles = real

    pelican.wait_for_changes = wait


def defer_cache_save(
    cacher: Any, later: Callable[[Callable[[], None], str], None]
) -> None:
    """Have a Pelican content cache (``FileDataCacher.save_cache``: a generator's,
    or its readers') saved by ``later(save, name)`` instead of at once."""
    save = getattr(cacher, "save_cache", None)
    if not callable(save) or not getattr(cacher, "_cache_data_policy", False):
        return
    name = str(getattr(cacher, "_cache_path", "Pelican's content cache"))
    cacher.save_cache = lambda: later(save, name)
