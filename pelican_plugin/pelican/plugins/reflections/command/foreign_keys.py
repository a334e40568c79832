"""Keys other site generators use for a date, an update date or a cover.

``check`` names each one a post uses that the field table does not map, with the
``REFLECTIONS_ALIASES`` line that would map it.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from typing import Any

from ..problems import Problem, Refused
from ..reading import frontmatter
from ..settings import ReflectionsSettings

__all__ = ["alias_hints"]


# Keys other site generators use for a date, an update date or a cover, which
# the field table (``fields.FIELDS``) does not map: Hugo, Jekyll and its themes,
# Gatsby, Eleventy, Docusaurus, Ghost, Hexo, Astro, Nuxt Content, dev.to, Hashnode.
# Normalised as ``fields`` does (case, "_", "-" and spaces ignored).
_FOREIGN_KEYS: dict[str, str] = {
    **dict.fromkeys(
        (
            "postedon",
            "postedat",
            "posted",
            "postdate",
            "publishedat",
            "publishedon",
            "publicationdate",
            "datepublished",
            "created",
            "createdat",
            "createdon",
            "datecreated",
            "creationdate",
        ),
        "date",
    ),
    **dict.fromkeys(
        (
            "updatedat",
            "updatedon",
            "updatedate",
            "lastupdated",
            "lastupdate",
            "lastmodified",
            "datemodified",
            "modifiedat",
            "modifieddate",
            "editedat",
        ),
        "updatedDate",
    ),
    **dict.fromkeys(
        (
            "banner",
            "bannerimage",
            "bannerimg",
            "thumbnail",
            "thumbnailimg",
            "thumb",
            "featureimage",
            "featureimg",
            "featuredimg",
            "coverimg",
            "coverphoto",
            "hero",
            "heroimg",
            "headerimage",
            "headerimg",
            "topimg",
            "indeximg",
            "mainimage",
            "ogimage",
            "socialimage",
            "shareimg",
            "shareimage",
            "teaser",
            "img",
        ),
        "coverImage",
    ),
}


_MEANING = {
    "date": "the post's date",
    "updatedDate": "its update date",
    "coverImage": "its cover image",
}


def _normalised(key: str) -> str:
    return re.sub(r"[-_ ]", "", key.lower())


def alias_hints(
    full_path: str,
    path: str,
    found_lines: dict[str, int],
    metadata: dict[str, Any],
    options: ReflectionsSettings,
) -> list[Problem]:
    """A note for each key another generator uses for a date or a cover that is
    read as plain metadata, with the ``REFLECTIONS_ALIASES`` line that maps it.

    ``found_lines`` maps the fields given to their lines, other keys lower-cased
    (as ``metadata`` has them).
    """
    hints = []
    for key, line in found_lines.items():
        target = _FOREIGN_KEYS.get(_normalised(key))
        if target is None or target in found_lines or _normalised(key) in options.keys:
            continue  # not one, already given, or kept by the site's aliases
        kinds = (str, dict, list) if target == "coverImage" else (str, datetime.date)
        if not isinstance(metadata.get(key), kinds):
            continue  # empty, or a flag, a number or a mapping: something else
        written = _written_key(full_path, line) or key
        aliases = {**options.aliases, written: target}
        setting = ", ".join(
            f"{json.dumps(a, ensure_ascii=False)}: {json.dumps(t)}"
            for a, t in aliases.items()
        )
        message = (
            f"kept as plain metadata, not read as {_MEANING[target]}; to read it so, "
            f"set REFLECTIONS_ALIASES = {{{setting}}}"
        )
        hints.append(Problem(path, line, logging.INFO, written, message))
    return hints


def _written_key(full_path: str, line: int) -> str | None:
    """The key at ``line`` of a file's front matter, as its author wrote it."""
    try:
        header, _, _ = frontmatter.split(frontmatter.read_text(full_path))
    except (Refused, OSError, ValueError):
        return None
    return next((entry.key for entry in header.values() if entry.line == line), None)
