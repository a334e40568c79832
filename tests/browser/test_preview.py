"""Issue 31, item 3: a page open in Chromium follows its Markdown file.

``pelican --autoreload --listen`` serves a small site whose pages carry a strict
Content-Security-Policy (scripts and connections from the site only, no inline
script); the page is opened once, the post's Markdown file is edited, and the
page shows the edited text without the test reloading it; an edit to a stylesheet
it links reloads it too. Nothing is logged to the console while the server runs,
and once the server is gone the page asks less and less often.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import write_files
from test_preview import FILES, SETTINGS, preview_server

pytestmark = pytest.mark.browser

CSP = "script-src 'self'; connect-src 'self'"
OVERRIDES = {
    "overrides/partials/extend_head.html": f"""
        <meta http-equiv="Content-Security-Policy" content="{CSP}">
        <link rel="stylesheet" href="/extra/note.css">
        """,
    "content/extra/note.css": ":root { --probe: first; }\n",
}
# An inline script, as the page's CSP refuses it (the reload script is not one).
INLINE = """() => {
  const inline = document.createElement("script");
  inline.textContent = "window.inlineRan = true";
  document.body.append(inline);
}"""
BROWSER_SETTINGS = SETTINGS + 'THEME_TEMPLATES_OVERRIDES = ["overrides"]\n'


def edit(path: Path, old: str, new: str) -> float:
    """Replace ``old`` with ``new`` in ``path``; the time it was written."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return time.monotonic()


def wait_for_probe(page: Any, value: str, since: float) -> float:
    """Seconds from ``since`` until the page's ``--probe`` is ``value`` (the page's
    CSP forbids the eval that ``wait_for_function`` would use)."""
    from playwright.sync_api import Error

    probe = "getComputedStyle(document.documentElement).getPropertyValue('--probe')"
    while time.monotonic() - since < 10:
        try:
            if page.evaluate(probe).strip() == value:
                return time.monotonic() - since
        except Error:  # the page is navigating: ask again
            pass
        time.sleep(0.02)
    pytest.fail(f"--probe is not {value!r} after 10 s")


def test_an_edited_post_shows_in_the_open_page(tmp_path: Path, browser: Any):
    from playwright.sync_api import expect

    site = write_files(tmp_path, {**FILES, **OVERRIDES})
    context = browser.new_context()  # the page's CSP applies (no bypass)
    context.set_default_timeout(15_000)
    page = context.new_page()
    console: list[str] = []
    failed: list[float] = []  # when each error came, once the server is gone
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    try:
        with preview_server(site, BROWSER_SETTINGS, "--autoreload") as base:
            log = site / "serve.log"
            deadline = time.monotonic() + 60
            while "Done: " not in log.read_text():  # Pelican watches from then on
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.05)
            time.sleep(0.5)
            page.goto(base + "/rest.html", wait_until="load")
            body = page.locator("article")
            expect(body).to_contain_text("The first words of the post.")
            assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
            page.evaluate(INLINE)
            assert page.evaluate("window.inlineRan") is None  # the CSP holds
            assert [line for line in console if "Content Security" in line], console
            console.clear()
            page.evaluate("window.notReloaded = true")
            page.wait_for_timeout(1000)  # the stylesheets' first stamps

            written = edit(site / "content" / "rest.md", "first words", "new words")
            expect(body).to_contain_text("The new words of the post.", timeout=10_000)
            took = time.monotonic() - written
            assert page.evaluate("window.notReloaded") is None  # it reloaded itself
            print(f"\nedit of rest.md to the page in Chromium: {took:.2f} s")

            page.evaluate("window.notReloaded = true")
            page.wait_for_timeout(1000)
            written = edit(site / "content" / "extra" / "note.css", "first", "second")
            took_css = wait_for_probe(page, "second", written)
            assert page.evaluate("window.notReloaded") is None
            print(f"edit of a stylesheet to the page in Chromium: {took_css:.2f} s")
            assert console == [], console
        page.on("console", lambda m: failed.append(time.monotonic()))
        page.wait_for_timeout(6000)  # the server is gone: the script backs off
        gaps = [round(b - a, 2) for a, b in itertools.pairwise(failed)]
        print(f"console errors after the server stopped: {len(failed)}, {gaps} s apart")
        # The request in flight when the server stopped may fail on its own line;
        # after it, the script backs off (1 s, 2 s, 4 s …).
        assert 1 <= len(failed) <= 5 and all(gap > 0.9 for gap in gaps[1:]), gaps
        assert took < 5 and took_css < 5
    finally:
        context.close()
