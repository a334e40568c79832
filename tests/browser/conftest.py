"""Browser quality gates: build the example site once, serve it, drive Chromium.

Everything here is real: the example site is built by the real Pelican (in a
subprocess, so its signals and log filters stay out of the other tests), served
by the standard library's http.server on 127.0.0.1, and rendered by Debian's
Chromium driven by Playwright. axe-core and vnu.jar come from ``node_modules``;
when it is missing and ``npm`` is on PATH, the first test that needs them runs
``npm ci`` once.

Without Chromium, Java or npm the tests skip with a message naming what to
install; with ``CI=true`` they fail instead.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .bigsite import build_big_site, write_big_site
from .serve import serving
from .support import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    EXAMPLE_SITE,
    NODE_MODULES,
    REPO_ROOT,
    SCREENSHOTS,
    VNU_JAR,
    Site,
    missing,
)

# --- tools -----------------------------------------------------------------


@pytest.fixture(scope="session")
def node_tools() -> Path:
    """node_modules with axe-core and vnu.jar, running ``npm ci`` once if needed."""
    if AXE_JS.is_file() and VNU_JAR.is_file():
        return NODE_MODULES
    npm = shutil.which("npm")
    if npm is None:
        missing(
            "npm (for axe-core and vnu-jar)",
            "install Node.js and npm (Debian: apt-get install nodejs npm), "
            "then run `npm ci` in the repository root",
        )
    print(f"\nnode_modules is missing axe-core or vnu-jar: running `{npm} ci`")
    result = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not (AXE_JS.is_file() and VNU_JAR.is_file()):
        pytest.fail(f"`npm ci` failed:\n{result.stdout}\n{result.stderr}")
    return NODE_MODULES


@pytest.fixture(scope="session")
def axe_source(node_tools: Path) -> str:
    """The axe-core script, to inject into each page."""
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vnu_command(node_tools: Path) -> list[str]:
    """The command that starts the Nu HTML Checker."""
    java = shutil.which("java")
    if java is None:
        missing(
            "Java (for the Nu HTML Checker, vnu.jar)",
            "install a Java runtime (Debian: apt-get install default-jre-headless)",
        )
    return [java, "-jar", str(VNU_JAR)]


# --- the site --------------------------------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build example_site with the real Pelican and serve it on 127.0.0.1."""
    root = tmp_path_factory.mktemp("browser_site")
    output = root / "output"
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(EXAMPLE_SITE / "content"),
        "-s",
        str(EXAMPLE_SITE / "pelicanconf.py"),
        "-o",
        str(output),
        "--cache-path",
        str(root / "cache"),
        "--ignore-cache",
        "--log-handler",
        "plain",
    ]
    result = subprocess.run(
        command, cwd=root, capture_output=True, text=True, check=False
    )
    log = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"Pelican could not build the example site:\n{log}")
    with serving(output) as base_url:
        yield Site(output=output, base_url=base_url, build_log=log)


@pytest.fixture(scope="session")
def bigsite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The generated 400-post site (tests/browser/bigsite.py), built with the real
    Pelican and the bundled theme, served on 127.0.0.1."""
    root = write_big_site(tmp_path_factory.mktemp("big_site"))
    result = build_big_site(root)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"Pelican could not build the big site:\n{log}")
    with serving(root / "output") as base_url:
        yield Site(output=root / "output", base_url=base_url, build_log=log)


# --- the browser -----------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, launched once per session through Playwright."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        missing("Playwright for Python", "pip install -e '.[test]'")
    if not Path(CHROMIUM).is_file():
        missing(
            f"Chromium ({CHROMIUM})",
            "install it (Debian: apt-get install chromium) or set CHROMIUM=/path",
        )
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
        except Error as error:
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {error}")
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Open pages in fresh browser contexts (``new_page(width=, scheme=, js=)``)."""
    contexts: list[Any] = []

    def open_page(
        width: int = 1280,
        height: int = 800,
        scheme: str = "light",
        javascript: bool = True,
    ) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            java_script_enabled=javascript,
            bypass_csp=True,
            reduced_motion="reduce",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """build/screenshots, emptied of the previous run's pictures."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS
