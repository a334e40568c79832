"""Feed entries that tell readers a post changed.

Pelican writes the Atom and RSS feeds: ``<updated>`` already comes from
``article.modified`` and the summary from ``article.summary``, and categories.py
gives each entry all its categories. At ``feed_generated`` the entry of an updated
article gets a dated note on top of its content (worded like the theme's, from its
catalogue for ``DEFAULT_LANG``), so the change is visible in a feed reader. RSS 2.0
has no update date of its own, so RSS items also get ``<atom:updated>`` (the
``atom`` namespace is already declared).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from feedgenerator import Rss201rev2Feed, SyndicationFeed
from feedgenerator.django.utils.encoding import iri_to_uri
from feedgenerator.django.utils.feedgenerator import rfc3339_date
from pelican.utils import strftime

from .templating import translations

_FEED_REF = "?ref=feed"
_BLOCK_START = ("<p", "<div", "<ul", "<ol", "<blockquote", "<figure", "<pre", "<h")


class _Rss201rev2FeedWithUpdated(Rss201rev2Feed):
    """RSS 2.0 whose items also carry ``<atom:updated>`` when they were updated."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        """Write Pelican's item elements, then the update date if there is one."""
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


def _all_articles(articles: Iterable[Any]) -> Iterator[Any]:
    for article in articles:
        yield article
        yield from getattr(article, "translations", ())


def _site_path(link: str, site_url: str) -> str:
    """The part of a feed entry's link that is the article's ``url``."""
    link = link.removesuffix(_FEED_REF)
    if site_url and link.startswith(site_url):
        link = link[len(site_url) :]
    return link.lstrip("/")


def update_note_html(article: Any, gettext: Callable[[str], str]) -> str:
    """The newest update as a small dated HTML block ("" when never updated).

    Like the theme's update note, only updates later than the published date count.
    """
    later = [
        u for u in getattr(article, "updates", None) or () if u.date > article.date
    ]
    if not later:
        return ""
    newest = later[0]
    when = html.escape(strftime(newest.date, article.date_format))
    stamp = f'<time datetime="{newest.date.isoformat()}">{when}</time>'
    heading = f"<p><strong>{gettext('Updated %(date)s') % {'date': stamp}}</strong></p>"
    note = newest.note.strip()
    if note and not note.startswith(_BLOCK_START):
        note = f"<p>{note}</p>"
    return f'<div class="update-note">{heading}{note}</div>'


def add_update_notes(
    feed: SyndicationFeed,
    articles: Mapping[str, Any],
    gettext: Callable[[str], str],
) -> None:
    """Put the update note of each updated article on top of its feed entry."""
    site_url = feed.feed["link"].rstrip("/")
    for item in feed.items:
        article = articles.get(_site_path(item["link"], site_url))
        note = update_note_html(article, gettext) if article is not None else ""
        if not note:
            continue
        # Atom: on top of the full content; RSS: on top of the one description.
        key = "content" if item["content"] is not None else "description"
        item[key] = note + (item[key] or "")


def on_feed_generated(context: Mapping[str, Any], feed: SyndicationFeed) -> None:
    """Pelican ``feed_generated``: add update notes before the feed is written."""
    updated = {
        iri_to_uri(a.url): a
        for a in _all_articles(context.get("articles", ()))
        if getattr(a, "updates", None)
    }
    if updated:
        add_update_notes(feed, updated, translations(context).gettext)
    if type(feed) is Rss201rev2Feed:
        feed.__class__ = _Rss201rev2FeedWithUpdated
