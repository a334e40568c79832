"""A post's table of contents, made from the h2 and h3 headings of its HTML."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any, NamedTuple

from markupsafe import Markup

from .reads import attribute, reads_recorded

_HEADING = re.compile(r"<h([23])\b([^>]*)>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
# The toc extension's permalink (¶) is part of the heading, not of its name.
_PERMALINK = re.compile(
    r"<a\b[^>]*\bclass=[\"'][^\"']*headerlink[^>]*>.*?</a\s*>", re.I | re.S
)
_TAG = re.compile(r"<[^>]*>")
_NOT_SLUG = re.compile(r"[^\w-]+")


class Entry(NamedTuple):
    """One heading: its level (2 or 3), its id and its text."""

    level: int
    id: str
    text: str


class Contents(NamedTuple):
    """The body with an id on every h2/h3, the headings in order, and a list that
    another plugin made (``article.toc``) to show instead."""

    html: Markup
    entries: list[Entry]
    made: Markup = Markup("")

    def tree(self) -> list[tuple[Entry, list[Entry]]]:
        """Each h2 with the h3s under it; an h3 before any h2 stands alone."""
        rows: list[tuple[Entry, list[Entry]]] = []
        for entry in self.entries:
            if entry.level == 3 and rows and rows[-1][0].level == 2:
                rows[-1][1].append(entry)
            else:
                rows.append((entry, []))
        return rows


def contents(html: Any) -> Contents:
    """Find the h2 and h3 headings of ``html``, giving an id to any without one.

    Ids already there (Markdown's ``toc`` extension, ``attr_list``) are kept; a
    new id is the heading's text as a slug, made unique on the page.
    """
    text = str(html or "")
    if "<h2" not in text and "<h3" not in text and "<H" not in text:
        return Contents(Markup(text), [])
    taken = set(m.group(1) or m.group(2) or m.group(3) for m in _ID.finditer(text))
    entries: list[Entry] = []

    def visit(match: re.Match[str]) -> str:
        level, attrs, inner = int(match.group(1)), match.group(2), match.group(3)
        name = html_lib.unescape(_TAG.sub("", _PERMALINK.sub("", inner))).strip()
        found = _ID.search(attrs)
        if found:
            anchor = found.group(1) or found.group(2) or found.group(3)
        else:
            anchor = _unique(_NOT_SLUG.sub("-", name.lower()).strip("-"), taken)
            attrs = f' id="{anchor}"{attrs}'
        if name:
            entries.append(Entry(level, html_lib.unescape(anchor), name))
        return f"<h{level}{attrs}>{inner}</h{level}>"

    return Contents(Markup(_HEADING.sub(visit, text)), entries)


_OFF = {"false", "no", "off", "0"}


@reads_recorded
def table_of_contents(doc: Any, min_headings: int = 4) -> Contents:
    """The contents of ``doc`` when it has ``min_headings`` h2/h3 headings or more.

    None with ``min_headings`` 0 or ``showToc: false`` in the front matter; a
    plugin's own ``doc.toc`` (extract_toc, pelican-toc) is shown instead of ours.
    """
    body = Markup(str(attribute(doc, "content") or ""))
    metadata = attribute(doc, "metadata") or {}
    switch = metadata.get("showtoc", metadata.get("show_toc", True))
    if min_headings <= 0 or str(switch).strip().lower() in _OFF:
        return Contents(body, [])
    made = attribute(doc, "toc") if "toc" not in metadata else None
    if made:
        return Contents(body, [], Markup(str(made)))
    found = contents(body)
    return found if len(found.entries) >= min_headings else Contents(body, [])


def _unique(slug: str, taken: set[str]) -> str:
    """``slug`` (``section`` when empty), with ``-2``, ``-3``... until unused."""
    base = slug or "section"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate
