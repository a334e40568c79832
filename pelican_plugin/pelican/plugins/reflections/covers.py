"""Local cover images: copied to the output and linked the way ``{static}`` is.

At read time a local cover's ``url`` is its content-relative path. Like a
``{static}`` link, the file is handed to Pelican's static generator (so it is
copied even when it is not under ``STATIC_PATHS``), and once the static files are
known the cover's ``url`` becomes the static file's URL (``STATIC_URL`` applies).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pelican.contents import Content
from pelican.generators import Generator

from .fields import Cover

__all__ = ["link_covers", "request_covers"]


def _with_local_cover(context: dict[str, Any]) -> Iterator[tuple[Content, Cover]]:
    for content in context.get("generated_content", {}).values():
        cover = getattr(content, "cover", None)
        if isinstance(cover, Cover) and cover.source:
            yield content, cover


def request_covers(generator: Generator) -> None:
    """``article_generator_finalized``/``page_generator_finalized``: ask for copies."""
    for _, cover in _with_local_cover(generator.context):
        generator.context["static_links"].add(cover.source)


def link_covers(generator: Generator) -> None:
    """``static_generator_finalized``: point each local cover at its static file."""
    static_content = generator.context.get("static_content", {})
    for content, cover in _with_local_cover(generator.context):
        static = static_content.get(cover.source)
        if static is not None and static.url != cover.url:
            linked = cover._replace(url=static.url)
            content.cover = linked
            content.metadata["cover"] = linked
