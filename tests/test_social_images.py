"""Social previews and structured data name a camera cover's 1200 px copy (#28
item 3), with the bundled theme alone and with pelican-seo's enhancer writing the
tags; real ``pelican`` builds, real JPEGs made with Pillow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pelican.plugins.seo  # pelican-seo, a test dependency: fail here without it
from bs4 import BeautifulSoup
from helpers import Build, pelican, photo, write_files
from PIL import Image

SITEURL = "https://example.org/blog"
SITE = f"""
from pelican.plugins import reflections
THEME = reflections.theme_path()
PLUGINS = ["reflections"]
TIMEZONE = "UTC"
SITEURL = "{SITEURL}"
AUTHOR = "Ada"
STATIC_PATHS = ["images"]
CACHE_PATH = "cache"
"""
SEO = """
PLUGINS = ["reflections", "seo"]
SEO_REPORT = False
SEO_ENHANCER = True
SEO_ENHANCER_OPEN_GRAPH = True
SEO_ENHANCER_TWITTER_CARDS = True
"""
POST = """---
title: At the desk
date: 2024-03-11
coverImage: images/desk.jpg
coverImageAlt: A desk by a window
summary: A short lede.
{extra}---
Body.
"""


def build(tmp_path: Path, extra_settings: str = "", extra_front: str = "") -> Build:
    site = write_files(
        tmp_path,
        {
            "content/desk.md": POST.format(extra=extra_front),
            "content/images/desk.jpg": photo(3000, 2000),
        },
    )
    built = pelican(site, SITE + extra_settings, "output", "--fatal", "warnings")
    assert built.returncode == 0, built.log
    return built


def metas(page: BeautifulSoup) -> dict[str, list[str]]:
    """Every ``<meta>`` of the head, by property or name, in order."""
    found: dict[str, list[str]] = {}
    for tag in page.head.find_all("meta", content=True):
        key = tag.get("property") or tag.get("name")
        found.setdefault(key, []).append(tag["content"])
    return found


def schemas(page: BeautifulSoup) -> list[dict[str, Any]]:
    return [
        json.loads(script.string)
        for script in page.find_all("script", type="application/ld+json")
    ]


def social_copy(built: Build, url: str) -> tuple[str | None, tuple[int, int]]:
    """The format and size of the file an absolute URL of the site names."""
    assert url.startswith(f"{SITEURL}/images/desk-1200."), url
    with Image.open(built.output / url.removeprefix(f"{SITEURL}/")) as image:
        return image.format, image.size


def test_with_pelican_seo_the_social_image_is_the_1200_px_copy(tmp_path: Path) -> None:
    built = build(tmp_path, SEO)
    page = built.html("at-the-desk.html")
    meta = metas(page)
    [url] = meta["og:image"]
    assert social_copy(built, url) == ("JPEG", (1200, 800))
    assert meta["og:image:width"] == ["1200"]
    assert meta["og:image:height"] == ["800"]
    assert meta["og:image:alt"] == ["A desk by a window"]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["twitter:image"] == [url]
    assert meta["twitter:image:alt"] == ["A desk by a window"]
    image = page.head.find("meta", property="og:image")
    following = [t.get("property") for t in image.find_all_next("meta", limit=3)]
    assert following == ["og:image:alt", "og:image:width", "og:image:height"]
    # pelican-seo's Article schema is given the same copy; the theme writes none.
    [article] = [s for s in schemas(page) if s.get("@type") == "Article"]
    assert url in json.dumps(article["image"])
    assert not [s for s in schemas(page) if s.get("@type") == "BlogPosting"]
    assert "desk.jpg" not in json.dumps(meta)  # the 1.1 MB original goes nowhere


def test_with_pelican_seo_the_authors_og_image_is_kept_without_the_copys_size(
    tmp_path: Path,
) -> None:
    own = "https://cdn.example/share.png"
    built = build(tmp_path, SEO, f"og_image: {own}\n")
    meta = metas(built.html("at-the-desk.html"))
    assert meta["og:image"] == [own]
    # The cover's alt text and the copy's size would describe another image.
    for name in ("og:image:alt", "og:image:width", "og:image:height"):
        assert name not in meta, name
    assert "twitter:image" not in meta  # cards fall back to og:image


def test_json_ld_image_is_the_1200_px_copy_with_its_size(tmp_path: Path) -> None:
    built = build(tmp_path)
    page = built.html("at-the-desk.html")
    [posting] = [s for s in schemas(page) if s["@type"] == "BlogPosting"]
    image = posting["image"]
    assert (image["width"], image["height"]) == (1200, 800)
    assert social_copy(built, image["url"]) == ("JPEG", (1200, 800))
    meta = metas(page)
    assert meta["og:image"] == meta["twitter:image"] == [image["url"]]


def test_without_resizing_json_ld_and_og_image_name_the_original(
    tmp_path: Path,
) -> None:
    built = build(tmp_path, "REFLECTIONS_RESPONSIVE_IMAGES = False\n")
    page = built.html("at-the-desk.html")
    [posting] = [s for s in schemas(page) if s["@type"] == "BlogPosting"]
    original = f"{SITEURL}/images/desk.jpg"
    assert posting["image"] == {
        "@type": "ImageObject",
        "url": original,
        "width": 3000,
        "height": 2000,
    }
    assert metas(page)["og:image"] == [original]
    assert not list((built.output / "images").glob("desk-*"))


def test_with_pelican_seo_and_no_resizing_the_original_keeps_its_size(
    tmp_path: Path,
) -> None:
    built = build(tmp_path, SEO + "REFLECTIONS_RESPONSIVE_IMAGES = False\n")
    meta = metas(built.html("at-the-desk.html"))
    assert meta["og:image"] == [f"{SITEURL}/images/desk.jpg"]
    assert (meta["og:image:width"], meta["og:image:height"]) == (["3000"], ["2000"])
