"""Cover sizes read from image headers: PNG, GIF, JPEG, WebP; None otherwise."""

from __future__ import annotations

import struct

import pytest
from helpers import gif, png
from pelican.plugins.reflections.reading.images import dimensions


def jpeg(width: int, height: int, orientation: int | None = None, order="MM") -> bytes:
    """A JPEG header; with ``orientation``, an EXIF APP1 segment holding it."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    exif = b""
    if orientation is not None:
        e = "<" if order == "II" else ">"
        # TIFF header, then IFD0 with two entries: a resolution unit, Orientation.
        ifd = struct.pack(e + "H", 2)
        ifd += struct.pack(e + "HHIHH", 0x0128, 3, 1, 2, 0)
        ifd += struct.pack(e + "HHIHH", 0x0112, 3, 1, orientation, 0)
        tiff = order.encode() + struct.pack(e + "HI", 42, 8) + ifd + b"\0" * 4
        body = b"Exif\0\0" + tiff
        exif = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\0" * 9
    return b"\xff\xd8" + app0 + exif + sof + b"\xff\xd9"


def webp(chunk: bytes, payload: bytes) -> bytes:
    body = b"WEBP" + chunk + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (png(1200, 675), (1200, 675)),
        (gif(3, 2), (3, 2)),
        (jpeg(640, 480), (640, 480)),
        (jpeg(640, 480, orientation=1), (640, 480)),
        (jpeg(640, 480, orientation=3), (640, 480)),
        (jpeg(640, 480, orientation=6), (480, 640)),
        (jpeg(640, 480, orientation=8, order="II"), (480, 640)),
        (webp(b"VP8X", b"\0" * 4 + (799).to_bytes(3, "little") * 2), (800, 800)),
        (
            webp(b"VP8L", b"\x2f" + ((99) | (49 << 14)).to_bytes(4, "little")),
            (100, 50),
        ),
        (
            webp(b"VP8 ", b"\0\0\0\x9d\x01\x2a" + struct.pack("<HH", 320, 240)),
            (320, 240),
        ),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
        (b"\xff\xd8\xff", None),
        (b"", None),
    ],
    ids=[
        "png",
        "gif",
        "jpeg",
        "jpeg-exif-upright",
        "jpeg-exif-upside-down",
        "jpeg-exif-quarter-turn",
        "jpeg-exif-quarter-turn-little-endian",
        "webp-vp8x",
        "webp-vp8l",
        "webp-vp8",
        "svg",
        "cut",
        "empty",
    ],
)
def test_dimensions_from_the_first_bytes(tmp_path, data, size):
    image = tmp_path / "image"
    image.write_bytes(data)
    assert dimensions(str(image)) == size


def test_a_missing_file_has_no_size(tmp_path):
    assert dimensions(str(tmp_path / "missing.png")) is None
