"""What both commands share: the settings they read, as ``pelican`` reads them,
the usage error that ends a run with exit status 2, and paths as the user types.

Settings come from ``-s FILE``, else from ``pelicanconf.py`` in the current folder
when there is one, else from Pelican's defaults.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from pelican.settings import read_settings

from .check import captured_logs

__all__ = [
    "DEFAULT_CONTENT",
    "DEFAULT_SETTINGS_FILE",
    "UsageError",
    "load_settings",
    "settings_path",
    "shown",
]

DEFAULT_SETTINGS_FILE = "pelicanconf.py"
DEFAULT_CONTENT = "content"


class UsageError(Exception):
    """Bad usage: a missing folder or settings file (exit status 2)."""


def shown(path: str) -> str:
    """A path as the user can open it: relative to here unless it lies above."""
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


def settings_path(given: str | None) -> str | None:
    """The settings file to read: ``given``, else ``pelicanconf.py`` if here."""
    if given is None:
        return DEFAULT_SETTINGS_FILE if os.path.isfile(DEFAULT_SETTINGS_FILE) else None
    if not os.path.isfile(given):
        raise UsageError(f"no settings file {given}")
    return given


def load_settings(
    settings_file: str | None, content_dir: str | None
) -> tuple[dict[str, Any], list[logging.LogRecord]]:
    """Pelican's settings the way ``pelican`` reads them, and what it logged."""
    override: dict[str, Any] = {}
    if content_dir or not settings_file:
        content = content_dir or DEFAULT_CONTENT
        if not os.path.isdir(content):
            raise UsageError(f"no content folder {content}")
        override["PATH"] = os.path.abspath(content)
    sys.dont_write_bytecode = True  # reading pelicanconf.py must not write a .pyc
    with captured_logs() as records:
        try:
            settings = read_settings(settings_file, override=override)
        except Exception as error:
            message = f"cannot read the settings in {settings_file}: {error}"
            raise UsageError(message) from None
    return settings, records
