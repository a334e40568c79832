"""The benchmark site's ``pelicanconf.py``: one text for run.py and render.py."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def settings_text(
    plugins: Sequence[str], theme: str, cache: bool, cache_path: Path
) -> str:
    """A pelicanconf.py for one configuration (PLUGINS is explicit: no discovery)."""
    return (
        'AUTHOR = "A. Writer"\n'
        'SITENAME = "Reflections benchmark"\n'
        'SITEURL = "https://bench.example"\n'
        'TIMEZONE = "UTC"\n'
        'DEFAULT_LANG = "en"\n'
        "DEFAULT_PAGINATION = 10\n"
        f"PLUGINS = {list(plugins)!r}\n"
        f"THEME = {theme!r}\n"
        f"CACHE_CONTENT = {cache}\n"
        f"LOAD_CONTENT_CACHE = {cache}\n"
        f"CACHE_PATH = {str(cache_path)!r}\n"
    )
