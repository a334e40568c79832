"""The plugin's own values in ``metadata``: ``Update`` items and the ``Cover``.

Both are pickled into Pelican's content cache. ``fields`` re-exports them, so a
cache written by 0.1.0 (which named them ``fields.Update`` and ``fields.Cover``)
still loads.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

__all__ = ["Cover", "Update"]


class Update(NamedTuple):
    """One update of a post: an aware datetime and a note in HTML ("" if none)."""

    date: datetime.datetime
    note: str


class Cover(NamedTuple):
    """A post's cover image.

    ``url`` is an absolute http(s) URL (``external``) or a site-relative path with
    no leading slash; ``source`` is the content-relative path of a local file.
    ``str(cover)`` is its URL, for themes and plugins that read a cover as text.
    """

    url: str
    alt: str = ""
    caption: str = ""
    width: int | None = None
    height: int | None = None
    external: bool = False
    source: str = ""

    def __str__(self) -> str:
        return self.url
