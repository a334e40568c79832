"""The Nu HTML Checker finds no error in any page of the example site."""

from __future__ import annotations

import json
import subprocess

import pytest

from .support import Site

pytestmark = pytest.mark.browser


def test_every_generated_page_is_valid_html(site: Site, vnu_command: list[str]) -> None:
    """vnu.jar --errors-only over all HTML pages at once reports nothing."""
    pages = site.html_files()
    assert pages, f"Pelican wrote no HTML into {site.output}"
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # vnu writes its JSON report to stderr; exit status 1 means "found errors".
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"vnu.jar did not answer with JSON (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    errors = [m for m in report["messages"] if m.get("type") != "info"]
    lines = [f"{len(errors)} Nu HTML Checker error(s) in {len(pages)} page(s):"]
    for message in errors:
        where = message.get("url", "").removeprefix("file:")
        if where.startswith(str(site.output)):
            where = where[len(str(site.output)) + 1 :]
        line = message.get("lastLine", message.get("firstLine", "?"))
        lines.append(f"- {where}:{line}: {message.get('message')}")
        extract = (message.get("extract") or "").strip().replace("\n", " ")
        if extract:
            lines.append(f"    {extract[:160]}")
    assert errors == [], "\n".join(lines)
    print(f"\nvnu.jar: 0 errors in {len(pages)} pages")
