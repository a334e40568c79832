"""Article pages rendered in forked processes beside the build's own (#19).

When the articles' pages are about to be written, the build forks a process per
other usable core. Each child runs the articles generator's output again, with
every Pelican signal disconnected, and renders and writes only its share of the
pages (six for each five the build renders itself), telling the build each
page it wrote.
The build renders its own share and, for a child's page, waits for the child's
word and counts the file as written without writing it: Pelican still sends
``content_written`` for every page from the build, so plugins see what a serial
build shows them, in the same order. A child that fails or dies costs a warning;
the build renders the rest of its pages itself.

Only with ``fork`` (Linux), and only from a process with no other thread but the
one that refreshes rich's live display (Pelican's "Generating..." status): the
children need the build's posts, as they are, and a fork copies the locks other
threads hold. That thread is held still while the children are forked: it takes
its display's lock before it writes anything.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import sys
import threading
import warnings
from collections.abc import Callable
from typing import Any

from pelican import signals

from .. import pelican_api
from . import receivers
from . import vouched as vouched_code

__all__ = ["NOT_DONE", "Renderers", "step_aside", "why_not_fork"]

logger = logging.getLogger(__name__)
NOT_DONE = object()  # the child did not render the page: render it here
_LENGTH = struct.Struct("!I")
_BUILDS, _CHILDS = 5, 6  # pages of each cycle the build and each child render
# Signals sent while articles are written that a child would not send, and so
# must not matter: none of their receivers may change what a page shows.
_SENT_WHILE_WRITING = ("article_generator_write_article",)


def why_not_fork(env: Any = None, vouched: tuple[str, ...] = ()) -> str | None:
    """Why forked rendering is not safe in this build (None: it is); with the
    articles' Jinja environment, its filters, tests and globals are checked too."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return "processes are forked on Linux only"
    if _other_threads() is None:  # a fork copies the locks other threads hold:
        return "another thread runs in this process"  # a child could wait for ever
    for name in _SENT_WHILE_WRITING:
        found = receivers.receivers(getattr(signals, name))
        if found:
            return f"{receivers.name_of(found[0])} listens to {name}"
    unknown = receivers.Muting().unknown  # content_written: only known receivers
    if unknown:
        return f"{unknown[0]} listens to content_written"
    code = None if env is None else vouched_code.unknown_template_code(env, vouched)
    if code is not None:
        return f"{code} is not known to only return its value"
    return None


def step_aside(reason: str) -> None:
    """Say once, at INFO, why the build renders its pages in one process."""
    logger.info("REFLECTIONS_WORKERS: pages rendered in one process: %s", reason)


def _other_threads() -> list[Any] | None:
    """The locks that hold the process's other threads still (each one rich's
    live-display refresh, which writes only while holding its display's lock), or
    None if another thread is not one of those."""
    locks = []
    for thread in threading.enumerate():
        if thread is threading.current_thread():
            continue
        lock = pelican_api.live_display_lock(thread)
        if type(thread).__name__ != "_RefreshThread" or lock is None:
            return None
        locks.append(lock)
    return locks


class Renderers:
    """The processes sharing the article pages: this one (0) and its children."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.me = 0
        self.dead: set[int] = set()
        self._pipes: dict[int, int] = {}  # child -> read end, in the build
        self._pids: dict[int, int] = {}
        self._done: dict[int, dict[int, Any]] = {}  # child -> page index -> record
        self._out: int | None = None  # write end, in a child
        self._pending: list[tuple[int, Any]] = []

    def owner(self, index: int) -> int:
        """The process that renders page ``index``: each child six pages for the
        build's five, as the build also writes the feeds and announces every page
        (measured on 2 cores: at one for one the child sat idle at the end; at
        three for two the build waited for it about a second)."""
        slot = index % (_BUILDS + _CHILDS * (self.count - 1))
        owner = 0 if slot < _BUILDS else 1 + (slot - _BUILDS) // _CHILDS
        return 0 if owner in self.dead else owner

    @property
    def is_child(self) -> bool:
        return self.me != 0

    def start(self, run: Callable[[], None]) -> None:
        """Fork the children; each calls ``run`` (the articles' output) and exits."""
        held = _other_threads() or []
        for lock in held:
            lock.acquire()
        try:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            with warnings.catch_warnings():
                # Python 3.12+ warns of forking with threads: this one is held.
                warnings.simplefilter("ignore", DeprecationWarning)
                self._fork_children(run)
        finally:
            for lock in held:
                lock.release()

    def _fork_children(self, run: Callable[[], None]) -> None:
        for child in range(1, self.count):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                for other in self._pipes.values():
                    os.close(other)
                self._become_child(child, write)
                status = 1
                try:
                    run()
                    self.flush()
                    status = 0
                finally:
                    os._exit(status)
            os.close(write)
            self._pipes[child], self._pids[child] = read, pid
            self._done[child] = {}

    def _become_child(self, child: int, write: int) -> None:
        self.me, self._out = child, write
        logging.disable(logging.INFO)  # "Writing …" is the build's to say
        for name in dir(signals):
            signal = getattr(signals, name)
            if hasattr(signal, "receivers") and hasattr(signal, "disconnect"):
                for receiver in receivers.receivers(signal):
                    signal.disconnect(receiver)

    # In a child.

    def wrote(self, index: int, record: Any) -> None:
        """Page ``index`` is being written: say so once its file is complete."""
        self.flush()
        self._pending.append((index, record))

    def flush(self) -> None:
        """Tell the build of the pages written since the last word."""
        if self._out is None:
            return
        for index, record in self._pending:
            data = pickle.dumps((index, record), pickle.HIGHEST_PROTOCOL)
            os.write(self._out, _LENGTH.pack(len(data)))
            _write_all(self._out, data)
        self._pending.clear()

    # In the build.

    def wait(self, child: int, index: int) -> Any:
        """The child's record of page ``index`` once written; ``NOT_DONE`` if the
        child failed (then it is dead, and its pages are this process's)."""
        done = self._done[child]
        while index not in done:
            message = _read_message(self._pipes[child])
            if message is None:
                self._lost(child, index)
                return NOT_DONE
            done[message[0]] = message[1]
        return done.pop(index)

    def _lost(self, child: int, index: int) -> None:
        self.dead.add(child)
        os.close(self._pipes.pop(child))
        _, status = os.waitpid(self._pids.pop(child), 0)
        logger.warning(
            "A page-rendering process stopped (status %s) before page %d; the build "
            "renders its pages itself",
            status,
            index,
        )

    def finish(self) -> None:
        """Wait for the children to exit, after reading what they still had to
        say (nothing, once the build has had every page)."""
        for child in list(self._pipes):
            while _read_message(self._pipes[child]) is not None:
                pass
            os.close(self._pipes.pop(child))
            os.waitpid(self._pids.pop(child), 0)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_message(fd: int) -> tuple[int, Any] | None:
    head = _read_exactly(fd, _LENGTH.size)
    if head is None:
        return None
    body = _read_exactly(fd, _LENGTH.unpack(head)[0])
    return None if body is None else pickle.loads(body)
