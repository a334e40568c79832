"""The writer's loop: in ``pelican --autoreload``, an edited post's page first (#31).

Pelican's autoreload runs the whole build again after each save, in one process.
This module keeps the last run's posts and generators in memory; when the next
run starts, before Pelican reads anything, it finds the source files changed
since the last run began. For a post whose edit it can prove changes nothing but
the post's own text (the header reads the same, the same images, the same
theme), it reads the file, puts the new text into the last run's post, and writes
the post's page, then the lists and feeds whose record says they read that post.
The build then runs as always and writes what a cold build writes, over these
pages where they differ. Whatever it cannot prove leaves the post to the build,
with one INFO line.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.utils import sanitised_join

from .. import pelican_api
from ..settings import current
from . import background, first_writer, kept, reread, vouched
from .digests import content_key
from .stamps import scan

__all__ = ["connect"]

logger = logging.getLogger(__name__)
ATTRIBUTE = "reflections_loop"  # the last run's state, on the Pelican object


@dataclass
class RunState:
    """What one run leaves for the next in the same process."""

    stamps: dict[str, tuple[int, int]]  # source and theme files when it began
    settings: Mapping[str, Any] = field(default_factory=dict)
    began: float = field(default_factory=time.time)
    complete: bool = False
    as_read: dict[str, dict[str, Any]] = field(default_factory=dict)
    generators: list[Any] = field(default_factory=list)
    posts: dict[str, Content] = field(default_factory=dict)
    calls: dict[str, Any] = field(default_factory=dict)  # output path: its call
    # post: the outputs that read it, each with the names it read (None: whole)
    readers_of: dict[str, list[tuple[str, set[str] | None]]] = field(
        default_factory=dict
    )
    outputs: frozenset[str] = frozenset()  # every file the record knows
    trusted: frozenset[str] = frozenset()  # of the last run's, those still right
    kept: kept.Kept | None = None  # its articles as read
    carried: dict[str, dict[str, Any]] = field(default_factory=dict)  # as_read


_running: RunState | None = None  # the run now under way
_last: RunState | None = None  # the last run that completed
# The extensions Pelican's and this plugin's readers read.
_READ = frozenset({"md", "markdown", "mkd", "mdown", "rst", "html", "htm"})
_refused: set[str] = set()  # reasons already given in this process


def _say_once(reason: str) -> None:
    if reason not in _refused:
        _refused.add(reason)
        logger.info("Edited posts are not written first: %s", reason)


def on_run_start(pelican: Any) -> None:
    """``get_generators`` (a run begins, nothing read yet): write the pages of the
    posts edited since the last run began, then start noting this run."""
    global _running
    background.wait()  # the last run's caches, before anything reads them
    settings = pelican.settings
    stamps = scan(settings) if current(settings).edits_first else {}
    last: RunState | None = getattr(pelican, ATTRIBUTE, None)
    setattr(pelican, ATTRIBUTE, None)
    _running = RunState(stamps, settings)
    kept.begin(first=last is None, keeping=bool(stamps))  # and forget a failed run
    if last is None:
        return
    if last.complete and stamps:
        _write_edits_first(last, stamps, settings)
    # The last run's posts are done with: what Pelican memoised of them can go.
    pelican_api.forget_memoized(last.posts.values())


def _write_edits_first(
    last: RunState, stamps: dict[str, tuple[int, int]], settings: Mapping[str, Any]
) -> None:
    """The early pages of the posts changed since ``last`` began, when the theme
    did not change and every receiver that sees posts after reading is known."""
    content = os.path.abspath(str(settings.get("PATH", ""))) + os.sep
    changed = [  # saved, added or deleted
        p
        for p in stamps.keys() | last.stamps.keys()
        if last.stamps.get(p) != stamps.get(p)
    ]
    if not changed or not all(p.startswith(content) for p in changed):
        return  # a template changed: every page is the build's
    reason = vouched.unknown_receiver(current(settings).safe_code)
    reason = reason or kept.clock_matters(last.posts.values(), settings, last.began)
    if reason is not None:
        _say_once(reason)
        return
    by_path = {os.path.abspath(p): post for p, post in last.posts.items()}
    written: dict[Content, set[str]] = {}  # post: the names its edit changed
    for path in changed:
        post = by_path.get(path)
        names = _write_first(last, post) if post and path in stamps else None
        if names is not None and post is not None:
            written[post] = names
    if _running is not None and len(written) == len(changed):
        safe = current(settings).safe_code
        reading = vouched.unknown_receiver(safe, vouched.WHILE_READING)
        if kept.use(last.kept, written, reading):
            _running.carried = last.as_read
        # Only the text of these posts changed: what did not read it is as it
        # was, and the build keeps it without reading it again.
        readers = {
            path
            for post, names in written.items()
            for path, read in last.readers_of.get(content_key(post) or "", ())
            if read is None or read & names
        }
        _running.trusted = last.outputs - readers
        logger.info(
            "The build keeps %d of %d files unchecked: they did not read %s",
            len(_running.trusted),
            len(last.outputs),
            ", ".join(sorted(post.relative_source_path for post in written)),
        )


def _generator_for(state: RunState, post: Content) -> Any:
    kind = "ArticlesGenerator" if isinstance(post, Article) else "PagesGenerator"
    for generator in state.generators:
        if any(cls.__name__ == kind for cls in type(generator).__mro__):
            return generator
    return None


def _write_first(state: RunState, post: Content) -> set[str] | None:
    """Write ``post``'s page with its file's text now, then what read it;
    the names of the post its edit changed (None: not written, the build's)."""
    start = time.perf_counter()
    generator = _generator_for(state, post)
    then = state.as_read.get(post.source_path)
    if generator is None or then is None:
        return None
    try:
        _, now = reread.read_again(generator, post)
    except Exception as error:  # the build reads it again and says what is wrong
        logger.debug("Not written first: %s: %s", post.source_path, error)
        return None
    try:
        changed = reread.merge(post, then, now)
    except ValueError as reason:
        logger.info("%s is not written first: %s", post.relative_source_path, reason)
        return None
    state.as_read[post.source_path] = now
    output = str(generator.output_path)
    page = sanitised_join(output, post.save_as)
    others = [
        path
        for path, names in state.readers_of.get(content_key(post) or "", ())
        if path != page and (names is None or names & changed)
    ]
    writer = first_writer.first_writer(generator, {page, *others})
    # A call that writes several of them (a paginated list) is made once.
    calls = list({id(c): c for p in others if (c := state.calls.get(p))}.values())
    try:
        with signals.content_written.muted():
            first_writer.write_post(writer, generator, post)
            first = time.perf_counter() - start
            for call in calls:
                call(writer)
    except Exception as error:  # the build writes them, and says what is wrong
        logger.info("%s is not written first: %r", post.relative_source_path, error)
        return None
    logger.info(
        "Wrote %s first (%.0f ms), then %d lists and feeds that show it",
        post.save_as,
        first * 1000,
        len(others),
    )
    return changed


def note_read(content: Content) -> None:
    """``content_object_init``: a post's attributes as read, for the next run."""
    if _running is not None and not reread.quiet and content.source_path:
        _running.as_read[content.source_path] = reread.as_read(content)


def note_generators(generators: list[Any]) -> None:
    """``all_generators_finalized``: the generators the next run's early pages use."""
    if _running is not None:
        _running.generators = list(generators)


def note_outputs(calls: Mapping[str, Any], outputs: Mapping[str, Any]) -> None:
    """From the build's writer as a run ends: how each output was written, and
    which outputs read each post (by the record of reads: ``Output``)."""
    if _running is None or not _running.stamps:
        return
    readers_of: dict[str, list[tuple[str, set[str] | None]]] = {}
    for path, output in outputs.items():
        for key, _ in output.wholes:
            readers_of.setdefault(key, []).append((path, None))
        wholes = {key for key, _ in output.wholes}
        for key, reads in output.reads:
            if key not in wholes:
                names = {str(name) for (_, name) in reads}
                readers_of.setdefault(key, []).append((path, names))
    _running.calls = dict(calls)
    _running.readers_of = readers_of
    _running.outputs = frozenset(outputs)


def trusted_outputs() -> frozenset[str]:
    """The output files this run may keep without checking what they read: none
    but after an edit of posts' text alone (``_write_edits_first``)."""
    return _running.trusted if _running is not None else frozenset()


def on_finalized(pelican: Any) -> None:
    """``finalized``: the run is complete; keep it for the next."""
    global _running, _last
    state, _running = _running, None
    if state is None or not state.stamps:
        return
    for generator in state.generators:
        context = getattr(generator, "context", None)
        if isinstance(context, dict):
            for post in context.get("generated_content", {}).values():
                if isinstance(post, (Article, Page)) and post.source_path:
                    state.posts[post.source_path] = post
            break
    for path, post in state.posts.items():  # taken from the last run, not read
        if path not in state.as_read and path in state.carried:
            context = pelican_api.context_of(post)
            state.as_read[path] = {**state.carried[path], "_context": context}
    state.as_read = {k: v for k, v in state.as_read.items() if k in state.posts}
    state.kept = kept.end()
    state.complete = True
    setattr(pelican, ATTRIBUTE, state)
    _last = state


def saved_during_run(settings: Mapping[str, Any]) -> set[tuple[Any, str]]:
    """Pelican's ``{(change, path)}`` for the posts (or files a reader reads)
    saved, added or removed under the content folder while the last run was under
    way: Pelican's watcher starts after a run, and would miss them."""
    background.detached = True  # asked by --autoreload's wait: see ``background``
    state = _last
    if state is None or state.settings is not settings or not state.stamps:
        return set()
    content = os.path.abspath(str(settings.get("PATH", ""))) + os.sep
    now = {p: s for p, s in scan(settings).items() if p.startswith(content)}
    then = {p: s for p, s in state.stamps.items() if p.startswith(content)}
    posts = {os.path.abspath(p) for p in state.posts}
    changed = {
        path
        for path in now.keys() | then.keys()
        if now.get(path) != then.get(path)
        and (path in posts or path.rpartition(".")[2].lower() in _READ)
    }
    if not changed:
        return set()
    logger.info("Saved while the site was built: %s", ", ".join(sorted(changed)))
    from watchfiles import Change

    return {(Change.modified, path) for path in changed}


def on_initialized(pelican: Any) -> None:
    """``initialized``: with ``EDITS_FIRST``, ``--autoreload`` also sees the saves
    made while a build ran."""
    on = current(pelican.settings).edits_first
    pelican_api.wait_for_changes_with(saved_during_run if on else None)


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(on_run_start)
    signals.generator_init.connect(background.defer_cache_saves)
    signals.content_object_init.connect(note_read)
    signals.generator_init.connect(kept.install)
    signals.article_generator_pretaxonomy.connect(kept.note_posts)
    signals.all_generators_finalized.connect(note_generators)
    signals.finalized.connect(on_finalized)
    signals.finalized.connect(background.settle)  # after the writer's record
