"""What a post was read from besides its own file, for Pelican's content cache.

Pelican's content cache keeps each file's reading until the file itself changes.
A post's reading here also depends on files it names (its cover, and its size)
and on the settings that say how its keys are read (``REFLECTIONS_ALIASES`` and
friends). A build's ``reading_notes`` say, for every file the plugin reads, the
files it looked for and their stamps; this module keeps them in the cache
folder. The next build, before reading, forgets the cached reading of each file
whose looked-for files came, went or were replaced, and of every file when those
settings changed: the cache never serves a post a cold build would read
differently.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican import signals

from .. import pelican_api
from ..reading import reading_notes
from ..reading.reading_notes import looked_for  # where it was before reading_notes
from ..settings import current

__all__ = ["connect", "looked_for"]

logger = logging.getLogger(__name__)

_RECORD = "reflections-reads.pickle"
_VERSION = 2  # 2: stamps of the files looked for, not whether they were there
# The last build's record (its reading digest and notes), loaded once a build.
_previous: tuple[str, dict[str, dict[str, reading_notes.Stamp]]] | None = None


def _reading_digest(settings: Mapping[str, Any]) -> str:
    """The settings that change how a header is read, as one digest."""
    options = current(settings)
    facts = (
        sorted(options.aliases.items()),
        options.jekyll_tags,
        options.multiple_categories,
    )
    return hashlib.blake2b(repr(facts).encode(), digest_size=12).hexdigest()


def _record_path(settings: Mapping[str, Any]) -> Path:
    return Path(settings["CACHE_PATH"]) / _RECORD


def _load(
    settings: Mapping[str, Any],
) -> tuple[str, dict[str, dict[str, reading_notes.Stamp]]]:
    try:
        with _record_path(settings).open("rb") as handle:
            version, digest, reads = pickle.load(handle)
    except Exception:  # no record, or one from elsewhere: nothing to forget
        return "", {}
    if version != _VERSION or not isinstance(reads, dict):
        return "", {}
    return digest, reads


def forget_stale(generator: Any) -> None:
    """``article_generator_init``/``page_generator_init``: forget the cached
    reading of each file a cold build would read differently now."""
    global _previous
    settings = generator.settings
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")):
        return
    if _previous is None:
        _previous = _load(settings)
    digest, reads = _previous
    if digest and digest != _reading_digest(settings):
        stale = set(reads)
    else:
        stale = {
            source
            for source, looked in reads.items()
            if any(
                reading_notes.stamp_of(path) != seen for path, seen in looked.items()
            )
        }
    content = os.path.abspath(generator.path)
    for source in stale:
        relative = os.path.relpath(source, content)
        pelican_api.forget_cached(generator, relative)
        pelican_api.forget_cached(generator.readers, source)


def save(pelican: Any) -> None:
    """``finalized``: keep this build's notes (and the last build's, for the files
    read from the cache) for the next build."""
    global _previous
    settings = pelican.settings
    before = _previous[1] if _previous is not None else {}
    reads = {s: looked for s, looked in before.items() if os.path.isfile(s)}
    reads.update(reading_notes.take())
    _previous = None
    if not settings.get("CACHE_CONTENT"):
        return
    path = _record_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        with os.fdopen(fd, "wb") as handle:
            record = (_VERSION, _reading_digest(settings), reads)
            pickle.dump(record, handle, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as error:
        logger.warning("Could not keep %s (%s)", path, error)


def _start(_: Any) -> None:
    """``initialized``: a new build notes afresh."""
    global _previous
    reading_notes.take()  # an interrupted build's notes
    _previous = None


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.initialized.connect(_start)
    signals.article_generator_init.connect(forget_stale)
    signals.page_generator_init.connect(forget_stale)
    signals.finalized.connect(save)
