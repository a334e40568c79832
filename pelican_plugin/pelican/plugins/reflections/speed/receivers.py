"""What other plugins do with the files Pelican writes, as far as rebuilds care.

A receiver of ``content_written`` either notes a page (pelican-sitemap collects its
URL) or changes its file (pelican-seo adds tags). A kept page must still be noted,
and must not be changed twice: while Pelican announces a kept page that a plugin
changed when it was made, the known changers are disconnected. With a receiver this
table does not know, such pages are rendered again.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from pelican import signals

__all__ = ["Muting", "name_of", "receivers"]

# Receivers that only note the page they are told of.
COLLECTORS = frozenset({"pelican.plugins.sitemap.sitemap.SitemapGenerator.queue_page"})
# Receivers that change the file they are told of, from it and its post alone.
MODIFIERS = frozenset(
    {
        "pelican.plugins.seo.seo.run_html_enhancer",
        "pelican.plugins.reflections.build.seo.finish_tags",
    }
)
# This plugin's own ``feed_generated`` receiver (its inputs are the feed's posts).
FEED_RECEIVERS = frozenset(
    {"pelican.plugins.reflections.build.feeds.on_feed_generated"}
)


def name_of(receiver: Any) -> str:
    """``module.qualname`` of a function or bound method."""
    function = getattr(receiver, "__func__", receiver)
    module = getattr(function, "__module__", None) or ""
    return f"{module}.{getattr(function, '__qualname__', '')}"


def receivers(signal: Any) -> list[Any]:
    """The functions connected to a blinker signal (weak references followed)."""
    found = []
    for receiver in signal.receivers.values():
        if isinstance(receiver, weakref.ref):
            receiver = receiver()
        if receiver is not None:
            found.append(receiver)
    return found


def feeds_only_ours() -> bool:
    """Whether a kept feed misses nobody's ``feed_generated`` / ``feed_written``."""
    generated = {name_of(r) for r in receivers(signals.feed_generated)}
    return generated <= FEED_RECEIVERS and not receivers(signals.feed_written)


class Muting:
    """The known changers of written files, disconnected while a kept page is
    announced (``mute``) and connected again, in their order, after (``unmute``)."""

    def __init__(self) -> None:
        found = receivers(signals.content_written)
        names = [name_of(r) for r in found]
        self.modifiers: list[Callable[..., Any]] = [
            r for r, name in zip(found, names, strict=True) if name in MODIFIERS
        ]
        self.unknown = [n for n in names if n not in MODIFIERS | COLLECTORS]
        self.all_known = not self.unknown
        self._muted = False

    def mute(self) -> None:
        for receiver in self.modifiers:
            signals.content_written.disconnect(receiver)
        self._muted = True

    def unmute(self) -> None:
        if self._muted:
            self._muted = False
            for receiver in self.modifiers:
                signals.content_written.connect(receiver)
