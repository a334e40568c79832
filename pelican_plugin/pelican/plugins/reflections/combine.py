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

from . import covers
from .frontmatter import Entry
from .models import Cover, Update
from .problems import Problem, Refused
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
    _combine_categories(found.values, metadata)
    _combine_updates(found, metadata)
    _combine_cover(found, metadata)


def _combine_status(read: dict[str, Any], metadata: dict[str, Any]) -> None:
    """``draft: true`` (Hugo, Astro) and ``published: false`` (Jekyll) make a
    draft, never published, unless ``status`` says otherwise."""
    unpublished = read.get("draft") or read.get("published") is False
    if unpublished and "status" not in metadata:
        metadata["status"] = "draft"


def _combine_categories(read: dict[str, Any], metadata: dict[str, Any]) -> None:
    categories: list[Category] = []
    for category in read.get("category", []) + read.get("categories", []):
        if category not in categories:
            categories.append(category)
    if categories:
        metadata["category"] = categories[0]
        metadata["categories"] = categories


def _timezone(metadata: dict[str, Any], found: Found) -> str:
    return metadata.get("timezone") or found.reading.settings.get("TIMEZONE") or "UTC"


def _combine_updates(found: Found, metadata: dict[str, Any]) -> None:
    read, entries = found.values, found.entries
    listed = [
        (date, note, entries["updates"]) for date, note in read.get("updates", [])
    ]
    note = read.get("updateDescription", "")
    if "updatedDate" in read:
        listed.append((read["updatedDate"], note, entries["updatedDate"]))
    elif note:
        found.report(
            logging.WARNING,
            entries["updateDescription"],
            "has no updatedDate, so the note is not shown; add the date of the update",
        )
    if not listed:
        return
    tz = _timezone(metadata, found)
    by_date: dict[datetime.datetime, tuple[datetime.datetime, str]] = {}
    published = set_date_tzinfo(metadata["date"], tz) if "date" in metadata else None
    for date, text, entry in listed:
        if date is None:
            found.report(
                logging.WARNING,
                entry,
                "an item has a description but no date, so the note is not shown; "
                "add the date of the update",
            )
            continue
        aware = set_date_tzinfo(date, tz)
        if published and aware < published:
            found.report(
                logging.WARNING,
                entry,
                f"the update {aware:%Y-%m-%d} is earlier than the post's date "
                f"{published:%Y-%m-%d}",
            )
            continue
        # Kept as written (naive without an offset), as Pelican keeps ``date``:
        # the post takes the time zone of the build that shows it
        # (``localize_updates``), not of the one that read it into the cache.
        by_date.setdefault(aware, (date, text))
        if not by_date[aware][1]:
            by_date[aware] = (date, text)
    if not by_date:
        return
    updates = [Update(*by_date[aware]) for aware in sorted(by_date, reverse=True)]
    metadata["updates"] = updates
    metadata["modified"] = updates[0].date


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
