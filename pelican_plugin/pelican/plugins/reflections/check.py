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

import datetime
import json
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from pelican.contents import Article, Content, Page
from pelican.generators import Generator
from pelican.readers import Readers

from . import composition, frontmatter, names
from . import reader as plugin_reader
from .parsing import Parsed
from .problems import RECORD_KEY, Problem, Refused
from .settings import ReflectionsSettings, load_settings
from .slugs import Claim, claim, renames
from .unread import is_regular, unread

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


@dataclass(frozen=True)
class _Post:
    """A post that a build would publish, for the checks across posts."""

    claim: Claim
    slug_line: int
    title: str
    title_line: int
    translation: bool = False
    translation_line: int = 1
    translation_id: tuple[Any, ...] = ()


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
    plugin = logging.getLogger(__package__)
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
    posts: list[_Post] = []
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
            problems += _alias_hints(full_path, path, found_lines, metadata, options)
        if isinstance(content, (Article, Page)):  # not a skipped file's stub
            try:
                problems += names.settle(content, path)  # the build does it on init
                post = _validate(content, path, found_lines, settings, problems)
            except Exception as error:  # one file's surprise must not end the run
                message = f"cannot check it further: {error}"
                problems.append(Problem(path, 1, logging.ERROR, None, message))
                post = None
            if post:
                posts.append(post)
    problems += _duplicates(posts)
    problems += _all_translations(posts)
    return sorted(set(problems), key=_order), len(sources)


# Keys other site generators use for a date, an update date or a cover, which
# the field table (``fields.FIELDS``) does not map: Hugo, Jekyll and its themes,
# Gatsby, Eleventy, Docusaurus, Ghost, Hexo, Astro, Nuxt Content, dev.to, Hashnode.
# Normalised as ``fields`` does (case, "_", "-" and spaces ignored).
_FOREIGN_KEYS: dict[str, str] = {
    **dict.fromkeys(
        (
            "postedon",
            "postedat",
            "posted",
            "postdate",
            "publishedat",
            "publishedon",
            "publicationdate",
            "datepublished",
            "created",
            "createdat",
            "createdon",
            "datecreated",
            "creationdate",
        ),
        "date",
    ),
    **dict.fromkeys(
        (
            "updatedat",
            "updatedon",
            "updatedate",
            "lastupdated",
            "lastupdate",
            "lastmodified",
            "datemodified",
            "modifiedat",
            "modifieddate",
            "editedat",
        ),
        "updatedDate",
    ),
    **dict.fromkeys(
        (
            "banner",
            "bannerimage",
            "bannerimg",
            "thumbnail",
            "thumbnailimg",
            "thumb",
            "featureimage",
            "featureimg",
            "featuredimg",
            "coverimg",
            "coverphoto",
            "hero",
            "heroimg",
            "headerimage",
            "headerimg",
            "topimg",
            "indeximg",
            "mainimage",
            "ogimage",
            "socialimage",
            "shareimg",
            "shareimage",
            "teaser",
            "img",
        ),
        "coverImage",
    ),
}


_MEANING = {
    "date": "the post's date",
    "updatedDate": "its update date",
    "coverImage": "its cover image",
}


def _normalised(key: str) -> str:
    return re.sub(r"[-_ ]", "", key.lower())


def _alias_hints(
    full_path: str,
    path: str,
    found_lines: dict[str, int],
    metadata: dict[str, Any],
    options: ReflectionsSettings,
) -> list[Problem]:
    """A note for each key another generator uses for a date or a cover that is
    read as plain metadata, with the ``REFLECTIONS_ALIASES`` line that maps it.

    ``found_lines`` maps the fields given to their lines, other keys lower-cased
    (as ``metadata`` has them).
    """
    hints = []
    for key, line in found_lines.items():
        target = _FOREIGN_KEYS.get(_normalised(key))
        if target is None or target in found_lines or _normalised(key) in options.keys:
            continue  # not one, already given, or kept by the site's aliases
        kinds = (str, dict, list) if target == "coverImage" else (str, datetime.date)
        if not isinstance(metadata.get(key), kinds):
            continue  # empty, or a flag, a number or a mapping: something else
        written = _written_key(full_path, line) or key
        aliases = {**options.aliases, written: target}
        setting = ", ".join(
            f"{json.dumps(a, ensure_ascii=False)}: {json.dumps(t)}"
            for a, t in aliases.items()
        )
        message = (
            f"kept as plain metadata, not read as {_MEANING[target]}; to read it so, "
            f"set REFLECTIONS_ALIASES = {{{setting}}}"
        )
        hints.append(Problem(path, line, logging.INFO, written, message))
    return hints


def _written_key(full_path: str, line: int) -> str | None:
    """The key at ``line`` of a file's front matter, as its author wrote it."""
    try:
        header, _, _ = frontmatter.split(frontmatter.read_text(full_path))
    except (Refused, OSError, ValueError):
        return None
    return next((entry.key for entry in header.values() if entry.line == line), None)


def _bad_dates(content: Content, path: str, lines: dict[str, int]) -> list[Problem]:
    """Dates with a UTC offset Python cannot use (``+25:00``): the build stops on
    them when it sorts posts."""
    problems = []
    for name, value in content.metadata.items():
        if not isinstance(value, datetime.datetime):
            continue
        try:
            value.utcoffset()
        except ValueError:
            problems.append(
                Problem(
                    path,
                    lines.get(name, 1),
                    logging.ERROR,
                    name,
                    f"{_as_written(value)} has a UTC offset of 24 hours or more; "
                    "offsets run from -23:59 to +23:59 (Pelican's build stops on it)",
                )
            )
    return problems


def _as_written(value: datetime.datetime) -> str:
    """A date whose offset Python refuses, quoted as ISO 8601."""
    offset = value.tzinfo.utcoffset(None) if value.tzinfo else None  # unchecked
    if not isinstance(offset, datetime.timedelta):
        return "the date"
    minutes = int(offset.total_seconds()) // 60
    sign, minutes = ("-", -minutes) if minutes < 0 else ("+", minutes)
    written = value.replace(tzinfo=None).isoformat()
    return f"'{written}{sign}{minutes // 60:02d}:{minutes % 60:02d}'"


def _validate(
    content: Content,
    path: str,
    lines: dict[str, int],
    settings: dict[str, Any],
    problems: list[Problem],
) -> _Post | None:
    """Pelican's own checks (the ones that make a build skip a file)."""
    kind = type(content).__name__.lower()
    bad_dates = _bad_dates(content, path, lines)
    problems += bad_dates
    valid = not bad_dates
    for name in content.mandatory_properties:
        if not hasattr(content, name):
            problems.append(
                Problem(
                    path,
                    lines.get(name, 1),
                    logging.ERROR,
                    name,
                    f"missing; Pelican skips {kind}s without one",
                )
            )
            valid = False
    allowed = getattr(content, "allowed_statuses", ())
    if allowed and content.status not in allowed:
        choices = ", ".join(s for s in allowed if s != "skip")
        problems.append(
            Problem(
                path,
                lines.get("status", 1),
                logging.ERROR,
                "status",
                f"'{content.status}' is not one of {choices}",
            )
        )
        valid = False
    found = claim(content, path) if valid else None
    if found is None:
        return None
    title_line = lines.get("title", 1)
    by_title = settings["SLUGIFY_SOURCE"] == "title"
    return _Post(
        claim=found,
        slug_line=lines.get("slug", title_line if by_title else 1),
        title=_text(content.title),
        title_line=title_line,
        translation=str(content.metadata.get("translation", "false")).lower()
        != "false",
        translation_line=lines.get("translation", 1),
        translation_id=_translation_id(content, settings),
    )


def _translation_id(content: Content, settings: dict[str, Any]) -> tuple[Any, ...]:
    """What Pelican groups translations by (``ARTICLE_TRANSLATION_ID``, by slug),
    with the kind and status of post it groups among; () when it does not."""
    kind = "PAGE" if isinstance(content, Page) else "ARTICLE"
    names_ = settings.get(f"{kind}_TRANSLATION_ID", "slug")
    if not names_:
        return ()
    names_ = [names_] if isinstance(names_, str) else list(names_)
    values = tuple(str(getattr(content, name, "")) for name in names_)
    return (kind, content.status == "draft", *values)


def _all_translations(posts: list[_Post]) -> list[Problem]:
    """Posts that all say ``translation`` with none to translate: Pelican warns
    while it generates, then publishes them as originals."""
    groups: dict[tuple[Any, ...], list[_Post]] = {}
    for post in posts:
        if post.translation_id:
            groups.setdefault(post.translation_id, []).append(post)
    problems = []
    for group in groups.values():
        if not all(post.translation for post in group):
            continue
        for post in group:
            message = (
                f"says it is a translation, but no post with the slug "
                f"'{post.claim.slug}' is the original; Pelican publishes it as one"
            )
            problems.append(
                Problem(
                    post.claim.shown,
                    post.translation_line,
                    logging.WARNING,
                    "translation",
                    message,
                )
            )
    return problems


def _text(value: Any) -> str:
    """A metadata value as text (a stock header's repeated key gives a list)."""
    if isinstance(value, (list, tuple)):
        return " ".join(str(item) for item in value)
    return str(value)


def _duplicates(posts: list[_Post]) -> list[Problem]:
    """Posts that share a slug (the later is renamed, as in a build, unless they
    are saved apart: a warning) or a title (a warning) with an earlier post,
    among articles or pages of a language."""
    by_path = {post.claim.path: post for post in posts}
    problems = [
        replace(found.problem, line=by_path[path].slug_line)
        for path, found in renames(post.claim for post in posts).items()
    ]
    first_slug: dict[tuple[Any, ...], _Post] = {}
    first_title: dict[tuple[Any, ...], _Post] = {}
    for post in sorted(posts, key=lambda p: (p.claim.published, p.claim.path)):
        seen = first_slug.setdefault((*post.claim.group, post.claim.slug), post)
        if seen is not post and seen.claim.save_as != post.claim.save_as:
            problems.append(
                Problem(
                    post.claim.shown,
                    post.slug_line,
                    logging.WARNING,
                    "slug",
                    f"'{post.claim.slug}' is also the slug of {seen.claim.shown}:"
                    f"{seen.slug_line} (saved apart, but Pelican lists them as "
                    "translations of each other)",
                )
            )
        title = " ".join(post.title.split()).casefold()
        same = first_title.setdefault((*post.claim.group, title), post)
        if same is not post and same.claim.slug != post.claim.slug:
            problems.append(
                Problem(
                    post.claim.shown,
                    post.title_line,
                    logging.WARNING,
                    "title",
                    f"'{post.title}' is also the title of {same.claim.shown}:"
                    f"{same.title_line}",
                )
            )
    return problems


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
