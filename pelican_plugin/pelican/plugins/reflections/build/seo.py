"""Living with pelican-seo's enhancer: nothing lost, nothing written twice.

With ``SEO_ENHANCER_OPEN_GRAPH`` (and ``SEO_ENHANCER_TWITTER_CARDS``) on,
pelican-seo writes a page's OpenGraph tags, its Twitter card and an Article
schema, and the bundled theme leaves those to it. pelican-seo reads a post's
image from ``image`` and its description from ``og_description`` or
``description``; it writes neither the image's alt text and size nor a large
Twitter card. So, once covers are linked (``all_generators_finalized``), each
post with a cover gets ``image`` (the absolute URL of the cover's 1200 px copy
when one was made, else of the cover) and each post with a summary gets
``og_description`` (its plain text), unless the author gave them; and after
pelican-seo has written its tags into a page, ``og:image:alt``,
``og:image:width`` and ``og:image:height`` (of that image) are put right after
its ``og:image``, and the card becomes ``summary_large_image`` followed by
``twitter:image`` (and its alt text).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

from pelican import signals
from pelican.contents import Content

from ..theming.plaintext import plain_text
from ..theming.urls import cover_field, social_image

__all__ = ["connect"]

_CONTENT_LISTS = ("articles", "translations", "pages", "hidden_pages")


def _enhancing(settings: dict[str, Any]) -> bool:
    plugins = [str(getattr(p, "__name__", p)) for p in settings.get("PLUGINS") or []]
    seo_on = any(name.rsplit(".", 1)[-1] == "seo" for name in plugins)
    return bool(
        seo_on
        and settings.get("SEO_ENHANCER")
        and settings.get("SEO_ENHANCER_OPEN_GRAPH")
    )


def _site_url(settings: dict[str, Any]) -> str:
    url = str(settings.get("SITEURL") or "")
    return url.rstrip("/") if url.startswith(("https://", "http://")) else ""


def _contents(generators: Iterable[Any]) -> Iterable[Content]:
    for generator in generators:
        yield from chain.from_iterable(
            getattr(generator, name, None) or [] for name in _CONTENT_LISTS
        )


def feed_seo(generators: list[Any]) -> None:
    """``all_generators_finalized``: give pelican-seo the image and description."""
    if not generators or not _enhancing(generators[0].settings):
        return
    site_url = _site_url(generators[0].settings)
    for content in _contents(generators):
        url, _, _ = social_image(getattr(content, "cover", None), site_url)
        if url and not content.metadata.get("og_image"):
            content.image = url
        summary = content.metadata.get("summary")
        if summary and not (
            content.metadata.get("og_description")
            or content.metadata.get("description")
        ):
            content.metadata["og_description"] = plain_text(summary)


def finish_tags(path: str, context: dict[str, Any]) -> None:
    """``content_written`` (after pelican-seo's): complete its image tags."""
    content = context.get("article") or context.get("page")
    if content is None or not _enhancing(context):
        return
    cover = getattr(content, "cover", None)
    if not cover or not getattr(content, "image", None):
        return
    with open(path, encoding="utf-8") as handle:
        from bs4 import BeautifulSoup  # only with pelican-seo: not at start-up

        soup = BeautifulSoup(handle.read(), "html.parser")
    image = soup.find("meta", attrs={"property": "og:image"})
    if image is None or soup.find("meta", attrs={"property": "og:image:alt"}):
        return
    url, width, height = social_image(cover, _site_url(context))
    alt = cover_field(cover, "alt")
    if url == image.get("content"):  # the cover, not the author's own ``og_image``
        extra = {
            "og:image:alt": alt,
            "og:image:width": width,
            "og:image:height": height,
        }
        _insert_after(soup, image, "property", extra)
    card = soup.find("meta", attrs={"name": "twitter:card"})
    if card is not None:
        card["content"] = "summary_large_image"
        if url == image.get("content") and not soup.find(
            "meta", attrs={"name": "twitter:image"}
        ):
            tags = {"twitter:image": url, "twitter:image:alt": alt}
            _insert_after(soup, card, "name", tags)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(str(soup))


def _insert_after(soup: Any, tag: Any, key: str, values: dict[str, Any]) -> None:
    """Put a ``<meta {key}=name content=value>`` after ``tag`` for each value given."""
    after = tag
    for name, value in values.items():
        if value:
            new = soup.new_tag("meta", attrs={key: name, "content": str(value)})
            after.insert_after(new)
            after = new


def _connect_after_others(*_: Any) -> None:
    """``initialized``: connect ``finish_tags`` now, after every plugin's receivers
    (pelican-seo's writes the tags this completes)."""
    signals.content_written.disconnect(finish_tags)
    signals.content_written.connect(finish_tags)


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.all_generators_finalized.connect(feed_seo)
    signals.initialized.connect(_connect_after_others)
