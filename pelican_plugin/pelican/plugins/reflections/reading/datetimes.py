"""Front-matter values that are dates: ``date``, ``timezone`` and ``updates``.

A date is a YAML date or datetime, or text Pelican's ``get_date`` understands; a
time zone an IANA name; ``updates`` a list of ``{date, description}`` items or
dates, read as ``UpdateItem`` (``combine`` makes them the post's updates). Each
is a kind of the field table, as in ``values``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pelican.utils import get_date

from ..problems import Refused
from .frontmatter import Entry
from .values import Reading, describe_type, text, text_of

__all__ = ["UpdateItem", "date", "timezone", "updates", "whole_day"]

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\b")
# A time of day in a date written as text: "08:30", "T0830".
_TIME = re.compile(r"\d[Tt]\d|\d:\d")


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
    raise Refused(f"must be a date like 2024-03-11, not {describe_type(typed)}")


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
                    note = text_of(value[keys[name]], typed[keys[name]])
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
