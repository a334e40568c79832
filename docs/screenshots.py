"""Take README's screenshots of the built example site (light and dark).

Run after `make example`: `.venv/bin/python docs/screenshots.py`.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "example_site" / "output" / "learning-to-rest.html"


def main() -> None:
    """Write docs/screenshot-light.png and docs/screenshot-dark.png."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for scheme in ("light", "dark"):
            page = browser.new_page(
                viewport={"width": 1100, "height": 820}, color_scheme=scheme
            )
            page.goto(PAGE.as_uri())
            page.screenshot(path=ROOT / "docs" / f"screenshot-{scheme}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
