"""The field table: front-matter keys, their synonyms, and how each value becomes
Pelican metadata. How one value is read lives in ``values`` (dates in
``datetimes``); how the fields read combine (categories, updates, cover), in
``combine``; keys that are no field are kept as ``plain`` says.

Public API (also used by ``check``):

- ``FIELDS``: the table, one ``Field(name, kind, aliases, output)`` per field.
- ``alias_table(user_aliases) -> (keys, setting_errors)``: normalised key ->
  canonical field name (None: keep the key as plain metadata).
- ``field_name(key, keys) -> str | None``: the field a front-matter key gives.
- ``read_header(header, reading) -> (metadata, problems)``: ``header`` is
  ``frontmatter.split``'s; ``reading`` (``values.Reading``) carries Pelican's
  settings, the key table, the file and the Markdown renderer. A problem with
  ``is_error`` means the file must be held back. Problems have no path yet.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..models import Cover, Update
from ..problems import Problem, Refused
from . import combine, datetimes, paths, plain, values
from .combine import Found
from .frontmatter import Entry

__all__ = [
    "FIELDS",
    "PATH_FIELDS",
    "Cover",
    "Field",
    "Update",
    "alias_table",
    "check_path",
    "field_name",
    "read_header",
]


@dataclass(frozen=True)
class Field:
    """One front-matter field: canonical name, how to read it, its synonyms, and
    the Pelican metadata key it fills (None: combined with others below)."""

    name: str
    kind: values.Kind
    aliases: tuple[str, ...] = ()
    output: str | None = None


FIELDS: tuple[Field, ...] = (
    Field("title", values.title, (), "title"),
    Field("date", datetimes.date, ("pubDate", "publishDate", "pubDatetime"), "date"),
    Field("slug", paths.output_path, (), "slug"),
    Field("status", values.text, (), "status"),
    Field("draft", values.boolean),
    Field("published", values.boolean),
    Field("author", values.author),
    Field("authors", values.authors),
    Field("lang", paths.language, (), "lang"),
    Field("template", values.text, (), "template"),
    Field("save_as", paths.save_path, (), "save_as"),
    Field("url", paths.site_path, (), "url"),
    # Pelican's ``{path}`` in URL settings: text, in the output folder.
    Field("path", paths.output_path, (), "path"),
    Field("date_format", values.text, (), "date_format"),
    Field("timezone", datetimes.timezone, (), "timezone"),
    Field("translation", values.text, (), "translation"),
    Field("tags", values.tags),
    Field("tag", values.tag),
    Field("summary", values.markdown, ("description", "excerpt"), "summary"),
    Field("location", values.text, (), "location"),
    Field("category", values.category),
    Field("categories", values.categories),
    Field(
        "updatedDate",
        datetimes.date,
        ("updated", "lastmod", "last_modified_at", "modified", "modDatetime"),
    ),
    Field("updateDescription", values.markdown, ("updateNote",)),
    Field("updates", datetimes.updates),
    Field(
        "coverImage",
        values.cover,
        ("cover", "image", "images", "heroImage", "featuredImage"),
    ),
    Field("coverImageAlt", values.text, ("coverAlt", "imageAlt", "heroImageAlt")),
    Field("coverImageCaption", values.text, ("coverCaption", "imageCaption")),
)
_BY_NAME = {f.name: f for f in FIELDS}
# Metadata the fields give (directly or in ``combine``): an alias that loses to
# another spelling of its field is kept under its own name, unless it is one of
# these.
_GIVEN = frozenset(
    {f.output for f in FIELDS if f.output}
    | {"category", "categories", "tags", "author", "authors", "status"}
    | {"updates", "modified", "cover"}
)
# Fields that name where a post is written or linked: checked for every file.
PATH_FIELDS = ("slug", "save_as", "url", "path", "lang")


def check_path(name: str, value: str) -> str:
    """``value`` of path field ``name`` when it is safe to write (``paths``)."""
    return paths.checked(name, value)


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


def field_name(key: str, keys: Mapping[str, str | None]) -> str | None:
    """The field a front-matter key gives (None: kept as plain metadata)."""
    return keys.get(_normalise(key))


_WORD_LISTS = {"tags": "tag", "categories": "category"}
# A Jekyll post: under _posts/, or named YYYY-MM-DD-title.
_JEKYLL_PATH = re.compile(r"(^|[\\/])_posts[\\/]|(^|[\\/])\d{4}-\d{2}-\d{2}-[^\\/]+$")


def _jekyll_words(entry: Entry, reading: values.Reading) -> bool:
    """Whether a Jekyll post writes a list as words, and they are kept as one."""
    return (
        not reading.split_words
        and isinstance(entry.text, str)
        and values.written_as_words(entry.text)
        and bool(_JEKYLL_PATH.search(reading.source_path or ""))
    )


def _removed_message(removed: tuple[str, ...]) -> str:
    names = ", ".join(f"U+{ord(character):04X}" for character in removed)
    return (
        f"removed {names}, which feeds cannot hold (a YAML escape such as \\b or "
        "\\0 in double quotes?)"
    )


def read_header(
    header: Mapping[str, Entry], reading: values.Reading
) -> tuple[dict[str, Any], list[Problem]]:
    """Turn front-matter entries into Pelican metadata plus a list of problems."""
    found = Found(reading)
    formatted = set(reading.settings.get("FORMATTED_FIELDS", ()))
    metadata: dict[str, Any] = {}
    losers: list[tuple[str, Entry]] = []
    for entry in header.values():
        if entry.removed:
            found.report(logging.WARNING, entry, _removed_message(entry.removed))
        name = reading.keys.get(_normalise(entry.key))
        if name is None:
            plain.keep(entry, metadata, formatted, found)
        elif not plain.empty(entry.value):
            held = found.entries.setdefault(name, entry)
            if held is not entry:
                if _rank(entry, name) < _rank(held, name):
                    found.entries[name], entry = entry, held
                losers.append((name, entry))
    for name, entry in losers:
        _lost(name, entry, metadata, formatted, found)
    for name, entry in found.entries.items():
        try:
            found.values[name] = _BY_NAME[name].kind(entry, reading)
        except Refused as refused:
            found.report(refused.level, entry, refused.message)
        if name in _WORD_LISTS and _jekyll_words(entry, reading):
            found.report(
                logging.INFO,
                entry,
                f"'{entry.text}' is one {_WORD_LISTS[name]}; "
                "Jekyll reads it as one per word: set REFLECTIONS_JEKYLL_TAGS = "
                "True for that, or write a list",
            )
    for name, value in found.values.items():
        output = _BY_NAME[name].output
        if output and not (isinstance(value, (str, list)) and not value):
            metadata[output] = value
    combine.combine(found, metadata)
    return metadata, found.problems


def _rank(entry: Entry, name: str) -> tuple[int, str, bool]:
    """Which of several keys for one field wins, whatever their order: the
    field's own name, then its aliases in the table's order, then aliases from
    ``REFLECTIONS_ALIASES`` (by name); the exact spelling before a loose one."""
    spellings = (_BY_NAME[name].name, *_BY_NAME[name].aliases)
    key = _normalise(entry.key)
    for index, spelling in enumerate(spellings):
        if _normalise(spelling) == key:
            return index, key, entry.key != spelling
    return len(spellings), key, False


def _lost(
    name: str, entry: Entry, metadata: dict[str, Any], formatted: set[str], found: Found
) -> None:
    """An alias another key of its field won over: kept as plain metadata under
    its own name, unless that name is the same key or metadata a field gives."""
    winner = found.entries[name]
    key = entry.key.lower()
    if _normalise(entry.key) == _normalise(winner.key) or key in _GIVEN:
        found.report(
            logging.WARNING,
            entry,
            f"'{winner.key}' (line {winner.line}) gives the {name}; "
            "this one is ignored",
        )
        return
    found.report(
        logging.INFO,
        entry,
        f"'{winner.key}' (line {winner.line}) gives the {name}; "
        f"this one is kept as '{key}' for templates",
    )
    plain.keep(entry, metadata, formatted, found)
