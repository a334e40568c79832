"""The output folder as incremental rebuilds see it: a file is the one this plugin
left there while its size and modification time are the ones it noted."""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["remove", "same_file", "text_of"]

Stat = tuple[int, int]  # size, mtime in ns


def same_file(path: str, stat: Stat | None) -> bool:
    """Whether ``path`` is there with this size and modification time."""
    try:
        found = os.stat(path)
    except OSError:
        return False
    return stat == (found.st_size, found.st_mtime_ns)


def text_of(path: str) -> str:
    """A written file's text, as the writer wrote it."""
    with open(path, encoding="utf-8", errors="surrogateescape") as handle:
        return handle.read()


def remove(gone: Mapping[str, Stat | None], root: str, keep: set[str]) -> int:
    """Remove each file no build makes any longer, if unchanged since it was noted
    and not named in ``keep`` (``OUTPUT_RETENTION``), then the folders that left
    empty under ``root``; the number removed."""
    removed = 0
    for path, stat in gone.items():
        if os.path.basename(path) in keep or not same_file(path, stat):
            continue
        os.remove(path)
        removed += 1
        _prune(os.path.dirname(path), root)
    return removed


def _prune(folder: str, root: str) -> None:
    """Remove ``folder`` and its parents while empty, never ``root`` or above."""
    root = os.path.abspath(root)
    folder = os.path.abspath(folder)
    while folder.startswith(root + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = os.path.dirname(folder)
