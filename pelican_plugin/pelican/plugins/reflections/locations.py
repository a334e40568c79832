"""Where the bundled theme is: inside the wheel, or beside the source checkout.

A site's settings import this package for ``theme_path()`` even when the plugin
is not in ``PLUGINS``: importing it connects ``require_plugin``, which stops a build
of the theme without the plugin with one log line (instead of a Jinja traceback).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

__all__ = ["MARKER", "is_reflections_theme", "require_plugin", "theme_path"]

logger = logging.getLogger(__name__)

_PACKAGE_DIR = Path(__file__).resolve().parent


def _theme_dir() -> Path:
    installed = _PACKAGE_DIR / "theme"
    if installed.is_dir():
        return installed
    # Editable install / source checkout: pelican_plugin/pelican/plugins/reflections
    source = _PACKAGE_DIR.parents[3] / "theme"
    if source.is_dir():
        return source
    raise FileNotFoundError(f"pelican-reflections theme not found near {_PACKAGE_DIR}")


def theme_path() -> str:
    """Return the directory of the bundled theme, for ``THEME = theme_path()``."""
    return str(_theme_dir())


# The file that marks the bundled theme and the copies sites make of it.
MARKER = "reflections-theme.txt"


def is_reflections_theme(theme: object) -> bool:
    """Whether ``THEME`` is the bundled theme or a copy of it (its marker file)."""
    if not theme:
        return False
    folder = Path(str(theme))
    return folder.resolve() == _theme_dir().resolve() or (folder / MARKER).is_file()


def require_plugin(pelican: Any) -> None:
    """Pelican ``initialized``: the bundled theme needs the plugin (or the
    settings of ``templating.standalone_settings()``); without both, log one line
    and exit with status 1."""
    settings = pelican.settings
    if not is_reflections_theme(settings.get("THEME")):
        return
    loaded = getattr(pelican, "plugins", None) or []
    if any(getattr(plugin, "__name__", None) == __package__ for plugin in loaded):
        return
    if "css_color" in (settings.get("JINJA_FILTERS") or {}):  # standalone settings
        return
    logger.critical(
        "THEME is the pelican-reflections theme, which needs its plugin: add "
        '"reflections" to PLUGINS'
    )
    raise SystemExit(1)


# On import, not in register(): a site without the plugin never calls register().
signals.initialized.connect(require_plugin)
