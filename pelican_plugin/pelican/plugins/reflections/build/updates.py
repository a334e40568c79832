"""The Updates page and its Atom feed: every update across the site, newest first.

A generator after Pelican's own (``get_generators``) lists the updates of the
published articles (``context["articles"]``: no drafts, hidden posts or other
languages' translations) whose date is later than the post's, as the theme's
update note counts them; a date-only update is listed with no note. The page is
written through the build's writer (so incremental rebuilds keep it when nothing
it shows changed) from the theme's ``updates.html``. A theme without that
template gets no page (one INFO line), and the feed only when
``REFLECTIONS_UPDATES_FEED_ATOM`` is in the site's settings: otherwise such a site
is written as stock Pelican writes it (Pelican's own suite checks). The feed has one
entry per update, so a feed reader shows a revision as news; it is written only
when its text changed. Nothing is written while the site has no update.

Settings: ``REFLECTIONS_UPDATES_SAVE_AS`` / ``_URL``,
``REFLECTIONS_UPDATES_FEED_ATOM`` / ``_URL`` ("" turns either off) and
``REFLECTIONS_UPDATES_LIMIT``.
"""

from __future__ import annotations

import datetime
import html
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple
from urllib.parse import urlparse

from pelican import signals
from pelican.generators import Generator, PelicanTemplateNotFound
from pelican.utils import sanitised_join

from .. import settings
from ..models import Update
from ..theming.dates import local_date
from ..theming.languages import same_language
from ..theming.templating import is_bundled_theme, translations
from ..theming.titles import title_text, typogrified
from .feeds import _BLOCK_START, _LANG_MARK, _Atom1FeedWithLang

__all__ = ["CONTEXT_KEY", "Entry", "Links", "UpdatesGenerator", "entries"]

logger = logging.getLogger(__name__)

CONTEXT_KEY = "reflections_updates"  # a ``Links`` while the site has updates
TEMPLATE = "updates"
FEED_SETTING = "REFLECTIONS_UPDATES_FEED_ATOM"
ANCHOR = "updates"  # the id of the theme's update note (partials/update_note.html)


class Entry(NamedTuple):
    """One update on the Updates page and in its feed."""

    article: Any
    date: datetime.datetime
    note: str  # trusted HTML; "" for a date-only update
    anchor: str  # the fragment of the post's update note ("" when it has none)
    ident: str  # unique among the post's updates: the date, "-2" for a second


# In each entry's id: how a file in the output is known as this feed.
_MARK = "#update-"


class Links(NamedTuple):
    """Where the page and the feed are, for the footer and the page ("": off)."""

    url: str
    save_as: str
    feed_url: str


def _later_updates(article: Any) -> list[Update]:
    updates = getattr(article, "updates", None)
    if not isinstance(updates, list) or isinstance(updates, str):
        return []  # not the plugin's (a stock "Updates:" line is text)
    date = getattr(article, "date", None)
    return [u for u in updates if isinstance(u, Update) and date and u.date > date]


def has_updates(articles: Iterable[Any]) -> bool:
    """Whether any of ``articles`` has an update later than its date."""
    return any(_later_updates(article) for article in articles)


def entries(articles: Iterable[Any], limit: int, anchors: bool) -> list[Entry]:
    """The updates of ``articles``, newest first (ties: newer post first), at most
    ``limit`` (0: all); ``anchors``: link to the theme's update note, for posts
    that have one (an update with a note)."""
    found: list[Entry] = []
    for article in articles:
        later = _later_updates(article)
        anchor = ANCHOR if anchors and any(u.note for u in later) else ""
        seen: dict[str, int] = {}
        for update in later:
            stamp = update.date.isoformat()
            seen[stamp] = seen.get(stamp, 0) + 1
            ident = stamp if seen[stamp] == 1 else f"{stamp}-{seen[stamp]}"
            found.append(Entry(article, update.date, update.note, anchor, ident))
    found.sort(
        key=lambda e: (
            e.date,
            e.article.date,
            str(getattr(e.article, "source_path", "") or ""),
        ),
        reverse=True,
    )
    return found[:limit] if limit else found


def _joined(base: str, path: str) -> str:
    """``base`` and a site-relative ``path``, as Pelican's writer joins them."""
    return f"{base.rstrip('/')}/{path.lstrip('/')}" if base else f"/{path}"


class UpdatesGenerator(Generator):
    """Writes the Updates page and its feed after the articles are read."""

    template: Any = None  # the theme's page template, found at generate_context
    feed_path = ""  # where the feed is written ("": no feed)
    gone_feed = ""  # where an earlier build may have written it (no update now)

    def _options(self) -> settings.ReflectionsSettings:
        return settings.current(self.settings)

    def _page_template(self, feed: bool) -> Any | None:
        """The theme's ``updates`` template; None (logged) when it has none."""
        try:
            return self.get_template(TEMPLATE)
        except PelicanTemplateNotFound:
            logger.info(
                "No Updates page: the theme has no %s.html template; %s",
                TEMPLATE,
                "the updates feed is still written"
                if feed
                else f"set {FEED_SETTING} for the updates feed",
            )
            return None

    def generate_context(self) -> None:
        """Tell every page where the Updates page and feed are, when they exist."""
        options = self._options()
        self.template, self.feed_path = None, ""
        self.gone_feed = options.updates_feed_atom  # written before, maybe
        if not has_updates(self.context.get("articles") or ()):
            return
        self.gone_feed = ""
        asked = FEED_SETTING in options.given
        feed = options.updates_feed_atom
        if options.updates_save_as or feed:
            self.template = self._page_template(bool(feed) and asked)
        page = options.updates_save_as if self.template is not None else ""
        if self.template is None and not asked:
            feed = ""  # another theme (stock Pelican's output) unless asked for
        self.feed_path = feed
        if page or feed:
            self.context[CONTEXT_KEY] = Links(
                (options.updates_url or page) if page else "",
                page,
                (options.updates_feed_atom_url or feed) if feed else "",
            )

    def generate_output(self, writer: Any) -> None:
        """Write the page (through the build's writer) and the feed."""
        links = self.context.get(CONTEXT_KEY)
        if not isinstance(links, Links):
            self.remove_gone_feed()
            return
        found = entries(
            self.context.get("articles") or (),
            self._options().updates_limit,
            is_bundled_theme(self.settings),
        )
        if links.save_as and self.template is not None:
            writer.write_file(
                links.save_as,
                self.template,
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS"),
                url=links.url,
                updates=found,
                updates_feed=links.feed_url,
            )
        if self.feed_path:
            maximum = self.settings.get("FEED_MAX_ITEMS")
            shown = found[:maximum] if maximum else found
            self.write_feed(shown, self.feed_path, links)

    def remove_gone_feed(self) -> None:
        """With no update left, the feed an earlier build wrote goes (a build from
        scratch writes none): only a file that is this generator's feed."""
        if not self.gone_feed:
            return
        complete = sanitised_join(self.output_path, self.gone_feed)
        try:
            with open(complete, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeError):
            return
        if text.lstrip().startswith("<?xml") and "<feed" in text and _MARK in text:
            os.remove(complete)
            logger.info('Removed "%s": no post has an update now', complete)

    def write_feed(self, shown: list[Entry], path: str, links: Links) -> None:
        """Write the Atom feed to ``path`` unless the file already holds it."""
        text = feed_text(shown, self.context, links)
        complete = sanitised_join(self.output_path, path)
        try:
            with open(complete, encoding="utf-8") as handle:
                if handle.read() == text:
                    return
        except (OSError, UnicodeError):
            pass
        os.makedirs(os.path.dirname(complete), exist_ok=True)
        with open(complete, "w", encoding="utf-8") as handle:
            handle.write(text)
        logger.info('Writing "%s"', complete)


def _note_html(entry: Entry, context: Mapping[str, Any], date_text: str) -> str:
    note = str(typogrified(context, entry.note.strip()))
    if note and not note.startswith(_BLOCK_START):
        note = f"<p>{note}</p>"
    return note or f"<p>{html.escape(date_text)}</p>"


def _entry_id(entry: Entry, site: str) -> str:
    """A tag URI (RFC 4151) for one update: the site's host, the post's date, its
    URL and the update's date; it stays while the post keeps its URL."""
    host = urlparse(site).hostname or "localhost"
    post = entry.article
    return (
        f"tag:{host},{post.date:%Y-%m-%d}:/{str(post.url).lstrip('/')}"
        f"{_MARK}{entry.ident}"
    )


def feed_text(shown: list[Entry], context: Mapping[str, Any], links: Links) -> str:
    """The Atom feed of ``shown``, one entry per update."""
    gettext: Callable[[str], str] = translations(context).gettext
    site = str(context.get("SITEURL") or "")
    domain = str(context.get("FEED_DOMAIN") or site)
    feed_url = _joined(domain, links.feed_url)
    name = str(context.get("SITENAME") or "")
    title = f"{name} - {gettext('Updates')}" if name else gettext("Updates")
    feed = _Atom1FeedWithLang(
        title=title,
        link=_joined(site, links.url) if links.url else _joined(site, ""),
        feed_url=feed_url,
        feed_guid=feed_url,
        description=str(context.get("SITESUBTITLE") or ""),
        language=str(context.get("DEFAULT_LANG") or "") or None,
        author_name=str(context.get("AUTHOR") or name) or None,
    )
    typogrify = bool(context.get("TYPOGRIFY"))
    lang = str(context.get("DEFAULT_LANG") or "en")
    formats = (context.get("DATE_FORMATS"), context.get("DEFAULT_DATE_FORMAT"))
    append_ref = bool(context.get("FEED_APPEND_REF"))
    for entry in shown:
        post = entry.article
        link = _joined(site, str(post.url))
        if append_ref:
            link += "?ref=feed"
        if entry.anchor:
            link += f"#{entry.anchor}"
        when = local_date(entry.date, lang, *formats)  # as the Updates page says it
        authors = [str(a) for a in getattr(post, "authors", None) or ()]
        updated = gettext("Updated %(date)s") % {"date": when}
        own = str(getattr(post, "lang", "") or "")
        # A post in another language than the feed's: xml:lang on its entry.
        marks = {_LANG_MARK: own} if own and not same_language(own, lang) else {}
        feed.add_item(
            title=f"{title_text(post.title, typogrify)} · {updated}",
            link=link,
            description=None,
            content=_note_html(entry, context, updated),
            unique_id=_entry_id(entry, domain),
            pubdate=entry.date,
            updateddate=entry.date,
            author_name=", ".join(authors) or None,
            **marks,
        )
    return feed.writeString("utf-8")


def provide_generator(pelican: Any) -> type[Generator]:
    """Pelican ``get_generators``: the generator of the Updates page and feed."""
    return UpdatesGenerator


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.get_generators.connect(provide_generator)
