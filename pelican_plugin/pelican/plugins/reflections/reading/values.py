"""Reading one front-matter value: the kinds the field table is made of.

Each kind is ``kind(entry, reading) -> value`` and raises ``Refused`` with a
message for the author when the value cannot be used. Text kinds use what the
author typed (``Entry.text``); booleans use YAML's types. Dates, time zones and
update lists are in ``datetimes``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pelican.readers import ensure_metadata_list
from pelican.urlwrappers import Author, Category, Tag

from ..problems import Refused
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
    "describe_type",
    "markdown",
    "tag",
    "tags",
    "text",
    "text_of",
    "title",
    "written_as_words",
]

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


def describe_type(value: Any) -> str:
    """How a refusal names a value: "a list", "a mapping" or the value quoted."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def text_of(value: Any, typed: Any) -> str:
    """The text as typed, stripped; ``Refused`` when it is not text."""
    if isinstance(typed, str):
        return typed.strip()
    raise Refused(f"must be text, not {describe_type(value)}")


def text(entry: Entry, _reading: Reading) -> str:
    """The text as typed (``No`` stays "No"), stripped."""
    return text_of(entry.value, entry.text)


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
    return None if typed is None else text_of(value, typed)


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
        f"must be a list or comma-separated text, not {describe_type(entry.value)}"
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


def boolean(entry: Entry, _reading: Reading) -> bool:
    """A YAML boolean (true/false, yes/no, on/off)."""
    if isinstance(entry.value, bool):
        return entry.value
    raise Refused(f"must be true or false, not {describe_type(entry.text)}")


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
        kind = describe_type(entry.value)
        raise Refused(f"must be a path, a URL or {{src, alt, caption}}, not {kind}")
    given = {key.lower(): key for key in entry.text}
    spec: dict[str, Any] = {}
    for name in (*_COVER_SOURCE_KEYS, "alt", "caption"):
        if name in given and entry.text[given[name]] is not None:
            key = given[name]
            written = text_of(entry.value[key], entry.text[key])
            spec.setdefault("src" if name in _COVER_SOURCE_KEYS else name, written)
    for name in ("width", "height"):
        size = entry.value.get(given.get(name, ""))
        if isinstance(size, int) and not isinstance(size, bool) and size > 0:
            spec[name] = size
    return spec
