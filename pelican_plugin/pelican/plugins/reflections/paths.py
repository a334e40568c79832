"""Paths from front matter: a ``slug``, ``save_as`` or ``url`` stays in the site.

Pelican writes a post to ``OUTPUT_PATH`` joined with its ``save_as`` (made from
its slug), and checks the result only by prefix, so ``../output-evil/x`` was
written next to ``output/``. These kinds refuse a path that climbs out (``..``
parts), a drive, and, for what is written, a leading ``/``.
"""

from __future__ import annotations

import re

from .frontmatter import Entry
from .problems import Refused
from .values import Reading, text

__all__ = ["inside_output", "output_path", "site_path"]

_DRIVE = re.compile(r"[A-Za-z]:")


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
