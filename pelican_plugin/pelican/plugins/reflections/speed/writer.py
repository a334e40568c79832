"""The build's writer for incremental rebuilds: Pelican's, asking first.

Pelican's writer renders a template and writes the file; this one's template asks
the ``incremental.Tracker`` before it renders, and a page it keeps is opened as a
file that writes nothing. Pelican's writer still counts it as written (a second
output for one file is still caught) and still sends ``content_written`` for it,
so plugins that collect pages (pelican-sitemap) see every one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import partial
from typing import Any

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from .. import pelican_api
from ..settings import current
from . import background, first_writer, loop, parallel, receivers, rendering, store
from .digests import content_key
from .incremental import Output, Tracker

__all__ = ["IncrementalWriter", "connect"]

logger = logging.getLogger(__name__)
ATTRIBUTE = "reflections_incremental"  # the build's Tracker, on the Pelican object
ARTICLES = "reflections_articles_generator"  # in the context: whose pages are shared


class _Tracked:
    """A template whose ``render`` asks the tracker first."""

    def __init__(
        self, template: Any, writer: IncrementalWriter, context: Mapping[str, Any]
    ) -> None:
        self._template = template
        self._writer = writer
        self._context = context

    def render(self, inputs: dict[str, Any]) -> str:
        path = sanitised_join(self._writer.output_path, inputs["output_file"])
        tracker = self._writer.tracker
        if tracker.call is not None:
            tracker.calls[path] = tracker.call
        return tracker.render(self._template, inputs, path, self._context)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


class IncrementalWriter(pelican_api.OpeningWriter):
    """Pelican's writer, keeping the pages and feeds nothing changed."""

    tracker: Tracker

    def write_file(
        self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any
    ) -> Any:
        self._share_out(context)
        if name and template is not None:
            again = (name, template, context, *args)
            self.tracker.call = partial(
                first_writer.write_again, "write_file", again, kwargs
            )
            template = _Tracked(template, self, context)
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        finally:
            self.tracker.muting.unmute()

    def _share_out(self, context: Mapping[str, Any]) -> None:
        """At the articles' first output, fork the processes that render a share
        of their pages (``rendering``), when that is worth it and safe."""
        tracker = self.tracker
        generator = context.get(ARTICLES)
        if tracker.forked or generator is None:
            return
        tracker.forked = True
        count = current(self.settings).workers or parallel.usable_cores()
        articles = len(context.get("articles") or ())
        if count < 2 or tracker.previous:  # nothing to share, or an incremental one
            return
        if articles < parallel.MIN_FILES:
            return
        background.wait()  # a fork copies the locks a writing thread holds
        refusal = rendering.why_not_fork(
            getattr(generator, "env", None), current(self.settings).safe_code
        )
        if refusal is not None:
            rendering.step_aside(refusal)
            return
        tracker.renderers = rendering.Renderers(count)
        tracker.renderers.start(lambda: generator.generate_output(self))

    def open_instead(self, filename: str, override: bool) -> Any:
        """A kept page is "written" to a file that writes nothing."""
        tracker = self.tracker
        if filename not in tracker.skipping:
            return None
        tracker.skipping.discard(filename)
        pelican_api.claim_output(self, filename, override)
        # A file a plugin changed when it was made: not a second time.
        made = tracker.produced.get(filename)
        changed = made is not None and made.modified
        return first_writer.Discard(tracker.muting.mute if changed else None)

    def write_feed(
        self,
        elements: list[Any],
        context: dict[str, Any],
        path: str | None = None,
        url: str | None = None,
        feed_type: str = "atom",
        override_output: bool = False,
        feed_title: str | None = None,
    ) -> Any:
        tracker = self.tracker
        self._share_out(context)
        if tracker.renderers is not None and tracker.renderers.is_child:
            return None  # feeds are the build's
        if path:
            again = (elements, context, path, url, feed_type, override_output)
            tracker.calls[sanitised_join(self.output_path, path)] = partial(
                first_writer.write_again, "write_feed", (*again, feed_title), {}
            )
        if not path or not tracker.recording:
            return super().write_feed(
                elements, context, path, url, feed_type, override_output, feed_title
            )
        if not receivers.feeds_only_ours():  # written every time, and still ours
            complete = sanitised_join(self.output_path, path)
            tracker.produced[complete] = _NEVER_KEPT
            tracker.rendered.add(complete)
            return super().write_feed(
                elements, context, path, url, feed_type, override_output, feed_title
            )
        complete = sanitised_join(self.output_path, path)
        shown = list(elements[: self.settings.get("FEED_MAX_ITEMS")])
        facts = (url, feed_type, override_output, feed_title, _upper(context))
        record = _feed_record(tracker, complete, shown, facts)
        if complete in tracker.produced or complete in tracker.twice:
            tracker.twice.add(complete)
            tracker.produced.pop(complete, None)
        elif record.stat is not None:
            pelican_api.claim_output(self, complete, override_output)
            tracker.produced[complete] = record
            tracker.kept += 1
            return None
        else:
            tracker.produced[complete] = record
            tracker.rendered.add(complete)
        return super().write_feed(
            elements, context, path, url, feed_type, override_output, feed_title
        )


# The record of a feed written whatever changed: its facts digest matches none.
_NEVER_KEPT = Output((), (), b"", (), b"", (), b"", (), b"")


def _feed_record(
    tracker: Tracker, path: str, elements: list[Any], facts: tuple[Any, ...]
) -> Output:
    """The feed's record now; the last build's (with its ``stat``) when the file on
    disk can stay."""
    old = tracker.as_on_disk(tracker.previous.get(path), path)
    trusted = path in tracker.trusted and path not in tracker.produced
    if trusted and old is not None and not old.modified:
        return old
    facts_digest = tracker.digester.of((facts, elements))
    wholes = tuple(
        (content_key(item) or "?", tracker.recorder.whole_digest(item))
        for item in elements
    )
    if (
        old is not None
        and not old.modified
        and (old.names_digest, old.wholes) == (facts_digest, wholes)
        and path not in tracker.produced
    ):
        return old
    return Output((), (), facts_digest, (), b"", (), b"", wholes, b"")


def _upper(context: Mapping[str, Any]) -> dict[str, Any]:
    """The settings-like part of a context (what a feed's head is made of), but for
    the settings that are how this build runs (``--ignore-cache``), not the site."""
    return {
        k: v for k, v in context.items() if k.isupper() and k not in store.NOT_THE_SITE
    }


def provide_writer(pelican: Any) -> type[Writer] | None:
    """Pelican ``get_writer``: this build's writer, when rebuilds can be incremental
    or pages rendered in several processes."""
    settings = pelican.settings
    options = current(settings)
    incremental = bool(settings.get("CACHE_CONTENT")) and options.incremental
    refusal = rendering.why_not_fork() if options.workers != 1 else "one worker"
    if not incremental and refusal is not None:
        if options.workers != 1:
            rendering.step_aside(refusal)
        return None
    others = [
        r for r in receivers.receivers(signals.get_writer) if r is not provide_writer
    ]
    if others:
        logger.info(
            "REFLECTIONS_INCREMENTAL and REFLECTIONS_WORKERS step aside for this "
            "build's pages: %s provides Pelican's writer",
            receivers.name_of(others[0]),
        )
        return None
    earlier: Tracker | None = getattr(pelican, ATTRIBUTE, None)
    if earlier is not None and earlier.renderers is not None:
        earlier.renderers.finish()  # that build failed (--autoreload goes on)
    fingerprint = store.fingerprint(settings)
    usable, written = store.load(settings, fingerprint) if incremental else ({}, {})
    tracker = Tracker(settings, usable, written)
    tracker.recording = incremental
    tracker.trusted = loop.trusted_outputs() if incremental else frozenset()
    tracker.fingerprint = fingerprint
    setattr(pelican, ATTRIBUTE, tracker)
    return type("IncrementalWriter", (IncrementalWriter,), {"tracker": tracker})


def finish(pelican: Any) -> None:
    """Pelican ``finalized``: note what is on disk now, remove what no build makes
    any longer, and keep the record for the next build."""
    tracker: Tracker | None = getattr(pelican, ATTRIBUTE, None)
    if tracker is None:
        return
    delattr(pelican, ATTRIBUTE)
    if tracker.renderers is not None:
        tracker.renderers.finish()
    if not tracker.recording:
        return
    settings = pelican.settings
    outputs = tracker.outputs(bool(receivers.receivers(signals.content_written)))
    removed = tracker.remove_stale(
        str(settings["OUTPUT_PATH"]), settings.get("OUTPUT_RETENTION") or ()
    )
    store.save(settings, tracker.fingerprint, outputs)
    loop.note_outputs(tracker.calls, outputs)
    logger.info(
        "Incremental rebuild: %d of %d files kept as they were, %d removed",
        tracker.kept,
        len(outputs),
        removed,
    )


def remember_articles(generator: Any) -> None:
    """``article_generator_finalized``: the generator whose output is shared out."""
    generator.context[ARTICLES] = generator


def articles_written(generator: Any, writer: Any) -> None:
    """``article_writer_finalized``: the processes that shared the pages are done."""
    tracker = getattr(writer, "tracker", None)
    if isinstance(tracker, Tracker) and tracker.renderers is not None:
        tracker.renderers.finish()
        tracker.renderers = None  # the pages written next are all this process's


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.article_generator_finalized.connect(remember_articles)
    signals.article_writer_finalized.connect(articles_written)
    signals.get_writer.connect(provide_writer)
    signals.finalized.connect(finish)
