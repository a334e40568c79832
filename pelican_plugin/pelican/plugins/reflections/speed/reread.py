"""A post read again from its file, and what an edit changed put into the post
the last run made (``loop``): only what differs between the two readings, and
only where the build left the post as it was read."""

from __future__ import annotations

import logging
import re
from typing import Any

from pelican.contents import Content

from .. import pelican_api
from ..build import slugs

__all__ = ["as_read", "merge", "read_again"]

_IMAGE_SOURCE = re.compile(
    r"<img\b[^>]*?\bsrc\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE
)
quiet = False  # a read for an early page: not the run's to note


class _Notes(logging.Handler):
    """The log records of a read for the early page, kept from the log."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.serious: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.serious.append(record)


def read_again(generator: Any, post: Content) -> tuple[Content, dict[str, Any]]:
    """The post read from its file now, and its attributes as read; a read that
    logs a warning or an error is the build's to report: ValueError."""
    global quiet
    root = logging.getLogger()
    notes = _Notes()
    saved = root.handlers, root.level
    root.handlers, quiet = [notes], True
    # The post's slug was settled with the others' when they were read; read
    # alone it claims nothing from them.
    registry = generator.context.pop(slugs.CONTEXT_KEY, None)
    try:
        new = generator.readers.read_file(
            base_path=generator.path,
            path=post.relative_source_path,
            content_class=type(post),
            context=generator.context,
        )
    finally:
        root.handlers, quiet = saved[0], False
        generator.context.pop(slugs.CONTEXT_KEY, None)
        if registry is not None:
            generator.context[slugs.CONTEXT_KEY] = registry
    if notes.serious:
        raise ValueError(notes.serious[0].getMessage())
    return new, as_read(new)


def as_read(content: Content) -> dict[str, Any]:
    """A post's attributes now, its metadata copied (the build changes it later)."""
    found = dict(content.__dict__)
    found["metadata"] = dict(found.get("metadata") or {})
    return found


def _images(body: str) -> set[str]:
    return {m.group(1).strip("\"'") for m in _IMAGE_SOURCE.finditer(body)}


# What a template may read of a post's text: its body changed, these did.
_OF_THE_BODY = frozenset({"content", "summary", "get_content", "get_summary"})


def merge(post: Content, then: dict[str, Any], now: dict[str, Any]) -> set[str]:
    """Put what changed between two reads into ``post``; the names a template may
    read that changed. ValueError says why it cannot: the header changed, or the
    build changed something after reading."""
    if set(then) != set(now):
        raise ValueError("it was read otherwise")
    header = sorted(
        k
        for k in set(then["metadata"]) | set(now["metadata"])
        if not _same(then["metadata"].get(k), now["metadata"].get(k))
    )
    if header:
        raise ValueError(f"its header changed ({', '.join(header)})")
    if _images(str(then.get("_content") or "")) != _images(
        str(now.get("_content") or "")
    ):
        raise ValueError("its images changed")
    changes = {}
    for name, value in now.items():
        old = then[name]
        if old is value or _same(old, value):
            continue
        if post.__dict__.get(name) is not old:
            raise ValueError(f"{name} was changed after reading")
        changes[name] = value
    post.__dict__.update(changes)
    if changes:
        pelican_api.forget_memoized([post])
    changed = set(changes)
    return changed | _OF_THE_BODY if "_content" in changed else changed


def _same(left: Any, right: Any) -> bool:
    try:
        return bool(left == right)
    except Exception:
        return False
