"""Which URLs from front matter may go out: http(s) and site-relative only."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

# Characters browsers drop from URLs before parsing them (tab, CR, LF).
_URL_IGNORED = re.compile(r"[\t\r\n]")
# ... and what they strip from both ends.
_C0_AND_SPACE = "".join(chr(c) for c in range(33))


def safe_url(value: Any, base: str | None = None) -> str:
    """``value`` if http(s) or site-relative (then joined to ``base``), else ``""``."""
    url = _URL_IGNORED.sub("", str(value or "")).strip(_C0_AND_SPACE)
    if not url or any(ord(c) < 32 for c in url) or url.startswith(("//", "\\", "/\\")):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme:
        ok = parts.scheme.lower() in ("http", "https") and parts.netloc
        return url if ok else ""
    # A colon before the first slash would be read as a scheme by some browsers.
    if ":" in url.split("/", 1)[0]:
        return ""
    return url if base is None else f"{str(base).rstrip('/')}/{url.lstrip('/')}"


def cover_field(cover: Any, name: str) -> Any:
    """A cover's ``name``, as a key of a mapping or an attribute; None without.

    The plugin's ``Cover`` has attributes; with another reader a cover may be a
    mapping (``{url: ..., alt: ...}``) or plain text (then it has no fields).
    """
    if isinstance(cover, Mapping):
        return cover.get(name)
    return None if isinstance(cover, str) else getattr(cover, name, None)


def cover_url(cover: Any, base: str | None = None) -> str:
    """A cover's URL (its ``url``, or the cover itself as text) through ``safe_url``."""
    if not cover:
        return ""
    url = cover if isinstance(cover, str) else cover_field(cover, "url")
    return safe_url(url, base)


def social_image(cover: Any, base: str) -> tuple[str, int | None, int | None]:
    """The cover for social previews and structured data: its 1200 px copy when
    one was made (``cover.images.fallback``), else the cover itself; as an
    absolute http(s) URL with its size, or ``("", None, None)``."""
    if not cover:
        return "", None, None
    url = cover_url(cover, base)
    width, height = cover_field(cover, "width"), cover_field(cover, "height")
    social = getattr(cover_field(cover, "images"), "fallback", None)
    if social is not None and social.url:
        url = safe_url(social.url, base)
        width, height = social.width, social.height
    if not url.startswith(("https://", "http://")):
        return "", None, None
    return url, width, height
