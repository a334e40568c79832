"""Combining the fields one header gave into Pelican metadata.

``fields.read_header`` reads each field on its own; what needs several of them
is here: ``draft`` and ``status``, ``category`` and ``categories``, the update
fields and ``updates:``, the cover and its alt text and caption.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from pelican.urlwrappers import Category
from pelican.utils import set_date_tzinfo

from ..models import Cover, Update
from ..problems import Problem, Refused
from . import covers, datetimes
from .datetimes import UpdateItem
from .frontmatter import Entry
from .values import Reading

__all__ = ["Found", "combine"]


@dataclass
class Found:
    """One header being read: its entries and values by field, and its problems."""

    reading: Reading
    entries: dict[str, Entry] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def report(self, level: int, entry: Entry, message: str) -> None:
        """Note a problem with ``entry`` (the path is added by the caller)."""
        self.problems.append(Problem("", entry.line, level, entry.key, message))


def combine(found: Found, metadata: dict[str, Any]) -> None:
    """Add to ``metadata`` what the fields in ``found`` give together."""
    _combine_status(found.values, metadata)
    _combine_lists(found.values, metadata)
    _combine_updates(found, metadata)
    _combine_cover(found, metadata)


def _combine_status(read: dict[str, Any], metadata: dict[str, Any]) -> None:
    """``draft: true`` (Hugo, Astro) and ``published: false`` (Jekyll) make a
    draft, never published, unless ``status`` says otherwise."""
    unpublished = read.get("draft") or read.get("published") is False
    if unpublished and "status" not in metadata:
        metadata["status"] = "draft"


def _merged(read: dict[str, Any], singular: str, plural: str) -> list[Any]:
    """What the singular and the plural key give together, in order, once each."""
    merged: list[Any] = []
    for item in read.get(singular, []) + read.get(plural, []):
        if item not in merged:
            merged.append(item)
    return merged


def _combine_lists(read: dict[str, Any], metadata: dict[str, Any]) -> None:
    """``category``/``categories``, ``tag``/``tags`` and ``author``/``authors``:
    either name gives one list (the singular's items first); ``category`` and
    ``author`` are its first item, as Pelican has them."""
    categories: list[Category] = _merged(read, "category", "categories")
    if categories:
        metadata["category"] = categories[0]
        metadata["categories"] = categories
    tags = _merged(read, "tag", "tags")
    if tags:
        metadata["tags"] = tags
    authors = _merged(read, "author", "authors")
    if read.get("author"):
        metadata["author"] = authors[0]
    if read.get("authors") or len(authors) > 1:
        metadata["authors"] = authors


def _timezone(metadata: dict[str, Any], found: Found) -> str:
    return metadata.get("timezone") or found.reading.settings.get("TIMEZONE") or "UTC"


def _combine_updates(found: Found, metadata: dict[str, Any]) -> None:
    """``updatedDate`` + ``updateDescription`` and ``updates:``: every update,
    newest first (those of one date in the order written); ``modified`` is the
    newest."""
    read, entries = found.values, found.entries
    listed = [(item, entries["updates"]) for item in read.get("updates", [])]
    note = read.get("updateDescription", "")
    if "updatedDate" in read:
        entry = entries["updatedDate"]
        whole_day = datetimes.whole_day(entry.value)
        listed.append((UpdateItem(read["updatedDate"], note, whole_day), entry))
    elif note:
        found.report(
            logging.WARNING,
            entries["updateDescription"],
            "has no updatedDate, so the note is not shown; add the date of the update",
        )
    if not listed:
        return
    tz = _timezone(metadata, found)
    published = set_date_tzinfo(metadata["date"], tz) if "date" in metadata else None
    kept: list[tuple[datetime.datetime, Update]] = []
    for item, entry in listed:
        if item.date is None:
            found.report(
                logging.WARNING,
                entry,
                "an item has a description but no date, so the note is not shown; "
                "add the date of the update",
            )
            continue
        # Kept as written (naive without an offset), as Pelican keeps ``date``:
        # the post takes the time zone of the build that shows it
        # (``localize_updates``), not of the one that read it into the cache.
        date = item.date
        aware = set_date_tzinfo(date, tz)
        if published and aware <= published and _on_the_day_of(item, published, tz):
            # A day with no time, the post's own: later that day with a note,
            # else the post's own date (an update with nothing to show).
            date = _end_of_day(date) if item.note else metadata["date"]
            aware = set_date_tzinfo(date, tz)
        elif published and aware < published:
            found.report(
                logging.WARNING,
                entry,
                f"the update {aware:%Y-%m-%d} is earlier than the post's date "
                f"{published:%Y-%m-%d}",
            )
            continue
        _add_update(kept, aware, Update(date, item.note))
    if not kept:
        return
    kept.sort(key=lambda pair: pair[0], reverse=True)  # stable: one date as written
    metadata["updates"] = [update for _, update in kept]
    metadata["modified"] = kept[0][1].date


def _end_of_day(date: datetime.datetime) -> datetime.datetime:
    """The last second of ``date``'s day (its zone kept)."""
    return date.replace(hour=23, minute=59, second=59, microsecond=0)


def _on_the_day_of(item: UpdateItem, published: datetime.datetime, tz: str) -> bool:
    """Whether ``item`` is a whole day (no time given) and the post's own day."""
    if not item.whole_day or item.date is None:
        return False
    aware = set_date_tzinfo(item.date, tz)
    return aware.date() == published.astimezone(aware.tzinfo).date()


def _add_update(
    kept: list[tuple[datetime.datetime, Update]],
    aware: datetime.datetime,
    update: Update,
) -> None:
    """Add ``update`` unless it repeats one of its date: every note of a date is
    kept; an update with no note only stands for a date that has none."""
    same_date = [pair for pair in kept if pair[0] == aware]
    if any(pair[1].note == update.note or not update.note for pair in same_date):
        return
    kept[:] = [pair for pair in kept if pair[0] != aware or pair[1].note]
    kept.append((aware, update))


def _combine_cover(found: Found, metadata: dict[str, Any]) -> None:
    read = found.values
    if "coverImage" not in read:
        return
    spec, entry = read["coverImage"], found.entries["coverImage"]
    if not spec.get("src"):
        found.report(logging.WARNING, entry, "gives no src (the image's path or URL)")
        return
    try:
        found_at = covers.locate(spec["src"], found.reading)
    except Refused as refused:  # a file outside the content folder is an error
        found.report(refused.level, entry, refused.message)
        return
    cover = Cover(**found_at)._replace(
        alt=spec.get("alt") or read.get("coverImageAlt", ""),
        caption=spec.get("caption") or read.get("coverImageCaption", ""),
    )
    if "width" in spec and "height" in spec:
        cover = cover._replace(width=spec["width"], height=spec["height"])
    metadata["cover"] = cover
