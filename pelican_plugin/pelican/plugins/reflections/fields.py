"""The field table: front-matter keys, their synonyms, and how each value becomes
Pelican metadata.

Public API (also used by the CLI, without Pelican building):

- ``FIELDS``: the table, one ``Field(name, kind, aliases, output)`` per field.
- ``Update(date, note)``, ``Cover(url, alt, caption, width, height, external,
  source)``: the values of ``metadata["updates"]`` items and ``metadata["cover"]``.
- ``Problem(level, field, line, message)``: a warning or error about one field.
- ``alias_table(user_aliases) -> (table, setting_errors)``: normalised key ->
  canonical field name (None: keep the key as plain metadata).
- ``field_name(key, settings) -> str | None``: the field a front-matter key gives.
- ``map(header, settings, *, source_path=None, render=None) -> (metadata,
  problems)``: ``header`` is ``frontmatter.split``'s; ``settings`` is Pelican's;
  ``source_path`` (absolute) resolves relative cover paths; ``render`` turns
  Markdown into HTML (None keeps the text). A problem with ``is_error`` means the
  file must be skipped.
"""

from __future__ import annotations

import datetime
import logging
import os
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from pelican.readers import ensure_metadata_list
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import get_date, posixize_path, set_date_tzinfo

from . import images
from .frontmatter import Entry, describe
from .settings import current

__all__ = [
    "FIELDS",
    "Cover",
    "Field",
    "Problem",
    "Update",
    "alias_table",
    "field_name",
    "map",
]


class Update(NamedTuple):
    """One update of a post: an aware datetime and a note in HTML ("" if none)."""

    date: datetime.datetime
    note: str


class Cover(NamedTuple):
    """A post's cover image.

    ``url`` is an absolute http(s) URL (``external``) or a site-relative path with
    no leading slash; ``source`` is the content-relative path of a local file.
    """

    url: str
    alt: str = ""
    caption: str = ""
    width: int | None = None
    height: int | None = None
    external: bool = False
    source: str = ""


@dataclass(frozen=True)
class Problem:
    """A warning or an error about one front-matter field."""

    level: int
    field: str | None
    line: int | None
    message: str

    @property
    def is_error(self) -> bool:
        """Whether the file must be skipped."""
        return self.level >= logging.ERROR

    def describe(self, path: str) -> str:
        """The one-line form: ``path:line: field: message``."""
        return describe(path, self.line, self.field, self.message)


class _Refused(Exception):
    """A value a field cannot take; the message says why."""

    def __init__(self, message: str, level: int = logging.ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.level = level


@dataclass
class _Context:
    settings: Mapping[str, Any]
    source_path: str | None
    render: Callable[[str], str] | None
    problems: list[Problem] = field(default_factory=list)

    def report(self, level: int, entry: Entry, message: str) -> None:
        self.problems.append(Problem(level, entry.key, entry.line, message))


Kind = Callable[[Entry, _Context], Any]


# --- kinds: how one value is read ---------------------------------------------


def _describe_type(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _text_of(value: Any, text: Any) -> str:
    if isinstance(text, str):
        return text.strip()
    raise _Refused(f"must be text, not {_describe_type(value)}")


def _text(entry: Entry, _ctx: _Context) -> str:
    return _text_of(entry.value, entry.text)


def _markdown(entry: Entry, ctx: _Context) -> str:
    text = _text(entry, ctx)
    return ctx.render(text) if ctx.render else text


def _items(entry: Entry) -> list[str]:
    if isinstance(entry.text, str):
        return ensure_metadata_list(entry.text)
    if isinstance(entry.text, list):
        texts = [
            _text_of(value, text)
            for value, text in zip(entry.value, entry.text, strict=True)
        ]
        return ensure_metadata_list([t for t in texts if t])
    raise _Refused(f"must be a list or comma-separated text, not {entry.value!r}")


def _tags(entry: Entry, ctx: _Context) -> list[Tag]:
    return [Tag(name, ctx.settings) for name in _items(entry)]


def _categories(entry: Entry, ctx: _Context) -> list[Category]:
    return [Category(name, ctx.settings) for name in _items(entry)]


def _category(entry: Entry, ctx: _Context) -> list[Category]:
    return [Category(_text(entry, ctx), ctx.settings)]


def _author(entry: Entry, ctx: _Context) -> Author:
    return Author(_text(entry, ctx), ctx.settings)


def _authors(entry: Entry, ctx: _Context) -> list[Author]:
    return [Author(name, ctx.settings) for name in _items(entry)]


def _to_datetime(value: Any, text: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return get_date(value)
        except ValueError:
            raise _Refused(f"'{value}' is not a date ({_why_not(value)})") from None
    raise _Refused(f"must be a date like 2024-03-11, not {_describe_type(text)}")


def _why_not(text: str) -> str:
    iso = _ISO_DATE.match(text)
    if iso:
        try:
            datetime.date(*(int(part) for part in iso.groups()))
        except ValueError as error:
            return str(error)
    return "write it as YYYY-MM-DD, optionally with a time"


def _date(entry: Entry, _ctx: _Context) -> datetime.datetime:
    return _to_datetime(entry.value, entry.text)


def _bool(entry: Entry, _ctx: _Context) -> bool:
    if isinstance(entry.value, bool):
        return entry.value
    raise _Refused(f"must be true or false, not {_describe_type(entry.text)}")


_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\b")
_COVER_SOURCE_KEYS = ("src", "url", "path", "image")


def _cover(entry: Entry, ctx: _Context) -> dict[str, Any]:
    if isinstance(entry.text, str):
        return {"src": entry.text.strip()}
    if not isinstance(entry.text, dict):
        raise _Refused(
            f"must be a path, a URL or {{src, alt, caption}}, not {entry.value!r}"
        )
    given = {key.lower(): key for key in entry.text}
    spec: dict[str, Any] = {}
    for name in (*_COVER_SOURCE_KEYS, "alt", "caption"):
        if name in given:
            key = given[name]
            text = _text_of(entry.value[key], entry.text[key])
            spec.setdefault("src" if name in _COVER_SOURCE_KEYS else name, text)
    for name in ("width", "height"):
        value = entry.value.get(given.get(name, ""))
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            spec[name] = value
    return spec


def _updates(entry: Entry, ctx: _Context) -> list[tuple[datetime.datetime, str]]:
    if not isinstance(entry.value, list):
        raise _Refused("must be a list of {date, description} items")
    found = []
    for value, text in zip(entry.value, entry.text, strict=True):
        note = ""
        if isinstance(value, dict):
            keys = {key.lower(): key for key in value}
            if "date" not in keys:
                raise _Refused("every item needs a date")
            date_value, date_text = value[keys["date"]], text[keys["date"]]
            for name in ("description", "note"):
                if name in keys and text[keys[name]] is not None:
                    note = _text_of(value[keys[name]], text[keys[name]])
                    break
        else:
            date_value, date_text = value, text
        if date_value is None:
            continue
        date = _to_datetime(date_value, date_text)
        found.append((date, ctx.render(note) if note and ctx.render else note))
    return found


# --- the table ----------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One front-matter field: canonical name, how to read it, its synonyms, and
    the Pelican metadata key it fills (None: combined with others below)."""

    name: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    output: str | None = None


FIELDS: tuple[Field, ...] = (
    Field("title", _text, (), "title"),
    Field("date", _date, (), "date"),
    Field("slug", _text, (), "slug"),
    Field("status", _text, (), "status"),
    Field("draft", _bool),
    Field("author", _author, (), "author"),
    Field("authors", _authors, (), "authors"),
    Field("lang", _text, (), "lang"),
    Field("template", _text, (), "template"),
    Field("save_as", _text, (), "save_as"),
    Field("url", _text, (), "url"),
    Field("timezone", _text, (), "timezone"),
    Field("translation", _text, (), "translation"),
    Field("tags", _tags, (), "tags"),
    Field("summary", _markdown, ("description", "excerpt"), "summary"),
    Field("location", _text, (), "location"),
    Field("category", _category),
    Field("categories", _categories),
    Field("updatedDate", _date, ("updated", "lastmod", "last_modified_at", "modified")),
    Field("updateDescription", _markdown, ("updateNote",)),
    Field("updates", _updates),
    Field("coverImage", _cover, ("cover", "image", "heroImage")),
    Field("coverImageAlt", _text, ("coverAlt", "imageAlt", "heroImageAlt")),
    Field("coverImageCaption", _text, ("coverCaption", "imageCaption")),
)
_BY_NAME = {f.name: f for f in FIELDS}


def _normalise(key: str) -> str:
    """Keys match case-insensitively and ignore ``_``, ``-`` and spaces."""
    return key.lower().replace("_", "").replace("-", "").replace(" ", "")


@lru_cache(maxsize=16)
def _alias_table(
    user: tuple[tuple[str, str], ...],
) -> tuple[dict[str, str | None], tuple[str, ...]]:
    table: dict[str, str | None] = {}
    for f in FIELDS:
        for key in (f.name, *f.aliases):
            table[_normalise(key)] = f.name
    errors = []
    for alias, target in user:
        if _normalise(alias) == _normalise(target):
            table[_normalise(alias)] = None  # keep it as plain metadata
        elif table.get(_normalise(target)):
            table[_normalise(alias)] = table[_normalise(target)]
        else:
            errors.append(
                f"REFLECTIONS_ALIASES maps '{alias}' to '{target}', which is not a "
                f"field ({', '.join(f.name for f in FIELDS)}); to keep '{alias}' "
                f"as it is, map it to itself"
            )
    return table, tuple(errors)


def alias_table(
    user_aliases: Mapping[str, str],
) -> tuple[dict[str, str | None], tuple[str, ...]]:
    """Return (normalised key -> field name or None, errors in the setting)."""
    return _alias_table(tuple(sorted(user_aliases.items())))


def field_name(key: str, settings: Mapping[str, Any]) -> str | None:
    """The field a front-matter key gives (None: kept as plain metadata)."""
    table, _ = alias_table(current(settings).aliases)
    return table.get(_normalise(key))


# --- mapping a header ---------------------------------------------------------


def _empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return all(
            _empty(item)
            for item in (value.values() if isinstance(value, dict) else value)
        )
    return value is None


def map(
    header: Mapping[str, Entry],
    settings: Mapping[str, Any],
    *,
    source_path: str | None = None,
    render: Callable[[str], str] | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """Turn front-matter entries into Pelican metadata plus a list of problems."""
    ctx = _Context(settings, source_path, render)
    table, _ = alias_table(current(settings).aliases)
    formatted = set(settings.get("FORMATTED_FIELDS", ()))
    metadata: dict[str, Any] = {}
    found: dict[str, Entry] = {}
    for entry in header.values():
        name = table.get(_normalise(entry.key))
        if name is None:
            _keep(entry, metadata, formatted, ctx)
        elif name in found:
            ctx.report(
                logging.WARNING,
                entry,
                f"'{found[name].key}' (line {found[name].line}) already gives the "
                f"{name}; this one is ignored",
            )
        elif not _empty(entry.value):
            found[name] = entry
    values: dict[str, Any] = {}
    for name, entry in found.items():
        try:
            values[name] = _BY_NAME[name].kind(entry, ctx)
        except _Refused as refused:
            ctx.report(refused.level, entry, refused.message)
    for name, value in values.items():
        output = _BY_NAME[name].output
        if output and not (isinstance(value, (str, list)) and not value):
            metadata[output] = value
    _combine_status(values, metadata)
    _combine_categories(values, metadata)
    _combine_updates(values, found, metadata, ctx)
    _combine_cover(values, found, metadata, ctx)
    return metadata, ctx.problems


def _keep(
    entry: Entry, metadata: dict[str, Any], formatted: set[str], ctx: _Context
) -> None:
    """Keep an unknown key as metadata (lower-cased), YAML-typed."""
    key = entry.key.lower()
    if _empty(entry.value):
        return
    if key in metadata:
        ctx.report(
            logging.WARNING, entry, f"'{key}' is given twice; this one is ignored"
        )
        return
    value = entry.value
    if key in formatted and isinstance(entry.text, str) and ctx.render:
        value = ctx.render(entry.text)
    metadata[key] = value


def _combine_status(values: dict[str, Any], metadata: dict[str, Any]) -> None:
    if values.get("draft") and "status" not in metadata:
        metadata["status"] = "draft"


def _combine_categories(values: dict[str, Any], metadata: dict[str, Any]) -> None:
    categories: list[Category] = []
    for category in values.get("category", []) + values.get("categories", []):
        if category not in categories:
            categories.append(category)
    if categories:
        metadata["category"] = categories[0]
        metadata["categories"] = categories


def _timezone(metadata: dict[str, Any], ctx: _Context) -> str:
    return metadata.get("timezone") or ctx.settings.get("TIMEZONE") or "UTC"


def _combine_updates(
    values: dict[str, Any],
    found: dict[str, Entry],
    metadata: dict[str, Any],
    ctx: _Context,
) -> None:
    listed = [
        (date, note, found["updates"]) for date, note in values.get("updates", [])
    ]
    note = values.get("updateDescription", "")
    if "updatedDate" in values:
        listed.append((values["updatedDate"], note, found["updatedDate"]))
    elif note:
        ctx.report(
            logging.WARNING,
            found["updateDescription"],
            "has no updatedDate, so the note is not shown; add the date of the update",
        )
    if not listed:
        return
    tz = _timezone(metadata, ctx)
    by_date: dict[datetime.datetime, str] = {}
    published = set_date_tzinfo(metadata["date"], tz) if "date" in metadata else None
    for date, text, entry in listed:
        date = set_date_tzinfo(date, tz)
        if published and date < published:
            ctx.report(
                logging.WARNING,
                entry,
                f"the update {date:%Y-%m-%d} is earlier than the post's date "
                f"{published:%Y-%m-%d}",
            )
        by_date[date] = by_date.get(date) or text
    updates = [Update(date, by_date[date]) for date in sorted(by_date, reverse=True)]
    metadata["updates"] = updates
    metadata["modified"] = updates[0].date


def _combine_cover(
    values: dict[str, Any],
    found: dict[str, Entry],
    metadata: dict[str, Any],
    ctx: _Context,
) -> None:
    if "coverImage" not in values:
        return
    spec, entry = values["coverImage"], found["coverImage"]
    if not spec.get("src"):
        ctx.report(logging.WARNING, entry, "gives no src (the image's path or URL)")
        return
    try:
        cover = _locate(spec["src"], ctx)
    except _Refused as refused:
        ctx.report(logging.WARNING, entry, refused.message)
        return
    cover = cover._replace(
        alt=spec.get("alt") or values.get("coverImageAlt", ""),
        caption=spec.get("caption") or values.get("coverImageCaption", ""),
    )
    if "width" in spec and "height" in spec:
        cover = cover._replace(width=spec["width"], height=spec["height"])
    metadata["cover"] = cover


def _locate(src: str, ctx: _Context) -> Cover:
    """An http(s) URL, or a file in the content tree found the way ``{static}`` is."""
    src = src.removeprefix("{static}")
    parts = urlsplit(src)
    if parts.scheme:
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            return Cover(url=src, external=True)
        raise _Refused(
            f"'{parts.scheme}:' URLs cannot be covers; use an http(s) URL or a file "
            "in the content folder"
        )
    if src.startswith("//"):
        raise _Refused(f"write the cover URL with https: (https:{src})")
    path = unquote(parts.path)
    if path.startswith("/"):
        relative = path.lstrip("/")
    else:
        relative = posixpath.join(_source_dir(ctx), path)
    relative = posixpath.normpath(relative)
    if relative == ".." or relative.startswith("../"):
        raise _Refused(f"the cover '{src}' is outside the content folder")
    full = os.path.join(ctx.settings.get("PATH", ""), relative)
    if not os.path.isfile(full):
        raise _Refused(
            f"the cover file '{relative}' does not exist in the content folder"
        )
    size = images.dimensions(full)
    width, height = size if size else (None, None)
    return Cover(url=relative, width=width, height=height, source=relative)


def _source_dir(ctx: _Context) -> str:
    if not ctx.source_path:
        return ""
    content = os.path.abspath(ctx.settings.get("PATH", ""))
    directory = os.path.relpath(
        os.path.dirname(os.path.abspath(ctx.source_path)), content
    )
    return "" if directory == "." else posixize_path(directory)
