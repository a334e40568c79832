"""What Markdown writes, the contents, series and related boxes, in Chromium: axe
finds nothing, vnu finds nothing, wide tables scroll alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_pelican

from .serve import serving
from .showcase import FILES, MARKDOWN, PLUGINS, SLUG
from .support import AXE_RUN, SCHEMES, Site, nu_errors
from .test_pages import describe_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The showcase post built with the real Pelican and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("showcase")
    content, output = root / "content", root / "output"
    for name, body in FILES.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            (content / name).write_bytes(body)
        else:
            (content / name).write_text(body, encoding="utf-8")
    run_pelican(content, output, MARKDOWN=MARKDOWN, PLUGINS=PLUGINS, SITEURL="")
    with serving(output) as base_url:
        yield Site(output=output, base_url=base_url, build_log="")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [375, 1280])
def test_markdown_output_has_no_axe_violations(
    width: int, scheme: str, showcase: Site, new_page: Any, axe_source: str
) -> None:
    page = new_page(width=width, scheme=scheme)
    page.goto(showcase.url(SLUG), wait_until="load")
    assert page.locator("nav.series").count() == 1, "the series box is checked too"
    assert page.locator("nav.related").count() == 1, "and the related list"
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN)
    where = f"the Markdown showcase at {width}px, {scheme}"
    assert violations == [], describe_violations(violations, where)


def test_on_a_phone_a_wide_table_scrolls_and_the_page_does_not(
    showcase: Site, new_page: Any
) -> None:
    page = new_page(width=320, height=640)
    page.goto(showcase.url(SLUG), wait_until="load")
    sizes = page.evaluate(
        """() => ({
          page: [document.documentElement.scrollWidth,
                 document.documentElement.clientWidth],
          tables: [...document.querySelectorAll(".table-scroll")]
            .map(e => [e.scrollWidth, e.clientWidth]),
        })"""
    )
    assert sizes["page"][0] <= sizes["page"][1], sizes
    wide, numbered = sizes["tables"]
    assert wide[0] > wide[1], "the wide table should scroll inside its region"
    assert numbered[0] > numbered[1], "so should the line-numbered code"
    page.focus(".table-scroll")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Chromium may animate the keyboard scroll: wait for it (fails after 5 s).
    page.wait_for_function(
        "document.querySelector('.table-scroll').scrollLeft > 0", timeout=5_000
    )


def test_markdown_output_is_valid_html(showcase: Site, vnu_command: list[str]) -> None:
    pages = [str(p) for p in showcase.html_files() if Path(p).name == SLUG]
    errors = nu_errors(vnu_command, pages, showcase.output)
    assert not errors, errors
