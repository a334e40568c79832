"""``pelican-reflections new``: write a post with the reference post's front-matter
keys, today's date and a file name made from the title, and print its path.

The title, categories, tags and location must be text a post can hold; the file
name (the title's slug) must fit the folder's file system; an existing file is
never overwritten.
"""

from __future__ import annotations

import argparse
import datetime
import errno
import os
import sys
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pelican.settings import DEFAULT_CONFIG

from ..reading.bundles import slug_of
from ..reading.frontmatter import NOT_XML
from .usage import DEFAULT_CONTENT, UsageError, load_settings, settings_path, shown

__all__ = ["NEW_POST_KEYS", "front_matter", "new_post"]

# The reference post's keys, in its order (example_site/content/job-vs-career.md).
NEW_POST_KEYS = (
    "title",
    "date",
    "categories",
    "updatedDate",
    "updateDescription",
    "tags",
    "location",
    "coverImage",
    "summary",
)
# The build writes a post as ``{slug}.html``: its name must fit the file system.
OUTPUT_SUFFIX = ".html"
# The longest file name most file systems take, when the folder's is not known.
NAME_MAX = 255


class _Dumper(yaml.SafeDumper):
    """YAML in the reference post's style: empty values empty, lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent list items under their key."""
        super().increase_indent(flow, False)


_Dumper.add_representer(
    type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", "")
)


def front_matter(
    title: str,
    date: datetime.date,
    categories: Sequence[str] = (),
    tags: Sequence[str] = (),
    location: str = "",
) -> str:
    """The YAML header of a new post, every reference key present (empty if unused)."""
    values: dict[str, Any] = dict.fromkeys(NEW_POST_KEYS)
    values.update(
        title=title,
        date=date,
        categories=list(categories) or None,
        tags=list(tags) or None,
        location=location or None,
    )
    header = yaml.dump(
        values, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=2**16
    )
    return f"---\n{header}---\n"


def _today(settings: dict[str, Any]) -> datetime.date:
    try:
        return datetime.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return datetime.date.today()  # no such zone: Pelican names the setting


def _as_text(what: str, value: str) -> str:
    """``value`` if a post can hold it; else a UsageError naming the character.

    An argument that is not UTF-8 arrives with its bytes as lone surrogates
    (U+DC80-U+DCFF); the reader refuses those and the controls XML cannot hold.
    """
    found = NOT_XML.search(value)
    if found is None:
        return value
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:
        raise UsageError(
            f"{what} is not UTF-8 text (byte 0x{code - 0xDC00:02x}); write it in UTF-8"
        )
    raise UsageError(f"{what} holds U+{code:04X}, which a post cannot hold")


def _name_max(folder: str) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return NAME_MAX


def _write_new(path: str, text: str) -> bool:
    """Write a new file; False when it exists. Other failures are a UsageError."""
    try:
        handle = open(path, "x", encoding="utf-8")  # noqa: SIM115 (removed on error)
    except FileExistsError:
        return False
    except OSError as error:
        raise UsageError(f"cannot write {shown(path)}: {_reason(error)}") from None
    try:
        with handle:
            handle.write(text)
    except OSError as error:
        os.remove(path)  # no half-written post
        raise UsageError(f"cannot write {shown(path)}: {_reason(error)}") from None
    return True


def _reason(error: OSError) -> str:
    return error.strerror or errno.errorcode.get(error.errno or 0, str(error))


def _words(values: Sequence[str] | None) -> list[str]:
    return [" ".join(value.split()) for value in values or () if value.strip()]


def new_post(args: argparse.Namespace) -> int:
    """Run ``new``: write the post and print its path (exit 1 if it exists)."""
    title = " ".join(_as_text("the title", args.title).split())
    if not title:
        raise UsageError("the title is empty")
    for option in ("category", "tag"):
        for value in getattr(args, option) or ():
            _as_text(f"a --{option}", value)
    _as_text("the location", args.location or "")
    settings_file = settings_path(args.settings)
    if settings_file:
        settings, _ = load_settings(settings_file, None)
    else:
        settings = DEFAULT_CONFIG
    folder = args.dir or (settings["PATH"] if settings_file else DEFAULT_CONTENT)
    if not os.path.isdir(folder):
        raise UsageError(f"no folder {folder}; create it or give --dir")
    slug = slug_of(title, settings)
    if not slug:
        raise UsageError(f"the title '{title}' gives no file name; use some letters")
    length, longest = len(os.fsencode(slug + OUTPUT_SUFFIX)), _name_max(folder)
    if length > longest:
        raise UsageError(
            f"the title makes a file name {slug[:20]}...{OUTPUT_SUFFIX} of {length} "
            f"bytes, longer than the {longest} a file name may have; shorten it"
        )
    text = front_matter(
        title,
        _today(settings),
        _words(args.category),
        _words(args.tag),
        " ".join((args.location or "").split()),
    )
    path = os.path.join(folder, f"{slug}.md")
    if not _write_new(path, text + "\n"):
        print(f"{shown(path)} already exists; not overwriting it", file=sys.stderr)
        return 1
    print(shown(path))
    return 0
