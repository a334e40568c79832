"""Other themes meet the plugin's values the way they read them: as text."""

from __future__ import annotations

from pathlib import Path

import pelican.themes.reflex  # pelican-theme-reflex, a test dependency
from helpers import png

FLEX = Path(pelican.themes.reflex.__file__).parent


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
