"""Check every post of a site the way a build reads it, and list the problems.

Each Markdown file goes through Pelican's ``Readers.read_file`` with the plugin's
own reader (``reader.MarkdownReader``), told not to render bodies: the problems
it logs are the ones a build logs, and Pelican builds the same Article or Page
(defaults, file-name metadata, slug, language, status). On top of what a build
reports, posts that share a title are named, and notes name what a build leaves
out without a word (``unread``), keys other generators use for a date or a cover
(with the ``REFLECTIONS_ALIASES`` line that maps them), and files that are not
regular files (a FIFO is skipped, not read: reading it would wait forever).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from pelican.contents import Article, Page
from pelican.generators import Generator
from pelican.readers import Readers

from ..build.unread import is_regular, unread
from ..problems import RECORD_KEY, Problem
from ..reading import composition, names
from ..reading import reader as plugin_reader
from ..reading.parsing import Parsed
from ..settings import load_settings
from .foreign_keys import alias_hints
from .post_checks import Post, all_translations, duplicates, validate

__all__ = ["captured_logs", "check_site"]

logger = logging.getLogger(__name__)


def _problem(record: logging.LogRecord, path: str) -> Problem:
    """A log record as a Problem on ``path`` (its own, when the plugin logged it)."""
    found = getattr(record, RECORD_KEY, None)
    if isinstance(found, Problem):
        return replace(found, path=path, line=found.line or 1)
    found_level = logging.ERROR if record.levelno >= logging.ERROR else logging.WARNING
    return Problem(path, 1, found_level, None, record.getMessage())


def _order(problem: Problem) -> tuple[Any, ...]:
    return (
        problem.path,
        problem.line,
        -problem.level,
        problem.field or "",
        problem.message,
    )


class _Lines(dict[str, dict[str, int]]):
    """The field lines of each file the checking readers parsed, by source path,
    and the metadata of those with YAML front matter (not a stock header)."""

    def __init__(self) -> None:
        super().__init__()
        self.metadata: dict[str, dict[str, Any]] = {}

    def __call__(self, source_path: str, parsed: Parsed) -> None:
        self[source_path] = parsed.lines
        if not parsed.native:
            self.metadata[source_path] = parsed.metadata


def _readers(settings: dict[str, Any], lines: _Lines) -> Readers:
    """Pelican's readers, the plugin's told not to render and to keep lines."""
    plugin_reader.usable_markdown_setting(settings)  # before Pelican's reader
    readers = Readers(settings)
    composition.on_readers_init(readers)
    for extension, reader_class in readers.reader_classes.items():
        if reader_class is plugin_reader.MarkdownReader:
            checking = plugin_reader.MarkdownReader(settings)
            checking.render_body = False
            checking.on_parsed = lines
            readers.readers[extension] = checking
    return readers


def _finder(settings: dict[str, Any]) -> Generator:
    """A generator to walk the content folder as the build's generators do."""
    return Generator(
        context={},
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )


def _sources(finder: Generator, readers: Readers) -> Iterator[tuple[str, type]]:
    """(content-relative path, Article or Page) for each regular file the plugin's
    reader takes (``unread`` names the others)."""
    settings = finder.settings
    extensions = [
        extension
        for extension, reader in readers.readers.items()
        if isinstance(reader, plugin_reader.MarkdownReader)
    ]
    for kind, content_class in (("PAGE", Page), ("ARTICLE", Article)):
        found = finder.get_files(
            settings[f"{kind}_PATHS"],
            exclude=settings[f"{kind}_EXCLUDES"],
            extensions=extensions,
        )
        for path in sorted(found):
            if is_regular(os.path.join(finder.path, path)):
                yield path, content_class


class _Collector(logging.Handler):
    """Warnings and errors, and the plugin's notes."""

    def __init__(self, sink: list[logging.LogRecord]) -> None:
        super().__init__(logging.INFO)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or hasattr(record, RECORD_KEY):
            self.sink.append(record)


@contextmanager
def captured_logs() -> Iterator[list[logging.LogRecord]]:
    """Collect the warnings, errors and notes logged inside the block."""
    records: list[logging.LogRecord] = []
    handler = _Collector(records)
    root = logging.getLogger()
    root.addHandler(handler)
    plugin = logging.getLogger(__package__.rpartition(".")[0])  # the plugin's
    level = plugin.level
    plugin.setLevel(min(level or logging.INFO, logging.INFO))  # notes too
    try:
        yield records
    finally:
        root.removeHandler(handler)
        plugin.setLevel(level)


def check_site(
    settings: dict[str, Any],
    settings_file: str | None = None,
    settings_records: Sequence[logging.LogRecord] = (),
    shown: Callable[[str], str] = os.path.relpath,
) -> tuple[list[Problem], int]:
    """Return (every problem, the number of files read) for a site's settings.

    ``settings_records`` are what reading ``settings_file`` logged; they and the
    plugin's own settings problems are reported on that file.
    """
    problems: list[Problem] = []
    lines = _Lines()
    with captured_logs() as records:
        settings["REFLECTIONS"] = load_settings(settings)
        readers = _readers(settings, lines)
        markdown = plugin_reader.markdown_problem(settings)
        if markdown:
            logger.error("%s", markdown)
    if settings_file:
        with open(settings_file, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        problems += _settings_problems(
            [*settings_records, *records], shown(settings_file), text
        )
    posts: list[Post] = []
    finder = _finder(settings)
    for relative, why in unread(finder, readers.extensions):
        full_path = os.path.join(settings["PATH"], relative)
        problems.append(Problem(shown(full_path), 1, logging.INFO, None, why))
    options = settings["REFLECTIONS"]
    sources = list(_sources(finder, readers))
    for relative, content_class in sources:
        full_path = os.path.join(settings["PATH"], relative)
        path = shown(full_path)
        with captured_logs() as records:
            try:
                content = readers.read_file(
                    settings["PATH"], relative, content_class=content_class
                )
            except Exception as error:  # what Pelican's generators catch and log
                content = None
                message = f"Pelican cannot read it: {error}"
                problems.append(Problem(path, 1, logging.ERROR, None, message))
        problems += [_problem(record, path) for record in records]
        source = os.path.abspath(full_path)
        found_lines = lines.pop(source, None) or {}
        metadata = lines.metadata.pop(source, None)
        if metadata is not None:
            problems += alias_hints(full_path, path, found_lines, metadata, options)
        if isinstance(content, (Article, Page)):  # not a skipped file's stub
            try:
                problems += names.settle(content, path)  # the build does it on init
                post = validate(content, path, found_lines, settings, problems)
            except Exception as error:  # one file's surprise must not end the run
                message = f"cannot check it further: {error}"
                problems.append(Problem(path, 1, logging.ERROR, None, message))
                post = None
            if post:
                posts.append(post)
    problems += duplicates(posts)
    problems += all_translations(posts)
    return sorted(set(problems), key=_order), len(sources)


def _settings_problems(
    records: Sequence[logging.LogRecord], path: str, text: str
) -> list[Problem]:
    """Turn log records about a settings file into problems on the line that
    sets the ``NAME`` the message mentions (line 1 when none)."""
    lines = text.splitlines()
    problems = []
    for record in records:
        message = record.getMessage()
        line = 1
        for name in re.findall(r"\b[A-Z][A-Z0-9_]{2,}\b", message):
            setting = re.compile(rf"\s*{name}\s*[:=]")
            numbers = [n for n, t in enumerate(lines, start=1) if setting.match(t)]
            if numbers:
                line = numbers[0]
                break
        problems.append(replace(_problem(record, path), line=line, message=message))
    return problems
