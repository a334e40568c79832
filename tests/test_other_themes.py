"""Other themes meet the plugin's values the way they read them: as text."""

from __future__ import annotations

import json
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


def test_with_pelican_seo_a_cover_post_keeps_every_image_tag_once(
    build_site, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # pelican-seo writes seo_report.html to the cwd
    site = build_site(
        {"desk.md": POST, "images/desk.png": png(6, 4)},
        PLUGINS=["reflections", "seo"],
        SITEURL="https://example.org",
        SEO_REPORT=False,
        AUTHOR="Ada",
        SEO_ENHANCER=True,
        SEO_ENHANCER_OPEN_GRAPH=True,
        SEO_ENHANCER_TWITTER_CARDS=True,
    )
    page = site.html("at-the-desk.html")
    head = page.head

    def values(**attrs):
        return [tag["content"] for tag in head.find_all("meta", attrs=attrs)]

    assert values(property="og:image") == ["https://example.org/images/desk.png"]
    assert values(property="og:image:alt") == ["A desk by a window"]
    assert values(property="og:image:width") == ["6"]
    assert values(property="og:image:height") == ["4"]
    assert values(property="og:description") == ["A short lede."]
    assert values(name="twitter:card") == ["summary_large_image"]
    image = head.find("meta", property="og:image")
    following = [t.get("property") for t in image.find_all_next("meta", limit=3)]
    assert following == ["og:image:alt", "og:image:width", "og:image:height"]
    schemas = [
        json.loads(s.string)
        for s in head.find_all("script", type="application/ld+json")
    ]
    articles = [s for s in schemas if s.get("@type") == "Article"]
    assert len(articles) == 1
    assert "desk.png" in json.dumps(articles[0]["image"])
    for name in ("og:title", "og:url", "og:type"):
        assert len(values(property=name)) == 1, name
