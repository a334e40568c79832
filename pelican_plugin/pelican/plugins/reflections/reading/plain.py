"""Front-matter keys the plugin does not own, kept as metadata for templates.

Such a key is kept lower-cased, as Pelican's reader gives it (``as_pelican_reads``),
unless its value is empty, the key is given twice, or it names something Pelican
keeps on the post itself; each of those is reported and the key left out.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican.contents import Article, Page

from .combine import Found
from .frontmatter import Entry

__all__ = ["as_pelican_reads", "empty", "keep"]

# Attributes of Pelican's content objects that metadata must not overwrite (every
# metadata key becomes an attribute); the table's own fields are read in ``fields``.
_PELICAN_NAMES = frozenset(
    {name for cls in (Article, Page) for name in dir(cls) if name[0] != "_"}
    | {"metadata", "settings", "source_path", "relative_source_path", "translations"}
)


def empty(value: Any) -> bool:
    """Whether a value holds nothing but nulls and blank text, however nested."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif item is not None and not (isinstance(item, str) and not item.strip()):
            return False
    return True


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


def keep(
    entry: Entry, metadata: dict[str, Any], formatted: set[str], found: Found
) -> None:
    """Keep an unknown key as metadata (lower-cased), as Pelican's reader gives it
    (``as_pelican_reads``)."""
    key = entry.key.lower()
    if empty(entry.value):
        return
    if key in metadata:
        found.report(
            logging.WARNING, entry, f"'{key}' is given twice; this one is ignored"
        )
        return
    if key.startswith("_") or key in _PELICAN_NAMES:
        found.report(
            logging.WARNING,
            entry,
            f"'{key}' is a name Pelican uses for the post itself; rename the key",
        )
        return
    value = as_pelican_reads(entry)
    if key in formatted and isinstance(entry.text, str) and found.reading.render:
        value = found.reading.render(entry.text)
    metadata[key] = value
