"""Each kind of page, desktop and phone, light and dark: axe finds nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .support import AXE_RUN, PAGE_NAMES, SCHEMES, WIDTHS, Site

pytestmark = pytest.mark.browser


def describe_violations(violations: list[dict[str, Any]], where: str) -> str:
    """axe's violations as lines a person can act on: rule, selector, why."""
    lines = [f"{len(violations)} axe-core violation(s) on {where}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"  <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}")
            lines.append(f"       {node['html'][:160]}")
            for reason in (node["summary"] or "").splitlines():
                if reason.strip():
                    lines.append(f"       {reason.strip()}")
    return "\n".join(lines)


def watch_for_breakage(page: Any) -> list[str]:
    """Collect console errors and failed loads of the page's own resources.

    Chromium asks for /favicon.ico once per browser session, whichever page comes
    first, so that request cannot be judged page by page (`make audit` reports it).
    """

    def on_console(message: Any) -> None:
        url = message.location.get("url", "")
        if message.type == "error" and not url.endswith("/favicon.ico"):
            broken.append(f"console: {message.text} {url}".strip())

    def on_response(response: Any) -> None:
        if response.status >= 400:
            broken.append(f"HTTP {response.status} {response.url}")

    broken: list[str] = []
    page.on("console", on_console)
    page.on("response", on_response)
    return broken


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_page_has_no_axe_violations_and_is_screenshotted(
    page_name: str,
    width_name: str,
    scheme: str,
    site: Site,
    new_page: Any,
    axe_source: str,
    screenshots_dir: Path,
) -> None:
    """axe-core finds nothing, nothing fails to load; a screenshot is saved."""
    relative = site.page(page_name)
    page = new_page(width=WIDTHS[width_name], scheme=scheme)
    broken = watch_for_breakage(page)
    response = page.goto(site.url(relative), wait_until="load")
    assert response is not None and response.ok, f"{relative}: HTTP {response}"
    actual = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert actual == (scheme == "dark"), "colour-scheme emulation did not apply"
    page.screenshot(
        path=screenshots_dir / f"{page_name}-{WIDTHS[width_name]}-{scheme}.png",
        full_page=True,
        animations="disabled",
    )
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN)
    where = f"{page_name} page ({relative}) at {WIDTHS[width_name]}px, {scheme}"
    assert violations == [], describe_violations(violations, where)
    assert broken == [], f"console errors or failed loads on {where}: {broken}"


@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_page_has_no_horizontal_scroll_at_320px(
    page_name: str, site: Site, new_page: Any
) -> None:
    """At 320 CSS px nothing is wider than the viewport."""
    relative = site.page(page_name)
    page = new_page(width=320, height=640)
    page.goto(site.url(relative), wait_until="load")
    overflow = page.evaluate(
        """() => {
          const root = document.documentElement;
          const wide = [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5)
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase()
                 + (e.id ? "#" + e.id : "")
                 + (e.className && typeof e.className === "string"
                    ? "." + e.className.trim().split(/\\s+/).join(".") : ""));
          return {scroll: root.scrollWidth, client: root.clientWidth, wide};
        }"""
    )
    assert overflow["scroll"] <= overflow["client"], (
        f"{relative} scrolls sideways at 320px: scrollWidth {overflow['scroll']} > "
        f"{overflow['client']}; too wide: {overflow['wide']}"
    )
