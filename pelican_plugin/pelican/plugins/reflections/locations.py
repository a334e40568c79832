"""Where the bundled theme is: inside the wheel, or beside the source checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["theme_path"]

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
