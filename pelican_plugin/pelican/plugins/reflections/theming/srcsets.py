"""``srcset`` and ``sizes`` for the theme: a cover's ``Picture``, and the body's
``<img>`` tags given their size, lazy loading and resized copies.

Both read the ``ImageSet`` values ``pictures`` made (a copy whose ``url`` is ""
is the original itself); neither reads a post, so the incremental rebuilds'
record sees only the values passed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any, NamedTuple
from urllib.parse import unquote

from markupsafe import Markup, escape

from .urls import safe_url

__all__ = ["COLUMN", "Picture", "body_sizes", "picture", "responsive_body"]

# The theme's column at its widest (34em of 19px) and the page's side margins.
COLUMN, MARGINS = 646, 40
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
# The order of a picture's <source> elements: the browser takes the first it reads.
_ORDER = {"image/avif": 0, "image/webp": 1}


class Picture(NamedTuple):
    """An image as markup needs it: the ``<img>``'s ``src`` and each modern
    type's ``srcset`` (one ``<source>`` each, AVIF before WebP)."""

    src: str
    sources: list[tuple[str, str]]


def picture(images: Any, base: str = "", original: str = "") -> Picture:
    """The ``Picture`` of an ``ImageSet`` (``original``: the image's own URL),
    the ``<img>`` showing the JPEG or PNG copy, or the original."""
    by_type: dict[str, list[str]] = {}
    for copy in getattr(images, "sources", None) or ():
        url = safe_url(copy.url, base) if copy.url else original
        if url:
            by_type.setdefault(copy.mime, []).append(f"{url} {copy.width}w")
    ordered = sorted(by_type.items(), key=lambda item: _ORDER.get(item[0], 2))
    fallback = getattr(images, "fallback", None)
    src = safe_url(fallback.url, base) if fallback else original
    return Picture(src, [(kind, ", ".join(urls)) for kind, urls in ordered])


def body_sizes(width: int | None) -> str:
    """``sizes`` for an image in the column, shown at most ``width`` px wide."""
    shown = min(width or COLUMN, COLUMN)
    return f"(min-width: {shown + MARGINS}px) {shown}px, calc(100vw - 2.5rem)"


class _Attributes(HTMLParser):
    """The attributes of one start tag."""

    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found = {name: value or "" for name, value in attrs}

    handle_startendtag = handle_starttag


def _left_alone(attributes: Mapping[str, str]) -> bool:
    """An image with an ``srcset`` of its own, or one pelican-image-process is to
    rewrite (an ``image-process-*`` class), keeps its ``src``."""
    return "srcset" in attributes or "image-process" in attributes.get("class", "")


def _key(src: str, base: str) -> str:
    """The site-relative URL an ``src`` names (as ``pictures`` keys the sets)."""
    prefix = base.rstrip("/") + "/" if base else "/"
    path = src[len(prefix) :] if src.startswith(prefix) else src
    return unquote(path.split("#", 1)[0].split("?", 1)[0])


def responsive_body(
    html: Any, images: Mapping[str, Any] | None, base: str = "", eager: int = 0
) -> Markup:
    """``html`` with each ``<img>`` given ``width``/``height`` when known,
    ``decoding="async"``, ``loading="lazy"`` after the first ``eager`` images, and,
    for a local image with resized copies, a ``<picture>`` with a ``<source>``
    (``srcset`` and ``sizes``) per modern type and the JPEG or PNG copy as ``src``.
    Other attributes the author wrote are kept (``_left_alone``)."""
    text = str(html or "")
    if "<img" not in text and "<IMG" not in text:
        return Markup(text)
    count = 0

    def rewrite(match: re.Match[str]) -> str:
        nonlocal count
        tag = match.group(0)
        attributes = _Attributes(tag).found
        count += 1
        found = (images or {}).get(_key(attributes.get("src", ""), base))
        added: dict[str, str] = {}
        if found is not None and not ({"width", "height"} & attributes.keys()):
            added["width"], added["height"] = str(found.width), str(found.height)
        if count > eager and "loading" not in attributes:
            added["loading"] = "lazy"
        if "decoding" not in attributes:
            added["decoding"] = "async"
        shown = picture(found, base, attributes.get("src", ""))
        if shown.sources and not _left_alone(attributes):
            added["src"] = shown.src
        extra = "".join(f' {name}="{escape(value)}"' for name, value in added.items())
        if "src" in added:  # the JPEG or PNG copy instead of the original
            tag = _SRC.sub("", tag, count=1)
        end = len(tag) - (2 if tag.endswith("/>") else 1)
        img = f"{tag[:end].rstrip()}{extra}{tag[end:]}"
        if "src" not in added:
            return img
        sizes = body_sizes(getattr(found, "width", None))
        sources = "".join(
            f'<source type="{kind}" srcset="{escape(candidates)}" sizes="{sizes}">'
            for kind, candidates in shown.sources
        )
        return f"<picture>{sources}{img}</picture>"

    return Markup(_IMG.sub(rewrite, text))
