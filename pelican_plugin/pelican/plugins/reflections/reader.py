"""The Pelican reader for Markdown files with YAML front matter.

``MarkdownReader`` takes ``.md``, ``.markdown``, ``.mdown`` and ``.mkd`` files
where Pelican's own Markdown reader is in place (a site's ``READERS`` setting and
other plugins' readers win). A file with a ``---`` header is split by
``frontmatter``, its header mapped by ``fields``, and its body rendered with
Python-Markdown and the site's ``MARKDOWN`` settings; a file without one goes
through Pelican's ``MarkdownReader`` unchanged.

Every problem is one log line through Pelican's logger,
``path:line: field: message``. A file with an error is skipped (status ``skip``):
never published half-read, and never cached, so the error is logged on every
build. Warnings are logged when the file is read (like Pelican's own reader
warnings, not again when Pelican takes the file from its content cache).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

from markdown import Markdown
from pelican import readers, signals
from pelican.utils import posixize_path

from . import covers, fields, frontmatter
from .settings import current

__all__ = [
    "MarkdownReader",
    "check_aliases",
    "connect",
    "link_update_notes",
    "on_readers_init",
    "report_alias_errors",
]

logger = logging.getLogger(__name__)

_SKIP: tuple[None, dict[str, Any]] = (None, {"status": "skip"})


class MarkdownReader(readers.MarkdownReader):
    """Markdown with YAML front matter; Pelican's Markdown reader for the rest.

    Named like Pelican's reader because Pelican derives ``metadata["reader"]``
    from the class name, and sites, plugins and Pelican's own tests expect
    "markdown" there.
    """

    file_extensions = readers.MarkdownReader.file_extensions

    def read(self, source_path: str) -> tuple[str | None, dict[str, Any]]:
        """Return (HTML, metadata); (None, {"status": "skip"}) for a bad file."""
        shown = self._shown_path(source_path)
        try:
            text = frontmatter.read_text(source_path)
            if not frontmatter.has_header(text):
                return super().read(source_path)
            header, body, _ = frontmatter.split(text, shown)
        except frontmatter.FrontMatterError as error:
            error.path = shown
            logger.error("%s", error)
            return _SKIP
        md = self._markdown()
        metadata, problems = fields.map(
            header, self.settings, source_path=source_path, render=_renderer(md)
        )
        for problem in problems:
            logger.log(problem.level, "%s", problem.describe(shown))
        if any(problem.is_error for problem in problems):
            return _SKIP
        md.reset()
        return md.convert(body), metadata

    def _markdown(self) -> Markdown:
        """This reader's Markdown instance: like Pelican's, without meta-data.

        Made once per reader and ``reset()`` before each document (bodies,
        summaries and notes alike): a new instance per file costs about 0.5 ms.
        """
        md: Markdown | None = getattr(self, "_front_matter_md", None)
        if md is None:
            md = Markdown(**self.settings["MARKDOWN"])
            if "meta" in md.preprocessors:
                md.preprocessors.deregister("meta")
            self._front_matter_md = md
        self._md = md  # where Pelican's reader keeps it, for plugins that look
        return md

    def _shown_path(self, source_path: str) -> str:
        """The path as Pelican shows it: relative to the content folder."""
        content = self.settings.get("PATH")
        if content:
            relative = os.path.relpath(source_path, content)
            if not relative.startswith(os.pardir):
                return posixize_path(relative)
        return source_path


def _renderer(md: Markdown) -> Callable[[str], str]:
    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


def report_alias_errors(settings: Mapping[str, Any]) -> None:
    """Log one error per REFLECTIONS_ALIASES entry that cannot work."""
    _, errors = fields.alias_table(current(settings).aliases)
    for error in errors:
        logger.error("%s", error)


def check_aliases(pelican: Any) -> None:
    """Pelican ``initialized``: report bad aliases once per build, not per reader."""
    report_alias_errors(pelican.settings)


def on_readers_init(instance: readers.Readers) -> None:
    """Pelican ``readers_init``: take the Markdown extensions Pelican's reader has."""
    chosen = instance.settings.get("READERS") or {}
    for extension in MarkdownReader.file_extensions:
        if extension in chosen:
            continue
        if instance.reader_classes.get(extension) is readers.MarkdownReader:
            instance.reader_classes[extension] = MarkdownReader


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
                if not all(isinstance(update, fields.Update) for update in updates):
                    continue
                seen.add(id(content))
                siteurl = content.get_siteurl()
                linked = [
                    update._replace(note=content._update_content(update.note, siteurl))
                    for update in updates
                ]
                content.updates = content.metadata["updates"] = linked


def connect() -> None:
    """Connect the reader and its cover links to Pelican's signals."""
    signals.initialized.connect(check_aliases)
    signals.readers_init.connect(on_readers_init)
    signals.article_generator_finalized.connect(covers.request_covers)
    signals.page_generator_finalized.connect(covers.request_covers)
    signals.static_generator_finalized.connect(covers.link_covers)
    signals.all_generators_finalized.connect(link_update_notes)
