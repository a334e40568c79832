"""The output folder as incremental rebuilds see it: a file is the one this plugin
left there while its size and modification time are the ones it noted, or while
its text is the text it wrote (a file written again alike: by a build with
``REFLECTIONS_INCREMENTAL`` off, ``touch``, a copy that kept no times)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, NamedTuple

from .digests import text_digest

__all__ = ["Output", "as_written", "remove", "text_digest_of", "text_of"]

Stat = tuple[int, int]  # size, mtime in ns


class Output(NamedTuple):
    """What the record keeps of one output file. Names and reads are kept as the
    tuple of what was read (shared by every page of one template) and one digest
    of the values read, in that order."""

    templates: tuple[tuple[str, bytes | None], ...]
    names: tuple[str, ...]  # names whose value is the page's own
    names_digest: bytes
    shared_names: tuple[str, ...]  # names whose value all pages share
    shared_digest: bytes
    reads: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]  # post, its reads
    reads_digest: bytes
    wholes: tuple[tuple[str, bytes], ...]
    raw: bytes  # the digest of the file's text as the build left it (b"": unknown)
    stat: tuple[int, int] | None = None  # size and mtime after the build
    modified: bool = False  # changed after writing (content_written receivers)


def as_written(path: str, stat: Stat | None, written: bytes) -> Stat | None:
    """The file's size and mtime now if it is the file noted: the same size and
    mtime, or the same size and the text whose digest is ``written`` (b"": not
    known); None if it is not."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    now = (found.st_size, found.st_mtime_ns)
    if now == stat:
        return now
    if not written or stat is None or stat[0] != now[0]:
        return None
    return now if text_digest_of(path) == written else None


def text_digest_of(path: str) -> bytes:
    """The digest of a written file's text (b"" if it cannot be read)."""
    try:
        return text_digest(text_of(path))
    except (OSError, UnicodeError):
        return b""


def text_of(path: str) -> str:
    """A written file's text, as the writer wrote it."""
    with open(path, encoding="utf-8", errors="surrogateescape") as handle:
        return handle.read()


def remove(
    gone: Mapping[str, tuple[Stat | None, bytes]], root: str, keep: set[str]
) -> int:
    """Remove each file no build makes any longer, if unchanged since it was noted
    (its stat, and the digest of its text) and not named in ``keep``
    (``OUTPUT_RETENTION``), then the folders that left empty under ``root``; the
    number removed."""
    removed = 0
    for path, (stat, written) in gone.items():
        if os.path.basename(path) in keep or as_written(path, stat, written) is None:
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
