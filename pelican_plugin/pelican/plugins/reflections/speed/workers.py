"""The worker side of parallel reading: one process's Markdown and one file read.

``reading_state`` is what reading like the build's reader takes (the site's
``MARKDOWN`` settings, the front-matter key table); ``read_file`` reads one file
through ``parsing.parse`` with it and records every Markdown text it rendered.
A worker process keeps its state for the build (``start_worker_process``,
``render_file``); the main process, helping, keeps its own on the ``Pool``.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markdown import Markdown

from ..reading.parsing import parse
from ..reading.values import Reading

__all__ = [
    "Rendered",
    "picklable",
    "read_file",
    "reading_state",
    "render_file",
    "start_worker_process",
]

# A worker process's reading state (one per process: the process is the build's).
_worker: dict[str, Any] = {}


def reading_state(
    settings: dict[str, Any], keys: dict[str, Any], words: bool
) -> dict[str, Any]:
    """What reading needs: the settings, key table and a Markdown like the reader's."""
    md = Markdown(**settings["MARKDOWN"])
    if "meta" in md.preprocessors:
        md.preprocessors.deregister("meta")
    return {"settings": settings, "keys": keys, "words": words, "md": md}


def start_worker_process(
    settings: dict[str, Any], keys: dict[str, Any], words: bool
) -> None:
    """A worker's start: Ctrl-C ends it quietly (the build stops in the main
    process, which says so), then the reading state."""
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    _worker.update(reading_state(settings, keys, words))


@dataclass
class Rendered:
    """What a worker rendered for one file: each Markdown text and its HTML, and
    what Markdown logged (to be logged again in the main process)."""

    html: dict[str, str] = field(default_factory=dict)
    logged: list[tuple[str, int, str]] = field(default_factory=list)


class _Keep(logging.Handler):
    def __init__(self, into: Rendered) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.logged.append((record.name, record.levelno, record.getMessage()))


def render_file(source_path: str) -> Rendered | None:
    """In a worker: ``read_file`` with this process's state."""
    return read_file(_worker, source_path)


def read_file(state: dict[str, Any], source_path: str) -> Rendered | None:
    """Render every Markdown text of one file (None: not a YAML-header file)."""
    md: Markdown = state["md"]
    rendered = Rendered()

    def render(text: str) -> str:
        md.reset()
        html = rendered.html[text] = md.convert(text)
        return html

    settings = state["settings"]
    reading = Reading(settings, state["keys"], source_path, render, state["words"])
    keep = _Keep(rendered)
    root = logging.getLogger()
    root.addHandler(keep)
    try:
        parsed = parse(source_path, source_path, reading, render, lambda: ("", {}))
    finally:
        root.removeHandler(keep)
    return None if parsed.native else rendered


def picklable(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings a worker can be sent (the rest are not needed for reading)."""
    kept = {}
    for name, value in settings.items():
        try:
            pickle.dumps(value)
        except Exception:
            continue
        kept[name] = value
    return kept
