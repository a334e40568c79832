"""Feed entries that tell readers a post changed.

Pelican writes the Atom and RSS feeds: ``<updated>`` already comes from
``article.modified`` and the summary from ``article.summary``, and categories.py
gives each entry all its categories. Once per build a dated note is written for
each updated article (worded like the theme's, from its catalogue for
``DEFAULT_LANG``), and at ``feed_generated`` it goes on top of the article's entry,
so the change is visible in a feed reader. RSS 2.0
has no update date of its own, so RSS items of those articles also get
``<atom:updated>`` (the ``atom`` namespace is already declared). Feeds without an
updated front-matter post are written exactly as stock Pelican writes them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from itertools import chain
from typing import Any

from feedgenerator import Rss201rev2Feed, SyndicationFeed
from feedgenerator.django.utils.encoding import iri_to_uri
from feedgenerator.django.utils.feedgenerator import rfc3339_date
from pelican import signals
from pelican.utils import strftime

from .fields import Update
from .templating import translations

_FEED_REF = "?ref=feed"
_UPDATED_MARK = "reflections_updated"
_BLOCK_START = ("<p", "<div", "<ul", "<ol", "<blockquote", "<figure", "<pre", "<h")


class _Rss201rev2FeedWithUpdated(Rss201rev2Feed):
    """RSS 2.0 whose items also carry ``<atom:updated>`` when they were updated."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        """Write Pelican's item elements, then the update date if there is one."""
        super().add_item_elements(handler, item)
        if item.get(_UPDATED_MARK) and item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


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
    updates = getattr(article, "updates", None)
    if not isinstance(updates, list):
        return ""  # not the plugin's (a stock "Updates:" line is text)
    later = [u for u in updates if isinstance(u, Update) and u.date > article.date]
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


def add_update_notes(feed: SyndicationFeed, notes: Mapping[str, str]) -> None:
    """Put the note of each updated article (``notes`` by URL) on top of its entry."""
    site_url = feed.feed["link"].rstrip("/")
    for item in feed.items:
        note = notes.get(_site_path(item["link"], site_url))
        if not note:
            continue
        item[_UPDATED_MARK] = True
        # Atom: on top of the full content; RSS: on top of the one description.
        key = "content" if item["content"] is not None else "description"
        item[key] = note + (item[key] or "")


class UpdateNotes:
    """Per build: the feed note of each updated article, by its URL."""

    def __init__(self) -> None:
        self.articles: dict[str, Any] = {}
        self.gettext: Callable[[str], str] = str
        self._by_url: dict[str, str] | None = None

    def collect(self, generator: Any) -> None:
        """Pelican ``article_generator_finalized``: this build's updated articles."""
        self.gettext = translations(generator.settings).gettext
        self.articles = {
            iri_to_uri(article.url): article
            for article in chain(generator.articles, generator.translations)
            if getattr(article, "updates", None)
        }
        self._by_url = None

    @property
    def by_url(self) -> dict[str, str]:
        """The notes, written at the first feed (once links in notes are resolved)."""
        if self._by_url is None:
            notes = {
                url: update_note_html(article, self.gettext)
                for url, article in self.articles.items()
            }
            self._by_url = {url: note for url, note in notes.items() if note}
        return self._by_url

    def on_feed_generated(self, context: Any, feed: SyndicationFeed) -> None:
        """Pelican ``feed_generated``: add the notes before the feed is written."""
        if not self.by_url:
            return
        add_update_notes(feed, self.by_url)
        if type(feed) is Rss201rev2Feed:
            feed.__class__ = _Rss201rev2FeedWithUpdated


_notes = UpdateNotes()


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.article_generator_finalized.connect(_notes.collect)
    signals.feed_generated.connect(_notes.on_feed_generated)
