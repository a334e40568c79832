"""Issue 27 item 5: the gates on a site at scale, not only the example.

The generated site of ``bigsite.py`` (400 posts, 27 categories, 64 tags, very long
titles, a post with 12 tags, one with four updates), built by the real Pelican
with the bundled theme: its representative pages pass axe-core with WCAG 2.2's
``target-size`` rule switched on (it is off in axe's default set), at 390 and
1280 px, light and dark, and the Nu HTML Checker finds no error in them.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup

from .bigsite import (
    CATEGORIES,
    POSTS,
    TAGS,
    TWELVE_TAGS,
    UPDATES,
    representative_pages,
)
from .support import AXE_RUN_WCAG22, SCHEMES, Site, nu_errors
from .test_pages import describe_violations, watch_for_breakage

pytestmark = pytest.mark.browser

PAGES = representative_pages()
WIDTHS = {"phone": 390, "desktop": 1280}


def test_the_big_site_is_the_shape_it_claims(bigsite: Site) -> None:
    """400 posts, every category and tag, the 12 tags and the four updates shown:
    the gates below look at a site that has what the issue describes."""
    log = " ".join(bigsite.build_log.split())
    assert f"Processed {POSTS} articles" in log and "2 pages" in log, log[-2000:]
    assert not re.search(r"\b(ERROR|WARNING|CRITICAL)\b", log), log[-3000:]
    tags_page = BeautifulSoup(
        (bigsite.output / PAGES["tags"]).read_text(encoding="utf-8"), "html.parser"
    )
    listed = " ".join(tags_page.get_text(" ").split())
    assert all(tag in listed for tag in TAGS)
    categories_page = (bigsite.output / PAGES["categories"]).read_text("utf-8")
    assert all(category in categories_page for category in CATEGORIES)
    twelve = BeautifulSoup(
        (bigsite.output / PAGES["article-twelve-tags"]).read_text("utf-8"),
        "html.parser",
    )
    shown = [a.get_text(strip=True) for a in twelve.select("a[href*='tag/']")]
    assert [t for t in TWELVE_TAGS if t in shown] == TWELVE_TAGS, shown
    updated = BeautifulSoup(
        (bigsite.output / PAGES["article-four-updates"]).read_text("utf-8"),
        "html.parser",
    )
    box = updated.find(id="updates")
    assert box is not None, "the four-update post shows no update note"
    text = " ".join(box.get_text(" ").split())
    for _, note in UPDATES:
        assert note.replace("**", "") in text, (note, text)
    assert (bigsite.output / PAGES["index-page-2"]).is_file()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize("page_name", list(PAGES))
def test_big_site_page_has_no_axe_violations(
    page_name: str,
    width_name: str,
    scheme: str,
    bigsite: Site,
    new_page: Any,
    axe_source: str,
) -> None:
    """axe-core (with target-size) finds nothing, nothing fails to load."""
    relative = PAGES[page_name]
    page = new_page(width=WIDTHS[width_name], scheme=scheme)
    broken = watch_for_breakage(page)
    response = page.goto(bigsite.url(relative), wait_until="load")
    assert response is not None and response.ok, f"{relative}: HTTP {response}"
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN_WCAG22)
    where = f"big site {page_name} ({relative}) at {WIDTHS[width_name]}px, {scheme}"
    assert violations == [], describe_violations(violations, where)
    assert broken == [], f"console errors or failed loads on {where}: {broken}"


def test_big_site_pages_are_valid_html(bigsite: Site, vnu_command: list[str]) -> None:
    """vnu.jar --errors-only over the representative pages reports nothing."""
    files = [str(bigsite.output / relative) for relative in PAGES.values()]
    errors = nu_errors(vnu_command, files, bigsite.output)
    assert not errors, errors
