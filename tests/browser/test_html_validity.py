"""The Nu HTML Checker finds no error in any page of the example site."""

from __future__ import annotations

import pytest

from .support import Site, nu_errors

pytestmark = pytest.mark.browser


def test_every_generated_page_is_valid_html(site: Site, vnu_command: list[str]) -> None:
    """vnu.jar --errors-only over all HTML pages at once reports nothing."""
    pages = site.html_files()
    assert pages, f"Pelican wrote no HTML into {site.output}"
    errors = nu_errors(vnu_command, [str(p) for p in pages], site.output)
    assert not errors, errors
    print(f"\nvnu.jar: 0 errors in {len(pages)} pages")
