"""What an image file is: its width and height as a browser shows it, by imagesize.

imagesize reads PNG, JPEG, GIF, WebP, AVIF, HEIC, TIFF, BMP, SVG and more from
their headers, and gives a JPEG, TIFF or AVIF that its EXIF orientation turns a
quarter turn the size it is shown at. A size no real image has (a header claiming
2^32-1 pixels) is not believed.
"""

from __future__ import annotations

import mimetypes

import imagesize

__all__ = ["MAX_SIDE", "dimensions", "is_image"]

# Wider or taller than this, a header is not believed (the largest side a JPEG or
# WebP can have is 65,535 px; camera and stock images are far below).
MAX_SIDE = 65_535


def _size(path: str) -> tuple[int, int]:
    """What the file's header says; (-1, -1) when imagesize cannot read one."""
    try:
        width, height = imagesize.get(path)
    except Exception:  # a file imagesize cannot parse has no known size
        return -1, -1
    return int(width), int(height)


def dimensions(path: str) -> tuple[int, int] | None:
    """Return (width, height) of an image file, or None when not known."""
    width, height = _size(path)
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        return None
    return width, height


def is_image(path: str) -> bool:
    """Whether the file is an image a browser shows: one whose header imagesize
    reads (believed or not), or an SVG (which may give no size)."""
    if _size(path) != (-1, -1):
        return True
    kind, _ = mimetypes.guess_type(path)
    return kind == "image/svg+xml"
