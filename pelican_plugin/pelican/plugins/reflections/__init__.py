"""pelican-reflections: YAML front matter and a theme for reflective posts."""

from __future__ import annotations

from pelican import signals

from . import (
    cached_reads,
    categories,
    composition,
    feeds,
    neighbours,
    parallel,
    pictures,
    reader,
    seo,
    settings,
    siteurl,
    slugs,
    templating,
    unread,
    updates,
    writer,
)
from .locations import theme_path

__all__ = ["register", "theme_path"]
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
    unread.connect()
    updates.connect()
