"""pelican-reflections: YAML front matter and a theme for reflective posts."""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from . import (
    categories,
    feeds,
    neighbours,
    parallel,
    reader,
    seo,
    settings,
    siteurl,
    slugs,
    templating,
)

__all__ = ["register", "theme_path"]
__version__ = "0.1.0"

_PACKAGE_DIR = Path(__file__).resolve().parent


def theme_path() -> str:
    """Return the directory of the bundled theme, for ``THEME = theme_path()``."""
    installed = _PACKAGE_DIR / "theme"
    if installed.is_dir():
        return str(installed)
    # Editable install / source checkout: pelican_plugin/pelican/plugins/reflections
    source = _PACKAGE_DIR.parents[3] / "theme"
    if source.is_dir():
        return str(source)
    raise FileNotFoundError(f"pelican-reflections theme not found near {_PACKAGE_DIR}")


def register() -> None:
    """Connect the plugin to Pelican's signals (one line per module that listens)."""
    signals.initialized.connect(settings.on_initialized)
    reader.connect()
    slugs.connect()
    parallel.connect()
    signals.generator_init.connect(templating.on_generator_init)
    categories.connect()
    signals.generator_init.connect(siteurl.on_generator_init)
    feeds.connect()
    neighbours.connect()
    seo.connect()
