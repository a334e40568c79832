"""Every use of Pelican's private API, in one place.

Pelican has no public way to do these things (and rich, which draws the
``pelican`` command's status, none for the last). Each has a test of its own
(``tests/test_pelican_api.py``), so a Pelican release that changes one fails
one clearly named test rather than a build somewhere else.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from pelican.contents import Content
from pelican.readers import MarkdownReader
from pelican.writers import Writer

__all__ = [
    "OpeningWriter",
    "claim_output",
    "context_of",
    "forget_cached",
    "live_display_lock",
    "resolve_links",
    "share_markdown",
    "unrendered_body",
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


def live_display_lock(thread: Any) -> Any:
    """The lock rich's live display (the ``pelican`` command's status) holds while
    its refresh thread writes (``Live._lock``); None for another thread."""
    return getattr(getattr(thread, "live", None), "_lock", None)
