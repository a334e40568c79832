"""Every use of Pelican's private API, in one place.

Pelican has no public way to do these five things. Each has a test of its own
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
    "claim_output",
    "context_of",
    "forget_cached",
    "resolve_links",
    "share_markdown",
]


def context_of(content: Content) -> dict[str, Any] | None:
    """The context of the build that made ``content`` (``Content._context``);
    None for a post made outside a build."""
    return content._context


def resolve_links(content: Content, html: str) -> str:
    """``{filename}``, ``{static}`` and other intra-site links in ``html`` made
    into URLs, as Pelican does for a post's body and summary
    (``Content._update_content``)."""
    return content._update_content(html, content.get_siteurl())


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
