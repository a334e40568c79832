"""Issue 27, item 1: the Updates page in Chromium, light and dark, desktop and phone.

axe finds nothing and the Nu HTML Checker finds no error, on a site built for it
(a post with an update history of four entries, long titles, a date-only update,
notes with lists, links and code) and on the example site; nothing scrolls
sideways at 320 px.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import pelican, write_files
from pelican.plugins.reflections import theme_path

from .serve import serving
from .support import AXE_RUN, SCHEMES, WIDTHS, Site, nu_errors
from .test_pages import describe_violations, watch_for_breakage

pytestmark = pytest.mark.browser

LONG = (
    "What I learned about rest, recovery and the long quiet weekends after a "
    "decade of saying yes to every request that reached my desk"
)
POSTS = {
    "content/rest.md": f"""
        ---
        title: {LONG}
        date: 2023-01-10
        tags: [rest, work, habits, attention, weekends, craft]
        updates:
          - date: 2024-09-14
            description: |
              Six months on, the weekends have held. Three things changed:

              - the phone stays in a drawer;
              - [the reading list](https://example.org/reading) got shorter;
              - `no-work` weekends became the default.
          - date: 2024-06-01
            description: Added what changed after **the first month**.
          - date: 2024-03-02
          - date: 2023-11-20
            description: Fixed the dates of the second section.
        ---
        Body.
        """,
    "content/work.md": """
        ---
        title: Job vs Career
        date: 2024-02-01
        updatedDate: 2024-05-05
        updateDescription: A paragraph on mentors, and a link to [the source](https://example.org/src).
        ---
        Body of work.
        """,
    "content/quiet.md": """
        ---
        title: A dated revision only
        date: 2024-01-01
        updatedDate: 2024-02-02
        ---
        Body.
        """,
}
SETTINGS = f"""
PLUGINS = ["reflections"]
THEME = {theme_path()!r}
SITENAME = "Notebook"
SITEURL = ""
FEED_DOMAIN = "https://example.org"
AUTHOR = "A. Writer"
TIMEZONE = "UTC"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
RELATIVE_URLS = True
LOAD_CONTENT_CACHE = False
FEED_ALL_ATOM = "feeds/all.atom.xml"
"""
PAGE = "updates.html"


@pytest.fixture(scope="module")
def updates_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("updates_browser")
    write_files(root, POSTS)
    build = pelican(root, SETTINGS)
    assert build.returncode == 0, build.log
    assert (build.output / PAGE).is_file(), build.log
    with serving(build.output) as base_url:
        yield Site(output=build.output, base_url=base_url, build_log=build.log)


def check_axe(site: Site, width: int, scheme: str, new_page: Any, axe: str) -> None:
    page = new_page(width=width, scheme=scheme)
    broken = watch_for_breakage(page)
    response = page.goto(site.url(PAGE), wait_until="load")
    assert response is not None and response.ok
    dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert dark == (scheme == "dark"), "colour-scheme emulation did not apply"
    page.add_script_tag(content=axe)
    violations = page.evaluate(AXE_RUN)
    where = f"{site.url(PAGE)} at {width}px, {scheme}"
    assert violations == [], describe_violations(violations, where)
    assert broken == [], f"console errors or failed loads on {where}: {broken}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_the_updates_page_has_no_axe_violations(
    width_name: str,
    scheme: str,
    updates_site: Site,
    new_page: Any,
    axe_source: str,
    screenshots_dir: Path,
) -> None:
    check_axe(updates_site, WIDTHS[width_name], scheme, new_page, axe_source)
    page = new_page(width=WIDTHS[width_name], scheme=scheme)
    page.goto(updates_site.url(PAGE), wait_until="load")
    rows = page.locator("ol.updates-list > li")
    assert rows.count() == 6
    page.screenshot(
        path=screenshots_dir / f"updates-{WIDTHS[width_name]}-{scheme}.png",
        full_page=True,
        animations="disabled",
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_example_sites_updates_page_has_no_axe_violations(
    scheme: str, site: Site, new_page: Any, axe_source: str
) -> None:
    check_axe(site, WIDTHS["desktop"], scheme, new_page, axe_source)


def test_the_updates_page_is_valid_html(
    updates_site: Site, site: Site, vnu_command: list[str]
) -> None:
    pages = [str(updates_site.output / PAGE), str(site.output / PAGE)]
    errors = nu_errors(vnu_command, pages)
    assert not errors, errors


def test_the_updates_page_does_not_scroll_sideways_at_320px(
    updates_site: Site, new_page: Any
) -> None:
    page = new_page(width=320, height=640)
    page.goto(updates_site.url(PAGE), wait_until="load")
    sizes = page.evaluate(
        "() => [document.documentElement.scrollWidth,"
        " document.documentElement.clientWidth]"
    )
    assert sizes[0] <= sizes[1], f"scrollWidth {sizes[0]} > clientWidth {sizes[1]}"


def test_the_feed_link_in_the_page_and_head_reaches_the_feed(
    updates_site: Site, new_page: Any
) -> None:
    """The page's links: the feed where FEED_DOMAIN says, each post (served)."""
    page = new_page()
    page.goto(updates_site.url(PAGE), wait_until="load")
    head = page.locator('head link[rel=alternate][href$="updates.atom.xml"]')
    assert head.get_attribute("href") == "https://example.org/feeds/updates.atom.xml"
    visible = page.locator('main a[href$="updates.atom.xml"]')
    assert visible.is_visible()
    first = page.locator("ol.updates-list h2 a").first
    first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("#updates")
    assert page.locator("#updates").is_visible()
