"""Feed entries that carry what the post carries: every category and the update.

Pelican writes the Atom and RSS feeds (``updated`` already comes from
``article.modified``, the summary from ``article.summary``). At ``feed_generated``
each entry written for an article gets all its categories (Pelican adds only the
first) plus its tags, and, when the article was updated, a dated note on top of
the entry's content so the change is visible in a feed reader. RSS 2.0 has no
update date of its own, so RSS items also get ``<atom:updated>``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from feedgenerator import Rss201rev2Feed, SyndicationFeed
from feedgenerator.django.utils.encoding import iri_to_uri
from feedgenerator.django.utils.feedgenerator import rfc3339_date
from pelican.utils import strftime

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


def entry_categories(article: Any) -> list[str]:
    """Every category in the author's order, then the tags, without repeats."""
    categories = getattr(article, "categories", None) or [
        c for c in [getattr(article, "category", None)] if c
    ]
    names = [str(c) for c in [*categories, *getattr(article, "tags", ())]]
    return list(dict.fromkeys(names))


def update_note_html(article: Any) -> str:
    """The newest update as a small dated HTML block ("" when never updated)."""
    updates = getattr(article, "updates", None)
    if not updates:
        return ""
    newest = updates[0]
    when = strftime(newest.date, article.date_format)
    heading = (
        f'<p><strong>Updated <time datetime="{newest.date.isoformat()}">'
        f"{html.escape(when)}</time></strong></p>"
    )
    note = newest.note.strip()
    if note and not note.startswith(_BLOCK_START):
        note = f"<p>{note}</p>"
    return f'<div class="update-note">{heading}{note}</div>'


def add_article_details(feed: SyndicationFeed, articles: Mapping[str, Any]) -> None:
    """Give each entry of ``feed`` its article's categories and update note."""
    site_url = feed.feed["link"].rstrip("/")
    for item in feed.items:
        article = articles.get(_site_path(item["link"], site_url))
        if article is None:
            continue
        item["categories"] = entry_categories(article)
        note = update_note_html(article)
        if not note:
            continue
        # Atom: on top of the full content; RSS: on top of the one description.
        key = "content" if item["content"] is not None else "description"
        item[key] = note + (item[key] or "")


def on_feed_generated(context: Mapping[str, Any], feed: SyndicationFeed) -> None:
    """Pelican ``feed_generated``: complete the entries before the feed is written."""
    articles = {
        iri_to_uri(a.url): a for a in _all_articles(context.get("articles", ()))
    }
    add_article_details(feed, articles)
    if type(feed) is Rss201rev2Feed:
        feed.__class__ = _Rss201rev2FeedWithUpdated
