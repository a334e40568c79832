"""The schema.org ``BlogPosting`` of an article, as data for the theme's ``tojson``.

Built in Python rather than in the template, where it took a dozen
``dict.update`` calls through Jinja on every article page (BENCHMARKS.md). The
template still writes it (``|tojson`` escapes ``<``, ``>``, ``&`` and ``'``) and
may add to it. URL fields need an absolute
``site_url`` and are left out without one.
"""

from __future__ import annotations

import datetime
from typing import Any

from .plaintext import plain_text
from .reads import attribute, reads_recorded
from .titles import title_text
from .urls import social_image


@reads_recorded
def blog_posting(
    article: Any,
    site_url: str = "",
    site_name: str = "",
    author_pages: str | bool = True,
    typogrify: bool = False,
) -> dict[str, Any]:
    """The article's ``BlogPosting``; ``author_pages`` (``AUTHOR_SAVE_AS``): link
    each author's page when truthy; ``typogrify`` (``TYPOGRIFY``): the title is
    HTML, so its text is the headline."""
    published = _iso(attribute(article, "date"))
    modified = attribute(article, "modified")
    if attribute(article, "modified_from_file"):  # the file's mtime: no update
        modified = None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": title_text(attribute(article, "title"), typogrify),
        "datePublished": published,
        "dateModified": _iso(modified) if modified else published,
        "publisher": {"@type": "Organization", "name": site_name},
    }
    summary = attribute(article, "summary")
    if summary:
        data["description"] = plain_text(summary)
    people = []
    for author in attribute(article, "authors") or []:
        person = {"@type": "Person", "name": author.name}
        if site_url and author_pages:
            person["url"] = f"{site_url}/{author.url}"
        people.append(person)
    if people:
        data["author"] = people
    if site_url:
        url = f"{site_url}/{attribute(article, 'url')}"
        data["url"] = url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
        data["publisher"]["url"] = f"{site_url}/"
    image = _image(attribute(article, "cover"), site_url)
    if image:
        data["image"] = image
    categories = attribute(article, "categories")
    if not categories:
        category = attribute(article, "category")
        categories = [category] if category else []
    if categories:
        data["articleSection"] = [category.name for category in categories]
    tags = attribute(article, "tags")
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    lang = attribute(article, "lang")
    if lang:
        data["inLanguage"] = lang
    location = attribute(article, "location")
    if location:
        data["locationCreated"] = {"@type": "Place", "name": location}
    return data


def _iso(moment: datetime.datetime) -> str:
    """ISO 8601 to the second; ``Z`` added to a naive datetime (read as UTC)."""
    text = moment.isoformat(timespec="seconds")
    return text if moment.tzinfo is not None else f"{text}Z"


def _image(cover: Any, site_url: str) -> dict[str, Any] | None:
    """The cover (its 1200 px copy when one was made) as an ``ImageObject`` with
    an absolute http(s) URL, else None."""
    url, width, height = social_image(cover, site_url)
    if not url:
        return None
    image: dict[str, Any] = {"@type": "ImageObject", "url": url}
    if width and height:
        image["width"], image["height"] = width, height
    return image
