"""Feed entries that tell readers a post changed.

Pelican writes the Atom and RSS feeds: ``<updated>`` already comes from
``article.modified`` and the summary from ``article.summary``. At
``feed_generated`` each entry gets all its article's categories (Pelican writes
the first), and a dated note for each updated article (worded like the theme's,
from its catalogue for ``DEFAULT_LANG``) goes on top of its entry, so the change
is visible in a feed reader. RSS 2.0
has no update date of its own, so RSS items of those articles also get
``<atom:updated>`` (the ``atom`` namespace is already declared). With the bundled
theme, which shows a title as the text it is, each entry's title is that text too
(Pelican strips tags and entities: ``<details> & &amp;`` would lose words). An
Atom entry for a post in another language than ``DEFAULT_LANG`` says its language
(``xml:lang``, the feed's own on ``<feed>``); RSS 2.0 items have no language of
their own. The note's date is written as the site's pages write it (``dates``).
Other feeds are written exactly as stock Pelican writes them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from typing import Any

from feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from feedgenerator.django.utils.encoding import iri_to_uri
from feedgenerator.django.utils.feedgenerator import rfc3339_date
from pelican import signals

from ..theming.dates import local_date
from ..theming.languages import same_language
from ..models import Update
from ..theming.templating import is_bundled_theme, translations
from ..theming.titles import title_text, typogrified

_FEED_REF = "?ref=feed"
_UPDATED_MARK = "reflections_updated"
_LANG_MARK = "reflections_lang"
_BLOCK_START = ("<p", "<div", "<ul", "<ol", "<blockquote", "<figure", "<pre", "<h")


class _Rss201rev2FeedWithUpdated(Rss201rev2Feed):
    """RSS 2.0 whose items also carry ``<atom:updated>`` when they were updated."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        """Write Pelican's item elements, then the update date if there is one."""
        super().add_item_elements(handler, item)
        if item.get(_UPDATED_MARK) and item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


class _Atom1FeedWithLang(Atom1Feed):
    """Atom whose entries in another language than the feed's say theirs
    (``xml:lang``); RSS 2.0 has no such attribute for an item."""

    def item_attributes(self, item: dict[str, Any]) -> dict[str, Any]:
        """Pelican's entry attributes (none), and ``xml:lang`` when it differs."""
        attributes = dict(super().item_attributes(item))
        if item.get(_LANG_MARK):
            attributes["xml:lang"] = item[_LANG_MARK]
        return attributes


def _site_path(link: str, site_url: str) -> str:
    """The part of a feed entry's link that is the article's ``url``."""
    link = link.removesuffix(_FEED_REF)
    if site_url and link.startswith(site_url):
        link = link[len(site_url) :]
    return link.lstrip("/")


def update_note_html(
    article: Any, gettext: Callable[[str], str], date_text: Callable[[Any], str]
) -> str:
    """The newest update as a small dated HTML block ("" when never updated).

    Like the theme's update note, only updates later than the published date
    count, the date is written by ``date_text`` and the note goes through
    typogrify under ``TYPOGRIFY``.
    """
    updates = getattr(article, "updates", None)
    if not isinstance(updates, list):
        return ""  # not the plugin's (a stock "Updates:" line is text)
    later = [u for u in updates if isinstance(u, Update) and u.date > article.date]
    if not later:
        return ""
    newest = later[0]
    when = html.escape(date_text(newest.date))
    stamp = f'<time datetime="{newest.date.isoformat()}">{when}</time>'
    heading = f"<p><strong>{gettext('Updated %(date)s') % {'date': stamp}}</strong></p>"
    note = str(typogrified(article.settings, newest.note.strip()))
    if note and not note.startswith(_BLOCK_START):
        note = f"<p>{note}</p>"
    return f'<div class="update-note">{heading}{note}</div>'


CONTEXT_KEY = "reflections_feed_entries"


class FeedEntries:
    """One build's feed entries that need more than Pelican writes, by URL.

    Made at ``article_generator_finalized`` and kept in that build's context (so
    two Pelican runs in one process, as with i18n-subsites or ``--autoreload``,
    never share it): the articles with several categories or an update note.
    """

    def __init__(self, generator: Any) -> None:
        settings = generator.settings
        self.gettext: Callable[[str], str] = translations(settings).gettext
        self.lang = str(settings.get("DEFAULT_LANG") or "en")
        self.formats = (
            settings.get("DATE_FORMATS"),
            settings.get("DEFAULT_DATE_FORMAT"),
        )
        # Entries in another language than the site's: xml:lang in Atom (with the
        # bundled theme, as its lists mark them; another theme's feeds stay as
        # Pelican writes them).
        self.langs = (
            {
                iri_to_uri(article.url): str(article.lang)
                for article in chain(generator.articles, generator.translations)
                if getattr(article, "lang", None)
                and not same_language(article.lang, self.lang)
            }
            if is_bundled_theme(settings)
            else {}
        )
        self.articles = {
            iri_to_uri(article.url): article
            for article in chain(generator.articles, generator.translations)
            if getattr(article, "updates", None)
            or len(getattr(article, "categories", ())) > 1
        }
        self._notes: dict[str, str] | None = None
        # The bundled theme shows titles as text (escaped): feeds show the same.
        typogrify = bool(generator.settings.get("TYPOGRIFY"))
        self.titles = (
            {
                iri_to_uri(article.url): title_text(article.title, typogrify)
                for article in chain(generator.articles, generator.translations)
            }
            if is_bundled_theme(generator.settings)
            else {}
        )

    def notes(self) -> dict[str, str]:
        """Each update note as feed HTML, made at the first feed (once the links
        in notes are resolved)."""
        if self._notes is None:
            self._notes = {
                url: update_note_html(article, self.gettext, self.date_text)
                for url, article in self.articles.items()
            }
        return self._notes

    def date_text(self, date: Any) -> str:
        """A date as the site's pages write it (``dates.local_date``)."""
        return local_date(date, self.lang, *self.formats)

    def complete(self, feed: SyndicationFeed) -> None:
        """Give each entry all its categories and its update note on top, and in
        Atom its language when it is not the site's."""
        site_url = feed.feed["link"].rstrip("/")
        notes = self.notes()
        updated = foreign = False
        for item in feed.items:
            url = _site_path(item["link"], site_url)
            if url in self.titles:
                item["title"] = self.titles[url]
            if url in self.langs:
                item[_LANG_MARK] = self.langs[url]
                foreign = True
            article = self.articles.get(url)
            if article is None:
                continue
            _all_categories(item, article)
            note = notes.get(url)
            if note:
                updated = item[_UPDATED_MARK] = True
                # Atom: on top of the full content; RSS: of the one description.
                key = "content" if item["content"] is not None else "description"
                item[key] = note + (item[key] or "")
        if updated and type(feed) is Rss201rev2Feed:
            feed.__class__ = _Rss201rev2FeedWithUpdated
        if foreign and type(feed) is Atom1Feed:
            feed.__class__ = _Atom1FeedWithLang
            feed.feed["language"] = feed.feed.get("language") or self.lang


def _all_categories(item: dict[str, Any], article: Any) -> None:
    """Pelican wrote ``[category, *tags]``: put every category before the tags."""
    names = [str(category) for category in getattr(article, "categories", ())]
    current: Sequence[str] = item.get("categories") or ()
    if len(names) > 1 and current and current[0] == names[0]:
        item["categories"] = names + list(current[1:])


def on_article_generator_finalized(generator: Any) -> None:
    """Remember this build's articles whose feed entries need completing."""
    generator.context[CONTEXT_KEY] = FeedEntries(generator)


def on_feed_generated(context: Mapping[str, Any], feed: SyndicationFeed) -> None:
    """Pelican ``feed_generated``: complete the entries before the feed is written."""
    entries = context.get(CONTEXT_KEY)
    if isinstance(entries, FeedEntries) and (
        entries.articles or entries.titles or entries.langs
    ):
        entries.complete(feed)


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.feed_generated.connect(on_feed_generated)
