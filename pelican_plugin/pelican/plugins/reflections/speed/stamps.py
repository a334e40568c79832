"""The files a build reads from, by size and modification time (``loop``)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["scan"]


def _files(folder: str, skip: str) -> Iterator[os.DirEntry[str]]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=True):
            if os.path.abspath(entry.path) != skip:
                yield from _files(entry.path, skip)
        elif entry.is_file():
            yield entry


def scan(settings: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """The size and modification time of every file under the content and theme
    folders (the output folder left out when it is inside)."""
    skip = os.path.abspath(str(settings.get("OUTPUT_PATH", "")))
    stamps: dict[str, tuple[int, int]] = {}
    overrides = settings.get("THEME_TEMPLATES_OVERRIDES") or ()
    for folder in (settings.get("PATH"), settings.get("THEME"), *overrides):
        if not folder:
            continue
        for entry in _files(str(folder), skip):
            found = entry.stat()
            stamps[os.path.abspath(entry.path)] = (found.st_size, found.st_mtime_ns)
    return stamps
