"""The absolute site URL, for canonical links, OpenGraph and JSON-LD.

With ``RELATIVE_URLS`` Pelican rewrites ``SITEURL`` for each page into a relative
path, but search engines and link previews need absolute URLs. The configured
``SITEURL`` is kept in the template context as ``reflections_site_url`` ("" when
the site has no absolute http(s) URL; the head partials then leave URL tags out).
"""

from __future__ import annotations

from typing import Any

CONTEXT_NAME = "reflections_site_url"


def absolute_site_url(siteurl: str) -> str:
    """``siteurl`` without a trailing slash if it is absolute http(s), else ""."""
    if siteurl.startswith(("https://", "http://")):
        return siteurl.rstrip("/")
    return ""


def on_generator_init(generator: Any) -> None:
    """Pelican ``generator_init``: publish the absolute site URL to templates."""
    generator.context[CONTEXT_NAME] = absolute_site_url(generator.settings["SITEURL"])
