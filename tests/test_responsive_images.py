"""Covers and body images in the sizes readers need (#28), with the real ``pelican``
and real image files made with Pillow."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
from helpers import Build, gif, pelican, photo, write_files
from pelican.plugins.reflections import settings
from pelican.plugins.reflections.build import responsive
from PIL import Image

SITE = """
from pelican.plugins import reflections
THEME = reflections.theme_path()
PLUGINS = ["reflections"]
TIMEZONE = "UTC"
SITEURL = "https://example.org/blog"
STATIC_PATHS = ["images"]
CACHE_PATH = "cache"
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"></svg>\n'


def post(title: str, cover: str = "", body: str = "Text.") -> str:
    line = f"coverImage: {cover}\n" if cover else ""
    return f"---\ntitle: {title}\ndate: 2024-01-02\n{line}---\n{body}\n"


def build(site: Path, extra: str = "", *args: str) -> Build:
    built = pelican(site, SITE + extra, "output", *args)
    assert built.returncode == 0 or "--fatal" in args, built.log
    return built


@pytest.fixture
def site(tmp_path: Path) -> Path:
    body = (
        "Intro.\n\n![A chart]({static}/images/chart.png)\n\n"
        "![A WebP]({static}/images/small.webp)\n\n"
        "![Moving]({static}/images/anim.gif)\n\n"
        "![Vector]({static}/images/logo.svg)\n\n![Far](https://example.com/far.jpg)\n"
    )
    return write_files(
        tmp_path,
        {
            "content/camera.md": post("Camera", "images/camera.jpg", body),
            "content/remote.md": post("Remote", "https://example.com/cover.jpg"),
            "content/images/camera.jpg": photo(3000, 2000),
            "content/images/chart.png": photo(1000, 600, "PNG"),
            "content/images/small.webp": photo(640, 400, "WEBP"),
            "content/images/anim.gif": gif(),
            "content/images/logo.svg": SVG,
        },
    )


def test_a_camera_cover_gets_webp_widths_a_fallback_and_a_social_copy(
    site: Path,
) -> None:
    built = build(site)
    page = built.html("camera.html")
    [figure] = page.select("figure.cover")
    [source] = figure.select("picture > source")
    assert source["type"] == "image/webp"
    candidates = [c.split() for c in source["srcset"].split(", ")]
    assert [w for _, w in candidates] == ["480w", "800w", "1300w"]
    for url, width in candidates:
        assert url.startswith("https://example.org/blog/images/camera-")
        file = built.output / url.removeprefix("https://example.org/blog/")
        with Image.open(file) as image:
            assert image.format == "WEBP"
            assert image.size == (int(width[:-1]), round(int(width[:-1]) * 2 / 3))
    assert source["sizes"] == "(min-width: 686px) 646px, calc(100vw - 2.5rem)"
    img = figure.select_one("picture > img")
    assert (img["width"], img["height"]) == ("3000", "2000")
    assert img["fetchpriority"] == "high" and not img.get("loading")
    fallback = built.output / img["src"].removeprefix("https://example.org/blog/")
    with Image.open(fallback) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 800))
    # The original stays in the output; social previews get the 1200 px copy.
    assert (built.output / "images/camera.jpg").is_file()
    meta = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in page.select("meta[content]")
    }
    assert meta["og:image"] == img["src"] == meta["twitter:image"]
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "800")


def test_body_images_get_size_lazy_loading_and_copies_when_local(site: Path) -> None:
    built = build(site)
    imgs = {
        img["alt"]: img for img in built.html("camera.html").select(".post-body img")
    }
    for img in imgs.values():  # below the cover: all lazy
        assert (img["loading"], img["decoding"]) == ("lazy", "async")
    chart = imgs["A chart"]
    assert (chart["width"], chart["height"]) == ("1000", "600")
    types = [s["type"] for s in chart.parent.select("source")]
    assert chart.parent.name == "picture" and types == ["image/webp"]
    assert chart.parent.select_one("source")["srcset"].endswith(" 1000w")
    assert chart["src"].endswith("/images/chart.png")  # narrower than 1200: itself
    small = imgs["A WebP"]
    srcset = small.parent.select_one("source")["srcset"]
    assert srcset.endswith("/images/small.webp 640w"), srcset  # the original
    assert " 480w" in srcset
    # GIF and SVG: sized, never re-encoded; a remote image as it is.
    assert (imgs["Moving"]["width"], imgs["Moving"]["height"]) == ("1", "1")
    assert (imgs["Vector"]["width"], imgs["Vector"]["height"]) == ("120", "80")
    assert imgs["Moving"].parent.name == imgs["Vector"].parent.name == "p"
    assert imgs["Far"]["src"] == "https://example.com/far.jpg"
    made = sorted(p.name for p in (built.output / "images").iterdir())
    assert not [name for name in made if name.startswith(("anim-", "logo-"))]
    assert (built.output / "images/anim.gif").read_bytes() == gif()


def test_a_remote_cover_is_used_as_it_is(site: Path) -> None:
    built = build(site)
    [img] = built.html("remote.html").select("figure.cover img")
    assert img["src"] == "https://example.com/cover.jpg"
    assert not built.html("remote.html").select("figure.cover picture")


def test_the_first_cover_of_a_list_loads_eagerly_the_others_lazily(
    tmp_path: Path,
) -> None:
    files: dict[str, str | bytes] = {
        f"content/p{n}.md": post(f"Post {n}", f"images/c{n}.jpg") for n in range(3)
    }
    for n in range(3):
        files[f"content/images/c{n}.jpg"] = photo(900, 600, seed=n)
    built = build(write_files(tmp_path, files), "REFLECTIONS_INDEX_COVERS = True\n")
    imgs = built.html("index.html").select(".card figure.cover img")
    assert [img.get("loading") for img in imgs] == [None, "lazy", "lazy"]
    assert all(img.parent.name == "picture" for img in imgs)


def test_a_clean_output_folder_reuses_the_cache_and_encodes_nothing(
    site: Path,
) -> None:
    first = build(site, "", "-D")
    assert "Resized " in first.log
    cache = site / "cache" / responsive.FOLDER
    stamps = {p: p.stat().st_mtime_ns for p in cache.rglob("*.webp")}
    made = {p.name: p.read_bytes() for p in (first.output / "images").iterdir()}
    shutil.rmtree(first.output)
    again = build(site, "", "-D")
    assert "Resized " not in again.log
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*.webp")} == stamps
    assert {p.name: p.read_bytes() for p in (again.output / "images").iterdir()} == made
    # A changed image is encoded again, under a new name.
    os.utime(site / "content/images/chart.png", ns=(1, 1))
    write_files(site, {"content/images/chart.png": photo(1000, 600, "PNG", seed=7)})
    changed = build(site, "", "-D")
    assert changed.log.count("Resized ") == 1, changed.log


def test_a_broken_image_warns_naming_the_post_and_field_and_keeps_the_original(
    tmp_path: Path,
) -> None:
    whole = photo(1600, 1000)
    write_files(
        tmp_path,
        {
            "content/broken.md": post("Broken", "images/cut.jpg"),
            "content/fine.md": post("Fine", "images/fine.jpg"),
            "content/images/cut.jpg": whole[: len(whole) // 3],
            "content/images/fine.jpg": whole,
        },
    )
    built = build(tmp_path)
    lines = [line for line in built.log.splitlines() if "cannot be resized" in line]
    assert len(lines) == 1, built.log
    assert "broken.md: coverImage: the image 'images/cut.jpg'" in lines[0]
    [img] = built.html("broken.html").select("figure.cover img")
    assert img["src"] == "https://example.org/blog/images/cut.jpg"
    assert built.html("fine.html").select("figure.cover picture source")
    fatal = pelican(tmp_path, SITE, "strict", "--fatal", "warnings")
    assert fatal.returncode != 0 and "cannot be resized" in fatal.log


def test_turned_off_covers_and_body_images_are_used_as_they_are(site: Path) -> None:
    built = build(site, "REFLECTIONS_RESPONSIVE_IMAGES = False\n")
    page = built.html("camera.html")
    assert not page.select("picture")
    [img] = page.select("figure.cover img")
    assert img["src"] == "https://example.org/blog/images/camera.jpg"
    og = page.select_one('meta[property="og:image"]')["content"]
    assert og == img["src"]
    assert not [p for p in (built.output / "images").iterdir() if "-" in p.name]
    assert not (site / "cache" / responsive.FOLDER).exists()


def test_copies_are_never_wider_than_the_image() -> None:
    plan = responsive.plan_for((700, 400), "JPEG", (480, 800, 1300), ("WEBP",))
    assert plan is not None
    assert plan.copies == ((700, "WEBP"), (480, "WEBP")) and plan.fallback is None
    assert responsive.plan_for((700, 400), "GIF", (480,), ("WEBP",)) is None


def test_image_settings_are_checked(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        checked = settings.load_settings(
            {"REFLECTIONS_IMAGE_WIDTHS": (0, 800), "REFLECTIONS_IMAGE_FORMATS": ["gif"]}
        )
    assert checked.image_widths == (480, 800, 1300)
    assert checked.image_formats == ("webp",)
    assert "REFLECTIONS_IMAGE_WIDTHS" in caplog.text
    assert "REFLECTIONS_IMAGE_FORMATS" in caplog.text


def test_copies_a_build_no_longer_makes_leave_the_output_folder(site: Path) -> None:
    """A rebuild into the same folder leaves what a cold build writes: a replaced
    image's old copies and a dropped cover's copies go; the user's files stay."""
    first = build(site)
    images = first.output / "images"
    own = images / "mine-480.0123456789abcdef0123.webp"  # the user's, not a copy
    own.write_bytes(b"RIFF")
    old = {p.name for p in images.iterdir() if p.name.startswith("chart-")}
    assert old
    write_files(
        site,
        {
            "content/images/chart.png": photo(1000, 600, "PNG", seed=9),
            "content/camera.md": post("Camera", "", "No cover now."),
        },
    )
    build(site)
    left = {p.name for p in images.iterdir()}
    assert not old & left
    assert not [name for name in left if name.startswith("camera-")]
    assert own.name in left
    own.unlink()
    cold = pelican(site, SITE, "cold")
    assert cold.returncode == 0, cold.log
    assert left - {own.name} == {p.name for p in (cold.output / "images").iterdir()}
