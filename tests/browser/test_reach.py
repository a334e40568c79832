"""Issue 27: the tags page of a site with 165 tags passes axe and stays short.

400 posts, 27 categories, 165 tags (tests/test_theme_reach.py builds the same site);
the tags page wraps its terms, each link a 24 px target (WCAG 2.2 target-size).
Archives, year and term pages of a site this size are gated in test_big_site.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from helpers import write_files
from test_existing_sites import pelican
from test_theme_reach import SETTINGS, articles

from .serve import serving
from .support import AXE_RUN_WCAG22, SCHEMES, WIDTHS
from .test_pages import describe_violations

pytestmark = pytest.mark.browser

PAGES = ["tags.html"]


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("reach_browser")
    write_files(root, articles())
    build = pelican(root, SETTINGS.replace("https://example.org", ""))
    assert build.returncode == 0, build.log
    with serving(build.output) as base_url:
        yield base_url


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize("relative", PAGES)
def test_big_site_pages_have_no_axe_violations(
    relative: str,
    width_name: str,
    scheme: str,
    big_site: str,
    new_page: Any,
    axe_source: str,
) -> None:
    page = new_page(width=WIDTHS[width_name], scheme=scheme)
    response = page.goto(f"{big_site}/{relative}", wait_until="load")
    assert response is not None and response.ok
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN_WCAG22)  # target-size on: 165 wrapped links
    where = f"{relative} at {WIDTHS[width_name]}px, {scheme}"
    assert violations == [], describe_violations(violations, where)
    if relative == "tags.html" and width_name == "desktop":
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 2500, f"the tags page is {height}px tall"
