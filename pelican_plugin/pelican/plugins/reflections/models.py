"""The plugin's own values in ``metadata``: ``Update`` items and the ``Cover``,
and the resized copies of an image (``Derivative``, ``ImageSet``).

They are pickled into Pelican's content cache. ``fields`` re-exports the first two,
so a cache written by 0.1.0 (which named them ``fields.Update`` and
``fields.Cover``) still loads; a ``Cover`` pickled before ``images`` existed loads
with ``images`` None.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

__all__ = ["Cover", "Derivative", "ImageSet", "Update"]


class Update(NamedTuple):
    """One update of a post: an aware datetime and a note in HTML ("" if none)."""

    date: datetime.datetime
    note: str


class Cover(NamedTuple):
    """A post's cover image.

    ``url`` is an absolute http(s) URL (``external``) or a site-relative path with
    no leading slash; ``source`` is the content-relative path of a local file;
    ``images`` its resized copies (``REFLECTIONS_RESPONSIVE_IMAGES``), once made.
    ``str(cover)`` is its URL, for themes and plugins that read a cover as text.
    """

    url: str
    alt: str = ""
    caption: str = ""
    width: int | None = None
    height: int | None = None
    external: bool = False
    source: str = ""
    images: ImageSet | None = None

    def __str__(self) -> str:
        return self.url


class Derivative(NamedTuple):
    """One resized copy of an image: its site-relative URL, size and MIME type."""

    url: str
    width: int
    height: int
    mime: str


class ImageSet(NamedTuple):
    """What the theme needs of a local image: the original's size, its resized
    copies in the modern formats (narrowest first; a copy whose ``url`` is "" is
    the original itself; none for SVG, GIF and images that could not be read) and
    the one copy in JPEG or PNG for old browsers and social previews (None: the
    original)."""

    width: int
    height: int
    sources: tuple[Derivative, ...] = ()
    fallback: Derivative | None = None
