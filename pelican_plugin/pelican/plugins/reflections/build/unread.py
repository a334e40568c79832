"""Files in the content folder that a build leaves out without a word.

Pelican reads a file under ``ARTICLE_PATHS`` or ``PAGE_PATHS`` only when a reader
takes its extension (``.mdx``, ``.MD`` and ``.txt`` are not read) and copies it
only when it lies in ``STATIC_PATHS`` or a post links to it. ``unread`` names the
text files among the others (images, styles and other assets are left alone, as
posts link to them), and the files a reader would take that are not regular
files (a FIFO would make the build wait forever). The build logs each once, as
INFO, when every generator is done; ``pelican-reflections check`` prints them as
notes.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import stat
from collections.abc import Collection, Iterable
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

__all__ = ["connect", "is_regular", "log_unread", "unread"]

logger = logging.getLogger(__name__)

# Python's own table, not the system's: the same answer on every machine.
_TYPES = mimetypes.MimeTypes()
# Text types that are assets (linked from posts), not writing.
_ASSETS = frozenset({"text/css", "text/javascript", "text/csv"})
# Extensions of Markdown that Pelican's Markdown reader does not take.
_MARKDOWN_LIKE = frozenset({"mdx", "mdoc", "markdoc", "qmd", "rmd", "mdwn", "mkdn"})


def is_regular(path: str) -> bool:
    """Whether ``path`` is a regular file (or a link to one), not a FIFO or device."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # missing or unreadable: reading it says why


def _kind(path: str) -> str:
    """What a file that is not regular is, in a word."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "not a file"
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _is_writing(name: str) -> bool:
    """Whether a file looks like text to publish rather than an asset."""
    kind, _ = _TYPES.guess_type(name, strict=False)
    return kind is None or (kind.startswith("text/") and kind not in _ASSETS)


def _reason(name: str, extension: str) -> str:
    """Why a file with no reader is left out, and what to do about it."""
    shown = f".{extension} files" if extension else "files without an extension"
    reason = f"not read: Pelican has no reader for {shown}"
    if extension.lower() in ("md", "markdown", "mdown", "mkd"):
        return f"{reason} (extensions are case-sensitive: rename it .md)"
    if extension.lower() in _MARKDOWN_LIKE:
        return f"{reason}; rename it .md to publish it as Markdown"
    return (
        f"{reason} and it is not in STATIC_PATHS, so the build leaves it out "
        "unless a post links to it"
    )


def unread(finder: Generator, extensions: Collection[str]) -> list[tuple[str, str]]:
    """(content-relative path, why) for each file a build leaves out silently.

    ``finder`` is any of the build's generators (its ``get_files`` walks the
    content folder as the build does); ``extensions`` are those Pelican's readers
    take (``Readers.extensions``).
    """
    settings = finder.settings
    found: set[str] = set()
    for kind in ("ARTICLE", "PAGE"):
        found |= finder.get_files(
            settings[f"{kind}_PATHS"],
            exclude=settings[f"{kind}_EXCLUDES"],
            extensions=False,
        )
    static = finder.get_files(
        settings["STATIC_PATHS"], exclude=settings["STATIC_EXCLUDES"], extensions=False
    )
    left_out = []
    for relative in sorted(found - static):
        name = os.path.basename(relative)
        extension = os.path.splitext(name)[1][1:]
        if name.startswith("."):
            continue
        if extension in extensions:
            full_path = os.path.join(finder.path, relative)
            if not is_regular(full_path):
                why = (
                    f"not read: {_kind(full_path)}, not a regular file (a build "
                    "would wait on it); remove it or list it in ARTICLE_EXCLUDES"
                )
                left_out.append((relative, why))
        elif _is_writing(name):
            left_out.append((relative, _reason(name, extension)))
    return left_out


def _articles_generator(generators: Iterable[Any]) -> Generator | None:
    """The build's articles generator (else any generator with readers)."""
    found = [g for g in generators if isinstance(g, Generator)]
    found.sort(key=lambda g: not isinstance(g, ArticlesGenerator))
    return found[0] if found else None


def log_unread(generators: list[Any]) -> None:
    """``all_generators_finalized``: one INFO line per file the build left out."""
    finder = _articles_generator(generators)
    if finder is None:
        return
    for relative, why in unread(finder, finder.readers.extensions):
        logger.info("%s: %s", relative, why)


def connect() -> None:
    """Name, once per build, the content files no reader read."""
    signals.all_generators_finalized.connect(log_unread)
