"""Rebuilds that render only what an edit changed (``REFLECTIONS_INCREMENTAL``).

With Pelican's content cache on, the build's writer (``writer.py``) asks this
module's ``Tracker`` about each page. Every page it renders is recorded
(``recording``: the templates, the names and the attributes of posts it read, as
digests), and the record is kept in the cache folder (``store``). The next build
asks, before rendering a page, whether anything the page read is different now; if
nothing is, and the file on disk is the one this plugin left there, the page is not
rendered and the file is left alone. A page a plugin changed after it was written
(pelican-seo's tags) is kept only when every such plugin is known (``receivers``);
whatever the record cannot vouch for is rendered: when in doubt, render.

Feeds are compared on their posts, whole. Files the last build wrote and this one
does not (a deleted post) are removed if nobody changed them since.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

from pelican.contents import Content

from . import hooks, outputs, receivers, rendering
from .digests import Digester, content_key
from .outputs import Output
from .recording import PageReads, Recorder
from .staleness import Staleness, combined

__all__ = ["Output", "Tracker"]

logger = logging.getLogger(__name__)
_FEED_RECEIVERS_KNOWN = frozenset({"pelican.plugins.reflections.build.feeds"})


class _Shared(dict[Any, Any]):
    """One object for equal tuples, so the record stores each once."""

    def one(self, value: Any) -> Any:
        return self.setdefault(value, value)

    def again(self, output: Output) -> Output:
        """A record made in another process, its tuples shared with this one's."""
        return output._replace(
            templates=self.one(output.templates),
            names=self.one(output.names),
            shared_names=self.one(output.shared_names),
            reads=tuple((key, self.one(reads)) for key, reads in output.reads),
        )

    def output(self, page: PageReads, raw: bytes) -> Output:
        return Output(
            self.one(tuple(page.templates.items())),
            self.one(tuple(page.names)),
            combined(page.names.values()),
            self.one(tuple(page.shared_names)),
            combined(page.shared_names.values()),
            tuple((key, self.one(tuple(reads))) for key, reads in page.reads.items()),
            combined(combined(reads.values()) for reads in page.reads.values()),
            tuple(page.wholes.items()),
            raw,
        )


class Tracker:
    """One build's view of the record: what may be kept, and what was produced."""

    def __init__(
        self,
        settings: Mapping[str, Any],
        previous: dict[str, Output],
        written: dict[str, Output] | None = None,
    ) -> None:
        self.settings = settings
        self.digester = Digester(settings)
        self.recorder = Recorder(self.digester)
        self.previous = previous  # what may be kept
        self.written = previous if written is None else written  # what may go
        self.shared = _Shared()
        for output in previous.values():  # new records share the old tuples
            self.shared.one(output.templates)
            self.shared.one(output.names)
            self.shared.one(output.shared_names)
            for _, reads in output.reads:
                self.shared.one(reads)
        self.produced: dict[str, Output] = {}
        self.rendered: set[str] = set()
        self.twice: set[str] = set()  # written more than once: never kept
        self.skipping: set[str] = set()
        self.kept = 0
        self.muting = receivers.Muting()
        self.staleness = Staleness(self.recorder, self.muting.all_known)
        # What the plugins that change pages read of each rendered page's post.
        self.changers_read: dict[str, tuple[tuple[str, bytes], ...]] = {}
        self.fingerprint: dict[str, bytes] = {}
        self.recording = True  # False: no record (the content cache is off)
        self.renders = 0  # pages asked for so far, in this build's order
        # How each output was written, to write it again (``loop``).
        self.calls: dict[str, Callable[[Any], Any]] = {}
        self.call: Callable[[Any], Any] | None = None  # the write under way
        # Files known to be as they were, while on disk as this plugin left them
        # (``loop``: after an edit of a post's text, those that did not read it).
        self.trusted: frozenset[str] = frozenset()
        self.renderers: rendering.Renderers | None = None
        self.forked = False  # whether the articles' pages were shared out yet

    # Pages.

    def render(
        self,
        template: Any,
        inputs: dict[str, Any],
        path: str,
        shared: Mapping[str, Any],
    ) -> str:
        """Render a page, or return "" when the file on disk can stay (or another
        process renders it). A failure of this machinery renders the page as a
        plain build does, with a warning; a template's own error is raised as a
        plain build raises it."""
        index, self.renders = self.renders, self.renders + 1
        try:
            return self._render(index, template, inputs, path, shared)
        except Exception as error:
            failure = error
        output = template.render(inputs)  # the plain build's page, or its error
        logger.warning(
            "%s: rendered as a plain build renders it; the speed machinery failed "
            "on it (%s: %s)",
            os.path.relpath(path, self.settings["OUTPUT_PATH"]),
            type(failure).__name__,
            failure,
        )
        self.skipping.discard(path)
        self.produced.pop(path, None)
        self.twice.add(path)  # never kept from this record
        if self.renderers is not None and self.renderers.is_child:
            self.renderers.wrote(index, None)
        return output

    def _render(
        self,
        index: int,
        template: Any,
        inputs: dict[str, Any],
        path: str,
        shared: Mapping[str, Any],
    ) -> str:
        if self.renderers is not None and not self._mine(index, path):
            return ""
        if not self.recording:
            output = template.render(inputs)
            if self.renderers is not None and self.renderers.is_child:
                self.renderers.wrote(index, None)
            return output
        output = self._render_recorded(template, inputs, path, shared)
        if self.renderers is not None and self.renderers.is_child:
            made = (self.produced.get(path), self.changers_read.get(path))
            self.renderers.wrote(index, made)
        return output

    def _mine(self, index: int, path: str) -> bool:
        """Whether this process renders page ``index``; for another's page in the
        build, wait until its file is written."""
        renderers = self.renderers
        assert renderers is not None
        if renderers.is_child:
            renderers.flush()
        owner = renderers.owner(index)
        if owner == renderers.me:
            return True
        if renderers.is_child:
            self.skipping.add(path)
            return False
        record = renderers.wait(owner, index)
        if record is rendering.NOT_DONE:
            return True  # the child failed: render it here
        self.skipping.add(path)
        if path in self.produced or path in self.twice:  # as a serial build would
            self.twice.add(path)
            self.produced.pop(path, None)
        elif record is not None:  # the child's record (with the content cache)
            made, changers_read = record
            if made is not None:
                self.produced[path] = self.shared.again(made)
                self.rendered.add(path)
            if changers_read is not None:
                self.changers_read[path] = changers_read
        return False

    def _render_recorded(
        self,
        template: Any,
        inputs: dict[str, Any],
        path: str,
        shared: Mapping[str, Any],
    ) -> str:
        if path in self.produced or path in self.twice:
            self.twice.add(path)
            self.produced.pop(path, None)
            return template.render(inputs)
        self.muting.unmute()
        env = template.environment
        hooks.watch(env, self.recorder)
        old = self.as_on_disk(self.previous.get(path), path)
        if old is not None and self._page_unchanged(old, env, inputs, path):
            self.skipping.add(path)
            self.produced[path] = old
            self.kept += 1
            return ""
        with self.recorder.recording(inputs, shared) as page:
            self.recorder.template_loaded(env, template.name)
            output = template.render(inputs)
        self.produced[path] = self.shared.output(page, self.digester.of(output))
        self.rendered.add(path)
        if self.muting.modifiers:  # they change a page from its post, all of it
            posts = (inputs.get("article"), inputs.get("page"))
            self.changers_read[path] = tuple(
                (content_key(post) or "?", self.recorder.whole_digest(post))
                for post in posts
                if isinstance(post, Content)
            )
        return output

    @staticmethod
    def as_on_disk(old: Output | None, path: str) -> Output | None:
        """The record of a file while the file is the one the last build left (with
        its stat now, if only its mtime moved); None without one, or if the file is
        missing or was changed since."""
        if old is None:
            return None
        now = outputs.as_written(path, old.stat, old.raw)
        if now is None:
            logger.debug("Rendering %s: the file on disk changed", path)
            return None
        return old if now == old.stat else old._replace(stat=now)

    def _page_unchanged(
        self, old: Output, env: Any, inputs: dict[str, Any], path: str
    ) -> bool:
        if path in self.trusted:
            return True
        changed = self.staleness.what_changed(old, env, inputs, path)
        if changed:
            logger.debug("Rendering %s: %s changed", path, changed)
        return not changed

    def outputs(self, receivers: bool) -> dict[str, Output]:
        """The record of every file this build produced, with its size and mtime
        now; a page rendered now is ``modified`` if a receiver of
        ``content_written`` changed it (only looked at when there are receivers)."""
        found: dict[str, Output] = {}
        for path, output in self.produced.items():
            try:
                stat = os.stat(path)
            except OSError:
                continue
            now = (stat.st_size, stat.st_mtime_ns)
            if path not in self.rendered:
                if now == output.stat:
                    text, modified = output.raw, output.modified
                else:  # changed after it was kept
                    text, modified = outputs.text_digest_of(path), True
            elif output.raw and not receivers:  # nobody could change it
                text, modified = output.raw, False
            else:  # a feed, or a page a receiver may have changed
                text = outputs.text_digest_of(path)
                modified = bool(output.raw) and text != output.raw
            if modified and path in self.changers_read:
                wholes = output.wholes + self.changers_read[path]
                output = output._replace(wholes=wholes)
            found[path] = output._replace(stat=now, modified=modified, raw=text)
        return found

    def remove_stale(self, output_path: str, retention: Any) -> int:
        """Remove the files the last build wrote and this one did not, if unchanged
        since; the number removed."""
        made = self.produced.keys() | self.twice
        gone = {
            path: (output.stat, output.raw)
            for path, output in self.written.items()
            if path not in made
        }
        return outputs.remove(gone, output_path, set(retention))
