"""Names that become file names: a post's slug and its tags', categories' and
authors' slugs, made safe before Pelican writes.

Pelican writes ``{slug}.html``, ``tag/{slug}.html`` and ``feeds/{slug}.atom.xml``
from whatever it slugifies: a 300-character title stopped the build with
``OSError: [Errno 36] File name too long``, and an author named ``!!!`` and a
category named ``???`` both got the slug "" and collided on ``feeds/.atom.xml``.
Here a slug part longer than ``SLUG_BYTES`` bytes of UTF-8 is shortened (its
start, then ``-`` and 8 hex digits of a hash of the whole part, so two long
names stay apart and a name always gets the same slug); an empty slug is
replaced (a post takes its file name's, a tag, category or author
``tag-<hash>`` and so on). Each change is one warning on the file.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.utils import posixize_path, slugify

from ..problems import Problem, Refused
from ..settings import current
from . import fields, frontmatter, parsing
from .bundles import own_name, slug_of

__all__ = ["SLUG_BYTES", "settle", "short"]

# Most file systems hold 255 bytes per name; room is left for ".html", "-fr"
# (``ARTICLE_LANG_SAVE_AS``), ".atom.xml" and the like.
SLUG_BYTES = 200
_HASH = 8
# Where a wrapper's name was written, by the attribute it is found on.
_WRAPPERS = {
    "category": ("category", "categories"),
    "categories": ("categories", "category"),
    "tags": ("tags", "tag"),
    "author": ("author", "authors"),
    "authors": ("authors", "author"),
}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH]


def short(slug: str) -> str:
    """``slug`` with each ``/``-part cut to ``SLUG_BYTES`` bytes of UTF-8."""
    parts = []
    for part in slug.split("/"):
        if len(part.encode("utf-8", "surrogatepass")) > SLUG_BYTES:
            room = SLUG_BYTES - _HASH - 1
            start = part.encode("utf-8", "surrogatepass")[:room]
            kept = start.decode("utf-8", "ignore").rstrip("-_. ")
            part = f"{kept}-{_digest(part)}"
        parts.append(part)
    return "/".join(parts)


def _shown(slug: str) -> str:
    return slug if len(slug) <= 40 else slug[:37] + "..."


def _wrapper_slug(wrapper: URLWrapper) -> str:
    """The wrapper's slug as Pelican makes it, without Pelican's warning."""
    made = getattr(wrapper, "_slug", None)  # set, or made before
    if isinstance(made, str):
        return made
    settings = wrapper.settings
    kind = f"{type(wrapper).__name__.upper()}_REGEX_SUBSTITUTIONS"
    return slugify(
        wrapper.name,
        regex_subs=settings.get(kind, settings.get("SLUG_REGEX_SUBSTITUTIONS", [])),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def _wrappers(content: Content) -> Iterator[tuple[str, URLWrapper]]:
    """(attribute, wrapper) for each tag, category and author of ``content``."""
    seen: set[int] = set()
    for name in _WRAPPERS:
        found = getattr(content, name, None)
        for item in found if isinstance(found, list) else [found]:
            if isinstance(item, URLWrapper) and id(item) not in seen:
                seen.add(id(item))
                yield name, item


def _lines(source_path: str, content: Content) -> dict[str, int]:
    """Each field's line in the file (read again: only when there is a problem)."""
    try:
        text = frontmatter.read_text(source_path)
        if not frontmatter.has_header(text):
            return parsing.native_lines(text)
        header = frontmatter.read(text)
    except (Refused, OSError, ValueError):
        return {}
    keys = current(content.settings).keys
    lines: dict[str, int] = {}
    for entry in header.entries.values():
        name = fields.field_name(entry.key, keys) or entry.key.lower()
        lines.setdefault(name, entry.line)
    return lines


def settle(content: Content, shown: str) -> list[Problem]:
    """Shorten long slugs and fill empty ones; a warning for each (on ``shown``)."""
    found: list[tuple[str | None, str]] = []
    slug = getattr(content, "slug", None)
    if isinstance(slug, str):
        field = "slug" if "slug" in content.metadata else None
        if field is None and content.settings.get("SLUGIFY_SOURCE") == "title":
            field = "title"
        new = short(slug)
        if not new.strip("/"):
            base = content.settings.get("PATH", "")
            relative = os.path.relpath(content.source_path or shown, base)
            new = slug_of(own_name(relative), content.settings)
            new = short(new) or f"post-{_digest(relative)}"
            found.append((field, f"gives an empty slug; this post takes '{new}'"))
        elif new != slug:
            found.append((field, _long(slug, new)))
        if new != slug:
            content.slug = new
            if "slug" in content.metadata:
                content.metadata["slug"] = new
    for attribute, wrapper in _wrappers(content):
        old = _wrapper_slug(wrapper)
        kind = type(wrapper).__name__.lower()
        new = short(old) or f"{kind}-{_digest(wrapper.name)}"
        if new == old:
            continue
        wrapper.slug = new
        if not old:
            message = (
                f"{kind} '{_shown(wrapper.name)}' gives an empty slug; it takes '{new}'"
            )
        else:
            message = f"{kind} '{_shown(wrapper.name)}': {_long(old, new)}"
        found.append((attribute, message))
    if not found:
        return []
    lines = _lines(content.source_path, content) if content.source_path else {}
    problems = []
    for given, message in found:
        field, line = given, None
        for candidate in _WRAPPERS.get(given or "", (given or "",)):
            if candidate in lines:
                field, line = candidate, lines[candidate]
                break
        problems.append(Problem(shown, line, logging.WARNING, field, message))
    return problems


def _long(old: str, new: str) -> str:
    size = len(old.encode("utf-8", "surrogatepass"))
    return (
        f"the slug is {size} bytes, too long for a file name; shortened to "
        f"'{_shown(new)}' ({len(new.encode('utf-8', 'surrogatepass'))} bytes)"
    )


def shown_path(content: Content) -> str:
    """The post's path as messages show it: relative to the content folder."""
    base = content.settings.get("PATH", "")
    return posixize_path(os.path.relpath(content.source_path, base))
