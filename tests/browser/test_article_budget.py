"""The reference article is light, self-contained and readable without JavaScript."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import photo

from .serve import serving
from .support import EXAMPLE_SITE, REFERENCE_ARTICLE, Site

pytestmark = pytest.mark.browser

PAGE_BUDGET_BYTES = 30 * 1024
# The whole article with a camera-sized cover, on a 390 px phone at DPR 2 (#28).
PHONE_BUDGET_BYTES = 200 * 1024
CSS_GZIP_BUDGET_BYTES = 15 * 1024

# The cover is not counted in the page weight. The theme's cover figure (or the
# image itself) carries a class with "cover" in it.
COVER_IMAGES = """() => [...document.querySelectorAll(
    '[class*="cover"] img, img[class*="cover"], [class*="cover"] source'
  )].map(e => e.currentSrc || e.src || e.srcset || "")"""

INLINE_CSS = """() => [...document.querySelectorAll("style")].map(s => s.textContent)
  .concat([...document.querySelectorAll("[style]")].map(e => e.getAttribute("style")))
  .join("\\n")"""


def words(text: str) -> str:
    """Lower-case words joined by single spaces: punctuation and markup ignored."""
    return " ".join(re.findall(r"\w+", text.lower()))


def reference_paragraphs() -> tuple[str, list[str]]:
    """The reference post's title and body paragraphs, read from the source file."""
    source = (EXAMPLE_SITE / "content" / "job-vs-career.md").read_text("utf-8")
    _, header, body = source.split("---\n", 2)
    title = re.search(r"^title:\s*(.+)$", header, re.MULTILINE)
    assert title, "the reference post has no title"
    paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
    return title.group(1).strip(), paragraphs


@pytest.fixture(scope="module", params=["article", "article-with-cover"])
def article_load(
    request: pytest.FixtureRequest, site: Site, browser: Any
) -> dict[str, Any]:
    """Load an article once on a cold cache and record every request it made."""
    name = request.param
    relative = site.page(name)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    finished: list[Any] = []
    failed: list[Any] = []
    page.on("requestfinished", lambda sent: finished.append(sent))
    page.on("requestfailed", lambda sent: failed.append(sent))
    origin = site.base_url + "/"
    # Nothing may leave the machine: requests to other hosts are refused (and
    # recorded as failures, which the host test reports).
    page.route(lambda url: not url.startswith(origin), lambda route: route.abort())
    try:
        page.goto(site.url(relative), wait_until="networkidle")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        covers = set(page.evaluate(COVER_IMAGES))
        inline_css = page.evaluate(INLINE_CSS)
        records = []
        for sent in finished:
            sizes = sent.sizes()
            response = sent.response()
            body = response.body() if response else b""
            records.append(
                {
                    "url": sent.url,
                    "type": sent.resource_type,
                    "bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                    "body": body,
                }
            )
        return {
            "name": name,
            "page": relative,
            "records": records,
            "failed": [r.url for r in failed],
            "covers": covers,
            "inline_css": inline_css,
        }
    finally:
        context.close()


def test_article_weighs_at_most_30_kb_without_its_cover(
    article_load: dict[str, Any],
) -> None:
    """Bytes transferred (headers and bodies, uncompressed) stay within 30 KB."""
    counted = [
        r for r in article_load["records"] if r["url"] not in article_load["covers"]
    ]
    total = sum(r["bytes"] for r in counted)
    detail = "\n".join(
        f"  {r['bytes']:>7} B  {r['type']:<10} {r['url']}" for r in counted
    )
    cover = sum(r["bytes"] for r in article_load["records"]) - total
    summary = f"{article_load['page']}: {total} B in {len(counted)} request(s)"
    print(f"\n{summary} (cover, not counted: {cover} B)\n{detail}")
    if article_load["name"] == "article-with-cover":
        assert cover > 0, "the cover image was not found among the requests"
    assert total <= PAGE_BUDGET_BYTES, (
        f"{summary}, over {PAGE_BUDGET_BYTES} B:\n{detail}"
    )


def test_article_css_is_at_most_15_kb_gzipped(article_load: dict[str, Any]) -> None:
    """All stylesheets plus inline styles, gzipped, stay within 15 KB."""
    sheets = [r for r in article_load["records"] if r["type"] == "stylesheet"]
    css = b"\n".join(r["body"] for r in sheets)
    css += article_load["inline_css"].encode("utf-8")
    size = len(gzip.compress(css, compresslevel=6))
    print(
        f"\n{article_load['page']} CSS: {len(css)} B raw, {size} B gzipped "
        f"({len(sheets)} stylesheet(s): {[r['url'] for r in sheets]})"
    )
    assert size <= CSS_GZIP_BUDGET_BYTES, (
        f"CSS is {size} B gzipped (> {CSS_GZIP_BUDGET_BYTES} B)"
    )


def test_article_requests_nothing_from_other_hosts(
    article_load: dict[str, Any], site: Site
) -> None:
    """Every request goes to the site's own origin: no fonts, scripts or pixels."""
    origin = site.base_url + "/"
    urls = [r["url"] for r in article_load["records"]] + article_load["failed"]
    foreign = [
        u for u in urls if not u.startswith(origin) and not u.startswith("data:")
    ]
    assert foreign == [], f"{article_load['page']} requests other hosts: {foreign}"
    assert not article_load["failed"], f"requests that failed: {article_load['failed']}"


def test_article_is_fully_readable_without_javascript(
    site: Site, new_page: Any
) -> None:
    """With JavaScript off, the title and every paragraph of the post are visible."""
    title, paragraphs = reference_paragraphs()
    page = new_page(width=1280, javascript=False)
    page.goto(site.url(REFERENCE_ARTICLE), wait_until="load")
    shown = page.evaluate(
        """() => {
          const opts = {opacityProperty: true, visibilityProperty: true};
          const blocks = [...document.querySelectorAll(
            "h1, main p, main li, main blockquote")];
          return blocks
            .filter(e => e.checkVisibility(opts)
                         && e.getBoundingClientRect().height > 0)
            .map(e => e.innerText);
        }"""
    )
    visible = words("\n".join(shown))
    assert words(title) in visible, f"the title {title!r} is not visible without JS"
    hidden = [p[:60] for p in paragraphs if words(p) not in visible]
    assert hidden == [], f"paragraphs not visible without JavaScript: {hidden}"


@pytest.fixture(scope="module")
def camera_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The example site with its cover replaced by a 3000x2000 photo-like JPEG."""
    root = tmp_path_factory.mktemp("camera_site")
    content = root / "content"
    shutil.copytree(EXAMPLE_SITE / "content", content)
    cover = content / "images" / "evening-hills.jpg"
    cover.write_bytes(photo(3000, 2000))
    done = subprocess.run(
        [
            sys.executable, "-m", "pelican", str(content),
            "-s", str(EXAMPLE_SITE / "pelicanconf.py"), "-o", str(root / "output"),
            "--cache-path", str(root / "cache"), "--log-handler", "plain",
        ],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.fail(f"Pelican could not build the site:\n{done.stdout}{done.stderr}")
    with serving(root / "output") as base_url:
        yield Site(output=root / "output", base_url=base_url, build_log=done.stdout)


def test_a_phone_loads_the_article_with_a_camera_cover_in_200_kb(
    camera_site: Site, browser: Any
) -> None:
    """Every byte of the article with a 2.3 MB, 3000x2000 cover, at 390 px DPR 2,
    scrolled to the end, stays within 200 KB: the cover comes as a resized WebP."""
    original = (camera_site.output / "images" / "evening-hills.jpg").stat().st_size
    assert original > 1_000_000, f"the generated cover is only {original} B"
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    page = context.new_page()
    finished: list[Any] = []
    page.on("requestfinished", lambda sent: finished.append(sent))
    try:
        page.goto(camera_site.url(camera_site.page("article-with-cover")))
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        cover = page.evaluate("document.querySelector('.cover img').currentSrc")
        rows = [
            (s.sizes()["responseBodySize"] + s.sizes()["responseHeadersSize"], s.url)
            for s in finished
        ]
    finally:
        context.close()
    total = sum(size for size, _ in rows)
    detail = "\n".join(f"  {size:>7} B  {url}" for size, url in rows)
    print(f"\n390 px at DPR 2: {total} B in {len(rows)} request(s)\n{detail}")
    assert cover.endswith(".webp") and "-800." in cover, cover
    assert total <= PHONE_BUDGET_BYTES, f"{total} B, over {PHONE_BUDGET_BYTES} B"
