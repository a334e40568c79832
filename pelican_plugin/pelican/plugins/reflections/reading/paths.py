"""Paths from front matter: a ``slug``, ``save_as``, ``url``, ``path`` or
``lang`` stays in the site.

Pelican writes a post to ``OUTPUT_PATH`` joined with its ``save_as`` (made from
its slug), and checks the result only by prefix, so ``../output-evil/x`` was
written next to ``output/``. These kinds refuse a path that climbs out (``..``
parts), a drive, and, for what is written, a leading ``/``; a ``save_as`` part
longer than a file name; and a ``lang`` (written into file names as it is) that
holds ``/`` or ``\\``, is only dots, or is longer than a language code.
"""

from __future__ import annotations

import re

from ..problems import Refused
from .frontmatter import Entry
from .values import Reading, text

__all__ = [
    "NAME_BYTES",
    "checked",
    "inside_output",
    "language",
    "output_path",
    "save_path",
    "site_path",
]

_DRIVE = re.compile(r"[A-Za-z]:")
# The longest file name most file systems hold, in bytes.
NAME_BYTES = 255
# A language code (``en``, ``pt-BR``, ``zh-Hant-TW``) is short; Pelican writes it
# into file names as it is (``{slug}-{lang}.html``, ``feeds/all-{lang}.atom.xml``).
_LANG_CHARS = 64


def inside_output(path: str, rooted_ok: bool) -> str:
    """``path`` when it stays inside the output folder (``rooted_ok``: it may
    start with ``/``, at the site's root); else ``Refused``."""
    parts = path.replace("\\", "/").split("/")
    rooted = path.startswith(("/", "\\")) and not rooted_ok
    if rooted or ".." in parts or _DRIVE.match(path):
        raise Refused(
            f"'{path}' would leave the output folder; write a path inside it "
            "(no '..' parts, no leading '/')"
        )
    return path


def output_path(entry: Entry, reading: Reading) -> str:
    """A slug or ``save_as``: a path that stays inside the output folder."""
    return inside_output(text(entry, reading), rooted_ok=False)


def site_path(entry: Entry, reading: Reading) -> str:
    """A ``url``: like ``output_path``, and it may start at the site's root."""
    return inside_output(text(entry, reading), rooted_ok=True)


def short_enough(path: str) -> str:
    """``path`` when each of its parts fits in a file name; else ``Refused``."""
    for part in path.replace("\\", "/").split("/"):
        size = len(part.encode("utf-8", "surrogatepass"))
        if size > NAME_BYTES:
            raise Refused(
                f"'{part[:40]}...' is {size} bytes, longer than a file name can be "
                f"({NAME_BYTES} bytes); write a shorter one"
            )
    return path


def save_path(entry: Entry, reading: Reading) -> str:
    """A ``save_as``: inside the output folder, each part a possible file name."""
    return short_enough(output_path(entry, reading))


def lang_code(value: str) -> str:
    """``value`` when it can be part of a file name; else ``Refused``."""
    if any(mark in value for mark in "/\\") or value.strip(".") == "":
        raise Refused(
            f"'{value}' is not a language code (like en or pt-BR); Pelican puts it "
            "in file names, where it would leave its folder"
        )
    if len(value) > _LANG_CHARS:
        raise Refused(
            f"'{value[:40]}...' is not a language code (like en or pt-BR): "
            f"{len(value)} characters, at most {_LANG_CHARS}"
        )
    return value


def language(entry: Entry, reading: Reading) -> str:
    """A ``lang``: a language code, which Pelican writes into file names."""
    return lang_code(text(entry, reading))


def checked(name: str, value: str) -> str:
    """``value`` of path field ``name`` (``slug``, ``save_as``, ``url``, ``path``,
    ``lang``) when it is safe to write; else ``Refused``."""
    if name == "lang":
        return lang_code(value)
    found = inside_output(value, rooted_ok=name == "url")
    return short_enough(found) if name == "save_as" else found
