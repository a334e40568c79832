"""What ``check`` finds besides what a build logs, post by post and across posts.

One post: Pelican's own checks that make a build skip a file (a date it cannot
compare, a missing title, an unknown status); keys other site generators use are
in ``foreign_keys``. Across posts: two posts that share a title, and translations
with no original.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, replace
from typing import Any

from pelican.contents import Content, Page

from ..build.slugs import Claim, claim, renames
from ..problems import Problem

__all__ = ["Post", "all_translations", "duplicates", "validate"]


@dataclass(frozen=True)
class Post:
    """A post that a build would publish, for the checks across posts."""

    claim: Claim
    slug_line: int
    title: str
    title_line: int
    translation: bool = False
    translation_line: int = 1
    translation_id: tuple[Any, ...] = ()


def _bad_dates(content: Content, path: str, lines: dict[str, int]) -> list[Problem]:
    """Dates with a UTC offset Python cannot use (``+25:00``): the build stops on
    them when it sorts posts."""
    problems = []
    for name, value in content.metadata.items():
        if not isinstance(value, datetime.datetime):
            continue
        try:
            value.utcoffset()
        except ValueError:
            problems.append(
                Problem(
                    path,
                    lines.get(name, 1),
                    logging.ERROR,
                    name,
                    f"{_as_written(value)} has a UTC offset of 24 hours or more; "
                    "offsets run from -23:59 to +23:59 (Pelican's build stops on it)",
                )
            )
    return problems


def _as_written(value: datetime.datetime) -> str:
    """A date whose offset Python refuses, quoted as ISO 8601."""
    offset = value.tzinfo.utcoffset(None) if value.tzinfo else None  # unchecked
    if not isinstance(offset, datetime.timedelta):
        return "the date"
    minutes = int(offset.total_seconds()) // 60
    sign, minutes = ("-", -minutes) if minutes < 0 else ("+", minutes)
    written = value.replace(tzinfo=None).isoformat()
    return f"'{written}{sign}{minutes // 60:02d}:{minutes % 60:02d}'"


def validate(
    content: Content,
    path: str,
    lines: dict[str, int],
    settings: dict[str, Any],
    problems: list[Problem],
) -> Post | None:
    """Pelican's own checks (the ones that make a build skip a file)."""
    kind = type(content).__name__.lower()
    bad_dates = _bad_dates(content, path, lines)
    problems += bad_dates
    valid = not bad_dates
    for name in content.mandatory_properties:
        if not hasattr(content, name):
            problems.append(
                Problem(
                    path,
                    lines.get(name, 1),
                    logging.ERROR,
                    name,
                    f"missing; Pelican skips {kind}s without one",
                )
            )
            valid = False
    allowed = getattr(content, "allowed_statuses", ())
    if allowed and content.status not in allowed:
        choices = ", ".join(s for s in allowed if s != "skip")
        problems.append(
            Problem(
                path,
                lines.get("status", 1),
                logging.ERROR,
                "status",
                f"'{content.status}' is not one of {choices}",
            )
        )
        valid = False
    found = claim(content, path) if valid else None
    if found is None:
        return None
    title_line = lines.get("title", 1)
    by_title = settings["SLUGIFY_SOURCE"] == "title"
    return Post(
        claim=found,
        slug_line=lines.get("slug", title_line if by_title else 1),
        title=_text(content.title),
        title_line=title_line,
        translation=str(content.metadata.get("translation", "false")).lower()
        != "false",
        translation_line=lines.get("translation", 1),
        translation_id=_translation_id(content, settings),
    )


def _translation_id(content: Content, settings: dict[str, Any]) -> tuple[Any, ...]:
    """What Pelican groups translations by (``ARTICLE_TRANSLATION_ID``, by slug),
    with the kind and status of post it groups among; () when it does not."""
    kind = "PAGE" if isinstance(content, Page) else "ARTICLE"
    names_ = settings.get(f"{kind}_TRANSLATION_ID", "slug")
    if not names_:
        return ()
    names_ = [names_] if isinstance(names_, str) else list(names_)
    values = tuple(str(getattr(content, name, "")) for name in names_)
    return (kind, content.status == "draft", *values)


def all_translations(posts: list[Post]) -> list[Problem]:
    """Posts that all say ``translation`` with none to translate: Pelican warns
    while it generates, then publishes them as originals."""
    groups: dict[tuple[Any, ...], list[Post]] = {}
    for post in posts:
        if post.translation_id:
            groups.setdefault(post.translation_id, []).append(post)
    problems = []
    for group in groups.values():
        if not all(post.translation for post in group):
            continue
        for post in group:
            message = (
                f"says it is a translation, but no post with the slug "
                f"'{post.claim.slug}' is the original; Pelican publishes it as one"
            )
            problems.append(
                Problem(
                    post.claim.shown,
                    post.translation_line,
                    logging.WARNING,
                    "translation",
                    message,
                )
            )
    return problems


def _text(value: Any) -> str:
    """A metadata value as text (a stock header's repeated key gives a list)."""
    if isinstance(value, (list, tuple)):
        return " ".join(str(item) for item in value)
    return str(value)


def duplicates(posts: list[Post]) -> list[Problem]:
    """Posts that share a slug (the later is renamed, as in a build, unless they
    are saved apart: a warning) or a title (a warning) with an earlier post,
    among articles or pages of a language."""
    by_path = {post.claim.path: post for post in posts}
    problems = [
        replace(found.problem, line=by_path[path].slug_line)
        for path, found in renames(post.claim for post in posts).items()
    ]
    first_slug: dict[tuple[Any, ...], Post] = {}
    first_title: dict[tuple[Any, ...], Post] = {}
    for post in sorted(posts, key=lambda p: (p.claim.published, p.claim.path)):
        seen = first_slug.setdefault((*post.claim.group, post.claim.slug), post)
        if seen is not post and seen.claim.save_as != post.claim.save_as:
            problems.append(
                Problem(
                    post.claim.shown,
                    post.slug_line,
                    logging.WARNING,
                    "slug",
                    f"'{post.claim.slug}' is also the slug of {seen.claim.shown}:"
                    f"{seen.slug_line} (saved apart, but Pelican lists them as "
                    "translations of each other)",
                )
            )
        title = " ".join(post.title.split()).casefold()
        same = first_title.setdefault((*post.claim.group, title), post)
        if same is not post and same.claim.slug != post.claim.slug:
            problems.append(
                Problem(
                    post.claim.shown,
                    post.title_line,
                    logging.WARNING,
                    "title",
                    f"'{post.title}' is also the title of {same.claim.shown}:"
                    f"{same.title_line}",
                )
            )
    return problems
