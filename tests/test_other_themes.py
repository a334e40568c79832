"""Other themes meet the plugin's values the way they read them: as text."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pelican.themes.reflex  # pelican-theme-reflex, a test dependency

FLEX = Path(pelican.themes.reflex.__file__).parent


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\0" + b"\0" * 3 * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)


POST = """---
title: At the desk
date: 2024-03-11
categories: [Reflection, Work]
tags: [Jobs]
coverImage:
  src: images/desk.png
  alt: A desk by a window
summary: A short lede.
---
Body.
"""


def test_flex_reads_the_cover_as_its_url(build_site):
    site = build_site(
        {"desk.md": POST, "images/desk.png": png(6, 4)},
        THEME=str(FLEX),
        SITEURL="https://example.org",
        AUTHOR="Ada",
        CC_LICENSE={"name": "CC BY-SA", "version": "4.0", "slug": "by-sa"},
    )
    page = site.html("at-the-desk.html")
    image = page.find("meta", property="og:image")
    assert image["content"] == "https://example.org/images/desk.png"
    assert "Cover(" not in site.text("at-the-desk.html")
