"""Reading on every core: Markdown rendered in worker processes, ahead of Pelican.

Pelican reads one file at a time, and rendering Markdown is most of reading. When
a generator starts, the Markdown files its content cache does not already hold
are handed to a pool of worker processes, in the order Pelican will ask for
them. Each worker runs the same ``parsing.parse`` as the build, with a renderer
that records every Markdown text it renders (the body, the summary, update
notes, formatted fields) and its HTML. When Pelican asks the reader for a file,
the main process runs ``parse`` again, for the header and everything made of
Pelican objects (dates with time zones, categories, covers), and takes each
rendering from the worker's record instead of rendering it again. The output is
the one a serial build writes, because the same text goes through a Markdown
configured the same way, reset before each document.

A worker that fails, or a result that cannot come back, means that file is read
in the main process with a warning: never a hang, never a lost post. Files
without a YAML header are left to Pelican's own reader. The pool is closed once
every generator has read its files (``all_generators_finalized``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from pelican import signals

from ..settings import current
from . import background, vouched
from .workers import (
    Rendered,
    picklable,
    read_file,
    reading_state,
    render_file,
    start_worker_process,
)

__all__ = ["MIN_FILES", "Pool", "usable_cores"]

logger = logging.getLogger(__name__)

CONTEXT_KEY = "reflections_pool"
# Fewer files than this to read and starting processes costs more than it saves
# (BENCHMARKS.md has the measurement).
MIN_FILES = 40


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where there is one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# --- in the main process ----------------------------------------------------------


class Pool:
    """One build's worker processes and the files handed to them."""

    def __init__(self, settings: dict[str, Any], workers: int) -> None:
        context = multiprocessing.get_context()
        options = current(settings)
        sent = settings if context.get_start_method() == "fork" else None
        if sent is None:
            sent = picklable(settings)
            pickle.dumps(sent["MARKDOWN"])  # raises when the extensions cannot go
        self.start = (settings, dict(options.keys), options.jekyll_tags)
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=start_worker_process,
            initargs=(sent, *self.start[1:]),
        )
        self.window = 2 * workers + 2  # files handed out at a time
        self.waiting: deque[str] = deque()  # not handed out yet, in order
        self.futures: dict[str, Future[Rendered | None]] = {}
        self.done_here: dict[str, Rendered | None] = {}
        self.state: dict[str, Any] | None = None  # the main process's, to help
        self.broken = False

    def submit(self, paths: list[str]) -> None:
        """Queue ``paths`` (absolute) for the workers, in this order."""
        known = set(self.waiting) | set(self.futures) | set(self.done_here)
        self.waiting.extend(path for path in paths if path not in known)
        self._hand_out()

    def _hand_out(self) -> None:
        """Keep ``window`` files with the workers; none once the pool is broken
        (the files left are then read by the reader, as in a serial build)."""
        while self.waiting and len(self.futures) < self.window and not self.broken:
            path = self.waiting[0]
            try:
                self.futures[path] = self.executor.submit(render_file, path)
            except Exception as error:
                self.broken = True
                logger.warning(
                    "REFLECTIONS_WORKERS: the workers stopped (%s); the files left "
                    "are read in the main process",
                    type(error).__name__,
                )
                return
            self.waiting.popleft()

    def _read_here(self, path: str) -> Rendered | None:
        """Render ``path`` in this process, as a worker would (None on failure:
        the reader then reads it as usual, and reports what goes wrong)."""
        if self.state is None:
            self.state = reading_state(*self.start)
        try:
            return read_file(self.state, path)
        except Exception:
            return None

    def _help(self) -> bool:
        """While waiting: render the last file not handed out yet, here.

        Pelican asks for files in the order they were queued, so the main
        process would otherwise sit idle whenever the workers are behind.
        """
        if not self.waiting or self.broken:
            return False
        path = self.waiting.pop()
        self.done_here[path] = self._read_here(path)
        return True

    def take(self, source_path: str, shown: str) -> Rendered | None:
        """The renderings of ``source_path`` (None: read it in the reader)."""
        if source_path in self.done_here:
            rendered = self.done_here.pop(source_path)
        elif source_path in self.futures:
            future = self.futures.pop(source_path)
            while not future.done() and self._help():
                pass
            self._hand_out()
            try:
                rendered = future.result()
            except Exception as error:
                logger.warning(
                    "%s: read in the main process; a worker could not (%s: %s)",
                    shown,
                    type(error).__name__,
                    error,
                )
                return None
            if rendered is not None:
                logger.debug("%s: rendered by a worker process", shown)
        else:  # not queued, or asked for before its turn: read as usual
            if source_path in self.waiting:
                self.waiting.remove(source_path)
            return None
        if rendered is not None:
            for name, level, message in rendered.logged:
                log = logging.getLogger(name)
                (log.error if level >= logging.ERROR else log.warning)("%s", message)
        return rendered

    def html_for(self, source_path: str, shown: str) -> dict[str, str]:
        """The HTML the workers made for ``source_path``, by its Markdown text
        (empty: the reader renders it)."""
        rendered = self.take(source_path, shown)
        return rendered.html if rendered is not None else {}

    def close(self) -> None:
        """Stop the workers; files not taken yet are dropped."""
        self.waiting.clear()
        self.futures.clear()
        self.done_here.clear()
        self.state = None
        self.executor.shutdown(wait=True, cancel_futures=True)


def _files_to_read(generator: Any, extensions: list[str]) -> list[str]:
    """The generator's files for the plugin's reader that its caches lack."""
    settings = generator.settings
    kind = "ARTICLE" if hasattr(generator, "drafts") else "PAGE"
    relative = generator.get_files(
        settings[f"{kind}_PATHS"],
        exclude=settings[f"{kind}_EXCLUDES"],
        extensions=extensions,
    )
    files = []
    for path in relative:
        absolute = os.path.abspath(os.path.join(generator.path, path))
        if generator.get_cached_data(path, None) is not None:
            continue
        if generator.readers.get_cached_data(absolute, None) is not None:
            continue
        files.append(absolute)
    return files


def on_generator_init(generator: Any) -> None:
    """``article_generator_init``/``page_generator_init``: start reading ahead."""
    from ..reading.reader import MarkdownReader

    readers = {
        extension: reader
        for extension, reader in generator.readers.readers.items()
        if type(reader) is MarkdownReader  # a composed reader reads in the build
    }
    workers = current(generator.settings).workers or usable_cores()
    if not readers or workers <= 1:
        return
    files = _files_to_read(generator, list(readers))
    context = generator.context
    pool = context.get(CONTEXT_KEY)
    if pool is None and len(files) < MIN_FILES:
        return
    if pool is None:
        unknown = vouched.unknown_markdown_extension(
            generator.settings["MARKDOWN"], current(generator.settings).safe_code
        )
        if unknown is not None:
            logger.info(
                "REFLECTIONS_WORKERS: reading in one process: %s is not known to "
                "render each document from its text alone",
                unknown,
            )
            context[CONTEXT_KEY] = False
            return
        background.wait()  # a fork copies the locks a writing thread holds
        try:
            pool = context[CONTEXT_KEY] = Pool(generator.settings, workers)
        except Exception as error:
            logger.warning(
                "REFLECTIONS_WORKERS: reading in one process; the workers cannot be "
                "started (%s: %s)",
                type(error).__name__,
                error,
            )
            context[CONTEXT_KEY] = False
            return
    if pool:
        pool.submit(files)
        for reader in readers.values():
            reader.rendered_ahead = pool.html_for


def close_pool(generators: list[Any]) -> None:
    """``all_generators_finalized``: every file is read; stop the workers."""
    for context in {id(g.context): g.context for g in generators}.values():
        pool = context.get(CONTEXT_KEY)
        if pool:
            pool.close()
        context[CONTEXT_KEY] = False


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.article_generator_init.connect(on_generator_init)
    signals.page_generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(close_pool)
