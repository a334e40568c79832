"""Reading one front-matter value: the kinds the field table is made of.

Each kind is ``kind(entry, reading) -> value`` and raises ``Refused`` with a
message for the author when the value cannot be used. Text kinds use what the
author typed (``Entry.text``); dates and booleans use YAML's types, and dates
also accept what Pelican's ``get_date`` understands.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pelican.readers import ensure_metadata_list
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import get_date

from .frontmatter import Entry

__all__ = [
    "Kind",
    "Reading",
    "Refused",
    "author",
    "authors",
    "boolean",
    "categories",
    "category",
    "cover",
    "date",
    "markdown",
    "tags",
    "text",
    "updates",
]

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\b")
_COVER_SOURCE_KEYS = ("src", "url", "path", "image")


class Refused(Exception):
    """A value a field cannot take; the message says why, ``level`` how badly."""

    def __init__(self, message: str, level: int = logging.ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.level = level


@dataclass(frozen=True)
class Reading:
    """What reading a value may need: Pelican's settings, the file, a renderer."""

    settings: Mapping[str, Any]
    source_path: str | None = None
    render: Callable[[str], str] | None = None


Kind = Callable[[Entry, Reading], Any]


def _describe_type(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _text_of(value: Any, text: Any) -> str:
    if isinstance(text, str):
        return text.strip()
    raise Refused(f"must be text, not {_describe_type(value)}")


def text(entry: Entry, _ctx: Reading) -> str:
    return _text_of(entry.value, entry.text)


def markdown(entry: Entry, ctx: Reading) -> str:
    value = text(entry, ctx)
    return ctx.render(value) if ctx.render else value


def _items(entry: Entry) -> list[str]:
    if isinstance(entry.text, str):
        return ensure_metadata_list(entry.text)
    if isinstance(entry.text, list):
        texts = [
            _text_of(value, text)
            for value, text in zip(entry.value, entry.text, strict=True)
        ]
        return ensure_metadata_list([t for t in texts if t])
    raise Refused(f"must be a list or comma-separated text, not {entry.value!r}")


def tags(entry: Entry, ctx: Reading) -> list[Tag]:
    return [Tag(name, ctx.settings) for name in _items(entry)]


def categories(entry: Entry, ctx: Reading) -> list[Category]:
    return [Category(name, ctx.settings) for name in _items(entry)]


def category(entry: Entry, ctx: Reading) -> list[Category]:
    return [Category(text(entry, ctx), ctx.settings)]


def author(entry: Entry, ctx: Reading) -> Author:
    return Author(text(entry, ctx), ctx.settings)


def authors(entry: Entry, ctx: Reading) -> list[Author]:
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
            raise Refused(f"'{value}' is not a date ({_why_not(value)})") from None
    raise Refused(f"must be a date like 2024-03-11, not {_describe_type(text)}")


def _why_not(text: str) -> str:
    iso = _ISO_DATE.match(text)
    if iso:
        try:
            datetime.date(*(int(part) for part in iso.groups()))
        except ValueError as error:
            return str(error)
    return "write it as YYYY-MM-DD, optionally with a time"


def date(entry: Entry, _ctx: Reading) -> datetime.datetime:
    return _to_datetime(entry.value, entry.text)


def boolean(entry: Entry, _ctx: Reading) -> bool:
    if isinstance(entry.value, bool):
        return entry.value
    raise Refused(f"must be true or false, not {_describe_type(entry.text)}")


def cover(entry: Entry, ctx: Reading) -> dict[str, Any]:
    if isinstance(entry.text, str):
        return {"src": entry.text.strip()}
    if not isinstance(entry.text, dict):
        raise Refused(
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


def updates(entry: Entry, ctx: Reading) -> list[tuple[datetime.datetime, str]]:
    if not isinstance(entry.value, list):
        raise Refused("must be a list of {date, description} items")
    found = []
    for value, text in zip(entry.value, entry.text, strict=True):
        note = ""
        if isinstance(value, dict):
            keys = {key.lower(): key for key in value}
            if "date" not in keys:
                raise Refused("every item needs a date")
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
