"""Width and height of PNG, GIF, JPEG and WebP files, read from their first bytes.

A JPEG whose EXIF orientation turns it a quarter turn (values 5 to 8) is shown by
browsers rotated, so its width and height are given as shown, swapped.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

__all__ = ["dimensions"]

_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE}
_JPEG_MAX_SEGMENTS = 200
_JPEG_APP1 = 0xE1
_EXIF_ORIENTATION = 0x0112
_QUARTER_TURNS = {5, 6, 7, 8}


def dimensions(path: str) -> tuple[int, int] | None:
    """Return (width, height) of an image file, or None when not known cheaply."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(32)
            if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
                return _positive(*struct.unpack(">II", head[16:24]))
            if head[:6] in (b"GIF87a", b"GIF89a"):
                return _positive(*struct.unpack("<HH", head[6:10]))
            if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
                return _webp(head, handle)
            if head[:2] == b"\xff\xd8":
                handle.seek(2)
                return _jpeg(handle)
    except (OSError, struct.error):
        return None
    return None


def _positive(width: int, height: int) -> tuple[int, int] | None:
    return (width, height) if width > 0 and height > 0 else None


def _webp(head: bytes, handle: BinaryIO) -> tuple[int, int] | None:
    chunk = head[12:16]
    data = head[20:] + handle.read(16)
    if chunk == b"VP8 " and data[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[6:10])
        return _positive(width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and data[:1] == b"\x2f":
        bits = int.from_bytes(data[1:5], "little")
        return _positive((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X":
        width = int.from_bytes(data[4:7], "little") + 1
        height = int.from_bytes(data[7:10], "little") + 1
        return _positive(width, height)
    return None


def _jpeg(handle: BinaryIO) -> tuple[int, int] | None:
    orientation = 1
    for _ in range(_JPEG_MAX_SEGMENTS):
        marker = handle.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        if marker[1] in (0xD8, 0x01) or 0xD0 <= marker[1] <= 0xD7:
            continue  # markers without a length
        length = struct.unpack(">H", handle.read(2))[0]
        if length < 2:
            return None  # a segment length counts its own two bytes
        if marker[1] in _JPEG_SOF:
            height, width = struct.unpack(">xHH", handle.read(5))
            if orientation in _QUARTER_TURNS:
                width, height = height, width
            return _positive(width, height)
        if marker[1] == _JPEG_APP1 and orientation == 1:
            orientation = _exif_orientation(handle.read(length - 2))
        else:
            handle.seek(length - 2, 1)
    return None


def _exif_orientation(segment: bytes) -> int:
    """The EXIF Orientation (1 to 8) in an APP1 segment; 1 when it has none."""
    if not segment.startswith(b"Exif\0\0"):
        return 1
    tiff = segment[6:]
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return 1
    first = struct.unpack(order + "I", tiff[4:8])[0]
    if first + 2 > len(tiff):
        return 1
    count = struct.unpack(order + "H", tiff[first : first + 2])[0]
    for index in range(count):
        start = first + 2 + 12 * index
        entry = tiff[start : start + 12]
        if len(entry) < 12:
            break
        tag, kind = struct.unpack(order + "HH", entry[:4])
        if tag == _EXIF_ORIENTATION and kind == 3:  # SHORT
            return int(struct.unpack(order + "H", entry[8:10])[0])
    return 1
