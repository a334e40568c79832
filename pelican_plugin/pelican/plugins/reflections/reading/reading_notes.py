"""What each reading of a build looked at besides its own file.

The reading notes, for every file the plugin reads, the files it looked for (a
cover) and what it found: the file's stamp (a replaced image has new sizes), or
None where there was none. Whoever keeps readings between builds (``cached_reads``,
for Pelican's content cache) takes the notes at the end of a build; without it
they are only cleared. This module imports nothing of the plugin: the reading
depends on it, never on the cache.
"""

from __future__ import annotations

import os
import stat

__all__ = ["Stamp", "looked_for", "stamp_of", "take", "was_read"]

Stamp = tuple[int, int] | None  # a file's size and mtime (ns); None: no file

# This build: each file read (absolute path) -> {file it looked for: its stamp}.
_notes: dict[str, dict[str, Stamp]] = {}


def stamp_of(path: str) -> Stamp:
    """The stamp of the file at ``path`` now (None: no such file)."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return (found.st_size, found.st_mtime_ns) if stat.S_ISREG(found.st_mode) else None


def looked_for(source_path: str | None, path: str) -> None:
    """Note that reading ``source_path`` looked for ``path``, and what it found."""
    if source_path:
        _notes.setdefault(os.path.abspath(source_path), {})[path] = stamp_of(path)


def was_read(source_path: str) -> None:
    """Note that the plugin read ``source_path`` in this build (not from a cache)."""
    _notes.setdefault(os.path.abspath(source_path), {})


def take() -> dict[str, dict[str, Stamp]]:
    """This build's notes, which are then cleared for the next build."""
    notes = dict(_notes)
    _notes.clear()
    return notes
