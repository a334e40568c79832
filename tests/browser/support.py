"""What the browser gates share: paths, page names, the built site, skip rules."""

from __future__ import annotations

import json
import os
import re
import subprocess
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


# --- the two checkers, as every gate runs them -------------------------------


_AXE_SCRIPT = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]/*rules*/});
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.join(" "),
      html: n.html,
      summary: n.failureSummary,
    })),
  }));
}"""


def axe_script(*, target_size: bool = False) -> str:
    """The JavaScript that runs axe-core and returns its violations: the default
    rule set, plus target-size (WCAG 2.2 SC 2.5.8, off in axe by default)."""
    rules = ', rules: {"target-size": {enabled: true}}' if target_size else ""
    return _AXE_SCRIPT.replace("/*rules*/", rules)


AXE_RUN = axe_script()
AXE_RUN_WCAG22 = axe_script(target_size=True)


def nu_errors(
    vnu_command: list[str], pages: list[str], root: Path | None = None
) -> str:
    """The Nu HTML Checker's errors over ``pages`` (``--errors-only``), one line
    each with its extract, paths shown relative to ``root``; "" when there are none."""
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # vnu writes its JSON report to stderr; exit status 1 means "found errors".
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        return (
            f"vnu.jar did not answer with JSON (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    errors = [m for m in report["messages"] if m.get("type") != "info"]
    if not errors:
        return ""
    lines = [f"{len(errors)} Nu HTML Checker error(s) in {len(pages)} page(s):"]
    for message in errors:
        where = message.get("url", "").removeprefix("file:")
        if root is not None and where.startswith(f"{root}/"):
            where = where[len(str(root)) + 1 :]
        line = message.get("lastLine", message.get("firstLine", "?"))
        lines.append(f"- {where}:{line}: {message.get('message')}")
        extract = (message.get("extract") or "").strip().replace("\n", " ")
        if extract:
            lines.append(f"    {extract[:160]}")
    return "\n".join(lines)
