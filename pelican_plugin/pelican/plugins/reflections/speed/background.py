"""Caches written in a thread, so a build ends without waiting for them.

Pelican writes its content cache (pickled, gzipped at level 9) as each generator
finishes reading, and this plugin its record of reads as the build ends: about a
second on 2,000 posts, on the path from one edit to the next. Here each is
written by a thread of its own while the build goes on (gzip lets go of the
interpreter, so the writing runs on another core). Every write is waited for
before the next build starts, before a record is read, and before the process
exits (the threads are not daemons), so no build ever reads a cache half
written; and at the end of each build, so that a build run from Python leaves its
caches on disk when it returns, but in ``pelican --autoreload`` (``detached``),
where the next build waits for them instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from .. import pelican_api

__all__ = ["defer_cache_saves", "later", "settle", "wait"]

_pending: list[threading.Thread] = []
_errors: list[BaseException] = []  # what the writes raised, for ``wait``
detached = False  # in --autoreload: a build ends before its caches are written


def later(job: Callable[[], None], name: str) -> None:
    """Run ``job`` (writing ``name``) in a thread; what it raises is raised by
    the next ``wait``, in the build, as it would have been without the thread
    (``pelican --fatal warnings`` still fails on a cache Pelican cannot save)."""

    def run() -> None:
        try:
            job()
        except BaseException as error:
            _errors.append(error)

    thread = threading.Thread(target=run, name=f"reflections: {name}")
    _pending.append(thread)
    thread.start()


def wait() -> None:
    """Wait for every write under way; raise what one raised."""
    while _pending:
        _pending.pop(0).join()
    if _errors:
        error = _errors[0]
        _errors.clear()
        raise error


def settle(*_: Any) -> None:
    """``finalized``: the build's caches on disk, but in ``--autoreload``."""
    if not detached:
        wait()


def defer_cache_saves(generator: Any) -> None:
    """``generator_init``: the generator's content caches written in a thread."""
    for cacher in (generator, getattr(generator, "readers", None)):
        if cacher is not None:
            pelican_api.defer_cache_save(cacher, later)
