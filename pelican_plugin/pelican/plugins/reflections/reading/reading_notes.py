"""What each reading of a build looked at besides its own file.

The reading notes, for every file the plugin reads, the files it looked for (a
cover: there or not). Whoever keeps readings between builds (``cached_reads``,
for Pelican's content cache) takes the notes at the end of a build; without it
they are only cleared. This module imports nothing of the plugin: the reading
depends on it, never on the cache.
"""

from __future__ import annotations

import os

__all__ = ["looked_for", "take", "was_read"]

# This build: each file read (absolute path) -> {file it looked for: was there}.
_notes: dict[str, dict[str, bool]] = {}


def looked_for(source_path: str | None, path: str, there: bool) -> None:
    """Note that reading ``source_path`` looked for ``path`` and found it or not."""
    if source_path:
        _notes.setdefault(os.path.abspath(source_path), {})[path] = there


def was_read(source_path: str) -> None:
    """Note that the plugin read ``source_path`` in this build (not from a cache)."""
    _notes.setdefault(os.path.abspath(source_path), {})


def take() -> dict[str, dict[str, bool]]:
    """This build's notes, which are then cleared for the next build."""
    notes = dict(_notes)
    _notes.clear()
    return notes
