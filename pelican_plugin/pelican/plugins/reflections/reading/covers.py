"""Cover images: where a cover points, and getting local ones into the output.

``locate`` (read time) accepts an http(s) URL or a file in the content tree,
found the way a ``{static}`` link is, and refuses anything else. A local cover's
``url`` is then its content-relative path, percent-encoded. Like a ``{static}``
link, the file is handed to Pelican's static generator (so it is copied even
when it is not under ``STATIC_PATHS``), and once the static files are known the
cover's ``url`` becomes the static file's URL (``STATIC_URL`` applies).
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from pelican.contents import Content
from pelican.generators import Generator
from pelican.utils import posixize_path

from . import images, reading_notes
from .values import Reading, Refused

__all__ = ["inside", "link_covers", "locate", "request_covers"]


def locate(src: str, reading: Reading) -> dict[str, Any]:
    """``fields.Cover`` fields for an http(s) URL or a file in the content tree.

    Raises ``Refused``: a warning for other URL schemes, missing files and files
    that are not images; an error for a path, or a symlink, that leads outside the
    content folder (nothing of it is read or copied).
    """
    src = src.removeprefix("{static}")
    parts = urlsplit(src)
    if parts.scheme:
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            return {"url": src, "external": True}
        raise Refused(
            f"'{parts.scheme}:' URLs cannot be covers; use an http(s) URL or a file "
            "in the content folder",
            logging.WARNING,
        )
    if src.startswith("//"):
        raise Refused(f"write the cover URL with https: (https:{src})", logging.WARNING)
    path = unquote(parts.path)
    if path.startswith("/"):
        relative = path.lstrip("/")
    else:
        relative = posixpath.join(_source_dir(reading), path)
    relative = posixpath.normpath(relative)
    if relative == ".." or relative.startswith("../"):
        raise Refused(f"the cover '{src}' is outside the content folder")
    content = reading.settings.get("PATH", "")
    full = os.path.join(content, relative)
    # Pelican's content cache must read the post again when the file comes, goes
    # or is replaced (its size is read here).
    reading_notes.looked_for(reading.source_path, os.path.abspath(full))
    if not os.path.isfile(full):
        raise Refused(
            f"the cover file '{relative}' does not exist in the content folder",
            logging.WARNING,
        )
    if not _inside(full, content):
        raise Refused(
            f"the cover file '{relative}' is a link to a file outside the content "
            "folder; copy the image into the content folder"
        )
    size = images.dimensions(full)  # the header read once; again only if no size
    if size is None and not images.is_image(full):
        raise Refused(
            f"the cover file '{relative}' is not an image (PNG, JPEG, GIF, WebP, "
            "AVIF, SVG …)",
            logging.WARNING,
        )
    width, height = size if size else (None, None)
    return {
        "url": quote(relative),
        "source": relative,
        "width": width,
        "height": height,
    }


def _inside(path: str, folder: str) -> bool:
    """Whether ``path``, its links followed, is in ``folder`` (its links followed)."""
    real, root = os.path.realpath(path), os.path.realpath(folder or os.curdir)
    return os.path.commonpath([real, root]) == root


inside = _inside  # for ``pictures``: body images are held to the same rule


def _source_dir(reading: Reading) -> str:
    if not reading.source_path:
        return ""
    content = os.path.abspath(reading.settings.get("PATH", ""))
    directory = os.path.relpath(
        os.path.dirname(os.path.abspath(reading.source_path)), content
    )
    return "" if directory == "." else posixize_path(directory)


def _with_local_cover(context: dict[str, Any]) -> Iterator[tuple[Content, Any]]:
    """Each content with a local cover (a ``fields.Cover`` with a ``source``)."""
    for content in context.get("generated_content", {}).values():
        cover = getattr(content, "cover", None)
        if getattr(cover, "source", ""):
            yield content, cover


def request_covers(generator: Generator) -> None:
    """``article_generator_finalized``/``page_generator_finalized``: ask for copies."""
    content = generator.settings.get("PATH", "")
    for _, cover in _with_local_cover(generator.context):
        # A post from the content cache may name a file made a link out since.
        if _inside(os.path.join(content, cover.source), content):
            generator.context["static_links"].add(cover.source)


def link_covers(generator: Generator) -> None:
    """``static_generator_finalized``: point each local cover at its static file,
    with the image's size now (Pelican's content cache keeps a post as it was read,
    and the image may have been replaced since)."""
    static_content = generator.context.get("static_content", {})
    for content, cover in _with_local_cover(generator.context):
        static = static_content.get(cover.source)
        # A file name may hold spaces: the URL must not.
        url = quote(static.url) if static is not None else cover.url
        full = os.path.join(generator.settings.get("PATH", ""), cover.source)
        width, height = images.dimensions(full) or (None, None)
        linked = cover._replace(url=url, width=width, height=height)
        if linked != cover:
            content.cover = linked
            content.metadata["cover"] = linked
