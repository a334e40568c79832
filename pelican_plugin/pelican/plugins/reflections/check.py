"""Check every post of a site the way a build would read it, and list the problems.

Each Markdown file goes through Pelican's ``Readers.read_file`` with the plugin's
reader, minus the Markdown rendering: ``frontmatter.split`` and ``fields.map`` give
the same metadata and problems a build logs, and Pelican builds the same Article or
Page from them (defaults, file-name metadata, slug, language, status). On top of
what a build reports, posts that share a slug or a title are named.
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from markdown import Markdown
from pelican.contents import Article, Content, Page
from pelican.generators import Generator
from pelican.readers import Readers

from . import fields, frontmatter
from . import reader as plugin_reader
from .settings import load_settings

__all__ = ["Finding", "captured_logs", "check_site"]

_SKIP: tuple[None, dict[str, Any]] = (None, {"status": "skip"})
# A headerless file's Pelican metadata: "Key: value" lines before the first blank.
_NATIVE_KEY = re.compile(r"^([A-Za-z][\w-]*)\s*:")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: ``path:line: error|warning: message``."""

    path: str
    line: int
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


def _level(levelno: int) -> str:
    return "error" if levelno >= logging.ERROR else "warning"


def _message(field_name: str | None, message: str) -> str:
    return f"{field_name}: {message}" if field_name else message


@dataclass
class _Read:
    """What the checking reader saw in one file."""

    problems: list[tuple[int, int, str]] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # field -> line


class _CheckingReader(plugin_reader.MarkdownReader):
    """The plugin's reader without rendering Markdown; keeps what it found."""

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.last = _Read()

    def read(self, source_path: str) -> tuple[str | None, dict[str, Any]]:
        """Return ("", metadata) as the plugin's reader would, problems kept aside."""
        self.last = found = _Read()
        try:
            text = frontmatter.read_text(source_path)
            if not frontmatter.has_header(text):
                return self._read_native(text, found)
            header, _, _ = frontmatter.split(text, source_path)
        except frontmatter.FrontMatterError as error:
            message = _message(error.field, error.message)
            found.problems.append((logging.ERROR, error.line or 1, message))
            return _SKIP
        for entry in header.values():
            name = fields.field_name(entry.key, self.settings) or entry.key.lower()
            found.lines.setdefault(name, entry.line)
        metadata, problems = fields.map(header, self.settings, source_path=source_path)
        for problem in problems:
            message = _message(problem.field, problem.message)
            found.problems.append((problem.level, problem.line or 1, message))
        if any(problem.is_error for problem in problems):
            return _SKIP
        return "", metadata

    def _read_native(self, text: str, found: _Read) -> tuple[str, dict[str, Any]]:
        """Pelican's Markdown reader on the leading metadata block only: its meta
        extension reads no further, and rendering the body is what takes time."""
        head = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                break
            head.append(line)
            match = _NATIVE_KEY.match(line)
            if match:
                found.lines.setdefault(match.group(1).lower(), number)
        self._md = Markdown(**self.settings["MARKDOWN"])
        self._md.convert("\n".join(head))
        meta = getattr(self._md, "Meta", None)
        return "", self._parse_metadata(meta) if meta else {}


def _readers(settings: dict[str, Any]) -> Readers:
    """Pelican's readers, with the checking reader wherever the plugin's would be."""
    readers = Readers(settings)
    plugin_reader.on_readers_init(readers)
    for extension, reader_class in readers.reader_classes.items():
        if reader_class is plugin_reader.MarkdownReader:
            readers.readers[extension] = _CheckingReader(settings)
    return readers


def _sources(settings: dict[str, Any], readers: Readers) -> Iterator[tuple[str, type]]:
    """(content-relative path, Article or Page) for each file the reader takes."""
    extensions = [
        extension
        for extension, reader in readers.readers.items()
        if isinstance(reader, _CheckingReader)
    ]
    finder = Generator(
        context={},
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )
    for kind, content_class in (("PAGE", Page), ("ARTICLE", Article)):
        found = finder.get_files(
            settings[f"{kind}_PATHS"],
            exclude=settings[f"{kind}_EXCLUDES"],
            extensions=extensions,
        )
        for path in sorted(found):
            yield path, content_class


@dataclass(frozen=True)
class _Post:
    """A post that a build would publish, for the checks across posts."""

    path: str
    published: float  # timestamp; the newer of two posts is the one flagged
    group: tuple[str, bool, str]  # kind, draft, lang
    slug: str
    slug_line: int
    title: str
    title_line: int
    save_as: str  # where the build writes it: the same file means one is lost


class _Collector(logging.Handler):
    def __init__(self, sink: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record)


@contextmanager
def captured_logs() -> Iterator[list[logging.LogRecord]]:
    """Collect the warnings and errors logged inside the block (none printed)."""
    records: list[logging.LogRecord] = []
    handler = _Collector(records)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield records
    finally:
        root.removeHandler(handler)


def check_site(
    settings: dict[str, Any],
    settings_file: str | None = None,
    settings_records: Sequence[logging.LogRecord] = (),
    shown: Callable[[str], str] = os.path.relpath,
) -> tuple[list[Finding], int]:
    """Return (every problem, the number of files read) for a site's settings.

    ``settings_records`` are what reading ``settings_file`` logged; they and the
    plugin's own settings problems are reported on that file.
    """
    findings: list[Finding] = []
    with captured_logs() as records:
        settings["REFLECTIONS"] = load_settings(settings)
        plugin_reader.report_alias_errors(settings)
        readers = _readers(settings)
    if settings_file:
        with open(settings_file, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        findings += _settings_findings(
            [*settings_records, *records], shown(settings_file), text
        )
    posts: list[_Post] = []
    sources = list(_sources(settings, readers))
    for relative, content_class in sources:
        path = shown(os.path.join(settings["PATH"], relative))
        reader = readers.readers[os.path.splitext(relative)[1][1:]]
        reader.last = _Read()
        with captured_logs() as records:
            try:
                content = readers.read_file(
                    settings["PATH"], relative, content_class=content_class
                )
            except Exception as error:  # what Pelican's generators catch and log
                content = None
                message = f"Pelican cannot read it: {error}"
                findings.append(Finding(path, 1, "error", message))
        findings += [
            Finding(path, line, _level(level), message)
            for level, line, message in reader.last.problems
        ]
        findings += [
            Finding(path, 1, _level(record.levelno), record.getMessage())
            for record in records
        ]
        if isinstance(content, (Article, Page)):  # not a skipped file's stub
            post = _validate(content, path, reader.last.lines, settings, findings)
            if post:
                posts.append(post)
    findings += _duplicates(posts)
    return sorted(set(findings)), len(sources)


def _validate(
    content: Content,
    path: str,
    lines: dict[str, int],
    settings: dict[str, Any],
    findings: list[Finding],
) -> _Post | None:
    """Pelican's own checks (the ones that make a build skip a file)."""
    kind = type(content).__name__.lower()
    valid = True
    for name in content.mandatory_properties:
        if not hasattr(content, name):
            findings.append(
                Finding(
                    path,
                    lines.get(name, 1),
                    "error",
                    f"{name}: missing; Pelican skips {kind}s without one",
                )
            )
            valid = False
    allowed = getattr(content, "allowed_statuses", ())
    if allowed and content.status not in allowed:
        choices = ", ".join(s for s in allowed if s != "skip")
        findings.append(
            Finding(
                path,
                lines.get("status", 1),
                "error",
                f"status: '{content.status}' is not one of {choices}",
            )
        )
        valid = False
    if not valid or not getattr(content, "slug", None):
        return None
    title_line = lines.get("title", 1)
    date = getattr(content, "date", None)
    by_title = settings["SLUGIFY_SOURCE"] == "title"
    return _Post(
        path=path,
        published=date.timestamp() if date else math.inf,
        group=(kind, content.status == "draft", content.lang),
        slug=content.slug,
        slug_line=lines.get("slug", title_line if by_title else 1),
        title=content.title,
        title_line=title_line,
        save_as=content.save_as,
    )


def _duplicates(posts: list[_Post]) -> list[Finding]:
    """Posts that share a slug (an error when one page overwrites the other, else
    a warning, as Pelican's) or a title (a warning) with an earlier post, among
    articles or pages of a language."""
    findings: list[Finding] = []
    first_slug: dict[tuple[Any, ...], _Post] = {}
    first_title: dict[tuple[Any, ...], _Post] = {}
    for post in sorted(posts, key=lambda p: (p.published, p.path)):
        seen = first_slug.setdefault((*post.group, post.slug), post)
        if seen is not post:
            overwrites = seen.save_as == post.save_as
            findings.append(
                Finding(
                    post.path,
                    post.slug_line,
                    "error" if overwrites else "warning",
                    f"slug: '{post.slug}' is also the slug of {seen.path}:"
                    f"{seen.slug_line}"
                    + ("; one would overwrite the other" if overwrites else ""),
                )
            )
        title = " ".join(post.title.split()).casefold()
        same = first_title.setdefault((*post.group, title), post)
        if same is not post and same.slug != post.slug:
            findings.append(
                Finding(
                    post.path,
                    post.title_line,
                    "warning",
                    f"title: '{post.title}' is also the title of {same.path}:"
                    f"{same.title_line}",
                )
            )
    return findings


def _settings_findings(
    records: Sequence[logging.LogRecord], path: str, text: str
) -> list[Finding]:
    """Turn log records about a settings file into findings on the line that
    sets the ``NAME`` the message mentions (line 1 when none)."""
    lines = text.splitlines()
    findings = []
    for record in records:
        message = record.getMessage()
        line = 1
        for name in re.findall(r"\b[A-Z][A-Z0-9_]{2,}\b", message):
            setting = re.compile(rf"\s*{name}\s*[:=]")
            numbers = [n for n, t in enumerate(lines, start=1) if setting.match(t)]
            if numbers:
                line = numbers[0]
                break
        findings.append(Finding(path, line, _level(record.levelno), message))
    return findings
