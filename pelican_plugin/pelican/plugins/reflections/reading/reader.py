"""The Pelican reader for Markdown files with YAML front matter.

``MarkdownReader`` takes ``.md``, ``.markdown``, ``.mdown`` and ``.mkd`` files
where Pelican's own Markdown reader is in place (a site's ``READERS`` setting and
other plugins' readers win). Each file goes through ``parsing.parse``, the one
reading path ``check`` takes too: a file with a ``---`` header is split by
``frontmatter``, its header mapped by ``fields``, and its body rendered with
Python-Markdown and the site's ``MARKDOWN`` settings (by ``parallel``'s workers
when they read ahead); a file without one goes through Pelican's
``MarkdownReader``, then the rules that hold for every file.

Every problem is one log line through Pelican's logger,
``path:line: field: message``. A file with an error is skipped (status ``skip``):
never published half-read, and never cached, so the error is logged on every
build. Warnings are logged when the file is read (like Pelican's own reader
warnings, not again when Pelican takes the file from its content cache).
"""

from __future__ import annotations

import copy
import datetime
import logging
import os
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from markdown import Markdown
from pelican import readers, signals
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import posixize_path, set_date_tzinfo

from .. import pelican_api
from ..models import Update
from ..problems import report
from ..settings import current
from . import covers, reading_notes
from .bundles import bundle_metadata, is_bundle
from .parsing import Parsed, parse
from .values import Reading

__all__ = [
    "MarkdownReader",
    "connect",
    "link_update_notes",
    "markdown_problem",
    "usable_markdown_setting",
]

logger = logging.getLogger(__name__)

SKIP: tuple[None, dict[str, Any]] = (None, {"status": "skip"})
# (source path, path as shown) -> {Markdown text: its HTML} made by other processes.
RenderedAhead = Callable[[str, str], Mapping[str, str]]


class MarkdownReader(readers.MarkdownReader):
    """Markdown with YAML front matter; Pelican's Markdown reader for the rest.

    Named like Pelican's reader because Pelican derives ``metadata["reader"]``
    from the class name, and sites, plugins and Pelican's own tests expect
    "markdown" there. ``check`` reads with an instance whose ``render_body`` is
    False and whose ``on_parsed`` collects what each file gave.
    """

    file_extensions: ClassVar[list[str]] = readers.MarkdownReader.file_extensions

    def __init__(self, settings: dict[str, Any]) -> None:
        usable_markdown_setting(settings)
        super().__init__(settings)
        options = current(settings)
        self.keys = options.keys
        self.split_words = options.jekyll_tags
        self.render_body = True
        # Set when other processes render ahead (``parallel``): the HTML they made
        # for a file, by the Markdown text it was made from.
        self.rendered_ahead: RenderedAhead | None = None
        self.on_parsed: Callable[[str, Parsed], None] | None = None
        self._front_matter_md: Markdown | None = None

    def read(self, source_path: str) -> tuple[str | None, dict[str, Any]]:
        """Return (HTML, metadata); (None, {"status": "skip"}) for a bad file."""
        shown = self._shown_path(source_path)
        reading_notes.was_read(source_path)
        # check renders nothing: Markdown never makes a problem
        render = _renderer(self._markdown()) if self.render_body else None
        if render is not None and self.rendered_ahead is not None:
            render = _answered_from(self.rendered_ahead(source_path, shown), render)
        reading = Reading(
            self.settings, self.keys, source_path, render, self.split_words
        )

        def read_native() -> tuple[str, dict[str, Any]]:
            return super(MarkdownReader, self).read(source_path)

        parsed = parse(source_path, shown, reading, render, read_native)
        if self.on_parsed is not None:
            self.on_parsed(source_path, parsed)
        report(parsed.problems)
        if parsed.held_back or parsed.html is None:
            return SKIP
        if is_bundle(shown, self.settings.get("PATH", "")):
            from_folder = bundle_metadata(shown, self.settings, self.process_metadata)
            return parsed.html, {**from_folder, **parsed.metadata}
        return parsed.html, parsed.metadata

    def _markdown(self) -> Markdown:
        """This reader's Markdown instance: like Pelican's, without meta-data.

        Made once per reader and ``reset()`` before each document (bodies,
        summaries and notes alike), not once per file.
        """
        md = self._front_matter_md
        if md is None:
            md = Markdown(**self.settings["MARKDOWN"])
            if "meta" in md.preprocessors:
                md.preprocessors.deregister("meta")
            self._front_matter_md = md
        pelican_api.share_markdown(self, md)
        return md

    def _shown_path(self, source_path: str) -> str:
        """The path as Pelican shows it: relative to the content folder."""
        content = self.settings.get("PATH")
        if content:
            relative = os.path.relpath(source_path, content)
            if not relative.startswith(os.pardir):
                return posixize_path(relative)
        return source_path


def usable_markdown_setting(settings: dict[str, Any]) -> None:
    """A ``MARKDOWN`` setting that is not a dict: one error, Pelican's default.

    Pelican's own reader stops the build with a traceback on it (``None``). The
    settings are the build's, so the error is logged once however many readers
    are made.
    """
    found = settings.get("MARKDOWN")
    if isinstance(found, dict):
        return
    default = copy.deepcopy(DEFAULT_CONFIG["MARKDOWN"])
    logger.error(
        "Setting MARKDOWN must be a dict like {'extensions': [...]}, got %r; "
        "using Pelican's default",
        found,
    )
    settings["MARKDOWN"] = default


def markdown_problem(settings: dict[str, Any]) -> str | None:
    """Why Python-Markdown cannot be made with ``MARKDOWN`` (an extension that
    cannot be loaded, an unknown option), or None. Every Markdown file then fails
    to read, each with an error of its own."""
    found = settings.get("MARKDOWN")
    if not isinstance(found, dict):
        return None  # ``usable_markdown_setting`` says so
    try:
        Markdown(**found)
    except Exception as error:  # whatever the extension raises
        return (
            f"Setting MARKDOWN cannot be used: {type(error).__name__}: {error}; "
            "no Markdown post can be read"
        )
    return None


def _renderer(md: Markdown) -> Callable[[str], str]:
    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


def _answered_from(
    found: Mapping[str, str], render: Callable[[str], str]
) -> Callable[[str], str]:
    """``render``, answered from HTML made ahead where it has the text."""
    if not found:
        return render

    def from_found(text: str) -> str:
        return found[text] if text in found else render(text)

    return from_found


_CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def link_update_notes(generators: list[Any]) -> None:
    """``all_generators_finalized``: resolve ``{filename}`` links in update notes.

    Pelican does this for the summary and ``FORMATTED_FIELDS`` once every file is
    read; notes are HTML from Markdown too, so they get the same treatment.
    """
    seen: set[int] = set()
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, None) or []:
                updates = getattr(content, "updates", None)
                if not isinstance(updates, list) or id(content) in seen:
                    continue
                if not all(isinstance(update, Update) for update in updates):
                    continue
                seen.add(id(content))
                linked = [
                    update._replace(
                        note=pelican_api.resolve_links(content, update.note)
                    )
                    for update in updates
                ]
                content.updates = content.metadata["updates"] = linked


def localize_updates(content: Any) -> None:
    """``content_object_init``: update dates written without an offset take the
    post's time zone (its ``timezone``, else ``TIMEZONE``), as Pelican does for
    ``date`` and ``modified``, in every build: the content cache keeps them as
    written."""
    updates = getattr(content, "updates", None)
    if not isinstance(updates, list) or not updates:
        return
    if all(isinstance(u, Update) and u.date.tzinfo is not None for u in updates):
        return
    zone = getattr(content, "timezone", None)  # Pelican made it a ZoneInfo
    zone = getattr(zone, "key", zone) or content.settings.get("TIMEZONE")
    local = [
        u._replace(date=set_date_tzinfo(u.date, zone)) if isinstance(u, Update) else u
        for u in updates
    ]
    content.updates = content.metadata["updates"] = local


def mark_file_dates(content: Any) -> None:
    """``content_object_init``: ``modified_from_file`` is True when the post's
    ``modified`` is its file's mtime (``DEFAULT_DATE = "fs"``), which Pelican sets
    when the author wrote no update: the theme shows only updates authors wrote.
    The value itself stays, as stock Pelican has it, for other themes and plugins.
    """
    content.modified_from_file = False
    modified = getattr(content, "modified", None)
    source_path = getattr(content, "source_path", None)
    if content.settings.get("DEFAULT_DATE") != "fs" or modified is None:
        return
    if not isinstance(source_path, str):
        return
    try:
        stamp = datetime.datetime.fromtimestamp(os.stat(source_path).st_mtime)
    except (OSError, TypeError, ValueError):
        return
    naive = modified.replace(tzinfo=None) if hasattr(modified, "replace") else None
    content.modified_from_file = naive == stamp


def connect() -> None:
    """Connect the reader and its cover links to Pelican's signals."""
    signals.content_object_init.connect(localize_updates)
    signals.content_object_init.connect(mark_file_dates)
    signals.article_generator_finalized.connect(covers.request_covers)
    signals.page_generator_finalized.connect(covers.request_covers)
    signals.static_generator_finalized.connect(covers.link_covers)
    signals.all_generators_finalized.connect(link_update_notes)
