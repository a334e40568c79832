"""What a page's ``<head>`` says about it, worked out once for the head partials.

``head_meta.html`` passes what is the page's own (its post, the file written, the
URL of the list page, the name of the category, tag or author it lists) and gets a
``HeadMeta``: the canonical URL, title, description, cover image and which tags
pelican-seo's enhancer writes instead. ``opengraph.html``, ``twitter.html`` and
``head_meta.html`` itself then only print it. The settings it reads are the
build's (the same for every page); the page's own values come through the
template, so incremental rebuilds record them as the template's reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from jinja2 import pass_context

from .plaintext import plain_text
from .titles import title_text
from .urls import social_image

__all__ = ["HeadMeta", "head_meta"]

_ABSOLUTE = ("https://", "http://")


class HeadMeta(NamedTuple):
    """A page's machine-readable facts; "" (or None) where it has none."""

    site_url: str  # absolute http(s) site URL, "" without one
    doc: Any  # the article or page, None on a list page
    is_article: bool
    seo: bool  # pelican-seo's enhancer writes the canonical link
    seo_og: bool  # ... and og:type/url/title/description/image
    seo_twitter: bool  # ... and the Twitter card
    canonical: str
    title: str
    description: str
    cover: Any
    image: str  # the cover (its 1200 px copy when made) as an absolute URL
    image_width: int | None
    image_height: int | None


@pass_context
def head_meta(
    context: Mapping[str, Any],
    doc: Any,
    is_article: bool,
    path: str,
    output_file: str,
    listed: str,
) -> HeadMeta:
    """Jinja global: the facts of the page whose post is ``doc`` (None on a list),
    written to ``output_file`` at ``path`` (site-relative, "" when unknown), listing
    the category, tag or author named ``listed`` ("" for none)."""
    site_url = _site_url(context)
    seo = bool(doc) and _seo_enabled(context)
    seo_og = seo and bool(context.get("SEO_ENHANCER_OPEN_GRAPH"))
    seo_twitter = seo_og and bool(context.get("SEO_ENHANCER_TWITTER_CARDS"))
    if doc:
        path = str(doc.url or "")
    not_found = output_file.split("/")[-1] == "404.html"  # served at any address
    canonical = ""
    if site_url and path and not not_found:
        canonical = f"{site_url}/{path[:-10] if path.endswith('index.html') else path}"
    if doc:
        title = title_text(doc.title, bool(context.get("TYPOGRIFY")))
        description = plain_text(doc.summary) if doc.summary else ""
    else:
        title = listed or str(context.get("SITENAME") or "")
        subtitle = context.get("SITESUBTITLE")
        description = plain_text(subtitle) if subtitle else ""
    cover = getattr(doc, "cover", None) if doc else None
    cover = cover or None
    image, width, height = _image(cover, site_url)
    return HeadMeta(
        site_url,
        doc or None,
        bool(is_article),
        seo,
        seo_og,
        seo_twitter,
        canonical,
        title,
        description,
        cover,
        image,
        width,
        height,
    )


def _site_url(context: Mapping[str, Any]) -> str:
    """``reflections_site_url`` (the configured SITEURL even under RELATIVE_URLS),
    else SITEURL when absolute, else ""."""
    if "reflections_site_url" in context:
        return str(context["reflections_site_url"] or "")
    site_url = str(context.get("SITEURL") or "")
    return site_url if site_url.startswith(_ABSOLUTE) else ""


def _seo_enabled(context: Any) -> bool:
    """pelican-seo loaded with its enhancer on (Pelican's ``plugin_enabled`` test)."""
    enabled = context.environment.tests.get("plugin_enabled")
    return bool(enabled is not None and enabled("seo") and context.get("SEO_ENHANCER"))


def _image(cover: Any, site_url: str) -> tuple[str, int | None, int | None]:
    """The cover for social previews (``social_image``: its 1200 px copy when
    one was made)."""
    return social_image(cover, site_url)
