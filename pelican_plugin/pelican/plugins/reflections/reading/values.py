"""Reading one front-matter value: the kinds the field table is made of.

Each kind is ``kind(entry, reading) -> value`` and raises ``Refused`` with a
message for the author when the value cannot be used. Text kinds use what the
author typed (``Entry.text``); dates and booleans use YAML's types, and dates
also accept what Pelican's ``get_date`` understands.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pelican.readers import ensure_metadata_list
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import get_date

from ..problems import Refused
from .frontmatter import Entry

__all__ = [
    "Kind",
    "Reading",
    "Refused",
    "UpdateItem",
    "as_pelican_reads",
    "author",
    "authors",
    "boolean",
    "categories",
    "category",
    "cover",
    "date",
    "markdown",
    "tag",
    "tags",
    "text",
    "timezone",
    "title",
    "updates",
    "whole_day",
    "written_as_words",
]

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\b")
# A time of day in a date written as text: "08:30", "T0830".
_TIME = re.compile(r"\d[Tt]\d|\d:\d")
_COVER_SOURCE_KEYS = ("src", "url", "path", "image")


@dataclass(frozen=True)
class Reading:
    """What reading a header needs: Pelican's settings, the key table, the file
    and a Markdown renderer (None keeps Markdown fields as text).

    ``keys`` maps each normalised front-matter key to its field name (None: keep
    the key as plain metadata); ``settings.ReflectionsSettings.keys`` makes it.
    """

    settings: Mapping[str, Any]
    keys: Mapping[str, str | None]
    source_path: str | None = None
    render: Callable[[str], str] | None = None
    split_words: bool = False  # REFLECTIONS_JEKYLL_TAGS: "tags: a b" is two


Kind = Callable[[Entry, Reading], Any]


def _describe_type(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _text_of(value: Any, typed: Any) -> str:
    if isinstance(typed, str):
        return typed.strip()
    raise Refused(f"must be text, not {_describe_type(value)}")


def text(entry: Entry, _reading: Reading) -> str:
    """The text as typed (``No`` stays "No"), stripped."""
    return _text_of(entry.value, entry.text)


def title(entry: Entry, reading: Reading) -> str:
    """The text as typed; HTML-escaped under ``TYPOGRIFY``, which makes the title
    HTML (Pelican runs typogrify on it), so that what it makes is safe HTML."""
    found = text(entry, reading)
    return (
        html.escape(found, quote=False) if reading.settings.get("TYPOGRIFY") else found
    )


def markdown(entry: Entry, reading: Reading) -> str:
    """The text rendered as Markdown (kept as text when there is no renderer)."""
    source = text(entry, reading)
    return reading.render(source) if reading.render else source


def _blank(typed: Any) -> bool:
    return isinstance(typed, str) and not typed.strip()


def written_as_words(text: str) -> bool:
    """Whether ``text`` is several words with no comma or semicolon between them
    (Jekyll reads ``tags: a b c`` as three tags, Pelican as one)."""
    return len(text.split()) > 1 and not any(mark in text for mark in ",;")


def _name_of(value: Any, typed: Any) -> str | None:
    """One item of a list field: text as typed, or a mapping's ``name``."""
    if isinstance(typed, dict):
        names = {key.lower(): key for key in typed}
        if "name" not in names:
            raise Refused("a mapping needs a name ({name: ..., ...})")
        value, typed = value[names["name"]], typed[names["name"]]
    return None if typed is None else _text_of(value, typed)


def _items(entry: Entry, plural: bool, split_words: bool = False) -> list[str]:
    """The names a list field gives, in order, without empties or repeats.

    A YAML list gives every item, under the singular name as under the plural;
    an item (or the whole value) may be a mapping with a ``name``. Text is split
    at commas (or semicolons) under the plural name only: ``category: A, B`` is
    one category, as Pelican reads it.
    """
    if isinstance(entry.text, str):
        if not plural:
            return [entry.text.strip()]
        if split_words and written_as_words(entry.text):
            return list(dict.fromkeys(entry.text.split()))
        return ensure_metadata_list(entry.text)
    if isinstance(entry.text, dict):
        found = _name_of(entry.value, entry.text)
        return [found] if found else []
    if isinstance(entry.text, list):
        items = [
            _name_of(value, typed)
            for value, typed in zip(entry.value, entry.text, strict=True)
        ]
        return ensure_metadata_list([item for item in items if item])
    raise Refused(
        f"must be a list or comma-separated text, not {_describe_type(entry.value)}"
    )


def tags(entry: Entry, reading: Reading) -> list[Tag]:
    """A YAML list or Pelican's comma/semicolon text, as Pelican tags."""
    words = reading.split_words
    return [Tag(name, reading.settings) for name in _items(entry, True, words)]


def tag(entry: Entry, reading: Reading) -> list[Tag]:
    """A YAML list, or one tag as text (commas and all)."""
    return [Tag(name, reading.settings) for name in _items(entry, False)]


def categories(entry: Entry, reading: Reading) -> list[Category]:
    """A YAML list or comma text, as Pelican categories in the author's order."""
    words = reading.split_words
    return [Category(name, reading.settings) for name in _items(entry, True, words)]


def category(entry: Entry, reading: Reading) -> list[Category]:
    """A YAML list, or one category as text (commas and all), as Pelican reads it."""
    return [Category(name, reading.settings) for name in _items(entry, False)]


def author(entry: Entry, reading: Reading) -> list[Author]:
    """A YAML list, or one author as text (commas and all) or as a mapping with a
    ``name`` (``{name, picture}``, ``{name, link}``)."""
    return [Author(name, reading.settings) for name in _items(entry, False)]


def authors(entry: Entry, reading: Reading) -> list[Author]:
    """A YAML list (of names or ``{name, link}``) or Pelican's comma/semicolon
    text, as Pelican authors."""
    return [Author(name, reading.settings) for name in _items(entry, True)]


def _to_datetime(value: Any, typed: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            found = get_date(value)
        except (ValueError, OverflowError):
            raise Refused(f"'{value}' is not a date ({_why_not(value)})") from None
        try:
            found.utcoffset()  # dateutil takes offsets Python's datetime cannot
        except ValueError:
            raise Refused(
                f"'{value}' has a UTC offset of 24 hours or more; offsets run from "
                "-23:59 to +23:59"
            ) from None
        return found
    raise Refused(f"must be a date like 2024-03-11, not {_describe_type(typed)}")


def _why_not(written: str) -> str:
    iso = _ISO_DATE.match(written)
    if iso:
        try:
            datetime.date(*(int(part) for part in iso.groups()))
        except ValueError as error:
            return str(error)
    return "write it as YYYY-MM-DD, optionally with a time"


def date(entry: Entry, _reading: Reading) -> datetime.datetime:
    """A YAML date or datetime, or a date string Pelican's ``get_date`` reads."""
    return _to_datetime(entry.value, entry.text)


def timezone(entry: Entry, reading: Reading) -> str:
    """An IANA time zone name, like Europe/Lisbon."""
    name = text(entry, reading)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        shown = name if len(name) <= 60 else name[:57] + "..."
        raise Refused(f"'{shown}' is not a time zone (like Europe/Lisbon)") from None
    return name


def boolean(entry: Entry, _reading: Reading) -> bool:
    """A YAML boolean (true/false, yes/no, on/off)."""
    if isinstance(entry.value, bool):
        return entry.value
    raise Refused(f"must be true or false, not {_describe_type(entry.text)}")


def cover(entry: Entry, reading: Reading) -> dict[str, Any]:
    """``{src, alt?, caption?, width?, height?}`` from a path/URL or a mapping;
    from a list (``images:``), its first item."""
    if isinstance(entry.text, list):
        for value, typed in zip(entry.value, entry.text, strict=True):
            if typed is not None and not _blank(typed):
                return cover(Entry(entry.key, value, typed, entry.line), reading)
        return {}
    if isinstance(entry.text, str):
        return {"src": entry.text.strip()}
    if not isinstance(entry.text, dict):
        kind = _describe_type(entry.value)
        raise Refused(f"must be a path, a URL or {{src, alt, caption}}, not {kind}")
    given = {key.lower(): key for key in entry.text}
    spec: dict[str, Any] = {}
    for name in (*_COVER_SOURCE_KEYS, "alt", "caption"):
        if name in given and entry.text[given[name]] is not None:
            key = given[name]
            written = _text_of(entry.value[key], entry.text[key])
            spec.setdefault("src" if name in _COVER_SOURCE_KEYS else name, written)
    for name in ("width", "height"):
        size = entry.value.get(given.get(name, ""))
        if isinstance(size, int) and not isinstance(size, bool) and size > 0:
            spec[name] = size
    return spec


class UpdateItem(NamedTuple):
    """One item of ``updates:`` as read: its date (None: none given), its note
    (HTML, "" if none) and whether the date is a whole day (no time given)."""

    date: datetime.datetime | None
    note: str
    whole_day: bool = False


def whole_day(value: Any) -> bool:
    """Whether a date value names a day with no time (``2024-05-05``)."""
    if isinstance(value, datetime.datetime):
        return False
    if isinstance(value, datetime.date):
        return True
    return isinstance(value, str) and not _TIME.search(value)


def updates(entry: Entry, reading: Reading) -> list[UpdateItem]:
    """The items of a list of ``{date, description}`` or dates, in order.

    An item without a date (empty, blank or no ``date`` key) is left out when it
    has no note either; with a note it comes with the date ``None``, so the note
    is reported rather than lost silently. An item with neither key is refused.
    """
    if not isinstance(entry.value, list):
        raise Refused("must be a list of {date, description} items")
    found = []
    for value, typed in zip(entry.value, entry.text, strict=True):
        note = ""
        when: Any = None
        when_typed: Any = None
        if isinstance(value, dict):
            keys = {key.lower(): key for key in value}
            for name in ("description", "note"):
                if name in keys and typed[keys[name]] is not None:
                    note = _text_of(value[keys[name]], typed[keys[name]])
                    break
            if "date" in keys:
                when, when_typed = value[keys["date"]], typed[keys["date"]]
            elif not note:
                raise Refused("every item needs a date")
        else:
            when, when_typed = value, typed
        if isinstance(when, str) and not when.strip():
            when = None
        if when is None and not note:
            continue
        rendered = reading.render(note) if note and reading.render else note
        date = None if when is None else _to_datetime(when, when_typed)
        found.append(UpdateItem(date, rendered, whole_day(when)))
    return found


def as_pelican_reads(entry: Entry) -> Any:
    """A key the plugin does not own, as Pelican's reader gives it: text as typed
    (``No`` is "No", ``1.10`` is "1.10"); a list of texts as Pelican's comma text
    (``[a, b]`` is "a, b", which plugins such as pelican-related-posts split).
    Mappings, and lists holding them, keep their shape, with text as typed."""
    if isinstance(entry.text, list) and not any(
        isinstance(item, (list, dict)) for item in entry.text
    ):
        return ", ".join(
            item.strip() for item in entry.text if item is not None and item.strip()
        )
    return entry.text
