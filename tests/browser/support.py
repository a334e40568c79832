"""What the browser gates share: paths, page names, the built site, skip rules."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_SITE = REPO_ROOT / "example_site"
NODE_MODULES = REPO_ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = REPO_ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Flags for Debian's Chromium on a closed network, run as root (see the env notes):
# without the background-networking ones Chromium keeps dialling Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# The pages every visual gate looks at: name -> how to find it in the output.
PAGE_NAMES = [
    "article",
    "article-with-cover",
    "index",
    "category",
    "tag",
    "archives",
    "about",
]
REFERENCE_ARTICLE = "job-vs-career.html"
# The theme marks the cover figure (or image) with a class containing "cover".
LIST_PAGES = ("index", "archives", "authors", "categories", "tags", "404")
COVER_MARKUP = re.compile(r"<(?:figure|img)\b[^>]*\bclass=\"[^\"]*cover")
WIDTHS = {"desktop": 1280, "phone": 375}
SCHEMES = ["light", "dark"]


def in_ci() -> bool:
    """Whether we run under CI, where a missing tool is a failure, not a skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(what: str, install: str) -> None:
    """Skip (locally) or fail (under CI=true) because a tool is not installed."""
    message = f"{what} is not available: {install}"
    if in_ci():
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


@dataclass(frozen=True)
class Site:
    """The example site built into a temporary directory and served over HTTP."""

    output: Path
    base_url: str
    build_log: str

    def url(self, relative: str) -> str:
        """The served URL of an output file."""
        return f"{self.base_url}/{relative}"

    def html_files(self) -> list[Path]:
        """Every HTML page Pelican wrote."""
        return sorted(self.output.rglob("*.html"))

    def page(self, name: str) -> str:
        """The output path of one of PAGE_NAMES (fails when it is absent)."""
        found = self._find(name)
        if found is None:
            pytest.fail(f"the example site has no {name} page in {self.output}")
        return found

    def _find(self, name: str) -> str | None:
        if name == "article-with-cover":
            for path in sorted(self.output.glob("*.html")):
                if path.stem.startswith(LIST_PAGES):
                    continue
                if COVER_MARKUP.search(path.read_text(encoding="utf-8")):
                    return path.name
            return None
        patterns = {
            "article": [REFERENCE_ARTICLE],
            "index": ["index.html"],
            "archives": ["archives.html"],
            "category": ["category/*.html"],
            "tag": ["tag/*.html"],
            "about": ["pages/about*.html", "about*.html", "**/about/index.html"],
        }[name]
        for pattern in patterns:
            hits = sorted(self.output.glob(pattern))
            if hits:
                return hits[0].relative_to(self.output).as_posix()
        return None
