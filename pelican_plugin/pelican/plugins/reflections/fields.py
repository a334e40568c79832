"""The field table: front-matter keys, their synonyms, and how each value becomes
Pelican metadata. How one value is read lives in ``values``; where a cover
points, in ``covers``.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from pelican.contents import Article, Page
from pelican.urlwrappers import Category
from pelican.utils import set_date_tzinfo

from . import covers, values
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


@dataclass
class _Mapping:
    """One header being mapped: how values are read, and the problems found."""

    reading: values.Reading
    problems: list[Problem] = field(default_factory=list)

    def report(self, level: int, entry: Entry, message: str) -> None:
        self.problems.append(Problem(level, entry.key, entry.line, message))


# --- the table ----------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One front-matter field: canonical name, how to read it, its synonyms, and
    the Pelican metadata key it fills (None: combined with others below)."""

    name: str
    kind: values.Kind
    aliases: tuple[str, ...] = ()
    output: str | None = None


FIELDS: tuple[Field, ...] = (
    Field("title", values.text, (), "title"),
    Field("date", values.date, (), "date"),
    Field("slug", values.text, (), "slug"),
    Field("status", values.text, (), "status"),
    Field("draft", values.boolean),
    Field("author", values.author, (), "author"),
    Field("authors", values.authors, (), "authors"),
    Field("lang", values.text, (), "lang"),
    Field("template", values.text, (), "template"),
    Field("save_as", values.text, (), "save_as"),
    Field("url", values.text, (), "url"),
    Field("timezone", values.timezone, (), "timezone"),
    Field("translation", values.text, (), "translation"),
    Field("tags", values.tags, (), "tags"),
    Field("summary", values.markdown, ("description", "excerpt"), "summary"),
    Field("location", values.text, (), "location"),
    Field("category", values.category),
    Field("categories", values.categories),
    Field(
        "updatedDate",
        values.date,
        ("updated", "lastmod", "last_modified_at", "modified"),
    ),
    Field("updateDescription", values.markdown, ("updateNote",)),
    Field("updates", values.updates),
    Field("coverImage", values.cover, ("cover", "image", "heroImage")),
    Field("coverImageAlt", values.text, ("coverAlt", "imageAlt", "heroImageAlt")),
    Field("coverImageCaption", values.text, ("coverCaption", "imageCaption")),
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
    ctx = _Mapping(values.Reading(settings, source_path, render))
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
    read: dict[str, Any] = {}
    for name, entry in found.items():
        try:
            read[name] = _BY_NAME[name].kind(entry, ctx.reading)
        except values.Refused as refused:
            ctx.report(refused.level, entry, refused.message)
    for name, value in read.items():
        output = _BY_NAME[name].output
        if output and not (isinstance(value, (str, list)) and not value):
            metadata[output] = value
    _combine_status(read, metadata)
    _combine_categories(read, metadata)
    _combine_updates(read, found, metadata, ctx)
    _combine_cover(read, found, metadata, ctx)
    return metadata, ctx.problems


# Attributes of Pelican's content objects that metadata must not overwrite (every
# metadata key becomes an attribute); the table's own fields are handled above.
_PELICAN_NAMES = frozenset(
    {name for cls in (Article, Page) for name in dir(cls) if name[0] != "_"}
    | {"metadata", "settings", "source_path", "relative_source_path", "translations"}
)


def _keep(
    entry: Entry, metadata: dict[str, Any], formatted: set[str], ctx: _Mapping
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
    if key.startswith("_") or key in _PELICAN_NAMES:
        ctx.report(
            logging.WARNING,
            entry,
            f"'{key}' is a name Pelican uses for the post itself; rename the key",
        )
        return
    value = entry.value
    if key in formatted and isinstance(entry.text, str) and ctx.reading.render:
        value = ctx.reading.render(entry.text)
    metadata[key] = value


def _combine_status(read: dict[str, Any], metadata: dict[str, Any]) -> None:
    if read.get("draft") and "status" not in metadata:
        metadata["status"] = "draft"


def _combine_categories(read: dict[str, Any], metadata: dict[str, Any]) -> None:
    categories: list[Category] = []
    for category in read.get("category", []) + read.get("categories", []):
        if category not in categories:
            categories.append(category)
    if categories:
        metadata["category"] = categories[0]
        metadata["categories"] = categories


def _timezone(metadata: dict[str, Any], ctx: _Mapping) -> str:
    return metadata.get("timezone") or ctx.reading.settings.get("TIMEZONE") or "UTC"


def _combine_updates(
    read: dict[str, Any],
    found: dict[str, Entry],
    metadata: dict[str, Any],
    ctx: _Mapping,
) -> None:
    listed = [(date, note, found["updates"]) for date, note in read.get("updates", [])]
    note = read.get("updateDescription", "")
    if "updatedDate" in read:
        listed.append((read["updatedDate"], note, found["updatedDate"]))
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
        if date is None:
            ctx.report(
                logging.WARNING,
                entry,
                "an item has a description but no date, so the note is not shown; "
                "add the date of the update",
            )
            continue
        date = set_date_tzinfo(date, tz)
        if published and date < published:
            ctx.report(
                logging.WARNING,
                entry,
                f"the update {date:%Y-%m-%d} is earlier than the post's date "
                f"{published:%Y-%m-%d}",
            )
            continue
        by_date[date] = by_date.get(date) or text
    if not by_date:
        return
    updates = [Update(date, by_date[date]) for date in sorted(by_date, reverse=True)]
    metadata["updates"] = updates
    metadata["modified"] = updates[0].date


def _combine_cover(
    read: dict[str, Any],
    found: dict[str, Entry],
    metadata: dict[str, Any],
    ctx: _Mapping,
) -> None:
    if "coverImage" not in read:
        return
    spec, entry = read["coverImage"], found["coverImage"]
    if not spec.get("src"):
        ctx.report(logging.WARNING, entry, "gives no src (the image's path or URL)")
        return
    try:
        found_at = covers.locate(spec["src"], ctx.reading)
    except values.Refused as refused:
        ctx.report(logging.WARNING, entry, refused.message)
        return
    cover = Cover(**found_at)._replace(
        alt=spec.get("alt") or read.get("coverImageAlt", ""),
        caption=spec.get("caption") or read.get("coverImageCaption", ""),
    )
    if "width" in spec and "height" in spec:
        cover = cover._replace(width=spec["width"], height=spec["height"])
    metadata["cover"] = cover
