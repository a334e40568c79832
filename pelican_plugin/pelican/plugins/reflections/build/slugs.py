"""Two posts with one slug: the later takes its own name before Pelican writes.

Pelican names a post after its title, so two posts with one title get one slug:
it then groups them as translations of each other and stops with
``FileOverwriteFailedError`` when it writes the second. Jekyll and Hugo name a
page after its file (or a bundle's folder), so blogs moved from them never met
this. Among articles (or pages) of one language and status that would be
written to one file, the earliest post (by date, then path) keeps the slug and
each later one takes the slug of its file name, with one warning naming both
files. ``check`` reports the same. (Posts that give one slug but are saved
apart, by a date in ``ARTICLE_SAVE_AS``, are left alone; ``check`` names them.)

In a build, each post registers its slug as Pelican makes it; every post is
made before Pelican groups translations or writes. Posts Pelican takes whole
from its content cache with ``CONTENT_CACHING_LAYER = "generator"`` are not
made again, so they keep the slug they were given when they were read.
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
from pelican.utils import posixize_path

from ..reading import names
from .. import pelican_api
from ..reading.bundles import is_bundle, own_name, slug_of
from ..problems import Problem, report

__all__ = ["Claim", "Registry", "Rename", "claim", "connect", "renames"]

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
    save_as: str  # posts that share a slug but are saved apart are left alone


@dataclass(frozen=True)
class Rename:
    """A later post's new slug (in its group), and the warning that says so."""

    group: tuple[str, bool, str]
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
        save_as=content.save_as,
    )


def renames(
    claims: Iterable[Claim], taken: Iterable[tuple[Any, ...]] = ()
) -> dict[str, Rename]:
    """Each later post of a shared slug, by source path, with its new slug.

    ``taken``: (kind, draft, lang, slug) already used by posts not in ``claims``.
    """
    used: set[tuple[Any, ...]] = set(taken)
    first_of: dict[tuple[Any, ...], Claim] = {}
    found: dict[str, Rename] = {}
    for post in sorted(claims, key=lambda c: (c.published, c.path)):
        first = first_of.setdefault((*post.group, post.slug), post)
        if first is post or first.save_as != post.save_as:
            used.add((*post.group, post.slug))
            continue
        new, number = post.own_slug, 2
        while (*post.group, new) in used or (*post.group, new) in first_of:
            new, number = f"{post.own_slug}-{number}", number + 1
        used.add((*post.group, new))
        name = "its folder's name" if post.own_is_folder else "its file name"
        message = (
            f"'{post.slug}' is also the slug of {first.shown}, an earlier post; "
            f"this one takes '{new}' from {name}"
        )
        problem = Problem(post.shown, None, logging.WARNING, "slug", message)
        found[post.path] = Rename(post.group, new, problem)
    return found


class Registry:
    """One build's slugs, as Pelican makes its posts (``content_object_init``).

    When a post claims a slug another post of its kind, status and language has,
    the claimants are settled again: the earliest keeps it, the others take
    their own names. Every post is made before Pelican groups translations or
    writes, so the changed slugs are in place before either.
    """

    def __init__(self) -> None:
        self.claimants: dict[tuple[Any, ...], list[Content]] = {}
        self.renamed: dict[str, Rename] = {}

    def add(self, content: Content) -> None:
        """Register ``content``; settle its slug with the others that share it."""
        slug = getattr(content, "slug", None)
        if not slug:
            return
        group = (type(content).__name__, content.status == "draft", content.lang)
        key = (*group, slug)
        claimants = self.claimants.setdefault(key, [])
        claimants.append(content)
        if len(claimants) > 1:
            self._settle(key, claimants)

    def _settle(self, key: tuple[Any, ...], claimants: list[Content]) -> None:
        """Settle slug ``key`` among the posts that claim it. Their claims are made
        only now: reading a post's ``save_as`` costs, and can fail on odd metadata
        (Pelican then reports what is wrong with the post)."""
        base = claimants[0].settings["PATH"]
        claims = []
        for content in claimants:
            shown = posixize_path(os.path.relpath(content.source_path, base))
            content.slug = key[-1]  # where it would be saved with the shared slug
            try:
                found = claim(content, shown)
            except Exception:
                continue
            if found is not None:
                claims.append((found, content))
        paths = {found.path for found, _ in claims}
        taken = {other for other in self.claimants if other != key}
        taken |= {
            (*rename.group, rename.slug)
            for path, rename in self.renamed.items()
            if path not in paths
        }
        settled = renames([found for found, _ in claims], taken)
        for found, content in claims:
            rename = settled.get(found.path)
            slug = rename.slug if rename else found.slug
            content.slug = slug
            if rename:
                content.metadata["slug"] = slug
                self.renamed[found.path] = rename
            elif self.renamed.pop(found.path, None):
                content.metadata["slug"] = slug  # renamed before, restored now

    def report(self, *_: Any) -> None:
        """Log each rename once, when every post of the kind is made."""
        report(rename.problem for rename in self.renamed.values())
        self.renamed.clear()


def _registry(content: Content) -> Registry | None:
    context = pelican_api.context_of(content)
    if context is None:
        return None  # made outside a build (``check`` settles its own)
    found = context.get(CONTEXT_KEY)
    if not isinstance(found, Registry):
        found = context[CONTEXT_KEY] = Registry()
    return found


def on_content_object_init(content: Content) -> None:
    """``content_object_init``: make its names safe file names (``names``), then
    register the post's slug with its build."""
    if isinstance(content, (Article, Page)) and content.source_path:
        report(names.settle(content, names.shown_path(content)))
        registry = _registry(content)
        if registry is not None:
            registry.add(content)


def on_generator_done(generator: Any) -> None:
    """``article_generator_pretaxonomy``/``page_generator_finalized``: report."""
    found = generator.context.get(CONTEXT_KEY)
    if isinstance(found, Registry):
        found.report()


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.content_object_init.connect(on_content_object_init)
    signals.article_generator_pretaxonomy.connect(on_generator_done)
    signals.page_generator_finalized.connect(on_generator_done)
