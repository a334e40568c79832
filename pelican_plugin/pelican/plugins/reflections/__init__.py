"""pelican-reflections: YAML front matter and a theme for reflective posts.

The package's layers are sub-packages: ``reading`` (front matter to metadata),
``build`` (what happens to posts after reading), ``theming`` (the bundled theme's
Jinja environment and filters), ``speed`` (parallel reading, forked rendering,
incremental rebuilds) and ``command`` (``pelican-reflections check|new``). At the
top are what all of them share: ``settings``, ``problems``, ``models`` (the values
kept in Pelican's content cache), ``pelican_api`` and ``locations``.
"""

from __future__ import annotations

from pelican import signals

from . import settings
from .build import (
    categories,
    feeds,
    neighbours,
    pictures,
    seo,
    siteurl,
    slugs,
    unread,
    updates,
)
from .command import preview
from .locations import theme_path
from .reading import composition, reader
from .speed import cached_reads, loop, parallel, writer
from .theming import templating
from .theming.templating import standalone_settings

__all__ = ["register", "standalone_settings", "theme_path"]
__version__ = "0.1.0"


def register() -> None:
    """Connect the plugin to Pelican's signals (one line per module that listens)."""
    signals.initialized.connect(settings.on_initialized)
    reader.connect()
    composition.connect()
    cached_reads.connect()
    slugs.connect()
    parallel.connect()
    signals.initialized.connect(templating.on_initialized)
    signals.generator_init.connect(templating.on_generator_init)
    categories.connect()
    signals.generator_init.connect(siteurl.on_generator_init)
    feeds.connect()
    neighbours.connect()
    pictures.connect()
    seo.connect()
    writer.connect()
    loop.connect()
    unread.connect()
    updates.connect()
    preview.connect()
