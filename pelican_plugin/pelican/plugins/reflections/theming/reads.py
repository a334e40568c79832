"""The seam between the theme's Python code and whatever watches what it reads.

A filter that reads posts only through ``attribute`` (and says so with
``reads_recorded``) lets the incremental builds record its reads one by one. The
watcher, when there is one, is set for the page rendering now with ``watching``;
without one (speed features off or deleted) ``attribute`` is ``getattr``. This
module imports nothing of the plugin: theme modules depend on it, never on the
incremental machinery.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jinja2.runtime import Undefined
from pelican.contents import Content

__all__ = ["ABSENT", "Watcher", "attribute", "reads_recorded", "watching"]

# A watcher is told (post, "a", attribute name, value read) for each read.
Watcher = Callable[[Content, str, Any, Any], None]
ABSENT = Undefined()  # an attribute a post does not have, as Jinja reads it
_WATCHER: ContextVar[Watcher | None] = ContextVar("reflections_watcher", default=None)


@contextmanager
def watching(watcher: Watcher) -> Iterator[None]:
    """Tell ``watcher`` of the reads ``attribute`` makes while the block runs."""
    token = _WATCHER.set(watcher)
    try:
        yield
    finally:
        _WATCHER.reset(token)


def attribute(obj: Any, name: str) -> Any:
    """``getattr(obj, name, None)``, told to the watcher when ``obj`` is a post, as
    the template's own ``obj.name`` would be (an absent attribute as Jinja's
    undefined), so the two are one read."""
    try:
        value = getattr(obj, name)
    except AttributeError:
        value, seen = None, ABSENT
    else:
        seen = value
    watcher = _WATCHER.get()
    if watcher is not None and isinstance(obj, Content):
        watcher(obj, "a", name, seen)
    return value


def reads_recorded(function: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a filter that reads posts only through ``attribute``: its reads are
    recorded one by one, so the posts it is given are not recorded whole."""
    function.reflections_reads_recorded = True  # type: ignore[attr-defined]
    return function
