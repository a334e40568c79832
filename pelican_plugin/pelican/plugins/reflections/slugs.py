"""Two posts with one slug: the later takes its own name before Pelican writes.

Pelican names a post after its title, so two posts with one title get one slug:
it then groups them as translations of each other and stops with
``FileOverwriteFailedError`` when it writes the second. Jekyll and Hugo name a
page after its file (or a bundle's folder), so blogs moved from them never met
this. Among articles (or pages) of one language and status, the earliest post
(by date, then path) keeps the slug and each later one takes the slug of its
file name, with one warning naming both files. ``check`` reports the same.

The build learns every slug before it reads a file: ``claim_slugs`` reads the
headers once at the generator's start (Markdown bodies are not rendered, stock
files without a YAML header are left to Pelican), and ``rename`` applies the
result to each post as Pelican makes it (``content_object_init``).
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.readers import Readers
from pelican.utils import posixize_path

from . import pelican_api
from .bundles import is_bundle, own_name, slug_of
from .problems import Problem, report
from .reader import MarkdownReader

__all__ = ["Claim", "Rename", "claim", "connect", "renames"]

CONTEXT_KEY = "reflections_slug_renames"


@dataclass(frozen=True)
class Claim:
    """A post's claim to a slug."""

    path: str  # absolute source path
    shown: str  # the path in messages
    group: tuple[str, bool, str]  # kind, draft, lang: posts that can collide
    slug: str
    published: float  # the earlier post keeps the slug
    own_slug: str  # the slug of its file name (its folder's, for a bundle)
    own_is_folder: bool


@dataclass(frozen=True)
class Rename:
    """A later post's new slug, and the post that keeps the old one."""

    slug: str
    problem: Problem


def claim(content: Content, shown: str) -> Claim | None:
    """What ``content`` claims, or None when it has no slug."""
    slug = getattr(content, "slug", None)
    if not slug or not content.source_path:
        return None
    settings = content.settings
    base = settings.get("PATH", "")
    relative = os.path.relpath(content.source_path, base)
    date = getattr(content, "date", None)
    return Claim(
        path=content.source_path,
        shown=shown,
        group=(type(content).__name__, content.status == "draft", content.lang),
        slug=slug,
        published=date.timestamp() if date else math.inf,
        own_slug=slug_of(own_name(relative, base), settings),
        own_is_folder=is_bundle(relative, base),
    )


def renames(claims: Iterable[Claim]) -> dict[str, Rename]:
    """Each later post of a shared slug, by source path, with its new slug."""
    taken: dict[tuple[Any, ...], Claim] = {}
    found: dict[str, Rename] = {}
    for post in sorted(claims, key=lambda c: (c.published, c.path)):
        first = taken.setdefault((*post.group, post.slug), post)
        if first is post:
            continue
        new, number = post.own_slug, 2
        while (*post.group, new) in taken:
            new, number = f"{post.own_slug}-{number}", number + 1
        taken[(*post.group, new)] = post
        name = "its folder's name" if post.own_is_folder else "its file name"
        message = (
            f"'{post.slug}' is also the slug of {first.shown}, an earlier post; "
            f"this one takes '{new}' from {name}"
        )
        problem = Problem(post.shown, None, logging.WARNING, "slug", message)
        found[post.path] = Rename(new, problem)
    return found


def _read_quietly(generator: Any, content_class: type[Content]) -> list[Claim]:
    """Every Markdown post's claim, read once without rendering or logging."""

    settings = generator.settings
    readers = Readers(settings)  # no cache: it must not hold body-less reads
    extensions = []
    for extension, reader in list(readers.readers.items()):
        if isinstance(reader, MarkdownReader):
            quiet = MarkdownReader(settings)
            quiet.render_body = quiet.report = quiet.read_stock = False
            readers.readers[extension] = quiet
            extensions.append(extension)
    kind = "ARTICLE" if content_class is Article else "PAGE"
    files = generator.get_files(
        settings[f"{kind}_PATHS"],
        exclude=settings[f"{kind}_EXCLUDES"],
        extensions=extensions,
    )
    claims = []
    base = settings.get("PATH", "")
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        for path in files:
            try:
                content = readers.read_file(
                    generator.path, path, content_class=content_class
                )
            except Exception:  # the real read reports it
                continue
            if isinstance(content, content_class):
                shown = posixize_path(os.path.relpath(content.source_path, base))
                found = claim(content, shown)
                if found:
                    claims.append(found)
    finally:
        logging.disable(previous)
    return claims


def claim_slugs(generator: Any) -> None:
    """``article_generator_init``/``page_generator_init``: settle shared slugs."""
    content_class = Article if hasattr(generator, "drafts") else Page
    found = renames(_read_quietly(generator, content_class))
    generator.context.setdefault(CONTEXT_KEY, {}).update(found)


def rename(content: Content) -> None:
    """``content_object_init``: give a later post of a shared slug its new one."""
    context = pelican_api.context_of(content)
    found = (context or {}).get(CONTEXT_KEY, {}).get(content.source_path)
    if found is None or getattr(content, "slug", None) == found.slug:
        return
    content.slug = content.metadata["slug"] = found.slug
    report([found.problem])


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.article_generator_init.connect(claim_slugs)
    signals.page_generator_init.connect(claim_slugs)
    signals.content_object_init.connect(rename)
