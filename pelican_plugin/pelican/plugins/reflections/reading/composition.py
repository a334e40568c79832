"""Other plugins' Markdown readers, composed with this plugin's.

A plugin such as pelican-jinja2content puts its own reader for ``.md`` files in
``Readers.reader_classes`` at ``readers_init``, before or after this plugin (the
order of ``PLUGINS``). Where that reader is a subclass of Pelican's
``MarkdownReader``, ``adopt`` gives a class that is both: the other reader first,
then this plugin's, so the other reader's pass over the file (jinja2content renders
it with Jinja into a temporary file) runs and hands the result to ``super().read``,
where the YAML front matter is read. A reader that cannot be composed, or one that
reads a file without handing it on, is named in one warning: never a silent switch.

``Adopting`` is the ``reader_classes`` mapping that adopts each reader put in it
for the Markdown extensions, whichever plugin puts it there, and whenever.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pelican import readers, signals

from .reader import MarkdownReader

__all__ = ["Adopting", "adopt", "connect", "on_readers_init"]

logger = logging.getLogger(__name__)

_warned: set[type] = set()

if TYPE_CHECKING:
    _Base = MarkdownReader
else:
    _Base = object


def plugin_name(reader: type) -> str:
    """The plugin a reader class comes from, as ``PLUGINS`` names it."""
    module = reader.__module__.removeprefix("pelican.plugins.")
    return module.split(".", 1)[0]


def _warn_once(reader: type, message: str, *args: object) -> None:
    if reader not in _warned:
        _warned.add(reader)
        logger.warning(message, *args)


class _HandsOn(_Base):
    """Put before another plugin's reader: remembers the path Pelican gave.

    The other reader may hand a temporary file on; this plugin's reader names
    problems and finds page bundles by the path Pelican gave, and reads in this
    process (its workers read the files as written, before the other reader's pass).
    """

    _other: type = object  # the other plugin's reader
    _given: str | None = None
    _reached = False

    def read(self, source_path: str) -> tuple[str | None, dict[str, Any]]:
        self._given, self._reached = source_path, False
        self.rendered_ahead = None  # the workers read files before the other reader
        try:
            result = super().read(source_path)
        finally:
            self._given = None
        if not self._reached:
            other = self._other
            _warn_once(
                other,
                "%s: read by %s.%s, not by reflections: its YAML front matter is "
                'not read by reflections; remove "%s" or "reflections" from PLUGINS',
                self._shown_path(source_path),
                other.__module__,
                other.__qualname__,
                plugin_name(other),
            )
        return result

    def _shown_path(self, source_path: str) -> str:
        self._reached = True
        return super()._shown_path(self._given or source_path)


@functools.cache
def _composed(other: type[readers.MarkdownReader]) -> type[MarkdownReader]:
    # Named like the other reader: Pelican's metadata["reader"] stays as it was.
    return type(
        other.__name__,
        (_HandsOn, other, MarkdownReader),
        {
            "__module__": __name__,
            "__doc__": f"{other.__qualname__}, then reflections' reader.",
            "_other": other,
        },
    )


def adopt(reader: Any) -> Any:
    """The reader class to use for a Markdown extension in place of ``reader``."""
    if reader is None:  # a plugin turned the extension off
        return None
    if reader is readers.MarkdownReader:
        return MarkdownReader
    if isinstance(reader, type) and issubclass(reader, MarkdownReader):
        return reader
    if isinstance(reader, type) and issubclass(reader, readers.MarkdownReader):
        try:
            return _composed(reader)
        except TypeError:  # no consistent method order with this plugin's reader
            pass
    _warn_once(
        reader if isinstance(reader, type) else type(reader),
        "Markdown files are read by %s.%s, which reflections cannot read YAML "
        'front matter through; remove "%s" or "reflections" from PLUGINS',
        getattr(reader, "__module__", "?"),
        getattr(reader, "__qualname__", repr(reader)),
        plugin_name(reader if isinstance(reader, type) else type(reader)),
    )
    return reader


class Adopting(dict[str, Any]):
    """``Readers.reader_classes``: readers put in for ``extensions`` are adopted."""

    def __init__(self, classes: Mapping[str, Any], extensions: Iterable[str]) -> None:
        super().__init__(classes)
        self.extensions = frozenset(extensions)
        for extension in self.extensions & self.keys():
            super().__setitem__(extension, adopt(self[extension]))

    def __setitem__(self, extension: str, reader: Any) -> None:
        if extension in self.extensions:
            reader = adopt(reader)
        super().__setitem__(extension, reader)

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for extension, reader in dict(*args, **kwargs).items():
            self[extension] = reader

    def setdefault(self, extension: str, reader: Any = None) -> Any:  # type: ignore[override]
        if extension not in self:
            self[extension] = reader
        return self[extension]


def on_readers_init(instance: readers.Readers) -> None:
    """Pelican ``readers_init``: read the Markdown extensions (not set in ``READERS``).

    Pelican's reader is replaced; another plugin's reader, put in before or after
    this receiver runs, is composed with this one.
    """
    chosen = instance.settings.get("READERS") or {}
    extensions = [e for e in MarkdownReader.file_extensions if e not in chosen]
    instance.reader_classes = Adopting(instance.reader_classes, extensions)


def connect() -> None:
    """Connect the reader's place among Pelican's readers to ``readers_init``."""
    signals.readers_init.connect(on_readers_init)
